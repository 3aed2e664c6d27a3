// redshift-cluster-no-audit-logging: a Redshift cluster without audit logging
// (LoggingProperties, to S3 or CloudWatch Logs).
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

void redshift_cluster_no_audit_logging(CheckContext& ctx) {
  for (const Resource* cluster : ctx.resources()) obs::require_present(ctx, *cluster, {"LoggingProperties"});
}

}  // namespace cfn::checks
