// opensearch-domain-no-node-to-node-encryption: an AWS::OpenSearchService::Domain or
// AWS::Elasticsearch::Domain without NodeToNodeEncryptionOptions.Enabled: true: traffic
// between the domain's nodes inside the VPC then travels unencrypted.
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

void opensearch_domain_no_node_to_node_encryption(CheckContext& ctx) {
  for (const Resource* domain : ctx.resources())
    require_true(ctx, *domain, {"NodeToNodeEncryptionOptions", "Enabled"});
}

}  // namespace cfn::checks
