// s3-bucket-policy-public: an AWS::S3::BucketPolicy statement that allows everyone
// (Principal "*") with no condition narrowing it to known accounts, networks or sources.
#include "policy/checks/checks_access.h"

namespace cfn::checks {

void s3_bucket_policy_public(CheckContext& ctx) { check_public_policy_property(ctx, "PolicyDocument"); }

}  // namespace cfn::checks
