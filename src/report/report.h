// What a scan produced, as every reporter reads it, and the reporters themselves.
#pragma once

#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "model/source.h"
#include "policy/finding.h"

namespace cfn {

// One scanned file. Only templates (and files that failed to parse but look like
// templates) are here; skipped files are only counted.
struct FileReport {
  SourcePtr source;               // path() is relative to the working directory, '/'-separated
  std::vector<Finding> findings;  // sorted with finding_less
  std::vector<UncheckedResource> unchecked;  // off with the parameters' Defaults, in template order
};

struct ScanReport {
  std::vector<FileReport> files;       // sorted by path
  std::span<const RuleMeta> rules;     // every enabled rule (SARIF's rules[]), sorted by id
  size_t skipped_files = 0;            // YAML/JSON files that are not templates
  std::string sarif_category = "cfn-scan";  // SARIF automationDetails.id is "<category>/"

  // Resources no rule checked, in every file (FileReport::unchecked).
  size_t unchecked_resources() const {
    size_t count = 0;
    for (const FileReport& file : files) count += file.unchecked.size();
    return count;
  }
};

struct TextOptions {
  bool color = false;             // ANSI colour; the CLI decides (terminal, NO_COLOR)
  bool show_source = true;        // the source line and a caret under each finding
  bool show_suppressed = false;   // print suppressed findings too, marked as such
};

void write_text(const ScanReport& report, const TextOptions& options, std::ostream& out);
void write_sarif(const ScanReport& report, std::ostream& out);
void write_json(const ScanReport& report, std::ostream& out);

// "1 error", "2 warnings", "0 notes": a count and its noun, in the plural unless it is one.
std::string quantity(size_t n, std::string_view noun);

// The version reporters print (CMake's project version).
std::string_view cfn_scan_version();

}  // namespace cfn
