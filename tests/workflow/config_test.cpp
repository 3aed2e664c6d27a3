// .cfn-scan.yaml: every key, errors with file:line:col, finding the file upward, the
// starter file, and precedence (command line over file over defaults).
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "cli/config.h"

using namespace cfn;
namespace fs = std::filesystem;

namespace {

ConfigLoad parse(const std::string& text) { return parse_config("repo/.cfn-scan.yaml", text); }

Config valid(const std::string& text) {
  ConfigLoad load = parse(text);
  INFO((load.errors.empty() ? "" : load.errors.front()));
  REQUIRE(load.errors.empty());
  return load.config;
}

const RuleMeta& rule(std::string_view id) {
  const RuleMeta* found = find_builtin_rule(id);
  REQUIRE(found);
  return *found;
}

// A fresh folder under the system temp dir, removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("cfn-scan-config-test-" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

}  // namespace

TEST_CASE("config: every key") {
  Config config = valid(
      "version: 1\n"
      "fail-on: error\n"
      "min-level: warning\n"
      "enable: [security]\n"
      "disable:\n"
      "  - s3-bucket-no-encryption\n"
      "severity:\n"
      "  tracing: error\n"
      "  lambda-function-no-tracing: note\n"
      "exclude: [cdk.out/**, .aws-sam/**]\n"
      "parameters:\n"
      "  - files: stacks/prod/**\n"
      "    values: {Environment: prod, Size: 3}\n"
      "  - values: {Owner: team}\n"
      "policies: [policies]\n"
      "foreign-suppressions: false\n"
      "baseline: baseline.json\n");
  CHECK(config.path == "repo/.cfn-scan.yaml");
  CHECK(config.fail_on == "error");
  CHECK(config.min_level == Level::Warning);
  REQUIRE(config.enable.size() == 1);
  CHECK(config.enable[0].name == "security");
  CHECK(config.enable[0].at == Position{4, 10});
  REQUIRE(config.disable.size() == 1);
  CHECK(config.disable[0].at == Position{6, 5});
  REQUIRE(config.severity.size() == 2);
  CHECK(config.severity[0].selector.name == "tracing");
  CHECK(config.severity[0].level == Level::Error);
  CHECK(config.excludes == std::vector<std::string>{"cdk.out/**", ".aws-sam/**"});
  REQUIRE(config.parameters.size() == 2);
  CHECK(config.parameters[0].files == "stacks/prod/**");
  CHECK(config.parameters[0].values ==
        std::vector<std::pair<std::string, std::string>>{{"Environment", "prod"}, {"Size", "3"}});
  CHECK(config.parameters[1].files == "**");
  CHECK(config.policies == std::vector<std::string>{"repo/policies"});  // relative to the file
  CHECK(config.foreign_suppressions == false);
  CHECK(config.baseline == "repo/baseline.json");
}

TEST_CASE("config: an empty file or a file of comments is all defaults") {
  CHECK_FALSE(valid("").fail_on);
  CHECK(valid("# nothing yet\n").enable.empty());
}

TEST_CASE("config: unknown keys and wrong values are errors with file:line:col") {
  CHECK(parse("fail-on: error\nfial-on: warning\n").errors ==
        std::vector<std::string>{
            "repo/.cfn-scan.yaml:2:1: unknown key 'fial-on' (known: version, fail-on, min-level, "
            "enable, disable, severity, exclude, parameters, policies, foreign-suppressions, baseline)"});
  CHECK(parse("fail-on: sometimes\n").errors ==
        std::vector<std::string>{"repo/.cfn-scan.yaml:1:10: 'fail-on' must be error, warning, note or never, not 'sometimes'"});
  CHECK(
      parse("min-level: critical\n").errors ==
      std::vector<std::string>{"repo/.cfn-scan.yaml:1:12: 'min-level' must be error, warning or note, not 'critical'"});
  CHECK(parse("severity:\n  tracing: critical\n").errors ==
        std::vector<std::string>{"repo/.cfn-scan.yaml:2:12: severity must be error, warning or note, not 'critical'"});
  CHECK(parse("enable: {a: b}\n").errors ==
        std::vector<std::string>{"repo/.cfn-scan.yaml:1:9: 'enable' must be a list of strings"});
  CHECK(parse("parameters:\n  - files: x\n    valuez: {}\n").errors ==
        std::vector<std::string>{
            "repo/.cfn-scan.yaml:3:5: unknown key 'valuez' in a 'parameters' item (known: files, values)"});
  CHECK(parse("foreign-suppressions: maybe\n").errors ==
        std::vector<std::string>{"repo/.cfn-scan.yaml:1:23: 'foreign-suppressions' must be true or false"});
  CHECK(parse("version: 2\n").errors ==
        std::vector<std::string>{"repo/.cfn-scan.yaml:1:10: 'version' must be 1 (the only configuration format so far)"});
  CHECK(parse("- fail-on\n").errors ==
        std::vector<std::string>{"repo/.cfn-scan.yaml:1:1: the configuration must be a mapping of settings"});
}

TEST_CASE("config: several errors are all reported, in file order") {
  ConfigLoad load = parse("colour: red\nfail-on: sometimes\njobs: 4\n");
  REQUIRE(load.errors.size() == 3);
  CHECK(load.errors[0].starts_with("repo/.cfn-scan.yaml:1:1: unknown key 'colour'"));
  CHECK(load.errors[2].starts_with("repo/.cfn-scan.yaml:3:1: unknown key 'jobs'"));
}

TEST_CASE("config: a YAML syntax error names its position") {
  ConfigLoad load = parse("fail-on: error\nenable: [security\n");
  REQUIRE_FALSE(load.errors.empty());
  CHECK(load.errors[0].starts_with("repo/.cfn-scan.yaml:"));
}

TEST_CASE("config: selectors must name a rule or a category") {
  Config config = valid("enable: [security, s3-bucket-no-encryption]\ndisable: [s3-bucket-encryption]\n"
                        "severity: {tracng: note}\n");
  CHECK(check_config_selectors(config, builtin_rules()) ==
        std::vector<std::string>{
            "repo/.cfn-scan.yaml:2:11: 's3-bucket-encryption' in 'disable' is neither a rule id nor a category "
            "(see `cfn-scan rules`)",
            "repo/.cfn-scan.yaml:3:12: 'tracng' in 'severity' is neither a rule id nor a category (see `cfn-scan rules`)"});
}

TEST_CASE("config: the starter file parses and changes nothing") {
  ConfigLoad load = parse_config(".cfn-scan.yaml", starter_config());
  INFO((load.errors.empty() ? "" : load.errors.front()));
  REQUIRE(load.errors.empty());
  EffectiveSettings with_starter{load.config, {}};
  EffectiveSettings defaults;
  CHECK(with_starter.fail_on() == defaults.fail_on());
  CHECK(with_starter.min_level() == defaults.min_level());
  CHECK(with_starter.foreign_suppressions() == defaults.foreign_suppressions());
  CHECK(with_starter.excludes().empty());
  CHECK_FALSE(with_starter.baseline());
  for (const RuleMeta& each : builtin_rules()) {
    CHECK(with_starter.rule_enabled(each));
    CHECK(with_starter.level_for(each) == each.level);
  }
}

TEST_CASE("config: found in the scanned path's folder or above it") {
  TempDir temp;
  fs::create_directories(temp.path / "repo/stacks/prod");
  std::ofstream(temp.path / "repo/stacks/prod/api.yaml") << "Resources: {}\n";
  CHECK(find_config(temp.path / "repo/stacks/prod/api.yaml") == std::nullopt);
  std::ofstream(temp.path / "repo" / kConfigFileName) << "fail-on: error\n";
  CHECK(find_config(temp.path / "repo/stacks/prod/api.yaml") == temp.path / "repo" / kConfigFileName);
  CHECK(find_config(temp.path / "repo/stacks") == temp.path / "repo" / kConfigFileName);
  CHECK(find_config(temp.path / "repo") == temp.path / "repo" / kConfigFileName);
  std::ofstream(temp.path / "repo/stacks" / kConfigFileName) << "fail-on: note\n";
  CHECK(find_config(temp.path / "repo/stacks/prod") == temp.path / "repo/stacks" / kConfigFileName);
  ConfigLoad load = load_config((temp.path / "repo/stacks" / kConfigFileName).string());
  CHECK(load.errors.empty());
  CHECK(load.config.fail_on == "note");
  CHECK(load_config((temp.path / "missing.yaml").string()).errors.size() == 1);
}

TEST_CASE("config precedence: fail-on, min-level, foreign suppressions, baseline") {
  EffectiveSettings settings;
  CHECK(settings.fail_on() == "warning");  // default
  CHECK(settings.min_level() == Level::Note);
  CHECK(settings.foreign_suppressions());
  settings.file = valid("fail-on: note\nmin-level: warning\nforeign-suppressions: false\nbaseline: b.json\n");
  CHECK(settings.fail_on() == "note");  // file over default
  CHECK(settings.min_level() == Level::Warning);
  CHECK_FALSE(settings.foreign_suppressions());
  CHECK(settings.baseline() == "repo/b.json");
  settings.cli.fail_on = "error";
  settings.cli.min_level = Level::Error;
  settings.cli.foreign_suppressions = true;
  settings.cli.baseline = "cli.json";
  CHECK(settings.fail_on() == "error");  // command line over file
  CHECK(settings.min_level() == Level::Error);
  CHECK(settings.foreign_suppressions());
  CHECK(settings.baseline() == "cli.json");
}

TEST_CASE("config precedence: which rules run") {
  const RuleMeta& s3 = rule("s3-bucket-no-encryption");
  const RuleMeta& tracing = rule("lambda-function-no-tracing");
  const RuleMeta& parse_error = rule("template-parse-error");
  EffectiveSettings settings;
  CHECK(settings.rule_enabled(s3));

  settings.file = valid("disable: [encryption-at-rest]\n");
  CHECK_FALSE(settings.rule_enabled(s3));
  CHECK(settings.rule_enabled(tracing));

  settings.file = valid("enable: [tracing]\n");
  CHECK_FALSE(settings.rule_enabled(s3));
  CHECK(settings.rule_enabled(tracing));
  CHECK(settings.rule_enabled(parse_error));  // template errors always run

  settings.cli.enable = {"s3-bucket-no-encryption"};  // the command line's list replaces the file's
  CHECK(settings.rule_enabled(s3));
  CHECK_FALSE(settings.rule_enabled(tracing));
  CHECK(settings.rule_enabled(parse_error));

  settings.file = valid("disable: [s3-bucket-no-encryption]\n");
  CHECK(settings.rule_enabled(s3));  // --enable names it: over the file's disable
  settings.cli.disable = {"encryption-at-rest"};
  CHECK_FALSE(settings.rule_enabled(s3));  // --disable wins over everything
  settings.cli = {};
  settings.cli.disable = {"template-error"};
  CHECK_FALSE(settings.rule_enabled(parse_error));  // only a disable turns template errors off
}

TEST_CASE("config precedence: severity overrides, rule id over category") {
  EffectiveSettings settings;
  const RuleMeta& tracing = rule("lambda-function-no-tracing");
  CHECK(settings.level_for(tracing) == tracing.level);
  settings.file = valid("severity:\n  lambda-function-no-tracing: note\n  tracing: error\n");
  CHECK(settings.level_for(tracing) == Level::Note);
  CHECK(settings.level_for(rule("s3-bucket-no-encryption")) == Level::Note);  // untouched
  settings.file = valid("severity: {observability: note, tracing: error}\n");
  CHECK(settings.level_for(tracing) == Level::Error);  // the last category wins

  std::vector<Finding> findings(1);
  findings[0].rule = &tracing;
  findings[0].level = tracing.level;
  apply_severity_overrides(settings, findings);
  CHECK(findings[0].level == Level::Error);
}

TEST_CASE("config precedence: parameters per template glob, then --parameter") {
  EffectiveSettings settings;
  settings.file = valid(
      "parameters:\n"
      "  - values: {Environment: dev, Owner: team}\n"
      "  - files: stacks/prod/**\n"
      "    values: {Environment: prod}\n");
  CHECK(settings.parameters_for("stacks/dev/api.yaml") ==
        std::map<std::string, std::string>{{"Environment", "dev"}, {"Owner", "team"}});
  CHECK(settings.parameters_for("infra/stacks/prod/api.yaml") ==
        std::map<std::string, std::string>{{"Environment", "prod"}, {"Owner", "team"}});
  settings.cli.parameters = {{"Environment", "test"}};
  CHECK(settings.parameters_for("stacks/prod/api.yaml").at("Environment") == "test");
}

TEST_CASE("config precedence: excludes and policies add up") {
  EffectiveSettings settings;
  settings.file = valid("exclude: [cdk.out/**]\npolicies: [own]\n");
  settings.cli.excludes = {"tests/**"};
  settings.cli.policies = {"more"};
  CHECK(settings.excludes() == std::vector<std::string>{"cdk.out/**", "tests/**"});
  CHECK(settings.policies() == std::vector<std::string>{"repo/own", "more"});
}

TEST_CASE("config: --parameter KEY=VALUE") {
  CHECK(parse_parameter_argument("Env=prod") == std::pair<std::string, std::string>{"Env", "prod"});
  CHECK(parse_parameter_argument("Url=a=b") == std::pair<std::string, std::string>{"Url", "a=b"});
  CHECK(parse_parameter_argument("Empty=") == std::pair<std::string, std::string>{"Empty", ""});
  CHECK_FALSE(parse_parameter_argument("=x"));
  CHECK_FALSE(parse_parameter_argument("novalue"));
}
