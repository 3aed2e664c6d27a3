// Checks the SAM translator makes before it generates anything: each throws a SamError at
// the offending value, so invalid SAM becomes one finding at the right line instead of a
// silently wrong expansion. Intrinsic functions pass wherever SAM leaves them to
// CloudFormation.
#include "sam/validate.h"

#include <algorithm>
#include <set>

#include "sam/values.h"

namespace cfn::sam {

namespace {

bool is_map(const Value& value) { return value.is_mapping() && !is_intrinsic(value); }

bool is_boolean(const Value& value) { return is_intrinsic(value) || (value.is_scalar() && value.as_bool().has_value()); }

void require_map(const Value* value, const std::string& name) {
  if (value && !value->is_null() && !is_intrinsic(*value) && !value->is_mapping())
    throw SamError(value->range(), "Property '" + name + "' should be a map.");
}

void require_boolean(const Value* value, const std::string& name) {
  if (value && !is_boolean(*value)) throw SamError(value->range(), "Type of property '" + name + "' is invalid.");
}

// The properties each SAM type accepts; anything else is a typo SAM rejects.
const std::map<std::string, std::set<std::string, std::less<>>, std::less<>>& known_properties() {
  static const std::map<std::string, std::set<std::string, std::less<>>, std::less<>> table = {
      {"Api",
       {"AccessLogSetting",
        "AlwaysDeploy",
        "ApiKeySourceType",
        "Auth",
        "BinaryMediaTypes",
        "CacheClusterEnabled",
        "CacheClusterSize",
        "CanarySetting",
        "Cors",
        "DefinitionBody",
        "DefinitionUri",
        "Description",
        "DisableExecuteApiEndpoint",
        "Domain",
        "EndpointAccessMode",
        "EndpointConfiguration",
        "FailOnWarnings",
        "GatewayResponses",
        "MergeDefinitions",
        "MethodSettings",
        "MinimumCompressionSize",
        "Mode",
        "Models",
        "Name",
        "OpenApiVersion",
        "Policy",
        "PropagateTags",
        "SecurityPolicy",
        "StageName",
        "Tags",
        "TracingEnabled",
        "Variables"}},
      {"HttpApi",
       {"AccessLogSettings", "Auth", "CorsConfiguration", "DefaultRouteSettings", "DefinitionBody", "DefinitionUri",
        "Description", "DisableExecuteApiEndpoint", "Domain", "FailOnWarnings", "Name", "PropagateTags",
        "RouteSettings", "StageName", "StageVariables", "Tags"}},
      {"CapacityProvider",
       {"CapacityProviderName", "InstanceRequirements", "KmsKeyArn", "OperatorRole", "PropagateTags", "ScalingConfig",
        "Tags", "VpcConfig"}},
      {"SimpleTable",
       {"PointInTimeRecoverySpecification", "PrimaryKey", "ProvisionedThroughput", "SSESpecification", "TableName",
        "Tags"}},
      {"Application", {"Location", "NotificationARNs", "Parameters", "Tags", "TimeoutInMinutes"}},
      // The union of the properties the translator's valid test cases use and its
      // SamFunction definition.
      {"Function",
       {"Architectures",
        "AssumeRolePolicyDocument",
        "AutoPublishAlias",
        "AutoPublishAliasAllProperties",
        "AutoPublishCodeSha256",
        "CapacityProviderConfig",
        "CodeSigningConfigArn",
        "CodeUri",
        "DeadLetterQueue",
        "DeploymentPreference",
        "Description",
        "DurableConfig",
        "Environment",
        "EphemeralStorage",
        "EventInvokeConfig",
        "Events",
        "FileSystemConfigs",
        "FunctionName",
        "FunctionScalingConfig",
        "FunctionUrlConfig",
        "Handler",
        "ImageConfig",
        "ImageUri",
        "InlineCode",
        "KmsKeyArn",
        "Layers",
        "LoggingConfig",
        "MemorySize",
        "PackageType",
        "PermissionsBoundary",
        "Policies",
        "PropagateTags",
        "ProvisionedConcurrencyConfig",
        "PublishToLatestPublished",
        "RecursiveLoop",
        "ReservedConcurrentExecutions",
        "Role",
        "RolePath",
        "Runtime",
        "RuntimeManagementConfig",
        "SnapStart",
        "SourceKMSKeyArn",
        "Tags",
        "TenancyConfig",
        "Timeout",
        "Tracing",
        "VersionDeletionPolicy",
        "VersionDescription",
        "VpcConfig"}},
  };
  return table;
}

// A function's undefined properties are reported without stopping its expansion
// (expand_function): SAM adds function properties often, and one newer than this list
// must not hide the function's findings. Any other type's stop it.
void check_known_properties(const SamResource& resource) {
  if (resource.type == "Function") return;
  for_each_undefined_property(resource, [](const Value::Entry& entry, const std::string& message) {
    throw SamError(entry.key_range, message);
  });
}

// Properties an event type does not have (SAM rejects them rather than ignoring them).
void check_event_properties(const std::string& type, const Value& properties) {
  static const std::map<std::string, std::set<std::string, std::less<>>, std::less<>> unsupported = {
      {"DynamoDB", {"ConsumerGroupId", "Topics", "Queues", "SourceAccessConfigurations"}},
      {"Kinesis", {"ConsumerGroupId", "Topics", "Queues", "SourceAccessConfigurations"}},
      {"SQS", {"ConsumerGroupId", "Topics", "StartingPosition"}},
      {"SNS", {"FilterCriteria", "BatchSize", "StartingPosition"}},
      {"S3", {"FilterCriteria"}},
      {"Api", {"FilterCriteria"}},
  };
  auto found = unsupported.find(type);
  if (found == unsupported.end()) return;
  for (const Value::Entry& entry : properties.entries())
    if (found->second.count(entry.key))
      throw SamError(entry.key_range, "property " + entry.key + " not defined for resource of type " + type);
}

// Api events: request parameters name a location and a parameter, request models are
// validated with booleans, UnescapeMappingTemplate is a boolean.
void check_api_event(const Value& properties) {
  if (const Value* parameters = properties.find("RequestParameters"); parameters && parameters->is_sequence()) {
    for (const Value& parameter : parameters->items()) {
      std::optional<std::string> name = scalar_text(&parameter);
      if (!name && is_map(parameter) && parameter.entries().size() == 1) name = parameter.entries().front().key;
      bool located = name && (name->starts_with("method.request.querystring.") || name->starts_with("method.request.path.") ||
                              name->starts_with("method.request.header."));
      if (!located)
        throw SamError(parameter.range(), "Invalid value for 'RequestParameters' property. Keys must be in the format "
                                          "'method.request.[querystring|path|header].{value}'");
    }
  }
  if (const Value* model = properties.find("RequestModel"); model && is_map(*model)) {
    for (const char* flag : {"ValidateBody", "ValidateParameters"})
      if (const Value* value = model->find(flag); value && (is_intrinsic(*value) || !is_boolean(*value) || value->quoted()))
        throw SamError(value->range(), std::string("ValidateBody and ValidateParameters must be a boolean type, strings or "
                                                   "intrinsics are not supported (") + flag + ").");
  }
  if (const Value* unescape = properties.find("UnescapeMappingTemplate"); unescape && (is_intrinsic(*unescape) || !is_boolean(*unescape)))
    throw SamError(unescape->range(), "Type of property 'UnescapeMappingTemplate' is invalid.");
}

void check_event(const SamResource& function, const Value::Entry& event, std::set<std::string>& cognito_triggers) {
  if (!event.value.is_mapping()) return;
  auto type = scalar_text(event.value.find("Type")).value_or("");
  const Value* properties = event.value.find("Properties");
  if (function.property("TenancyConfig") && type != "Api" && type != "HttpApi")
    throw SamError(event.key_range, "Event source '" + type + "' is not supported for functions enabled with tenancy "
                                    "configuration. Only Api and HttpApi event sources are supported.");
  if (!properties || !is_map(*properties)) return;
  check_event_properties(type, *properties);
  if (type == "Api") check_api_event(*properties);
  if (type == "S3")
    if (const Value* names = properties->find("Events"); names && is_intrinsic(*names))
      throw SamError(names->range(), "Type of property 'Events' is invalid.");
  if (const Value* destination = properties->find("DestinationConfig"); destination && is_map(*destination))
    require_map(destination->find("OnFailure"), "DestinationConfig.OnFailure");
  if (type == "HttpApi" && properties->find("Path") && !properties->find("Method"))
    throw SamError(event.key_range, "Property 'Method' is required.");
  if (type == "SelfManagedKafka")
    if (const Value* topics = properties->find("Topics"); topics && topics->is_sequence() && topics->items().size() != 1)
      throw SamError(topics->range(), "Topics for self managed kafka only supports single configuration entry.");
  if (type == "MQ")
    if (const Value* access = properties->find("SourceAccessConfigurations"); access && access->is_sequence())
      for (const Value& item : access->items())
        if (auto kind = is_map(item) ? scalar_text(item.find("Type")) : std::nullopt; kind && *kind != "BASIC_AUTH" && *kind != "VIRTUAL_HOST")
          throw SamError(item.range(), "Invalid property Type specified in SourceAccessConfigurations. The supported values are: ['BASIC_AUTH', 'VIRTUAL_HOST'].");
  if (type == "Cognito") {
    const Value* pool = properties->find("UserPool");
    if (pool && ref_target(*pool) == std::nullopt && pool->intrinsic() && pool->intrinsic()->key == "Ref")
      throw SamError(pool->range(), "Ref in Userpool is not a string.");
    const Value* trigger = properties->find("Trigger");
    if (trigger && !scalar_text(trigger) && !trigger->is_sequence())
      throw SamError(trigger->range(), "Type of property 'Trigger' is invalid.");
    std::vector<const Value*> names;
    if (trigger && trigger->is_sequence()) {
      for (const Value& item : trigger->items()) names.push_back(&item);
    } else if (trigger) {
      names.push_back(trigger);
    }
    std::string pool_id = pool ? ref_target(*pool).value_or("") : "";
    for (const Value* name : names)
      if (!cognito_triggers.insert(pool_id + "/" + scalar_text(name).value_or("")).second)
        throw SamError(name->range(), "Cognito trigger \"" + scalar_text(name).value_or("") + "\" defined multiple times.");
  }
}

void check_function_events(const SamResource& function) {
  const Value* events = function.property("Events");
  if (!events || !is_map(*events)) return;
  std::set<std::string> cognito_triggers;
  for (const Value::Entry& event : events->entries()) check_event(function, event, cognito_triggers);
}

void check_function(const SamResource& function) {
  // An explicit PackageType decides: Zip with an ImageUri is still a Zip function, which
  // SAM rejects without Runtime and Handler. Without one, an ImageUri is taken for an image
  // function, as cfn-lint takes it (the SAM translator 1.110 would default to Zip and
  // reject it; a false error on a template that deploys is the worse mistake).
  const Value* package = function.property("PackageType");
  bool image = package ? scalar_text(package) == std::optional<std::string>("Image") : function.property("ImageUri") != nullptr;
  if (!image && (!function.property("Runtime") || !function.property("Handler")))
    throw SamError(function.anchor(), "Runtime and Handler needs to be present when PackageType is of type `Zip`");
  if (const Value* role = function.property("Role"); role && role->intrinsic() && role->intrinsic()->key == "Fn::If") {
    const Value& arguments = role->intrinsic()->value;
    if (!arguments.is_sequence() || arguments.items().size() != 3)
      throw SamError(role->range(), "Malformed 'Role' property: Fn::If requires 3 arguments.");
  }
  if (const Value* sha = function.property("AutoPublishCodeSha256"); sha && !scalar_text(sha) && !ref_target(*sha))
    throw SamError(sha->range(), "AutoPublishCodeSha256 must be a string");
  if (const Value* all = function.property("AutoPublishAliasAllProperties"); all && (is_intrinsic(*all) || !is_boolean(*all)))
    throw SamError(all->range(), "Type of property 'AutoPublishAliasAllProperties' is invalid.");
  if (auto uri = scalar_text(function.property("CodeUri"))) {
    if (uri->find("{{resolve:") != std::string::npos)
      throw SamError(function.property("CodeUri")->range(), "Unsupported dynamic reference detected in 'CodeUri'.");
    if (uri->starts_with("s3://") && uri->find('[') != std::string::npos)
      throw SamError(function.property("CodeUri")->range(),
                     "'CodeUri' is not a valid S3 Uri of the form 's3://bucket/key' with optional versionId query parameter.");
  }
  if (const Value* url = function.property("FunctionUrlConfig"); url && is_map(*url)) {
    const Value* cors = url->find("Cors");
    require_map(cors, "FunctionUrlConfig.Cors");
    static const std::set<std::string, std::less<>> cors_keys = {"AllowCredentials", "AllowHeaders", "AllowMethods",
                                                                 "AllowOrigins", "ExposeHeaders", "MaxAge"};
    if (cors && is_map(*cors))
      for (const Value::Entry& entry : cors->entries())
        if (!cors_keys.count(entry.key)) throw SamError(entry.key_range, entry.key + " is not a valid property for configuring Cors.");
  }
  check_function_events(function);
}

void check_cors(const Value* cors, const std::set<std::string, std::less<>>& keys, const char* origin_key) {
  if (!cors || !is_map(*cors)) return;
  for (const Value::Entry& entry : cors->entries())
    if (!keys.count(entry.key)) throw SamError(entry.key_range, "Invalid key '" + entry.key + "' for 'Cors' property.");
  const Value* credentials = cors->find("AllowCredentials");
  auto origin = scalar_text(cors->find(origin_key));
  if (credentials && credentials->as_bool() == true && (!cors->find(origin_key) || origin == std::optional<std::string>("'*'")))
    throw SamError(credentials->range(), "Unable to add Cors configuration because 'AllowCredentials' can not be true when "
                                         "'AllowOrigin' is \"'*'\" or not set");
}

// The keys of an Api's and an HttpApi's Auth (SAM's AuthProperties).
const std::set<std::string, std::less<>> kRestAuthKeys = {
    "Authorizers",    "DefaultAuthorizer", "InvokeRole", "AddDefaultAuthorizerToCorsPreflight",
    "ApiKeyRequired", "ResourcePolicy",    "UsagePlan",  "AddApiKeyRequiredToCorsPreflight"};
const std::set<std::string, std::less<>> kHttpAuthKeys = {"Authorizers", "DefaultAuthorizer", "EnableIamAuthorizer"};

// A DefaultAuthorizer is a name, and one of the Authorizers (AWS_IAM and NONE are SAM's own).
void check_default_authorizer(const Value& auth) {
  const Value* fallback = auth.find("DefaultAuthorizer");
  if (!fallback) return;
  auto name = scalar_text(fallback);
  if (!name) throw SamError(fallback->range(), "DefaultAuthorizer is not a string.");
  if (*name == "AWS_IAM" || *name == "NONE") return;
  const Value* defined = auth.find("Authorizers");
  if (defined && is_map(*defined) && !defined->entries().empty() && !defined->find(*name))
    throw SamError(fallback->range(),
                   "Unable to set DefaultAuthorizer because '" + *name + "' was not defined in 'Authorizers'.");
}

void check_authorizers(const Value* auth, bool http) {
  if (!auth || auth->is_null()) return;
  // SAM reads Auth itself, before CloudFormation resolves anything: an Fn::If there
  // (`Auth: !If [IsDev, !Ref AWS::NoValue, {...}]`) is not a map to it.
  if (!is_map(*auth)) throw SamError(auth->range(), "Property 'Auth' should be a map.");
  const std::set<std::string, std::less<>>& keys = http ? kHttpAuthKeys : kRestAuthKeys;
  for (const Value::Entry& entry : auth->entries())
    if (!keys.count(entry.key)) throw SamError(entry.key_range, "Invalid value for 'Auth' property");
  check_default_authorizer(*auth);
  if (const Value* plan = auth->find("UsagePlan"); plan && !is_map(*plan))
    throw SamError(plan->range(), "'UsagePlan' must be a dictionary");
  if (const Value* policy = auth->find("ResourcePolicy"); policy && !is_map(*policy))
    throw SamError(policy->range(), "ResourcePolicy must be a map (ResourcePolicyStatement).");
  if (const Value* policy = auth->find("ResourcePolicy"); policy && is_map(*policy)) {
    for (const char* list : {"SourceVpcBlacklist", "SourceVpcWhitelist"}) {
      const Value* vpcs = policy->find(list);
      if (!vpcs) continue;
      bool strings = is_intrinsic(*vpcs) ||
                     (vpcs->is_sequence() && std::all_of(vpcs->items().begin(), vpcs->items().end(), [](const Value& item) {
                        return scalar_text(&item).has_value() || ref_target(item).has_value();
                      }));
      if (!strings) throw SamError(vpcs->range(), std::string(list) + " must be a list of strings.");
    }
  }
  const Value* authorizers = auth->find("Authorizers");
  if (!authorizers || !is_map(*authorizers)) return;
  for (const Value::Entry& authorizer : authorizers->entries()) {
    if (!is_map(authorizer.value)) continue;
    const Value* identity = authorizer.value.find("Identity");
    if (identity && !is_map(*identity))
      throw SamError(identity->range(), "Auth.Authorizers.<Authorizer>.Identity must be a dict.");
    if (identity && is_map(*identity))
      if (const Value* headers = identity->find("Headers"); headers && headers->is_sequence())
        for (const Value& header : headers->items())
          if (!scalar_text(&header)) throw SamError(header.range(), "Property 'Authorizers." + authorizer.key + ".Identity.Headers' should be a list of strings.");
    if (const Value* scopes = authorizer.value.find("AuthorizationScopes"); scopes && !scopes->is_sequence() && !is_intrinsic(*scopes))
      throw SamError(scopes->range(), "Property 'Authorizers." + authorizer.key + ".AuthorizationScopes' should be a list.");
    if (http && authorizer.value.find("FunctionArn") && !authorizer.value.find("AuthorizerPayloadFormatVersion"))
      throw SamError(authorizer.key_range, authorizer.key + " Lambda Authorizer must define 'AuthorizerPayloadFormatVersion'.");
    if (http && authorizer.value.find("AuthorizerPayloadFormatVersion") && !authorizer.value.find("FunctionArn"))
      throw SamError(authorizer.key_range, authorizer.key + " Lambda Authorizer must define 'FunctionArn'.");
    if (http) require_map(authorizer.value.find("JwtConfiguration"), "JwtConfiguration");
  }
}

// A DefinitionBody SAM edits must be a well-formed Swagger/OpenAPI document there.
void check_definition_paths(const Value* body, bool merged) {
  if (!body || !is_map(*body) || merged) return;
  if (const Value* definitions = body->find("securityDefinitions"); definitions && !is_map(*definitions))
    throw SamError(definitions->range(), "securityDefinitions must be a dictionary.");
  const Value* paths = body->find("paths");
  if (!paths || !is_map(*paths)) return;
  for (const Value::Entry& path : paths->entries()) {
    if (path.key.starts_with("x-")) continue;  // a specification extension: any value
    if (path.value.intrinsic() && path.value.intrinsic()->key == "Fn::If") {
      if (!path.value.intrinsic()->value.is_sequence()) throw SamError(path.value.range(), "Value of Fn::If must be a list.");
      continue;
    }
    if (!path.value.is_mapping())
      throw SamError(path.key_range, "Value of '" + path.key + "' path must be a dictionary according to Swagger spec.");
    for (const Value::Entry& method : path.value.entries()) {
      if (method.key == "parameters" || method.key.starts_with("x-") || is_intrinsic(method.value) || method.value.is_null())
        continue;
      if (!method.value.is_mapping())
        throw SamError(method.key_range, "Definition of method '" + method.key + "' for path '" + path.key + "' should be a map.");
      if (const Value* security = method.value.find("security"); security && !security->is_sequence())
        throw SamError(security->range(), "Type of security for path " + path.key + " method " + method.key + " must be a list");
      if (const Value* security = method.value.find("security"); security && security->is_sequence())
        for (const Value& item : security->items())
          if (!item.is_mapping()) throw SamError(item.range(), "Security for path " + path.key + " method " + method.key + " is not a valid dictionary.");
      if (const Value* responses = method.value.find("responses"); responses && !responses->is_mapping())
        throw SamError(responses->range(), "Invalid responses in " + method.key + " method for path " + path.key + ": It should be a map.");
    }
  }
}

void check_gateway_responses(const Value* responses) {
  if (!responses) return;
  if (is_intrinsic(*responses))
    throw SamError(responses->range(), "Unable to set GatewayResponses attribute because intrinsic functions are not supported for this field.");
  if (!responses->is_mapping()) return;
  static const std::set<std::string, std::less<>> keys = {"ResponseParameters", "ResponseTemplates", "StatusCode"};
  for (const Value::Entry& response : responses->entries()) {
    if (!is_map(response.value))
      throw SamError(response.value.range(), "Invalid property type for GatewayResponses. Expected an object of type 'GatewayResponse'.");
    for (const Value::Entry& entry : response.value.entries())
      if (!keys.count(entry.key))
        throw SamError(entry.key_range, "Invalid property '" + entry.key + "' in 'GatewayResponses' property '" + response.key + "'.");
    require_map(response.value.find("ResponseParameters"), "GatewayResponses." + response.key + ".ResponseParameters");
  }
}

void check_api(const SamResource& api) {
  if (const Value* stage = api.property("StageName"); stage && scalar_text(stage) == std::optional<std::string>(""))
    throw SamError(stage->range(), "StageName cannot be empty.");
  if (const Value* merge = api.property("MergeDefinitions"); merge && merge->as_bool() == true && api.property("DefinitionUri"))
    throw SamError(merge->range(), "Cannot set 'MergeDefinitions' to True when using `DefinitionUri`.");
  if (const Value* version = api.property("OpenApiVersion")) {
    auto text_version = scalar_text(version);
    if (!text_version || !version->quoted()) {
      if (!text_version || is_intrinsic(*version)) throw SamError(version->range(), "Property 'OpenApiVersion' should be a string.");
    }
    auto dots = text_version ? std::count(text_version->begin(), text_version->end(), '.') : 0;
    if (text_version && *text_version != "2.0" && !(text_version->starts_with("3.") && (dots == 1 || dots == 2)))
      throw SamError(version->range(), "The OpenApiVersion value must be of the format '3.0.0'.");
  }
  require_boolean(api.property("FailOnWarnings"), "FailOnWarnings");
  if (const Value* endpoint = api.property("EndpointConfiguration"); endpoint && is_map(*endpoint) &&
                                                                    endpoint->find("VPCEndpointIds") && endpoint->find("VpcEndpointIds"))
    throw SamError(endpoint->range(), "'VPCEndpointIds' and 'VpcEndpointIds' cannot be used together in EndpointConfiguration.");
  if (const Value* disable = api.property("DisableExecuteApiEndpoint"); disable && api.property("DefinitionUri"))
    throw SamError(disable->range(), "DisableExecuteApiEndpoint works only within 'DefinitionBody' property.");
  check_cors(api.property("Cors"), {"AllowCredentials", "AllowHeaders", "AllowMethods", "AllowOrigin", "MaxAge"}, "AllowOrigin");
  check_authorizers(api.property("Auth"), false);
  check_gateway_responses(api.property("GatewayResponses"));
  const Value* merge = api.property("MergeDefinitions");
  check_definition_paths(api.property("DefinitionBody"), merge && merge->as_bool() == true);
}

void check_http_api(const SamResource& api) {
  if (api.property("DefinitionUri") && api.property("DefinitionBody"))
    throw SamError(api.anchor(), "Specify either 'DefinitionUri' or 'DefinitionBody' property and not both.");
  bool external = api.property("DefinitionUri") != nullptr;
  if (external && api.property("Tags")) throw SamError(api.property_entry("Tags")->key_range, "Tags works only with inline OpenApi specified in the 'DefinitionBody' property.");
  if (external && api.property("CorsConfiguration"))
    throw SamError(api.property_entry("CorsConfiguration")->key_range, "Cors works only with inline OpenApi specified in 'DefinitionBody' property.");
  if (const Value* disable = api.property("DisableExecuteApiEndpoint")) {
    require_boolean(disable, "DisableExecuteApiEndpoint");
    if (external) throw SamError(disable->range(), "DisableExecuteApiEndpoint works only within 'DefinitionBody' property.");
  }
  check_cors(api.property("CorsConfiguration"),
             {"AllowCredentials", "AllowHeaders", "AllowMethods", "AllowOrigins", "ExposeHeaders", "MaxAge"}, "AllowOrigins");
  check_authorizers(api.property("Auth"), true);
  check_definition_paths(api.property("DefinitionBody"), false);
  if (const Value* body = api.property("DefinitionBody"); body && is_map(*body) && api.property("Tags") && !body->find("openapi"))
    throw SamError(api.property_entry("Tags")->key_range,
                   "Unable to add `Tags` because 'DefinitionBody' does not contain a valid OpenApi definition.");
  if (const Value* body = api.property("DefinitionBody"); body && is_map(*body) && api.property("Tags"))
    if (const Value* tags = body->find("tags"); tags && !tags->is_sequence())
      throw SamError(tags->range(), "Tags in OpenApi DefinitionBody needs to be a list.");
}

void check_simple_table(const SamResource& table) {
  const Value* key = table.property("PrimaryKey");
  if (!key || !is_map(*key)) return;
  if (!key->find("Name")) throw SamError(key->range(), "Property 'PrimaryKey.Name' is required.");
  if (auto type = scalar_text(key->find("Type")); type && *type != "String" && *type != "Number" && *type != "Binary")
    throw SamError(key->find("Type")->range(), "Invalid 'Type' \"" + *type + "\".");
}

void check_application(const SamResource& application) {
  const Value* location = application.property("Location");
  if (!location || !is_map(*location)) return;
  const Value* id = location->find("ApplicationId");
  if (!id || id->is_null()) throw SamError(location->range(), "Property 'ApplicationId' is required.");
  if (auto text_id = scalar_text(id); text_id && text_id->find("{{resolve:") != std::string::npos)
    throw SamError(id->range(), "Serverless Application Repository does not support dynamic reference in 'ApplicationId' property.");
  if (const Value* version = location->find("SemanticVersion");
      version && (version->is_null() || scalar_text(version) == std::optional<std::string>("")))
    throw SamError(version->range(), "Property 'SemanticVersion' cannot be blank.");
}

void check_state_machine(const SamResource& machine) {
  const Value* uri = machine.property("DefinitionUri");
  if (!uri) return;
  if (auto location = scalar_text(uri); location && !location->starts_with("s3://") && location->find("://") != std::string::npos)
    throw SamError(uri->range(), "'DefinitionUri' is not a valid S3 Uri of the form 's3://bucket/key' with optional versionId query parameter.");
  if (auto location = scalar_text(uri); location && location->starts_with("s3://") && location->find('/', 5) == std::string::npos)
    throw SamError(uri->range(), "'DefinitionUri' is not a valid S3 Uri of the form 's3://bucket/key' with optional versionId query parameter.");
  if (is_map(*uri) && (!uri->find("Bucket") || !uri->find("Key")))
    throw SamError(uri->range(), "'DefinitionUri' requires Bucket and Key properties to be specified.");
}

}  // namespace

void for_each_undefined_property(const SamResource& resource,
                                 const std::function<void(const Value::Entry&, const std::string&)>& visit) {
  auto known = known_properties().find(resource.type);
  if (known == known_properties().end()) return;
  for (const Value::Entry& entry : resource.properties.entries())
    if (!known->second.count(entry.key))
      visit(entry, "property " + entry.key + " not defined for resource of type AWS::Serverless::" + resource.type);
}

void validate_resource(const SamResource& resource) {
  check_known_properties(resource);
  if (resource.type == "Function") check_function(resource);
  if (resource.type == "Api") check_api(resource);
  if (resource.type == "HttpApi") check_http_api(resource);
  if (resource.type == "SimpleTable") check_simple_table(resource);
  if (resource.type == "Application") check_application(resource);
  if (resource.type == "StateMachine") {
    check_state_machine(resource);
    check_function_events(resource);  // the same event shapes apply to a state machine's events
  }
}

}  // namespace cfn::sam
