// rds-cluster-no-log-exports: a DB cluster that exports no log to CloudWatch Logs
// (EnableCloudwatchLogsExports empty or absent). Aurora Serverless v1 (EngineMode
// serverless) cannot export logs: not judged.
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

void rds_cluster_no_log_exports(CheckContext& ctx) {
  for (const Resource* cluster : ctx.resources()) {
    obs::Lookup mode = obs::lookup(*cluster, {"EngineMode"});
    if (mode.state == obs::Lookup::State::Unknown) continue;
    if (mode.found() && mode.value->as_string() == "serverless") continue;
    obs::require_non_empty(ctx, *cluster, {"EnableCloudwatchLogsExports"});
  }
}

}  // namespace cfn::checks
