// iam-role-cognito-trust-any-identity-pool: a role that trusts the Amazon Cognito identity
// pool service principal for sts:AssumeRoleWithWebIdentity without testing the token's
// audience, the identity pool ID: every identity pool's tokens come from one issuer.
#include "policy/checks/checks_access.h"

namespace cfn::checks {

namespace {

// cognito-identity.amazonaws.com, a regional form (cognito-identity.us-east-1.amazonaws.com)
// or China's (cognito-identity.cn-north-1.amazonaws.com.cn).
bool is_identity_pool_principal(std::string_view text) {
  return text.starts_with("cognito-identity.") &&
         (text.ends_with(".amazonaws.com") || text.ends_with(".amazonaws.com.cn"));
}

// The statement's Federated item that is the identity pool principal, with its path.
std::optional<iam::Located> identity_pool_principal(const iam::Statement& statement) {
  auto principal = statement.element("Principal");
  const Value* federated = principal && principal->value->is_mapping() ? principal->value->find("Federated") : nullptr;
  if (!federated) return std::nullopt;
  for (const iam::Located& item : iam::items(iam::Located(*federated, principal->path() + ".Federated"))) {
    auto text = item.value->as_string();
    if (text && is_identity_pool_principal(*text)) return item;
  }
  return std::nullopt;
}

// The audience claim under any of the principal's spellings (keys come in lower case).
bool audience_key(std::string_view key) { return key.starts_with("cognito-identity.") && key.ends_with(":aud"); }

bool matches_any_pool(std::string_view value) { return value.find_first_not_of('*') == std::string_view::npos; }

void check_statement(CheckContext& ctx, const Resource& role, const iam::Statement& statement) {
  auto action = statement.element("Action");
  if (!statement.allows() || !action || !iam::find_action(*action, "sts:AssumeRoleWithWebIdentity")) return;
  auto principal = identity_pool_principal(statement);
  if (!principal || iam::condition_narrows(statement.condition(), audience_key, matches_any_pool)) return;
  ctx.report(role, *principal->value, principal->path());
}

}  // namespace

void iam_role_cognito_trust_any_identity_pool(CheckContext& ctx) {
  for_each_trust_statement(
      ctx, [&](const Resource& role, const iam::Statement& statement) { check_statement(ctx, role, statement); });
}

}  // namespace cfn::checks
