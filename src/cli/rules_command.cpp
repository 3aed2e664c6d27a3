#include "cli/rules_command.h"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <fstream>

#include "policy/rule.h"
#include "policy/user_policies.h"
#include "report/rule_docs.h"

namespace cfn {

namespace {

bool write_file(const std::filesystem::path& path, const std::string& text, std::ostream& err) {
  std::ofstream file(path, std::ios::binary);
  file << text;
  if (file) return true;
  err << "cfn-scan: error: cannot write " << path.string() << '\n';
  return false;
}

int write_rule_pages(const std::filesystem::path& dir, std::span<const RuleMeta> rules, std::ostream& err) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    err << "cfn-scan: error: cannot create " << dir.string() << ": " << error.message() << '\n';
    return 2;
  }
  for (const RuleMeta& rule : rules) {
    if (!write_file(dir / (std::string(rule.id) + ".md"), rule_page_markdown(rule), err)) return 2;
  }
  return write_file(dir / "README.md", rules_index_markdown(rules), err) ? 0 : 2;
}

// The built-in rules followed by the user policies of `folders`, sorted by id; nullopt
// after printing the errors of a policy file that is not valid.
std::optional<std::vector<RuleMeta>> catalog(const std::vector<std::string>& folders, UserPolicyLoad& load,
                                             std::ostream& err) {
  std::vector<RuleMeta> rules(builtin_rules().begin(), builtin_rules().end());
  if (folders.empty()) return rules;
  load = load_user_policies(folders);
  for (const std::string& error : load.errors) err << error << '\n';
  if (!load.errors.empty()) return std::nullopt;
  rules.insert(rules.end(), load.policies->rules().begin(), load.policies->rules().end());
  std::sort(rules.begin(), rules.end(), [](const RuleMeta& a, const RuleMeta& b) { return a.id < b.id; });
  return rules;
}

}  // namespace

int run_rules(const std::string& format, const std::string& output_dir, const std::vector<std::string>& policies,
              std::ostream& out, std::ostream& err) {
  UserPolicyLoad user;
  auto rules = catalog(policies, user, err);
  if (!rules) return 2;
  if (!output_dir.empty()) {
    if (format != "markdown") {
      err << "cfn-scan: error: --output-dir writes markdown pages; add --format markdown\n";
      return 2;
    }
    return write_rule_pages(output_dir, *rules, err);
  }
  if (format == "json") {
    write_rules_json(*rules, out);
  } else if (format == "markdown") {
    out << rules_index_markdown(*rules);
  } else {
    write_rules_text(*rules, out);
  }
  return 0;
}

int run_explain(const std::string& rule_id, const std::vector<std::string>& policies, std::ostream& out,
                std::ostream& err) {
  UserPolicyLoad user;
  auto rules = catalog(policies, user, err);
  if (!rules) return 2;
  auto found = std::find_if(rules->begin(), rules->end(), [&](const RuleMeta& rule) { return rule.id == rule_id; });
  const RuleMeta* rule = found != rules->end() ? &*found : nullptr;
  if (!rule) {
    err << "cfn-scan: error: no rule '" << rule_id << "' (see `cfn-scan rules`)\n";
    return 2;
  }
  out << rule->id << " (" << level_name(rule->level) << ", security-severity "
      << rule->security_severity << ")\n"
      << rule->title << "\n\nTags: " << joined(rule->tags, ", ") << '\n';
  if (!rule->equivalents.empty()) out << "Equivalents: " << equivalents_line(*rule) << '\n';
  out << '\n' << rule_help_text(*rule);
  return 0;
}

}  // namespace cfn
