#include "cli/rules_command.h"

#include <filesystem>
#include <fstream>

#include "policy/rule.h"
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

int write_rule_pages(const std::filesystem::path& dir, std::ostream& err) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    err << "cfn-scan: error: cannot create " << dir.string() << ": " << error.message() << '\n';
    return 2;
  }
  for (const RuleMeta& rule : builtin_rules()) {
    if (!write_file(dir / (std::string(rule.id) + ".md"), rule_page_markdown(rule), err)) return 2;
  }
  return write_file(dir / "README.md", rules_index_markdown(builtin_rules()), err) ? 0 : 2;
}

}  // namespace

int run_rules(const std::string& format, const std::string& output_dir, std::ostream& out,
              std::ostream& err) {
  if (!output_dir.empty()) {
    if (format != "markdown") {
      err << "cfn-scan: error: --output-dir writes markdown pages; add --format markdown\n";
      return 2;
    }
    return write_rule_pages(output_dir, err);
  }
  if (format == "json") {
    write_rules_json(builtin_rules(), out);
  } else if (format == "markdown") {
    out << rules_index_markdown(builtin_rules());
  } else {
    write_rules_text(builtin_rules(), out);
  }
  return 0;
}

int run_explain(const std::string& rule_id, std::ostream& out, std::ostream& err) {
  const RuleMeta* rule = find_builtin_rule(rule_id);
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
