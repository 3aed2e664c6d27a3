// elb-loadbalancer-no-access-logging: a Classic Load Balancer without access logs
// (AccessLoggingPolicy.Enabled not true).
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

void elb_loadbalancer_no_access_logging(CheckContext& ctx) {
  for (const Resource* balancer : ctx.resources())
    obs::require_true(ctx, *balancer, {"AccessLoggingPolicy", "Enabled"});
}

}  // namespace cfn::checks
