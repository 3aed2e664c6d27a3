// redshift-cluster-publicly-accessible: an AWS::Redshift::Cluster with
// PubliclyAccessible true (the default is false): the cluster gets a public endpoint.
#include "policy/checks/checks_access.h"

namespace cfn::checks {

void redshift_cluster_publicly_accessible(CheckContext& ctx) { report_true_values(ctx, "PubliclyAccessible"); }

}  // namespace cfn::checks
