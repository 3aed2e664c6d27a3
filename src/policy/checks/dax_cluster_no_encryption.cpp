// dax-cluster-no-encryption: an AWS::DAX::Cluster without SSESpecification.SSEEnabled: true.
// DAX stores its cache, configuration and logs unencrypted otherwise, and encryption at
// rest can only be chosen when the cluster is created.
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

void dax_cluster_no_encryption(CheckContext& ctx) {
  for (const Resource* cluster : ctx.resources()) require_true(ctx, *cluster, {"SSESpecification", "SSEEnabled"});
}

}  // namespace cfn::checks
