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

// Two tokens that are no secrets: a custom resource's ServiceToken is its handler's ARN,
// and Alexa's EventSourceToken the skill's id, public in the skill's manifest.
bool secret_property(std::string_view name) {
  return obs::secret_word_name(name) && name != "ServiceToken" && name != "EventSourceToken";
}

// Whether a resource property named for a secret (MasterUserPassword, AuthToken, an
// environment variable DB_PASSWORD) takes the parameter as its value: then the parameter
// holds that secret, whatever it is called.
bool feeds_secret_property(CheckContext& ctx, std::string_view name) {
  const ResourceGraph& graph = ctx.graph();
  size_t node = graph.node(name, NodeKind::Parameter);
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
  const Value* type = definition.find("Type");
  if (type && type->is_scalar() && type->text().starts_with("AWS::SSM::Parameter::")) return;
  const Value* no_echo = definition.find("NoEcho");
  const Value* fallback = definition.find("Default");
  if (no_echo && no_echo->as_bool() == true) {
    if (fallback && fallback->is_scalar() && !fallback->is_null() && !fallback->text().empty() &&
        !is_dynamic_reference(fallback->text()))
      ctx.report_at(parameter.key, parameter.key, fallback->range(), parameter_path(parameter, "Default"));
    return;
  }
  if (!obs::secret_name(parameter.key) && !feeds_secret_property(ctx, parameter.key)) return;
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
