// workspaces-workspace-no-encryption: an AWS::WorkSpaces::Workspace whose root or user
// volume is not encrypted (RootVolumeEncryptionEnabled / UserVolumeEncryptionEnabled not
// true). Each volume is reported on its own.
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

void workspaces_workspace_no_encryption(CheckContext& ctx) {
  for (const Resource* workspace : ctx.resources()) {
    require_true(ctx, *workspace, {"RootVolumeEncryptionEnabled"});
    require_true(ctx, *workspace, {"UserVolumeEncryptionEnabled"});
  }
}

}  // namespace cfn::checks
