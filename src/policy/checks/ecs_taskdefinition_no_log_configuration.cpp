// ecs-taskdefinition-no-log-configuration: a container of a task definition without a
// LogConfiguration: what it writes to stdout and stderr is not kept anywhere.
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

void ecs_taskdefinition_no_log_configuration(CheckContext& ctx) {
  for (const Resource* task : ctx.resources()) {
    obs::Lookup containers = obs::lookup(*task, {"ContainerDefinitions"});
    if (!containers.found() || !containers.value->is_sequence()) continue;
    const auto& items = containers.value->items();
    for (size_t i = 0; i < items.size(); ++i) {
      obs::Lookup config = obs::lookup(&items[i], obs::item_path(containers.path, i), {"LogConfiguration"});
      if (config.missing()) obs::report_missing(ctx, *task, config);
    }
  }
}

}  // namespace cfn::checks
