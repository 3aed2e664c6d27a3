// rds-instance-no-enhanced-monitoring: a DB instance without Enhanced Monitoring
// (MonitoringInterval absent or 0, the default).
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

void rds_instance_no_enhanced_monitoring(CheckContext& ctx) {
  for (const Resource* instance : ctx.resources()) {
    obs::Lookup interval = obs::lookup(*instance, {"MonitoringInterval"});
    if (interval.missing()) {
      obs::report_missing(ctx, *instance, interval);
    } else if (interval.found() && interval.value->as_number() == 0.0) {
      ctx.report(*instance, *interval.value, interval.path);
    }
  }
}

}  // namespace cfn::checks
