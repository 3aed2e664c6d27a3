// sqs-queue-no-encryption: an AWS::SQS::Queue that turns SQS managed encryption off
// (SqsManagedSseEnabled: false) without naming a KMS key instead. Such a queue stores its
// messages unencrypted; a queue that says nothing gets SSE-SQS by default.
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

void sqs_queue_no_encryption(CheckContext& ctx) {
  for (const Resource* queue : ctx.resources()) {
    PropertyLookup managed = lookup_property(*queue, {"SqsManagedSseEnabled"});
    if (!managed.found() || managed.value->as_bool() != false) continue;
    if (has_property(*queue, {"KmsMasterKeyId"})) continue;
    report_lookup(ctx, *queue, managed);
  }
}

}  // namespace cfn::checks
