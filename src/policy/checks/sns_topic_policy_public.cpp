// sns-topic-policy-public: an AWS::SNS::TopicPolicy (or TopicInlinePolicy) statement
// that allows everyone (Principal "*") with no condition such as aws:SourceOwner narrowing it.
#include "policy/checks/checks_access.h"

namespace cfn::checks {

void sns_topic_policy_public(CheckContext& ctx) { check_public_policy_property(ctx, "PolicyDocument"); }

}  // namespace cfn::checks
