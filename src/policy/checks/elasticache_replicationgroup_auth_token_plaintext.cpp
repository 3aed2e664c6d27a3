// elasticache-replicationgroup-auth-token-plaintext: a Redis/Valkey AUTH token (AuthToken)
// written in the template.
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

void elasticache_replicationgroup_auth_token_plaintext(CheckContext& ctx) {
  obs::check_secret_properties(ctx, {{"AWS::ElastiCache::ReplicationGroup", "AuthToken"}});
}

}  // namespace cfn::checks
