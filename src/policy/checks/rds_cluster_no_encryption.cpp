// rds-cluster-no-encryption: an AWS::RDS::DBCluster (Aurora or Multi-AZ DB cluster) whose
// storage is not encrypted (StorageEncrypted absent or false). Not judged: Aurora
// Serverless v1 (EngineMode serverless, always encrypted) and clusters that inherit their
// encryption from a snapshot, a source cluster, a replication source or a global cluster.
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

namespace {

bool encryption_decided_elsewhere(const Resource& cluster) {
  for (std::string_view source : {"SnapshotIdentifier", "SourceDBClusterIdentifier", "ReplicationSourceIdentifier",
                                  "GlobalClusterIdentifier", "SourceDbClusterResourceId"}) {
    if (has_property(cluster, {source})) return true;
  }
  PropertyLookup mode = lookup_property(cluster, {"EngineMode"});
  return found_text(mode, "serverless") || (!mode.missing() && !mode.found());
}

}  // namespace

void rds_cluster_no_encryption(CheckContext& ctx) {
  for (const Resource* cluster : ctx.resources()) {
    if (!encryption_decided_elsewhere(*cluster)) require_true(ctx, *cluster, {"StorageEncrypted"});
  }
}

}  // namespace cfn::checks
