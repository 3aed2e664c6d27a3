// redshift-cluster-no-encryption: an AWS::Redshift::Cluster created with Encrypted: false.
// A cluster that says nothing is encrypted: Amazon Redshift encrypts new provisioned
// clusters by default (with a key AWS owns), so only the explicit opt-out is reported.
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

void redshift_cluster_no_encryption(CheckContext& ctx) {
  for (const Resource* cluster : ctx.resources()) {
    if (has_property(*cluster, {"SnapshotIdentifier"})) continue;  // restored: the snapshot decides
    forbid_false(ctx, *cluster, {"Encrypted"});
  }
}

}  // namespace cfn::checks
