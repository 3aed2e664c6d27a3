// apigatewayv2-route-no-auth: an HTTP API route anyone can call: an
// AWS::ApiGatewayV2::Route with AuthorizationType NONE (the default), or an operation of an
// AWS::ApiGatewayV2::Api OpenAPI Body without any security requirement (SAM's HttpApi),
// or an HTTP API made by quick create (Target), whose one route has no authorization unless
// an ApiGatewayManagedOverrides gives it one, and an override that sets NONE.
// For a WebSocket API only the $connect route takes an authorizer, so only it is checked.
// An API reachable only through custom domains that require mutual TLS (its execute-api
// endpoint disabled) authenticates every client by certificate and is not reported.
#include "graph/graph.h"
#include "policy/predicate_eval.h"
#include "policy/checks/checks_access.h"

namespace cfn::checks {

namespace {

bool is_websocket(const Resource& api) { return property_equals(api, "ProtocolType", "WEBSOCKET") != nullptr; }

// Whether the API is a WebSocket API wherever it is deployed with the route: nullopt when
// its ProtocolType is not known (a parameter without Default) or differs between its
// variants.
std::optional<bool> websocket_with(const CheckContext& ctx, const Resource& api, const Resource& route) {
  std::optional<bool> websocket;
  for (const Resource* variant : ctx.variants_with(api, route)) {
    const Value* protocol = variant->property("ProtocolType");
    if (!protocol || is_unknown(*protocol) || !protocol->as_string()) return std::nullopt;
    bool is_websocket = property_equals(*variant, "ProtocolType", "WEBSOCKET") != nullptr;
    if (websocket && *websocket != is_websocket) return std::nullopt;
    websocket = is_websocket;
  }
  return websocket;
}

// Whether the route can carry an authorizer: every HTTP route but a CORS preflight
// ("OPTIONS /{proxy+}": browsers send it without credentials, and API Gateway's guide
// leaves it unauthorized beside an authorized catch-all); a WebSocket API's $connect.
// With the API or its protocol unknown, a route key of the HTTP form ("GET /items")
// decides ($default is a route of both kinds).
bool takes_authorizer(const CheckContext& ctx, const ResourceGraph& graph, const Resource& route) {
  const Value* key = route.property("RouteKey");
  if (!key || is_unknown(*key)) return false;
  std::string_view text = key->text();
  if (text.starts_with("OPTIONS ")) return false;
  const Resource* original = ctx.tmpl().resource(route.logical_id);
  auto apis = original ? graph.sources(*original, EdgeKind::ApiMethod) : std::vector<const Resource*>{};
  std::optional<bool> websocket = apis.size() == 1 ? websocket_with(ctx, *apis[0], route) : std::nullopt;
  if (websocket) return !*websocket || text == "$connect";
  return text == "$connect" || text.find(' ') != std::string_view::npos;
}

// Whether the API a route belongs to answers only clients with a trusted certificate.
bool route_behind_mutual_tls(const ResourceGraph& graph, const Template& tmpl, const Resource& route) {
  const Resource* original = tmpl.resource(route.logical_id);
  auto apis = original ? graph.sources(*original, EdgeKind::ApiMethod) : std::vector<const Resource*>{};
  return apis.size() == 1 && reachable_only_with_client_certificate(graph, *apis[0]);
}

void check_route(CheckContext& ctx, const ResourceGraph& graph, const Resource& route) {
  if (!takes_authorizer(ctx, graph, route) || route_behind_mutual_tls(graph, ctx.tmpl(), route)) return;
  const std::string path = route.property_path("AuthorizationType");
  const Value* type = route.property("AuthorizationType");
  if (!type) {
    if (!properties_unknown(route)) ctx.report_missing(route, path);
  } else if (property_equals(route, "AuthorizationType", "NONE")) {
    ctx.report(route, *type, path);
  }
}

// Quick create: an HTTP API with a Target and no Body gets an integration, a route ($default
// or RouteKey) and an auto-deployed stage. That route is not in the template; its
// AuthorizationType is NONE unless an ApiGatewayManagedOverrides sets Route.AuthorizationType.
const Value* quick_create_target(const Resource& api) {
  if (api.property("Body") || api.property("BodyS3Location") || is_websocket(api)) return nullptr;
  return api.property("Target");
}

// The AWS::ApiGatewayV2::ApiGatewayManagedOverrides of this API that set its managed
// route's authorization type (an unknown one counts: not judged; one that sets NONE is
// reported where it says so, check_overrides), as deployed with the API's variant:
// `everywhere` when one is wherever the API is, else `sometimes` the one created only
// under a condition (the route stays open where it is false). One never created sets
// nothing.
struct ManagedRouteCover {
  bool everywhere = false;
  const Resource* sometimes = nullptr;
};

ManagedRouteCover managed_route_cover(const CheckContext& ctx, const ResourceGraph& graph, const Resource& api) {
  ManagedRouteCover cover;
  for (const Resource* overrides : graph.referrers(api, "AWS::ApiGatewayV2::ApiGatewayManagedOverrides", "ApiId")) {
    const Value* route = overrides->property("Route");
    if (!route || (!is_unknown(*route) && !(route->is_mapping() && route->find("AuthorizationType")))) continue;
    Presence seen = ctx.presence(api, *overrides);
    // Two conditional ones: which deployments each covers cannot be told, so no finding.
    if (seen == Presence::Always || (seen == Presence::Sometimes && cover.sometimes)) return {true, nullptr};
    if (seen == Presence::Sometimes) cover.sometimes = overrides;
  }
  return cover;
}

// An override that writes AuthorizationType NONE opens the quick-create route it applies to,
// whether the API is in this template or another stack's. An API of this template that is
// not made by quick create has no managed route for it to open.
void check_overrides(CheckContext& ctx, const ResourceGraph& graph, const Resource& overrides) {
  const Value* route = overrides.property("Route");
  const Value* type = route && route->is_mapping() && !is_unknown(*route) ? route->find("AuthorizationType") : nullptr;
  if (!type || !type->as_string() || !equals_ignoring_case(*type->as_string(), "NONE")) return;
  if (const Value* api_id = overrides.property("ApiId")) {
    Focus site{&overrides, api_id, ".ApiId", Range{}, false};
    for (const Resource* api : referenced_resources(site, ctx)) {
      if (api->type != "AWS::ApiGatewayV2::Api") continue;
      const Resource* original = ctx.tmpl().resource(api->logical_id);
      if (!quick_create_target(*api) || (original && reachable_only_with_client_certificate(graph, *original))) return;
    }
  }
  ctx.report(overrides, *type, overrides.property_path("Route.AuthorizationType"));
}

}  // namespace

void apigatewayv2_route_no_auth(CheckContext& ctx) {
  const ResourceGraph& graph = ctx.graph();  // built once per template, shared by every rule
  for (const Resource* resource : ctx.resources()) {
    if (resource->type == "AWS::ApiGatewayV2::Route") {
      check_route(ctx, graph, *resource);
      continue;
    }
    if (resource->type == "AWS::ApiGatewayV2::ApiGatewayManagedOverrides") {
      check_overrides(ctx, graph, *resource);
      continue;
    }
    const Resource* api = ctx.tmpl().resource(resource->logical_id);
    if (api && reachable_only_with_client_certificate(graph, *api)) continue;
    if (const Value* body = resource->property("Body"); body && !is_websocket(*resource)) {
      report_open_operations(ctx, *resource, *body, resource->property_path("Body"));
    } else if (const Value* target = quick_create_target(*resource)) {
      ManagedRouteCover cover = managed_route_cover(ctx, graph, *resource);
      if (cover.everywhere) continue;
      ctx.report(*resource, *target, resource->property_path("Target"));
      if (cover.sometimes) ctx.last_unless(*cover.sometimes);
    }
  }
}

}  // namespace cfn::checks
