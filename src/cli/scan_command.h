// `cfn-scan scan` and `cfn-scan init`: the options as plain data and the commands
// themselves (main.cpp only maps CLI11 onto this, so tests and benchmarks can call them).
#pragma once

#include <istream>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace cfn {

struct ScanCommand {
  std::vector<std::string> paths;       // files and folders, "-" for standard input; "." when empty
  std::string stdin_filename;           // names the template read from "-" in reports
  std::string format = "text";          // text | sarif | json | junit | github | gitlab
  std::string output;                   // file to write; stdout when empty
  std::optional<std::string> fail_on;   // error | warning | note | never; config, then "warning"
  std::string min_level;                // error | warning | note; empty: config, then "note"
  std::string color = "auto";           // auto | always | never
  std::vector<std::string> excludes;    // globs, after the config file's
  std::vector<std::string> enable;      // rule ids or categories; empty: every rule
  std::vector<std::string> disable;     // rule ids or categories
  unsigned jobs = 0;                    // 0: one per core
  std::string progress = "auto";        // auto | always | never (cli/progress.h)
  std::string sarif_category = "cfn-scan";
  std::vector<std::string> parameters;  // KEY=VALUE, over the templates' defaults and the config's
  std::string parameters_file;          // CloudFormation CLI JSON parameters file
  std::string config;                   // .cfn-scan.yaml; found upward from the first path when empty
  std::vector<std::string> policies;    // folders of user policies, after the config file's
  bool no_foreign_suppressions = false; // ignore checkov / cfn_nag / cfn-lint / trivy / KICS suppressions
  bool show_suppressed = false;         // text: print suppressed findings too
  std::string baseline;                 // report only findings not in this baseline
  std::string write_baseline;           // record current findings here and exit 0
  size_t max_file_bytes = 0;            // limits (docs/limits.md); 0 keeps the default
  size_t max_depth = 0;
  size_t max_nodes = 0;
  size_t max_alias_values = 0;
  size_t max_eval_steps = 0;
};

// Exit status as DESIGN.md: 0 clean, 1 findings at or above fail_on, 2 usage error,
// unreadable path or internal failure. `in` is read for the path "-".
int run_scan(const ScanCommand& command, std::istream& in, std::ostream& out, std::ostream& err);

// Writes a commented starter .cfn-scan.yaml into `folder`; refuses to overwrite one.
int run_init(const std::string& folder, std::ostream& out, std::ostream& err);

}  // namespace cfn
