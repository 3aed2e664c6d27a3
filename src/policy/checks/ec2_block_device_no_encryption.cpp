// ec2-block-device-no-encryption: an EBS volume declared in the BlockDeviceMappings of an
// AWS::EC2::Instance or of an AWS::EC2::LaunchTemplate without Encrypted: true. Entries
// made from a snapshot (SnapshotId) take its encryption; entries without Ebs (instance
// store, NoDevice) hold no EBS volume: neither is judged.
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

void ec2_block_device_no_encryption(CheckContext& ctx) {
  for (const Resource* resource : ctx.resources()) {
    PropertyLookup mappings = resource->type == "AWS::EC2::LaunchTemplate"
                                  ? lookup_property(*resource, {"LaunchTemplateData", "BlockDeviceMappings"})
                                  : lookup_property(*resource, {"BlockDeviceMappings"});
    check_block_device_mappings(ctx, *resource, mappings);
  }
}

}  // namespace cfn::checks
