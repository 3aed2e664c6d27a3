// cloudformation-parameter-secret-no-noecho: a template parameter that holds a secret but
// shows it: a parameter whose name says it is a secret (DbPassword, ApiToken...), or that a
// secret property takes as its value (MasterUserPassword: !Ref AdminPw), without
// NoEcho: true, which the console, DescribeStacks and the events show in clear; or a NoEcho
// parameter with a literal Default, which anyone who reads the template knows. SSM-typed
// parameters hold the name of a parameter, not a value, and are not judged.
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

// Properties named for a secret whose value is not one: an ARN (a custom resource's
// ServiceToken, an API Gateway role in AuthorizerCredentials or an integration's
// Credentials, CodeBuild's RegistryCredential.Credential), a switch (ManageMasterUserPassword,
// Cognito's GenerateSecret), or Alexa's EventSourceToken, the skill's public id.
bool secret_property(std::string_view name) {
  static constexpr std::string_view kNotSecrets[] = {
      "ServiceToken", "EventSourceToken", "AuthorizerCredentials", "Credentials", "Credential",
      "ManageMasterUserPassword", "ManageMasterPassword", "GenerateSecret"};
  return obs::secret_word_name(name) &&
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
  if (no_echo && no_echo->as_bool() == true) {
    if (fallback && fallback->is_scalar() && !fallback->is_null() && !fallback->text().empty() &&
        !is_dynamic_reference(fallback->text()))
      ctx.report_at(parameter.key, parameter.key, fallback->range(), parameter_path(parameter, "Default"));
    return;
  }
  // A value chosen from AllowedValues written in the template is a switch, not a secret
  // (EnableClientCreds: [true, false]).
  if (definition.find("AllowedValues")) return;
  if (!obs::secret_name(parameter.key) && !feeds_secret_property(ctx, parameter)) return;
  // A Default that is an ARN, an SSM path or a secret's name says the parameter holds
  // where the secret lives ("DatabaseSecret: arn:aws:secretsmanager:..."), not the secret.
  if (fallback && fallback->is_scalar() && !fallback->is_null() && !fallback->text().empty() &&
      !obs::secret_like_value(fallback->text()))
    return;
  // Parameters are not resources: the finding names the parameter and points at its
  // NoEcho, or at its name when NoEcho is absent.
  Range at = no_echo ? no_echo->range() : parameter.key_range;
  ctx.report_at(parameter.key, parameter.key, at, parameter_path(parameter, "NoEcho"));
}

}  // namespace

void cloudformation_parameter_secret_no_noecho(CheckContext& ctx) {
  const Value* parameters = ctx.tmpl().parameters;
  if (!parameters || !parameters->is_mapping()) return;
  for (const Value::Entry& parameter : parameters->entries()) check_parameter(ctx, parameter);
}

}  // namespace cfn::checks
