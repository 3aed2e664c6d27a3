// rds-instance-publicly-accessible: an AWS::RDS::DBInstance with PubliclyAccessible true: the
// endpoint resolves to a public IP address. When the property is absent the instance is
// public only in a default VPC without a DB subnet group, which the template cannot show.
#include "policy/checks/checks_access.h"

namespace cfn::checks {

void rds_instance_publicly_accessible(CheckContext& ctx) { report_true_values(ctx, "PubliclyAccessible"); }

}  // namespace cfn::checks
