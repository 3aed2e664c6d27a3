// opensearch-domain-no-audit-logs: an OpenSearch (or Elasticsearch) domain that does not
// publish audit logs (LogPublishingOptions.AUDIT_LOGS) to CloudWatch Logs.
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

void opensearch_domain_no_audit_logs(CheckContext& ctx) {
  for (const Resource* domain : ctx.resources())
    obs::require_true(ctx, *domain, {"LogPublishingOptions", "AUDIT_LOGS", "Enabled"});
}

}  // namespace cfn::checks
