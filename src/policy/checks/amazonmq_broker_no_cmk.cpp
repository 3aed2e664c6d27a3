// amazonmq-broker-no-cmk: an ActiveMQ AWS::AmazonMQ::Broker whose EncryptionOptions name
// no KMS key. Amazon MQ encrypts broker storage anyway, with a key AWS owns (UseAwsOwnedKey,
// the default) or with the AWS managed key aws/mq.
#include "policy/checks/checks_access.h"
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

void amazonmq_broker_no_cmk(CheckContext& ctx) {
  for (const Resource* broker : ctx.resources()) {
    // EncryptionOptions applies to ActiveMQ brokers only ("Does not apply to RabbitMQ
    // brokers", whose storage always uses a key AWS owns); an unknown engine is not judged.
    if (!property_equals(*broker, "EngineType", "ACTIVEMQ")) continue;
    PropertyLookup owned = lookup_property(*broker, {"EncryptionOptions", "UseAwsOwnedKey"});
    if (found_true(owned)) {
      report_lookup(ctx, *broker, owned);
      continue;
    }
    require_present(ctx, *broker, {"EncryptionOptions", "KmsKeyId"});
  }
}

}  // namespace cfn::checks
