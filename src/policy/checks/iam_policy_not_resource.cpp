// iam-policy-not-resource: a statement that allows its actions on NotResource: every
// resource except the ones listed, including every resource created later. Checked in IAM
// permission policies and in every kind of resource policy the rule's types hold.
#include "policy/checks/checks_access.h"
#include "policy/checks/resource_policy_documents.h"

namespace cfn::checks {

void iam_policy_not_resource(CheckContext& ctx) {
  for (const Resource* resource : ctx.resources()) {
    if (boundary_only(ctx, *resource)) continue;
    auto check = [&](const Value& document, const std::string& path) {
      for (const iam::Statement& statement : iam::statements(document, path)) {
        auto not_resource = statement.element("NotResource");
        if (statement.allows() && not_resource && !is_conditional(*not_resource->value))
          report_element(ctx, *resource, *not_resource);
      }
    };
    for_each_policy_document(*resource, false, check);
    for_each_resource_policy(*resource, check);
  }
}

}  // namespace cfn::checks
