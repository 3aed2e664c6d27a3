// Orchestration of the SAM step: Globals, then each resource by type, then what SAM builds
// from several resources at once (implicit APIs, S3 bucket notifications).
#include "sam/expand.h"

#include <functional>
#include <map>
#include <utility>

#include "model/template.h"
#include "sam/context.h"
#include "sam/foreach.h"
#include "sam/globals.h"
#include "sam/validate.h"
#include "sam/values.h"

namespace cfn {

namespace {

constexpr std::string_view kSamTransform = "AWS::Serverless-2016-10-31";
constexpr std::string_view kSamPrefix = "AWS::Serverless::";

using Expander = void (*)(sam::Context&, const sam::SamResource&);

const std::map<std::string, Expander, std::less<>>& expanders() {
  static const std::map<std::string, Expander, std::less<>> table = {
      {"Function", sam::expand_function},        {"Api", sam::expand_api},
      {"HttpApi", sam::expand_http_api},         {"SimpleTable", sam::expand_simple_table},
      {"StateMachine", sam::expand_state_machine}, {"LayerVersion", sam::expand_layer_version},
      {"Application", sam::expand_application},  {"Connector", sam::expand_connector},
      {"WebSocketApi", sam::expand_websocket_api}, {"GraphQLApi", sam::expand_graphql_api},
      {"CapacityProvider", sam::expand_capacity_provider},
  };
  return table;
}

std::optional<sam::SamResource> read_sam_resource(sam::Context& context, const Value::Entry& entry) {
  if (!entry.value.is_mapping()) return std::nullopt;
  auto type = sam::scalar_text(entry.value.find("Type"));
  if (!type || !type->starts_with(kSamPrefix)) return std::nullopt;
  sam::SamResource resource;
  resource.logical_id = entry.key;
  resource.key_range = entry.key_range;
  resource.type = type->substr(kSamPrefix.size());
  resource.node = entry.value;
  const Value* properties = entry.value.find("Properties");
  if (properties && !properties->is_null() && (!properties->is_mapping() || sam::is_intrinsic(*properties))) {
    // A scalar or a list is reported by the template's own reading of Properties; a
    // function call there is one CloudFormation could take, but SAM cannot.
    if (properties->is_mapping())
      context.report(properties->range(), "Properties of " + entry.key + " must be a mapping.", entry.key);
    return std::nullopt;
  }
  resource.properties = sam::properties_with_globals(context, resource.type, entry.value, entry.key);
  return resource;
}

enum class Shape { Map, List, String };

// The shape SAM's schema gives the properties people most often get wrong; intrinsics are
// accepted anywhere because SAM leaves them to CloudFormation.
const std::map<std::string, std::vector<std::pair<const char*, Shape>>, std::less<>>& property_shapes() {
  using enum Shape;
  static const std::map<std::string, std::vector<std::pair<const char*, Shape>>, std::less<>> table = {
      {"Function", {{"Events", Map}, {"Environment", Map}, {"VpcConfig", Map}, {"DeadLetterQueue", Map},
                    {"Layers", List}, {"Tags", Map}, {"FunctionUrlConfig", Map}, {"EventInvokeConfig", Map},
                    {"Handler", String}, {"Runtime", String}, {"DeploymentPreference", Map}}},
      {"Api", {{"Auth", Map}, {"AccessLogSetting", Map}, {"MethodSettings", List}, {"DefinitionBody", Map},
               {"Tags", Map}, {"Variables", Map}, {"Domain", Map}, {"GatewayResponses", Map}, {"Models", Map}}},
      {"HttpApi", {{"Auth", Map}, {"AccessLogSettings", Map}, {"DefinitionBody", Map}, {"Tags", Map},
                   {"Domain", Map}, {"StageVariables", Map}, {"RouteSettings", Map}, {"DefaultRouteSettings", Map}}},
      {"StateMachine", {{"Events", Map}, {"Definition", Map}, {"Logging", Map}, {"Tracing", Map}, {"Tags", Map}}},
      {"SimpleTable", {{"PrimaryKey", Map}, {"SSESpecification", Map}, {"ProvisionedThroughput", Map}, {"Tags", Map}}},
      {"LayerVersion", {{"CompatibleRuntimes", List}, {"CompatibleArchitectures", List}}},
  };
  return table;
}

bool has_shape(const Value& value, Shape shape) {
  if (sam::is_intrinsic(value)) return true;
  switch (shape) {
    case Shape::Map: return value.is_mapping();
    case Shape::List: return value.is_sequence();
    case Shape::String: return value.is_scalar() && !value.is_null();
  }
  return true;
}

void validate_shapes(const sam::SamResource& resource) {
  auto shapes = property_shapes().find(resource.type);
  if (shapes == property_shapes().end()) return;
  static const char* const names[] = {"a map", "a list", "a string"};
  for (auto [name, shape] : shapes->second) {
    const Value* value = resource.property(name);
    if (value && !value->is_null() && !has_shape(*value, shape))
      throw sam::SamError(value->range(), std::string("property '") + name + "' should be " + names[static_cast<int>(shape)]);
  }
  const Value* auth = resource.property("Auth");
  const Value* authorizers = auth && auth->is_mapping() ? auth->find("Authorizers") : nullptr;
  if (authorizers && !has_shape(*authorizers, Shape::Map))
    throw sam::SamError(authorizers->range(), "property 'Auth.Authorizers' should be a map");
}

// SAM keeps only the resource attributes it knows and drops any other key without a word:
// a property written one level too high (Tracing, Policies, Events beside Properties) is
// lost from the deployment, so it is reported where it is written.
void report_dropped_attributes(sam::Context& context, const sam::SamResource& resource) {
  for (const Value::Entry& entry : resource.node.entries()) {
    if (is_resource_attribute(entry.key)) continue;
    context.report(entry.key_range,
                   "Resource '" + resource.logical_id + "' has '" + entry.key +
                       "', which SAM drops: it is not a resource attribute (Type, Properties, Condition, DependsOn, "
                       "Metadata...); a property of the resource belongs under Properties.",
                   resource.logical_id, entry.key);
  }
}

// A resource that fails to expand is kept as written, and the template's own reading
// reports its unknown attributes: the SAM step reports them only for one it expanded.
void expand_one(sam::Context& context, const sam::SamResource& resource, const Value::Entry& original,
                bool as_written) {
  auto expander = expanders().find(resource.type);
  try {
    validate_shapes(resource);
    sam::validate_resource(resource);
    if (expander != expanders().end()) {
      expander->second(context, resource);
    } else {
      sam::expand_other(context, resource);
    }
    if (as_written) report_dropped_attributes(context, resource);
  } catch (const sam::SamError& error) {
    context.report_invalid(error.range.known() ? error.range : resource.key_range, resource.logical_id, error.what());
    if (!context.has_output(original.key)) context.keep(original);
  }
}

// S3 events change the bucket they name: a notification per function and a DependsOn on
// the permission that lets S3 invoke it.
void apply_bucket_changes(sam::Context& context) {
  for (auto& [bucket_id, configurations] : context.bucket_notifications) {
    Value* bucket = context.output_resource(bucket_id);
    if (!bucket) continue;
    Range range = bucket->range();
    Value& properties = sam::mapping_at(*bucket, "Properties", range);
    Value& notification = sam::mapping_at(properties, "NotificationConfiguration", range);
    Value* lambdas = sam::find_mutable(notification, "LambdaConfigurations");
    if (!lambdas || !lambdas->is_sequence())
      lambdas = &sam::put(notification, "LambdaConfigurations", sam::sequence(range));
    for (Value& configuration : configurations) lambdas->items().push_back(std::move(configuration));
    Value* depends = sam::find_mutable(*bucket, "DependsOn");
    if (depends && depends->is_scalar()) *depends = sam::sequence_of({*depends}, depends->range());
    if (!depends || !depends->is_sequence()) depends = &sam::put(*bucket, "DependsOn", sam::sequence(range));
    for (const std::string& id : context.bucket_depends_on[bucket_id]) depends->items().push_back(sam::text(id, range));
  }
}

// SAM writes each Cognito event's trigger into its user pool's LambdaConfig
// ({PreSignUp: the function's ARN}), beside what the template already sets there.
void apply_user_pool_triggers(sam::Context& context) {
  for (auto& [pool_id, triggers] : context.user_pool_triggers) {
    Value* pool = context.output_resource(pool_id);
    if (!pool) continue;
    Range range = pool->range();
    Value& config = sam::mapping_at(sam::mapping_at(*pool, "Properties", range), "LambdaConfig", range);
    for (auto& [trigger, arn] : triggers) {
      if (auto name = sam::scalar_text(&trigger)) sam::put(config, *name, std::move(arn), trigger.range());
    }
  }
}

// Conditions SAM adds when a resource exists only where a user's condition is false.
void add_negated_conditions(Value& root, const sam::Context& context) {
  if (context.negated_conditions.empty()) return;
  Value* conditions = &sam::mapping_at(root, "Conditions", root.range());
  for (const auto& [name, negated] : context.negated_conditions) {
    Range at = conditions->range();
    Value reference = sam::mapping(at);
    sam::put(reference, "Condition", sam::text(negated, at), at);
    Value negation = sam::mapping(at);
    sam::put(negation, "Fn::Not", sam::sequence_of({std::move(reference)}, at), at);
    sam::put(*conditions, name, std::move(negation), at);
  }
}

// Conditions SAM adds for implicit APIs whose functions have different conditions.
void add_conditions(Value& root, sam::Context& context) {
  if (context.added_conditions.empty()) return;
  Value* conditions = &sam::mapping_at(root, "Conditions", root.range());
  for (auto& [name, expression] : context.added_conditions) sam::put(*conditions, name, std::move(expression), conditions->range());
}

// The root with Globals dropped and Resources replaced by the expansion's output. The old
// Resources are not copied: they are most of the template, and every entry of them that
// stays is already in the output.
Value expanded_root(const Value& root, sam::Context& context) {
  Value result = Value::mapping(root.range());
  bool globals_dropped = false, resources_seen = false;
  for (const Value::Entry& entry : root.entries()) {
    if (entry.key == "Globals" && !std::exchange(globals_dropped, true)) continue;
    if (entry.key == "Resources" && !std::exchange(resources_seen, true) && entry.value.is_mapping()) {
      Value resources = Value::mapping(entry.value.range());
      resources.entries().assign(std::make_move_iterator(context.output().begin()),
                                 std::make_move_iterator(context.output().end()));
      result.entries().push_back(Value::Entry{entry.key, entry.key_range, std::move(resources)});
      continue;
    }
    result.entries().push_back(entry);
  }
  add_negated_conditions(result, context);
  add_conditions(result, context);
  sam::resolve_referenceable_properties(result, context.referenceable, context.source_text());
  return result;
}

// The Connectors attribute of a resource: each entry is a Connector whose Source is that
// resource, named <Resource><Connector>.
std::vector<sam::SamResource> embedded_connectors(sam::Context& context, const Value::Entry& entry) {
  std::vector<sam::SamResource> connectors;
  const Value* attribute = entry.value.is_mapping() ? entry.value.find("Connectors") : nullptr;
  if (!attribute) return connectors;
  if (!attribute->is_mapping() || sam::is_intrinsic(*attribute)) {
    context.report(attribute->range(), "Resource " + entry.key + " has an invalid Connectors attribute: it must be a map.", entry.key);
    return connectors;
  }
  for (const Value::Entry& connector : attribute->entries()) {
    const Value* properties = connector.value.is_mapping() ? connector.value.find("Properties") : nullptr;
    if (!properties || !properties->is_mapping() || properties->find("Source")) {
      context.report(connector.key_range, "Embedded connector " + connector.key + " of " + entry.key +
                                              " needs Properties, without a Source.", entry.key);
      continue;
    }
    sam::SamResource resource;
    resource.logical_id = entry.key + connector.key;
    resource.key_range = connector.key_range;
    resource.type = "Connector";
    resource.node = connector.value;
    resource.properties = *properties;
    Value source = sam::mapping(connector.key_range);
    sam::put(source, "Id", sam::text(entry.key, connector.key_range), connector.key_range);
    // SourceReference adds to the implied Source (a Qualifier, say) what Id cannot say.
    if (const Value* reference = properties->find("SourceReference"); reference && reference->is_mapping())
      for (const Value::Entry& part : reference->entries()) sam::put(source, part.key, part.value, part.key_range);
    sam::put(resource.properties, "Source", std::move(source), connector.key_range);
    connectors.push_back(std::move(resource));
  }
  return connectors;
}

// Connectors declared in resources' Connectors attributes, once every resource exists.
void expand_embedded_connectors(sam::Context& context, const Value& resources) {
  for (const Value::Entry& entry : resources.entries()) {
    for (const sam::SamResource& connector : embedded_connectors(context, entry)) {
      if (context.has_output(connector.logical_id)) {
        context.report(connector.key_range, "Transforming resource with id [" + entry.key + "] attempts to create a new resource with id [" +
                                                connector.logical_id + "], which is already used.", entry.key);
        continue;
      }
      try {
        sam::expand_connector(context, connector);
      } catch (const sam::SamError& error) {
        context.report(error.range.known() ? error.range : connector.key_range,
                       "Resource " + connector.logical_id + " is not valid SAM: " + error.what(), entry.key);
      }
    }
  }
}

// `ids_as_written`: no macro of the template's own runs before SAM (one may rename the
// resources, as a ForEach macro does with `Topic%d`), so SAM reads these logical ids.
// `loops`: AWS::LanguageExtensions ran first, so an id may be a loop's stand-in.
void expand_resources(sam::Context& context, const Value& resources, bool ids_as_written, bool loops) {
  std::vector<std::pair<std::optional<sam::SamResource>, const Value::Entry*>> all;
  for (const Value::Entry& entry : resources.entries()) {
    // An AWS::Include at the top of Resources is processed before SAM runs (SAM's own docs
    // include OpenAPI bodies that way): SAM sees the included resources, never this key.
    bool include = entry.key == "Fn::Transform";
    bool stand_in = loops && is_loop_stand_in_id(entry.key);
    if (ids_as_written && !include && !stand_in && !is_alphanumeric_id(entry.key))
      context.report(entry.key_range, "Resource with id [" + entry.key + "] is invalid. Logical ids must be alphanumeric.", entry.key);
    all.emplace_back(read_sam_resource(context, entry), &entry);
  }
  // Api events are gathered first: an explicit API's stage and the implicit API need them all.
  for (auto& [resource, entry] : all) {
    if (!resource) continue;
    try {
      sam::collect_api_routes(context, *resource);
    } catch (const sam::SamError& error) {
      context.report_invalid(error.range, entry->key, error.what());
    }
  }
  for (auto& [resource, entry] : all) {
    if (resource) {
      expand_one(context, *resource, *entry, ids_as_written);
    } else if (entry->value.is_mapping() && entry->value.find("Connectors")) {
      Value::Entry kept = *entry;  // SAM removes the attribute once its connectors exist
      sam::erase(kept.value, "Connectors");
      context.keep(kept);
    } else {
      context.keep(*entry);
    }
  }
  expand_embedded_connectors(context, resources);
  try {
    sam::expand_implicit_apis(context);
  } catch (const sam::SamError& error) {
    context.report(error.range, std::string("The implicit API is not valid SAM: ") + error.what());
  }
  apply_bucket_changes(context);
  apply_user_pool_triggers(context);
}

}  // namespace

bool declares_sam_transform(const Value& root) {
  const Value* transform = root.is_mapping() ? root.find("Transform") : nullptr;
  if (!transform) return false;
  if (auto name = sam::scalar_text(transform)) return *name == kSamTransform;
  if (!transform->is_sequence()) return false;
  for (const Value& item : transform->items())
    if (auto name = sam::scalar_text(&item); name && *name == kSamTransform) return true;
  return false;
}

namespace {

// Whether the Transform list names a macro before SAM other than AWS::LanguageExtensions
// (which cfn-scan applies itself): SAM then reads that macro's output, not the template.
bool macro_before_sam(const Value& root) {
  const Value* transform = root.find("Transform");
  if (!transform || !transform->is_sequence()) return false;
  for (const Value& item : transform->items()) {
    auto name = sam::scalar_text(&item);
    if (name && *name == kSamTransform) return false;
    if (!name || *name != kLanguageExtensions) return true;
  }
  return false;
}

// The first AWS::Serverless::* resource, for a template that does not declare the SAM
// transform: CloudFormation rejects it, yet what the author meant is plain, so it is
// expanded anyway and the missing transform is reported.
const Value::Entry* first_serverless_resource(const Value& root) {
  const Value* resources = root.is_mapping() ? root.find("Resources") : nullptr;
  if (!resources || !resources->is_mapping()) return nullptr;
  for (const Value::Entry& entry : resources->entries()) {
    const Value* type = entry.value.is_mapping() ? entry.value.find("Type") : nullptr;
    auto name = sam::scalar_text(type);
    if (name && name->starts_with("AWS::Serverless::")) return &entry;
  }
  return nullptr;
}

Diagnostic missing_transform(const Value::Entry& resource) {
  const Value& type = *resource.value.find("Type");
  return Diagnostic{"template-invalid-structure", type.range(),
                    "Resource '" + resource.key + "' is an " + type.text() +
                        ", but the template does not declare Transform: " + std::string(kSamTransform) +
                        ", without which CloudFormation rejects it; it is checked as SAM would expand it.",
                    resource.key, "Resources." + resource.key + ".Type"};
}

}  // namespace

Document expand_sam(Document document, const ParameterValues& given) {
  if (!document.root) return document;
  if (!declares_sam_transform(*document.root)) {
    const Value::Entry* undeclared = first_serverless_resource(*document.root);
    if (!undeclared) return document;
    document.diagnostics.push_back(missing_transform(*undeclared));
  }
  const Value& root = *document.root;
  sam::Context context(root, document.source, given);
  sam::read_globals(context, root.find("Globals"));
  const Value* resources = root.find("Resources");
  if (resources && resources->is_mapping())
    expand_resources(context, *resources, !macro_before_sam(root), declares_language_extensions(root));
  Document result{document.source, std::make_unique<Value>(expanded_root(root, context)),
                  std::move(document.diagnostics)};
  for (Diagnostic& diagnostic : context.diagnostics()) result.diagnostics.push_back(std::move(diagnostic));
  return result;
}

}  // namespace cfn
