// apigateway-stage-no-tracing: a REST API stage without X-Ray tracing (TracingEnabled not
// true). A SAM Api's TracingEnabled is copied to the stage SAM generates. A Deployment that
// creates its stage itself (StageDescription) is held to the same rule.
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

void apigateway_stage_no_tracing(CheckContext& ctx) {
  for (const Resource* resource : ctx.resources()) {
    if (resource->type == "AWS::ApiGateway::Stage") {
      obs::require_true(ctx, *resource, {"TracingEnabled"});
    } else if (obs::lookup(*resource, {"StageDescription"}).found()) {
      obs::require_true(ctx, *resource, {"StageDescription", "TracingEnabled"});
    }
  }
}

}  // namespace cfn::checks
