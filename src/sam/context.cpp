#include "sam/context.h"

#include "sam/values.h"

namespace cfn::sam {

Context::Context(const Value& root, SourcePtr source, const ParameterValues& given)
    : root_(root), source_(std::move(source)) {
  for (const auto& [name, text] : given.values) {
    if (const Value::Entry* declared = declared_parameter(name))
      given_.emplace(name, Value::scalar(text, true, declared->key_range));
  }
}

const Value::Entry* Context::declared_parameter(std::string_view name) const {
  const Value* parameters = root_.find("Parameters");
  return parameters && parameters->is_mapping() ? parameters->find_entry(name) : nullptr;
}

const Value* Context::parameter_default(std::string_view name) const {
  if (auto passed = given_.find(name); passed != given_.end()) return &passed->second;
  const Value::Entry* parameter = declared_parameter(name);
  return parameter && parameter->value.is_mapping() ? parameter->value.find("Default") : nullptr;
}

std::string Context::input_type(std::string_view logical_id) const {
  const Value* resources = root_.find("Resources");
  const Value* resource = resources && resources->is_mapping() ? resources->find(logical_id) : nullptr;
  auto type = resource && resource->is_mapping() ? scalar_text(resource->find("Type")) : std::nullopt;
  return type.value_or("");
}

namespace {

// Written entry by entry (the keys are new): put() would look each key up first, and a
// generated resource's origin is made once for every resource SAM adds.
Value origin_metadata(const SamResource& sam, Range cause) {
  Value origin = mapping(cause);
  std::vector<Value::Entry>& entries = origin.entries();
  entries.reserve(3);
  entries.push_back(Value::Entry{"Resource", cause, text(sam.logical_id, cause)});
  entries.push_back(Value::Entry{"Line", cause, plain(std::to_string(cause.begin.line), cause)});
  entries.push_back(Value::Entry{"Column", cause, plain(std::to_string(cause.begin.column), cause)});
  return origin;
}

}  // namespace

Value& Context::add(const SamResource& sam, std::string logical_id, std::string type, Range cause) {
  // A generated id may not take the place of a resource the template defines itself.
  if (logical_id != sam.logical_id) {
    std::string taken_by = input_type(logical_id);
    if (!taken_by.empty() && !taken_by.starts_with("AWS::Serverless::"))
      throw SamError(cause, "Transforming resource with id [" + sam.logical_id + "] attempts to create a new resource with id [" +
                                logical_id + "] and type \"" + type + "\". A resource with that id already exists within this template.");
  }
  if (std::string_view property = referenceable_property(sam.type, type); !property.empty())
    referenceable.try_emplace(sam.logical_id + "." + std::string(property), logical_id);
  Value metadata = mapping(cause);
  if (const Value* own = sam.attribute("Metadata"); own && own->is_mapping()) metadata = *own;
  put(metadata, "cfn-scan:origin", origin_metadata(sam, cause), cause);
  Value resource = mapping(cause);
  std::vector<Value::Entry>& entries = resource.entries();
  entries.reserve(8);  // as put() would: Properties and the resource attributes follow
  entries.push_back(Value::Entry{"Type", cause, text(std::move(type), cause)});
  entries.push_back(Value::Entry{"Metadata", cause, std::move(metadata)});
  if (auto existing = output_index_.find(logical_id); existing != output_index_.end()) {
    output_[existing->second].value = std::move(resource);
    return output_[existing->second].value;
  }
  output_index_.emplace(logical_id, output_.size());
  output_.push_back(Value::Entry{std::move(logical_id), cause, std::move(resource)});
  return output_.back().value;
}

void Context::keep(const Value::Entry& entry) {
  output_index_.emplace(entry.key, output_.size());
  output_.push_back(entry);
}

Value* Context::output_resource(std::string_view logical_id) {
  auto found = output_index_.find(logical_id);
  return found == output_index_.end() ? nullptr : &output_[found->second].value;
}

bool Context::has_output(std::string_view logical_id) const { return output_index_.count(logical_id) != 0; }

void Context::report(Range range, std::string message, std::string logical_id, std::string_view attribute) {
  std::string path = logical_id.empty() ? "" : "Resources." + logical_id;
  if (!path.empty() && !attribute.empty()) path.append(".").append(attribute);
  diagnostics_.push_back(
      Diagnostic{"template-invalid-structure", range, std::move(message), std::move(logical_id), std::move(path)});
}

void Context::report_invalid(Range range, const std::string& logical_id, std::string_view reason,
                             std::string_view attribute) {
  report(range, "Resource " + logical_id + " is not valid SAM: " + std::string(reason), logical_id, attribute);
}

void Context::copy_attributes(const SamResource& sam, Value& generated, bool main_resource) const {
  // SAM puts a resource's Condition on everything it generates for it; DependsOn and the
  // deletion policies stay on the resource that replaces the SAM one.
  static const char* const everywhere[] = {"Condition"};
  static const char* const main_only[] = {"DependsOn", "DeletionPolicy", "UpdateReplacePolicy"};
  for (const char* name : everywhere)
    if (const Value::Entry* entry = sam.node.find_entry(name)) put(generated, name, entry->value, entry->key_range);
  if (!main_resource) return;
  for (const char* name : main_only)
    if (const Value::Entry* entry = sam.node.find_entry(name)) put(generated, name, entry->value, entry->key_range);
}

void note_absent(Value& generated, std::string_view property, Range where) {
  Value* metadata = find_mutable(generated, "Metadata");
  Value* origin = metadata ? find_mutable(*metadata, "cfn-scan:origin") : nullptr;
  if (!origin) return;
  Value* absent = find_mutable(*origin, "Absent");
  if (!absent) absent = &put(*origin, "Absent", mapping(where), where);
  put(*absent, std::string(property), text(std::string(property), where), where);
}

}  // namespace cfn::sam
