// iam-role-administrator-access: a role, user or group with the AWS managed
// AdministratorAccess policy in ManagedPolicyArns, or an IAM Identity Center permission
// set with it in ManagedPolicies. SAM's `Policies: [AdministratorAccess]` becomes such an
// entry on the generated role, with its origin at the Policies entry.
#include "policy/checks/checks_access.h"

namespace cfn::checks {

namespace {

// Where each type lists the ARNs of its AWS managed policies.
std::string_view managed_policies_property(const Resource& principal) {
  return principal.type == "AWS::SSO::PermissionSet" ? "ManagedPolicies" : "ManagedPolicyArns";
}

}  // namespace

void iam_role_administrator_access(CheckContext& ctx) {
  for (const Resource* principal : ctx.resources()) {
    const std::string_view property = managed_policies_property(*principal);
    const Value* arns = principal->property(property);
    if (!arns || !arns->is_sequence()) continue;
    const std::string path = principal->property_path(property);
    const auto& items = arns->items();
    for (size_t i = 0; i < items.size(); ++i) {
      if (is_administrator_access(items[i])) ctx.report(*principal, items[i], item_path(path, i));
    }
  }
}

}  // namespace cfn::checks
