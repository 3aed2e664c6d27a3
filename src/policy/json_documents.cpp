#include "policy/json_documents.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "iam/policy_document.h"
#include "model/loader.h"

namespace cfn {

namespace {

bool looks_like_json_object(const Value& value) {
  auto text = value.as_string();
  if (!text) return false;
  size_t first = text->find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && (*text)[first] == '{';
}

// The parsed document, or nothing when the text is not a well-formed JSON object (then
// CloudFormation would reject it; that is not a policy finding).
std::unique_ptr<Value> parse_document(const Value& text) {
  auto source = std::make_shared<const SourceFile>("<policy document>", std::string(*text.as_string()));
  Document document = load_json(source);
  if (!document.root || !document.root->is_mapping() || !document.diagnostics.empty()) return nullptr;
  set_range_everywhere(*document.root, text.range());
  return std::move(document.root);
}

// Other properties of CloudFormation type Json that templates also write as JSON text
// (AWS::EMR::SecurityConfiguration's settings, often pasted from the EMR console).
constexpr std::array<std::string_view, 1> kJsonTextProperties = {"SecurityConfiguration"};

// Identity and trust policies, every resource-based policy property, and the above.
bool is_document_property(std::string_view name) {
  if (name == "PolicyDocument" || name == "AssumeRolePolicyDocument") return true;
  if (std::find(kJsonTextProperties.begin(), kJsonTextProperties.end(), name) != kJsonTextProperties.end())
    return true;
  return std::find(iam::kResourcePolicyProperties.begin(), iam::kResourcePolicyProperties.end(), name) !=
         iam::kResourcePolicyProperties.end();
}

// Replaces JSON text in place in `properties` (a copy); true when something changed.
bool replace_documents(Value& properties) {
  bool changed = false;
  for (Value::Entry& entry : properties.entries()) {
    if (is_document_property(entry.key) && looks_like_json_object(entry.value)) {
      if (auto parsed = parse_document(entry.value)) {
        entry.value = std::move(*parsed);
        changed = true;
      }
    } else if (entry.key == "Policies" && entry.value.is_sequence()) {
      for (Value& policy : entry.value.items())
        if (policy.is_mapping()) changed = replace_documents(policy) || changed;
    }
  }
  return changed;
}

bool has_json_document(const Value& properties) {
  for (const Value::Entry& entry : properties.entries()) {
    if (is_document_property(entry.key) && looks_like_json_object(entry.value)) return true;
    if (entry.key == "Policies" && entry.value.is_sequence()) {
      for (const Value& policy : entry.value.items())
        if (policy.is_mapping() && has_json_document(policy)) return true;
    }
  }
  return false;
}

}  // namespace

std::shared_ptr<const Value> parse_json_text_documents(const Value& properties) {
  if (!properties.is_mapping() || !has_json_document(properties)) return nullptr;
  auto copy = std::make_shared<Value>(properties);
  if (!replace_documents(*copy)) return nullptr;
  return copy;
}

}  // namespace cfn
