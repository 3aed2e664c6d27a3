// Scanning one file: read, decide whether it is a template, load, analyze. Plain C++
// shared by the CLI, the fixture runner and the benchmarks.
#pragma once

#include <array>
#include <istream>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "eval/parameters.h"
#include "model/loader.h"
#include "policy/engine.h"
#include "report/report.h"

namespace cfn {

struct ScanOptions {
  LoadLimits limits;
  EvalLimits eval_limits;                    // --max-eval-steps
  RuleFilter filter;
  ParameterValues parameters;                // --parameter / --parameters
  bool foreign_suppressions = true;          // honour checkov / cfn_nag / cfn-lint / trivy / KICS suppressions
  std::string today;                         // YYYY-MM-DD, for trivy's `:exp:` dates; empty: none expired
  size_t max_file_bytes = 16 * 1024 * 1024;  // 16x CloudFormation's own 1 MB template limit
};

enum class FileOutcome {
  Template,    // scanned; report holds its findings
  NotTemplate, // YAML/JSON that is not CloudFormation (or empty): skipped and counted
  Unreadable,  // could not be read; error says why
};

struct ScannedFile {
  FileOutcome outcome = FileOutcome::NotTemplate;
  FileReport report;
  std::string error;
  // A template's parameter names, and what it cannot take of the values given (see
  // disallowed_parameter_values): for warnings about --parameter, which are no findings.
  std::vector<std::string> parameter_names;
  bool parameters_read = false;  // false when the file did not parse: its names are unknown
  std::vector<std::string> parameter_problems;
  // Findings not reported because they are below --min-level, by level (indexed by Level).
  std::array<size_t, 3> below_min_level{};
};

// display_path names the file in reports; disk_path is where to read it.
ScannedFile scan_file(const std::string& disk_path, const std::string& display_path,
                      const ScanOptions& options);

// The same for a stream (standard input, for `-`), read to its end but never much past
// the size limit: a stream has no size to ask first, and one that never ends must still
// end the scan.
ScannedFile scan_stream(std::istream& in, const std::string& display_path, const ScanOptions& options);

// The path that stands for standard input on the command line.
inline constexpr std::string_view kStdinPath = "-";
// The name reports give a template read from standard input (`-`) when nothing names it.
inline constexpr std::string_view kStdinDisplayPath = "<stdin>";
// How messages name a file given on the command line: `<stdin>` for `-`.
inline std::string name_of_input(const std::string& file) {
  return file == kStdinPath ? std::string(kStdinDisplayPath) : file;
}

// The text of the one template `expand` and `graph` read: `file`, or `in` for "-", at most
// max_file_bytes. nullopt after writing "cfn-scan COMMAND: FILE: reason" to `err` (a
// folder, too large, cannot be read).
std::optional<std::string> read_one_template(const std::string& file, std::string_view command, size_t max_file_bytes,
                                             std::istream& in, std::ostream& err);

// For `expand` and `graph`, which need a whole template: whether `document` did not parse
// (or passed a limit) or is not a CloudFormation template, after writing
// "cfn-scan COMMAND: NAME[:LINE:COLUMN]: why" to `err`. A tree the loader gave up on is
// half a template.
bool report_unusable_template(const Document& document, std::string_view command, const std::string& name,
                              std::ostream& err);

// The same for bytes already in memory (tests, fuzzing, benchmarks).
ScannedFile scan_text(std::string text, const std::string& display_path, const ScanOptions& options);

}  // namespace cfn
