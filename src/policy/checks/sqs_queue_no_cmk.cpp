// sqs-queue-no-cmk: an AWS::SQS::Queue encrypted with keys SQS owns (the SSE-SQS default)
// or with the AWS managed key alias/aws/sqs, not with a customer managed KMS key. A queue
// with encryption turned off is sqs-queue-no-encryption's finding, not this one's.
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

void sqs_queue_no_cmk(CheckContext& ctx) {
  for (const Resource* queue : ctx.resources()) {
    PropertyLookup key = lookup_property(*queue, {"KmsMasterKeyId"});
    if (key.missing() || found_text(key, "")) {  // an empty key names no key
      PropertyLookup managed = lookup_property(*queue, {"SqsManagedSseEnabled"});
      if (managed.found() && managed.value->as_bool() == false) continue;  // unencrypted: other rule
      report_lookup(ctx, *queue, key);
    } else if (const Value* written = queue->property("KmsMasterKeyId");
               names_aws_managed_key(key, written, "alias/aws/sqs")) {
      ctx.report(*queue, *written, queue->property_path("KmsMasterKeyId"));
    }
  }
}

}  // namespace cfn::checks
