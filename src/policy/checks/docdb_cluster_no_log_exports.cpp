// docdb-cluster-no-log-exports: a DocumentDB cluster that exports no log (audit or
// profiler) to CloudWatch Logs.
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

void docdb_cluster_no_log_exports(CheckContext& ctx) {
  for (const Resource* cluster : ctx.resources())
    obs::require_non_empty(ctx, *cluster, {"EnableCloudwatchLogsExports"});
}

}  // namespace cfn::checks
