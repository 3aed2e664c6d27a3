// elasticache-replicationgroup-no-encryption-at-rest: an AWS::ElastiCache::ReplicationGroup
// without AtRestEncryptionEnabled: true. Its disks, swap and backups in S3 are then stored
// unencrypted; the setting cannot be changed after creation.
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

void elasticache_replicationgroup_no_encryption_at_rest(CheckContext& ctx) {
  for (const Resource* group : ctx.resources()) {
    if (has_property(*group, {"SnapshotName"})) continue;  // restored: the snapshot's cluster decided
    require_true(ctx, *group, {"AtRestEncryptionEnabled"});
  }
}

}  // namespace cfn::checks
