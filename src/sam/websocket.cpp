// AWS::Serverless::WebSocketApi: the API (ProtocolType WEBSOCKET), a stage, and for each
// route its integration, route and invoke permission; a Lambda authorizer on $connect.
#include <cctype>

#include "sam/domain.h"
#include "sam/function.h"
#include "sam/values.h"

namespace cfn::sam {

namespace {

// "$connect" -> "Connect", "send" -> "Send": the route's part of the generated ids.
std::string route_id(const std::string& key) {
  std::string out;
  for (char c : key)
    if (std::isalnum(static_cast<unsigned char>(c))) out += c;
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

void validate_route_key(const Value::Entry& route) {
  const std::string& key = route.key;
  if (key.starts_with("$") && key != "$connect" && key != "$disconnect" && key != "$default")
    throw SamError(route.key_range, "Route key '" + key + "' must be alphanumeric. Only $connect, $disconnect, and $default "
                                    "special routes are supported.");
  if (!route.value.is_mapping() || is_intrinsic(route.value)) throw SamError(route.key_range, "Route " + key + " should be a map.");
  if (!route.value.find("FunctionArn")) throw SamError(route.key_range, "Route " + key + " needs a FunctionArn.");
  if (route.value.find("RequestParameters") && key != "$connect")
    throw SamError(route.key_range, "Request parameters are only supported for the $connect route in WebSocket APIs.");
}

struct WebSocketAuth {
  std::string type;  // "" when no Auth
  const Value* node = nullptr;
};

WebSocketAuth read_auth(const SamResource& api, bool has_connect) {
  const Value* auth = api.property("Auth");
  if (!auth) return {};
  if (!auth->is_mapping() || is_intrinsic(*auth)) throw SamError(auth->range(), "Property 'Auth' should be a map.");
  if (!has_connect) throw SamError(auth->range(), "Authorization is only available if there is a $connect route.");
  auto type = scalar_text(auth->find("AuthType"));
  if (!type) throw SamError(auth->range(), "AuthType must be specified for additional auth configurations.");
  if (*type != "AWS_IAM" && *type != "CUSTOM" && *type != "NONE")
    throw SamError(auth->find("AuthType")->range(), "AuthType is not one of AWS_IAM, CUSTOM or NONE.");
  if (*type == "CUSTOM" && !auth->find("AuthArn")) throw SamError(auth->range(), "AuthArn must be specified if AuthType is CUSTOM.");
  if (*type != "CUSTOM" && auth->entries().size() > 1)
    throw SamError(auth->range(), "No additional configurations supported for AuthType " + *type + ".");
  return {*type, auth};
}

void add_authorizer(Context& context, const SamResource& api, const WebSocketAuth& auth, Range at) {
  std::string id = api.logical_id + "ConnectAuthorizer";
  Value& resource = context.add(api, id, "AWS::ApiGatewayV2::Authorizer", at);
  context.copy_attributes(api, resource, false);
  Value& properties = put(resource, "Properties", mapping(at), at);
  put(properties, "ApiId", ref(api.logical_id, at), at);
  if (const Value* role = auth.node->find("InvokeRole")) put(properties, "AuthorizerCredentialsArn", *role, at);
  put(properties, "AuthorizerType", text("REQUEST", at), at);
  put(properties, "AuthorizerUri",
      sub_with("arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${AuthArn}/invocations",
               {{"AuthArn", *auth.node->find("AuthArn")}}, at),
      at);
  if (const Value* sources = auth.node->find("IdentitySource")) put(properties, "IdentitySource", *sources, at);
  const Value* name = auth.node->find("Name");
  put(properties, "Name", name ? *name : text(id, at), at);
  if (auth.node->find("InvokeRole")) return;
  Value& permission = context.add(api, api.logical_id + "AuthorizerPermission", "AWS::Lambda::Permission", at);
  context.copy_attributes(api, permission, false);
  Value& permission_properties = put(permission, "Properties", mapping(at), at);
  put(permission_properties, "Action", text("lambda:InvokeFunction", at), at);
  put(permission_properties, "FunctionName", *auth.node->find("AuthArn"), at);
  put(permission_properties, "Principal", text("apigateway.amazonaws.com", at), at);
  put(permission_properties, "SourceArn",
      sub_with("arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/authorizers/*",
               {{"__ApiId__", ref(api.logical_id, at)}}, at),
      at);
}

void add_route(Context& context, const SamResource& api, const Value::Entry& route, const WebSocketAuth& auth,
               const std::string& stage) {
  Range at = route.key_range;
  std::string prefix = api.logical_id + route_id(route.key);
  const Value& function_arn = *route.value.find("FunctionArn");
  Value& integration = context.add(api, prefix + "Integration", "AWS::ApiGatewayV2::Integration", at);
  context.copy_attributes(api, integration, false);
  Value& integration_properties = put(integration, "Properties", mapping(at), at);
  put(integration_properties, "ApiId", ref(api.logical_id, at), at);
  put(integration_properties, "IntegrationType", text("AWS_PROXY", at), at);
  put(integration_properties, "IntegrationUri",
      sub_with("arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${FunctionArn}/invocations",
               {{"FunctionArn", function_arn}}, at),
      at);
  if (const Value* timeout = route.value.find("IntegrationTimeout")) put(integration_properties, "TimeoutInMillis", *timeout, at);

  Value& route_resource = context.add(api, prefix + "Route", "AWS::ApiGatewayV2::Route", at);
  context.copy_attributes(api, route_resource, false);
  Value& route_properties = put(route_resource, "Properties", mapping(at), at);
  put(route_properties, "ApiId", ref(api.logical_id, at), at);
  if (route.key == "$connect" && !auth.type.empty()) {
    put(route_properties, "AuthorizationType", text(auth.type, at), at);
    if (auth.type == "CUSTOM") put(route_properties, "AuthorizerId", ref(api.logical_id + "ConnectAuthorizer", at), at);
  }
  for (const char* name : {"ApiKeyRequired", "ModelSelectionExpression", "OperationName", "RequestModels",
                           "RequestParameters", "RouteResponseSelectionExpression"})
    if (const Value::Entry* entry = route.value.find_entry(name)) put(route_properties, name, entry->value, entry->key_range);
  put(route_properties, "RouteKey", text(route.key, at), at);
  Value join_parts = sequence_of({text("integrations", at), ref(prefix + "Integration", at)}, at);
  Value join = mapping(at);
  put(join, "Fn::Join", sequence_of({text("/", at), std::move(join_parts)}, at), at);
  put(route_properties, "Target", std::move(join), at);

  Value& permission = context.add(api, prefix + "Permission", "AWS::Lambda::Permission", at);
  context.copy_attributes(api, permission, false);
  Value& permission_properties = put(permission, "Properties", mapping(at), at);
  put(permission_properties, "Action", text("lambda:InvokeFunction", at), at);
  put(permission_properties, "FunctionName", function_arn, at);
  put(permission_properties, "Principal", text("apigateway.amazonaws.com", at), at);
  put(permission_properties, "SourceArn",
      sub("arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${" + api.logical_id + ".ApiId}/" + stage +
              "/" + route.key,
          at),
      at);
}

std::string add_stage(Context& context, const SamResource& api, const std::string& stage) {
  Range at = api.anchor();
  std::string id = api.logical_id + route_id(stage) + "Stage";
  Value& resource = context.add(api, id, "AWS::ApiGatewayV2::Stage", at);
  context.copy_attributes(api, resource, false);
  Value& properties = put(resource, "Properties", mapping(at), at);
  for (const char* name : {"AccessLogSettings", "DefaultRouteSettings", "RouteSettings", "StageVariables"}) {
    const Value::Entry* entry = api.property_entry(name);
    if (!entry) continue;
    if (std::string_view(name) != "StageVariables" && (!entry->value.is_mapping() || is_intrinsic(entry->value)))
      throw SamError(entry->value.range(), std::string("Property '") + name + "' should be a map.");
    put(properties, name, entry->value, entry->key_range);
  }
  put(properties, "ApiId", ref(api.logical_id, at), at);
  put(properties, "AutoDeploy", plain("true", at), at);
  const Value::Entry* name = api.property_entry("StageName");
  put(properties, "StageName", name ? name->value : text(stage, at), name ? name->key_range : at);
  Value tags = mapping(at);
  put(tags, "websocketapi:createdBy", text("SAM", at), at);
  if (const Value* own = api.property("Tags"); own && own->is_mapping() && !is_intrinsic(*own))
    for (const Value::Entry& tag : own->entries()) put(tags, tag.key, tag.value, tag.key_range);
  put(properties, "Tags", std::move(tags), at);
  return id;
}

}  // namespace

void expand_websocket_api(Context& context, const SamResource& api) {
  if (!api.property("RouteSelectionExpression")) throw SamError(api.anchor(), "Missing required property 'RouteSelectionExpression'.");
  const Value* routes = api.property("Routes");
  if (!routes) throw SamError(api.anchor(), "Missing required property 'Routes'.");
  if (!routes->is_mapping() || is_intrinsic(*routes) || routes->entries().empty())
    throw SamError(routes->range(), "Property 'Routes' should be a non-empty map.");
  for (const Value::Entry& route : routes->entries()) validate_route_key(route);
  std::string stage = "default";
  if (const Value* name = api.property("StageName")) {
    stage = scalar_text(&resolve_parameter(context, *name)).value_or("default");
    if (stage == "$default") throw SamError(name->range(), "Stages cannot be named $default for WebSocket APIs.");
  }
  WebSocketAuth auth = read_auth(api, routes->find("$connect") != nullptr);

  Value& resource = context.add(api, api.logical_id, "AWS::ApiGatewayV2::Api", api.key_range);
  context.copy_attributes(api, resource, true);
  Value& properties = put(resource, "Properties", mapping(api.anchor()), api.anchor());
  for (const char* name : {"ApiKeySelectionExpression", "Description", "DisableExecuteApiEndpoint",
                           "DisableSchemaValidation", "IpAddressType", "Name", "RouteSelectionExpression"})
    if (const Value::Entry* entry = api.property_entry(name)) put(properties, name, entry->value, entry->key_range);
  if (!properties.find("Name")) put(properties, "Name", text(api.logical_id, api.anchor()), api.anchor());
  put(properties, "ProtocolType", text("WEBSOCKET", api.anchor()), api.anchor());
  Value tags = mapping(api.anchor());
  put(tags, "websocketapi:createdBy", text("SAM", api.anchor()), api.anchor());
  put(properties, "Tags", std::move(tags), api.anchor());

  if (auth.type == "CUSTOM") add_authorizer(context, api, auth, auth.node->range());
  for (const Value::Entry& route : routes->entries()) add_route(context, api, route, auth, stage);
  std::string stage_id = add_stage(context, api, stage);
  add_v2_domain(context, api, api.logical_id, stage_id);
}

}  // namespace cfn::sam
