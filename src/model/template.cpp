#include "model/template.h"

#include <algorithm>
#include <array>
#include <optional>
#include <set>

namespace cfn {

namespace {

// The transforms cfn-scan applies itself (src/sam/).
constexpr std::string_view kSamTransform = "AWS::Serverless-2016-10-31";

// The attributes CloudFormation takes on a resource.
constexpr std::string_view kResourceAttributes[] = {"Type",           "Properties",          "Condition",
                                                    "DependsOn",      "Metadata",            "DeletionPolicy",
                                                    "CreationPolicy", "UpdateReplacePolicy", "UpdatePolicy"};
// Others a resource may carry: Version, an old attribute CloudFormation still accepts;
// Description, which it accepts and keeps as the resource's description (the CDK writes it
// from cfnOptions.description; DescribeStackResource returns it); SAM's embedded
// Connectors and IgnoreGlobals; an AWS::Include that adds attributes from a file
// (Fn::Transform).
constexpr std::string_view kOtherAttributes[] = {"Version", "Description", "Connectors", "IgnoreGlobals",
                                                 "Fn::Transform"};

// The keys a template may hold at its top: CloudFormation's sections, SAM's Globals and
// CodeDeploy's blue/green Hooks.
constexpr std::string_view kTopLevelKeys[] = {"AWSTemplateFormatVersion", "Description", "Metadata", "Parameters",
                                              "Rules", "Mappings", "Conditions", "Transform", "Resources",
                                              "Outputs", "Globals", "Hooks"};

// What a condition in Conditions may be: one of the condition functions, or a reference to
// another condition.
constexpr std::string_view kConditionFunctions[] = {"Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not", "Condition"};

// kConditionFunctions as a message reads them: "Fn::Equals, ..., Fn::Not or Condition".
std::string condition_functions() {
  std::string text;
  const size_t count = std::size(kConditionFunctions);
  for (size_t i = 0; i < count; ++i) {
    if (i > 0) text += i + 1 == count ? " or " : ", ";
    text += kConditionFunctions[i];
  }
  return text;
}

template <size_t N>
bool is_listed(const std::string_view (&list)[N], std::string_view key) {
  return std::find(std::begin(list), std::end(list), key) != std::end(list);
}

// The parameter types CloudFormation knows; any other Type fails the template ("Template
// format error: Unrecognized parameter type"). Read generously, as cfn-lint reads them: a
// list of any of the single types but SSM names, and any type as the value of an SSM
// parameter.
constexpr std::string_view kAwsSpecificParameterTypes[] = {
    "AWS::EC2::AvailabilityZone::Name",   "AWS::EC2::Image::Id",
    "AWS::EC2::Instance::Id",             "AWS::EC2::KeyPair::KeyName",
    "AWS::EC2::SecurityGroup::GroupName", "AWS::EC2::SecurityGroup::Id",
    "AWS::EC2::Subnet::Id",               "AWS::EC2::Volume::Id",
    "AWS::EC2::VPC::Id",                  "AWS::Route53::HostedZone::Id"};

// `text` without `prefix` and `suffix` around it, or nullopt when they are not there.
std::optional<std::string_view> inside(std::string_view text, std::string_view prefix, std::string_view suffix) {
  if (text.size() < prefix.size() + suffix.size() || !text.starts_with(prefix) || !text.ends_with(suffix))
    return std::nullopt;
  return text.substr(prefix.size(), text.size() - prefix.size() - suffix.size());
}

bool is_single_parameter_type(std::string_view type) {
  return type == "String" || type == "Number" || is_listed(kAwsSpecificParameterTypes, type);
}

// A type as an SSM parameter's value may hold it: a single type, or a list of them.
bool is_value_parameter_type(std::string_view type) {
  if (type == "CommaDelimitedList") return true;
  auto item = inside(type, "List<", ">");
  return is_single_parameter_type(item.value_or(type));
}

bool is_parameter_type(std::string_view type) {
  if (type == "AWS::SSM::Parameter::Name") return true;
  if (auto held = inside(type, "AWS::SSM::Parameter::Value<", ">"))
    return *held == "AWS::SSM::Parameter::Name" || is_value_parameter_type(*held);
  return is_value_parameter_type(type);
}

struct SectionSpec {
  std::string_view name;
  Value::Kind kind;
  const Value* Template::*member;
};

constexpr std::array kSections = {
    SectionSpec{"AWSTemplateFormatVersion", Value::Kind::Scalar, &Template::format_version},
    SectionSpec{"Description", Value::Kind::Scalar, &Template::description},
    SectionSpec{"Metadata", Value::Kind::Mapping, &Template::metadata},
    SectionSpec{"Parameters", Value::Kind::Mapping, &Template::parameters},
    SectionSpec{"Rules", Value::Kind::Mapping, &Template::rules},
    SectionSpec{"Mappings", Value::Kind::Mapping, &Template::mappings},
    SectionSpec{"Conditions", Value::Kind::Mapping, &Template::conditions},
    SectionSpec{"Globals", Value::Kind::Mapping, &Template::globals},
    SectionSpec{"Outputs", Value::Kind::Mapping, &Template::outputs},
};

std::string_view kind_name(Value::Kind kind) {
  switch (kind) {
    case Value::Kind::Scalar: return "a scalar";
    case Value::Kind::Sequence: return "a list";
    case Value::Kind::Mapping: return "a mapping";
  }
  return "a value";
}

// A loader that stopped at a syntax error or a limit leaves a partial tree; what is
// missing from it was never read, so it is not a structural error of its own.
bool stopped_early(const Document& document) {
  for (const Diagnostic& diagnostic : document.diagnostics) {
    if (diagnostic.rule_id == "template-parse-error" || diagnostic.rule_id == "template-limit-exceeded")
      return true;
  }
  return false;
}

// 2010-09-09, the only version. Unquoted, YAML 1.1 parsers read it as a date, and some
// tools write that date back with a zero time (2010-09-09T00:00:00Z): the same version.
bool is_known_format_version(const Value& version) {
  const std::string& text = version.text();
  if (text == "2010-09-09") return true;
  if (version.quoted() || !text.starts_with("2010-09-09")) return false;
  std::string_view time = std::string_view(text).substr(10);
  for (std::string_view zero : {"T00:00:00Z", "t00:00:00z", "T00:00:00", " 00:00:00", "T00:00:00.0Z", "T00:00:00+00:00"}) {
    if (time == zero) return true;
  }
  return false;
}

// A top-level Transform with {Name: AWS::Include}, alone or in a list.
bool names_include(const Value& transform) {
  auto is_include = [](const Value& item) {
    const Value* name = item.is_mapping() ? item.find("Name") : nullptr;
    return name && name->as_string() == "AWS::Include";
  };
  if (transform.is_sequence()) return std::any_of(transform.items().begin(), transform.items().end(), is_include);
  return is_include(transform);
}

// Whether an entry of a section (a resource, a parameter) has one of `types` as its Type.
bool has_entry_of_type(const Value* section, std::initializer_list<std::string_view> types) {
  if (!section || !section->is_mapping()) return false;
  return std::any_of(section->entries().begin(), section->entries().end(), [&](const Value::Entry& entry) {
    const Value* type = entry.value.is_mapping() ? entry.value.find("Type") : nullptr;
    auto name = type ? type->as_string() : std::nullopt;
    return name && std::find(types.begin(), types.end(), *name) != types.end();
  });
}

// The AWS CLI's local modules (`aws cloudformation package` expands them): the sections
// only they have (Modules, a module's Inputs, Packages, ParameterSchema; Constants without
// AWS::LanguageExtensions), a resource of Type LocalModule, or a module parameter of a type
// CloudFormation lacks (Scalar, Object, Array).
bool local_module_source(const Value& root, bool language_extensions) {
  for (std::string_view section : {"Modules", "Inputs", "Packages", "ParameterSchema"}) {
    if (root.find(section)) return true;
  }
  if (!language_extensions && root.find("Constants")) return true;
  return has_entry_of_type(root.find("Resources"), {"LocalModule"}) ||
         has_entry_of_type(root.find("Parameters"), {"Scalar", "Object", "Array"});
}

class Builder {
 public:
  explicit Builder(std::vector<Diagnostic>& diagnostics) : diagnostics_(diagnostics) {}

  void expect_cloudformation_as_written(bool as_written, bool language_extensions) {
    as_written_ = as_written;
    language_extensions_ = language_extensions;
  }

  // A key CloudFormation does not take at the top of a template: most often a resource
  // indented one level too little, or text pasted after the template (a line without a
  // colon that YAML reads as a key).
  void top_level_keys(const Value& root) {
    if (!as_written_) return;
    for (const Value::Entry& entry : root.entries()) {
      if (is_listed(kTopLevelKeys, entry.key)) continue;
      if (language_extensions_ && entry.key == "Constants") continue;  // Template::constants
      structure_error(entry.key_range,
                      "'" + entry.key + "' is not a section of a template (AWSTemplateFormatVersion, Description, "
                      "Metadata, Parameters, Rules, Mappings, Conditions, Transform, Resources, Outputs, Hooks; "
                      "SAM's Globals); CloudFormation rejects it. A resource belongs under Resources.",
                      "", entry.key);
    }
  }

  static Range value_or_key_range(const Value::Entry& entry) {
    return entry.value.range().known() ? entry.value.range() : entry.key_range;
  }

  void structure_error(Range range, std::string message, std::string logical_id,
                       std::string path) {
    diagnostics_.push_back(Diagnostic{"template-invalid-structure", range, std::move(message),
                                      std::move(logical_id), std::move(path)});
  }

  const Value* section(const Value::Entry& entry, Value::Kind expected) {
    if (entry.value.kind() == expected) return &entry.value;
    if (!as_written_) return nullptr;  // the macro's own form; what it makes is unknown
    // `Conditions:` with nothing after it: the value has no place of its own (a null's
    // range is empty, past the key's line), so the finding points at the key.
    if (entry.value.is_null()) {
      std::string fix =
          entry.key == "Resources" ? "give it the template's resources" : "remove the section or give it entries";
      structure_error(entry.key_range,
                      "Section '" + entry.key + "' is empty (null); CloudFormation rejects null values: " + fix + ".",
                      "", entry.key);
      return nullptr;
    }
    structure_error(entry.value.range().known() ? entry.value.range() : entry.key_range,
                    "Section '" + entry.key + "' must be " + std::string(kind_name(expected)) +
                        ", not " + std::string(kind_name(entry.value.kind())) + ".",
                    "", entry.key);
    return nullptr;
  }

  // `Type: AWS::S3::Bucket` written at the Resources level is a resource's Type line
  // outdented: say so rather than call it a resource named Type.
  static std::string not_a_mapping_message(const Value::Entry& entry) {
    if (entry.key == "Type" && entry.value.is_scalar() && entry.value.text().find("::") != std::string::npos) {
      return "'Type: " + entry.value.text() +
             "' is at the Resources level, not inside a resource; indent it under the resource it belongs to.";
    }
    return "Resource '" + entry.key + "' must be a mapping with a Type.";
  }

  bool resource(const Value::Entry& entry, Resource& resource) {
    resource.logical_id = entry.key;
    resource.key_range = entry.key_range;
    resource.node = &entry.value;
    std::string path = "Resources." + entry.key;
    if (!entry.value.is_mapping()) {
      structure_error(entry.value.range().known() ? entry.value.range() : entry.key_range,
                      not_a_mapping_message(entry), entry.key, path);
      return false;
    }
    for (const Value::Entry& attribute : entry.value.entries()) read_attribute(attribute, resource);
    if (!resource.type_value) {
      // At Resources.Id.Type, as a malformed Type is: the resource still declares its name.
      structure_error(entry.key_range, "Resource '" + entry.key + "' has no Type.", entry.key, path + ".Type");
    } else if (!resource.type_value->as_string()) {
      structure_error(resource.type_value->range(),
                      "Resource '" + entry.key + "' has a Type that is not a string.", entry.key,
                      path + ".Type");
    } else {
      resource.type = resource.type_value->text();
    }
    // AWS::LanguageExtensions also takes an intrinsic here (Condition: !Sub Is${Env} in a loop).
    bool intrinsic_allowed = language_extensions_ && resource.condition && resource.condition->intrinsic();
    if (resource.condition && as_written_ && resource.sam_resource.empty() && !resource.condition->as_string() &&
        !intrinsic_allowed)
      structure_error(resource.condition->range(),
                      "Condition of resource '" + entry.key + "' must name a condition (a string).", entry.key,
                      path + ".Condition");
    return true;
  }

  // Parameter and output names are logical IDs too: letters and digits only
  // (CloudFormation's Parameters and Outputs section references).
  void require_alphanumeric_name(const Value::Entry& entry, const std::string& what, const std::string& subject,
                                 const std::string& path) {
    if (language_extensions_ && is_loop_stand_in_id(entry.key)) return;  // a loop whose collection is unknown
    if (!is_alphanumeric_id(entry.key))
      structure_error(entry.key_range,
                      what + " name '" + entry.key + "' may hold only letters and digits (A-Z, a-z, 0-9); "
                      "CloudFormation rejects it.", subject, path);
  }

  // Every parameter is a mapping with a Type: CloudFormation rejects the template
  // otherwise ("Every Parameters object must contain a Type member").
  void parameters(const Value& section) {
    if (!as_written_) return;
    for (const Value::Entry& parameter : section.entries()) {
      std::string path = "Parameters." + parameter.key;
      require_alphanumeric_name(parameter, "Parameter", parameter.key, path);
      if (!parameter.value.is_mapping()) {
        structure_error(parameter.value.range().known() ? parameter.value.range() : parameter.key_range,
                        "Parameter '" + parameter.key + "' must be a mapping with a Type.", parameter.key, path);
        continue;
      }
      const Value* type = parameter.value.find("Type");
      if (!type) {
        structure_error(parameter.key_range, "Parameter '" + parameter.key + "' has no Type.", parameter.key,
                        path + ".Type");
      } else if (auto name = type->as_string(); !name) {
        structure_error(type->range(), "Parameter '" + parameter.key + "' has a Type that is not a string.",
                        parameter.key, path + ".Type");
      } else if (!is_parameter_type(*name)) {
        structure_error(type->range(),
                        "Parameter '" + parameter.key + "' has Type '" + std::string(*name) +
                            "', which CloudFormation does not know (String, Number, List<Number>, "
                            "CommaDelimitedList, an AWS-specific type such as AWS::EC2::VPC::Id or "
                            "List<AWS::EC2::Subnet::Id>, or an AWS::SSM::Parameter type).",
                        parameter.key, path + ".Type");
      }
    }
  }

  // A condition is one condition function; anything else CloudFormation rejects (a
  // literal, a list, a mapping of several conditions). The SAM step and the evaluator
  // read such a condition as unknown.
  void conditions(const Value& section) {
    if (!as_written_) return;
    for (const Value::Entry& condition : section.entries()) {
      // A loop is reported where it is expanded.
      if (condition.key.starts_with("Fn::ForEach::")) continue;
      const Value::Entry* call = condition.value.intrinsic();
      if (call && is_listed(kConditionFunctions, call->key)) continue;
      structure_error(condition.key_range,
                      "Condition '" + condition.key + "' must be a condition function: " + condition_functions() + ".",
                      "", "Conditions." + condition.key);
    }
  }

  // Every map is a mapping of top-level keys, each a mapping of second-level keys whose
  // values are strings or lists; CloudFormation rejects other shapes. An AWS::Include
  // (Fn::Transform) may stand for a map or a key; a null is reported by check_nulls.
  void mappings(const Value& section) {
    if (!as_written_) return;
    for (const Value::Entry& map : section.entries()) {
      if (map.key == "Fn::Transform" || map.value.is_null()) continue;
      std::string path = "Mappings." + map.key;
      if (!map.value.is_mapping()) {
        structure_error(value_or_key_range(map), "Map '" + map.key + "' must be a mapping of top-level keys.", "", path);
        continue;
      }
      for (const Value::Entry& top : map.value.entries()) {
        if (top.key == "Fn::Transform" || top.value.is_null()) continue;
        if (!top.value.is_mapping()) {
          structure_error(value_or_key_range(top),
                          "Key '" + top.key + "' of map '" + map.key + "' must be a mapping of second-level keys to values.",
                          "", path + "." + top.key);
          continue;
        }
        for (const Value::Entry& second : top.value.entries()) {
          if (second.key == "Fn::Transform" || !second.value.is_mapping()) continue;
          structure_error(value_or_key_range(second),
                          "Value '" + second.key + "' of map '" + map.key + "' under '" + top.key +
                              "' must be a string or a list, not a mapping.",
                          "", path + "." + top.key + "." + second.key);
        }
      }
    }
  }

  // A Resources section without a resource: CloudFormation needs at least one.
  void resources(const Value::Entry& section) {
    if (as_written_ && section.value.entries().empty())
      structure_error(section.key_range, "The template's Resources section is empty; CloudFormation needs at least one resource.",
                      "", "Resources");
  }

  // Every output needs a Value, and an Export a Name (CloudFormation rejects the template
  // otherwise).
  void outputs(const Value& section) {
    if (!as_written_) return;
    for (const Value::Entry& output : section.entries()) {
      // A loop is reported where it is expanded; an AWS::Include adds outputs from a file.
      if (output.key.starts_with("Fn::ForEach::") || output.key == "Fn::Transform") continue;
      std::string path = "Outputs." + output.key;
      require_alphanumeric_name(output, "Output", "", path);
      if (!output.value.is_mapping()) {
        structure_error(output.value.range().known() ? output.value.range() : output.key_range,
                        "Output '" + output.key + "' must be a mapping with a Value.", "", path);
        continue;
      }
      const Value* value = output.value.find("Value");
      if (!value || (value->is_scalar() && value->is_null()))
        structure_error(output.key_range, "Output '" + output.key + "' has no Value.", "", path + ".Value");
      const Value* exported = output.value.find("Export");
      if (exported && !(exported->is_mapping() && exported->find("Name")))
        structure_error(exported->range().known() ? exported->range() : output.key_range,
                        "Export of output '" + output.key + "' must be a mapping with a Name.", "", path + ".Export");
    }
  }

 private:
  void read_attribute(const Value::Entry& attribute, Resource& resource) {
    const std::string& key = attribute.key;
    const Value* value = &attribute.value;
    if (key == "Type") {
      resource.type_value = value;
    } else if (key == "Properties") {
      if (value->is_mapping()) {
        resource.properties = value;
      } else if (value->is_null()) {
        if (as_written_)
          structure_error(attribute.key_range,
                          "Properties of resource '" + resource.logical_id +
                              "' is null; CloudFormation rejects null values: remove the key or give it properties.",
                          resource.logical_id, resource.path() + ".Properties");
      } else {
        structure_error(value->range(),
                        "Properties of resource '" + resource.logical_id + "' must be a mapping.",
                        resource.logical_id, resource.path() + ".Properties");
      }
    } else if (key == "Condition") {
      resource.condition = value;
    } else if (key == "DependsOn") {
      resource.depends_on = value;
    } else if (key == "Metadata") {
      resource.metadata = value;
      read_origin(*value, resource);
    } else if (key == "DeletionPolicy") {
      resource.deletion_policy = value;
    } else if (key == "UpdateReplacePolicy") {
      resource.update_replace_policy = value;
    } else if (as_written_ && !is_resource_attribute(key)) {
      unknown_attribute(attribute, resource);
    }
  }

  // "Invalid template resource property": most often a known attribute in the wrong case
  // (properties:, type:), whose content is then not read at all.
  void unknown_attribute(const Value::Entry& attribute, const Resource& resource) {
    std::string message = "Resource '" + resource.logical_id + "' has '" + attribute.key +
                          "', which CloudFormation does not take on a resource";
    for (std::string_view known : kResourceAttributes) {
      if (equals_ignoring_case(attribute.key, known)) message += " (attributes are case-sensitive: " + std::string(known) + ")";
    }
    structure_error(attribute.key_range, message + ".", resource.logical_id, resource.path() + "." + attribute.key);
  }

  // The SAM step marks what it generates; findings name the SAM resource from it.
  static void read_origin(const Value& metadata, Resource& resource) {
    const Value* origin = metadata.find("cfn-scan:origin");
    const Value* sam = origin ? origin->find("Resource") : nullptr;
    if (sam && sam->as_string()) resource.sam_resource = sam->text();
  }

  std::vector<Diagnostic>& diagnostics_;
  bool as_written_ = true;            // no macro of the template's own runs first
  bool language_extensions_ = false;  // AWS::LanguageExtensions is declared
};

}  // namespace

bool is_resource_attribute(std::string_view key) {
  return is_listed(kResourceAttributes, key) || is_listed(kOtherAttributes, key);
}

bool is_alphanumeric_id(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  });
}

namespace {

// The SAM step checks the ids of a SAM template as written, before it names the resources
// it generates after them (My-Fn, then My-FnRole): checked again here, one bad id would be
// reported once per generated resource. Other templates are checked here.
void check_logical_ids(const Template& tmpl, Builder& builder) {
  bool expanded_by_sam = tmpl.is_sam() || std::any_of(tmpl.resources().begin(), tmpl.resources().end(),
                                                      [](const Resource& r) { return !r.sam_resource.empty(); });
  // SAM reports them itself; a macro of the template's own may rename them (a ForEach
  // macro's `Topic%d`) before CloudFormation reads them.
  if (expanded_by_sam || !tmpl.only_applied_transforms()) return;
  bool loops = tmpl.declares_transform(kLanguageExtensions);
  for (const Resource& resource : tmpl.resources()) {
    if (loops && is_loop_stand_in_id(resource.logical_id)) continue;
    if (!is_alphanumeric_id(resource.logical_id))
      builder.structure_error(resource.key_range,
                              "Logical ID '" + resource.logical_id + "' may hold only letters and digits "
                              "(A-Z, a-z, 0-9); CloudFormation rejects it.", resource.logical_id, resource.path());
  }
}

std::string null_message(const std::string& where) {
  return "A null value at " + where + ": CloudFormation rejects null values; remove the key or give it a value.";
}

// Whether a null is anywhere below `value`: known from loading for nearly every value
// (remember_intrinsics); else a walk without paths.
bool contains_null(const Value& value) {
  if (auto known = value.known_to_contain_null()) return *known;
  for (const Value::Entry& entry : value.entries())
    if (contains_null(entry.value)) return true;
  for (const Value& item : value.items())
    if (contains_null(item)) return true;
  return false;
}

// Properties whose value is a document of another service (an OpenAPI body, a policy, a
// state machine, an event pattern, a subscription filter): whether CloudFormation takes a
// null inside one is not settled (reports differ by resource type), so nothing inside them
// is judged, wherever they are (a role's Policies[0].PolicyDocument too).
constexpr std::string_view kDocumentProperties[] = {
    "Body", "DefinitionBody", "Definition", "EventPattern", "PolicyDocument", "Policy", "KeyPolicy",
    "AccessPolicies", "AssumeRolePolicyDocument", "Content", "Schema", "Template", "TemplateBody",
    "FilterPolicy", "RepositoryPolicyText", "FileSystemPolicy", "AccessPolicy", "ResourcePolicy",
    "RedrivePolicy", "RedriveAllowPolicy"};

// Every null below `value`, reported at its key (a list item at itself), as part of the
// resource `logical_id` ("" for a section such as Mappings).
void report_nulls(const Value& value, const std::string& path, const std::string& logical_id, Builder& builder) {
  auto report = [&](Range at, const std::string& where) {
    builder.structure_error(at, null_message(where), logical_id, where);
  };
  for (const Value::Entry& entry : value.entries()) {
    if (!contains_null(entry.value)) continue;
    std::string where = path + "." + entry.key;
    if (entry.value.is_scalar()) report(entry.key_range, where);
    else if (!is_listed(kDocumentProperties, entry.key)) report_nulls(entry.value, where, logical_id, builder);
  }
  for (size_t i = 0; i < value.items().size(); ++i) {
    const Value& item = value.items()[i];
    if (!contains_null(item)) continue;
    std::string where = path + "[" + std::to_string(i) + "]";
    if (item.is_scalar()) report(item.range(), where);
    else report_nulls(item, where, logical_id, builder);
  }
}

// CloudFormation rejects a template that holds a null ("'null' values are not allowed in
// templates"): a value written `Key:` with nothing after it, `~`, JSON null. Checked in the
// Properties and DependsOn of the resources written in the template and in Mappings (a
// region left without its AMI id). Not judged: what the SAM step generates (a null a SAM
// resource passes on is not found there yet), a SAM resource it could not expand (already
// reported), and templates a macro rewrites first.
void check_nulls(const Template& tmpl, Builder& builder) {
  if (!tmpl.only_applied_transforms()) return;
  if (tmpl.mappings && contains_null(*tmpl.mappings)) report_nulls(*tmpl.mappings, "Mappings", "", builder);
  for (const Resource& resource : tmpl.resources()) {
    if (!resource.sam_resource.empty() || resource.type.starts_with("AWS::Serverless::")) continue;
    if (resource.properties && contains_null(*resource.properties))
      report_nulls(*resource.properties, resource.path() + ".Properties", resource.logical_id, builder);
    if (!resource.depends_on) continue;
    std::string depends_on = resource.path() + ".DependsOn";
    if (resource.depends_on->is_null())
      builder.structure_error(resource.depends_on->range(), null_message(depends_on), resource.logical_id, depends_on);
    else if (contains_null(*resource.depends_on))
      report_nulls(*resource.depends_on, depends_on, resource.logical_id, builder);
  }
}

// "DependsOn must be a string or list of strings", CloudFormation says of anything else: a
// mapping (`- Resource: Db`), a list in a list, or an intrinsic function, which it does not
// evaluate there (`!If [IsProd, [Db], []]`; a Condition on the resource is the way). Not
// judged where check_nulls is not, nor an intrinsic under AWS::LanguageExtensions, which
// resolves some functions before CloudFormation reads the template.
void check_depends_on_shape(const Template& tmpl, Builder& builder) {
  if (!tmpl.only_applied_transforms()) return;
  const bool language_extensions = tmpl.declares_transform(kLanguageExtensions);
  for (const Resource& resource : tmpl.resources()) {
    if (!resource.depends_on || !resource.sam_resource.empty() || resource.type.starts_with("AWS::Serverless::"))
      continue;
    auto report = [&](const Value& value, const std::string& path) {
      if (value.is_scalar() || (language_extensions && value.intrinsic())) return;
      builder.structure_error(value.range(),
                              "DependsOn of resource '" + resource.logical_id +
                                  "' must be a logical id or a list of logical ids; CloudFormation evaluates no "
                                  "intrinsic function there.",
                              resource.logical_id, path);
    };
    const std::string path = resource.path() + ".DependsOn";
    if (!resource.depends_on->is_sequence()) {
      report(*resource.depends_on, path);
      continue;
    }
    const auto& items = resource.depends_on->items();
    for (size_t i = 0; i < items.size(); ++i) report(items[i], path + "[" + std::to_string(i) + "]");
  }
}

// What CloudFormation does with a resource when the stack deletes or replaces it: one of a
// few words ("Every DeletionPolicy member must be a string" / "must be one of ..."). Read
// generously, so as never to reject what CloudFormation takes: in any letter case (cfn-lint
// passes `retain`), and RetainExceptOnCreate for either attribute (documented for
// DeletionPolicy only). An intrinsic function is evaluated there only under
// AWS::LanguageExtensions, and is not judged then.
constexpr std::string_view kPolicyWords[] = {"Delete", "Retain", "RetainExceptOnCreate", "Snapshot"};
constexpr std::string_view kPolicyWordList = "Delete, Retain, RetainExceptOnCreate (DeletionPolicy) or Snapshot";

std::string policy_attribute_problem(const Value& value, bool language_extensions) {
  if (auto word = value.as_string()) {
    for (std::string_view known : kPolicyWords)
      if (equals_ignoring_case(*word, known)) return "";
    return "is '" + std::string(*word) + "'; CloudFormation takes ";
  }
  if (value.intrinsic()) {
    if (language_extensions) return "";
    return "is an intrinsic function, which CloudFormation evaluates there only under the "
           "AWS::LanguageExtensions transform; write ";
  }
  return std::string(value.is_sequence()  ? "is a list"
                     : value.is_mapping() ? "is a mapping"
                                          : "is empty (null)") +
         "; CloudFormation takes ";
}

// SAM passes both attributes on to what it generates: each is judged once at the place it
// is written (`reported`), however many resources carry a copy.
void check_policy_attributes(const Template& tmpl, Builder& builder) {
  if (!tmpl.only_applied_transforms()) return;
  const bool language_extensions = tmpl.declares_transform(kLanguageExtensions);
  std::set<Position> reported;
  for (const Resource& resource : tmpl.resources()) {
    for (auto [attribute, value] :
         {std::pair<std::string_view, const Value*>{"DeletionPolicy", resource.deletion_policy},
          {"UpdateReplacePolicy", resource.update_replace_policy}}) {
      if (!value || (value->range().known() && !reported.insert(value->range().begin).second)) continue;
      std::string problem = policy_attribute_problem(*value, language_extensions);
      if (problem.empty()) continue;
      builder.structure_error(value->range().known() ? value->range() : resource.key_range,
                              std::string(attribute) + " of resource '" + resource.logical_id + "' " + problem +
                                  std::string(kPolicyWordList) + ".",
                              resource.logical_id, resource.path() + "." + std::string(attribute));
    }
  }
}

}  // namespace

Template Template::build(Document document) {
  Template result;
  result.document_ = std::move(document);
  // The loaders record which subtrees hold intrinsics; SAM and ForEach expansion leave
  // the parts they built unknown, and this fills those in (only those are visited).
  if (result.document_.root) result.document_.root->remember_intrinsics();
  const Value* root = result.document_.root.get();
  if (!root) return result;
  Builder builder(result.document_.diagnostics);
  if (!root->is_mapping()) {
    builder.structure_error(root->range(), "A template must be a mapping of sections.", "", "");
    return result;
  }
  if (const Value* transform = root->find("Transform")) {
    result.transform = transform;
    result.includes_resources_ = names_include(*transform);
    if (auto name = transform->as_string()) result.transforms_.emplace_back(*name);
    for (const Value& item : transform->items()) {
      if (auto name = item.as_string()) result.transforms_.emplace_back(*name);
    }
  }
  result.local_modules_ = local_module_source(*root, result.declares_transform(kLanguageExtensions));
  // A macro of the template's own rewrites it before CloudFormation reads it: what it
  // takes (a Count attribute, an output it fills in, a section in a shorthand of its own)
  // is not judged as written.
  builder.expect_cloudformation_as_written(result.only_applied_transforms(),
                                           result.declares_transform(kLanguageExtensions));
  for (const Value::Entry& entry : root->entries()) {
    if (entry.key == "AWSTemplateFormatVersion" && entry.value.is_scalar() && !is_known_format_version(entry.value))
      builder.structure_error(entry.value.range(),
                              "AWSTemplateFormatVersion '" + entry.value.text() +
                                  "' is not a version CloudFormation knows: the only one is 2010-09-09.",
                              "", entry.key);
    for (const SectionSpec& spec : kSections) {
      if (entry.key == spec.name) result.*spec.member = builder.section(entry, spec.kind);
    }
  }
  if (result.declares_transform(kLanguageExtensions)) result.constants = root->find("Constants");
  builder.top_level_keys(*root);
  if (result.parameters) builder.parameters(*result.parameters);
  if (result.conditions) builder.conditions(*result.conditions);
  if (result.mappings) builder.mappings(*result.mappings);
  if (result.outputs) builder.outputs(*result.outputs);
  const Value::Entry* resources = root->find_entry("Resources");
  if (!resources && !stopped_early(result.document_)) {
    builder.structure_error(root->range(), "The template has no Resources section.", "",
                            "Resources");
    return result;
  }
  if (!resources || !builder.section(*resources, Value::Kind::Mapping)) return result;
  builder.resources(*resources);
  for (const Value::Entry& entry : resources->value.entries()) {
    // An AWS::Include at the top of Resources adds resources at deploy time from a file
    // the template does not hold: not a resource, and nothing to check here.
    if (entry.key == "Fn::Transform") {
      result.includes_resources_ = true;
      continue;
    }
    // A loop left here: of the wrong shape, which expand_foreach reported; or written
    // without the transform that expands it.
    if (entry.key.starts_with("Fn::ForEach::")) {
      if (!result.declares_transform(kLanguageExtensions))
        builder.structure_error(entry.key_range,
                                "'" + entry.key + "' is a loop only the AWS::LanguageExtensions transform expands; "
                                "add it to the template's Transform.",
                                "", "Resources." + entry.key);
      continue;
    }
    Resource resource;
    if (!builder.resource(entry, resource)) continue;
    // Parameters and resources share one namespace: a Ref cannot tell them apart. (A
    // resource SAM generates under another name is not the author's to rename.)
    if (resource.named_by_author() && result.parameters && result.parameters->is_mapping() &&
        result.parameters->find(entry.key))
      builder.structure_error(entry.key_range,
                              "Resource '" + entry.key + "' has the name of a parameter; logical names must be "
                              "unique in the template.", entry.key, "Resources." + entry.key);
    size_t index = result.resources_.size();
    result.by_id_.emplace(resource.logical_id, index);
    result.resources_.push_back(std::move(resource));
  }
  for (const Resource& resource : result.resources_) {  // resources_ no longer moves
    if (!resource.type.empty()) result.by_type_[resource.type].push_back(&resource);
  }
  check_logical_ids(result, builder);
  check_nulls(result, builder);
  check_depends_on_shape(result, builder);
  check_policy_attributes(result, builder);
  return result;
}

const std::vector<const Resource*>& Template::resources_of_type(std::string_view type) const {
  static const std::vector<const Resource*> none;
  auto it = by_type_.find(type);
  return it == by_type_.end() ? none : it->second;
}

const Resource* Template::resource(std::string_view logical_id) const {
  auto it = by_id_.find(logical_id);
  return it == by_id_.end() ? nullptr : &resources_[it->second];
}

bool Template::declares_transform(std::string_view name) const {
  return std::find(transforms_.begin(), transforms_.end(), name) != transforms_.end();
}

bool Template::only_applied_transforms() const {
  if (local_modules_) return false;
  if (!transform) return true;
  // transforms() holds the names written as strings; a macro with parameters
  // ({Name, Parameters}) is a mapping and is missing from it.
  size_t written = transform->is_sequence() ? transform->items().size() : 1;
  return transforms_.size() == written && std::all_of(transforms_.begin(), transforms_.end(), [](const std::string& name) {
    return name == kSamTransform || name == kLanguageExtensions;
  });
}

bool Template::is_sam() const {
  for (const std::string& name : transforms_) {
    if (name.rfind("AWS::Serverless", 0) == 0) return true;
  }
  return false;
}

namespace {

// The Type a mapping writes, or null.
const Value* type_of(const Value& value) { return value.is_mapping() ? value.find("Type") : nullptr; }

// A Type written the CloudFormation way (AWS::S3::Bucket, Custom::Seed).
bool names_resource_type(const Value* type) {
  return type && type->is_scalar() && type->text().find("::") != std::string::npos;
}

}  // namespace

bool looks_like_template(const Value& root) {
  if (!root.is_mapping()) return false;
  if (root.find("AWSTemplateFormatVersion")) return true;
  const Value* resources = root.find("Resources");
  // A macro's input may write Resources in a form of its own (AWS's ShortHand example, a list).
  if (resources && root.find("Transform")) return true;
  // `Resources:` left empty, its resources outdented to the top level beside it: skipping
  // the file would hide the mistake and every finding in it.
  if (resources && resources->is_scalar() && resources->is_null())
    return std::any_of(root.entries().begin(), root.entries().end(),
                       [](const Value::Entry& entry) { return names_resource_type(type_of(entry.value)); });
  if (!resources || !resources->is_mapping() || resources->entries().empty()) return false;
  bool all_typed = true;
  for (const Value::Entry& entry : resources->entries()) {
    const Value* type = type_of(entry.value);
    // One resource typed the CloudFormation way makes it a template: a typo in another
    // entry is then a finding, not a reason to skip the file.
    if (names_resource_type(type)) return true;
    if (type) continue;
    // Properties without a Type: a resource whose Type line slipped out of it (outdented
    // under Resources). Only CloudFormation writes that shape; skipping the file would
    // hide the mistake and every finding in it.
    const Value* properties = entry.value.is_mapping() ? entry.value.find("Properties") : nullptr;
    if (properties && properties->is_mapping()) return true;
    // A loop that AWS::LanguageExtensions expands into resources, and an AWS::Include
    // snippet: no Type of their own, and nothing else writes them.
    if (entry.key.starts_with("Fn::ForEach::") && entry.value.is_sequence()) continue;
    if (entry.key == "Fn::Transform" && entry.value.is_mapping()) continue;
    all_typed = false;
  }
  return all_typed;
}

}  // namespace cfn
