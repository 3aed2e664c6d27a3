// The configuration file, .cfn-scan.yaml: reading it, finding it, the starter file
// `cfn-scan init` writes, and merging it with the command line (CLI over file over
// defaults). docs/configuration.md describes every key.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/source.h"
#include "policy/finding.h"
#include "policy/rule.h"

namespace cfn {

inline constexpr std::string_view kConfigFileName = ".cfn-scan.yaml";

// A rule id or category as written in the file, with its position for error messages.
struct ConfigSelector {
  std::string name;
  Position at;
};

struct SeverityOverride {
  ConfigSelector selector;  // rule id or category
  Level level = Level::Warning;
};

// `parameters:` entry: values for the templates whose display path matches `files`
// (a glob with --exclude's semantics: tried against the whole path and every suffix
// starting at a path component).
struct ParameterSet {
  std::string files;
  std::vector<std::pair<std::string, std::string>> values;  // in file order
};

struct Config {
  std::string path;                          // where it was read from; "" for none
  std::optional<std::string> fail_on;        // error | warning | note | never
  std::optional<Level> min_level;            // findings below it are not reported
  std::vector<ConfigSelector> enable;        // run only these (template errors always run)
  std::vector<ConfigSelector> disable;
  std::vector<SeverityOverride> severity;    // in file order
  std::vector<std::string> excludes;         // globs, as --exclude
  std::vector<ParameterSet> parameters;
  std::vector<std::string> policies;         // folders, made relative to the working directory's view:
                                             // joined onto the config file's folder
  std::optional<bool> foreign_suppressions;  // honour checkov / cfn_nag / cfn-lint / trivy / KICS suppressions
  std::optional<std::string> baseline;       // joined onto the config file's folder
};

struct ConfigLoad {
  Config config;
  std::vector<std::string> errors;  // "path:line:col: message", in file order; empty when valid
};

// Parses the text of a configuration file; `path` names it in errors and anchors the
// relative folders (policies, baseline) it holds. Unknown keys are errors.
ConfigLoad parse_config(const std::string& path, std::string text);
// Reads and parses a file; an unreadable file is one error.
ConfigLoad load_config(const std::string& path);

// Errors for selectors that name neither a rule of `rules` nor a category. Kept apart
// from parsing because user policies (named in the file itself) add rules.
std::vector<std::string> check_config_selectors(const Config& config, std::span<const RuleMeta> rules);

// The nearest .cfn-scan.yaml in `start` (a file's folder when it is a file) or any folder
// above it, up to the file-system root; nullopt when there is none.
std::optional<std::filesystem::path> find_config(const std::filesystem::path& start);

// A commented starter file for `cfn-scan init`; every setting shown is the default, so
// writing it changes nothing until the user edits it.
std::string starter_config();

// What the command line said. Empty lists and nullopt mean "not given".
struct CommandLineSettings {
  std::optional<std::string> fail_on;
  std::optional<Level> min_level;
  std::vector<std::string> enable;
  std::vector<std::string> disable;
  std::vector<std::string> excludes;
  std::vector<std::string> policies;
  std::vector<std::pair<std::string, std::string>> parameters;  // --parameter KEY=VALUE
  std::optional<bool> foreign_suppressions;                     // false: --no-foreign-suppressions
  std::optional<std::string> baseline;
};

// Defaults, then the file, then the command line.
struct EffectiveSettings {
  Config file;
  CommandLineSettings cli;

  std::string fail_on() const;                 // default "warning"
  Level min_level() const;                     // default note: every finding is reported
  bool foreign_suppressions() const;           // default true
  std::optional<std::string> baseline() const;
  std::vector<std::string> excludes() const;   // the file's, then the command line's
  std::vector<std::string> policies() const;   // the file's, then the command line's
  // Whether a rule runs. First match decides: --disable names it (off); --enable names it
  // (on); --enable given (off); file `disable` names it (off); file `enable` given and not
  // naming it (off); otherwise on. Template errors stay on unless a disable names them.
  bool rule_enabled(const RuleMeta& rule) const;
  // The rule's level after `severity:` overrides; a rule id beats a category, and among
  // categories the last one written wins.
  Level level_for(const RuleMeta& rule) const;
  // Parameter values for one template: matching `parameters:` sets in file order (later
  // wins), then --parameter.
  std::map<std::string, std::string> parameters_for(std::string_view display_path) const;
};

// Sets each finding's level to level_for(its rule).
void apply_severity_overrides(const EffectiveSettings& settings, std::vector<Finding>& findings);

// "KEY=VALUE" -> {KEY, VALUE}; nullopt without '=' or with an empty key.
std::optional<std::pair<std::string, std::string>> parse_parameter_argument(std::string_view argument);

}  // namespace cfn
