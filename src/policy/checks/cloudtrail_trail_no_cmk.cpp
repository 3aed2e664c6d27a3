// cloudtrail-trail-no-cmk: an AWS::CloudTrail::Trail without KMSKeyId. Its log files are
// then encrypted with the bucket's own default encryption (SSE-S3), not with SSE-KMS.
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

void cloudtrail_trail_no_cmk(CheckContext& ctx) {
  for (const Resource* trail : ctx.resources()) require_present(ctx, *trail, {"KMSKeyId"});
}

}  // namespace cfn::checks
