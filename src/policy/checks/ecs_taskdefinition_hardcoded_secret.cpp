// ecs-taskdefinition-hardcoded-secret: a container environment variable (Environment[]
// Name/Value) that holds a literal secret, where Secrets[] (from Secrets Manager or SSM
// Parameter Store) belongs. Same tests as lambda-function-hardcoded-secret.
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

namespace {

void check_container(CheckContext& ctx, const Resource& task, const obs::Lookup& environment,
                     const obs::NoEchoSites& sites) {
  if (!environment.found() || !environment.value->is_sequence()) return;
  const auto& items = environment.value->items();
  for (size_t i = 0; i < items.size(); ++i) {
    if (is_unknown(items[i]) || !items[i].is_mapping()) continue;
    const Value* name = items[i].find("Name");
    const Value* value = items[i].find("Value");
    if (!name || !value || is_unknown(*name) || !name->as_string()) continue;
    obs::check_variable(ctx, task, *name->as_string(), *value, item_path(environment.path, i) + ".Value", sites);
  }
}

}  // namespace

void ecs_taskdefinition_hardcoded_secret(CheckContext& ctx) {
  for (const Resource* task : ctx.resources()) {
    obs::Lookup containers = obs::lookup(*task, {"ContainerDefinitions"});
    if (!containers.found() || !containers.value->is_sequence()) continue;
    obs::NoEchoSites sites(ctx.tmpl(), *task);
    const auto& items = containers.value->items();
    for (size_t i = 0; i < items.size(); ++i)
      check_container(ctx, *task, obs::lookup(&items[i], item_path(containers.path, i), {"Environment"}), sites);
  }
}

}  // namespace cfn::checks
