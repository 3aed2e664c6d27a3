// iam-policy-not-action: a statement that allows NotAction: it grants every action except
// the ones listed, including every action AWS adds later. Checked in IAM permission
// policies, a role's trust policy and every kind of resource policy the rule's types hold.
#include "policy/checks/checks_access.h"
#include "policy/checks/resource_policy_documents.h"

namespace cfn::checks {

void iam_policy_not_action(CheckContext& ctx) {
  for (const Resource* resource : ctx.resources()) {
    if (boundary_only(ctx, *resource)) continue;
    auto check = [&](const Value& document, const std::string& path) {
      for (const iam::Statement& statement : iam::statements(document, path)) {
        auto not_action = statement.element("NotAction");
        if (statement.allows() && not_action && !is_conditional(*not_action->value))
          report_element(ctx, *resource, *not_action);
      }
    };
    for_each_policy_document(*resource, true, check);
    for_each_resource_policy(*resource, check);
  }
}

}  // namespace cfn::checks
