// iam-policy-privilege-escalation: a permission policy that allows, on Resource "*" and
// without a condition, an action with which a principal raises its own permissions by
// itself: it can write or attach an administrator policy to itself, make a more
// permissive version of its policy the default, join a group, create keys or a console
// password for another user, make any role trust it, or run code as any function's role.
// A pattern covering such an action (iam:Put*, iam:Attach*) counts; "*" is
// iam-policy-wildcard-action's finding, and iam:* on Resource "*" (which allows
// iam:PassRole too) iam-policy-passrole-wildcard's, as are iam:PassRole's combinations.
#include <string_view>

#include "policy/checks/checks_access.h"

namespace cfn::checks {

namespace {

constexpr std::string_view kEscalationActions[] = {
    "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:AttachUserPolicy",
    "iam:AttachGroupPolicy",   "iam:AttachRolePolicy",        "iam:PutUserPolicy",
    "iam:PutGroupPolicy",      "iam:PutRolePolicy",           "iam:AddUserToGroup",
    "iam:CreateAccessKey",     "iam:CreateLoginProfile",      "iam:UpdateLoginProfile",
    "iam:UpdateAssumeRolePolicy", "lambda:UpdateFunctionCode", "glue:UpdateDevEndpoint",
};

bool covers_escalation(std::string_view pattern) {
  if (!iam::service_of_wildcard(pattern).empty()) return false;
  for (std::string_view action : kEscalationActions)
    if (iam::action_matches(pattern, action)) return true;
  return false;
}

// A condition (iam:PermissionsBoundary, above all) is how such rights are delegated
// safely: a statement with one is not judged.
void check_statement(CheckContext& ctx, const Resource& resource, const iam::Statement& statement) {
  auto target = statement.element("Resource");
  if (statement.condition() || !target || !iam::find_wildcard_resource(*target)) return;
  report_first_action(ctx, resource, statement, covers_escalation);
}

}  // namespace

void iam_policy_privilege_escalation(CheckContext& ctx) {
  for_each_permission_statement(ctx, [&](const Resource& resource, const iam::Statement& statement) {
    check_statement(ctx, resource, statement);
  });
}

}  // namespace cfn::checks
