// apigateway-method-no-auth: a REST API method anyone can call: an AWS::ApiGateway::Method
// with AuthorizationType NONE (the default) and no API key, OPTIONS (CORS preflight)
// aside; or an operation of a RestApi's OpenAPI Body without any security requirement,
// which is where SAM puts the methods of implicit and explicit APIs. A private API, one
// whose resource policy is not open to everyone, or one reachable only through custom
// domains that require mutual TLS, is not reported: its callers are limited before the
// method runs. An API key is not authentication, but it is a gate the
// author chose, so a method that requires one is left to review.
#include "graph/graph.h"
#include "policy/checks/checks_access.h"

namespace cfn::checks {

namespace {

bool method_open(const Resource& method) {
  if (property_equals(method, "HttpMethod", "OPTIONS") || true_property(method, "ApiKeyRequired")) return false;
  if (const Value* key_required = method.property("ApiKeyRequired"); key_required && is_unknown(*key_required))
    return false;
  const Value* http_method = method.property("HttpMethod");
  if (http_method && is_unknown(*http_method)) return false;
  const Value* type = method.property("AuthorizationType");
  if (!type) return !properties_unknown(method);
  return property_equals(method, "AuthorizationType", "NONE") != nullptr;
}

// The APIs are read through their evaluated variants, so an EndpointConfiguration or
// Policy written with Ref/Sub/If is judged by its value: the method is reported where a
// variant of its API that can be deployed with it is neither private nor restricted (an
// unknown one counts as restricted), under that variant's conditions. A method whose API
// is not in the template is judged alone.
void check_method(CheckContext& ctx, const ResourceGraph& graph, const Resource& method) {
  if (!method_open(method)) return;
  const Resource* original = ctx.tmpl().resource(method.logical_id);
  std::vector<const Resource*> apis = original ? graph.sources(*original, EdgeKind::ApiMethod) : std::vector<const Resource*>{};
  const Resource* open = nullptr;
  for (const Resource* api : apis) {
    if (reachable_only_with_client_certificate(graph, *api)) continue;
    for (const Resource* variant : ctx.variants_with(*api, method)) {
      if (!open && !api_restricted_by_policy(*variant)) open = variant;
    }
  }
  if (!apis.empty() && !open) return;
  const std::string path = method.property_path("AuthorizationType");
  const Value* type = method.property("AuthorizationType");
  if (type && open) return ctx.report_with(method, *type, path, *open);
  if (type) return ctx.report(method, *type, path);
  if (open) return ctx.report_missing_with(method, path, *open);
  ctx.report_missing(method, path);
}

}  // namespace

void apigateway_method_no_auth(CheckContext& ctx) {
  const ResourceGraph& graph = ctx.graph();  // built once per template, shared by every rule
  for (const Resource* resource : ctx.resources()) {
    if (resource->type == "AWS::ApiGateway::Method") {
      check_method(ctx, graph, *resource);
    } else if (const Value* body = resource->property("Body"); body && !api_restricted_by_policy(*resource)) {
      const Resource* api = ctx.tmpl().resource(resource->logical_id);
      if (api && reachable_only_with_client_certificate(graph, *api)) continue;
      report_open_operations(ctx, *resource, *body, resource->property_path("Body"));
    }
  }
}

}  // namespace cfn::checks
