// codebuild-project-hardcoded-secret: a build environment variable of Type PLAINTEXT (the
// default) that holds a literal secret. Variables of Type PARAMETER_STORE or
// SECRETS_MANAGER hold the name of where the secret lives, which is what they are for.
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

namespace {

bool plaintext(const Value& variable) {
  const Value* type = variable.find("Type");
  return !type || (!is_unknown(*type) && type->as_string() == "PLAINTEXT");
}

}  // namespace

void codebuild_project_hardcoded_secret(CheckContext& ctx) {
  for (const Resource* project : ctx.resources()) {
    obs::Lookup variables = obs::lookup(*project, {"Environment", "EnvironmentVariables"});
    if (!variables.found() || !variables.value->is_sequence()) continue;
    obs::NoEchoSites sites(ctx.tmpl(), *project);
    const auto& items = variables.value->items();
    for (size_t i = 0; i < items.size(); ++i) {
      if (is_unknown(items[i]) || !items[i].is_mapping() || !plaintext(items[i])) continue;
      const Value* name = items[i].find("Name");
      const Value* value = items[i].find("Value");
      if (!name || !value || is_unknown(*name) || !name->as_string()) continue;
      obs::check_variable(ctx, *project, *name->as_string(), *value, item_path(variables.path, i) + ".Value",
                          sites);
    }
  }
}

}  // namespace cfn::checks
