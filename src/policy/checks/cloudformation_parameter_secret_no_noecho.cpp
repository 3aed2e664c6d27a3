// cloudformation-parameter-secret-no-noecho: a template parameter that holds a secret but
// shows it: a parameter whose name says it is a secret (DbPassword, ApiToken...), or that a
// secret property takes as its value (MasterUserPassword: !Ref AdminPw), without
// NoEcho: true, which the console, DescribeStacks and the events show in clear; or such a
// parameter with NoEcho and a literal Default, which anyone who reads the template knows.
// SSM-typed parameters hold the name of a parameter, not a value, and are not judged; nor
// are parameters used only as a secret's name or ARN, or only as a switch.
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

namespace {

std::string parameter_path(const Value::Entry& parameter, std::string_view key) {
  std::string path = "Parameters.";
  path.append(parameter.key).append(".").append(key);
  return path;
}

// The property whose whole value a reference is, from the reference's path: the last step,
// past any Fn::If branches ("...Properties.MasterUserPassword.Fn::If[1]" ->
// MasterUserPassword); "" for a reference inside another function (a Join, a Sub) or
// outside Properties (Metadata, DependsOn).
std::string_view property_taking(std::string_view path) {
  if (path.find(".Properties.") == std::string_view::npos) return {};
  while (path.ends_with(".Fn::If[1]") || path.ends_with(".Fn::If[2]")) path.remove_suffix(10);
  std::string_view step = path.substr(path.rfind('.') + 1);
  return step.find_first_of("[:") == std::string_view::npos ? step : std::string_view{};
}

// Properties named for a secret that are switches: true or false, never the secret.
bool switch_property(std::string_view name) {
  static constexpr std::string_view kSwitches[] = {"ManageMasterUserPassword", "ManageMasterPassword", "GenerateSecret"};
  return std::find(std::begin(kSwitches), std::end(kSwitches), name) != std::end(kSwitches);
}

// Properties named for a secret whose value is not one: an ARN (a custom resource's
// ServiceToken, an API Gateway role in AuthorizerCredentials or an integration's
// Credentials, CodeBuild's RegistryCredential.Credential), a switch (ManageMasterUserPassword,
// Cognito's GenerateSecret), or Alexa's EventSourceToken, the skill's public id.
bool secret_property(std::string_view name) {
  static constexpr std::string_view kNotSecrets[] = {
      "ServiceToken", "EventSourceToken", "AuthorizerCredentials", "Credentials", "Credential"};
  return obs::secret_word_name(name) && !switch_property(name) &&
         std::find(std::begin(kNotSecrets), std::end(kNotSecrets), name) == std::end(kNotSecrets);
}

// A template parameter's name without a last word "Parameter" or "Param", which names
// the template parameter itself as often as an SSM parameter (GitHubClientSecretParameter
// feeding GITHUB_CLIENT_SECRET holds the secret; DbPasswordSsmParameter still ends in a
// word that locates).
std::string_view without_parameter_word(std::string_view name) {
  for (std::string_view word : {"Parameter", "Param"}) {
    if (name.size() > word.size() && name.ends_with(word)) return name.substr(0, name.size() - word.size());
  }
  return name;
}

// Whether a resource property named for a secret (MasterUserPassword, AuthToken, an
// environment variable DB_PASSWORD) takes the parameter as its value: then the parameter
// holds that secret, whatever it is called. Not a parameter whose name says it holds where
// the secret is (DbSecretArn), or a number.
bool feeds_secret_property(CheckContext& ctx, const Value::Entry& parameter) {
  const Value* type = parameter.value.find("Type");
  if (obs::locator_name(without_parameter_word(parameter.key)) ||
      (type && type->is_scalar() && type->text().find("Number") != std::string::npos))
    return false;
  const ResourceGraph& graph = ctx.graph();
  size_t node = graph.node(parameter.key, NodeKind::Parameter);
  if (node == ResourceGraph::npos) return false;
  for (const GraphEdge* edge : graph.in_edges(node, EdgeKind::Ref)) {
    if (graph.at(edge->from).kind == NodeKind::Resource && secret_property(property_taking(edge->property_path)))
      return true;
  }
  return false;
}

// Whether `text` up to `at` has opened a dynamic reference it has not closed: a use there
// is the name or ARN of a secret ({{resolve:secretsmanager:${DbSecret}:SecretString:...}}).
bool inside_dynamic_reference(std::string_view text, size_t at) {
  std::string_view before = text.substr(0, at);
  size_t open = before.rfind("{{resolve:");
  size_t close = before.rfind("}}");
  return open != std::string_view::npos && (close == std::string_view::npos || close < open);
}

// The value a use sits in, found from its node's definition by the use's path (the
// path starts with the node's own); null when the path leads nowhere.
const Value* value_at(const GraphNode& node, std::string_view path) {
  if (!node.definition || !path.starts_with(node.path())) return nullptr;
  return find_path(*node.definition, path.substr(node.path().size()));
}

// Whether a Ref or Sub of the parameter sits inside a dynamic reference: a ${Name} of a
// Sub string after an open {{resolve:, or a Ref in a Fn::Join whose text before it opens one.
bool used_in_dynamic_reference(const ResourceGraph& graph, const GraphEdge& edge, std::string_view name) {
  if (edge.kind == EdgeKind::Sub) {
    const Value::Entry* call = edge.site ? edge.site->intrinsic() : nullptr;
    if (!call) return false;
    const Value& argument = call->value;
    const Value& text = argument.is_sequence() && !argument.items().empty() ? argument.items()[0] : argument;
    if (!text.is_scalar()) return false;
    std::string variable = "${" + std::string(name);
    size_t at = text.text().find(variable);
    if (at == std::string::npos) return false;
    for (; at != std::string::npos; at = text.text().find(variable, at + 1))
      if (!inside_dynamic_reference(text.text(), at)) return false;
    return true;
  }
  // A Ref as item i of a Join's list: the text before it is the items up to i, joined by
  // the delimiter.
  std::string_view path = edge.property_path;
  size_t open = path.rfind('[');
  const std::string_view list_step = ".Fn::Join[1]";
  if (edge.kind != EdgeKind::Ref || open == std::string_view::npos || !path.substr(0, open).ends_with(list_step))
    return false;
  const Value* arguments = value_at(graph.at(edge.from), path.substr(0, open - 3));  // [delimiter, list]
  if (!arguments || !arguments->is_sequence() || arguments->items().size() != 2 ||
      !arguments->items()[1].is_sequence())
    return false;
  auto delimiter = arguments->items()[0].as_string();
  std::string before;
  for (const Value& item : arguments->items()[1].items()) {
    if (&item == edge.site) return inside_dynamic_reference(before, before.size());
    if (item.is_scalar()) before += item.text();
    if (delimiter) before += *delimiter;
  }
  return false;
}

// Whether a use is the whole value of a property that takes a name or an ARN (a secret
// attachment's or rotation schedule's SecretId, an environment variable DB_SECRET_ARN).
bool locator_use(const ResourceGraph& graph, const GraphEdge& edge) {
  if (edge.kind != EdgeKind::Ref || graph.at(edge.from).kind != NodeKind::Resource) return false;
  std::string_view property = property_taking(edge.property_path);
  // Only a property's own value: a key of a Sub's variable map (DbRef) names no property.
  std::string_view path = edge.property_path;
  std::string_view to_property = path.substr(0, path.find(".Fn::If["));
  return !property.empty() && to_property.find("Fn::") == std::string_view::npos && obs::locator_name(property);
}

// Whether the parameter is used, and every use meets `test(graph, edge)`.
template <typename Test>
bool every_use(CheckContext& ctx, const Value::Entry& parameter, Test test) {
  const ResourceGraph& graph = ctx.graph();
  size_t node = graph.node(parameter.key, NodeKind::Parameter);
  if (node == ResourceGraph::npos) return false;
  auto uses = graph.in_edges(node);
  return !uses.empty() && std::all_of(uses.begin(), uses.end(), [&](const GraphEdge* edge) { return test(graph, *edge); });
}

// Whether every use of the parameter names a secret, inside a dynamic reference or as a
// property that takes a name or ARN: then it holds where the secret lives, whatever it is
// called (DatabaseSecret), not the secret.
bool only_names_secrets(CheckContext& ctx, const Value::Entry& parameter) {
  return every_use(ctx, parameter, [&](const ResourceGraph& graph, const GraphEdge& edge) {
    return used_in_dynamic_reference(graph, edge, parameter.key) || locator_use(graph, edge);
  });
}

// When the use is a Ref that is one side of a condition's Fn::Equals, the other side.
const Value* compared_with(const ResourceGraph& graph, const GraphEdge& edge) {
  const GraphNode& from = graph.at(edge.from);
  if (edge.kind != EdgeKind::Ref || from.kind != NodeKind::Condition) return nullptr;
  std::string_view path = edge.property_path;
  if (!path.ends_with(".Fn::Equals[0]") && !path.ends_with(".Fn::Equals[1]")) return nullptr;
  const Value* operands = value_at(from, path.substr(0, path.size() - 3));
  if (!operands || !operands->is_sequence() || operands->items().size() != 2) return nullptr;
  return &operands->items()[path.ends_with("[0]") ? 1 : 0];
}

// Whether a use of the parameter treats it as a switch: the whole value of a switch
// property (Cognito's GenerateSecret), or one side of a condition's Fn::Equals whose other
// side is a boolean literal.
bool switch_use(const ResourceGraph& graph, const GraphEdge& edge) {
  if (edge.kind == EdgeKind::Ref && graph.at(edge.from).kind == NodeKind::Resource)
    return switch_property(property_taking(edge.property_path));
  const Value* other = compared_with(graph, edge);
  return other && other->is_scalar() && other->as_bool().has_value();
}

// Whether the template compares the parameter with its own Default in a condition
// (`!Equals [!Ref DBPassword, Auto]`): the Default is a marker that picks another way
// (a generated password), not a secret.
bool default_is_marker(CheckContext& ctx, const Value::Entry& parameter, std::string_view fallback) {
  const ResourceGraph& graph = ctx.graph();
  size_t node = graph.node(parameter.key, NodeKind::Parameter);
  if (node == ResourceGraph::npos) return false;
  for (const GraphEdge* edge : graph.in_edges(node)) {
    const Value* other = compared_with(graph, *edge);
    if (other && other->is_scalar() && !other->is_null() && other->text() == fallback) return true;
  }
  return false;
}

// Whether the parameter is a switch wherever it is used (an Amplify auth stack's
// userpoolClientGenerateSecret feeds GenerateSecret and is compared with true): its name
// says secret, its value is true or false.
bool only_switches(CheckContext& ctx, const Value::Entry& parameter) { return every_use(ctx, parameter, switch_use); }

void check_parameter(CheckContext& ctx, const Value::Entry& parameter) {
  const Value& definition = parameter.value;
  if (!definition.is_mapping()) return;
  // AWS-specific types (an SSM parameter's name, a key pair's name, a VPC id) and lists of
  // them hold identifiers, never secrets.
  const Value* type = definition.find("Type");
  if (type && type->is_scalar() && (type->text().starts_with("AWS::") || type->text().starts_with("List<AWS::")))
    return;
  const Value* no_echo = definition.find("NoEcho");
  const Value* fallback = definition.find("Default");
  // A value chosen from AllowedValues written in the template is a switch, not a secret
  // (EnableClientCreds: [true, false]).
  if (definition.find("AllowedValues")) return;
  bool masked = no_echo && no_echo->as_bool() == true;
  bool secret = obs::secret_name(parameter.key) || feeds_secret_property(ctx, parameter);
  if (!secret && !masked) return;
  if (only_names_secrets(ctx, parameter) || only_switches(ctx, parameter)) return;
  if (masked) {
    if (!fallback || !fallback->is_scalar() || fallback->is_null() || fallback->text().empty() ||
        is_dynamic_reference(fallback->text()) || default_is_marker(ctx, parameter, fallback->text()))
      return;
    // NoEcho says the author treats the value as a secret, unless the name says it is an
    // identifier and the value has no secret's shape (DBMasterUsername, NoEcho, Default
    // postgres: RDS itself returns the user name in clear).
    if (!secret && obs::identifier_name(parameter.key) && obs::secret_shape(fallback->text()).empty()) return;
    ctx.report_at(parameter.key, parameter.key, fallback->range(), parameter_path(parameter, "Default"));
    return;
  }
  // A Default that is an ARN, an SSM path or a secret's name says the parameter holds
  // where the secret lives ("DatabaseSecret: arn:aws:secretsmanager:..."), not the secret.
  if (fallback && fallback->is_scalar() && !fallback->is_null() && !fallback->text().empty() &&
      !obs::secret_like_value(fallback->text()))
    return;
  // Parameters are not resources: the finding names the parameter and points at its
  // NoEcho, or at its name when NoEcho is absent.
  Range at = no_echo ? no_echo->range() : parameter.key_range;
  ctx.report_at(parameter.key, parameter.key, at, parameter_path(parameter, "NoEcho"));
  if (!no_echo) ctx.add_to_last_message("The parameter has no NoEcho.");
}

}  // namespace

void cloudformation_parameter_secret_no_noecho(CheckContext& ctx) {
  const Value* parameters = ctx.tmpl().parameters;
  if (!parameters || !parameters->is_mapping()) return;
  for (const Value::Entry& parameter : parameters->entries()) check_parameter(ctx, parameter);
}

}  // namespace cfn::checks
