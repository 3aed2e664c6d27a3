// The access group's table of native checks (see checks.h) and the helpers its rules
// share (checks_access.h).
#include "policy/checks/checks_access.h"

#include <algorithm>
#include <cctype>

#include "graph/graph.h"
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

void report_element(CheckContext& ctx, const Resource& resource, const iam::Located& element) {
  if (element.value->is_scalar() || !element.key_range.known()) {
    ctx.report(resource, *element.value, element.path());
    return;
  }
  ctx.report(resource, Value::scalar("", false, element.key_range), element.path());
}

void report_entry(CheckContext& ctx, const Resource& resource, const Value::Entry& entry, const std::string& path) {
  report_element(ctx, resource, iam::Located(entry.value, path, entry.key_range));
}

void report_public_statements(CheckContext& ctx, const Resource& resource, const Value& document,
                              const std::string& path) {
  for (const iam::Statement& statement : iam::statements(document, path)) {
    if (!statement.allows()) continue;
    auto principal = statement.element("Principal");
    if (!principal) continue;
    auto everyone = iam::find_public_principal(*principal);
    if (everyone && !iam::condition_restricts_principal(statement.condition()) &&
        !iam::denied_to_outsiders(statement, document))
      ctx.report(resource, *everyone->value, everyone->path());
  }
}

bool is_conditional(const Value& value) {
  const Value::Entry* call = value.intrinsic();
  return call && call->key == "Fn::If";
}

const Value* true_property(const Resource& resource, std::string_view name) {
  const Value* value = resource.property(name);
  if (!value || is_unknown(*value)) return nullptr;
  return value->as_bool() == true ? value : nullptr;
}

const Value* property_equals(const Resource& resource, std::string_view name, std::string_view wanted) {
  const Value* value = resource.property(name);
  if (!value || is_unknown(*value)) return nullptr;
  auto text = value->as_string();
  if (!text || text->size() != wanted.size()) return nullptr;
  bool same = std::equal(text->begin(), text->end(), wanted.begin(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
  return same ? value : nullptr;
}

const Value* nested_property(const Resource& resource, std::string_view dotted) {
  const Value* at = resource.properties;
  while (at && !dotted.empty()) {
    size_t dot = dotted.find('.');
    at = at->is_mapping() ? at->find(dotted.substr(0, dot)) : nullptr;
    dotted = dot == std::string_view::npos ? std::string_view{} : dotted.substr(dot + 1);
  }
  return at;
}

namespace {

void visit_from(const Value& at, std::string_view spec, const std::string& path,
                const std::function<void(const Value&, const std::string&)>& visit) {
  if (spec.empty()) return visit(at, path);
  if (!at.is_mapping() || is_unknown(at)) return;
  size_t dot = spec.find('.');
  std::string_view step = spec.substr(0, dot);
  std::string_view rest = dot == std::string_view::npos ? std::string_view{} : spec.substr(dot + 1);
  bool each = step.ends_with("[]");
  if (each) step.remove_suffix(2);
  const Value* child = at.find(step);
  if (!child) return;
  std::string child_path = path + "." + std::string(step);
  if (!each) return visit_from(*child, rest, child_path, visit);
  if (!child->is_sequence()) return;
  for (size_t i = 0; i < child->items().size(); ++i)
    visit_from(child->items()[i], rest, child_path + "[" + std::to_string(i) + "]", visit);
}

}  // namespace

void visit_nested(const Resource& resource, std::string_view spec,
                  const std::function<void(const Value&, const std::string&)>& visit) {
  if (resource.properties) visit_from(*resource.properties, spec, resource.path() + ".Properties", visit);
}

namespace {

constexpr std::string_view kOperations[] = {"get",   "put",   "post",  "delete",
                                            "patch", "head",  "trace", "x-amazon-apigateway-any-method"};

// A security requirement list that demands something: non-empty, without the empty object.
// SAM's {NONE: []} (an event's `Authorizer: NONE` over a DefinitionBody) demands nothing
// and is left out. Unknown counts as demanding (never reported).
bool demands_auth(const Value& security) {
  if (is_unknown(security)) return true;
  if (!security.is_sequence()) return false;
  auto is_none = [](const Value& requirement) {
    return requirement.is_mapping() && requirement.entries().size() == 1 && requirement.entries()[0].key == "NONE";
  };
  bool demands = false;
  for (const Value& requirement : security.items()) {
    if (is_none(requirement)) continue;
    if (requirement.is_mapping() && requirement.entries().empty()) return false;
    demands = true;
  }
  return demands;
}

// The x-amazon-apigateway-auth extension of an operation asking for IAM authorization
// (type AWS_IAM, in any letter case), or one whose type is unknown; "NONE" is open access.
bool iam_authorized(const Value& operation) {
  const Value* auth = operation.find("x-amazon-apigateway-auth");
  if (!auth) return false;
  if (is_unknown(*auth)) return true;
  const Value* type = auth->find("type");
  if (!type) return false;
  auto text = type->as_string();
  return !text ? is_unknown(*type) : equals_ignoring_case(*text, "AWS_IAM");
}

bool operation_open(const Value& operation, const Value* default_security) {
  if (!operation.is_mapping() || is_unknown(operation)) return false;
  if (iam_authorized(operation)) return false;
  if (const Value* security = operation.find("security")) return !demands_auth(*security);
  return !default_security || !demands_auth(*default_security);
}

// Open to everyone: an Allow for "*" without a narrowing condition, and no Deny (a Deny
// beside it usually carves out everything but an IP range or VPC endpoint).
bool has_public_statement(const Value& document) {
  auto all = iam::statements(document, "");
  // A Deny narrows the Allow, unless no request meets its condition or it only blocks the
  // callers it names.
  if (std::any_of(all.begin(), all.end(), [](const iam::Statement& statement) {
        return statement.denies() && iam::deny_turns_callers_away(statement);
      }))
    return false;
  for (const iam::Statement& statement : all) {
    const Value* principal = statement.principal();
    if (statement.allows() && principal && iam::find_public_principal(iam::Located(*principal)) &&
        !iam::condition_restricts_principal(statement.condition()))
      return true;
  }
  return false;
}

}  // namespace

void report_open_operations(CheckContext& ctx, const Resource& api, const Value& body, const std::string& path) {
  if (!body.is_mapping() || is_unknown(body)) return;
  const Value* paths = body.find("paths");
  if (!paths || !paths->is_mapping() || is_unknown(*paths)) return;
  const Value* default_security = body.find("security");
  for (const Value::Entry& route : paths->entries()) {
    if (!route.value.is_mapping() || is_unknown(route.value)) continue;
    for (const Value::Entry& operation : route.value.entries()) {
      bool is_operation = std::find(std::begin(kOperations), std::end(kOperations), operation.key) != std::end(kOperations);
      if (is_operation && operation_open(operation.value, default_security)) {
        std::string operation_path = path;
        operation_path.append(".paths.").append(route.key).append(".").append(operation.key);
        report_entry(ctx, api, operation, operation_path);
      }
    }
  }
}

namespace {

bool requires_client_certificate(const Resource& domain) {
  const Value* mtls = domain.property("MutualTlsAuthentication");
  if (!mtls) return false;
  if (is_unknown(*mtls)) return true;
  const Value* truststore = mtls->is_mapping() ? mtls->find("TruststoreUri") : nullptr;
  return truststore && !truststore->is_null();
}

// A property path that ends in a statement's Condition at the key iam:PermissionsBoundary
// (".Condition.StringEquals.iam:PermissionsBoundary", or one item of its value list).
bool in_permissions_boundary_condition(std::string_view path) {
  while (path.ends_with(']')) path = path.substr(0, path.rfind('['));
  size_t dot = path.rfind('.');
  if (dot == std::string_view::npos || !equals_ignoring_case(path.substr(dot + 1), "iam:PermissionsBoundary"))
    return false;
  return path.find(".Condition.") != std::string_view::npos;
}

}  // namespace

bool api_restricted_by_policy(const Resource& api) {
  const Value* types = nested_property(api, "EndpointConfiguration.Types");
  if (types && (is_unknown(*types) || (types->is_sequence() && std::any_of(types->items().begin(), types->items().end(),
                                                                       [](const Value& type) {
                                                                         return is_unknown(type) || type.as_string() == "PRIVATE";
                                                                       }))))
    return true;
  // The resource policy: the Policy property, or the OpenAPI Body's
  // x-amazon-apigateway-policy (where SAM writes Auth.ResourcePolicy); either one judged alike.
  const Value* body = api.property("Body");
  const Value* body_policy = body && body->is_mapping() && !is_unknown(*body) ? body->find("x-amazon-apigateway-policy") : nullptr;
  for (const Value* policy : {api.property("Policy"), body_policy}) {
    // An empty string is no policy: the Serverless Framework writes `Policy: ""` on every
    // REST API it makes without one, as API Gateway's way to say so.
    if (!policy || (policy->is_scalar() && policy->text().find_first_not_of(" \t\r\n") == std::string::npos)) continue;
    if (is_unknown(*policy) || policy->is_scalar()) return true;  // unknown, or JSON text not read
    if (!iam::statements(*policy, "").empty() && !has_public_statement(*policy)) return true;
  }
  return false;
}

// disableExecuteApiEndpoint of an OpenAPI Body's x-amazon-apigateway-endpoint-configuration:
// at the top (Swagger 2.0) or in a server (OpenAPI 3), where SAM writes it.
const Value* body_disables_execute_api(const Resource& api) {
  const Value* body = api.property("Body");
  if (!body || !body->is_mapping() || is_unknown(*body)) return nullptr;
  auto setting = [](const Value* holder) -> const Value* {
    const Value* config = holder && holder->is_mapping() ? holder->find("x-amazon-apigateway-endpoint-configuration") : nullptr;
    return config && config->is_mapping() ? config->find("disableExecuteApiEndpoint") : nullptr;
  };
  if (const Value* found = setting(body)) return found;
  const Value* servers = body->find("servers");
  if (!servers || !servers->is_sequence()) return nullptr;
  for (const Value& server : servers->items())
    if (const Value* found = setting(&server)) return found;
  return nullptr;
}

bool reachable_only_with_client_certificate(const ResourceGraph& graph, const Resource& api) {
  const Value* disabled = api.property("DisableExecuteApiEndpoint");
  if (!disabled) disabled = body_disables_execute_api(api);
  if (!disabled || (!is_unknown(*disabled) && disabled->as_bool() != true)) return false;
  // The graph's ApiDomain edges lead to each custom domain of the template the API is
  // mapped to, or to the mapping itself when the domain is elsewhere (no certificate known).
  std::vector<const Resource*> domains = graph.targets(api, EdgeKind::ApiDomain);
  return !domains.empty() && std::all_of(domains.begin(), domains.end(), [](const Resource* domain) {
           return requires_client_certificate(*domain);
         });
}

void for_each_trust_statement(CheckContext& ctx,
                              const std::function<void(const Resource&, const iam::Statement&)>& visit) {
  for (const Resource* role : ctx.resources()) {
    PropertyLookup document = lookup_property(*role, {"AssumeRolePolicyDocument"});
    if (!document.found()) continue;
    for (const iam::Statement& statement :
         iam::statements(*document.value, role->property_path("AssumeRolePolicyDocument")))
      visit(*role, statement);
  }
}

namespace {

// The statement's Federated item that `is_provider` accepts, with its path; nullopt if none.
std::optional<iam::Located> federated_principal(const iam::Statement& statement,
                                                const std::function<bool(const Value&)>& is_provider) {
  auto principal = statement.element("Principal");
  const Value* federated = principal && principal->value->is_mapping() ? principal->value->find("Federated") : nullptr;
  if (!federated) return std::nullopt;
  const std::string path = principal->path() + ".Federated";
  if (!federated->is_sequence()) {
    if (!is_provider(*federated)) return std::nullopt;
    return iam::Located(*federated, path);
  }
  for (size_t i = 0; i < federated->items().size(); ++i) {
    if (is_provider(federated->items()[i]))
      return iam::Located(federated->items()[i], path + "[" + std::to_string(i) + "]");
  }
  return std::nullopt;
}

}  // namespace

void report_unnarrowed_web_identity(CheckContext& ctx, const std::function<bool(const Value&)>& is_provider,
                                    const std::function<bool(std::string_view)>& tests_key,
                                    const std::function<bool(std::string_view)>& lets_all) {
  for_each_trust_statement(ctx, [&](const Resource& role, const iam::Statement& statement) {
    auto action = statement.element("Action");
    if (!statement.allows() || !action || !iam::find_action(*action, "sts:AssumeRoleWithWebIdentity")) return;
    auto provider = federated_principal(statement, is_provider);
    if (!provider || iam::condition_narrows(statement.condition(), tests_key, lets_all)) return;
    ctx.report(role, *provider->value, provider->path());
  });
}

bool boundary_only(CheckContext& ctx, const Resource& policy) {
  if (policy.type != "AWS::IAM::ManagedPolicy") return false;
  for (std::string_view attachment : {"Roles", "Users", "Groups"}) {
    const Value* names = policy.property(attachment);
    if (names && (!names->is_sequence() || !names->items().empty())) return false;
  }
  const Resource* original = ctx.tmpl().resource(policy.logical_id);
  const ResourceGraph& graph = ctx.graph();
  size_t node = original ? graph.node(*original) : ResourceGraph::npos;
  if (node == ResourceGraph::npos) return false;
  // Every use from a resource names it as a boundary (by Ref, or GetAtt PolicyArn): a
  // PermissionsBoundary, or an iam:PermissionsBoundary condition that makes the roles a
  // statement lets someone create carry it (AWS's way to delegate role creation). An
  // output that shows its ARN attaches nothing.
  bool boundary = false;
  for (const GraphEdge* edge : graph.in_edges(node)) {
    const GraphNode& from = graph.at(edge->from);
    if (from.kind != NodeKind::Resource) continue;
    // A resource never created (its Condition never holds, or holds only off the
    // parameters' Defaults) bounds nothing, and attaches nothing either.
    if (from.resource && ctx.variants_of(*from.resource).empty()) continue;
    bool names_arn = edge->kind == EdgeKind::Ref || edge->kind == EdgeKind::Sub ||
                     (edge->kind == EdgeKind::GetAtt && edge->attribute == "PolicyArn");
    bool as_boundary = edge->property_path.ends_with(".Properties.PermissionsBoundary") ||
                       in_permissions_boundary_condition(edge->property_path);
    if (!names_arn || !as_boundary) return false;
    boundary = true;
  }
  return boundary;
}

bool is_administrator_access(const Value& arn) {
  const Value* text = &arn;
  if (const Value::Entry* call = arn.intrinsic(); call && call->key == "Fn::Sub") text = &call->value;
  auto name = text->as_string();
  return name && name->ends_with(":iam::aws:policy/AdministratorAccess");
}

namespace {

constexpr NativeCheck kAccessChecks[] = {
    NativeCheck{"apigateway-method-no-auth", &apigateway_method_no_auth},
    NativeCheck{"apigateway-restapi-no-waf", &apigateway_restapi_no_waf},
    NativeCheck{"apigatewayv2-route-no-auth", &apigatewayv2_route_no_auth},
    NativeCheck{"appsync-graphql-api-key-auth", &appsync_graphql_api_key_auth},
    NativeCheck{"ecs-service-public-ip", &ecs_service_public_ip},
    NativeCheck{"eks-cluster-public-endpoint", &eks_cluster_public_endpoint},
    NativeCheck{"iam-policy-assumerole-wildcard-resource", &iam_policy_assumerole_wildcard_resource},
    NativeCheck{"iam-policy-not-action", &iam_policy_not_action},
    NativeCheck{"iam-policy-not-principal", &iam_policy_not_principal},
    NativeCheck{"iam-policy-not-resource", &iam_policy_not_resource},
    NativeCheck{"iam-policy-passrole-wildcard", &iam_policy_passrole_wildcard},
    NativeCheck{"iam-policy-privilege-escalation", &iam_policy_privilege_escalation},
    NativeCheck{"iam-policy-service-wildcard-action", &iam_policy_service_wildcard_action},
    NativeCheck{"iam-role-administrator-access", &iam_role_administrator_access},
    NativeCheck{"iam-role-cognito-trust-any-identity-pool", &iam_role_cognito_trust_any_identity_pool},
    NativeCheck{"iam-role-oidc-trust-any-repository", &iam_role_oidc_trust_any_repository},
    NativeCheck{"lambda-permission-public", &lambda_permission_public},
    NativeCheck{"lambda-role-shared", &lambda_role_shared},
    NativeCheck{"lambda-role-wildcard-action", &lambda_role_wildcard_action},
    NativeCheck{"msk-cluster-public", &msk_cluster_public},
    NativeCheck{"opensearch-domain-access-policy-public", &opensearch_domain_access_policy_public},
    NativeCheck{"rds-instance-publicly-accessible", &rds_instance_publicly_accessible},
    NativeCheck{"s3-bucket-public-access-block-disabled", &s3_bucket_public_access_block_disabled},
};

}  // namespace

std::span<const NativeCheck> access_checks() { return kAccessChecks; }

// The roles of the template that one variant of a function runs as. The execution-role
// edges say which roles the Role value can name; the reference edges (GetAtt, Ref, Sub)
// written inside the variant's Role value say which of them this variant names: a Fn::If
// resolved to one branch keeps that branch's place. A literal ARN has no reference edge:
// then the execution-role edge itself must lie inside the value.
std::vector<size_t> roles_of_variant(const ResourceGraph& graph, const Resource& original, const Value& role) {
  std::vector<size_t> roles;
  size_t node = graph.node(original);
  if (node == ResourceGraph::npos) return roles;
  std::vector<const GraphEdge*> execution = graph.out_edges(node, EdgeKind::ExecutionRole);
  auto executes_as = [&](size_t target) {
    return std::any_of(execution.begin(), execution.end(), [&](const GraphEdge* edge) { return edge->to == target; });
  };
  for (const GraphEdge* edge : graph.out_edges(node)) {
    if (edge->kind != EdgeKind::ExecutionRole && role.range().holds(edge->range) && executes_as(edge->to))
      roles.push_back(edge->to);
  }
  if (!roles.empty()) return roles;
  for (const GraphEdge* edge : execution) {
    if (role.range().holds(edge->range)) roles.push_back(edge->to);
  }
  return roles;
}

namespace {

// Whether the AttachedPolicy link from `role` to `policy` holds in `role_variant`: the
// policy names the role itself (Roles, RoleName), or an entry of the variant's resolved
// ManagedPolicyArns is where the link is written (an Fn::If resolved to its other branch
// or to AWS::NoValue drops it). Unknown entries, or entries of unknown place, may hold it.
bool attached_in_variant(const ResourceGraph& graph, const Resource& role, const Resource& role_variant,
                         const Resource& policy) {
  size_t role_node = graph.node(role), policy_node = graph.node(policy);
  if (role_node == ResourceGraph::npos || policy_node == ResourceGraph::npos) return true;
  const std::string arns_path = role.property_path("ManagedPolicyArns");
  const Value* arns = role_variant.property("ManagedPolicyArns");
  for (const GraphEdge* edge : graph.out_edges(role_node, EdgeKind::AttachedPolicy)) {
    if (edge->to != policy_node) continue;
    if (!edge->property_path.starts_with(arns_path)) return true;  // written in the policy
    if (!arns || !arns->is_sequence()) return true;
    for (const Value& item : arns->items()) {
      // The link's range is the entry as written (an Fn::If), the item the branch it became.
      if (!item.range().known() || item.range().holds(edge->range) || edge->range.holds(item.range())) return true;
    }
  }
  return false;
}

}  // namespace

std::vector<const Resource*> attached_policy_variants(const CheckContext& ctx, const ResourceGraph& graph,
                                                      const Resource& role, const Resource& role_variant,
                                                      const Resource& policy) {
  if (!attached_in_variant(graph, role, role_variant, policy)) return {};
  return ctx.variants_with(policy, role_variant);
}

}  // namespace cfn::checks
