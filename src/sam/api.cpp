// AWS::Serverless::Api and HttpApi, explicit and implicit (ServerlessRestApi /
// ServerlessHttpApi): the API, its deployment and stage, authorizers and their permissions.
// SAM's defaults are kept as they are: an implicit API has no tracing, no access log and no
// authorizer unless Globals say otherwise, which is exactly what the checks must see.
#include <algorithm>
#include <cctype>
#include <functional>
#include <set>

#include "sam/domain.h"
#include "sam/function.h"
#include "sam/role.h"
#include "sam/validate.h"
#include "sam/values.h"

namespace cfn::sam {

Value s3_location(const Value& uri, bool code);

namespace {

std::string alphanumeric(const std::string& text) {
  std::string out;
  for (char c : text)
    if (std::isalnum(static_cast<unsigned char>(c))) out += c;
  return out;
}

bool auth_flag(const Value* auth, const char* name, bool fallback);
bool truthy(const Value& flag);
Value api_key_scheme(Range at);

// --- routes ---

// Two events may not claim the same path and method of one API.
void add_unique_route(std::vector<ApiRoute>& routes, ApiRoute route) {
  for (const ApiRoute& existing : routes)
    if (existing.path == route.path && existing.method == route.method)
      throw SamError(route.event_range, "API method '" + route.method + "' defined multiple times for path '" + route.path + "'.");
  routes.push_back(std::move(route));
}

void add_route(Context& context, const SamResource& owner, const Value::Entry& event, bool http) {
  const Value* properties = event.value.find("Properties");
  if (properties && !properties->is_mapping()) properties = nullptr;
  const char* api_key = http ? "ApiId" : "RestApiId";
  const Value* api = properties ? properties->find(api_key) : nullptr;
  // With AutoPublishAlias the integration invokes the alias, as in SAM.
  auto alias = alias_logical_id(context, owner);
  ApiRoute route{owner.logical_id, alias.value_or(owner.logical_id + ".Arn"), event.key, event.key_range,
                 scalar_text(properties ? properties->find("Path") : nullptr).value_or(http ? "$default" : ""),
                 ascii_lower(scalar_text(properties ? properties->find("Method") : nullptr).value_or(http ? "x-amazon-apigateway-any-method" : "")),
                 properties, scalar_text(owner.attribute("Condition"))};
  if (!http && (route.path.empty() || route.method.empty()))
    throw SamError(event.key_range, "Api event " + event.key + " needs a Path and a Method");
  if (api) {
    // SAM takes a plain string naming an API of the template as a Ref to it.
    auto api_id = ref_target(*api);
    if (auto named = scalar_text(api); !api_id && named &&
        context.input_type(*named) == (http ? "AWS::Serverless::HttpApi" : "AWS::Serverless::Api"))
      api_id = named;
    if (!api_id && !scalar_text(api)) throw SamError(api->range(), std::string("Property '") + api_key + "' should be a string.");
    if (api_id && !http && context.input_type(*api_id) != "AWS::Serverless::Api" && !context.parameter_default(*api_id))
      throw SamError(api->range(), "RestApiId must be a valid reference to an 'AWS::Serverless::Api' resource in same template.");
    if (api_id) add_unique_route(context.explicit_routes[*api_id], std::move(route));
    return;
  }
  ImplicitApi& implicit = http ? context.http_api : context.rest_api;
  // Findings on the API point at the event that creates it: one of a function without a
  // Condition when there is one, since the API exists wherever that function does.
  bool conditional = route.condition.has_value();
  if (implicit.routes.empty() || (implicit.owner_conditional && !conditional)) {
    implicit.owner_id = owner.logical_id;
    implicit.range = event.key_range;
    implicit.owner_conditional = conditional;
  }
  add_unique_route(implicit.routes, std::move(route));
}

// --- authorizers (into the definition, and the permissions Lambda authorizers need) ---

bool is_lambda_authorizer(const Value& authorizer) { return authorizer.find("FunctionArn") != nullptr; }

// The authorizer's Identity (a mapping), or null.
const Value* identity_of(const Value& authorizer) {
  const Value* identity = authorizer.find("Identity");
  return identity && identity->is_mapping() && !is_intrinsic(*identity) ? identity : nullptr;
}

// A REQUEST authorizer's identitySource: its Identity's Headers, QueryStrings,
// StageVariables and Context as API Gateway names them, joined with ", "; "" for none.
std::string request_identity_source(const Value* identity) {
  if (!identity) return "";
  static constexpr std::pair<const char*, const char*> kSources[] = {{"Headers", "method.request.header."},
                                                                     {"QueryStrings", "method.request.querystring."},
                                                                     {"StageVariables", "stageVariables."},
                                                                     {"Context", "context."}};
  std::string joined;
  for (auto [list, prefix] : kSources) {
    const Value* names = identity->find(list);
    if (!names || !names->is_sequence()) continue;
    for (const Value& name : names->items()) {
      auto text = scalar_text(&name);
      if (!text) continue;
      if (!joined.empty()) joined += ", ";
      joined += prefix + *text;
    }
  }
  return joined;
}

// A REST API's security scheme for one SAM authorizer, as SAM writes it: the header the
// token is read from (Identity.Header, else Authorization; "Unused" for a REQUEST
// authorizer, whose identitySource says what it reads), and x-amazon-apigateway-authorizer
// with the user pools or the function, its invoke role, result TTL and validation expression.
Value rest_security_scheme(const Value& authorizer, Range at) {
  if (!authorizer.find("UserPoolArn") && !authorizer.find("FunctionArn"))
    throw SamError(at, "an authorizer needs a UserPoolArn (Cognito) or a FunctionArn (Lambda)");
  const Value* identity = identity_of(authorizer);
  const Value* pool = authorizer.find("UserPoolArn");
  auto payload = ascii_lower(scalar_text(authorizer.find("FunctionPayloadType")).value_or("TOKEN"));
  bool request = !pool && payload == "request";
  const Value* header = identity ? identity->find("Header") : nullptr;
  Value scheme = mapping(at);
  put(scheme, "type", text("apiKey", at), at);
  put(scheme, "name", request ? text("Unused", at) : header ? *header : text("Authorization", at), at);
  put(scheme, "in", text("header", at), at);
  put(scheme, "x-amazon-apigateway-authtype", text(pool ? "cognito_user_pools" : "custom", at), at);
  Value details = mapping(at);
  if (pool) {
    put(details, "type", text("cognito_user_pools", at), at);
    put(details, "providerARNs", pool->is_sequence() ? *pool : sequence_of({*pool}, at), at);
  } else {
    put(details, "type", text(payload, at), at);
    put(details, "authorizerUri",
        sub_with("arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${__FunctionArn__}/"
                 "invocations",
                 {{"__FunctionArn__", *authorizer.find("FunctionArn")}}, at),
        at);
    if (const Value* ttl = identity ? identity->find("ReauthorizeEvery") : nullptr)
      put(details, "authorizerResultTtlInSeconds", *ttl, at);
    const Value* role = authorizer.find("FunctionInvokeRole");
    if (role && scalar_text(role) != std::optional<std::string>("NONE"))
      put(details, "authorizerCredentials", *role, at);
    if (std::string source = request ? request_identity_source(identity) : ""; !source.empty())
      put(details, "identitySource", text(source, at), at);
  }
  // A validation expression applies to Cognito and TOKEN authorizers only.
  if (const Value* expression = identity && !request ? identity->find("ValidationExpression") : nullptr)
    put(details, "identityValidationExpression", *expression, at);
  put(scheme, "x-amazon-apigateway-authorizer", std::move(details), at);
  return scheme;
}

// An HTTP API's identitySource for a Lambda authorizer: its Identity's Context, Headers,
// QueryStrings and StageVariables as API Gateway names them, in SAM's order.
Value http_identity_source(const Value* identity, Range at) {
  Value sources = sequence(at);
  if (!identity) return sources;
  static constexpr std::pair<const char*, const char*> kSources[] = {{"Context", "$context."},
                                                                     {"Headers", "$request.header."},
                                                                     {"QueryStrings", "$request.querystring."},
                                                                     {"StageVariables", "$stageVariables."}};
  for (auto [list, prefix] : kSources) {
    const Value* names = identity->find(list);
    if (!names || !names->is_sequence()) continue;
    for (const Value& name : names->items())
      if (auto text_of = scalar_text(&name)) sources.items().push_back(text(prefix + *text_of, name.range()));
  }
  return sources;
}

// An HTTP API's security scheme for one SAM authorizer, as SAM writes it: a Lambda
// authorizer as a request authorizer (its payload version, simple responses, invoke role,
// identity sources and result TTL), a JWT authorizer as oauth2 with its jwtConfiguration
// and identitySource. Any other shape is kept as written.
Value http_security_scheme(const Value& authorizer, Range at) {
  Value scheme = mapping(at);
  Value details = mapping(at);
  const Value* jwt = authorizer.find("JwtConfiguration");
  if (const Value* function = authorizer.find("FunctionArn")) {
    put(scheme, "type", text("apiKey", at), at);
    put(scheme, "name", text("Unused", at), at);
    put(scheme, "in", text("header", at), at);
    put(details, "type", text("request", at), at);
    put(details, "authorizerUri",
        sub_with("arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${__FunctionArn__}/"
                 "invocations",
                 {{"__FunctionArn__", *function}}, at),
        at);
    if (const Value* version = authorizer.find("AuthorizerPayloadFormatVersion"))
      put(details, "authorizerPayloadFormatVersion", *version, at);
    // Written only when on (SAM leaves a false out).
    if (const Value* simple = authorizer.find("EnableSimpleResponses"); simple && simple->as_bool() != false)
      put(details, "enableSimpleResponses", *simple, at);
    if (const Value* role = authorizer.find("FunctionInvokeRole")) put(details, "authorizerCredentials", *role, at);
    const Value* identity = identity_of(authorizer);
    if (Value sources = http_identity_source(identity, at); !sources.items().empty())
      put(details, "identitySource", std::move(sources), at);
    if (const Value* ttl = identity ? identity->find("ReauthorizeEvery") : nullptr)
      put(details, "authorizerResultTtlInSeconds", *ttl, at);
  } else if (jwt) {
    put(scheme, "type", text("oauth2", at), at);
    Value configuration = *jwt;  // SAM writes its keys in lower case (Audience -> audience)
    if (configuration.is_mapping() && !is_intrinsic(configuration))
      for (Value::Entry& entry : configuration.entries()) entry.key = ascii_lower(entry.key);
    put(details, "jwtConfiguration", std::move(configuration), at);
    if (const Value* source = authorizer.find("IdentitySource")) put(details, "identitySource", *source, at);
    put(details, "type", text("jwt", at), at);
  } else {
    return authorizer;
  }
  put(scheme, "x-amazon-apigateway-authorizer", std::move(details), at);
  return scheme;
}

const Value* authorizers_of(const Value* auth) {
  const Value* authorizers = auth && auth->is_mapping() ? auth->find("Authorizers") : nullptr;
  return authorizers && authorizers->is_mapping() && !is_intrinsic(*authorizers) ? authorizers : nullptr;
}

void add_authorizer_permissions(Context& context, const SamResource& api, const std::string& api_id, const Value* auth,
                                bool http) {
  const Value* authorizers = authorizers_of(auth);
  if (!authorizers) return;
  for (const Value::Entry& entry : authorizers->entries()) {
    if (!entry.value.is_mapping() || !is_lambda_authorizer(entry.value)) continue;
    if (http) {
      const Value* enabled = entry.value.find("EnableFunctionDefaultPermissions");
      if (!enabled || enabled->as_bool() != true) continue;
    } else if (const Value* disabled = entry.value.find("DisableFunctionDefaultPermissions");
               disabled && disabled->as_bool() == true) {
      continue;
    }
    Range at = entry.key_range;
    Value& permission = context.add(api, api_id + entry.key + "AuthorizerPermission", "AWS::Lambda::Permission", at);
    context.copy_attributes(api, permission, false);
    Value& properties = put(permission, "Properties", mapping(at), at);
    put(properties, "Action", text("lambda:InvokeFunction", at), at);
    put(properties, "FunctionName", *entry.value.find("FunctionArn"), at);
    put(properties, "Principal", text("apigateway.amazonaws.com", at), at);
    std::string partition = http ? "${AWS::Partition}" : "aws";
    put(properties, "SourceArn",
        sub_with("arn:" + partition + ":execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/authorizers/*",
                 {{"__ApiId__", ref(api_id, at)}}, at),
        at);
  }
}

// --- the generated definition ---

Value integration_uri(const ApiRoute& route, Range at) {
  return sub("arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${" + route.target_arn +
                 "}/invocations",
             at);
}

std::string method_key(const std::string& method) {
  return method == "any" ? "x-amazon-apigateway-any-method" : method;
}

// The authorizer a route uses: its own Auth.Authorizer, else the API's DefaultAuthorizer.
std::optional<std::string> route_authorizer(const ApiRoute& route, const Value* auth) {
  const Value* route_auth = route.properties ? route.properties->find("Auth") : nullptr;
  if (route_auth && route_auth->is_mapping())
    if (auto name = scalar_text(route_auth->find("Authorizer"))) return *name == "NONE" ? std::nullopt : name;
  if (auth && auth->is_mapping())
    if (auto name = scalar_text(auth->find("DefaultAuthorizer"))) return *name == "NONE" ? std::nullopt : name;
  return std::nullopt;
}

// An event's Auth must name an authorizer its API defines; NONE only undoes a default.
void check_route_auth(const ApiRoute& route, const Value* auth) {
  const Value* route_auth = route.properties ? route.properties->find("Auth") : nullptr;
  if (!route_auth || !route_auth->is_mapping()) return;
  if (const Value* override_auth = route_auth->find("OverrideApiAuth"); override_auth && override_auth->as_bool() == true &&
      !route_auth->find("Authorizer") && !route_auth->find("ApiKeyRequired") && !route_auth->find("ResourcePolicy"))
    throw SamError(route.event_range, "Must define one of: Authorizer, ApiKeyRequired or ResourcePolicy when using the "
                                      "OverrideApiAuth property.");
  if (const Value* key_required = route_auth->find("ApiKeyRequired"); key_required && key_required->as_bool() == false &&
                                                                     !(auth && auth->is_mapping() && auth->find("ApiKeyRequired")))
    throw SamError(route.event_range, "Unable to set ApiKeyRequired [False] on API method [" + route.method + "] for path [" +
                                          route.path + "] because the related API does not specify any ApiKeyRequired.");
  const Value* authorizer = route_auth->find("Authorizer");
  auto name = scalar_text(authorizer);
  // A list, a mapping, an Fn::If: SAM names authorizers by string only (a Ref to a
  // parameter it resolves first, from the parameter's value).
  if (authorizer && !name && !ref_target(*authorizer))
    throw SamError(authorizer->range(), "Unable to set Authorizer on API method [" + route.method + "] for path [" +
                                            route.path +
                                            "]. The method authorizer must be a string with a "
                                            "corresponding dict entry in the api authorizer.");
  if (!name || *name == "AWS_IAM") return;
  const Value* authorizers = authorizers_of(auth);
  bool has_default = auth && auth->is_mapping() && auth->find("DefaultAuthorizer");
  if (*name == "NONE") {
    if (!has_default)
      throw SamError(route.event_range, "Unable to set Authorizer on API method [" + route.method + "] for path [" + route.path +
                                            "] because 'NONE' is only a valid value when a DefaultAuthorizer on the API is specified.");
    return;
  }
  if (!authorizers)
    throw SamError(route.event_range, "Unable to set Authorizer [" + *name + "] on API method [" + route.method + "] for path [" +
                                          route.path + "] because the related API does not define any Authorizers.");
  if (!authorizers->find(*name))
    throw SamError(route.event_range, "Unable to set Authorizer [" + *name + "] on API method [" + route.method + "] for path [" +
                                          route.path + "] because it wasn't defined in the API's Authorizers.");
}

Value default_scopes(const Value* authorizers, const std::string& name, Range at);

Value operation(const ApiRoute& route, const Value* auth, bool http) {
  Range at = route.event_range;
  Value operation = mapping(at);
  Value integration = mapping(at);
  put(integration, "httpMethod", text("POST", at), at);
  put(integration, "type", text("aws_proxy", at), at);
  put(integration, "uri", integration_uri(route, at), at);
  if (http) put(integration, "payloadFormatVersion", text("2.0", at), at);
  put(operation, "x-amazon-apigateway-integration", std::move(integration), at);
  put(operation, "responses", mapping(at), at);
  std::vector<Value> security;
  const Value* route_auth = route.properties ? route.properties->find("Auth") : nullptr;
  bool own_authorizer = route_auth && route_auth->is_mapping() && route_auth->find("Authorizer");
  // An HTTP API's OPTIONS route (a CORS preflight) does not get the DefaultAuthorizer.
  bool preflight = http && ascii_lower(route.method) == "options" && !own_authorizer;
  if (auto authorizer = preflight ? std::nullopt : route_authorizer(route, auth)) {
    // The event's AuthorizationScopes, else the authorizer's own.
    const Value* scopes = route_auth && route_auth->is_mapping() ? route_auth->find("AuthorizationScopes") : nullptr;
    Value requirement = mapping(at);
    put(requirement, *authorizer,
        scopes && scopes->is_sequence() ? *scopes : default_scopes(authorizers_of(auth), *authorizer, at), at);
    security.push_back(std::move(requirement));
  }
  // ApiKeyRequired of the event, else of the API: the api_key requirement SAM writes.
  const Value* key_required = route_auth && route_auth->is_mapping() ? route_auth->find("ApiKeyRequired") : nullptr;
  if (!http && (key_required ? truthy(*key_required) : auth_flag(auth, "ApiKeyRequired", false))) {
    Value requirement = mapping(at);
    put(requirement, "api_key", sequence(at), at);
    security.push_back(std::move(requirement));
  }
  if (!security.empty()) put(operation, "security", sequence_of(std::move(security), at), at);
  return operation;
}

// Where a route's method is written: its event, or the event's `Authorizer: NONE`, which is
// what leaves the method open when the API has a default authorizer.
Range method_range(const ApiRoute& route) {
  const Value* route_auth = route.properties ? route.properties->find("Auth") : nullptr;
  const Value* authorizer = route_auth && route_auth->is_mapping() ? route_auth->find("Authorizer") : nullptr;
  bool none = authorizer && scalar_text(authorizer) == std::optional<std::string>("NONE");
  return none && authorizer->range().known() ? authorizer->range() : route.event_range;
}

// The operation of each route, under `paths`, the route of a function with a Condition
// under an Fn::If on it.
void add_route_operations(Value& paths, const std::vector<ApiRoute>& routes, const Value* auth, bool http) {
  for (const ApiRoute& route : routes) {
    Value* path = find_mutable(paths, route.path);
    if (!path) path = &put(paths, route.path, mapping(route.event_range), route.event_range);
    Value method = operation(route, auth, http);
    if (route.condition)
      method = fn_if(*route.condition, std::move(method), ref("AWS::NoValue", route.event_range), route.event_range);
    put(*path, method_key(route.method), std::move(method), method_range(route));
  }
}

Value generated_definition(const std::vector<ApiRoute>& routes, const Value* auth, bool http, Range at) {
  Value body = mapping(at);
  Value info = mapping(at);
  put(info, "version", text("1.0", at), at);
  put(info, "title", ref("AWS::StackName", at), at);
  if (http) {
    put(body, "openapi", text("3.0.1", at), at);
  } else {
    put(body, "swagger", text("2.0", at), at);
  }
  put(body, "info", std::move(info), at);
  Value paths = mapping(at);
  add_route_operations(paths, routes, auth, http);
  put(body, "paths", std::move(paths), at);
  if (const Value* authorizers = authorizers_of(auth); authorizers && !http) {
    Value schemes = mapping(authorizers->range());
    for (const Value::Entry& entry : authorizers->entries())
      if (entry.value.is_mapping()) put(schemes, entry.key, rest_security_scheme(entry.value, entry.key_range), entry.key_range);
    put(body, "securityDefinitions", std::move(schemes), authorizers->range());
  }
  bool uses_api_key = false;
  for (const ApiRoute& route : routes) {
    const Value* route_auth = route.properties ? route.properties->find("Auth") : nullptr;
    const Value* key_required = route_auth && route_auth->is_mapping() ? route_auth->find("ApiKeyRequired") : nullptr;
    uses_api_key = uses_api_key || (key_required && truthy(*key_required));
  }
  if (!http && (uses_api_key || auth_flag(auth, "ApiKeyRequired", false))) {
    Value* schemes = find_mutable(body, "securityDefinitions");
    if (!schemes) schemes = &put(body, "securityDefinitions", mapping(at), at);
    put(*schemes, "api_key", api_key_scheme(at), at);
  }
  if (const Value* authorizers = authorizers_of(auth); authorizers && http) {
    Value schemes = mapping(authorizers->range());
    for (const Value::Entry& entry : authorizers->entries())
      put(schemes, entry.key,
          entry.value.is_mapping() ? http_security_scheme(entry.value, entry.key_range) : entry.value, entry.key_range);
    Value components = mapping(authorizers->range());
    put(components, "securitySchemes", std::move(schemes), authorizers->range());
    put(body, "components", std::move(components), authorizers->range());
  }
  return body;
}

// --- Auth over a definition the template brings (DefinitionBody) ---
// SAM owns the definition of an Api or HttpApi even when the template writes it: the API's
// DefaultAuthorizer and ApiKeyRequired are added to every operation that has an integration,
// in each branch of an Fn::If, as the translator's swagger and OpenAPI editors do.

// The operation key SAM understands, lower-cased ("any" is the any-method extension), or "".
std::string operation_key(const std::string& key) {
  std::string name = ascii_lower(key);
  if (name == "any") return "x-amazon-apigateway-any-method";
  static const char* const known[] = {"get", "put", "post", "delete", "patch", "head", "options",
                                      "x-amazon-apigateway-any-method"};
  for (const char* method : known)
    if (name == method) return name;
  return "";
}

// Visits what a value stands for: each branch of an Fn::If (AWS::NoValue left out), else itself.
void for_each_branch(Value& value, const std::function<void(Value&)>& visit) {
  if (const Value::Entry* call = value.intrinsic(); call && call->key == "Fn::If") {
    Value& arguments = *find_mutable(value, "Fn::If");
    if (!arguments.is_sequence() || arguments.items().size() != 3) return;
    for (size_t i = 1; i < 3; ++i)
      if (ref_target(arguments.items()[i]) != std::optional<std::string>("AWS::NoValue"))
        for_each_branch(arguments.items()[i], visit);
    return;
  }
  visit(value);
}

// Each operation definition of a body that has an integration, with its method key.
void for_each_operation(Value& body, const std::function<void(const std::string&, Value&)>& visit) {
  Value* paths = find_mutable(body, "paths");
  if (!paths || !paths->is_mapping() || is_intrinsic(*paths)) return;
  for (Value::Entry& path : paths->entries()) {
    for_each_branch(path.value, [&](Value& item) {
      if (!item.is_mapping() || is_intrinsic(item)) return;
      for (Value::Entry& operation : item.entries()) {
        std::string method = operation_key(operation.key);
        if (method.empty()) continue;
        for_each_branch(operation.value, [&](Value& definition) {
          if (definition.is_mapping() && definition.find("x-amazon-apigateway-integration")) visit(method, definition);
        });
      }
    });
  }
}

std::vector<Value> security_of(const Value& definition) {
  const Value* security = definition.find("security");
  return security && security->is_sequence() ? security->items() : std::vector<Value>{};
}

std::string first_key(const Value& requirement) {
  return requirement.is_mapping() && !requirement.entries().empty() ? requirement.entries().front().key : "";
}

// The scopes an authorizer asks for by default (its AuthorizationScopes), as a list.
Value default_scopes(const Value* authorizers, const std::string& name, Range at) {
  const Value* authorizer = authorizers ? authorizers->find(name) : nullptr;
  const Value* scopes = authorizer && authorizer->is_mapping() ? authorizer->find("AuthorizationScopes") : nullptr;
  return scopes && scopes->is_sequence() ? *scopes : sequence(at);
}

// A boolean of Auth as SAM reads it: an intrinsic function is a non-empty mapping, which
// Python takes as true.
bool truthy(const Value& flag) { return is_intrinsic(flag) || flag.as_bool() == true; }

bool auth_flag(const Value* auth, const char* name, bool fallback) {
  const Value* flag = auth && auth->is_mapping() ? auth->find(name) : nullptr;
  if (!flag) return fallback;
  return is_intrinsic(*flag) || flag->as_bool().value_or(fallback);
}

Value requirement_of(const std::string& name, Value scopes, Range at) {
  Value requirement = mapping(at);
  put(requirement, name, std::move(scopes), at);
  return requirement;
}

// The security schemes of a body: components.securitySchemes for OpenAPI 3, else
// securityDefinitions.
Value& security_schemes(Value& body, Range at) {
  if (!body.find("openapi")) {
    Value* schemes = find_mutable(body, "securityDefinitions");
    return schemes && schemes->is_mapping() ? *schemes : put(body, "securityDefinitions", mapping(at), at);
  }
  Value* components = &mapping_at(body, "components", at);
  Value* schemes = find_mutable(*components, "securitySchemes");
  return schemes && schemes->is_mapping() ? *schemes : put(*components, "securitySchemes", mapping(at), at);
}

// SAM declares the AWS_IAM scheme in a body whose operations use it (a DefaultAuthorizer
// or a method's Authorizer AWS_IAM, an HTTP API's EnableIamAuthorizer).
void add_iam_scheme_where_used(Value& body, Range at) {
  bool used = false;
  for_each_operation(body, [&](const std::string&, Value& definition) {
    for (const Value& requirement : security_of(definition)) used = used || first_key(requirement) == "AWS_IAM";
  });
  if (!used) return;
  Value& schemes = security_schemes(body, at);
  if (schemes.find("AWS_IAM")) return;
  Value scheme = mapping(at);
  put(scheme, "type", text("apiKey", at), at);
  put(scheme, "name", text("Authorization", at), at);
  put(scheme, "in", text("header", at), at);
  put(scheme, "x-amazon-apigateway-authtype", text("awsSigv4", at), at);
  put(schemes, "AWS_IAM", std::move(scheme), at);
}

Value api_key_scheme(Range at) {
  Value scheme = mapping(at);
  put(scheme, "type", text("apiKey", at), at);
  put(scheme, "name", text("x-api-key", at), at);
  put(scheme, "in", text("header", at), at);
  return scheme;
}

// REST: the DefaultAuthorizer goes on every operation that names no authorizer of the API
// (NONE in an operation's security removes it instead), OPTIONS too unless
// AddDefaultAuthorizerToCorsPreflight is false; then ApiKeyRequired adds the api_key
// requirement (an operation's api_key_false opts out; OPTIONS unless
// AddApiKeyRequiredToCorsPreflight is false).
void apply_rest_auth(Value& body, const Value* auth) {
  if (!auth || !auth->is_mapping() || is_intrinsic(*auth)) return;
  Range at = auth->range();
  const Value* authorizers = authorizers_of(auth);
  auto default_authorizer = scalar_text(auth->find("DefaultAuthorizer"));
  if (authorizers) {
    Value& schemes = security_schemes(body, at);
    for (const Value::Entry& entry : authorizers->entries())
      if (entry.value.is_mapping() && !schemes.find(entry.key))
        put(schemes, entry.key, rest_security_scheme(entry.value, entry.key_range), entry.key_range);
  }
  if (default_authorizer && *default_authorizer != "NONE") {
    bool preflight = auth_flag(auth, "AddDefaultAuthorizerToCorsPreflight", true);
    for_each_operation(body, [&](const std::string& method, Value& definition) {
      if (method == "options" && !preflight) return;
      std::vector<Value> others, authorizer_security;
      bool none = false;
      for (Value& requirement : security_of(definition)) {
        std::string name = first_key(requirement);
        if (name == "AWS_IAM" || (authorizers && authorizers->find(name))) {
          authorizer_security.push_back(std::move(requirement));
        } else if (name == "NONE" && !none) {
          none = true;  // an operation that opted out of the default
        } else {
          others.push_back(std::move(requirement));
        }
      }
      if (!none && authorizer_security.empty())
        authorizer_security.push_back(requirement_of(*default_authorizer, default_scopes(authorizers, *default_authorizer, at), at));
      for (Value& requirement : authorizer_security) others.push_back(std::move(requirement));
      if (!others.empty()) put(definition, "security", sequence_of(std::move(others), at), at);
    });
  }
  if (!auth_flag(auth, "ApiKeyRequired", false)) return;
  Value& schemes = security_schemes(body, at);
  if (!schemes.find("api_key")) put(schemes, "api_key", api_key_scheme(at), at);
  bool preflight = auth_flag(auth, "AddApiKeyRequiredToCorsPreflight", true);
  for_each_operation(body, [&](const std::string& method, Value& definition) {
    std::vector<Value> existing = security_of(definition), kept;
    bool opted_out = false, has_key = false;
    for (Value& requirement : existing) {
      std::string name = first_key(requirement);
      if (name == "api_key_false") {
        opted_out = true;
      } else {
        has_key = has_key || name == "api_key";
        kept.push_back(requirement);
      }
    }
    if (!opted_out && !has_key && !(method == "options" && !preflight)) kept.push_back(requirement_of("api_key", sequence(at), at));
    if (kept.size() != existing.size() || opted_out) put(definition, "security", sequence_of(std::move(kept), at), at);
  });
}

// An event with Auth.OverrideApiAuth (or any event, with MergeDefinitions) over a
// definition the template brings: its
// Authorizer (NONE too, which the DefaultAuthorizer then leaves alone) and ApiKeyRequired
// replace the security of its path and method.
void apply_event_auth(Value& body, const std::vector<ApiRoute>& routes, const Value* auth, bool merge) {
  Value* paths = find_mutable(body, "paths");
  if (!paths || !paths->is_mapping() || is_intrinsic(*paths)) return;
  for (const ApiRoute& route : routes) {
    const Value* route_auth = route.properties ? route.properties->find("Auth") : nullptr;
    if (!route_auth || !route_auth->is_mapping() || !(merge || auth_flag(route_auth, "OverrideApiAuth", false))) continue;
    Value* path = find_mutable(*paths, route.path);
    if (!path) continue;
    Range at = route.event_range;
    std::vector<Value> security;
    if (auto name = scalar_text(route_auth->find("Authorizer"))) {
      const Value* scopes = route_auth->find("AuthorizationScopes");
      security.push_back(requirement_of(*name, scopes && scopes->is_sequence() ? *scopes : default_scopes(authorizers_of(auth), *name, at), at));
    }
    if (const Value* key = route_auth->find("ApiKeyRequired"); key && truthy(*key))
      security.push_back(requirement_of("api_key", sequence(at), at));
    if (security.empty()) continue;
    for_each_branch(*path, [&](Value& item) {
      if (!item.is_mapping() || is_intrinsic(item)) return;
      for (Value::Entry& operation : item.entries()) {
        if (operation_key(operation.key) != method_key(route.method)) continue;
        for_each_branch(operation.value, [&](Value& definition) {
          if (definition.is_mapping()) put(definition, "security", sequence_of(security, at), at);
        });
      }
    });
  }
}

// HTTP: the DefaultAuthorizer goes on every operation but OPTIONS that has no security of
// its own.
void apply_http_auth(Value& body, const Value* auth) {
  if (!auth || !auth->is_mapping() || is_intrinsic(*auth)) return;
  Range at = auth->range();
  const Value* authorizers = authorizers_of(auth);
  if (authorizers) {
    Value& schemes = security_schemes(body, at);
    for (const Value::Entry& entry : authorizers->entries())
      if (entry.value.is_mapping() && !schemes.find(entry.key))
        put(schemes, entry.key, http_security_scheme(entry.value, entry.key_range), entry.key_range);
  }
  auto default_authorizer = scalar_text(auth->find("DefaultAuthorizer"));
  if (!default_authorizer || *default_authorizer == "NONE") return;
  for_each_operation(body, [&](const std::string& method, Value& definition) {
    if (method == "options" || !security_of(definition).empty()) return;
    put(definition, "security",
        sequence_of({requirement_of(*default_authorizer, default_scopes(authorizers, *default_authorizer, at), at)}, at), at);
  });
}

// What an HttpApi event's own Auth.Authorizer makes of its route's security: that
// authorizer with the event's (else its default) scopes, or the NONE requirement SAM writes
// to keep the DefaultAuthorizer off; nullopt when the event names no authorizer.
std::optional<Value> event_security(const ApiRoute& route, const Value* auth) {
  const Value* route_auth = route.properties ? route.properties->find("Auth") : nullptr;
  auto name = route_auth && route_auth->is_mapping() ? scalar_text(route_auth->find("Authorizer")) : std::nullopt;
  if (!name) return std::nullopt;
  Range at = route.event_range;
  if (*name == "NONE") return sequence_of({requirement_of("NONE", sequence(at), at)}, at);
  const Value* scopes = route_auth->find("AuthorizationScopes");
  Value granted = scopes && scopes->is_sequence() ? *scopes : default_scopes(authorizers_of(auth), *name, at);
  return sequence_of({requirement_of(*name, std::move(granted), at)}, at);
}

// One route merged into one path item of a written definition, as SAM merges it: a method
// the item lacks is added, one written without an integration gets the event's, and an
// HttpApi event's own authorizer (or NONE) becomes the method's security.
void merge_route(Value& item, const ApiRoute& route, const Value* auth, bool http) {
  std::optional<Value> security = http ? event_security(route, auth) : std::nullopt;
  Value* written = find_mutable(item, method_key(route.method));
  if (!written) {
    Value method = operation(route, auth, http);
    if (security) put(method, "security", *security, route.event_range);
    if (route.condition)
      method = fn_if(*route.condition, std::move(method), ref("AWS::NoValue", route.event_range), route.event_range);
    put(item, method_key(route.method), std::move(method), method_range(route));
    return;
  }
  for_each_branch(*written, [&](Value& definition) {
    if (!definition.is_mapping() || is_intrinsic(definition)) return;
    if (!definition.find("x-amazon-apigateway-integration"))
      put(definition, "x-amazon-apigateway-integration",
          *operation(route, auth, http).find("x-amazon-apigateway-integration"), route.event_range);
    if (security) put(definition, "security", *security, route.event_range);
  });
}

// The events' routes merged into a written definition's paths (in every branch of a path
// written as Fn::If).
void merge_route_operations(Value& paths, const std::vector<ApiRoute>& routes, const Value* auth, bool http) {
  for (const ApiRoute& route : routes) {
    Value* path = find_mutable(paths, route.path);
    if (!path) path = &put(paths, route.path, mapping(route.event_range), route.event_range);
    for_each_branch(*path, [&](Value& item) {
      if (item.is_mapping() && !is_intrinsic(item)) merge_route(item, route, auth, http);
    });
  }
}

// The NONE requirements that kept the DefaultAuthorizer off an HTTP API's routes: such a
// route is open, and NONE names no security scheme.
void drop_none_requirements(Value& body) {
  for_each_operation(body, [](const std::string&, Value& definition) {
    std::vector<Value> kept;
    bool dropped = false;
    for (Value& requirement : security_of(definition)) {
      if (first_key(requirement) == "NONE") {
        dropped = true;
      } else {
        kept.push_back(std::move(requirement));
      }
    }
    if (!dropped) return;
    if (kept.empty()) {
      erase(definition, "security");
    } else {
      put(definition, "security", sequence_of(std::move(kept), definition.range()), definition.range());
    }
  });
}

// --- REST API ---

struct ApiSource {
  const SamResource* sam = nullptr;
  std::string logical_id;
  Range cause;        // where findings on the API point
  std::vector<ApiRoute> routes;
};

// An implicit API is generated for the events of several functions; its origin names the
// first, and each operation another function's event created names that function
// (Metadata."cfn-scan:origin".Parts: property path under Properties -> SAM resource).
void name_operation_origins(Value& api, const ApiSource& source) {
  if (source.sam->logical_id == source.logical_id) return;  // an explicit API is its own origin
  Value* metadata = find_mutable(api, "Metadata");
  Value* origin = metadata ? find_mutable(*metadata, "cfn-scan:origin") : nullptr;
  if (!origin) return;
  Value parts = mapping(source.cause);
  for (const ApiRoute& route : source.routes)
    if (route.target_id != source.sam->logical_id)
      put(parts, "Body.paths." + route.path + "." + method_key(route.method), text(route.target_id, route.event_range),
          route.event_range);
  if (!parts.entries().empty()) put(*origin, "Parts", std::move(parts), source.cause);
}

void copy_if_present(Value& into, const SamResource& from, std::initializer_list<const char*> names,
                     const char* rename_from = nullptr, const char* rename_to = nullptr) {
  for (const char* name : names)
    if (const Value::Entry* entry = from.property_entry(name)) put(into, name, entry->value, entry->key_range);
  if (rename_from)
    if (const Value::Entry* entry = from.property_entry(rename_from)) put(into, rename_to, entry->value, entry->key_range);
}

// --- resource policy (Auth.ResourcePolicy) ---

Value invoke_statement(const char* effect, Value principal, const Value& resources, Range at) {
  Value statement = mapping(at);
  put(statement, "Action", text("execute-api:Invoke", at), at);
  put(statement, "Effect", text(effect, at), at);
  put(statement, "Principal", std::move(principal), at);
  put(statement, "Resource", resources, at);
  return statement;
}

Value condition_on(const char* operator_name, const char* key, const Value& values, Range at) {
  Value inner = mapping(at);
  put(inner, key, values, at);
  Value condition = mapping(at);
  put(condition, operator_name, std::move(inner), at);
  return condition;
}

// The statements one allow/deny list of a ResourcePolicy stands for, over `resources`,
// each at the list's key (IpRangeBlacklist:) when it is written, so that a finding on
// them points at the setting that made them.
void list_statements(const Value& policy, const Value& resources, Value& statements, Range at) {
  auto add = [&](const char* effect, Value principal, std::optional<Value> condition, Range where) {
    Value statement = invoke_statement(effect, std::move(principal), resources, where);
    if (condition) put(statement, "Condition", std::move(*condition), where);
    statements.items().push_back(std::move(statement));
  };
  auto place_of = [&](const Value::Entry& list) { return list.key_range.known() ? list.key_range : at; };
  auto accounts = [&](const Value& list, Range where) {
    Value principal = mapping(where);
    put(principal, "AWS", list, where);
    return principal;
  };
  if (const Value::Entry* allowed = policy.find_entry("AwsAccountWhitelist"))
    add("Allow", accounts(allowed->value, place_of(*allowed)), std::nullopt, place_of(*allowed));
  if (const Value::Entry* denied = policy.find_entry("AwsAccountBlacklist"))
    add("Deny", accounts(denied->value, place_of(*denied)), std::nullopt, place_of(*denied));
  // Each IP or VPC list is an Allow for everyone and a Deny for those outside an allow
  // list or inside a block list: a block list leaves everyone else allowed, and SAM writes
  // the Allow for it too (its api_with_ip_range_blacklist test). In SAM's order.
  struct NetworkList {
    const char* name;
    const char* deny_when;  // the condition operator of the Deny
    const char* key;
  };
  static constexpr NetworkList kNetworkLists[] = {
      {"IpRangeWhitelist", "NotIpAddress", "aws:SourceIp"},
      {"IpRangeBlacklist", "IpAddress", "aws:SourceIp"},
      {"SourceVpcWhitelist", "StringNotEquals", "aws:SourceVpc"},
      {"IntrinsicVpcWhitelist", "StringNotEquals", "aws:SourceVpc"},
      {"IntrinsicVpceWhitelist", "StringNotEquals", "aws:SourceVpce"},
      {"SourceVpcBlacklist", "StringEquals", "aws:SourceVpc"},
      {"IntrinsicVpcBlacklist", "StringEquals", "aws:SourceVpc"},
      {"IntrinsicVpceBlacklist", "StringEquals", "aws:SourceVpce"}};
  for (const NetworkList& list : kNetworkLists) {
    if (const Value::Entry* members = policy.find_entry(list.name)) {
      Range where = place_of(*members);
      add("Allow", text("*", where), std::nullopt, where);
      add("Deny", text("*", where), condition_on(list.deny_when, list.key, members->value, where), where);
    }
  }
}

// The statements of one ResourcePolicy (the API's or an event's) over `resources`: the lists'
// statements, then CustomStatements as written; one already there is not added twice (SAM
// merges the events' policies into one document).
void policy_statements(const Value& policy, const Value& resources, Value& statements, Range at) {
  Value added = sequence(at);
  list_statements(policy, resources, added, at);
  if (const Value* custom = policy.find("CustomStatements"); custom && custom->is_sequence()) {
    for (const Value& statement : custom->items()) added.items().push_back(statement);
  } else if (custom) {
    added.items().push_back(*custom);
  }
  for (Value& statement : added.items()) {
    const std::string written = canonical_text(statement);
    auto same = [&](const Value& there) { return canonical_text(there) == written; };
    if (std::none_of(statements.items().begin(), statements.items().end(), same))
      statements.items().push_back(std::move(statement));
  }
}

// What an event's route is in a policy's Resource, as SAM scopes it (any stage here).
Value route_resource(const ApiRoute& route, Range at) {
  return sequence_of({text("execute-api:/*/" + route_in_arn(route.method, route.path), at)}, at);
}

// Auth.ResourcePolicy becomes the API's x-amazon-apigateway-policy: the API's lists apply to
// every route (SAM scopes them to each route; every route of the API is the same set), an
// event's lists to its own route (SAM's ApiFunctionAuth "Resource Policy for this path");
// CustomStatements are taken as written.
std::optional<Value> resource_policy(const Value* auth, const std::vector<ApiRoute>& routes, Range at) {
  auto policy_in = [](const Value* holder) -> const Value* {
    const Value* policy = holder && holder->is_mapping() ? holder->find("ResourcePolicy") : nullptr;
    return policy && policy->is_mapping() && !is_intrinsic(*policy) ? policy : nullptr;
  };
  Value statements = sequence(at);
  const Value* api_policy = policy_in(auth);
  const Value* custom = api_policy ? api_policy->find("CustomStatements") : nullptr;
  if (api_policy) policy_statements(*api_policy, sequence_of({text("execute-api:/*/*/*", at)}, at), statements, at);
  bool single_custom = custom && !custom->is_sequence() && statements.items().size() == 1;
  for (const ApiRoute& route : routes) {
    const Value* event_policy = policy_in(route.properties ? route.properties->find("Auth") : nullptr);
    if (!event_policy) continue;
    policy_statements(*event_policy, route_resource(route, route.event_range), statements, route.event_range);
    single_custom = false;
  }
  if (statements.items().empty()) return std::nullopt;
  Value document = mapping(at);
  put(document, "Version", text("2012-10-17", at), at);
  if (single_custom) {
    put(document, "Statement", *custom, at);  // a single custom statement stays as written
    return document;
  }
  put(document, "Statement", std::move(statements), at);
  return document;
}

Value rest_api_properties(const ApiSource& source) {
  const SamResource& api = *source.sam;
  Range at = source.cause;
  Value properties = mapping(at);
  if (const Value::Entry* body = api.property_entry("DefinitionBody")) {
    put(properties, "Body", body->value, body->key_range);
  } else if (const Value::Entry* uri = api.property_entry("DefinitionUri")) {
    put(properties, "BodyS3Location", s3_location(uri->value, false), uri->key_range);
  } else {
    put(properties, "Body", generated_definition(source.routes, api.property("Auth"), false, at), at);
  }
  Value* body = find_mutable(properties, "Body");
  if (body && body->is_mapping() && !is_intrinsic(*body) && api.property_entry("DefinitionBody")) {
    const Value* merge = api.property("MergeDefinitions");
    // With MergeDefinitions SAM merges the routes it would generate into the definition.
    if (merge && truthy(*merge)) {
      Value* paths = find_mutable(*body, "paths");
      if (!paths && !source.routes.empty()) paths = &put(*body, "paths", mapping(at), at);
      if (paths && paths->is_mapping() && !is_intrinsic(*paths))
        merge_route_operations(*paths, source.routes, api.property("Auth"), false);
    }
    apply_event_auth(*body, source.routes, api.property("Auth"), merge && truthy(*merge));
    apply_rest_auth(*body, api.property("Auth"));
  }
  if (body && body->is_mapping() && !is_intrinsic(*body)) add_iam_scheme_where_used(*body, at);
  if (auto policy = resource_policy(api.property("Auth"), source.routes, at); policy && body && body->is_mapping() && !is_intrinsic(*body))
    put(*body, "x-amazon-apigateway-policy", std::move(*policy), at);
  copy_if_present(properties, api, {"Name", "BinaryMediaTypes", "MinimumCompressionSize", "Mode", "FailOnWarnings",
                                    "DisableExecuteApiEndpoint", "Policy", "SecurityPolicy", "EndpointAccessMode"});
  if (const Value::Entry* endpoint = api.property_entry("EndpointConfiguration")) {
    Value configuration = mapping(endpoint->key_range);
    if (endpoint->value.is_mapping() && !is_intrinsic(endpoint->value)) {
      if (const Value::Entry* type = endpoint->value.find_entry("Type"))
        put(configuration, "Types", sequence_of({type->value}, type->key_range), type->key_range);
      if (const Value::Entry* vpc = endpoint->value.find_entry("VPCEndpointIds"))
        put(configuration, "VpcEndpointIds", vpc->value, vpc->key_range);
      if (const Value::Entry* ip = endpoint->value.find_entry("IpAddressType"))
        put(configuration, "IpAddressType", ip->value, ip->key_range);
    } else {
      put(configuration, "Types", sequence_of({endpoint->value}, endpoint->key_range), endpoint->key_range);
    }
    put(properties, "EndpointConfiguration", std::move(configuration), endpoint->key_range);
  }
  if (const Value* auth = api.property("Auth"); auth && auth->is_mapping())
    if (const Value::Entry* source_type = auth->find_entry("ApiKeySourceType"))
      put(properties, "ApiKeySourceType", source_type->value, source_type->key_range);
  return properties;
}

// A stage's part of its logical id: "ProdStage", or for a name that is not alphanumeric
// ("hoge-fuga") "Stage" and SAM's hash of the name.
std::string stage_id_part(const std::string& stage) {
  if (alphanumeric(stage) == stage) return stage + "Stage";
  return "Stage" + logical_id_hash(text(stage, {}));
}

std::string stage_name(const Context& context, const SamResource& api, const char* fallback) {
  const Value* stage = api.property("StageName");
  if (!stage) return fallback;
  // An intrinsic stage name stays out of the stage's logical id, as in SAM.
  (void)context;
  return scalar_text(stage).value_or("");
}

std::string add_rest_stage(Context& context, const ApiSource& source, const std::string& deployment_id) {
  const SamResource& api = *source.sam;
  Range at = source.cause;
  std::string stage = stage_name(context, api, "Prod");
  std::string stage_id = source.logical_id + stage_id_part(stage);
  Value& resource = context.add(api, stage_id, "AWS::ApiGateway::Stage", at);
  context.copy_attributes(api, resource, false);
  Value& properties = put(resource, "Properties", mapping(at), at);
  put(properties, "DeploymentId", ref(deployment_id, at), at);
  put(properties, "RestApiId", ref(source.logical_id, at), at);
  const Value::Entry* name = api.property_entry("StageName");
  put(properties, "StageName", name ? name->value : text(stage, at), name ? name->key_range : at);
  copy_if_present(properties, api, {"TracingEnabled", "AccessLogSetting", "MethodSettings", "CacheClusterEnabled",
                                    "CacheClusterSize", "CanarySetting"},
                  "Variables", "Variables");
  if (const Value::Entry* tags = api.property_entry("Tags"))
    put(properties, "Tags", tag_list("", "", &tags->value, tags->key_range), tags->key_range);
  return stage_id;
}

// Adds `item` to the list at `key` of a generated resource's Properties (SHARED usage plans
// collect the stages of every API that uses them).
void append_to(Value& properties, const char* key, Value item, Range at) {
  Value* list = find_mutable(properties, key);
  if (!list || !list->is_sequence()) list = &put(properties, key, sequence(at), at);
  list->items().push_back(std::move(item));
}

Value& usage_plan_resource(Context& context, const ApiSource& source, const std::string& id, const char* type,
                           const char* depends_on, Range at) {
  if (Value* existing = context.output_resource(id)) return *find_mutable(*existing, "Properties");
  Value& resource = context.add(*source.sam, id, type, at);
  put(resource, "DependsOn", sequence(at), at);
  if (depends_on) append_to(resource, "DependsOn", text(depends_on, at), at);
  return put(resource, "Properties", mapping(at), at);
}

// Auth.UsagePlan: a usage plan (PER_API, or SHARED between the APIs that ask for it), an
// API key enabled on the stage, and the key's membership of the plan.
void add_usage_plan(Context& context, const ApiSource& source, const std::string& stage_id) {
  const Value* auth = source.sam->property("Auth");
  const Value* plan = auth && auth->is_mapping() ? auth->find("UsagePlan") : nullptr;
  if (!plan || !plan->is_mapping()) return;
  auto kind = scalar_text(plan->find("CreateUsagePlan")).value_or("NONE");
  if (kind == "NONE") return;
  std::string prefix = kind == "SHARED" ? "Serverless" : source.logical_id;
  Range at = plan->range();
  Value& plan_properties = usage_plan_resource(context, source, prefix + "UsagePlan", "AWS::ApiGateway::UsagePlan", nullptr, at);
  Value stage = mapping(at);
  put(stage, "ApiId", ref(source.logical_id, at), at);
  put(stage, "Stage", ref(stage_id, at), at);
  append_to(plan_properties, "ApiStages", std::move(stage), at);
  for (const char* name : {"Description", "Quota", "Tags", "Throttle", "UsagePlanName"})
    if (const Value::Entry* entry = plan->find_entry(name)) put(plan_properties, name, entry->value, entry->key_range);
  append_to(*context.output_resource(prefix + "UsagePlan"), "DependsOn", text(source.logical_id, at), at);

  Value& key = usage_plan_resource(context, source, prefix + "ApiKey", "AWS::ApiGateway::ApiKey", (prefix + "UsagePlan").c_str(), at);
  put(key, "Enabled", plain("true", at), at);
  Value stage_key = mapping(at);
  put(stage_key, "RestApiId", ref(source.logical_id, at), at);
  put(stage_key, "StageName", ref(stage_id, at), at);
  append_to(key, "StageKeys", std::move(stage_key), at);

  Value& membership = usage_plan_resource(context, source, prefix + "UsagePlanKey", "AWS::ApiGateway::UsagePlanKey",
                                          (prefix + "ApiKey").c_str(), at);
  put(membership, "KeyId", ref(prefix + "ApiKey", at), at);
  put(membership, "KeyType", text("API_KEY", at), at);
  put(membership, "UsagePlanId", ref(prefix + "UsagePlan", at), at);
}

// An event's RequestModel must name a model its API defines.
void check_route_model(const ApiRoute& route, const Value* models) {
  const Value* model = route.properties ? route.properties->find("RequestModel") : nullptr;
  auto name = model && model->is_mapping() ? scalar_text(model->find("Model")) : std::nullopt;
  if (!name) return;
  if (!models || !models->is_mapping() || !models->find(*name))
    throw SamError(route.event_range, "Unable to set RequestModel [" + *name + "] on API method [" + route.method +
                                          "] for path [" + route.path + "] because it wasn't defined in the API's Models.");
}

void expand_rest(Context& context, const ApiSource& source) {
  Range at = source.cause;
  for (const ApiRoute& route : source.routes) {
    check_route_auth(route, source.sam->property("Auth"));
    check_route_model(route, source.sam->property("Models"));
  }
  Value properties = rest_api_properties(source);
  std::string deployment_id = source.logical_id + "Deployment" + short_hash(canonical_text(properties));
  Value& api = context.add(*source.sam, source.logical_id, "AWS::ApiGateway::RestApi", at);
  context.copy_attributes(*source.sam, api, true);
  put(api, "Properties", std::move(properties), at);
  name_operation_origins(api, source);

  Value& deployment = context.add(*source.sam, deployment_id, "AWS::ApiGateway::Deployment", at);
  context.copy_attributes(*source.sam, deployment, false);
  Value& deployment_properties = put(deployment, "Properties", mapping(at), at);
  put(deployment_properties, "RestApiId", ref(source.logical_id, at), at);
  // SAM's deployments make a stage named "Stage" beside the API's own, unless the API (or
  // Globals.Api) sets OpenApiVersion, whatever its value.
  if (!source.sam->property("OpenApiVersion")) put(deployment_properties, "StageName", text("Stage", at), at);

  std::string stage_id = add_rest_stage(context, source, deployment_id);
  add_rest_domain(context, *source.sam, source.logical_id, stage_id);
  add_authorizer_permissions(context, *source.sam, source.logical_id, source.sam->property("Auth"), false);
  add_usage_plan(context, source, stage_id);
}

// --- HTTP API ---

std::string add_http_stage(Context& context, const ApiSource& source) {
  const SamResource& api = *source.sam;
  Range at = source.cause;
  const Value::Entry* name = api.property_entry("StageName");
  std::string stage_id = name ? alphanumeric(stage_name(context, api, "$default")) + "Stage" : "ApiGatewayDefaultStage";
  Value& resource = context.add(api, source.logical_id + stage_id, "AWS::ApiGatewayV2::Stage", at);
  context.copy_attributes(api, resource, false);
  Value& properties = put(resource, "Properties", mapping(at), at);
  put(properties, "ApiId", ref(source.logical_id, at), at);
  put(properties, "AutoDeploy", plain("true", at), at);
  put(properties, "StageName", name ? name->value : text("$default", at), name ? name->key_range : at);
  copy_if_present(properties, api, {"AccessLogSettings", "DefaultRouteSettings", "RouteSettings", "StageVariables"});
  Value tags = mapping(at);
  put(tags, "httpapi:createdBy", text("SAM", at), at);
  put(properties, "Tags", std::move(tags), at);
  return source.logical_id + stage_id;
}

void expand_http(Context& context, const ApiSource& source) {
  const SamResource& api = *source.sam;
  for (const ApiRoute& route : source.routes) check_route_auth(route, api.property("Auth"));
  Range at = source.cause;
  Value properties = mapping(at);
  if (const Value::Entry* body = api.property_entry("DefinitionBody")) {
    Value& definition = put(properties, "Body", body->value, body->key_range);
    if (definition.is_mapping() && !is_intrinsic(definition)) {
      // SAM merges each HttpApi event's route into an inline definition.
      Value* paths = find_mutable(definition, "paths");
      if (!paths && !source.routes.empty())
        paths = &put(definition, "paths", mapping(body->key_range), body->key_range);
      if (paths && paths->is_mapping() && !is_intrinsic(*paths))
        merge_route_operations(*paths, source.routes, api.property("Auth"), true);
      apply_http_auth(definition, api.property("Auth"));
      drop_none_requirements(definition);
    }
  } else if (const Value::Entry* uri = api.property_entry("DefinitionUri")) {
    put(properties, "BodyS3Location", s3_location(uri->value, false), uri->key_range);
  } else {
    put(properties, "Body", generated_definition(source.routes, api.property("Auth"), true, at), at);
  }
  if (Value* body = find_mutable(properties, "Body"); body && body->is_mapping() && !is_intrinsic(*body))
    add_iam_scheme_where_used(*body, at);
  copy_if_present(properties, api, {"FailOnWarnings", "DisableExecuteApiEndpoint", "Name"});
  Value& resource = context.add(api, source.logical_id, "AWS::ApiGatewayV2::Api", at);
  context.copy_attributes(api, resource, true);
  put(resource, "Properties", std::move(properties), at);
  name_operation_origins(resource, source);
  std::string stage_id = add_http_stage(context, source);
  add_v2_domain(context, api, source.logical_id, stage_id);
  add_authorizer_permissions(context, api, source.logical_id, api.property("Auth"), true);
}

// {Fn::Or: [{Condition: A}, ...]} over `names`, at most ten to an Fn::Or as CloudFormation
// allows: a longer list is cut into tens, each its own condition `<prefix>N`.
Value or_of_conditions(Context& context, std::vector<std::string> names, const std::string& prefix, Range at) {
  size_t next_part = 1;
  while (names.size() > 10) {
    std::vector<std::string> grouped;
    for (size_t begin = 0; begin < names.size(); begin += 10) {
      std::vector<std::string> group(names.begin() + static_cast<std::ptrdiff_t>(begin),
                                     names.begin() + static_cast<std::ptrdiff_t>(std::min(names.size(), begin + 10)));
      if (group.size() == 1) {
        grouped.push_back(group.front());
        continue;
      }
      std::string part = prefix + std::to_string(next_part++);
      context.added_conditions[part] = or_of_conditions(context, std::move(group), prefix, at);
      grouped.push_back(part);
    }
    names = std::move(grouped);
  }
  std::vector<Value> references;
  for (const std::string& name : names) {
    Value reference = mapping(at);
    put(reference, "Condition", text(name, at), at);
    references.push_back(std::move(reference));
  }
  Value expression = mapping(at);
  put(expression, "Fn::Or", sequence_of(std::move(references), at), at);
  return expression;
}

// An implicit API exists where one of its functions does: no condition if one of them
// is unconditional, theirs if they share one, else a condition SAM adds, <Api>Condition,
// true where any of theirs is.
std::optional<std::string> implicit_api_condition(Context& context, const ImplicitApi& implicit,
                                                  const std::string& logical_id) {
  std::set<std::string> conditions;
  for (const ApiRoute& route : implicit.routes) {
    if (!route.condition) return std::nullopt;
    conditions.insert(*route.condition);
  }
  if (conditions.size() <= 1) return conditions.empty() ? std::nullopt : std::optional(*conditions.begin());
  std::string name = logical_id + "Condition";
  context.added_conditions[name] =
      or_of_conditions(context, {conditions.begin(), conditions.end()}, name, implicit.range);
  return name;
}

// An implicit API is a SAM Api built from Globals and the events, owned by the first event.
SamResource implicit_resource(Context& context, const ImplicitApi& implicit, const char* logical_id,
                              const char* globals_section) {
  SamResource api;
  api.logical_id = logical_id;
  api.key_range = implicit.range;
  api.type = globals_section;
  api.node = mapping(implicit.range);
  auto global = context.globals.find(globals_section);
  api.properties = global != context.globals.end() ? global->second : mapping(implicit.range);
  erase(api.properties, "StageName");  // SAM names the implicit stage Prod whatever Globals say
  if (auto condition = implicit_api_condition(context, implicit, logical_id))
    put(api.node, "Condition", text(*condition, implicit.range), implicit.range);
  return api;
}

void expand_implicit(Context& context, const ImplicitApi& implicit, const char* logical_id, const char* section,
                     bool http) {
  if (implicit.routes.empty()) return;
  if (context.input_type(logical_id) != "") return;  // the template defines it itself
  SamResource api = implicit_resource(context, implicit, logical_id, section);
  validate_resource(api);  // Globals shape the implicit API: they must be valid for it
  SamResource owner = api;
  owner.logical_id = implicit.owner_id;  // the origin names the resource whose event created it
  ApiSource source{&owner, logical_id, implicit.range, implicit.routes};
  // The origin names the function whose event created the API; the API's own id stays.
  if (http) {
    expand_http(context, source);
  } else {
    expand_rest(context, source);
  }
}

std::vector<ApiRoute> routes_for(Context& context, const std::string& api_id) {
  auto found = context.explicit_routes.find(api_id);
  return found == context.explicit_routes.end() ? std::vector<ApiRoute>{} : found->second;
}

}  // namespace

void collect_api_routes(Context& context, const SamResource& resource) {
  if (resource.type != "Function" && resource.type != "StateMachine") return;
  const Value* events = events_of(resource);
  if (!events) return;
  for (const Value::Entry& event : events->entries()) {
    if (!event.value.is_mapping()) continue;
    auto type = scalar_text(event.value.find("Type"));
    if (type == std::optional<std::string>("Api")) add_route(context, resource, event, false);
    if (type == std::optional<std::string>("HttpApi")) add_route(context, resource, event, true);
  }
}

void expand_api(Context& context, const SamResource& api) {
  // SAM requires it of an explicit API (the implicit one is named Prod): without it the
  // transform fails and nothing is deployed.
  if (!api.property("StageName")) throw SamError(api.key_range, "Missing required property 'StageName'.");
  ApiSource source{&api, api.logical_id, api.key_range, routes_for(context, api.logical_id)};
  expand_rest(context, source);
}

void expand_http_api(Context& context, const SamResource& api) {
  ApiSource source{&api, api.logical_id, api.key_range, routes_for(context, api.logical_id)};
  expand_http(context, source);
}

void expand_implicit_apis(Context& context) {
  expand_implicit(context, context.rest_api, "ServerlessRestApi", "Api", false);
  expand_implicit(context, context.http_api, "ServerlessHttpApi", "HttpApi", true);
}

}  // namespace cfn::sam
