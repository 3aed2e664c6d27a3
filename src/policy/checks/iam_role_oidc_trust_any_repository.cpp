// iam-role-oidc-trust-any-repository: a role that trusts GitHub's OIDC provider for
// sts:AssumeRoleWithWebIdentity without narrowing the token's subject to a repository:
// GitHub signs a token for every workflow of every repository, so any GitHub user could
// assume the role.
#include <algorithm>

#include "eval/intrinsics.h"
#include "policy/checks/checks_access.h"

namespace cfn::checks {

namespace {

constexpr std::string_view kGitHubHost = "token.actions.githubusercontent.com";

bool names_github(std::string_view text) { return text.find(kGitHubHost) != std::string_view::npos; }

// Whether a Federated item names GitHub's provider: an ARN in text, in a Sub's or Join's
// literal parts, or a Ref / GetAtt of the template's OIDC provider for GitHub.
bool is_github_provider(const Template& tmpl, const Value& item) {
  const Value::Entry* call = item.intrinsic();
  if (call && (call->key == "Ref" || call->key == "Fn::GetAtt")) {
    const Value& target = call->key == "Ref" || !call->value.is_sequence() || call->value.items().empty()
                              ? call->value
                              : call->value.items()[0];
    auto name = target.as_string();
    if (!name) return false;
    const Resource* provider = tmpl.resource(name->substr(0, name->find('.')));
    const Value* url = provider && provider->type == "AWS::IAM::OIDCProvider" ? provider->property("Url") : nullptr;
    return url && url->as_string() && names_github(*url->as_string());
  }
  auto runs = intrinsics::literal_runs(item);
  return runs && std::any_of(runs->begin(), runs->end(), [](const std::string& run) { return names_github(run); });
}

// A condition key that narrows whose tokens count: a claim of GitHub's tokens other than
// the audience, which every token asked for AWS carries. An enterprise's own issuer adds a
// path ("token.actions.githubusercontent.com/my-enterprise:sub").
bool narrowing_claim(std::string_view key) {
  if (!key.starts_with(kGitHubHost)) return false;
  size_t colon = key.find(':', kGitHubHost.size());
  if (colon == std::string_view::npos) return false;
  std::string_view issuer_path = key.substr(kGitHubHost.size(), colon - kGitHubHost.size());
  if (!issuer_path.empty() && issuer_path.front() != '/') return false;
  return key.substr(colon + 1) != "aud";
}

// A subject pattern that repositories of owners other than the intended one match: one
// that starts with wildcards including a star ("*", "?*"), or "repo:" and an owner part
// (up to the "/" or the ":" of the ref) holding a wildcard ("repo:*", "repo:?*",
// "repo:my-org*", which my-org-evil's repositories match too).
bool any_repository(std::string_view value) {
  if (value.starts_with("repo:")) {
    value.remove_prefix(5);
    std::string_view owner = value.substr(0, value.find_first_of("/:"));
    // A wildcard before any part left unknown is in the owner ("repo:*${Repo}:*"); after
    // one it may not be, since the unknown part may hold the "/" that ends the owner
    // ("repo:${Repository}*" with Repository my-org/app): not judged.
    std::string_view known_owner = owner.substr(0, owner.find(intrinsics::kUnknownPart));
    if (known_owner.find_first_of("*?") != std::string_view::npos) return true;
    if (known_owner.size() < owner.size()) return false;
    return owner.find_first_of("*?") != std::string_view::npos;
  }
  std::string_view leading = value.substr(0, value.find_first_not_of("*?"));
  return leading.find('*') != std::string_view::npos;
}

}  // namespace

void iam_role_oidc_trust_any_repository(CheckContext& ctx) {
  report_unnarrowed_web_identity(
      ctx, [&](const Value& item) { return is_github_provider(ctx.tmpl(), item); }, narrowing_claim, any_repository);
}

}  // namespace cfn::checks
