// apigateway-restapi-no-waf: a public (edge or regional) REST API that is deployed to a
// stage but has no AWS WAF web ACL associated with it in the template, so nothing filters
// injection payloads, bad bots or request floods before they reach the integrations.
// A web ACL associated outside the template cannot be seen, hence a low severity.
#include <algorithm>

#include "graph/graph.h"
#include "policy/checks/checks_access.h"

namespace cfn::checks {

namespace {

bool is_private(const Resource& api) {
  const Value* types = nested_property(api, "EndpointConfiguration.Types");
  if (!types) return false;
  if (is_unknown(*types) || !types->is_sequence()) return true;
  return std::any_of(types->items().begin(), types->items().end(),
                     [](const Value& type) { return is_unknown(type) || type.as_string() == "PRIVATE"; });
}

// A variant of a stage of the API, or of a deployment that makes one (StageName),
// deployed with `api`: the one needing the fewest conditions; null when none is (a stage
// whose Condition never holds deploys nothing).
const Resource* deployed_stage(const CheckContext& ctx, const ResourceGraph& graph, const Resource& original,
                               const Resource& api) {
  std::vector<const Resource*> stages;
  for (const Resource* stage : graph.targets(original, EdgeKind::ApiStage)) {
    for (const Resource* variant : ctx.variants_with(*stage, api)) stages.push_back(variant);
  }
  for (const Resource* deployment : graph.targets(original, EdgeKind::ApiDeployment)) {
    for (const Resource* variant : ctx.variants_with(*deployment, api))
      if (variant->property("StageName")) stages.push_back(variant);
  }
  return ctx.least_conditional(stages);
}

}  // namespace

void apigateway_restapi_no_waf(CheckContext& ctx) {
  const ResourceGraph& graph = ctx.graph();  // built once per template, shared by every rule
  for (const Resource* api : ctx.resources()) {
    const Resource* original = ctx.tmpl().resource(api->logical_id);
    if (!original || is_private(*api)) continue;
    const Resource* stage = deployed_stage(ctx, graph, *original, *api);
    if (!stage) continue;
    // Where the stage is deployed: its conditions are the finding's too.
    if (ctx.report_missing_without(*api, api->path(), graph.targets(*original, EdgeKind::WafAssociation)))
      ctx.last_also_needs(*stage);
  }
}

}  // namespace cfn::checks
