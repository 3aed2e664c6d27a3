// stepfunctions-statemachine-no-logging: a state machine that sends no execution history
// to CloudWatch Logs: no LoggingConfiguration, Level OFF (the default) or no destination.
// SAM's Logging becomes LoggingConfiguration.
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

void stepfunctions_statemachine_no_logging(CheckContext& ctx) {
  for (const Resource* machine : ctx.resources()) {
    obs::Lookup level = obs::lookup(*machine, {"LoggingConfiguration", "Level"});
    if (level.missing()) {
      obs::report_missing(ctx, *machine, level);  // Level defaults to OFF
      continue;
    }
    if (!level.found()) continue;
    if (level.value->as_string() == "OFF") {
      ctx.report(*machine, *level.value, level.path);
      continue;
    }
    obs::require_non_empty(ctx, *machine, {"LoggingConfiguration", "Destinations"});
  }
}

}  // namespace cfn::checks
