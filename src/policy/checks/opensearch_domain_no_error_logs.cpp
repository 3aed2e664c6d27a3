// opensearch-domain-no-error-logs: an OpenSearch (or Elasticsearch) domain that does not
// publish its error logs (LogPublishingOptions.ES_APPLICATION_LOGS) to CloudWatch Logs.
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

void opensearch_domain_no_error_logs(CheckContext& ctx) {
  for (const Resource* domain : ctx.resources()) {
    obs::require_true(ctx, *domain, {"LogPublishingOptions", "ES_APPLICATION_LOGS", "Enabled"});
  }
}

}  // namespace cfn::checks
