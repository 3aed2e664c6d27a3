// logs-loggroup-no-cmk: an AWS::Logs::LogGroup without KmsKeyId. CloudWatch Logs always
// encrypts log data at rest, but with keys of its own unless a KMS key is associated.
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

void logs_loggroup_no_cmk(CheckContext& ctx) {
  for (const Resource* group : ctx.resources()) require_present(ctx, *group, {"KmsKeyId"});
}

}  // namespace cfn::checks
