// efs-filesystem-no-encryption: an AWS::EFS::FileSystem without Encrypted: true. Through
// the API and CloudFormation a file system is created unencrypted unless it asks, and
// encryption at rest cannot be turned on afterwards.
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

void efs_filesystem_no_encryption(CheckContext& ctx) {
  for (const Resource* file_system : ctx.resources()) require_true(ctx, *file_system, {"Encrypted"});
}

}  // namespace cfn::checks
