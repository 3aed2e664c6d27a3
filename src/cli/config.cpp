#include "cli/config.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "cli/discovery.h"
#include "model/loader.h"

namespace cfn {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kKnownKeys[] = {"version",  "fail-on", "min-level",  "enable",   "disable",
                                           "severity", "exclude", "parameters", "policies", "foreign-suppressions",
                                           "baseline"};

// Collects errors as `path:line:col: message`, the form editors turn into links.
class Reader {
 public:
  Reader(const std::string& path, ConfigLoad& load) : path_(path), load_(load) {}

  void error(Position at, const std::string& message) {
    std::ostringstream text;
    text << path_ << ':' << at.line << ':' << at.column << ": " << message;
    load_.errors.push_back(text.str());
  }

  // A non-empty string scalar, or an error naming what the key needs.
  std::optional<std::string> string(const Value& value, std::string_view what) {
    if (value.is_scalar() && !value.is_null()) return value.text();
    error(value.range().begin, std::string(what) + " must be a string");
    return std::nullopt;
  }

  // A list of strings; a single string is taken as a list of one.
  std::vector<ConfigSelector> strings(const Value& value, std::string_view key) {
    std::vector<ConfigSelector> items;
    if (value.is_scalar() && !value.is_null()) return {{value.text(), value.range().begin}};
    if (!value.is_sequence()) {
      error(value.range().begin, "'" + std::string(key) + "' must be a list of strings");
      return items;
    }
    for (const Value& item : value.items()) {
      if (auto text = string(item, "each item of '" + std::string(key) + "'"))
        items.push_back({*text, item.range().begin});
    }
    return items;
  }

  const std::string& path() const { return path_; }

 private:
  const std::string& path_;
  ConfigLoad& load_;
};

std::vector<std::string> names(const std::vector<ConfigSelector>& selectors) {
  std::vector<std::string> out;
  for (const ConfigSelector& selector : selectors) out.push_back(selector.name);
  return out;
}

// Relative folders in the file are relative to the file, so the file works from any
// working directory.
std::string relative_to_config(const std::string& config_path, const std::string& path) {
  if (path.empty() || fs::path(path).is_absolute()) return path;
  fs::path folder = fs::path(config_path).parent_path();
  return folder.empty() ? path : (folder / path).lexically_normal().generic_string();
}

std::string known_keys() {
  std::string list;
  for (std::string_view key : kKnownKeys) list += (list.empty() ? "" : ", ") + std::string(key);
  return list;
}

void read_fail_on(Reader& reader, const Value& value, Config& config) {
  auto text = reader.string(value, "'fail-on'");
  if (!text) return;
  if (*text != "never" && !parse_level(*text)) {
    reader.error(value.range().begin, "'fail-on' must be error, warning, note or never, not '" + *text + "'");
    return;
  }
  config.fail_on = *text;
}

void read_min_level(Reader& reader, const Value& value, Config& config) {
  auto text = reader.string(value, "'min-level'");
  if (!text) return;
  config.min_level = parse_level(*text);
  if (!config.min_level)
    reader.error(value.range().begin, "'min-level' must be error, warning or note, not '" + *text + "'");
}

void read_severity(Reader& reader, const Value& value, Config& config) {
  if (!value.is_mapping()) {
    reader.error(value.range().begin, "'severity' must map rule ids or categories to error, warning or note");
    return;
  }
  for (const Value::Entry& entry : value.entries()) {
    auto text = reader.string(entry.value, "the severity of '" + entry.key + "'");
    if (!text) continue;
    auto level = parse_level(*text);
    if (!level) {
      reader.error(entry.value.range().begin, "severity must be error, warning or note, not '" + *text + "'");
      continue;
    }
    config.severity.push_back({{entry.key, entry.key_range.begin}, *level});
  }
}

void read_parameter_set(Reader& reader, const Value& item, Config& config) {
  if (!item.is_mapping()) {
    reader.error(item.range().begin, "each 'parameters' item must be a mapping with 'files' and 'values'");
    return;
  }
  ParameterSet set;
  for (const Value::Entry& entry : item.entries()) {
    if (entry.key == "files") {
      if (auto glob = reader.string(entry.value, "'files'")) set.files = *glob;
    } else if (entry.key == "values" && entry.value.is_mapping()) {
      for (const Value::Entry& parameter : entry.value.entries()) {
        if (auto text = reader.string(parameter.value, "the value of parameter '" + parameter.key + "'"))
          set.values.emplace_back(parameter.key, *text);
      }
    } else if (entry.key == "values") {
      reader.error(entry.value.range().begin, "'values' must map parameter names to values");
    } else {
      reader.error(entry.key_range.begin, "unknown key '" + entry.key + "' in a 'parameters' item (known: files, values)");
    }
  }
  if (set.files.empty()) set.files = "**";  // no 'files': every template
  config.parameters.push_back(std::move(set));
}

void read_parameters(Reader& reader, const Value& value, Config& config) {
  if (!value.is_sequence()) {
    reader.error(value.range().begin, "'parameters' must be a list of {files, values}");
    return;
  }
  for (const Value& item : value.items()) read_parameter_set(reader, item, config);
}

void read_bool(Reader& reader, const Value& value, std::string_view key, std::optional<bool>& out) {
  auto flag = value.is_scalar() ? value.as_bool() : std::nullopt;
  if (!flag) {
    reader.error(value.range().begin, "'" + std::string(key) + "' must be true or false");
    return;
  }
  out = *flag;
}

void read_version(Reader& reader, const Value& value) {
  if (!value.is_scalar() || value.text() != "1")
    reader.error(value.range().begin, "'version' must be 1 (the only configuration format so far)");
}

void read_key(Reader& reader, const Value::Entry& entry, Config& config) {
  const std::string& key = entry.key;
  const Value& value = entry.value;
  if (key == "version") {
    read_version(reader, value);
  } else if (key == "fail-on") {
    read_fail_on(reader, value, config);
  } else if (key == "min-level") {
    read_min_level(reader, value, config);
  } else if (key == "enable") {
    config.enable = reader.strings(value, key);
  } else if (key == "disable") {
    config.disable = reader.strings(value, key);
  } else if (key == "severity") {
    read_severity(reader, value, config);
  } else if (key == "exclude") {
    config.excludes = names(reader.strings(value, key));
  } else if (key == "parameters") {
    read_parameters(reader, value, config);
  } else if (key == "policies") {
    for (const std::string& folder : names(reader.strings(value, key)))
      config.policies.push_back(relative_to_config(reader.path(), folder));
  } else if (key == "foreign-suppressions") {
    read_bool(reader, value, key, config.foreign_suppressions);
  } else if (key == "baseline") {
    if (auto file = reader.string(value, "'baseline'")) config.baseline = relative_to_config(reader.path(), *file);
  } else {
    reader.error(entry.key_range.begin, "unknown key '" + key + "' (known: " + known_keys() + ")");
  }
}

bool is_known_selector(std::string_view name, std::span<const RuleMeta> rules) {
  if (is_category_tag(name)) return true;
  return std::any_of(rules.begin(), rules.end(), [&](const RuleMeta& rule) { return rule.id == name; });
}

bool has_tag(const RuleMeta& rule, std::string_view tag) {
  return std::find(rule.tags.begin(), rule.tags.end(), tag) != rule.tags.end();
}

bool selects(const RuleMeta& rule, std::string_view selector) { return rule.id == selector || has_tag(rule, selector); }

template <typename List, typename NameOf>
bool any_selects(const RuleMeta& rule, const List& selectors, NameOf name_of) {
  return std::any_of(selectors.begin(), selectors.end(),
                     [&](const auto& selector) { return selects(rule, name_of(selector)); });
}

const std::string& plain(const std::string& name) { return name; }
const std::string& selector_name(const ConfigSelector& selector) { return selector.name; }

}  // namespace

ConfigLoad parse_config(const std::string& path, std::string text) {
  ConfigLoad load;
  load.config.path = path;
  Reader reader(path, load);
  Document document = load_yaml(std::make_shared<SourceFile>(path, std::move(text)));
  for (const Diagnostic& diagnostic : document.diagnostics) reader.error(diagnostic.range.begin, diagnostic.message);
  if (!load.errors.empty() || !document.root || document.root->is_null()) return load;  // empty file: defaults
  if (!document.root->is_mapping()) {
    reader.error(document.root->range().begin, "the configuration must be a mapping of settings");
    return load;
  }
  for (const Value::Entry& entry : document.root->entries()) read_key(reader, entry, load.config);
  return load;
}

ConfigLoad load_config(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in || in.bad()) {
    ConfigLoad load;
    load.errors.push_back(path + ": cannot read the configuration file");
    return load;
  }
  return parse_config(path, std::move(text).str());
}

std::vector<std::string> check_config_selectors(const Config& config, std::span<const RuleMeta> rules) {
  std::vector<std::string> errors;
  auto check = [&](const ConfigSelector& selector, std::string_view key) {
    if (is_known_selector(selector.name, rules)) return;
    std::ostringstream text;
    text << config.path << ':' << selector.at.line << ':' << selector.at.column << ": '" << selector.name
         << "' in '" << key << "' is neither a rule id nor a category (see `cfn-scan rules`)";
    errors.push_back(text.str());
  };
  for (const ConfigSelector& selector : config.enable) check(selector, "enable");
  for (const ConfigSelector& selector : config.disable) check(selector, "disable");
  for (const SeverityOverride& override : config.severity) check(override.selector, "severity");
  return errors;
}

std::optional<fs::path> find_config(const fs::path& start) {
  std::error_code error;
  fs::path folder = fs::absolute(start, error);
  if (error) return std::nullopt;
  folder = folder.lexically_normal();
  if (!fs::is_directory(folder, error)) folder = folder.parent_path();
  while (true) {
    fs::path candidate = folder / kConfigFileName;
    if (fs::is_regular_file(candidate, error)) return candidate;
    fs::path parent = folder.parent_path();
    if (parent == folder || parent.empty()) return std::nullopt;
    folder = parent;
  }
}

// ---- Merging ------------------------------------------------------------------------

std::string EffectiveSettings::fail_on() const { return cli.fail_on.value_or(file.fail_on.value_or("warning")); }

Level EffectiveSettings::min_level() const { return cli.min_level.value_or(file.min_level.value_or(Level::Note)); }

bool EffectiveSettings::foreign_suppressions() const {
  return cli.foreign_suppressions.value_or(file.foreign_suppressions.value_or(true));
}

std::optional<std::string> EffectiveSettings::baseline() const { return cli.baseline ? cli.baseline : file.baseline; }

std::vector<std::string> EffectiveSettings::excludes() const {
  std::vector<std::string> all = file.excludes;
  all.insert(all.end(), cli.excludes.begin(), cli.excludes.end());
  return all;
}

std::vector<std::string> EffectiveSettings::policies() const {
  std::vector<std::string> all = file.policies;
  all.insert(all.end(), cli.policies.begin(), cli.policies.end());
  return all;
}

bool EffectiveSettings::rule_enabled(const RuleMeta& rule) const {
  // A parse error must never be hidden by an enable list that forgot it.
  bool always = has_tag(rule, "template-error");
  if (any_selects(rule, cli.disable, plain)) return false;
  if (any_selects(rule, cli.enable, plain)) return true;
  if (!cli.enable.empty()) return always;
  if (any_selects(rule, file.disable, selector_name)) return false;
  if (!file.enable.empty()) return always || any_selects(rule, file.enable, selector_name);
  return true;
}

Level EffectiveSettings::level_for(const RuleMeta& rule) const {
  std::optional<Level> by_id, by_category;
  for (const SeverityOverride& override : file.severity) {
    if (override.selector.name == rule.id) by_id = override.level;
    else if (has_tag(rule, override.selector.name)) by_category = override.level;
  }
  return by_id.value_or(by_category.value_or(rule.level));
}

std::map<std::string, std::string> EffectiveSettings::parameters_for(std::string_view display_path) const {
  std::map<std::string, std::string> values;
  for (const ParameterSet& set : file.parameters) {
    if (!cli::is_excluded(display_path, false, {set.files})) continue;  // the same glob semantics as --exclude
    for (const auto& [name, value] : set.values) values[name] = value;
  }
  for (const auto& [name, value] : cli.parameters) values[name] = value;
  return values;
}

void apply_severity_overrides(const EffectiveSettings& settings, std::vector<Finding>& findings) {
  if (settings.file.severity.empty()) return;
  for (Finding& finding : findings) {
    if (finding.rule) finding.level = settings.level_for(*finding.rule);
  }
}

std::optional<std::pair<std::string, std::string>> parse_parameter_argument(std::string_view argument) {
  size_t equals = argument.find('=');
  if (equals == std::string_view::npos || equals == 0) return std::nullopt;
  return std::pair{std::string(argument.substr(0, equals)), std::string(argument.substr(equals + 1))};
}

std::string starter_config() {
  return R"(# cfn-scan configuration (https://github.com/cfn-scan/cfn-scan/blob/main/docs/configuration.md).
# cfn-scan reads the nearest .cfn-scan.yaml in the scanned path's folder or above it;
# `--config FILE` names another. Command-line options win over this file.
# Every value below is the default: uncomment and edit what you need.
version: 1

# Exit with status 1 when an unsuppressed finding is at or above this level:
# error, warning, note or never.
fail-on: warning

# Report only findings at or above this level (error, warning or note); those below are
# counted on stderr, and do not count for fail-on.
min-level: note

# Run only these rules or categories (template errors always run). Empty: every rule.
# Categories: encryption-at-rest, encryption-in-transit, iam-wildcard, public-access,
# least-privilege, tracing, logging, secrets, api-auth, template-error, security,
# observability.
enable: []

# Never run these rules or categories.
disable: []
#   - tracing
#   - s3-bucket-no-encryption

# Change the level of a rule or of a whole category (error, warning or note).
# A rule id wins over a category.
severity: {}
#   s3-bucket-no-encryption: warning
#   tracing: note

# Paths not to scan, as --exclude globs (* ? [..] and ** for any depth).
exclude: []
#   - .aws-sam/**
#   - cdk.out/**

# Parameter values for templates whose path matches `files` (later sets win; --parameter
# wins over all). A Ref to a parameter with no default and no value here is unknown and
# never yields a finding.
parameters: []
#   - files: stacks/prod/**
#     values:
#       Environment: prod

# Folders of your own policies, relative to this file.
policies: []

# Honour suppressions written for checkov, cfn_nag, cfn-lint, trivy and KICS in the templates.
foreign-suppressions: true

# A baseline written by `cfn-scan scan --write-baseline FILE`, relative to this file:
# only findings not in it are reported.
# baseline: .cfn-scan-baseline.json
)";
}

}  // namespace cfn
