// ecr-repository-no-cmk: an AWS::ECR::Repository whose images are encrypted with keys ECR
// owns (AES256, the default) or with the AWS managed key aws/ecr: EncryptionConfiguration
// names no KmsKey, or names alias/aws/ecr.
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

void ecr_repository_no_cmk(CheckContext& ctx) {
  for (const Resource* repository : ctx.resources()) {
    PropertyLookup type = lookup_property(*repository, {"EncryptionConfiguration", "EncryptionType"});
    if (found_text(type, "AES256")) {
      report_lookup(ctx, *repository, type);
      continue;
    }
    require_customer_key(ctx, *repository, {"EncryptionConfiguration", "KmsKey"}, "alias/aws/ecr");
  }
}

}  // namespace cfn::checks
