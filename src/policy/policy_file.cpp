#include "policy/policy_file.h"

#include <array>
#include <set>

#include "model/loader.h"

namespace cfn {

namespace {

// Every key a policy file may hold; anything else is a typo worth an error.
constexpr std::array<std::string_view, 17> kKnownKeys = {
    "id",      "title",       "severity",    "security-severity", "precision",   "tags",
    "resource-types", "equivalents", "message", "description", "rationale", "aws-default",
    "remediation", "snippet", "references", "check", "match"};

constexpr std::array<std::string_view, 6> kRequiredText = {"id", "title", "severity", "message",
                                                           "description", "remediation"};

class PolicyReader {
 public:
  PolicyReader(const Value& root, PolicyReadResult& result) : root_(root), result_(result) {}

  void read() {
    for (const Value::Entry& entry : root_.entries()) check_known(entry);
    for (std::string_view key : kRequiredText) {
      if (!root_.find(key)) error(root_.range(), "Policy is missing the required key '" + std::string(key) + "'.");
    }
    PolicyFile& policy = result_.policy;
    policy.id = text("id");
    policy.title = text("title");
    policy.severity = text("severity");
    policy.security_severity = text("security-severity");
    policy.precision = text("precision");
    policy.tags = list("tags");
    policy.resource_types = list("resource-types");
    policy.equivalents = equivalents();
    policy.message = text("message");
    policy.description = text("description");
    policy.rationale = text("rationale");
    policy.aws_default = text("aws-default");
    policy.remediation = text("remediation");
    policy.snippet = text("snippet");
    policy.references = list("references");
    policy.check = text("check");
  }

 private:
  void check_known(const Value::Entry& entry) {
    for (std::string_view known : kKnownKeys) {
      if (entry.key == known) return;
    }
    error(entry.key_range, "Unknown policy key '" + entry.key + "'.");
  }

  std::string text(std::string_view key) {
    const Value* value = root_.find(key);
    if (!value) return {};
    if (!value->is_scalar() || value->is_null()) {
      error(value->range(), "Policy key '" + std::string(key) + "' must be a string.");
      return {};
    }
    return value->text();
  }

  std::vector<std::string> strings(const Value& value, std::string_view what) {
    std::vector<std::string> items;
    if (!value.is_sequence()) {
      error(value.range(), std::string(what) + " must be a list of strings.");
      return items;
    }
    for (const Value& item : value.items()) {
      if (item.is_scalar() && !item.is_null()) {
        items.push_back(item.text());
      } else {
        error(item.range(), std::string(what) + " must be a list of strings.");
      }
    }
    return items;
  }

  std::vector<std::string> list(std::string_view key) {
    const Value* value = root_.find(key);
    if (!value) return {};
    return strings(*value, "Policy key '" + std::string(key) + "'");
  }

  std::vector<std::pair<std::string, std::vector<std::string>>> equivalents() {
    std::vector<std::pair<std::string, std::vector<std::string>>> tools;
    const Value* value = root_.find("equivalents");
    if (!value) return tools;
    if (!value->is_mapping()) {
      error(value->range(), "Policy key 'equivalents' must map a tool name to a list of rule ids.");
      return tools;
    }
    for (const Value::Entry& entry : value->entries()) {
      tools.emplace_back(entry.key, strings(entry.value, "Equivalents of '" + entry.key + "'"));
    }
    return tools;
  }

  void error(Range range, std::string message) {
    result_.errors.push_back(Diagnostic{"policy-invalid", range, std::move(message), "", ""});
  }

  const Value& root_;
  PolicyReadResult& result_;
};

}  // namespace

PolicyReadResult read_policy_file(SourcePtr source, std::string service) {
  PolicyReadResult result;
  result.policy.service = std::move(service);
  Document document = load_yaml(source);
  result.errors = document.diagnostics;
  if (!document.root) {
    if (result.errors.empty())
      result.errors.push_back(Diagnostic{"policy-invalid", {}, "Policy file is empty.", "", ""});
    return result;
  }
  if (!document.root->is_mapping()) {
    result.errors.push_back(
        Diagnostic{"policy-invalid", document.root->range(), "A policy must be a mapping.", "", ""});
    return result;
  }
  PolicyReader(*document.root, result).read();
  return result;
}

}  // namespace cfn
