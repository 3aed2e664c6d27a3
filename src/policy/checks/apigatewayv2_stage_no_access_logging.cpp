// apigatewayv2-stage-no-access-logging: an HTTP or WebSocket API stage without access
// logging (AccessLogSettings.DestinationArn). A SAM HttpApi's AccessLogSettings is copied
// to the stage SAM generates.
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

void apigatewayv2_stage_no_access_logging(CheckContext& ctx) {
  for (const Resource* stage : ctx.resources())
    obs::require_present(ctx, *stage, {"AccessLogSettings", "DestinationArn"});
}

}  // namespace cfn::checks
