// rds-master-password-plaintext: a database master password written in the template: a
// literal MasterUserPassword on an RDS instance or cluster, a DocumentDB or Redshift
// cluster (or a Ref to a parameter with a Default that is not NoEcho). A dynamic reference
// ({{resolve:secretsmanager:...}}), a NoEcho parameter without Default or a password that
// RDS manages (ManageMasterUserPassword) keep it out of the template.
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

void rds_master_password_plaintext(CheckContext& ctx) {
  obs::check_secret_properties(ctx, {{"AWS::RDS::DBInstance", "MasterUserPassword"},
                                     {"AWS::RDS::DBCluster", "MasterUserPassword"},
                                     {"AWS::DocDB::DBCluster", "MasterUserPassword"},
                                     {"AWS::Redshift::Cluster", "MasterUserPassword"}});
}

}  // namespace cfn::checks
