// autoscaling-launch-configuration-public-ip: an AWS::AutoScaling::LaunchConfiguration
// with AssociatePublicIpAddress true: every instance of the group gets a public IPv4 address.
#include "policy/checks/checks_access.h"

namespace cfn::checks {

void autoscaling_launch_configuration_public_ip(CheckContext& ctx) { report_true_values(ctx, "AssociatePublicIpAddress"); }

}  // namespace cfn::checks
