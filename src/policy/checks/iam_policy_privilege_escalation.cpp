// iam-policy-privilege-escalation: a permission policy that allows, on Resource "*" and
// without a condition, an action with which a principal raises its own permissions by
// itself: it can write or attach an administrator policy to itself, make a more
// permissive version of its policy the default, join a group, create keys or a console
// password for another user, make any role trust it, or run code as any function's role.
// A pattern covering such an action (iam:Put*, iam:Attach*) counts; "*" is
// iam-policy-wildcard-action's finding, and iam:* on Resource "*" (which allows
// iam:PassRole too) iam-policy-passrole-wildcard's, as are iam:PassRole's combinations.
// A Deny of the same document that takes the action back everywhere, or everywhere a
// permissions boundary is not attached, leaves nothing to escalate with.
#include <string_view>
#include <vector>

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

// A Deny's Condition under which it still takes the action back from the principal: none,
// or only tests that a permissions boundary is missing (the delegated-administrator
// pattern: StringNotEquals iam:PermissionsBoundary).
bool denies_without_boundary(const Value* condition) {
  if (!condition) return true;
  if (!condition->is_mapping() || is_unknown(*condition) || condition->entries().empty()) return false;
  for (const Value::Entry& block : condition->entries()) {
    if (!block.value.is_mapping() || block.value.entries().empty()) return false;
    for (const Value::Entry& test : block.value.entries())
      if (!equals_ignoring_case(test.key, "iam:PermissionsBoundary")) return false;
  }
  return true;
}

// Whether a Deny of the document takes `action` back on every resource.
bool denied(const std::vector<iam::Statement>& statements, std::string_view action) {
  for (const iam::Statement& deny : statements) {
    auto denied_actions = deny.element("Action");
    auto resources = deny.element("Resource");
    if (deny.denies() && denied_actions && resources && iam::find_action(*denied_actions, action) &&
        iam::find_wildcard_resource(*resources) && denies_without_boundary(deny.condition()))
      return true;
  }
  return false;
}

// The escalation actions a pattern covers, none taken back by a Deny of the document.
bool covers_escalation(std::string_view pattern, const std::vector<iam::Statement>& statements) {
  if (!iam::service_of_wildcard(pattern).empty()) return false;
  for (std::string_view action : kEscalationActions)
    if (iam::action_matches(pattern, action) && !denied(statements, action)) return true;
  return false;
}

// A condition (iam:PermissionsBoundary, above all) is how such rights are delegated
// safely: a statement with one is not judged.
void check_statement(CheckContext& ctx, const Resource& resource, const iam::Statement& statement,
                     const std::vector<iam::Statement>& statements) {
  auto target = statement.element("Resource");
  if (statement.condition() || !target || !iam::find_wildcard_resource(*target)) return;
  report_first_action(ctx, resource, statement,
                      [&](std::string_view pattern) { return covers_escalation(pattern, statements); });
}

}  // namespace

void iam_policy_privilege_escalation(CheckContext& ctx) {
  for (const Resource* resource : ctx.resources()) {
    if (boundary_only(ctx, *resource)) continue;
    for_each_policy_document(*resource, false, [&](const Value& document, const std::string& path) {
      std::vector<iam::Statement> statements = iam::statements(document, path);
      for (const iam::Statement& statement : statements) check_statement(ctx, *resource, statement, statements);
    });
  }
}

}  // namespace cfn::checks
