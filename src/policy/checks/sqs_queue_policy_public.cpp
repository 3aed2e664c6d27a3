// sqs-queue-policy-public: an AWS::SQS::QueuePolicy (or QueueInlinePolicy) statement
// that allows everyone (Principal "*") with no condition such as aws:SourceArn narrowing it.
#include "policy/checks/checks_access.h"

namespace cfn::checks {

void sqs_queue_policy_public(CheckContext& ctx) { check_public_policy_property(ctx, "PolicyDocument"); }

}  // namespace cfn::checks
