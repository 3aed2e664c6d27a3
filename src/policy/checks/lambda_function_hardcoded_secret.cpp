// lambda-function-hardcoded-secret: an environment variable of a Lambda function that holds
// a literal secret: its name says it is one (DB_PASSWORD, API_KEY...) and its value is a
// literal, or its value has the shape of a known credential (an AWS access key id, a
// private key, a GitHub token...). Dynamic references and Refs to NoEcho parameters are
// not literals.
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

void lambda_function_hardcoded_secret(CheckContext& ctx) {
  for (const Resource* function : ctx.resources()) {
    obs::Lookup variables = obs::lookup(*function, {"Environment", "Variables"});
    if (!variables.found() || !variables.value->is_mapping()) continue;
    obs::NoEchoSites sites(ctx.tmpl(), *function);
    for (const Value::Entry& variable : variables.value->entries())
      obs::check_variable(ctx, *function, variable.key, variable.value, variables.path + "." + variable.key, sites);
  }
}

}  // namespace cfn::checks
