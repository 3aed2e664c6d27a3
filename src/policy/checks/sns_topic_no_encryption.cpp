// sns-topic-no-encryption: an AWS::SNS::Topic without KmsMasterKeyId. SNS stores messages
// unencrypted unless a KMS key is named, so the topic has no server-side encryption at all.
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

void sns_topic_no_encryption(CheckContext& ctx) {
  for (const Resource* topic : ctx.resources()) require_present(ctx, *topic, {"KmsMasterKeyId"});
}

}  // namespace cfn::checks
