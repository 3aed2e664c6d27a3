// iam-policy-passrole-wildcard: a permission policy that allows iam:PassRole (written out,
// or as a pattern such as iam:Pass* or iam:*) on Resource "*": the principal can hand any
// role of the account to a service it controls and act with that role's permissions.
// A pattern matching every action ("*") is iam-policy-wildcard-action's finding instead.
#include "policy/checks/checks_access.h"

namespace cfn::checks {

namespace {

void check_statement(CheckContext& ctx, const Resource& resource, const iam::Statement& statement) {
  auto action = statement.element("Action");
  auto target = statement.element("Resource");
  if (!statement.allows() || !action || !target) return;
  if (!iam::find_wildcard_resource(*target->value, target->path)) return;
  for (const iam::Located& item : iam::items(*action->value, action->path)) {
    auto pattern = item.value->as_string();
    if (pattern && !iam::is_full_wildcard_action(*pattern) && iam::action_matches(*pattern, "iam:PassRole")) {
      ctx.report(resource, *item.value, item.path);
      return;  // one finding per statement
    }
  }
}

}  // namespace

void iam_policy_passrole_wildcard(CheckContext& ctx) {
  for_each_permission_statement(ctx, [&](const Resource& resource, const iam::Statement& statement) {
    check_statement(ctx, resource, statement);
  });
}

}  // namespace cfn::checks
