// rds-instance-no-encryption: an AWS::RDS::DBInstance whose storage is not encrypted
// (StorageEncrypted absent or false). An instance that takes its storage from elsewhere
// (an Aurora cluster, a source instance for a read replica, a snapshot) inherits that
// encryption and is not judged here.
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

namespace {

bool inherits_encryption(const Resource& instance) {
  for (std::string_view source : {"DBClusterIdentifier", "SourceDBInstanceIdentifier", "SourceDBInstanceAutomatedBackupsArn",
                                  "DBSnapshotIdentifier", "SourceDBClusterIdentifier"}) {
    if (has_property(instance, {source})) return true;
  }
  PropertyLookup engine = lookup_property(instance, {"Engine"});
  auto text = engine.found() ? engine.value->as_string() : std::nullopt;
  return !engine.missing() && (!text || text->starts_with("aurora"));  // Aurora: the cluster decides
}

}  // namespace

void rds_instance_no_encryption(CheckContext& ctx) {
  for (const Resource* instance : ctx.resources()) {
    if (!inherits_encryption(*instance)) require_true(ctx, *instance, {"StorageEncrypted"});
  }
}

}  // namespace cfn::checks
