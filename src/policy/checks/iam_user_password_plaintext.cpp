// iam-user-password-plaintext: an IAM user's console password (LoginProfile.Password)
// written in the template.
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

void iam_user_password_plaintext(CheckContext& ctx) {
  obs::check_secret_properties(ctx, {{"AWS::IAM::User", "LoginProfile.Password"}});
}

}  // namespace cfn::checks
