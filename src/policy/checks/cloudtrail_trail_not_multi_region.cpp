// cloudtrail-trail-not-multi-region: a trail that records only its own Region
// (IsMultiRegionTrail not true; CloudFormation creates single-Region trails by default).
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

void cloudtrail_trail_not_multi_region(CheckContext& ctx) {
  for (const Resource* trail : ctx.resources()) obs::require_true(ctx, *trail, {"IsMultiRegionTrail"});
}

}  // namespace cfn::checks
