// iam-role-trust-wildcard-principal: a role whose trust policy (AssumeRolePolicyDocument)
// allows everyone ("*", {AWS: "*"}) to assume it, with no condition narrowing the caller
// to known accounts or an organisation: any AWS account can take the role's permissions.
#include "policy/checks/checks_access.h"

namespace cfn::checks {

void iam_role_trust_wildcard_principal(CheckContext& ctx) {
  check_public_policy_property(ctx, "AssumeRolePolicyDocument");
}

}  // namespace cfn::checks
