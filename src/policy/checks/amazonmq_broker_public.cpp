// amazonmq-broker-public: an AWS::AmazonMQ::Broker with PubliclyAccessible true:
// the broker's endpoints are reachable from the internet.
#include "policy/checks/checks_access.h"

namespace cfn::checks {

void amazonmq_broker_public(CheckContext& ctx) { report_true_values(ctx, "PubliclyAccessible"); }

}  // namespace cfn::checks
