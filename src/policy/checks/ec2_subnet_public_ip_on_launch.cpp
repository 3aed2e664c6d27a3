// ec2-subnet-public-ip-on-launch: an AWS::EC2::Subnet with MapPublicIpOnLaunch true:
// every instance and network interface launched in it gets a public IPv4 address.
#include "policy/checks/checks_access.h"

namespace cfn::checks {

void ec2_subnet_public_ip_on_launch(CheckContext& ctx) { report_true_values(ctx, "MapPublicIpOnLaunch"); }

}  // namespace cfn::checks
