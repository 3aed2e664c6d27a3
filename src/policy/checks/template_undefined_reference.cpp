// template-undefined-reference: a Ref, Fn::GetAtt, Fn::Sub variable or DependsOn that names
// no resource, parameter or pseudo parameter, a condition name missing from Conditions,
// a Fn::FindInMap map missing from Mappings. The graph records them as it links
// references; this check words them. A template whose resources a macro may still add
// (a Transform other than SAM and AWS::LanguageExtensions, a Fn::Transform, SAM resources
// without the SAM transform) is not judged, nor one the loader or the SAM step already
// reported broken where names may be lost (keeps_names): they may exist once it is fixed.
#include <algorithm>
#include <array>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "graph/graph.h"
#include "model/loader.h"
#include "policy/checks/checks.h"

namespace cfn::checks {

std::string_view resource_attribute(std::string_view path) {
  constexpr std::string_view kResources = "Resources.";
  if (!path.starts_with(kResources)) return {};
  size_t dot = path.find('.', kResources.size());
  if (dot == std::string_view::npos) return {};
  std::string_view attribute = path.substr(dot + 1);
  return attribute.substr(0, attribute.find_first_of(".["));
}

bool macro_may_rewrite(const Template& tmpl) {
  if (!tmpl.only_applied_transforms()) return true;
  // "Fn::Transform" or "!Transform", found by one scan for the word they share: each scan
  // of a 40 KB text costs a microsecond or two, and these ran eight times per template.
  std::string_view text = tmpl.source().text();
  constexpr std::string_view kWord = "Transform";
  for (size_t at = text.find(kWord); at != std::string_view::npos; at = text.find(kWord, at + 1)) {
    std::string_view before = text.substr(0, at);
    if (before.ends_with("Fn::") || before.ends_with('!')) return true;
  }
  return false;
}

namespace {

// An unknown tag inside a section's entry (`Value: !GetAtts Vol.VolumeId` in an output)
// leaves an unknown value there but every name in place: the entry's key still declares
// one. One written on a section or the document itself may stand for names (an include),
// and so may a preprocessor's directive anywhere (Rain's `Type: !Rain::Module`, whose
// resources are named after the module's).
bool tag_inside_entry(const Template& tmpl, const Diagnostic& diagnostic) {
  const Value* root = tmpl.root();
  if (!root || !root->is_mapping() || !diagnostic.range.known()) return false;
  const SourceFile& source = tmpl.source();
  size_t tag_at = source.offset_of(diagnostic.range.begin);
  if (tag_at >= source.text().size() || std::string_view(source.text()).substr(tag_at).starts_with("!Rain::"))
    return false;
  for (std::string_view name : {"Resources", "Outputs", "Conditions", "Parameters", "Mappings"}) {
    const Value* section = root->find(name);
    if (!section || !section->is_mapping()) continue;
    const Value::Entry* before = nullptr;  // the section's last key before the tag
    for (const Value::Entry& entry : section->entries())
      if (entry.key_range.known() && entry.key_range.begin < diagnostic.range.begin &&
          (!before || before->key_range.begin < entry.key_range.begin))
        before = &entry;
    if (!before) continue;
    // The tag belongs to that entry unless a later top-level key comes between them.
    bool later_section = std::any_of(root->entries().begin(), root->entries().end(), [&](const Value::Entry& top) {
      return top.key_range.known() && before->key_range.begin < top.key_range.begin &&
             top.key_range.begin < diagnostic.range.begin;
    });
    if (!later_section) return true;
  }
  return false;
}

// Whether a problem the loader or Template reported leaves every name in place: a
// parameter, condition, mapping or output entry whose body is malformed still declares its
// name (the graph's nodes come from the section's keys), and so does a resource whose
// Type, Condition or Properties is malformed (Resources.Id.Attribute), so a broken
// condition must not hide a typo elsewhere. Anything else (a section of the wrong type, a
// resource that is not a mapping, a SAM resource that could not be expanded, reported at
// Resources.Id, a parse or limit error, a duplicate key) may have lost names.
bool keeps_names(const Template& tmpl, const Diagnostic& diagnostic) {
  if (diagnostic.rule_id == "template-unknown-tag") return tag_inside_entry(tmpl, diagnostic);
  if (diagnostic.rule_id != "template-invalid-structure") return false;
  std::string_view path = diagnostic.property_path;
  if (path.find("Fn::ForEach::") != std::string_view::npos) return false;  // a loop's names are lost
  if (path.starts_with("Resources.")) {
    // Resources.Id.Attribute...: an attribute CloudFormation takes, malformed. An unknown
    // one (SubReplicate: a macro's, used without its Transform) may stand for names.
    std::string_view attribute = resource_attribute(path);
    return !attribute.empty() && is_resource_attribute(attribute) && attribute != "Fn::Transform";
  }
  // A format version or description of the wrong form names nothing.
  if (path == "AWSTemplateFormatVersion" || path == "Description") return true;
  return path.starts_with("Parameters.") || path.starts_with("Conditions.") || path.starts_with("Mappings.") ||
         path.starts_with("Outputs.");
}

// A file the Serverless Framework reads (`resources: ${file(resources/api.yml)}`) holds its
// variables, ${self:...}, ${opt:...}: it is a fragment, merged with the resources the
// framework writes itself (ApiGatewayRestApi, <Name>LambdaFunction), whose names it may use.
bool serverless_framework_fragment(const Template& tmpl) {
  std::string_view text = tmpl.source().text();
  for (size_t at = text.find("${"); at != std::string_view::npos; at = text.find("${", at + 2)) {
    std::string_view variable = text.substr(at + 2);
    for (std::string_view source : {"self:", "opt:", "sls:", "file("})
      if (variable.starts_with(source)) return true;
  }
  return false;
}

bool names_are_final(const Template& tmpl) {
  if (!tmpl.root() || serverless_framework_fragment(tmpl)) return false;
  if (!std::all_of(tmpl.diagnostics().begin(), tmpl.diagnostics().end(),
                   [&](const Diagnostic& diagnostic) { return keeps_names(tmpl, diagnostic); }))
    return false;
  for (const Resource& resource : tmpl.resources()) {  // SAM resources without the SAM transform
    if (resource.type.starts_with("AWS::Serverless::")) return false;
  }
  return !macro_may_rewrite(tmpl);
}

std::string_view what_it_names(const UnresolvedReference& reference) {
  switch (reference.kind) {
    case EdgeKind::Condition:
    case EdgeKind::IfCondition: return "the condition";
    case EdgeKind::FindInMap: return "the mapping";
    case EdgeKind::GetAtt:
    case EdgeKind::DependsOn: return "the resource";
    case EdgeKind::Sub:
    case EdgeKind::Ref:
    default: return "the resource or parameter";
  }
}

// The SAM resources of the template, by their own logical ids. Every resource SAM
// generates is named after its SAM resource (MyFunctionRole, MyApiProdStage,
// MyQueueMyConnectorPolicy), and SAM rewrites some references itself (a LayerVersion gets
// a hashed id; MyFunction.Alias and MyApi.Stage name generated resources, which the SAM
// step resolves where it generates them). The SAM step does not generate or rewrite every
// one of them (MyApi.UsagePlan, say), so a name that starts with a SAM
// resource's id counts as defined. So does a name that starts with a CloudFormation
// module's id (a resource of type Org::Service::Thing::MODULE): the module's resources
// are named <ModuleId><ResourceId> when CloudFormation expands it, and their names are
// not in the template. The implicit APIs (ServerlessRestApi, ServerlessHttpApi) are SAM
// resources too, which SAM adds before it translates any: `ServerlessRestApi.Stage` is
// theirs.
bool is_generated_api(const Resource& resource) {
  return !resource.sam_resource.empty() && resource.sam_resource != resource.logical_id &&
         (resource.type == "AWS::ApiGateway::RestApi" || resource.type == "AWS::ApiGatewayV2::Api");
}

std::set<std::string, std::less<>> generating_resource_ids(const Template& tmpl) {
  std::set<std::string, std::less<>> ids;
  for (const Resource& resource : tmpl.resources()) {
    if (!resource.sam_resource.empty()) ids.insert(resource.sam_resource);
    if (is_generated_api(resource)) ids.insert(resource.logical_id);
    if (resource.type.ends_with("::MODULE")) ids.insert(resource.logical_id);
  }
  return ids;
}

bool names_a_generated_resource(const std::set<std::string, std::less<>>& ids, std::string_view name) {
  return std::any_of(ids.begin(), ids.end(), [&](const std::string& id) { return name.starts_with(id); });
}

// Where the name is written inside the reference (a Sub string holds several: each is
// reported at its own `${Name}`); nullopt when it is not there. The SAM step writes
// references of its own (a connector's policy naming its source's role), which real SAM
// may resolve differently; those sit at the SAM resource's position, not at their name.
std::optional<Range> written_at(const SourceFile& source, const UnresolvedReference& reference) {
  if (!reference.range.known()) return std::nullopt;
  size_t begin = source.offset_of(reference.range.begin);
  size_t end = source.offset_of(reference.range.end);
  if (end <= begin || end > source.text().size()) return std::nullopt;
  std::string_view written = std::string_view(source.text()).substr(begin, end - begin);
  size_t at = std::string_view::npos;
  if (reference.kind == EdgeKind::Sub) {
    // ${Name}, ${ Name }, or ${Name.Attribute}: the first whose name this is.
    for (size_t open = written.find("${"); open != std::string_view::npos && at == std::string_view::npos;
         open = written.find("${", open + 2)) {
      size_t name = written.find_first_not_of(" \t", open + 2);
      if (name != std::string_view::npos && written.substr(name).starts_with(reference.name) &&
          name + reference.name.size() < written.size() &&
          std::string_view(" \t}.").find(written[name + reference.name.size()]) != std::string_view::npos)
        at = name;
    }
  }
  if (at == std::string_view::npos) at = written.find(reference.name);
  if (at == std::string_view::npos) {
    // `Condition: Yes`, `Ref: No`: YAML 1.1 read the unquoted word as the boolean the name
    // now is; the word is where the name is written.
    for (size_t word_at = 0; word_at < written.size();) {
      size_t word_end = written.find_first_of(" \t\r\n:,[]{}'\"", word_at);
      if (word_end == std::string_view::npos) word_end = written.size();
      std::string word(written.substr(word_at, word_end - word_at));
      const std::string& read_as = yaml11_boolean_as_written(word);
      if (&read_as != &word && read_as == reference.name)
        return Range{source.position_at(begin + word_at), source.position_at(begin + word_end)};
      word_at = word_end + 1;
    }
    // A name written with escapes (JSON's "Stag\u0435", YAML's "IsPro\x64") is not in the
    // text as CloudFormation reads it: the whole value is where it is written.
    if (written.find('\\') != std::string_view::npos) return reference.range;
    return std::nullopt;
  }
  return Range{source.position_at(begin + at), source.position_at(begin + at + reference.name.size())};
}

// The kinds of node a reference of this kind can name.
std::vector<NodeKind> kinds_named(const UnresolvedReference& reference) {
  switch (reference.kind) {
    case EdgeKind::Condition:
    case EdgeKind::IfCondition: return {NodeKind::Condition};
    case EdgeKind::FindInMap: return {NodeKind::Mapping};
    case EdgeKind::GetAtt:
    case EdgeKind::DependsOn: return {NodeKind::Resource};
    default: return {NodeKind::Parameter, NodeKind::Resource};
  }
}

// Why a reference names "true" or "false": the unquoted word written there (Yes, Off...),
// which YAML 1.1 reads as that boolean; quoting it helps only when the template defines
// the word. Empty when the name is written as it is.
std::string boolean_value_hint(const ResourceGraph& graph, const SourceFile& source,
                               const UnresolvedReference& reference, Range at) {
  size_t begin = source.offset_of(at.begin);
  size_t end = source.offset_of(at.end);
  if (end <= begin || end > source.text().size()) return {};
  std::string word(std::string_view(source.text()).substr(begin, end - begin));
  if (word == reference.name || yaml11_boolean_as_written(word) != reference.name) return {};
  std::string hint = " (YAML 1.1 reads the unquoted " + word + " as the boolean " + reference.name;
  for (NodeKind kind : kinds_named(reference))
    if (graph.node(word, kind) != ResourceGraph::npos) return hint + ": quote it, '" + word + "')";
  return hint + ")";
}

// Whether the loader or Template already reported a problem at that place: a null in
// DependsOn, {"Ref": null} (a null value, reported on its line, before a reference by an
// empty name or by the name "null").
bool already_reported_there(const Template& tmpl, const UnresolvedReference& reference, Range at) {
  const bool null_name = reference.name.empty() || reference.name == "null" || reference.name == "~";
  return std::any_of(tmpl.diagnostics().begin(), tmpl.diagnostics().end(), [&](const Diagnostic& diagnostic) {
    const Range& reported = diagnostic.range;
    return reported.begin == at.begin || (null_name && reported.begin.line == at.begin.line);
  });
}

// A reference that a call of the wrong shape makes itself (`!GetAtt [Db.Arn]`, a list of
// one item): template-invalid-intrinsic reports the call, and the name was read from the
// wrong shape, so it is not reported again.
bool made_by_malformed_call(const ResourceGraph& graph, const UnresolvedReference& reference) {
  return std::any_of(graph.malformed().begin(), graph.malformed().end(), [&](const MalformedCall& call) {
    return call.from == reference.from && call.range == reference.range;
  });
}

bool generated_by_sam(const GraphNode& node) { return node.resource && !node.resource->sam_resource.empty(); }

// A condition is decided before any resource exists: a Ref, GetAtt or Sub variable in
// Conditions that names a resource is rejected ("Unresolved dependencies [Bucket]. Cannot
// reference resources in the Conditions block of the template").
void report_resources_named_in_conditions(CheckContext& ctx, const ResourceGraph& graph) {
  for (const GraphEdge& edge : graph.edges()) {
    const GraphNode& from = graph.at(edge.from);
    const GraphNode& to = graph.at(edge.to);
    if (from.kind != NodeKind::Condition || to.kind != NodeKind::Resource || !is_reference_edge(edge.kind)) continue;
    UnresolvedReference named{edge.from, edge.kind, std::string(to.logical_id), std::string(edge.property_path), edge.range};
    auto at = written_at(ctx.tmpl().source(), named);
    if (!at || !at->known()) continue;
    std::string subject = "Condition " + std::string(from.logical_id) + " refers to the resource " +
                          std::string(to.logical_id) + ", which conditions cannot name: they are decided before " +
                          "any resource exists, from parameters and mappings";
    ctx.report_at(std::string(from.logical_id), std::move(subject), *at, std::string(edge.property_path));
  }
}

// Why a name such as On or Yes is not defined when the template seems to declare it: YAML
// 1.1 (CloudFormation's) reads the unquoted key `On:` as the boolean true, so the
// parameter is named "true" and `!Ref On` names nothing. Said only when a key of a kind the
// reference names is written as that very word. Empty when that is not the cause.
std::string boolean_key_hint(const ResourceGraph& graph, const SourceFile& source,
                             const UnresolvedReference& reference) {
  const std::string& read_as = yaml11_boolean_as_written(reference.name);
  if (&read_as == &reference.name) return {};
  for (NodeKind kind : kinds_named(reference)) {
    size_t node = graph.node(read_as, kind);
    if (node == ResourceGraph::npos || !graph.at(node).key_range.known()) continue;
    size_t begin = source.offset_of(graph.at(node).key_range.begin);
    if (std::string_view(source.text()).substr(begin, reference.name.size()) == reference.name)
      return " (YAML 1.1 reads the unquoted key " + reference.name + " as the boolean " + read_as + ": quote it, '" +
             reference.name + "')";
  }
  return {};
}

// A key written as text whose spelling is the key's: not a number other than a plain
// integer (1.00 may reach CloudFormation as 1.0 or 1), not null, not an intrinsic.
const Value* literal_key(const Value& value) {
  if (!value.is_scalar() || value.is_null() || value.intrinsic()) return nullptr;
  std::string_view text = value.text();
  bool digits = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  bool number_like = !text.empty() && text.find_first_not_of("0123456789+-.eE") == std::string_view::npos &&
                     std::any_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (number_like && !(digits && (text.size() == 1 || text.front() != '0'))) return nullptr;
  return &value;
}

void report_missing_key(CheckContext& ctx, const GraphEdge& lookup, std::string_view from, const Value& key,
                        size_t argument, const std::string& where, const Value& holder) {
  std::string keys;
  const auto& entries = holder.entries();
  for (size_t i = 0; i < entries.size() && i < 5; ++i) keys += (i ? ", " : "") + entries[i].key;
  if (entries.size() > 5) keys += ", ...";
  std::string subject = std::string(from) + " looks up the key " + key.text() + " in the mapping " + where +
                        ", which does not have it" + (keys.empty() ? "" : " (its keys: " + keys + ")");
  // The edge's path ends in the map name's index, [0].
  std::string path(lookup.property_path.substr(0, lookup.property_path.rfind('[')));
  ctx.report_at(std::string(from), std::move(subject), key.range(), path + "[" + std::to_string(argument) + "]");
}

// Whether CloudFormation evaluates the lookup in every stack: not in a branch of an Fn::If
// nor in a resource or output that has a Condition, which it may never process.
bool always_evaluated(const ResourceGraph& graph, const GraphEdge& lookup) {
  if (lookup.property_path.find("Fn::If") != std::string_view::npos) return false;
  const Value* definition = graph.at(lookup.from).definition;
  return !(definition && definition->is_mapping() && definition->find("Condition"));
}

// The name a finding gives the lookup's place: the SAM resource the author wrote, for one
// SAM copied into what it generates.
std::string_view author_id(const ResourceGraph& graph, size_t node) {
  const GraphNode& written = graph.at(node);
  return written.resource && !written.resource->sam_resource.empty() ? written.resource->sam_resource
                                                                      : written.logical_id;
}

// Fn::FindInMap whose keys are written as text the mapping does not hold: CloudFormation
// fails the stack ("Fn::FindInMap raises an error when a key is not found"; a DefaultValue,
// under AWS::LanguageExtensions, is the only way out), and the value stays unknown to every
// other rule, which then says nothing about it. Read from each lookup of a map the template
// defines (the graph's FindInMap edges, whose site is the argument list) with keys written
// as text; one finding per key as written (SAM's Globals and Fn::ForEach copy a lookup into
// several resources).
void report_missing_map_keys(CheckContext& ctx, const ResourceGraph& graph) {
  std::set<std::pair<uint32_t, uint32_t>> reported;
  for (const GraphEdge& lookup : graph.edges()) {
    if (lookup.kind != EdgeKind::FindInMap || !lookup.site || !lookup.site->is_sequence()) continue;
    const auto& arguments = lookup.site->items();
    if (arguments.size() != 3 || !always_evaluated(graph, lookup)) continue;  // a DefaultValue: no error
    const Value* map = graph.at(lookup.to).definition;
    if (!map || !map->is_mapping() || map->find("Fn::Transform") || !literal_key(arguments[0])) continue;
    if (!reported.emplace(arguments[0].range().begin.line, arguments[0].range().begin.column).second) continue;
    std::string_view from = author_id(graph, lookup.from);
    const Value* top = literal_key(arguments[1]);
    if (!top) continue;
    const Value* second_level = map->find(top->text());
    if (!second_level) {
      report_missing_key(ctx, lookup, from, *top, 1, arguments[0].text(), *map);
      continue;
    }
    const Value* second = literal_key(arguments[2]);
    if (second && second_level->is_mapping() && !second_level->find("Fn::Transform") &&
        !second_level->find(second->text()))
      report_missing_key(ctx, lookup, from, *second, 2, arguments[0].text() + "." + top->text(), *second_level);
  }
}

}  // namespace

void template_undefined_reference(CheckContext& ctx) {
  if (!names_are_final(ctx.tmpl())) return;
  const ResourceGraph& graph = ctx.graph();
  const auto generating_ids = generating_resource_ids(ctx.tmpl());
  // A reference SAM copies into a resource it generates (a connector's policy names the
  // role its source function names) is the same text as the original: reported once, from
  // the resource the author wrote when there is one.
  std::vector<const UnresolvedReference*> ordered;
  for (bool generated : {false, true}) {
    for (const UnresolvedReference& reference : graph.unresolved())
      if (generated_by_sam(graph.at(reference.from)) == generated) ordered.push_back(&reference);
  }
  std::set<std::tuple<std::string_view, uint32_t, uint32_t>> reported;  // name and position
  for (const UnresolvedReference* reference : ordered) {
    const bool unnamed = reference->name.empty();  // `!Ref` alone, `Ref: ""`
    if (!unnamed && reference->kind != EdgeKind::Condition && reference->kind != EdgeKind::IfCondition &&
        reference->kind != EdgeKind::FindInMap && names_a_generated_resource(generating_ids, reference->name))
      continue;
    if (ctx.tmpl().constants && reference->name.starts_with("Const::")) continue;
    if (made_by_malformed_call(graph, *reference)) continue;
    auto at = unnamed ? std::optional<Range>(reference->range) : written_at(ctx.tmpl().source(), *reference);
    if (!at || !at->known() || already_reported_there(ctx.tmpl(), *reference, *at)) continue;
    if (!reported.emplace(reference->name, at->begin.line, at->begin.column).second) continue;
    const GraphNode& from = graph.at(reference->from);
    std::string named = unnamed ? "a" + std::string(what_it_names(*reference)).substr(3) + " by an empty name"
                                : std::string(what_it_names(*reference)) + " " + reference->name;
    std::string subject = std::string(from.logical_id) + " refers to " + named +
                          ", which the template does not define" +
                          boolean_key_hint(graph, ctx.tmpl().source(), *reference) +
                          boolean_value_hint(graph, ctx.tmpl().source(), *reference, *at);
    ctx.report_at(std::string(from.logical_id), std::move(subject), *at, reference->property_path);
  }
  report_resources_named_in_conditions(ctx, graph);
  report_missing_map_keys(ctx, graph);
}

}  // namespace cfn::checks
