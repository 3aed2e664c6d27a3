// neptune-cluster-no-audit-logs: a Neptune cluster that does not export its audit log to
// CloudWatch Logs (EnableCloudwatchLogsExports without "audit").
#include <algorithm>

#include "policy/checks/checks_observability.h"

namespace cfn::checks {

void neptune_cluster_no_audit_logs(CheckContext& ctx) {
  for (const Resource* cluster : ctx.resources()) {
    obs::Lookup exports = obs::lookup(*cluster, {"EnableCloudwatchLogsExports"});
    if (exports.missing()) {
      obs::report_missing(ctx, *cluster, exports);
      continue;
    }
    if (!exports.found() || !exports.value->is_sequence()) continue;
    const auto& items = exports.value->items();
    bool unknown = std::any_of(items.begin(), items.end(), [](const Value& item) { return is_unknown(item); });
    bool audit = std::any_of(items.begin(), items.end(), [](const Value& item) { return item.as_string() == "audit"; });
    if (!unknown && !audit) obs::report_at(ctx, *cluster, exports, exports.path);
  }
}

}  // namespace cfn::checks
