// opensearch-domain-no-encryption-at-rest: an AWS::OpenSearchService::Domain or
// AWS::Elasticsearch::Domain without EncryptionAtRestOptions.Enabled: true. Its indexes,
// logs, swap and automated snapshots are then stored unencrypted.
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

void opensearch_domain_no_encryption_at_rest(CheckContext& ctx) {
  for (const Resource* domain : ctx.resources()) require_true(ctx, *domain, {"EncryptionAtRestOptions", "Enabled"});
}

}  // namespace cfn::checks
