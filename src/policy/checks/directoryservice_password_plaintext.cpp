// directoryservice-password-plaintext: the administrator password of a Managed Microsoft AD
// or Simple AD directory (Password) written in the template.
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

void directoryservice_password_plaintext(CheckContext& ctx) {
  obs::check_secret_properties(ctx, {{"AWS::DirectoryService::MicrosoftAD", "Password"},
                                     {"AWS::DirectoryService::SimpleAD", "Password"}});
}

}  // namespace cfn::checks
