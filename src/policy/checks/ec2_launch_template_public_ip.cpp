// ec2-launch-template-public-ip: an
// AWS::EC2::LaunchTemplate whose network interfaces ask for a public IPv4 address.
#include "policy/checks/checks_access.h"

namespace cfn::checks {

void ec2_launch_template_public_ip(CheckContext& ctx) { report_true_values(ctx, "LaunchTemplateData.NetworkInterfaces[].AssociatePublicIpAddress"); }

}  // namespace cfn::checks
