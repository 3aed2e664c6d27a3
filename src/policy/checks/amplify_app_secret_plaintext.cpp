// amplify-app-secret-plaintext: an Amplify app's repository token (AccessToken,
// OauthToken) or basic-auth password (BasicAuthConfig.Password, on the app or a branch)
// written in the template.
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

void amplify_app_secret_plaintext(CheckContext& ctx) {
  obs::check_secret_properties(ctx, {{"AWS::Amplify::App", "AccessToken"},
                                     {"AWS::Amplify::App", "OauthToken"},
                                     {"AWS::Amplify::App", "BasicAuthConfig.Password"},
                                     {"AWS::Amplify::App", "AutoBranchCreationConfig.BasicAuthConfig.Password"},
                                     {"AWS::Amplify::Branch", "BasicAuthConfig.Password"}});
}

}  // namespace cfn::checks
