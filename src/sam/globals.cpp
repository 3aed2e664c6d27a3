#include "sam/globals.h"

#include <algorithm>
#include <map>
#include <vector>

#include "sam/values.h"

namespace cfn::sam {

namespace {

// What each Globals section accepts: SAM's own list per resource type. Role, Policies,
// FunctionName and Events are deliberately absent from Function: SAM never shares them.
const std::map<std::string, std::vector<std::string>, std::less<>>& supported_globals() {
  static const std::map<std::string, std::vector<std::string>, std::less<>> table = {
      {"Function",
       {"Handler", "Runtime", "CodeUri", "DeadLetterQueue", "Description", "MemorySize", "Timeout", "VpcConfig",
        "Environment", "Tags", "PropagateTags", "Tracing", "KmsKeyArn", "AutoPublishAlias",
        "AutoPublishAliasAllProperties", "Layers", "DeploymentPreference", "RolePath", "PermissionsBoundary",
        "ReservedConcurrentExecutions", "ProvisionedConcurrencyConfig", "AssumeRolePolicyDocument",
        "EventInvokeConfig", "FileSystemConfigs", "CodeSigningConfigArn", "Architectures", "SnapStart",
        "EphemeralStorage", "FunctionUrlConfig", "RuntimeManagementConfig", "LoggingConfig", "RecursiveLoop",
        "SourceKMSKeyArn", "CapacityProviderConfig", "FunctionScalingConfig", "DurableConfig", "TenancyConfig",
        "PublishToLatestPublished", "VersionDeletionPolicy"}},
      {"Api",
       {"Auth", "Name", "DefinitionUri", "CacheClusterEnabled", "CacheClusterSize", "MergeDefinitions", "Variables",
        "EndpointConfiguration", "MethodSettings", "BinaryMediaTypes", "MinimumCompressionSize", "Cors",
        "GatewayResponses", "AccessLogSetting", "CanarySetting", "TracingEnabled", "OpenApiVersion", "Domain",
        "AlwaysDeploy", "PropagateTags", "SecurityPolicy", "EndpointAccessMode"}},
      {"HttpApi",
       {"Auth", "AccessLogSettings", "StageVariables", "Tags", "CorsConfiguration", "DefaultRouteSettings", "Domain",
        "RouteSettings", "FailOnWarnings", "PropagateTags"}},
      {"SimpleTable", {"SSESpecification"}},
      {"StateMachine", {"PropagateTags"}},
      {"LayerVersion", {"PublishLambdaVersion"}},
      {"WebSocketApi",
       {"AccessLogSettings", "ApiKeySelectionExpression", "DisableExecuteApiEndpoint", "DisableSchemaValidation",
        "Domain", "PropagateTags", "RouteSettings", "StageVariables", "Tags"}},
      {"CapacityProvider",
       {"InstanceRequirements", "KmsKeyArn", "OperatorRole", "PropagateTags", "ScalingConfig", "Tags", "VpcConfig"}},
  };
  return table;
}

void read_section(Context& context, const Value::Entry& section) {
  auto supported = supported_globals().find(section.key);
  if (supported == supported_globals().end()) {
    context.report(section.key_range, "Globals section '" + section.key + "' is not supported by SAM.");
    return;
  }
  if (!section.value.is_mapping() || is_intrinsic(section.value)) {
    context.report(section.value.range(), "Globals." + section.key + " must be a mapping of properties.");
    return;
  }
  Value accepted = section.value;
  accepted.entries().clear();
  for (const Value::Entry& property : section.value.entries()) {
    const auto& names = supported->second;
    if (std::find(names.begin(), names.end(), property.key) == names.end()) {
      context.report(property.key_range,
                     "'" + property.key + "' is not a supported property of Globals." + section.key + ".");
      continue;
    }
    accepted.entries().push_back(property);
  }
  context.globals[section.key] = std::move(accepted);
}

// IgnoreGlobals: "*" drops every global, a list drops the named ones.
Value applicable_globals(Context& context, const Value& section, const Value* ignore, std::string_view logical_id) {
  if (!ignore) return section;
  if (auto all = scalar_text(ignore); all && *all == "*") return mapping(section.range());
  if (!ignore->is_sequence()) {
    context.report(ignore->range(), "Resource " + std::string(logical_id) + " has an invalid IgnoreGlobals.",
                   std::string(logical_id));
    return section;
  }
  Value kept = section;
  for (const Value& name : ignore->items()) {
    auto key = scalar_text(&name);
    if (!key || !section.find(*key)) {
      context.report(name.range(), "IgnoreGlobals names '" + key.value_or("") + "', which is not in Globals.",
                     std::string(logical_id));
      continue;
    }
    erase(kept, *key);
  }
  return kept;
}

}  // namespace

void read_globals(Context& context, const Value* globals) {
  if (!globals) return;
  if (!globals->is_mapping() || is_intrinsic(*globals)) {
    context.report(globals->range(), "The Globals section must be a mapping of SAM resource types.");
    return;
  }
  for (const Value::Entry& section : globals->entries()) read_section(context, section);
}

Value properties_with_globals(Context& context, std::string_view sam_type, const Value& resource,
                              std::string_view logical_id) {
  const Value* local = resource.find("Properties");
  Value properties = local && local->is_mapping() ? *local : mapping(resource.range());
  auto section = context.globals.find(std::string(sam_type));
  if (section == context.globals.end()) return properties;
  Value global = applicable_globals(context, section->second, resource.find("IgnoreGlobals"), logical_id);
  // Only properties a resource actually has keep the resource's positions; the rest point
  // at the Globals line they came from.
  return merge_globals(global, properties);
}

}  // namespace cfn::sam
