// ecr-repository-policy-public: an AWS::ECR::Repository policy statement
// that allows everyone (Principal "*") with no condition narrowing it.
#include "policy/checks/checks_access.h"

namespace cfn::checks {

void ecr_repository_policy_public(CheckContext& ctx) { check_public_policy_property(ctx, "RepositoryPolicyText"); }

}  // namespace cfn::checks
