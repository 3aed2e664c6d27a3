// lambda-role-shared: one IAM role used as the execution role of several Lambda functions.
// Each function then holds the union of the permissions all of them need, so a bug in the
// least important function exposes the data of every other one, and the role can never be
// narrowed to what one function does. Reported on each sharing function's Role property.
#include "graph/graph.h"
#include "policy/checks/checks_access.h"

namespace cfn::checks {

namespace {

bool role_is_shared(const ResourceGraph& graph, const Resource& original_function) {
  for (const Resource* role : graph.roles_of_function(original_function)) {
    if (graph.functions_of_role(*role).size() > 1) return true;
  }
  return false;
}

}  // namespace

void lambda_role_shared(CheckContext& ctx) {
  const ResourceGraph& graph = ctx.graph();  // built once per template, shared by every rule
  for (const Resource* function : ctx.resources()) {
    const Resource* original = ctx.tmpl().resource(function->logical_id);
    const Value* role = function->property("Role");
    if (original && role && role_is_shared(graph, *original))
      ctx.report(*function, *role, function->property_path("Role"));
  }
}

}  // namespace cfn::checks
