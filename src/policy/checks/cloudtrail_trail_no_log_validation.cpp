// cloudtrail-trail-no-log-validation: a trail without log file integrity validation
// (EnableLogFileValidation not true; it is off by default).
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

void cloudtrail_trail_no_log_validation(CheckContext& ctx) {
  for (const Resource* trail : ctx.resources()) obs::require_true(ctx, *trail, {"EnableLogFileValidation"});
}

}  // namespace cfn::checks
