// kms-key-policy-public: an AWS::KMS::Key (or ReplicaKey) key policy statement that
// allows everyone (Principal "*") without kms:CallerAccount, aws:PrincipalOrgID or a similar condition.
#include "policy/checks/checks_access.h"

namespace cfn::checks {

void kms_key_policy_public(CheckContext& ctx) { check_public_policy_property(ctx, "KeyPolicy"); }

}  // namespace cfn::checks
