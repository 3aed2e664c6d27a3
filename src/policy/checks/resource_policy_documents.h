// The resource-based policy documents of a resource, wherever its type keeps them, for the
// checks that judge every kind of policy alike (iam-policy-not-action, -not-resource,
// -not-principal). PolicyDocument (bucket, queue, topic policies and IAM policies) is
// visited by for_each_policy_document; this adds the properties of the other types.
#pragma once

#include <string>
#include <string_view>

#include "iam/policy_document.h"
#include "model/template.h"
#include "model/value.h"

namespace cfn::checks {

// Calls `visit(document, path)` for each resource policy of `resource` that is not a
// PolicyDocument: iam::kResourcePolicyProperties, a REST API Body's
// x-amazon-apigateway-policy (where SAM writes Auth.ResourcePolicy), and the single
// Statement of an AWS::Events::EventBusPolicy, visited as a document made of the
// resource's Properties.
template <typename Visit>
void for_each_resource_policy(const Resource& resource, Visit&& visit) {
  for (std::string_view property : iam::kResourcePolicyProperties) {
    if (const Value* document = resource.property(property))
      visit(*document, resource.property_path(property));
  }
  if (const Value* body = resource.property("Body"); body && body->is_mapping()) {
    if (const Value* document = body->find("x-amazon-apigateway-policy"))
      visit(*document, resource.property_path("Body.x-amazon-apigateway-policy"));
  }
  if (resource.type == "AWS::Events::EventBusPolicy" && resource.properties)
    visit(*resource.properties, resource.path() + ".Properties");
}

}  // namespace cfn::checks
