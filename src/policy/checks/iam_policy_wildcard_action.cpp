// iam-policy-wildcard-action: an identity-based IAM policy statement that allows every
// action ("Effect": "Allow" with "Action": "*"), in every permission policy
// for_each_policy_document reads (PolicyDocument, a permission set's InlinePolicy, inline
// Policies); a role's trust policy (AssumeRolePolicyDocument) is not a permission policy.
// A policy resource is named with the roles the graph attaches it to: the wildcard is
// theirs, and they may be declared far from it.
#include "iam/policy_document.h"
#include "policy/checks/checks_access.h"

namespace cfn::checks {

namespace {

// "ImportPolicy (attached to role ImportRole)", or the logical id alone when the template
// attaches the policy to no role.
std::string subject_of(const CheckContext& ctx, const Resource& policy) {
  std::vector<const Resource*> roles = ctx.graph().sources(policy, EdgeKind::AttachedPolicy);
  if (roles.empty()) return {};
  std::string subject = policy.logical_id + (roles.size() == 1 ? " (attached to role " : " (attached to roles ");
  for (size_t i = 0; i < roles.size(); ++i) subject += (i ? ", " : "") + roles[i]->logical_id;
  return subject + ")";
}

// One finding per statement, at the first item that matches every action ("*", "*:*").
void check_document(CheckContext& ctx, const Resource& resource, const Value& document,
                    const std::string& path, const std::string& subject = {}) {
  for (const iam::Statement& statement : iam::statements(document, path)) {
    if (!statement.allows()) continue;
    auto action = statement.element("Action");
    if (!action) continue;
    if (auto wildcard = iam::find_full_wildcard_action(*action))
      ctx.report_as(resource, subject, *wildcard->value, wildcard->path());
  }
}

}  // namespace

void iam_policy_wildcard_action(CheckContext& ctx) {
  for (const Resource* resource : ctx.resources()) {
    if (boundary_only(ctx, *resource)) continue;
    // Only a policy resource (PolicyDocument) is attached to roles by the graph.
    const std::string subject = resource->property("PolicyDocument") ? subject_of(ctx, *resource) : std::string();
    for_each_policy_document(*resource, false, [&](const Value& document, const std::string& path) {
      check_document(ctx, *resource, document, path, subject);
    });
  }
}

}  // namespace cfn::checks
