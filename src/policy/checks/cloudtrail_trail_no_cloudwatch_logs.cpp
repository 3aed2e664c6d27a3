// cloudtrail-trail-no-cloudwatch-logs: a trail that delivers only to S3, not to a
// CloudWatch Logs log group (CloudWatchLogsLogGroupArn) where metric filters and alarms can
// watch it.
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

void cloudtrail_trail_no_cloudwatch_logs(CheckContext& ctx) {
  for (const Resource* trail : ctx.resources()) obs::require_present(ctx, *trail, {"CloudWatchLogsLogGroupArn"});
}

}  // namespace cfn::checks
