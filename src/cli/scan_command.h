// `cfn-scan scan`: the options as plain data and the command itself (main.cpp only
// maps CLI11 onto this, so tests and benchmarks can call it directly).
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace cfn {

struct ScanCommand {
  std::vector<std::string> paths;       // files and folders; "." when empty
  std::string format = "text";          // text | sarif | json
  std::string output;                   // file to write; stdout when empty
  std::string fail_on = "warning";      // error | warning | note | never
  std::string color = "auto";           // auto | always | never
  std::vector<std::string> excludes;    // globs
  std::vector<std::string> enable;      // rule ids or categories; empty: every rule
  std::vector<std::string> disable;     // rule ids or categories
  unsigned jobs = 0;                    // 0: one per core
  std::string sarif_category = "cfn-scan";
  std::vector<std::string> parameters;  // KEY=VALUE, over the templates' defaults
  std::string parameters_file;          // CloudFormation CLI JSON parameters file
};

// Exit status as DESIGN.md: 0 clean, 1 findings at or above fail_on, 2 usage error,
// unreadable path or internal failure.
int run_scan(const ScanCommand& command, std::ostream& out, std::ostream& err);

}  // namespace cfn
