// iam-role-cognito-trust-any-identity-pool: a role that trusts the Amazon Cognito identity
// pool service principal for sts:AssumeRoleWithWebIdentity without testing the token's
// audience, the identity pool ID: every identity pool's tokens come from one issuer.
#include "policy/checks/checks_access.h"

namespace cfn::checks {

namespace {

// cognito-identity.amazonaws.com, a regional form (cognito-identity.us-east-1.amazonaws.com)
// or China's (cognito-identity.cn-north-1.amazonaws.com.cn), written as text.
bool is_identity_pool_principal(const Value& item) {
  auto text = item.as_string();
  return text && text->starts_with("cognito-identity.") &&
         (text->ends_with(".amazonaws.com") || text->ends_with(".amazonaws.com.cn"));
}

// The audience claim under any of the principal's spellings (keys come in lower case).
bool audience_key(std::string_view key) { return key.starts_with("cognito-identity.") && key.ends_with(":aud"); }

// An audience value every identity pool's ID matches: stars only.
bool matches_any_pool(std::string_view value) { return value.find_first_not_of('*') == std::string_view::npos; }

}  // namespace

void iam_role_cognito_trust_any_identity_pool(CheckContext& ctx) {
  report_unnarrowed_web_identity(ctx, is_identity_pool_principal, audience_key, matches_any_pool);
}

}  // namespace cfn::checks
