// SimpleTable, StateMachine, LayerVersion, Application and CapacityProvider.
#include <cctype>

#include "sam/function.h"
#include "sam/role.h"
#include "sam/values.h"

namespace cfn::sam {

Value s3_location(const Value& uri, bool code);

namespace {

Value& main_resource(Context& context, const SamResource& sam, const std::string& type) {
  Value& resource = context.add(sam, sam.logical_id, type, sam.key_range);
  context.copy_attributes(sam, resource, true);
  return put(resource, "Properties", mapping(sam.properties.range()), sam.properties.range());
}

void copy_named(Value& into, const SamResource& from, std::initializer_list<std::pair<const char*, const char*>> names) {
  for (auto [sam_name, cfn_name] : names)
    if (const Value::Entry* entry = from.property_entry(sam_name)) put(into, cfn_name, entry->value, entry->key_range);
}

Value key_attribute(const std::string& name, const Value& type, Range at) {
  Value attribute = mapping(at);
  put(attribute, "AttributeName", text(name, at), at);
  put(attribute, "AttributeType", type, at);
  return attribute;
}

}  // namespace

// SimpleTable: a one-key DynamoDB table; on demand unless ProvisionedThroughput is given.
// SSESpecification passes through: without it the table uses an AWS owned key.
void expand_simple_table(Context& context, const SamResource& table) {
  Range at = table.anchor();
  const Value* key = table.property("PrimaryKey");
  std::string key_name = "id";
  Value key_type = text("S", at);
  if (key && key->is_mapping()) {
    key_name = scalar_text(key->find("Name")).value_or("id");
    if (const Value* type = key->find("Type")) {
      auto short_type = scalar_text(type).value_or("String");
      key_type = text(short_type == "Number" ? "N" : short_type == "Binary" ? "B" : "S", type->range());
    }
  }
  Value& properties = main_resource(context, table, "AWS::DynamoDB::Table");
  put(properties, "AttributeDefinitions", sequence_of({key_attribute(key_name, key_type, at)}, at), at);
  Value key_schema = mapping(at);
  put(key_schema, "AttributeName", text(key_name, at), at);
  put(key_schema, "KeyType", text("HASH", at), at);
  put(properties, "KeySchema", sequence_of({std::move(key_schema)}, at), at);
  if (const Value::Entry* throughput = table.property_entry("ProvisionedThroughput")) {
    put(properties, "ProvisionedThroughput", throughput->value, throughput->key_range);
  } else {
    put(properties, "BillingMode", text("PAY_PER_REQUEST", at), at);
  }
  copy_named(properties, table, {{"TableName", "TableName"}, {"SSESpecification", "SSESpecification"},
                                 {"PointInTimeRecoverySpecification", "PointInTimeRecoverySpecification"}});
  if (const Value::Entry* tags = table.property_entry("Tags"))
    put(properties, "Tags", tag_list("", "", &tags->value, tags->key_range), tags->key_range);
}

// AutoPublishAlias on a state machine: a version of each revision and an alias on it
// (DeploymentPreference shapes how traffic moves, ALL_AT_ONCE by default).
std::optional<std::string> add_state_machine_alias(Context& context, const SamResource& machine) {
  const Value::Entry* alias = machine.property_entry("AutoPublishAlias");
  if (!alias) {
    if (const Value::Entry* preference = machine.property_entry("DeploymentPreference"))
      throw SamError(preference->key_range, "'DeploymentPreference' requires 'AutoPublishAlias' property to be specified.");
    return std::nullopt;
  }
  auto name = scalar_text(&resolve_parameter(context, alias->value));
  if (!name || name->empty()) throw SamError(alias->value.range(), "Alias name is required to create an alias");
  Range at = alias->key_range;
  std::string version_id = machine.logical_id + "Version";
  Value& version = context.add(machine, version_id, "AWS::StepFunctions::StateMachineVersion", at);
  context.copy_attributes(machine, version, false);
  for (const char* policy : {"DeletionPolicy", "UpdateReplacePolicy"}) {
    const Value* own = machine.attribute(policy);
    put(version, policy, own ? *own : text("Retain", at), at);
  }
  Value& version_properties = put(version, "Properties", mapping(at), at);
  put(version_properties, "StateMachineArn", ref(machine.logical_id, at), at);
  put(version_properties, "StateMachineRevisionId", get_att(machine.logical_id, "StateMachineRevisionId", at), at);
  std::string alias_id = machine.logical_id + "Alias" + *name;
  Value& alias_resource = context.add(machine, alias_id, "AWS::StepFunctions::StateMachineAlias", at);
  context.copy_attributes(machine, alias_resource, false);
  Value& alias_properties = put(alias_resource, "Properties", mapping(at), at);
  Value preference = mapping(at);
  if (const Value* own = machine.property("DeploymentPreference"); own && own->is_mapping()) preference = *own;
  put(preference, "StateMachineVersionArn", ref(version_id, at), at);
  if (!preference.find("Type")) put(preference, "Type", text("ALL_AT_ONCE", at), at);
  put(alias_properties, "DeploymentPreference", std::move(preference), at);
  put(alias_properties, "Name", text(*name, at), at);
  return alias_id;
}

// Whether SAM's generator takes a property as given: present and not empty (Python's
// truth: "", [], {} and null are not).
bool given(const Value* value) {
  if (!value || value->is_null()) return false;
  if (value->is_scalar()) return !value->text().empty();
  return value->is_sequence() ? !value->items().empty() : !value->entries().empty();
}

// What SAM's state machine generator rejects though the resource can still be read: it is
// reported (at the resource's Properties: the resource itself, and every name, stays), and
// expanded as SAM would have read it (Role over Policies, DefinitionUri over Definition),
// so the rest of it is still checked.
void report_state_machine_shape(Context& context, const SamResource& machine) {
  auto invalid = [&](std::string_view why) {
    context.report_invalid(machine.anchor(), machine.logical_id, why, "Properties");
  };
  if (given(machine.property("Role")) && given(machine.property("Policies")))
    invalid("Specify either 'Role' or 'Policies' (but not both at the same time) or neither of them");
  const bool has_uri = given(machine.property("DefinitionUri"));
  const bool has_definition = given(machine.property("Definition"));
  if (has_uri && has_definition) invalid("Specify either 'Definition' or 'DefinitionUri' property and not both.");
  if (!has_uri && !has_definition) invalid("Either 'Definition' or 'DefinitionUri' property must be specified.");
}

void expand_state_machine(Context& context, const SamResource& machine) {
  report_state_machine_shape(context, machine);
  Range at = machine.anchor();
  Value& properties = main_resource(context, machine, "AWS::StepFunctions::StateMachine");
  const Value::Entry* uri = machine.property_entry("DefinitionUri");
  const Value::Entry* definition = machine.property_entry("Definition");
  if (uri && given(&uri->value)) {
    put(properties, "DefinitionS3Location", s3_location(uri->value, false), uri->key_range);
  } else if (definition && given(&definition->value)) {
    put(properties, "Definition", definition->value, definition->key_range);
  }
  copy_named(properties, machine, {{"DefinitionSubstitutions", "DefinitionSubstitutions"},
                                   {"Name", "StateMachineName"}, {"Type", "StateMachineType"},
                                   {"PermissionsBoundary", "PermissionsBoundary"}});
  if (const Value::Entry* logging = machine.property_entry("Logging"))
    put(properties, "LoggingConfiguration", logging->value, logging->key_range);
  if (const Value::Entry* tracing = machine.property_entry("Tracing"))
    put(properties, "TracingConfiguration", tracing->value, tracing->key_range);
  const Value::Entry* role = machine.property_entry("Role");
  if (role && !given(&role->value)) role = nullptr;  // Role: "" makes SAM generate one
  auto alias_id = add_state_machine_alias(context, machine);
  put(properties, "RoleArn", role ? role->value : get_att(machine.logical_id + "Role", "Arn", at),
      role ? role->key_range : at);
  put(properties, "Tags", tag_list("stateMachine:createdBy", "SAM", machine.property("Tags"), at), at);
  Value target = ref(alias_id.value_or(machine.logical_id), at);
  expand_state_machine_events(context, EventTarget{&machine, target, target, false});
  if (role) return;

  RoleSpec spec;
  spec.service = "states.amazonaws.com";
  spec.tag_key = "stateMachine:createdBy";
  spec.tags = machine.property("Tags");
  const Value* tracing = machine.property("Tracing");
  if (tracing && tracing->is_mapping() && tracing->find("Enabled") && tracing->find("Enabled")->as_bool() == true)
    spec.managed_after.push_back(text(aws_managed_policy("AWSXrayWriteOnlyAccess"), tracing->range()));
  build_role(context, machine, spec);
}

// LayerVersion: the id carries a hash of the content, as SAM's does, so a new version is
// published when the content changes; RetentionPolicy becomes the DeletionPolicy.
void expand_layer_version(Context& context, const SamResource& layer) {
  const Value::Entry* content = layer.property_entry("ContentUri");
  if (!content) throw SamError(layer.anchor(), "a layer needs ContentUri");
  Value location = s3_location(content->value, true);
  std::string id = layer.logical_id + short_hash(canonical_text(location));
  Value& resource = context.add(layer, id, "AWS::Lambda::LayerVersion", layer.key_range);
  context.copy_attributes(layer, resource, true);
  const Value* retention = layer.property("RetentionPolicy");
  auto policy = retention ? scalar_text(&resolve_parameter(context, *retention)) : std::nullopt;
  bool delete_policy = policy && (policy->size() == 6) && (std::tolower((*policy)[0]) == 'd');
  put(resource, "DeletionPolicy", text(delete_policy ? "Delete" : "Retain", layer.key_range), layer.key_range);
  Value& properties = put(resource, "Properties", mapping(layer.properties.range()), layer.properties.range());
  put(properties, "Content", std::move(location), content->key_range);
  copy_named(properties, layer, {{"Description", "Description"}, {"CompatibleRuntimes", "CompatibleRuntimes"},
                                 {"CompatibleArchitectures", "CompatibleArchitectures"},
                                 {"LicenseInfo", "LicenseInfo"}});
  const Value::Entry* name = layer.property_entry("LayerName");
  put(properties, "LayerName", name ? name->value : text(layer.logical_id, layer.key_range),
      name ? name->key_range : layer.key_range);
}

// Application: a nested stack whose template lives in the Serverless Application
// Repository; its content is unknown here.
void expand_application(Context& context, const SamResource& application) {
  Range at = application.anchor();
  const Value::Entry* location = application.property_entry("Location");
  if (!location) throw SamError(at, "an application needs a Location");
  Value& properties = main_resource(context, application, "AWS::CloudFormation::Stack");
  Value tags = tag_list("lambda:createdBy", "SAM", nullptr, at);
  if (location->value.is_mapping() && !is_intrinsic(location->value)) {
    put(properties, "TemplateURL", text("https://awsserverlessrepo-changesets-xxx.s3.amazonaws.com/signed-url", location->key_range), location->key_range);
    for (auto [key, tag] : {std::pair{"ApplicationId", "serverlessrepo:applicationId"},
                            std::pair{"SemanticVersion", "serverlessrepo:semanticVersion"}}) {
      const Value* part = location->value.find(key);
      if (!part) throw SamError(location->key_range, std::string("the Location needs ") + key);
      Value pair = mapping(at);
      put(pair, "Key", text(tag, at), at);
      put(pair, "Value", *part, at);
      tags.items().push_back(std::move(pair));
    }
  } else {
    put(properties, "TemplateURL", location->value, location->key_range);
  }
  Value own_tags = tag_list("", "", application.property("Tags"), at);
  for (Value& tag : own_tags.items()) tags.items().push_back(std::move(tag));
  copy_named(properties, application, {{"Parameters", "Parameters"}, {"NotificationARNs", "NotificationARNs"},
                                       {"TimeoutInMinutes", "TimeoutInMinutes"}});
  put(properties, "Tags", std::move(tags), at);
}

// CapacityProvider: Lambda managed instances; SAM creates the operator role Lambda uses
// to manage them unless OperatorRole names one.
void expand_capacity_provider(Context& context, const SamResource& provider) {
  Range at = provider.anchor();
  const Value::Entry* vpc = provider.property_entry("VpcConfig");
  if (!vpc) throw SamError(at, "Missing required property 'VpcConfig'.");
  if (!vpc->value.is_mapping() || !vpc->value.find("SubnetIds"))
    throw SamError(vpc->key_range, "Property 'VpcConfig.SubnetIds' is required.");
  if (const Value* tags = provider.property("Tags"); tags && !tags->is_mapping())
    throw SamError(tags->range(), "Property 'Tags' should be a map.");
  Value& properties = main_resource(context, provider, "AWS::Lambda::CapacityProvider");
  copy_named(properties, provider, {{"CapacityProviderName", "CapacityProviderName"}, {"KmsKeyArn", "KmsKeyArn"},
                                    {"VpcConfig", "VpcConfig"}});
  if (const Value* requirements = provider.property("InstanceRequirements"); requirements && requirements->is_mapping()) {
    if (requirements->find("AllowedTypes") && requirements->find("ExcludedTypes"))
      throw SamError(requirements->range(), "Cannot specify 'InstanceRequirements.AllowedTypes' and 'InstanceRequirements.ExcludedTypes' together.");
    Value converted = mapping(requirements->range());
    for (auto [sam_name, cfn_name] : {std::pair{"AllowedTypes", "AllowedInstanceTypes"}, std::pair{"ExcludedTypes", "ExcludedInstanceTypes"},
                                      std::pair{"Architectures", "Architectures"}})
      if (const Value* value = requirements->find(sam_name)) put(converted, cfn_name, *value, at);
    put(properties, "InstanceRequirements", std::move(converted), at);
  }
  const Value::Entry* role = provider.property_entry("OperatorRole");
  std::string role_id = provider.logical_id + "OperatorRole";
  Value permissions = mapping(at);
  put(permissions, "CapacityProviderOperatorRoleArn", role ? role->value : get_att(role_id, "Arn", at), at);
  put(properties, "PermissionsConfig", std::move(permissions), at);
  Value tags = tag_list("", "", provider.property("Tags"), at);
  Value created_by = tag_list("lambda:createdBy", "SAM", nullptr, at);
  for (Value& tag : created_by.items()) tags.items().push_back(std::move(tag));
  put(properties, "Tags", std::move(tags), at);
  if (role) return;
  RoleSpec spec;
  spec.service = "lambda.amazonaws.com";
  spec.tag_key = "lambda:createdBy";
  spec.managed_before.push_back(text(aws_managed_policy("AWSLambdaManagedEC2ResourceOperator"), at));
  SamResource operator_owner = provider;
  operator_owner.logical_id = provider.logical_id + "Operator";
  operator_owner.properties = mapping(at);
  Value& created = build_role(context, operator_owner, spec);
  put(*find_mutable(*find_mutable(created, "Metadata"), "cfn-scan:origin"), "Resource", text(provider.logical_id, at), at);
}

// A type SAM does not know is invalid.
void expand_other(Context&, const SamResource& resource) {
  throw SamError(resource.node.find_entry("Type")->key_range, "AWS::Serverless::" + resource.type + " is not a SAM resource type");
}

}  // namespace cfn::sam
