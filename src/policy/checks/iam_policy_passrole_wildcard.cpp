// iam-policy-passrole-wildcard: a permission policy that allows iam:PassRole (written out,
// or as a pattern such as iam:Pass* or iam:*) on Resource "*" or on every role of the
// account (arn:...:iam::ACCOUNT:role/*): the principal can hand any role of the account to
// a service it controls and act with that role's permissions.
// A pattern matching every action ("*") is iam-policy-wildcard-action's finding instead.
#include "policy/checks/checks_access.h"

namespace cfn::checks {

namespace {

void check_statement(CheckContext& ctx, const Resource& resource, const iam::Statement& statement) {
  auto target = statement.element("Resource");
  if (!target || !iam::find_every_role_resource(*target)) return;
  report_first_action(ctx, resource, statement,
                      [](std::string_view pattern) { return iam::action_matches(pattern, "iam:PassRole"); });
}

}  // namespace

void iam_policy_passrole_wildcard(CheckContext& ctx) {
  for_each_permission_statement(ctx, [&](const Resource& resource, const iam::Statement& statement) {
    check_statement(ctx, resource, statement);
  });
}

}  // namespace cfn::checks
