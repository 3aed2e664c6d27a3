// msk-cluster-no-broker-logging: an MSK cluster whose broker logs go nowhere
// (LoggingInfo.BrokerLogs without CloudWatchLogs, Firehose or S3 enabled).
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

void msk_cluster_no_broker_logging(CheckContext& ctx) {
  for (const Resource* cluster : ctx.resources()) {
    obs::Lookup logs = obs::lookup(*cluster, {"LoggingInfo", "BrokerLogs"});
    if (logs.missing()) {
      obs::report_missing(ctx, *cluster, logs);
      continue;
    }
    if (!logs.found()) continue;
    bool unknown = false;
    bool enabled = false;
    for (std::string_view destination : {"CloudWatchLogs", "Firehose", "S3"}) {
      obs::Lookup flag = obs::lookup(logs.value, logs.path, {destination, "Enabled"});
      unknown = unknown || flag.state == obs::Lookup::State::Unknown;
      enabled = enabled || (flag.found() && obs::is_true(*flag.value));
    }
    if (!unknown && !enabled) obs::report_at(ctx, *cluster, logs, logs.path);
  }
}

}  // namespace cfn::checks
