// rds-cluster-publicly-accessible: an AWS::RDS::DBCluster (Multi-AZ DB cluster) with
// PubliclyAccessible true: its endpoints resolve to public IP addresses.
#include "policy/checks/checks_access.h"

namespace cfn::checks {

void rds_cluster_publicly_accessible(CheckContext& ctx) { report_true_values(ctx, "PubliclyAccessible"); }

}  // namespace cfn::checks
