// sqs-queue-no-cmk: an AWS::SQS::Queue encrypted with keys SQS owns (the SSE-SQS default)
// or with the AWS managed key alias/aws/sqs, not with a customer managed KMS key. A queue
// with encryption turned off is sqs-queue-no-encryption's finding, not this one's.
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

namespace {

bool names_aws_managed_key(const PropertyLookup& key) {
  auto text = key.found() ? key.value->as_string() : std::nullopt;
  return text && (*text == "alias/aws/sqs" || text->ends_with(":alias/aws/sqs"));
}

}  // namespace

void sqs_queue_no_cmk(CheckContext& ctx) {
  for (const Resource* queue : ctx.resources()) {
    PropertyLookup key = lookup_property(*queue, {"KmsMasterKeyId"});
    if (key.missing()) {
      PropertyLookup managed = lookup_property(*queue, {"SqsManagedSseEnabled"});
      if (managed.found() && managed.value->as_bool() == false) continue;  // unencrypted: other rule
      report_lookup(ctx, *queue, key);
    } else if (names_aws_managed_key(key)) {
      report_lookup(ctx, *queue, key);
    }
  }
}

}  // namespace cfn::checks
