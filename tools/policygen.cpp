// cfn-scan-policygen POLICIES_DIR OUTPUT.cpp
//
// Turns the built-in policy files into constant C++ data, so that start-up costs
// nothing per rule (DESIGN.md, Speed): metadata and the predicates of declarative rules
// alike become constexpr arrays. Every file goes through read_policy_file and
// validate_policy, the reader and checks user policies go through; a bad file fails the
// build with `path:line:col: error: message`.
#include <algorithm>
#include <filesystem>
#include <iomanip>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "policy/policy_file.h"
#include "policy/rule.h"

namespace fs = std::filesystem;
using cfn::PolicyFile;

namespace {

struct Problems {
  int count = 0;
  void report(const std::string& path, cfn::Position pos, const std::string& message) {
    std::cerr << path << ':' << pos.line << ':' << pos.column << ": error: " << message << '\n';
    ++count;
  }
};

// A string_view of `text` with its length written out: the compiler then has nothing to
// count when it evaluates the constexpr tables (clang's constexpr step limit ran out
// counting the characters of 200 rules' texts).
std::string literal(std::string_view text) {
  std::string out = "std::string_view{\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7F) {
          char octal[8];
          std::snprintf(octal, sizeof octal, "\\%03o", c);
          out += octal;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\", " + std::to_string(text.size()) + "}";
}

// Emits `constexpr std::string_view NAME[] = {...};` and returns the span expression.
std::string string_array(std::ostream& out, const std::string& name,
                         const std::vector<std::string>& items) {
  if (items.empty()) return "{}";
  out << "constexpr std::string_view " << name << "[] = {";
  for (size_t i = 0; i < items.size(); ++i) out << (i ? ", " : "") << literal(items[i]);
  out << "};\n";
  return name;
}

std::string equivalents_array(std::ostream& out, const std::string& name, const PolicyFile& policy) {
  if (policy.equivalents.empty()) return "{}";
  std::vector<std::string> entries;
  for (size_t i = 0; i < policy.equivalents.size(); ++i) {
    const auto& [tool, ids] = policy.equivalents[i];
    std::string ids_name = string_array(out, name + "_" + std::to_string(i), ids);
    entries.push_back("{" + literal(tool) + ", " + ids_name + "}");
  }
  out << "constexpr RuleEquivalent " << name << "[] = {";
  for (size_t i = 0; i < entries.size(); ++i) out << (i ? ", " : "") << entries[i];
  out << "};\n";
  return name;
}

// Emits the arrays a predicate's children and strings need, then returns the predicate's
// own initializer. Children come first: a constexpr array must be defined before use.
std::string predicate_initializer(std::ostream& out, const std::string& name, const cfn::PredicateSpec& spec) {
  std::string children = "{}";
  if (!spec.children.empty()) {
    std::vector<std::string> items;
    for (size_t i = 0; i < spec.children.size(); ++i)
      items.push_back(predicate_initializer(out, name + "_" + std::to_string(i), spec.children[i]));
    children = name + "Children";
    out << "constexpr Predicate " << children << "[] = {\n";
    for (const std::string& item : items) out << "    " << item << ",\n";
    out << "};\n";
  }
  std::string texts = string_array(out, name + "Texts", spec.texts);
  std::ostringstream init;
  init << std::setprecision(17) << "{.op = static_cast<PredicateOp>(" << static_cast<int>(spec.op) << "), /* "
       << cfn::predicate_op_key(spec.op) << " */ .path = " << literal(spec.path) << ", .text = " << literal(spec.text)
       << ", .texts = " << texts << ", .number = " << spec.number << ", .expected = " << (spec.expected ? "true" : "false")
       << ", .ignore_case = " << (spec.ignore_case ? "true" : "false") << ", .children = " << children << "}";
  return init.str();
}

// `&NAME` for a predicate emitted as a constant, "nullptr" for none.
std::string predicate_constant(std::ostream& out, const std::string& name, const std::optional<cfn::PredicateSpec>& spec) {
  if (!spec) return "nullptr";
  std::string init = predicate_initializer(out, name, *spec);
  out << "constexpr Predicate " << name << " = " << init << ";\n";
  return "&" + name;
}

void emit_rule(std::ostream& arrays, std::ostream& rules, const PolicyFile& policy, size_t index) {
  std::string prefix = "k" + std::to_string(index);
  std::string tags = string_array(arrays, prefix + "Tags", policy.tags);
  std::string types = string_array(arrays, prefix + "Types", policy.resource_types);
  std::string refs = string_array(arrays, prefix + "References", policy.references);
  std::string equivalents = equivalents_array(arrays, prefix + "Equivalents", policy);
  std::string when = predicate_constant(arrays, prefix + "When", policy.when);
  std::string require = predicate_constant(arrays, prefix + "Require", policy.require);
  rules << "    {.id = " << literal(policy.id) << ",\n"
        << "     .service = " << literal(policy.service) << ",\n"
        << "     .title = " << literal(policy.title) << ",\n"
        << "     .level = Level::"
        << (policy.severity == "error" ? "Error" : policy.severity == "note" ? "Note" : "Warning")
        << ",\n"
        << "     .security_severity = " << literal(policy.security_severity) << ",\n"
        << "     .precision = " << literal(policy.precision) << ",\n"
        << "     .tags = " << tags << ",\n"
        << "     .resource_types = " << types << ",\n"
        << "     .equivalents = " << equivalents << ",\n"
        << "     .message = " << literal(policy.message) << ",\n"
        << "     .description = " << literal(policy.description) << ",\n"
        << "     .rationale = " << literal(policy.rationale) << ",\n"
        << "     .aws_default = " << literal(policy.aws_default) << ",\n"
        << "     .remediation = " << literal(policy.remediation) << ",\n"
        << "     .snippet = " << literal(policy.snippet) << ",\n"
        << "     .references = " << refs << ",\n"
        << "     .when = " << when << ",\n"
        << "     .require = " << require << "},\n";
}

std::vector<fs::path> policy_files(const fs::path& root) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: cfn-scan-policygen POLICIES_DIR OUTPUT.cpp\n";
    return 2;
  }
  Problems problems;
  std::vector<PolicyFile> policies;
  for (const fs::path& file : policy_files(argv[1])) {
    auto source = std::make_shared<cfn::SourceFile>(file.string(), read_file(file));
    cfn::PolicyReadResult result = cfn::read_policy_file(source, file.parent_path().filename().string());
    for (const cfn::Diagnostic& error : result.errors) problems.report(file.string(), error.range.begin, error.message);
    if (result.errors.empty()) {
      for (const cfn::Diagnostic& error : cfn::validate_policy(result.policy, file.stem().string(), cfn::PolicyOrigin::Builtin))
        problems.report(file.string(), error.range.begin, error.message);
    }
    policies.push_back(std::move(result.policy));
  }
  std::sort(policies.begin(), policies.end(),
            [](const PolicyFile& a, const PolicyFile& b) { return a.id < b.id; });
  for (size_t i = 1; i < policies.size(); ++i) {
    if (policies[i].id == policies[i - 1].id) problems.report(policies[i].id, {1, 1}, "duplicate rule id");
  }
  if (problems.count) return 1;

  std::ostringstream arrays, rules;
  for (size_t i = 0; i < policies.size(); ++i) emit_rule(arrays, rules, policies[i], i);
  std::ofstream out(argv[2], std::ios::binary);
  out << "// Generated by cfn-scan-policygen from policies/. Do not edit.\n"
      << "#include \"policy/rule.h\"\n\nnamespace cfn {\nnamespace {\n\n"
      << arrays.str() << "\nconstexpr RuleMeta kRules[] = {\n" << rules.str() << "};\n\n}  // namespace\n\n"
      << "std::span<const RuleMeta> builtin_rules() { return kRules; }\n\n}  // namespace cfn\n";
  return out ? 0 : 1;
}
