// apigateway-stage-no-access-logging: a REST API stage without access logging
// (AccessLogSetting.DestinationArn). A SAM Api's AccessLogSetting is copied to its stage; a
// Deployment that creates its stage (StageDescription) is held to the same rule.
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

void apigateway_stage_no_access_logging(CheckContext& ctx) {
  for (const Resource* resource : ctx.resources()) {
    if (resource->type == "AWS::ApiGateway::Stage") {
      obs::require_present(ctx, *resource, {"AccessLogSetting", "DestinationArn"});
    } else if (obs::lookup(*resource, {"StageDescription"}).found()) {
      obs::require_present(ctx, *resource, {"StageDescription", "AccessLogSetting", "DestinationArn"});
    }
  }
}

}  // namespace cfn::checks
