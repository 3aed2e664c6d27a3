// amazonmq-broker-password-plaintext: a broker user's password (Users[].Password) written
// in the template.
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

void amazonmq_broker_password_plaintext(CheckContext& ctx) {
  obs::check_secret_properties(ctx, {{"AWS::AmazonMQ::Broker", "Users[].Password"}});
}

}  // namespace cfn::checks
