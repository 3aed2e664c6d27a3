// autoscaling-launchconfiguration-no-encryption: an EBS volume in the BlockDeviceMappings
// of an AWS::AutoScaling::LaunchConfiguration without Encrypted: true (entries made from a
// snapshot, or without Ebs, are not judged).
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

void autoscaling_launchconfiguration_no_encryption(CheckContext& ctx) {
  for (const Resource* configuration : ctx.resources())
    check_block_device_mappings(ctx, *configuration, lookup_property(*configuration, {"BlockDeviceMappings"}));
}

}  // namespace cfn::checks
