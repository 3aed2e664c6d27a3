// ec2-instance-public-ip: an AWS::EC2::Instance whose
// network interfaces ask for a public IPv4 address (AssociatePublicIpAddress true).
#include "policy/checks/checks_access.h"

namespace cfn::checks {

void ec2_instance_public_ip(CheckContext& ctx) { report_true_values(ctx, "NetworkInterfaces[].AssociatePublicIpAddress"); }

}  // namespace cfn::checks
