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

bool deployed(const ResourceGraph& graph, const Resource& api) {
  if (!graph.targets(api, EdgeKind::ApiStage).empty()) return true;
  for (const Resource* deployment : graph.targets(api, EdgeKind::ApiDeployment)) {
    if (deployment->property("StageName")) return true;
  }
  return false;
}

}  // namespace

void apigateway_restapi_no_waf(CheckContext& ctx) {
  const ResourceGraph& graph = ctx.graph();  // built once per template, shared by every rule
  for (const Resource* api : ctx.resources()) {
    const Resource* original = ctx.tmpl().resource(api->logical_id);
    if (!original || is_private(*api) || !deployed(graph, *original)) continue;
    ctx.report_missing_without(*api, api->path(), graph.targets(*original, EdgeKind::WafAssociation));
  }
}

}  // namespace cfn::checks
