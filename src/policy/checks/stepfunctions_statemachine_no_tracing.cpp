// stepfunctions-statemachine-no-tracing: a state machine without X-Ray tracing
// (TracingConfiguration.Enabled not true). SAM's Tracing becomes TracingConfiguration.
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

void stepfunctions_statemachine_no_tracing(CheckContext& ctx) {
  for (const Resource* machine : ctx.resources())
    obs::require_true(ctx, *machine, {"TracingConfiguration", "Enabled"});
}

}  // namespace cfn::checks
