// logs-loggroup-no-retention: a CloudWatch Logs log group without RetentionInDays keeps
// its events forever.
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

void logs_loggroup_no_retention(CheckContext& ctx) {
  for (const Resource* group : ctx.resources()) obs::require_present(ctx, *group, {"RetentionInDays"});
}

}  // namespace cfn::checks
