// secretsmanager-secret-no-cmk: an AWS::SecretsManager::Secret without KmsKeyId, or with
// the AWS managed key alias/aws/secretsmanager. The secret is encrypted, but with a key
// whose policy cannot be changed and which cannot be shared with another account.
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

void secretsmanager_secret_no_cmk(CheckContext& ctx) {
  for (const Resource* secret : ctx.resources()) {
    PropertyLookup key = lookup_property(*secret, {"KmsKeyId"});
    auto text = key.found() ? key.value->as_string() : std::nullopt;
    bool aws_managed = text && (*text == "alias/aws/secretsmanager" || text->ends_with(":alias/aws/secretsmanager"));
    if (key.missing() || aws_managed) report_lookup(ctx, *secret, key);
  }
}

}  // namespace cfn::checks
