#include "policy/policy_file.h"

#include <algorithm>
#include <array>
#include <set>

#include "model/loader.h"
#include "policy/pattern.h"
#include "policy/rule.h"

namespace cfn {

namespace {

// Every key a policy file may hold; anything else is a typo worth an error.
constexpr std::array<std::string_view, 18> kKnownKeys = {
    "id",      "title",       "severity",    "security-severity", "precision",   "tags",
    "resource-types", "equivalents", "message", "description", "rationale", "aws-default",
    "remediation", "snippet", "references", "check", "when", "require"};

constexpr std::array<std::string_view, 6> kRequiredText = {"id", "title", "severity", "message",
                                                           "description", "remediation"};


// The operation keys of a predicate, each with the shape its argument takes.
enum class Argument : uint8_t { Predicates, Predicate, Boolean, Text, Texts, TextOrTexts, Number };

struct OpSyntax {
  PredicateOp op;
  Argument argument;
  bool takes_path;
};

constexpr OpSyntax kOps[] = {
    {PredicateOp::All, Argument::Predicates, false},   {PredicateOp::Any, Argument::Predicates, false},
    {PredicateOp::Not, Argument::Predicate, false},    {PredicateOp::Exists, Argument::Boolean, true},
    {PredicateOp::Truthy, Argument::Boolean, true},    {PredicateOp::Equals, Argument::Text, true},
    {PredicateOp::In, Argument::Texts, true},          {PredicateOp::Matches, Argument::Text, true},
    {PredicateOp::GreaterThan, Argument::Number, true}, {PredicateOp::LessThan, Argument::Number, true},
    {PredicateOp::Empty, Argument::Boolean, true},     {PredicateOp::Every, Argument::Predicate, true},
    {PredicateOp::Some, Argument::Predicate, true},    {PredicateOp::Target, Argument::Predicate, true},
    {PredicateOp::ReferencedBy, Argument::Text, true}, {PredicateOp::ResourceType, Argument::TextOrTexts, false},
    {PredicateOp::Native, Argument::Text, true},
};

const OpSyntax* find_op(std::string_view key) {
  for (const OpSyntax& syntax : kOps) {
    if (predicate_op_key(syntax.op) == key) return &syntax;
  }
  return nullptr;
}

std::string op_list() {
  std::string list;
  for (const OpSyntax& syntax : kOps) list += (list.empty() ? "" : ", ") + std::string(predicate_op_key(syntax.op));
  return list;
}

// Reads one predicate mapping (docs/policy-language.md) into a PredicateSpec; every
// mistake is an error at the key or value that holds it.
class PredicateParser {
 public:
  explicit PredicateParser(std::vector<Diagnostic>& errors) : errors_(errors) {}

  std::optional<PredicateSpec> parse(const Value& value) {
    if (!value.is_mapping())
      return fail(value.range(), "A predicate must be a mapping with one test (" + op_list() + ").");
    const Value::Entry* op_entry = nullptr;
    for (const Value::Entry& entry : value.entries()) {
      if (entry.key == "path" || entry.key == "ignore-case" || entry.key == "where") continue;
      if (!find_op(entry.key))
        return fail(entry.key_range, "Unknown predicate key '" + entry.key + "'; a test is one of " + op_list() + ".");
      if (op_entry)
        return fail(entry.key_range, "A predicate holds one test; '" + op_entry->key + "' and '" + entry.key +
                                         "' are two (combine them with all or any).");
      op_entry = &entry;
    }
    if (!op_entry) return fail(value.range(), "A predicate needs a test: one of " + op_list() + ".");
    const OpSyntax& syntax = *find_op(op_entry->key);
    PredicateSpec spec;
    spec.op = syntax.op;
    spec.range = value.range();
    if (!read_argument(syntax, *op_entry, spec)) return std::nullopt;
    if (!read_modifiers(value, syntax, spec)) return std::nullopt;
    return spec;
  }

 private:
  std::nullopt_t fail(Range range, std::string message) {
    errors_.push_back(Diagnostic{"policy-invalid", range, std::move(message), "", ""});
    return std::nullopt;
  }

  bool reject(Range range, std::string message) {
    fail(range, std::move(message));
    return false;
  }

  bool read_argument(const OpSyntax& syntax, const Value::Entry& entry, PredicateSpec& spec) {
    const Value& argument = entry.value;
    const std::string what = "'" + entry.key + "'";
    switch (syntax.argument) {
      case Argument::Predicates:
        if (!argument.is_sequence() || argument.items().empty())
          return reject(argument.range(), what + " must be a list of predicates.");
        for (const Value& item : argument.items()) {
          auto child = parse(item);
          if (!child) return false;
          spec.children.push_back(std::move(*child));
        }
        return true;
      case Argument::Predicate: {
        auto child = parse(argument);
        if (!child) return false;
        spec.children.push_back(std::move(*child));
        return true;
      }
      case Argument::Boolean: {
        auto flag = argument.is_scalar() ? argument.as_bool() : std::nullopt;
        if (!flag) return reject(argument.range(), what + " must be true or false.");
        spec.expected = *flag;
        return true;
      }
      case Argument::Number: {
        auto number = argument.is_scalar() ? argument.as_number() : std::nullopt;
        if (!number) return reject(argument.range(), what + " must be a number.");
        spec.number = *number;
        return true;
      }
      case Argument::Text:
        if (!argument.is_scalar() || argument.is_null()) return reject(argument.range(), what + " must be a string.");
        spec.text = argument.text();
        return check_text(syntax.op, argument.range(), spec.text);
      case Argument::TextOrTexts:
        if (argument.is_scalar() && !argument.is_null()) {
          spec.texts.push_back(argument.text());
          return true;
        }
        [[fallthrough]];
      case Argument::Texts:
        if (!argument.is_sequence() || argument.items().empty())
          return reject(argument.range(), what + " must be a list of strings.");
        for (const Value& item : argument.items()) {
          if (!item.is_scalar() || item.is_null()) return reject(item.range(), what + " must be a list of strings.");
          spec.texts.push_back(item.text());
        }
        return true;
    }
    return false;
  }

  bool check_text(PredicateOp op, Range range, const std::string& text) {
    if (op == PredicateOp::Matches) {
      try {
        Pattern pattern(text, Pattern::ECMAScript);
      } catch (const std::regex_error& error) {
        return reject(range, "'" + text + "' is not a valid regular expression (ECMAScript): " + error.what() + ".");
      }
    }
    if (op == PredicateOp::Native) {
      auto names = native_predicate_names();
      if (std::find(names.begin(), names.end(), text) == names.end()) {
        std::string known;
        for (std::string_view name : names) known += (known.empty() ? "" : ", ") + std::string(name);
        return reject(range, "There is no native predicate '" + text + "'; the known ones are " + known + ".");
      }
    }
    return true;
  }

  bool read_modifiers(const Value& value, const OpSyntax& syntax, PredicateSpec& spec) {
    if (const Value::Entry* path = value.find_entry("path")) {
      if (!syntax.takes_path)
        return reject(path->key_range, "'" + std::string(predicate_op_key(syntax.op)) + "' takes no path.");
      if (!path->value.is_scalar() || path->value.is_null() || !valid_predicate_path(path->value.text()))
        return reject(path->value.range(),
                      "'path' must be property names joined by dots (DistributionConfig.Logging.Bucket), "
                      "a name holding a dot in double quotes (Parameters.\"rds.force_ssl\").");
      spec.path = path->value.text();
    }
    if (const Value::Entry* ignore = value.find_entry("ignore-case")) {
      bool text_test = spec.op == PredicateOp::Equals || spec.op == PredicateOp::In || spec.op == PredicateOp::Matches;
      if (!text_test) return reject(ignore->key_range, "'ignore-case' goes with equals, in or matches only.");
      auto flag = ignore->value.as_bool();
      if (!flag) return reject(ignore->value.range(), "'ignore-case' must be true or false.");
      spec.ignore_case = *flag;
    }
    if (const Value::Entry* where = value.find_entry("where")) {
      if (spec.op != PredicateOp::ReferencedBy) return reject(where->key_range, "'where' goes with referenced-by only.");
      auto child = parse(where->value);
      if (!child) return false;
      spec.children.push_back(std::move(*child));
    }
    return true;
  }

  std::vector<Diagnostic>& errors_;
};

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
    policy.when = predicate_at("when");
    policy.require = predicate_at("require");
    for (const Value::Entry& entry : root_.entries()) policy.key_ranges.emplace(entry.key, entry.key_range);
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

  std::optional<PredicateSpec> predicate_at(std::string_view key) {
    const Value* value = root_.find(key);
    if (!value) return std::nullopt;
    return PredicateParser(result_.errors).parse(*value);
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

namespace {

constexpr std::string_view kTools[] = {"checkov", "cfn_nag", "kics", "trivy", "control-tower", "cfn-lint"};
constexpr std::string_view kPrecisions[] = {"very-high", "high", "medium", "low"};
constexpr std::string_view kLevels[] = {"error", "warning", "note"};

template <typename List>
bool contains(const List& list, std::string_view item) {
  return std::find(std::begin(list), std::end(list), item) != std::end(list);
}

bool valid_security_severity(const std::string& text) {
  try {
    size_t used = 0;
    double score = std::stod(text, &used);
    return used == text.size() && score >= 0.1 && score <= 10.0;
  } catch (const std::exception&) {
    return false;
  }
}

class PolicyValidator {
 public:
  PolicyValidator(const PolicyFile& policy, std::vector<Diagnostic>& errors) : policy_(policy), errors_(errors) {}

  void fields(std::string_view file_stem, PolicyOrigin origin) {
    if (policy_.id != file_stem)
      fail("id", "The id '" + policy_.id + "' must equal the file name '" + std::string(file_stem) + "'.");
    if (origin == PolicyOrigin::Builtin && policy_.id.rfind(policy_.service + "-", 0) != 0)
      fail("id", "The id '" + policy_.id + "' must start with its folder name '" + policy_.service + "-'.");
    if (!contains(kLevels, policy_.severity)) fail("severity", "'severity' must be error, warning or note.");
    if (!valid_security_severity(policy_.security_severity))
      fail("security-severity", "'security-severity' must be a number from 0.1 to 10.0, written as a string.");
    if (!contains(kPrecisions, policy_.precision)) fail("precision", "'precision' must be very-high, high, medium or low.");
    if (policy_.tags.empty()) fail("tags", "'tags' must name at least one category.");
    for (const std::string& tag : policy_.tags) {
      if (!is_category_tag(tag)) fail("tags", "The tag '" + tag + "' is not in the category vocabulary.");
    }
    for (const auto& [tool, ids] : policy_.equivalents) {
      if (!contains(kTools, tool)) fail("equivalents", "'equivalents' name an unknown tool '" + tool + "'.");
      if (ids.empty()) fail("equivalents", "The equivalents of '" + tool + "' list no rule id.");
    }
  }

  void check(PolicyOrigin origin) {
    bool declarative = policy_.key_ranges.count("require") > 0;
    if (origin == PolicyOrigin::User && policy_.key_ranges.count("check")) {
      fail("check", "A user policy is declarative: remove 'check' and write the rule as 'require'.");
      return;
    }
    if (!policy_.check.empty() && policy_.check != "native" && policy_.check != "loader")
      fail("check", "'check' must be 'native' or 'loader'; a declarative policy has 'require' instead.");
    if (!policy_.check.empty() && declarative) fail("check", "A policy has either 'check' or 'require', not both.");
    if (policy_.check.empty() && !declarative)
      fail("require", "The policy needs 'require': the predicate each resource must satisfy.");
    if (policy_.key_ranges.count("when") && !declarative) fail("when", "'when' goes with 'require' only.");
    if (declarative && policy_.resource_types.empty())
      fail("resource-types", "A declarative policy must list its 'resource-types'.");
    if (declarative && policy_.message.find("{resource}") == std::string::npos)
      fail("message", "The message must name the resource: write {resource} where its logical id goes.");
  }

 private:
  void fail(std::string_view key, std::string message) {
    auto at = policy_.key_ranges.find(key);
    Range range = at != policy_.key_ranges.end() ? at->second : Range{{1, 1}, {1, 1}};
    errors_.push_back(Diagnostic{"policy-invalid", range, std::move(message), "", ""});
  }

  const PolicyFile& policy_;
  std::vector<Diagnostic>& errors_;
};

}  // namespace

std::vector<Diagnostic> validate_policy(const PolicyFile& policy, std::string_view file_stem, PolicyOrigin origin) {
  std::vector<Diagnostic> errors;
  PolicyValidator validator(policy, errors);
  validator.fields(file_stem, origin);
  validator.check(origin);
  return errors;
}

}  // namespace cfn
