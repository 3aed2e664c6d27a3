// lambda-function-hardcoded-secret: an environment variable of a Lambda function that holds
// a literal secret: its name says it is one (DB_PASSWORD, API_KEY...) and its value is a
// literal, or its value has the shape of a known credential (an AWS access key id, a
// private key, a GitHub token...). Dynamic references and Refs to NoEcho parameters are
// not literals. A variable that reads a secret attribute of a resource of the template
// (Fn::GetAtt of an access key's SecretAccessKey, or ${Key.SecretAccessKey} in a Fn::Sub)
// puts that secret in clear in the function's configuration: reported at the reference.
#include "graph/graph.h"
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

namespace {

void check_secret_attributes(CheckContext& ctx, const Resource& function, const Value& variables) {
  const ResourceGraph& graph = ctx.graph();
  for (const GraphEdge* edge : obs::kept_references(ctx, function, variables, function.property_path("Environment.Variables."))) {
    const Resource* target = graph.at(edge->to).resource;
    if (edge->kind == EdgeKind::Ref || !target || !obs::is_secret_attribute(*target, edge->attribute) ||
        ctx.variants_of(*target).empty())
      continue;
    ctx.report(function, edge->range, std::string(edge->property_path));
    ctx.add_to_last_message("The value is " + target->logical_id + "'s " + std::string(edge->attribute) +
                            ", which Lambda shows in clear to anyone who can read the function's configuration.");
  }
}

}  // namespace

void lambda_function_hardcoded_secret(CheckContext& ctx) {
  for (const Resource* function : ctx.resources()) {
    obs::Lookup variables = obs::lookup(*function, {"Environment", "Variables"});
    if (!variables.found() || !variables.value->is_mapping()) continue;
    obs::NoEchoSites sites(ctx.tmpl(), *function);
    for (const Value::Entry& variable : variables.value->entries())
      obs::check_variable(ctx, *function, variable.key, variable.value, variables.path + "." + variable.key, sites);
    check_secret_attributes(ctx, *function, *variables.value);
  }
}

}  // namespace cfn::checks
