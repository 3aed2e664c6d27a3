// iam-policy-not-principal: a statement that allows NotPrincipal: everyone except the
// principals listed, anonymous users included. Checked in a role's trust policy and in
// every kind of resource policy the rule's types hold.
#include "policy/checks/checks_access.h"
#include "policy/checks/resource_policy_documents.h"

namespace cfn::checks {

namespace {

void check_document(CheckContext& ctx, const Resource& resource, const Value& document,
                    const std::string& path) {
  for (const iam::Statement& statement : iam::statements(document, path)) {
    auto not_principal = statement.element("NotPrincipal");
    if (statement.allows() && not_principal && !is_conditional(*not_principal->value))
      report_element(ctx, resource, *not_principal);
  }
}

}  // namespace

void iam_policy_not_principal(CheckContext& ctx) {
  for (const Resource* resource : ctx.resources()) {
    for (std::string_view property : {"PolicyDocument", "AssumeRolePolicyDocument"}) {
      if (const Value* document = resource->property(property))
        check_document(ctx, *resource, *document, resource->property_path(property));
    }
    for_each_resource_policy(*resource, [&](const Value& document, const std::string& path) {
      check_document(ctx, *resource, document, path);
    });
  }
}

}  // namespace cfn::checks
