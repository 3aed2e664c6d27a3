// rds-instance-no-log-exports: a DB instance that exports no log to CloudWatch Logs
// (EnableCloudwatchLogsExports empty or absent). An instance in an Aurora or Multi-AZ DB
// cluster (DBClusterIdentifier) takes its exports from the cluster: not judged here.
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

void rds_instance_no_log_exports(CheckContext& ctx) {
  for (const Resource* instance : ctx.resources()) {
    if (!obs::lookup(*instance, {"DBClusterIdentifier"}).missing()) continue;
    obs::require_non_empty(ctx, *instance, {"EnableCloudwatchLogsExports"});
  }
}

}  // namespace cfn::checks
