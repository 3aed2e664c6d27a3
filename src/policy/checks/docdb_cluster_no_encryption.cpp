// docdb-cluster-no-encryption: an AWS::DocDB::DBCluster whose storage is not encrypted
// (StorageEncrypted absent or false). A cluster restored from a snapshot or a source
// cluster inherits that encryption and is not judged.
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

void docdb_cluster_no_encryption(CheckContext& ctx) {
  for (const Resource* cluster : ctx.resources()) {
    if (has_property(*cluster, {"SnapshotIdentifier"}) || has_property(*cluster, {"SourceDBClusterIdentifier"})) continue;
    require_true(ctx, *cluster, {"StorageEncrypted"});
  }
}

}  // namespace cfn::checks
