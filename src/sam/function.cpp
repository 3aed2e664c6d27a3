// AWS::Serverless::Function -> AWS::Lambda::Function, its role, its events, and the
// resources its features ask for (alias and version, function URL, event invoke config).
#include "sam/function.h"

#include "sam/role.h"
#include "sam/validate.h"
#include "sam/values.h"

namespace cfn::sam {

namespace {

// Properties that mean the same on AWS::Lambda::Function and are copied unchanged.
constexpr const char* kCopiedProperties[] = {
    "Handler", "Runtime", "Description", "MemorySize", "Timeout", "FunctionName", "VpcConfig", "Environment",
    "KmsKeyArn", "Layers", "ReservedConcurrentExecutions", "Architectures", "EphemeralStorage", "SnapStart",
    "FileSystemConfigs", "CodeSigningConfigArn", "ImageConfig", "PackageType", "RuntimeManagementConfig",
    "LoggingConfig", "RecursiveLoop", "SourceKMSKeyArn", "TenancyConfig", "DurableConfig"};

// s3://bucket/key?versionId=v
Value s3_location_from_uri(const std::string& uri, Range range, bool code) {
  std::string rest = uri.substr(5);
  size_t slash = rest.find('/');
  if (slash == std::string::npos) throw SamError(range, "'" + uri + "' is not an s3:// URI with a bucket and a key");
  std::string bucket = rest.substr(0, slash), key = rest.substr(slash + 1), version;
  if (size_t query = key.find("?versionId="); query != std::string::npos) {
    version = key.substr(query + 11);
    key = key.substr(0, query);
  }
  Value location = mapping(range);
  put(location, code ? "S3Bucket" : "Bucket", text(bucket, range), range);
  put(location, code ? "S3Key" : "Key", text(key, range), range);
  if (!version.empty()) put(location, code ? "S3ObjectVersion" : "Version", text(version, range), range);
  return location;
}

}  // namespace

// Shared with LayerVersion and StateMachine: a CodeUri-style value as an S3 location.
Value s3_location(const Value& uri, bool code) {
  if (auto content = scalar_text(&uri)) {
    if (content->starts_with("s3://")) return s3_location_from_uri(*content, uri.range(), code);
    // A local path (`src/`, `.`) is how people write SAM before `sam build`/`sam deploy`
    // upload it: the S3 location is simply not known yet. Only another scheme is wrong.
    if (content->find("://") == std::string::npos) return uri;
    throw SamError(uri.range(), "'" + *content + "' is not an s3:// URI or a local path");
  }
  if (!uri.is_mapping() || is_intrinsic(uri)) return uri;
  Value location = mapping(uri.range());
  const char* names[][2] = {{"Bucket", "S3Bucket"}, {"Key", "S3Key"}, {"Version", "S3ObjectVersion"}};
  for (const auto& name : names)
    if (const Value::Entry* entry = uri.find_entry(name[0])) put(location, code ? name[1] : name[0], entry->value, entry->key_range);
  return location;
}

namespace {

Value code_of(const SamResource& function) {
  if (const Value::Entry* inline_code = function.property_entry("InlineCode")) {
    Value code = mapping(inline_code->key_range);
    put(code, "ZipFile", inline_code->value, inline_code->key_range);
    return code;
  }
  if (const Value::Entry* image = function.property_entry("ImageUri")) {
    Value code = mapping(image->key_range);
    put(code, "ImageUri", image->value, image->key_range);
    return code;
  }
  if (const Value::Entry* uri = function.property_entry("CodeUri")) return s3_location(uri->value, true);
  // Before packaging the code location is simply not known yet: `sam build` builds an image
  // function from Metadata (Dockerfile, DockerContext, DockerTag) and fills ImageUri, and
  // `sam build` / `aws cloudformation package` upload the template's directory for a zip
  // function without CodeUri. An image function gets a Code without ImageUri; a zip
  // function the local path "." that the packager uploads, as if `CodeUri: .` were written.
  const Value::Entry* package = function.property_entry("PackageType");
  if (package && scalar_text(&package->value) == std::optional<std::string>("Image"))
    return mapping(package->key_range);  // ImageUri comes with `sam build`
  return text(".", function.anchor());
}

// Tracing: Active or PassThrough become TracingConfig.Mode; Disabled (also through a
// parameter default) and an empty value mean no TracingConfig at all.
bool tracing_enabled(const Context& context, const Value* tracing) {
  if (!tracing || tracing->is_null()) return false;
  auto resolved = scalar_text(&resolve_parameter(context, *tracing));
  return !(resolved && *resolved == "Disabled");
}

void copy_function_properties(const SamResource& function, Value& properties) {
  for (const char* name : kCopiedProperties)
    if (const Value::Entry* entry = function.property_entry(name)) put(properties, name, entry->value, entry->key_range);
}

void add_dead_letter_queue(const SamResource& function, Value& properties, RoleSpec& role) {
  const Value::Entry* dlq = function.property_entry("DeadLetterQueue");
  if (!dlq || dlq->value.is_null()) return;
  if (!dlq->value.is_mapping()) throw SamError(dlq->value.range(), "DeadLetterQueue must be a mapping with Type and TargetArn");
  const Value* target = dlq->value.find("TargetArn");
  auto type = scalar_text(dlq->value.find("Type"));
  if (!target || !type || (*type != "SNS" && *type != "SQS"))
    throw SamError(dlq->key_range, "DeadLetterQueue needs a Type of SNS or SQS and a TargetArn");
  Range at = dlq->key_range;
  Value config = mapping(at);
  put(config, "TargetArn", *target, at);
  put(properties, "DeadLetterConfig", std::move(config), at);
  Value statement = mapping(at);
  put(statement, "Action", text(*type == "SNS" ? "sns:Publish" : "sqs:SendMessage", at), at);
  put(statement, "Effect", text("Allow", at), at);
  put(statement, "Resource", *target, at);
  Value document = mapping(at);
  put(document, "Version", text("2012-10-17", at), at);
  put(document, "Statement", sequence_of({std::move(statement)}, at), at);
  Value policy = mapping(at);
  put(policy, "PolicyName", text("DeadLetterQueuePolicy", at), at);
  put(policy, "PolicyDocument", std::move(document), at);
  role.inline_policies.push_back(std::move(policy));
}

// An alias name in a logical id: SAM spells '-' as "D" and '_' as "U".
std::string alias_id_part(const std::string& name) {
  std::string out;
  for (char c : name) out += c == '-' ? 'D' : c == '_' ? 'U' : c;
  return out;
}

// AutoPublishAlias's name: a string, or a Ref to a parameter whose value is known (given to
// the scan or its Default). A Ref to a parameter without either names the alias the
// deployment chooses: "{Stage}" stands for it in generated ids, and its Name stays the Ref.
struct AliasName {
  std::string text;  // for the generated ids
  Value name;        // the alias's Name property
};

std::optional<AliasName> alias_name(const Context& context, const Value& written) {
  if (auto known = scalar_text(&resolve_parameter(context, written)))
    return AliasName{std::string(*known), text(std::string(*known), written.range())};
  auto target = ref_target(written);
  if (target && context.declared_parameter(*target)) return AliasName{"{" + *target + "}", written};
  return std::nullopt;
}

}  // namespace

std::optional<std::string> alias_logical_id(const Context& context, const SamResource& function) {
  const Value* alias = function.type == "Function" ? function.property("AutoPublishAlias") : nullptr;
  if (!alias || alias->is_null()) return std::nullopt;
  auto name = alias_name(context, *alias);
  if (!name || name->text.empty()) return std::nullopt;
  return function.logical_id + "Alias" + alias_id_part(name->text);
}

namespace {

// AutoPublishAlias: a Version (its id carries a hash of the code) and an Alias to it.
std::optional<std::string> add_alias(Context& context, const SamResource& function, const Value& code) {
  const Value::Entry* alias = function.property_entry("AutoPublishAlias");
  if (!alias || alias->value.is_null()) return std::nullopt;
  auto name = alias_name(context, alias->value);
  if (!name) throw SamError(alias->value.range(), "AutoPublishAlias must be a string or a Ref to a parameter");
  Range at = alias->key_range;
  std::string version_id = function.logical_id + "Version" + short_hash(canonical_text(code));
  Value& version = context.add(function, version_id, "AWS::Lambda::Version", at);
  context.copy_attributes(function, version, false);
  put(version, "DeletionPolicy", text("Retain", at), at);
  Value& version_properties = put(version, "Properties", mapping(at), at);
  put(version_properties, "FunctionName", ref(function.logical_id, at), at);
  if (const Value::Entry* description = function.property_entry("VersionDescription"))
    put(version_properties, "Description", description->value, description->key_range);
  if (name->text.empty()) throw SamError(alias->value.range(), "Alias name is required to create an alias");
  std::string alias_id = function.logical_id + "Alias" + alias_id_part(name->text);
  Value& alias_resource = context.add(function, alias_id, "AWS::Lambda::Alias", at);
  context.copy_attributes(function, alias_resource, false);
  Value& alias_properties = put(alias_resource, "Properties", mapping(at), at);
  put(alias_properties, "Name", std::move(name->name), at);
  put(alias_properties, "FunctionName", ref(function.logical_id, at), at);
  put(alias_properties, "FunctionVersion", get_att(version_id, "Version", at), at);
  if (const Value::Entry* provisioned = function.property_entry("ProvisionedConcurrencyConfig"))
    put(alias_properties, "ProvisionedConcurrencyConfig", provisioned->value, provisioned->key_range);
  return alias_id;
}

// FunctionUrlConfig: the URL, and with AuthType NONE the permissions that make it public.
void add_function_url(Context& context, const SamResource& function, const Value& target) {
  const Value::Entry* config = function.property_entry("FunctionUrlConfig");
  if (!config || config->value.is_null()) return;
  if (!config->value.is_mapping()) throw SamError(config->value.range(), "FunctionUrlConfig must be a mapping");
  Range at = config->key_range;
  Value& url = context.add(function, function.logical_id + "Url", "AWS::Lambda::Url", at);
  context.copy_attributes(function, url, false);
  Value properties = config->value;
  put(properties, "TargetFunctionArn", target, at);
  put(url, "Properties", std::move(properties), at);
  const Value* auth = config->value.find("AuthType");
  if (!auth) throw SamError(at, "FunctionUrlConfig needs an AuthType");
  if (scalar_text(auth) != std::optional<std::string>("NONE")) return;
  auto permission = [&](const std::string& id, const char* action, const char* key, Value value) {
    Value& resource = context.add(function, id, "AWS::Lambda::Permission", auth->range());
    context.copy_attributes(function, resource, false);
    Value& permission_properties = put(resource, "Properties", mapping(at), at);
    put(permission_properties, "Action", text(action, at), at);
    put(permission_properties, "FunctionName", target, at);
    put(permission_properties, key, std::move(value), at);
    put(permission_properties, "Principal", text("*", at), at);
  };
  permission(function.logical_id + "UrlPublicPermissions", "lambda:InvokeFunctionUrl", "FunctionUrlAuthType", *auth);
  permission(function.logical_id + "URLInvokeAllowPublicAccess", "lambda:InvokeFunction", "InvokedViaFunctionUrl",
             plain("true", at));
}

Value destination_policy(const std::string& name, const char* action, Value resource, Range at) {
  Value statement = mapping(at);
  put(statement, "Action", text(action, at), at);
  put(statement, "Effect", text("Allow", at), at);
  put(statement, "Resource", std::move(resource), at);
  Value document = mapping(at);
  put(document, "Statement", sequence_of({std::move(statement)}, at), at);
  Value policy = mapping(at);
  put(policy, "PolicyName", text(name, at), at);
  put(policy, "PolicyDocument", std::move(document), at);
  return policy;
}

// The queue or topic SAM creates for an SQS/SNS destination without one. A Destination of
// Fn::If with AWS::NoValue in one branch creates it only under that branch's condition.
Value created_destination(Context& context, const SamResource& function, const std::string& id, bool queue,
                          const Value* destination, Range at) {
  Value created = queue ? get_att(id, "Arn", at) : ref(id, at);
  std::optional<std::string> condition;
  Value conditional;
  if (destination && destination->intrinsic() && destination->intrinsic()->key == "Fn::If") {
    const Value& arguments = destination->intrinsic()->value;
    if (!arguments.is_sequence() || arguments.items().size() != 3)
      throw SamError(destination->range(), "Malformed 'Destination' property: Fn::If requires 3 arguments.");
    auto name = scalar_text(&arguments.items()[0]).value_or("");
    bool then_absent = ref_target(arguments.items()[1]) == std::optional<std::string>("AWS::NoValue");
    bool else_absent = ref_target(arguments.items()[2]) == std::optional<std::string>("AWS::NoValue");
    if (!then_absent && !else_absent) return *destination;
    // SAM names the negation after the condition and a hash of the EventInvokeConfig's id.
    condition = then_absent ? name : "NOT" + name + logical_id_hash(text(function.logical_id + "EventInvokeConfig", at));
    conditional = then_absent ? fn_if(name, created, arguments.items()[2], at) : fn_if(*condition, created, arguments.items()[1], at);
    if (!then_absent) context.negated_conditions[*condition] = name;
  } else if (destination) {
    return *destination;
  }
  Value& resource = context.add(function, id, queue ? "AWS::SQS::Queue" : "AWS::SNS::Topic", at);
  context.copy_attributes(function, resource, false);
  if (condition) {
    // Created where the destination's condition holds and the function exists: SAM adds
    // <FunctionCondition>AND<that condition> (translator test function_with_event_dest_conditional).
    if (auto function_condition = scalar_text(function.node.find("Condition"))) {
      std::string both = *function_condition + "AND" + *condition;
      Value first = mapping(at), second = mapping(at);
      put(first, "Condition", text(*function_condition, at), at);
      put(second, "Condition", text(*condition, at), at);
      Value conjunction = mapping(at);
      put(conjunction, "Fn::And", sequence_of({std::move(first), std::move(second)}, at), at);
      context.added_conditions[both] = std::move(conjunction);
      condition = both;
    }
    put(resource, "Condition", text(*condition, at), at);
  }
  put(resource, "Properties", mapping(at), at);
  return condition ? conditional : created;
}

// One OnSuccess / OnFailure destination: its resource when SAM creates it, and the
// statement that lets the function deliver to it.
void add_destination(Context& context, const SamResource& function, Value& config, const std::string& which,
                     RoleSpec& role) {
  Value* entry = find_mutable(config, which);
  if (!entry || !entry->is_mapping()) return;
  const Value* type_value = entry->find("Type");
  if (!type_value) return;
  auto type = scalar_text(type_value).value_or("");
  static const std::pair<const char*, const char*> actions[] = {{"SQS", "sqs:SendMessage"},
                                                                {"SNS", "sns:publish"},
                                                                {"Lambda", "lambda:InvokeFunction"},
                                                                {"EventBridge", "events:PutEvents"},
                                                                {"S3Bucket", "s3:PutObject"}};
  const char* action = nullptr;
  for (auto [name, verb] : actions)
    if (type == name) action = verb;
  if (!action)
    throw SamError(type_value->range(), "'Type: " + type + "' must be one of ['SQS', 'SNS', 'EventBridge', 'Lambda', 'S3Bucket']");
  Range at = type_value->range();
  const Value* destination = entry->find("Destination");
  std::string prefix = function.logical_id + "EventInvokeConfig" + which;
  Value resolved;
  if (type == "SQS" || type == "SNS") {
    resolved = created_destination(context, function, prefix + (type == "SQS" ? "Queue" : "Topic"), type == "SQS",
                                   destination, at);
  } else if (!destination) {
    throw SamError(entry->range(), "Destination is required if Type is not ['SQS', 'SNS']");
  } else {
    resolved = *destination;
  }
  // SAM resolves a Ref to a parameter with a default here, also inside Fn::If.
  resolved = resolve_parameter(context, resolved);
  if (const Value::Entry* call = resolved.intrinsic(); call && call->key == "Fn::If" && call->value.is_sequence()) {
    Value& arguments = *find_mutable(resolved, "Fn::If");
    for (Value& branch : arguments.items()) branch = resolve_parameter(context, branch);
  }
  if (!(type == "S3Bucket"))
    role.inline_policies.push_back(destination_policy(prefix + type + "Policy", action, resolved, at));
  Value cleaned = mapping(entry->range());
  put(cleaned, "Destination", std::move(resolved), at);
  *entry = std::move(cleaned);
}

void add_event_invoke_config(Context& context, const SamResource& function, const Value& target_name, RoleSpec& role) {
  const Value::Entry* config = function.property_entry("EventInvokeConfig");
  if (!config || !config->value.is_mapping()) return;
  Range at = config->key_range;
  Value destinations;
  if (const Value::Entry* entry = config->value.find_entry("DestinationConfig"); entry && entry->value.is_mapping()) {
    destinations = entry->value;
    add_destination(context, function, destinations, "OnSuccess", role);
    add_destination(context, function, destinations, "OnFailure", role);
  }
  Value& resource = context.add(function, function.logical_id + "EventInvokeConfig", "AWS::Lambda::EventInvokeConfig", at);
  context.copy_attributes(function, resource, false);
  Value& properties = put(resource, "Properties", mapping(at), at);
  put(properties, "FunctionName", ref(function.logical_id, at), at);
  put(properties, "Qualifier", target_name.intrinsic() ? text("$LATEST", at) : target_name, at);
  for (const char* name : {"MaximumEventAgeInSeconds", "MaximumRetryAttempts"})
    if (const Value::Entry* entry = config->value.find_entry(name)) put(properties, name, entry->value, entry->key_range);
  if (destinations.is_mapping()) put(properties, "DestinationConfig", std::move(destinations), at);
}

// DeploymentPreference with Enabled false (also through a parameter default) is ignored.
const Value::Entry* enabled_deployment_preference(const Context& context, const SamResource& function) {
  const Value::Entry* preference = function.property_entry("DeploymentPreference");
  if (!preference || !preference->value.is_mapping() || is_intrinsic(preference->value)) return nullptr;
  const Value* enabled = preference->value.find("Enabled");
  if (enabled && resolve_parameter(context, *enabled).as_bool() == false) return nullptr;
  return preference;
}

// One CodeDeploy application, and one service role unless every preference names its own,
// serve all the functions of a template.
void add_shared_deployment_resources(Context& context, const SamResource& function, bool needs_role, Range at) {
  if (!context.has_output("ServerlessDeploymentApplication")) {
    Value& application = context.add(function, "ServerlessDeploymentApplication", "AWS::CodeDeploy::Application", at);
    put(put(application, "Properties", mapping(at), at), "ComputePlatform", text("Lambda", at), at);
  }
  if (!needs_role || context.has_output("CodeDeployServiceRole")) return;
  RoleSpec spec;
  spec.service = "codedeploy.amazonaws.com";
  spec.managed_before.push_back(text(aws_managed_policy("AWSCodeDeployRoleForLambda"), at));
  SamResource service;
  service.logical_id = "CodeDeployService";
  service.key_range = at;
  service.node = mapping(at);
  service.properties = mapping(at);
  Value& role = build_role(context, service, spec);
  // The role belongs to no one function: its origin names the first that asked for it.
  put(*find_mutable(*find_mutable(role, "Metadata"), "cfn-scan:origin"), "Resource", text(function.logical_id, at), at);
}

// The alias's UpdatePolicy: CodeDeploy moves it, running the traffic hooks around the shift.
Value alias_update_policy(const Value& settings, const std::string& group_id, Range at) {
  Value update = mapping(at);
  put(update, "ApplicationName", ref("ServerlessDeploymentApplication", at), at);
  put(update, "DeploymentGroupName", ref(group_id, at), at);
  if (const Value::Entry* hooks = settings.find_entry("Hooks"); hooks && hooks->value.is_mapping()) {
    for (auto [hook, key] : {std::pair{"PreTraffic", "BeforeAllowTrafficHook"}, std::pair{"PostTraffic", "AfterAllowTrafficHook"}})
      if (const Value* function_ref = hooks->value.find(hook)) put(update, key, *function_ref, hooks->key_range);
  }
  Value policy = mapping(at);
  put(policy, "CodeDeployLambdaAliasUpdate", std::move(update), at);
  return policy;
}

// DeploymentPreference: CodeDeploy shifts traffic to each new version. SAM shares one
// application and one service role between the functions of a template, and gives each
// function a deployment group that the alias's UpdatePolicy names.
void add_deployment_preference(Context& context, const SamResource& function, const std::string& alias_id) {
  const Value::Entry* preference = enabled_deployment_preference(context, function);
  if (!preference) return;
  const Value& settings = preference->value;
  Range at = preference->key_range;
  if (const Value* alarms = settings.find("Alarms"); alarms && !alarms->is_sequence() && !is_intrinsic(*alarms))
    throw SamError(alarms->range(), "Alarms must be a list");
  const Value* own_role = settings.find("Role");
  add_shared_deployment_resources(context, function, own_role == nullptr, at);
  std::string group_id = function.logical_id + "DeploymentGroup";
  Value& group = context.add(function, group_id, "AWS::CodeDeploy::DeploymentGroup", at);
  context.copy_attributes(function, group, false);
  Value& properties = put(group, "Properties", mapping(at), at);
  put(properties, "ApplicationName", ref("ServerlessDeploymentApplication", at), at);
  put(properties, "ServiceRoleArn", own_role ? *own_role : get_att("CodeDeployServiceRole", "Arn", at), at);
  if (const Value::Entry* type = settings.find_entry("Type"))
    put(properties, "DeploymentConfigName",
        sub_with("CodeDeployDefault.Lambda${ConfigName}", {{"ConfigName", type->value}}, type->key_range), type->key_range);
  Value style = mapping(at);
  put(style, "DeploymentOption", text("WITH_TRAFFIC_CONTROL", at), at);
  put(style, "DeploymentType", text("BLUE_GREEN", at), at);
  put(properties, "DeploymentStyle", std::move(style), at);
  for (const char* name : {"TriggerConfigurations"})
    if (const Value::Entry* entry = settings.find_entry(name)) put(properties, name, entry->value, entry->key_range);
  if (Value* alias = context.output_resource(alias_id)) put(*alias, "UpdatePolicy", alias_update_policy(settings, group_id, at), at);
}

RoleSpec role_needs(const Context& context, const SamResource& function) {
  RoleSpec spec;
  spec.service = "lambda.amazonaws.com";
  spec.tag_key = "lambda:createdBy";
  spec.tags = function.property("Tags");
  Range at = function.anchor();
  // Durable functions get a basic policy that also covers checkpointing.
  bool durable = function.property("DurableConfig") != nullptr;
  spec.managed_before.push_back(
      text(aws_managed_policy(durable ? "AWSLambdaBasicDurableExecutionRolePolicy" : "AWSLambdaBasicExecutionRole"), at));
  if (tracing_enabled(context, function.property("Tracing")))
    spec.managed_before.push_back(text(aws_managed_policy("AWSXrayWriteOnlyAccess"), function.property_entry("Tracing")->key_range));
  if (const Value::Entry* vpc = function.property_entry("VpcConfig"))
    spec.managed_before.push_back(text(aws_managed_policy("AWSLambdaVPCAccessExecutionRole"), vpc->key_range));
  return spec;
}

Value function_properties(const Context& context, const SamResource& function, const Value& code) {
  Range at = function.anchor();
  Value properties = mapping(function.properties.range());
  put(properties, "Code", code, code.range());
  copy_function_properties(function, properties);
  if (const Value::Entry* tracing = function.property_entry("Tracing"); tracing && tracing_enabled(context, &tracing->value)) {
    Value config = mapping(tracing->key_range);
    put(config, "Mode", tracing->value, tracing->key_range);
    put(properties, "TracingConfig", std::move(config), tracing->key_range);
  }
  const Value::Entry* role = function.property_entry("Role");
  put(properties, "Role", role ? role->value : get_att(function.logical_id + "Role", "Arn", at),
      role ? role->key_range : at);
  put(properties, "Tags", tag_list("lambda:createdBy", "SAM", function.property("Tags"), at), at);
  return properties;
}

}  // namespace

// SAM property checks that decide whether the template is valid at all.
void validate_function(const SamResource& function) {
  if (const Value::Entry* policy = function.property_entry("VersionDeletionPolicy");
      policy && !function.property("AutoPublishAlias"))
    throw SamError(policy->key_range, "'VersionDeletionPolicy' requires 'AutoPublishAlias' to be set");
  if (const Value::Entry* code = function.property_entry("CodeUri");
      code && !code->value.is_scalar() && !code->value.is_mapping())
    throw SamError(code->value.range(), "'CodeUri' must be a string or a mapping");
  if (const Value::Entry* tenancy = function.property_entry("TenancyConfig")) {
    if (function.property("FunctionUrlConfig"))
      throw SamError(tenancy->key_range, "a function URL is not supported with TenancyConfig");
  }
}

// A property SAM does not define for a function (a typo: Architecture, DeadLetterConfig):
// SAM rejects the template; reported without stopping the expansion
// (check_known_properties says why).
void report_undefined_properties(Context& context, const SamResource& function) {
  for_each_undefined_property(function, [&](const Value::Entry& entry, const std::string& message) {
    context.report_invalid(entry.key_range, function.logical_id, message + ".", "Properties." + entry.key);
  });
}

void expand_function(Context& context, const SamResource& function) {
  validate_function(function);
  report_undefined_properties(context, function);
  Value code = code_of(function);
  Value properties = function_properties(context, function, code);
  RoleSpec role = role_needs(context, function);
  add_dead_letter_queue(function, properties, role);

  Value& lambda = context.add(function, function.logical_id, "AWS::Lambda::Function", function.key_range);
  context.copy_attributes(function, lambda, true);
  put(lambda, "Properties", std::move(properties), function.properties.range());
  // `Tracing: Disabled` writes no TracingConfig: a finding about the missing setting then
  // points at the line that turned it off.
  if (const Value::Entry* tracing = function.property_entry("Tracing"); tracing && !tracing_enabled(context, &tracing->value))
    note_absent(lambda, "TracingConfig",
                tracing->value.is_null() || !tracing->value.range().known() ? tracing->key_range : tracing->value.range());

  auto alias_id = add_alias(context, function, code);
  if (enabled_deployment_preference(context, function) && !alias_id)
    throw SamError(function.property_entry("DeploymentPreference")->key_range,
                   "'DeploymentPreference' requires 'AutoPublishAlias' to be set");
  if (alias_id) add_deployment_preference(context, function, *alias_id);
  Range at = function.anchor();
  EventTarget target{&function, alias_id ? ref(*alias_id, at) : get_att(function.logical_id, "Arn", at),
                     alias_id ? ref(*alias_id, at) : ref(function.logical_id, at), true};
  add_function_url(context, function, alias_id ? ref(*alias_id, at) : ref(function.logical_id, at));
  add_event_invoke_config(context, function, alias_id ? text(scalar_text(&resolve_parameter(context, function.property_entry("AutoPublishAlias")->value)).value_or(""), at) : ref("", at), role);
  EventNeeds needs = expand_function_events(context, target);
  if (function.property_entry("Role")) return;
  for (Value& arn : needs.managed) role.managed_before.push_back(std::move(arn));
  for (Value& policy : needs.inline_policies) role.inline_policies.push_back(std::move(policy));
  build_role(context, function, role);
}

}  // namespace cfn::sam
