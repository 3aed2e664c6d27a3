// elasticache-replicationgroup-no-encryption-in-transit: an
// AWS::ElastiCache::ReplicationGroup without TransitEncryptionEnabled: true, or with
// TransitEncryptionMode: preferred, which still accepts unencrypted connections. A
// secondary of a global datastore (GlobalReplicationGroupId) takes the primary's
// encryption settings: not judged.
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

void elasticache_replicationgroup_no_encryption_in_transit(CheckContext& ctx) {
  for (const Resource* group : ctx.resources()) {
    if (!lookup_property(*group, {"GlobalReplicationGroupId"}).missing()) continue;
    PropertyLookup enabled = lookup_property(*group, {"TransitEncryptionEnabled"});
    if (enabled.missing() || (enabled.found() && enabled.value->as_bool() != true)) {
      report_lookup(ctx, *group, enabled);
      continue;
    }
    PropertyLookup mode = lookup_property(*group, {"TransitEncryptionMode"});
    if (found_text(mode, "preferred")) report_lookup(ctx, *group, mode);
  }
}

}  // namespace cfn::checks
