// lambda-role-shared: one IAM role used as the execution role of several Lambda functions.
// Each function then holds the union of the permissions all of them need, so a bug in the
// least important function exposes the data of every other one, and the role can never be
// narrowed to what one function does. Reported on each sharing function's Role property.
//
// Judged per deployment: a variant of a function shares its role when another function's
// variant names the same role and both can exist in one stack. So a Role written as
// `!If [IsDev, !GetAtt DevRole.Arn, !GetAtt OwnRole.Arn]` is reported on its DevRole
// branch only, and two functions under exclusive conditions (IsDev / IsProd) share nothing.
#include <algorithm>

#include "graph/graph.h"
#include "policy/checks/checks_access.h"

namespace cfn::checks {

namespace {

bool names_any(const std::vector<size_t>& roles, const std::vector<size_t>& others) {
  return std::any_of(roles.begin(), roles.end(), [&](size_t role) {
    return std::find(others.begin(), others.end(), role) != others.end();
  });
}

// Whether another function of the template runs as one of `roles` in a deployment where
// `function` (a variant) exists too.
bool shared_with_another(const CheckContext& ctx, const ResourceGraph& graph, const Resource& function,
                         const Resource& original, const std::vector<size_t>& roles) {
  for (size_t role : roles) {
    const Resource* role_resource = graph.at(role).resource;
    if (!role_resource) continue;
    for (const Resource* other : graph.functions_of_role(*role_resource)) {
      if (other->logical_id == original.logical_id) continue;
      for (const Resource* variant : ctx.variants_of(*other)) {
        const Value* other_role = variant->property("Role");
        if (!other_role || !names_any(roles, roles_of_variant(graph, *other, *other_role))) continue;
        if (ctx.may_coexist(function, *variant)) return true;
      }
    }
  }
  return false;
}

}  // namespace

void lambda_role_shared(CheckContext& ctx) {
  const ResourceGraph& graph = ctx.graph();  // built once per template, shared by every rule
  for (const Resource* function : ctx.resources()) {
    const Resource* original = ctx.tmpl().resource(function->logical_id);
    const Value* role = function->property("Role");
    if (!original || !role) continue;
    std::vector<size_t> roles = roles_of_variant(graph, *original, *role);
    if (shared_with_another(ctx, graph, *function, *original, roles))
      ctx.report(*function, *role, function->property_path("Role"));
  }
}

}  // namespace cfn::checks
