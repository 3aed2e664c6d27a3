// iam-policy-not-resource: a statement that allows its actions on NotResource: every
// resource except the ones listed, including every resource created later. Checked in IAM
// permission policies and in the resource policies of buckets, queues and topics.
#include "policy/checks/checks_access.h"

namespace cfn::checks {

void iam_policy_not_resource(CheckContext& ctx) {
  for (const Resource* resource : ctx.resources()) {
    for_each_policy_document(*resource, false, [&](const Value& document, const std::string& path) {
      for (const iam::Statement& statement : iam::statements(document, path)) {
        auto not_resource = statement.element("NotResource");
        if (statement.allows() && not_resource && !is_conditional(*not_resource->value))
          report_element(ctx, *resource, *not_resource);
      }
    });
  }
}

}  // namespace cfn::checks
