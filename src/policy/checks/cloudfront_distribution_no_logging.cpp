// cloudfront-distribution-no-logging: a distribution without standard access logs
// (DistributionConfig.Logging with a Bucket).
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

void cloudfront_distribution_no_logging(CheckContext& ctx) {
  for (const Resource* distribution : ctx.resources())
    obs::require_present(ctx, *distribution, {"DistributionConfig", "Logging", "Bucket"});
}

}  // namespace cfn::checks
