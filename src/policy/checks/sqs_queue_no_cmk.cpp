// sqs-queue-no-cmk: an AWS::SQS::Queue encrypted with keys SQS owns (the SSE-SQS default)
// or with the AWS managed key alias/aws/sqs, not with a customer managed KMS key. A queue
// with encryption turned off is sqs-queue-no-encryption's finding, not this one's.
#include "eval/intrinsics.h"
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

namespace {

bool names_aws_managed_key(const PropertyLookup& key) {
  auto text = key.found() ? key.value->as_string() : std::nullopt;
  return text && (*text == "alias/aws/sqs" || text->ends_with(":alias/aws/sqs"));
}

// An alias ARN built with Fn::Sub whose variables stay unknown, so the lookup calls it
// unknown ("arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/aws/sqs"):
// its last literal run ends the value.
bool sub_names_aws_managed_key(const Value* key) {
  auto runs = key ? intrinsics::sub_literal_runs(*key) : std::nullopt;
  return runs && runs->back().ends_with(":alias/aws/sqs");
}

}  // namespace

void sqs_queue_no_cmk(CheckContext& ctx) {
  for (const Resource* queue : ctx.resources()) {
    PropertyLookup key = lookup_property(*queue, {"KmsMasterKeyId"});
    if (key.missing() || found_text(key, "")) {  // an empty key names no key
      PropertyLookup managed = lookup_property(*queue, {"SqsManagedSseEnabled"});
      if (managed.found() && managed.value->as_bool() == false) continue;  // unencrypted: other rule
      report_lookup(ctx, *queue, key);
    } else if (names_aws_managed_key(key)) {
      report_lookup(ctx, *queue, key);
    } else if (const Value* written = queue->property("KmsMasterKeyId"); sub_names_aws_managed_key(written)) {
      ctx.report(*queue, *written, queue->property_path("KmsMasterKeyId"));
    }
  }
}

}  // namespace cfn::checks
