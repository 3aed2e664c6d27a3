// amazonmq-broker-no-cmk: an ActiveMQ AWS::AmazonMQ::Broker whose EncryptionOptions name
// no KMS key. Amazon MQ encrypts broker storage anyway, with a key AWS owns (UseAwsOwnedKey,
// the default) or with the AWS managed key aws/mq.
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

namespace {

// EncryptionOptions applies to ActiveMQ brokers only ("Does not apply to RabbitMQ brokers",
// whose storage always uses a key AWS owns): an engine left unknown is not judged.
bool is_activemq(const Resource& broker) {
  const Value* engine = broker.property("EngineType");
  auto name = engine && !is_unknown(*engine) ? engine->as_string() : std::nullopt;
  return name && equals_ignoring_case(*name, "ACTIVEMQ");
}

}  // namespace

void amazonmq_broker_no_cmk(CheckContext& ctx) {
  for (const Resource* broker : ctx.resources()) {
    if (!is_activemq(*broker)) continue;
    PropertyLookup owned = lookup_property(*broker, {"EncryptionOptions", "UseAwsOwnedKey"});
    if (found_true(owned)) {
      report_lookup(ctx, *broker, owned);
      continue;
    }
    require_present(ctx, *broker, {"EncryptionOptions", "KmsKeyId"});
  }
}

}  // namespace cfn::checks
