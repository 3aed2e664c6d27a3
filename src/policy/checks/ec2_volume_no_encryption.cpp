// ec2-volume-no-encryption: an AWS::EC2::Volume without Encrypted: true. A volume made from
// a snapshot (SnapshotId) takes the snapshot's encryption and is not judged.
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

void ec2_volume_no_encryption(CheckContext& ctx) {
  for (const Resource* volume : ctx.resources()) {
    if (!has_property(*volume, {"SnapshotId"})) require_true(ctx, *volume, {"Encrypted"});
  }
}

}  // namespace cfn::checks
