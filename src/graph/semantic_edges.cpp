// Semantic edges: the relations checks ask about, resolved once. A link may be written
// as a Ref, a GetAtt, a Sub, a Join, or a literal name or ARN that matches a name the
// template sets; every form is reduced to one canonical text (a Fn::Sub template) so
// that all of them compare the same way. A link that matches nothing, or matches more
// than one resource, produces no edge.
#include <algorithm>
#include <array>
#include <functional>
#include <optional>
#include <string>

#include "eval/intrinsics.h"
#include "graph/builder.h"
#include "model/text_hash.h"

namespace cfn {

namespace {

// Whether a name key holds a ${Resource.Attribute}: an ARN or an address, where a log
// group's name needs the function's name (its Ref).
bool reads_an_attribute(std::string_view key) {
  auto names = intrinsics::sub_variable_names(key);
  return std::any_of(names.begin(), names.end(), [](std::string_view name) { return name.find('.') != std::string_view::npos; });
}

// ---------------------------------------------------------------------------------
// ARNs and URLs that carry a name: the name part, as canonical text.

enum class Shape : uint8_t { None, Role, Function, LogGroup, ManagedPolicy, QueueUrl };

// Position of `ch` outside `${...}` (pseudo parameters hold colons), or npos.
size_t find_outside_variables(std::string_view text, char ch) {
  int depth = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') ++depth;
    if (text[i] == '}' && depth > 0) --depth;
    if (text[i] == ch && depth == 0) return i;
  }
  return std::string_view::npos;
}

std::string_view after_last_slash(std::string_view text) {
  size_t slash = text.rfind('/');
  return slash == std::string_view::npos ? text : text.substr(slash + 1);
}

std::optional<std::string> name_in(std::string_view key, Shape shape) {
  auto after = [&](std::string_view marker) -> std::optional<std::string_view> {
    size_t at = key.find(marker);
    if (at == std::string_view::npos) return std::nullopt;
    return key.substr(at + marker.size());
  };
  std::optional<std::string_view> rest;
  switch (shape) {
    case Shape::None: return std::nullopt;
    case Shape::Role:  // arn:aws:iam::123:role/path/name
      if ((rest = after(":role/"))) return std::string(after_last_slash(*rest));
      return std::nullopt;
    case Shape::ManagedPolicy:
      if ((rest = after(":policy/"))) return std::string(after_last_slash(*rest));
      return std::nullopt;
    case Shape::Function:  // arn:aws:lambda:region:123:function:name[:qualifier]
    case Shape::LogGroup:  // arn:aws:logs:region:123:log-group:name[:*]
      if ((rest = after(shape == Shape::Function ? ":function:" : ":log-group:")))
        return std::string(rest->substr(0, find_outside_variables(*rest, ':')));
      return std::nullopt;
    case Shape::QueueUrl:  // https://sqs.region.amazonaws.com/123/name
      if (key.rfind("https://", 0) == 0) return std::string(after_last_slash(key));
      return std::nullopt;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------
// Which resource a canonical text names, per family of resource types.

enum Family : uint8_t {
  Roles, Functions, FunctionTargets, LogGroups, ManagedPolicies, Buckets, Queues, Topics, Apis,
  Domains, kFamilyCount
};

struct FamilySpec {
  std::vector<std::string_view> types;
  std::vector<std::string_view> name_properties;  // literal names the template may set
  std::vector<std::string_view> attributes;       // GetAtt attributes that identify it
  Shape shape = Shape::None;
};

const std::array<FamilySpec, kFamilyCount>& family_specs() {
  static const std::array<FamilySpec, kFamilyCount> specs = {{
      {{"AWS::IAM::Role"}, {"RoleName"}, {"Arn", "RoleId"}, Shape::Role},
      {{"AWS::Lambda::Function", "AWS::Serverless::Function"}, {"FunctionName"}, {"Arn"}, Shape::Function},
      // Functions, plus aliases and versions standing for the function behind them.
      {{"AWS::Lambda::Function", "AWS::Serverless::Function"}, {"FunctionName"}, {"Arn"}, Shape::Function},
      {{"AWS::Logs::LogGroup"}, {"LogGroupName"}, {"Arn"}, Shape::LogGroup},
      {{"AWS::IAM::ManagedPolicy"}, {"ManagedPolicyName"}, {"PolicyArn"}, Shape::ManagedPolicy},
      {{"AWS::S3::Bucket"}, {"BucketName"}, {}, Shape::None},
      {{"AWS::SQS::Queue"}, {"QueueName"}, {"Arn", "QueueUrl"}, Shape::QueueUrl},
      {{"AWS::SNS::Topic"}, {}, {"TopicArn"}, Shape::None},
      {{"AWS::ApiGateway::RestApi", "AWS::ApiGatewayV2::Api", "AWS::Serverless::Api",
        "AWS::Serverless::HttpApi"}, {}, {"RestApiId", "ApiId"}, Shape::None},
      {{"AWS::ApiGateway::DomainName", "AWS::ApiGatewayV2::DomainName", "AWS::ApiGateway::DomainNameV2"},
       {"DomainName"}, {"DomainNameArn"}, Shape::None},
  }};
  return specs;
}

bool listed(const std::vector<std::string_view>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// The resources of one family by the canonical texts that name them. Every member is
// named by its own "${Id}" and "${Id.Attribute}": those are answered from the template's
// index instead of being stored (they were most of the keys, each a string and a map
// node per resource). Stored are the other names: literal names a member sets, and
// aliases. A text that names two resources names neither.
class NameIndex {
 public:
  NameIndex(const Template& tmpl, const FamilySpec& spec) : tmpl_(tmpl), spec_(spec) {}

  void add(std::string key, const Resource* resource) {
    auto [it, inserted] = keys_.emplace(std::move(key), resource);
    if (!inserted && it->second != resource) it->second = nullptr;
  }

  const Resource* find(std::string_view key) const {
    const Resource* own = member_named_by_reference(key);
    auto it = keys_.find(key);
    if (it == keys_.end()) return own;
    if (!own || it->second == own) return it->second;
    return nullptr;  // also a name another resource sets
  }

 private:
  // "${Id}" or "${Id.Attribute}" of a member (Attribute one that identifies it).
  const Resource* member_named_by_reference(std::string_view key) const {
    if (key.size() < 4 || !key.starts_with("${") || !key.ends_with("}")) return nullptr;
    std::string_view variable = key.substr(2, key.size() - 3);
    size_t dot = variable.find('.');
    std::string_view id = variable.substr(0, dot);
    const Resource* resource = tmpl_.resource(id);
    if (!resource || !listed(spec_.types, resource->type)) return nullptr;
    if (dot != std::string_view::npos && !listed(spec_.attributes, variable.substr(dot + 1))) return nullptr;
    return resource;
  }

  const Template& tmpl_;
  const FamilySpec& spec_;
  TextMap<const Resource*> keys_;
};

// A name the resource sets. One set with Fn::If names it by either branch, as a link's
// Fn::If names what either branch names (resolve_into): a role named !If [C, a, b] is the
// role a policy's Roles: [!If [C, a, b]] attaches to, whatever C is. A link taken to hold
// under a condition that might not pick it can only keep a finding away, never make one
// about a companion that is missing.
void add_names(NameIndex& index, const Value& name, const Resource* resource) {
  const Value::Entry* call = name.intrinsic();
  if (call && call->key == "Fn::If" && call->value.is_sequence()) {
    const auto& branches = call->value.items();
    for (size_t i = 1; i < branches.size() && i < 3; ++i) add_names(index, branches[i], resource);
    return;
  }
  if (auto key = intrinsics::canonical_text(name)) index.add(*key, resource);
}

// What a link's value names in one family; Fn::If names what either branch names.
void resolve_into(const Value& value, const NameIndex& index, Shape shape,
                  std::vector<const Resource*>& found) {
  const Value::Entry* call = value.intrinsic();
  if (call && call->key == "Fn::If") {
    const auto& items = call->value.items();
    for (size_t i = 1; i < items.size(); ++i) resolve_into(items[i], index, shape, found);
    return;
  }
  auto key = intrinsics::canonical_text(value);
  if (!key) return;
  const Resource* resource = index.find(*key);
  if (!resource) {
    if (auto name = name_in(*key, shape)) resource = index.find(*name);
  }
  if (resource && std::find(found.begin(), found.end(), resource) == found.end())
    found.push_back(resource);
}

// Values at a property path of a resource: "Roles[]" is every item of Roles,
// "LoggingConfig.LogGroup" a nested property. The callback gets each value and its path.
using Visit = std::function<void(const Value& value, const std::string& path)>;

// `path` holds the path of `at`; each step is appended to it and cut off again, as in the
// reference walk: most links are looked for on resources that do not write them, and a
// string per step was most of what looking cost.
void visit_path(const Value& at, std::string_view spec, std::string& path, const Visit& visit) {
  if (spec.empty()) return visit(at, path);
  const size_t mark = path.size();
  // A Fn::If on the way (LoggingConfiguration: !If [C, {...}, !Ref AWS::NoValue]): either
  // branch may hold the rest of the path. At the end of the path the callers read an If.
  const Value::Entry* call = at.intrinsic();
  if (call && call->key == "Fn::If" && call->value.is_sequence()) {
    const auto& arguments = call->value.items();
    for (size_t i = 1; i < arguments.size() && i < 3; ++i) {
      path += ".Fn::If";
      append_index(path, i);
      visit_path(arguments[i], spec, path, visit);
      path.resize(mark);
    }
    return;
  }
  size_t dot = spec.find('.');
  std::string_view step = spec.substr(0, dot);
  std::string_view rest = dot == std::string_view::npos ? "" : spec.substr(dot + 1);
  bool each = step.ends_with("[]");
  if (each) step.remove_suffix(2);
  const Value* child = at.find(step);
  if (!child) return;
  path += '.';
  path += step;
  if (!each) {
    visit_path(*child, rest, path, visit);
  } else {
    const size_t child_mark = path.size();
    for (size_t i = 0; i < child->items().size(); ++i) {
      append_index(path, i);
      visit_path(child->items()[i], rest, path, visit);
      path.resize(child_mark);
    }
  }
  path.resize(mark);
}

void visit_property(const Resource& resource, std::string_view spec, const Visit& visit) {
  if (!resource.properties) return;
  // Most resources of a holder type do not write the property: no path is made for them.
  std::string_view first = spec.substr(0, spec.find_first_of(".["));
  if (!resource.properties->intrinsic() && !resource.properties->find(first)) return;
  std::string path = resource.path();
  path += ".Properties";
  visit_path(*resource.properties, spec, path, visit);
}

// A link written on `holder`. Backward: the value names the subject and the edge goes
// subject -> holder (a permission names its function). Forward: holder is the subject
// (a function names its role).
enum class Direction : uint8_t { Backward, Forward };

struct LinkSpec {
  std::string_view holder_type;
  std::string_view property;
  EdgeKind kind;
  Family family;
  Direction direction;
};

constexpr auto kBack = Direction::Backward;
constexpr auto kForth = Direction::Forward;

constexpr std::array kLinks = {
    LinkSpec{"AWS::IAM::Policy", "Roles[]", EdgeKind::AttachedPolicy, Roles, kBack},
    LinkSpec{"AWS::IAM::ManagedPolicy", "Roles[]", EdgeKind::AttachedPolicy, Roles, kBack},
    LinkSpec{"AWS::IAM::RolePolicy", "RoleName", EdgeKind::AttachedPolicy, Roles, kBack},
    LinkSpec{"AWS::IAM::Role", "ManagedPolicyArns[]", EdgeKind::AttachedPolicy, ManagedPolicies, kForth},
    LinkSpec{"AWS::Lambda::Function", "Role", EdgeKind::ExecutionRole, Roles, kForth},
    LinkSpec{"AWS::Serverless::Function", "Role", EdgeKind::ExecutionRole, Roles, kForth},
    LinkSpec{"AWS::Lambda::Function", "LoggingConfig.LogGroup", EdgeKind::LogGroup, LogGroups, kForth},
    LinkSpec{"AWS::Serverless::Function", "LoggingConfig.LogGroup", EdgeKind::LogGroup, LogGroups, kForth},
    LinkSpec{"AWS::Lambda::Permission", "FunctionName", EdgeKind::Permission, FunctionTargets, kBack},
    LinkSpec{"AWS::Lambda::EventSourceMapping", "FunctionName", EdgeKind::EventSourceMapping, FunctionTargets, kBack},
    LinkSpec{"AWS::Lambda::Url", "TargetFunctionArn", EdgeKind::FunctionUrl, FunctionTargets, kBack},
    LinkSpec{"AWS::S3::BucketPolicy", "Bucket", EdgeKind::ResourcePolicy, Buckets, kBack},
    LinkSpec{"AWS::S3::Bucket", "LoggingConfiguration.DestinationBucketName", EdgeKind::AccessLogBucket, Buckets,
             kForth},
    LinkSpec{"AWS::SQS::QueuePolicy", "Queues[]", EdgeKind::ResourcePolicy, Queues, kBack},
    LinkSpec{"AWS::SQS::QueueInlinePolicy", "Queue", EdgeKind::ResourcePolicy, Queues, kBack},
    LinkSpec{"AWS::SNS::TopicPolicy", "Topics[]", EdgeKind::ResourcePolicy, Topics, kBack},
    LinkSpec{"AWS::SNS::TopicInlinePolicy", "TopicArn", EdgeKind::ResourcePolicy, Topics, kBack},
    LinkSpec{"AWS::ApiGateway::Stage", "RestApiId", EdgeKind::ApiStage, Apis, kBack},
    LinkSpec{"AWS::ApiGatewayV2::Stage", "ApiId", EdgeKind::ApiStage, Apis, kBack},
    LinkSpec{"AWS::ApiGateway::Deployment", "RestApiId", EdgeKind::ApiDeployment, Apis, kBack},
    LinkSpec{"AWS::ApiGatewayV2::Deployment", "ApiId", EdgeKind::ApiDeployment, Apis, kBack},
    LinkSpec{"AWS::ApiGateway::Method", "RestApiId", EdgeKind::ApiMethod, Apis, kBack},
    LinkSpec{"AWS::ApiGatewayV2::Route", "ApiId", EdgeKind::ApiMethod, Apis, kBack},
    LinkSpec{"AWS::ApiGateway::Authorizer", "RestApiId", EdgeKind::ApiAuthorizer, Apis, kBack},
    LinkSpec{"AWS::ApiGatewayV2::Authorizer", "ApiId", EdgeKind::ApiAuthorizer, Apis, kBack},
    LinkSpec{"AWS::StepFunctions::StateMachine", "RoleArn", EdgeKind::StateMachineRole, Roles, kForth},
    LinkSpec{"AWS::Serverless::StateMachine", "Role", EdgeKind::StateMachineRole, Roles, kForth},
    LinkSpec{"AWS::StepFunctions::StateMachine",
             "LoggingConfiguration.Destinations[].CloudWatchLogsLogGroup.LogGroupArn",
             EdgeKind::StateMachineLogGroup, LogGroups, kForth},
    LinkSpec{"AWS::Serverless::StateMachine", "Logging.Destinations[].CloudWatchLogsLogGroup.LogGroupArn",
             EdgeKind::StateMachineLogGroup, LogGroups, kForth},
};

// A base-path or API mapping ties an API to a custom domain.
struct DomainMappingSpec {
  std::string_view type;
  std::string_view api_property;
  std::string_view domain_property;
};

constexpr std::array kDomainMappings = {
    DomainMappingSpec{"AWS::ApiGateway::BasePathMapping", "RestApiId", "DomainName"},
    DomainMappingSpec{"AWS::ApiGateway::BasePathMappingV2", "RestApiId", "DomainNameArn"},
    DomainMappingSpec{"AWS::ApiGatewayV2::ApiMapping", "ApiId", "DomainName"},
};

constexpr std::array kWafAssociationTypes = {std::string_view{"AWS::WAFv2::WebACLAssociation"},
                                             std::string_view{"AWS::WAFRegional::WebACLAssociation"}};

class SemanticBuilder {
 public:
  explicit SemanticBuilder(GraphBuilder& builder) : builder_(builder), tmpl_(builder.tmpl()) {
    for (const FamilySpec& spec : family_specs()) indexes_.emplace_back(tmpl_, spec);
  }

  void build() {
    index_families();
    for (const LinkSpec& link : kLinks) add_links(link);
    add_log_groups_by_name();
    add_api_domains();
    add_waf_associations();  // after ApiStage: an association may name the stage
  }

 private:
  void index_families() {
    const auto& specs = family_specs();
    for (size_t family = 0; family < kFamilyCount; ++family) index_family(specs[family], indexes_[family]);
    index_function_aliases();
  }

  void index_family(const FamilySpec& spec, NameIndex& index) {
    for (std::string_view type : spec.types) {
      for (const Resource* resource : tmpl_.resources_of_type(type)) {
        for (std::string_view property : spec.name_properties) {
          if (const Value* name = resource->property(property)) add_names(index, *name, resource);
        }
      }
    }
  }

  // Ref of an alias or a version is its ARN; a permission or mapping naming it is
  // about the function behind it.
  void index_function_aliases() {
    for (std::string_view type : {"AWS::Lambda::Alias", "AWS::Lambda::Version"}) {
      for (const Resource* alias : tmpl_.resources_of_type(type)) {
        const Value* function_name = alias->property("FunctionName");
        if (!function_name) continue;
        auto functions = resolve(*function_name, Functions);
        if (functions.size() == 1) indexes_[FunctionTargets].add("${" + alias->logical_id + "}", functions[0]);
      }
    }
  }

  std::vector<const Resource*> resolve(const Value& value, Family family) const {
    std::vector<const Resource*> found;
    resolve_into(value, indexes_[family], family_specs()[family].shape, found);
    return found;
  }

  void add_links(const LinkSpec& link) {
    for (const Resource* holder : tmpl_.resources_of_type(link.holder_type)) {
      visit_property(*holder, link.property, [&](const Value& value, const std::string& path) {
        for (const Resource* named : resolve(value, link.family)) {
          if (link.direction == Direction::Backward) {
            add_edge(*named, *holder, link.kind, value, path);
          } else {
            add_edge(*holder, *named, link.kind, value, path);
          }
        }
      });
    }
  }

  // A function's default log group is /aws/lambda/<function name> (a Lambda@Edge
  // function's /aws/lambda/us-east-1.<name>); the link is the log group's name, whether
  // literal, a Sub of the function's Ref, or a Join.
  void add_log_groups_by_name() {
    constexpr std::string_view prefix = "/aws/lambda/";
    for (const Resource* log_group : tmpl_.resources_of_type("AWS::Logs::LogGroup")) {
      const Value* name = log_group->property("LogGroupName");
      auto key = name ? intrinsics::canonical_text(*name) : std::nullopt;
      if (!key || key->rfind(prefix, 0) != 0) continue;
      std::string_view function_name = std::string_view(*key).substr(prefix.size());
      if (reads_an_attribute(function_name)) continue;  // /aws/lambda/${Worker.Arn}: not a name
      // Lambda@Edge writes to /aws/lambda/us-east-1.<name>, in each Region it runs in.
      constexpr std::string_view kEdgePrefix = "us-east-1.";
      if (function_name.starts_with(kEdgePrefix)) function_name.remove_prefix(kEdgePrefix.size());
      const Resource* function = indexes_[Functions].find(function_name);
      if (function)
        add_edge(*function, *log_group, EdgeKind::LogGroup, *name, log_group->property_path("LogGroupName"));
    }
  }

  // API -> domain when the mapping names a domain of this template; otherwise API ->
  // the mapping itself, which is all the template says about the domain.
  void add_api_domains() {
    for (const DomainMappingSpec& spec : kDomainMappings) {
      for (const Resource* mapping : tmpl_.resources_of_type(spec.type)) {
        const Value* api_value = mapping->property(spec.api_property);
        if (!api_value) continue;
        const Value* domain_value = mapping->property(spec.domain_property);
        auto domains = domain_value ? resolve(*domain_value, Domains) : std::vector<const Resource*>{};
        for (const Resource* api : resolve(*api_value, Apis)) {
          if (domains.empty())
            add_edge(*api, *mapping, EdgeKind::ApiDomain, *api_value, mapping->property_path(spec.api_property));
          for (const Resource* domain : domains)
            add_edge(*api, *domain, EdgeKind::ApiDomain, *domain_value,
                     mapping->property_path(spec.domain_property));
        }
      }
    }
  }

  // A web ACL association's ResourceArn is an API stage ARN, usually a Sub naming the
  // API, the stage, or both: read the reference edges already collected there.
  void add_waf_associations() {
    for (std::string_view type : kWafAssociationTypes) {
      for (const Resource* association : tmpl_.resources_of_type(type)) add_waf_association(*association);
    }
  }

  void add_waf_association(const Resource& association) {
    const ResourceGraph& graph = builder_.graph();
    const std::string prefix = association.property_path("ResourceArn");
    // Edges are added after the walk: adding one may reallocate the edge list that the
    // pointers being walked point into.
    struct Pending {
      const Resource* api;
      const Value* site;
      std::string_view path;  // into the graph's kept paths, which do not move
    };
    std::vector<Pending> pending;
    for (const GraphEdge* edge : graph.out_edges(graph.node(association))) {
      if (is_semantic(edge->kind) || edge->property_path.rfind(prefix, 0) != 0) continue;
      const Resource* target = graph.at(edge->to).resource;
      if (!target) continue;
      std::vector<const Resource*> named = graph.sources(*target, EdgeKind::ApiStage);
      if (is_api(*target)) named = {target};
      for (const Resource* api : named) {
        auto same_api = [api](const Pending& p) { return p.api == api; };
        if (std::none_of(pending.begin(), pending.end(), same_api))
          pending.push_back(Pending{api, edge->site, edge->property_path});
      }
    }
    for (const Pending& edge : pending)
      add_edge(*edge.api, association, EdgeKind::WafAssociation, *edge.site, edge.path);
  }

  static bool is_api(const Resource& resource) { return listed(family_specs()[Apis].types, resource.type); }

  void add_edge(const Resource& subject, const Resource& related, EdgeKind kind, const Value& site,
                std::string_view path) {
    const ResourceGraph& graph = builder_.graph();
    builder_.add_edge(GraphEdge{graph.node(subject), graph.node(related), kind, "", path, site.range(), &site});
  }

  GraphBuilder& builder_;
  const Template& tmpl_;
  std::vector<NameIndex> indexes_;  // by Family
};

}  // namespace

void add_semantic_edges(GraphBuilder& builder) { SemanticBuilder(builder).build(); }

}  // namespace cfn
