// Baselines: the findings a project has accepted for now, so that a scan reports only
// new ones. A finding is identified by rule id, file and property path, never by line,
// so edits that move lines keep the baseline valid; a count per key lets a baseline hold
// several findings with the same key (two statements of one policy, say).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "report/report.h"

namespace cfn {

struct BaselineEntry {
  std::string rule;
  std::string file;           // display path, as reports name it
  std::string property_path;  // "" for findings without one (a parse error)
  size_t count = 0;
  friend auto operator<=>(const BaselineEntry&, const BaselineEntry&) = default;
};

struct Baseline {
  std::vector<BaselineEntry> entries;  // sorted by (rule, file, property_path), keys unique
};

// Every unsuppressed finding of the report (suppressed ones need no baseline).
Baseline make_baseline(const ScanReport& report);

// Deterministic JSON: {"version": 1, "tool": "cfn-scan", "findings": [{rule, file, path, count}]}.
void write_baseline(const Baseline& baseline, std::ostream& out);

struct BaselineRead {
  Baseline baseline;
  std::string error;  // "PATH: message" when the text is not a baseline; empty otherwise
};
BaselineRead parse_baseline(const std::string& text, const std::string& path);
BaselineRead read_baseline_file(const std::string& path);

// Marks as suppressed (kind "external", justification kBaselineJustification) up to
// `count` unsuppressed findings per baseline key, in report order, and returns how many
// it marked. Nothing is removed: SARIF keeps them as suppressed results.
inline constexpr std::string_view kBaselineJustification = "Accepted in the baseline";
size_t apply_baseline(ScanReport& report, const Baseline& baseline);

// What the CLI prints after a scan with --baseline (to stderr, so reports stay clean):
// "cfn-scan: 3 findings are in the baseline and not reported as new."
std::string baseline_summary(size_t baselined);

}  // namespace cfn
