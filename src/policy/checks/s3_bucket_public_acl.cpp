// s3-bucket-public-acl: an AWS::S3::Bucket whose canned ACL (AccessControl) grants access
// beyond the owner's account: PublicRead, PublicReadWrite (everyone on the internet) or
// AuthenticatedRead (anyone with AWS credentials, in any account).
#include <array>

#include "policy/checks/checks_access.h"

namespace cfn::checks {

void s3_bucket_public_acl(CheckContext& ctx) {
  constexpr std::array<std::string_view, 3> kPublicAcls = {"PublicRead", "PublicReadWrite", "AuthenticatedRead"};
  for (const Resource* bucket : ctx.resources()) {
    for (std::string_view acl : kPublicAcls) {
      if (const Value* value = property_equals(*bucket, "AccessControl", acl))
        ctx.report(*bucket, *value, bucket->property_path("AccessControl"));
    }
  }
}

}  // namespace cfn::checks
