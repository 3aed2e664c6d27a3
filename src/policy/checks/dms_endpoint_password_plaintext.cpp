// dms-endpoint-password-plaintext: a DMS endpoint's database password (Password, or the
// Password of its MongoDB, DocumentDB, Redshift, Oracle... settings) written in the template.
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

void dms_endpoint_password_plaintext(CheckContext& ctx) {
  obs::check_secret_properties(ctx, {{"AWS::DMS::Endpoint", "Password"},
                                     {"AWS::DMS::Endpoint", "MongoDbSettings.Password"},
                                     {"AWS::DMS::Endpoint", "DocDbSettings.Password"},
                                     {"AWS::DMS::Endpoint", "RedshiftSettings.Password"},
                                     {"AWS::DMS::Endpoint", "OracleSettings.AsmPassword"},
                                     {"AWS::DMS::Endpoint", "OracleSettings.SecurityDbEncryption"},
                                     {"AWS::DMS::Endpoint", "IbmDb2Settings.Password"}});
}

}  // namespace cfn::checks
