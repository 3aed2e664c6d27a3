// The thin command line: CLI11 maps arguments onto the commands' plain structs.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/expand_command.h"
#include "cli/graph_command.h"
#include "cli/rules_command.h"
#include "cli/scan_command.h"

#ifndef CFN_SCAN_VERSION
#define CFN_SCAN_VERSION "0.0.0"
#endif

namespace {

// A list item as written after a comma: "a, b" names a and b.
std::string trimmed(std::string value) {
  value.erase(0, value.find_first_not_of(" \t"));
  value.erase(value.find_last_not_of(" \t") + 1);
  return value;
}

// A limit is a count of 1 or more: 0 would let nothing be read, and CLI11 converts "-3"
// to an unsigned number without complaint (its own range check prints its range as
// floating-point numbers).
const CLI::Validator kLimit(
    [](std::string& value) {
      bool digits = !value.empty() && value.find_first_not_of("0123456789") == std::string::npos;
      if (digits && value.find_first_not_of('0') != std::string::npos) return std::string();
      return "a limit is a whole number of 1 or more, not '" + value + "'";
    },
    "LIMIT");

// Repeatable options take one value per occurrence, so `--enable X file.yaml` never
// swallows the file.
void add_scan(CLI::App& app, cfn::ScanCommand& scan, std::string& fail_on) {
  CLI::App* cmd = app.add_subcommand("scan", "Scan templates for security and observability problems");
  cmd->add_option("paths", scan.paths,
                  "Files and folders to scan (default: .). Folders are searched recursively for "
                  ".yaml .yml .json .template files that are CloudFormation templates; - reads one template from "
                  "standard input");
  cmd->add_option("--stdin-filename", scan.stdin_filename,
                  "The path of the template read from - (an editor's unsaved buffer): reports name it, and the "
                  "config, --exclude, the baseline and suppressions apply to it as to that file");
  cmd->add_option("-f,--format", scan.format, "Output format")
      ->check(CLI::IsMember({"text", "sarif", "json", "junit", "github", "gitlab"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", scan.output, "Write the report to this file instead of stdout (- is stdout)");
  cmd->add_option("--fail-on", fail_on,
                  "Exit with status 1 when a finding is at or above this level "
                  "(default: the config's fail-on, else warning)")
      ->check(CLI::IsMember({"error", "warning", "note", "never"}));
  cmd->add_option("--min-level", scan.min_level,
                  "Report only findings at or above this level; those below are counted on stderr and do not count "
                  "for --fail-on (default: the config's min-level, else note: all)")
      ->check(CLI::IsMember({"error", "warning", "note"}));
  cmd->add_option("--exclude", scan.excludes,
                  "Skip paths matching this glob (* ? [..] and ** for any depth); repeatable")
      ->allow_extra_args(false);
  cmd->add_option("--enable", scan.enable,
                  "Run only these rules or categories (template errors always run); repeatable, or "
                  "comma-separated")
      ->allow_extra_args(false)
      ->delimiter(',')
      ->type_name("RULE")
      ->transform(trimmed);
  cmd->add_option("--disable", scan.disable,
                  "Do not run these rules or categories; repeatable, or comma-separated")
      ->allow_extra_args(false)
      ->delimiter(',')
      ->type_name("RULE")
      ->transform(trimmed);
  cmd->add_option("--color", scan.color, "Colour in text output")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  cmd->add_option("-j,--jobs", scan.jobs, "Files scanned in parallel (default, or 0: one per core)");
  cmd->add_option("--progress", scan.progress,
                  "Files scanned so far, on stderr: auto shows it on a terminal outside CI once a scan "
                  "takes over a second; always also writes it as lines where stderr is not a terminal")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  cmd->add_option("-p,--parameter", scan.parameters,
                  "A template parameter's value, KEY=VALUE, over its Default; repeatable "
                  "(pseudo parameters too: AWS::Region=eu-west-1)")
      ->allow_extra_args(false);
  cmd->add_option("--parameters", scan.parameters_file,
                  "A CloudFormation CLI parameters file: [{\"ParameterKey\": ..., \"ParameterValue\": ...}], "
                  "{\"Parameters\": {KEY: VALUE}} or [\"KEY=VALUE\"]");
  cmd->add_option("--policies", scan.policies,
                  "Folder of your own policy files (docs/policy-language.md); repeatable")
      ->allow_extra_args(false);
  cmd->add_option("-c,--config", scan.config,
                  "Configuration file (default: .cfn-scan.yaml found upward from the first path)");
  cmd->add_flag("--no-foreign-suppressions", scan.no_foreign_suppressions,
                "Ignore suppressions written for checkov, cfn_nag, cfn-lint, trivy and KICS");
  cmd->add_flag("--show-suppressed", scan.show_suppressed, "Text output: print suppressed findings too");
  cmd->add_option("--baseline", scan.baseline, "Report only findings that are not in this baseline file");
  cmd->add_option("--write-baseline", scan.write_baseline,
                  "Record the current findings (by rule, file and property path) in this file and exit 0");
  cmd->add_option("--max-file-size", scan.max_file_bytes,
                  "Largest file scanned, in bytes (default 16 MiB); a larger one is a template-limit-exceeded finding")
      ->check(kLimit);
  cmd->add_option("--max-depth", scan.max_depth,
                  "Deepest nesting of mappings and lists read (default 256)")
      ->check(CLI::Range(1, 4096));
  cmd->add_option("--max-nodes", scan.max_nodes, "Most values read from one file, aliases expanded (default 5,000,000)")
      ->check(kLimit);
  cmd->add_option(
         "--max-alias-values", scan.max_alias_values,
         "Most values YAML aliases may copy in one file (default: 10 times the values written, at least 10,000)")
      ->check(kLimit);
  cmd->add_option("--max-eval-steps", scan.max_eval_steps,
                  "Most evaluation steps for one resource variant or condition (default 100,000)")
      ->check(kLimit);
  cmd->add_option("--sarif-category", scan.sarif_category,
                  "SARIF automationDetails category, for several uploads per commit")
      ->capture_default_str();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"cfn-scan: a security and observability analyzer for AWS CloudFormation and SAM templates"};
  app.set_version_flag("--version", CFN_SCAN_VERSION);
  app.require_subcommand(1);

  cfn::ScanCommand scan;
  std::string fail_on;
  add_scan(app, scan, fail_on);

  std::string init_folder = ".";
  CLI::App* init = app.add_subcommand("init", "Write a commented starter .cfn-scan.yaml");
  init->add_option("folder", init_folder, "Where to write it")->capture_default_str();

  std::string rules_format = "text", rules_dir;
  CLI::App* rules = app.add_subcommand("rules", "List every rule");
  rules->add_option("-f,--format", rules_format, "Output format")
      ->check(CLI::IsMember({"text", "json", "markdown"}))
      ->capture_default_str();
  std::vector<std::string> rule_policies;
  rules->add_option("--policies", rule_policies, "List the rules of these policy folders too; repeatable")
      ->allow_extra_args(false);
  rules->add_option("--output-dir", rules_dir,
                    "With --format markdown: write one page per rule and an index here");

  std::string explain_id;
  CLI::App* explain = app.add_subcommand("explain", "Explain one rule: what, why, how to fix");
  explain->add_option("rule", explain_id, "Rule id")->required();
  explain->add_option("--policies", rule_policies, "Look the rule up in these policy folders too; repeatable")
      ->allow_extra_args(false);

  std::string expand_file;
  std::vector<std::string> expand_parameters;
  CLI::App* expand = app.add_subcommand(
      "expand", "Print what the checks see, as JSON: SAM expanded, Globals merged");
  expand->add_option("file", expand_file, "Template (- reads it from standard input)")->required();
  expand->add_option("-p,--parameter", expand_parameters,
                     "A template parameter's value, KEY=VALUE, as for scan: where SAM or Fn::ForEach "
                     "resolve a parameter themselves; repeatable")
      ->allow_extra_args(false);

  std::string graph_file, graph_format = "dot";
  CLI::App* graph = app.add_subcommand("graph", "Draw the resource graph; resources with findings in red");
  graph->add_option("file", graph_file, "Template (- reads it from standard input)")->required();
  graph->add_option("-f,--format", graph_format, "Output format")
      ->check(CLI::IsMember({"dot", "mermaid", "json"}))
      ->capture_default_str();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int status = app.exit(error);
    return status == 0 ? 0 : 2;
  }
  try {
    if (!fail_on.empty()) scan.fail_on = fail_on;
    if (app.got_subcommand("scan")) return cfn::run_scan(scan, std::cin, std::cout, std::cerr);
    if (app.got_subcommand("init")) return cfn::run_init(init_folder, std::cout, std::cerr);
    if (app.got_subcommand("rules")) return cfn::run_rules(rules_format, rules_dir, rule_policies, std::cout, std::cerr);
    if (app.got_subcommand("expand"))
      return cfn::run_expand(expand_file, expand_parameters, std::cin, std::cout, std::cerr);
    if (app.got_subcommand("graph")) return cfn::run_graph(graph_file, graph_format, std::cin, std::cout, std::cerr);
    return cfn::run_explain(explain_id, rule_policies, std::cout, std::cerr);
  } catch (const std::exception& error) {
    std::cerr << "cfn-scan: internal error: " << error.what() << '\n';
    return 2;
  }
}
