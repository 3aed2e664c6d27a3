#include "policy/user_policies.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace cfn {

namespace fs = std::filesystem;

const RuleMeta* UserPolicies::find(std::string_view id) const {
  auto it = std::find_if(rules_.begin(), rules_.end(), [&](const RuleMeta& rule) { return rule.id == id; });
  return it != rules_.end() ? &*it : nullptr;
}

bool UserPolicies::add(const PolicyFile& policy) {
  if (find(policy.id) || find_builtin_rule(policy.id)) return false;
  std::vector<RuleEquivalent>& equivalents = equivalents_.emplace_back();
  for (const auto& [tool, ids] : policy.equivalents) equivalents.push_back({keep(tool), predicates_.keep(ids)});
  RuleMeta rule;
  rule.id = keep(policy.id);
  rule.service = keep(policy.service);
  rule.title = keep(policy.title);
  rule.level = parse_level(policy.severity).value_or(Level::Warning);
  rule.security_severity = keep(policy.security_severity);
  rule.precision = keep(policy.precision);
  rule.tags = predicates_.keep(policy.tags);
  rule.resource_types = predicates_.keep(policy.resource_types);
  rule.equivalents = equivalents;
  rule.message = keep(policy.message);
  rule.description = keep(policy.description);
  rule.rationale = keep(policy.rationale);
  rule.aws_default = keep(policy.aws_default);
  rule.remediation = keep(policy.remediation);
  rule.snippet = keep(policy.snippet);
  rule.references = predicates_.keep(policy.references);
  rule.when = policy.when ? predicates_.freeze(*policy.when) : nullptr;
  rule.require = policy.require ? predicates_.freeze(*policy.require) : nullptr;
  rules_.push_back(rule);
  return true;
}

void UserPolicies::sort() {
  std::sort(rules_.begin(), rules_.end(), [](const RuleMeta& a, const RuleMeta& b) { return a.id < b.id; });
}

namespace {

// The source line and a caret under the column, as template parse errors show them.
std::string caret_excerpt(const SourceFile& source, Position at) {
  std::string_view line = source.line(at.line);
  std::string caret;
  uint32_t column = 1;
  for (size_t i = 0; i < line.size() && column < at.column; ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0) == 0x80) continue;  // a UTF-8 continuation byte: same column
    caret += c == '\t' ? '\t' : ' ';
    ++column;
  }
  return "  " + std::string(line) + "\n  " + caret + "^";
}

std::string located_error(const SourceFile& source, Position at, const std::string& message) {
  if (!at.known()) at = {1, 1};
  std::ostringstream text;
  text << source.path() << ':' << at.line << ':' << at.column << ": error: " << message << '\n'
       << caret_excerpt(source, at);
  return text.str();
}

std::vector<fs::path> policy_files(const fs::path& folder, std::vector<std::string>& errors) {
  std::vector<fs::path> files;
  std::error_code error;
  if (!fs::is_directory(folder, error)) {
    errors.push_back(folder.string() + ": error: not a folder of policies");
    return files;
  }
  for (auto it = fs::recursive_directory_iterator(folder, error); !error && it != fs::recursive_directory_iterator();
       it.increment(error)) {
    auto extension = it->path().extension();
    if (it->is_regular_file(error) && (extension == ".yaml" || extension == ".yml")) files.push_back(it->path());
  }
  if (error) errors.push_back(folder.string() + ": error: " + error.message());
  std::sort(files.begin(), files.end());
  return files;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void load_file(const fs::path& file, UserPolicies& policies, std::vector<std::string>& errors) {
  auto source = std::make_shared<SourceFile>(file.string(), read_text(file));
  PolicyReadResult result = read_policy_file(source, file.parent_path().filename().string());
  if (result.errors.empty()) result.errors = validate_policy(result.policy, file.stem().string(), PolicyOrigin::User);
  for (const Diagnostic& error : result.errors) errors.push_back(located_error(*source, error.range.begin, error.message));
  if (!result.errors.empty() || policies.add(result.policy)) return;
  auto id = result.policy.key_ranges.find("id");
  std::string owner = find_builtin_rule(result.policy.id) ? "a built-in rule" : "another user policy";
  errors.push_back(located_error(*source, id != result.policy.key_ranges.end() ? id->second.begin : Position{},
                                 "The rule id '" + result.policy.id + "' is already used by " + owner +
                                     "; choose another."));
}

}  // namespace

UserPolicyLoad load_user_policies(const std::vector<std::string>& folders) {
  UserPolicyLoad load;
  load.policies = std::make_unique<UserPolicies>();
  // A folder named twice (in the config's `policies:` and again with --policies, or inside
  // another one named) is read once: its rules are the same rules, not ids used twice.
  std::set<fs::path> read;
  for (const std::string& folder : folders) {
    for (const fs::path& file : policy_files(folder, load.errors)) {
      std::error_code error;
      fs::path canonical = fs::weakly_canonical(file, error);
      if (read.insert(error ? file : canonical).second) load_file(file, *load.policies, load.errors);
    }
  }
  load.policies->sort();
  return load;
}

}  // namespace cfn
