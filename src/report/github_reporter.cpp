// GitHub Actions workflow commands: each finding becomes an annotation on the pull
// request's diff and the run's summary, with no upload step.
// Format: https://docs.github.com/actions/reference/workflow-commands-for-github-actions
#include <string>

#include "report/more_formats.h"
#include "report/xml_text.h"

namespace cfn {

namespace {

// The runner decodes %25 %0D %0A in messages; properties also need %3A and %2C, or a
// ':' or ',' in a path would end the value early.
std::string escape_data(std::string_view text) {
  std::string out;
  for (char c : report_text::sanitized_utf8(text)) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}

std::string escape_property(std::string_view text) {
  std::string out;
  for (char c : escape_data(text)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

std::string_view command_for(Level level) {
  switch (level) {
    case Level::Error: return "error";
    case Level::Warning: return "warning";
    case Level::Note: return "notice";
  }
  return "notice";
}

// GitHub takes columns only for a range on one line; its endColumn is inclusive where
// the finding's end is exclusive.
std::string position_properties(const Range& range) {
  if (!range.known()) return "";
  std::string text = ",line=" + std::to_string(range.begin.line);
  if (range.end.line > range.begin.line) return text + ",endLine=" + std::to_string(range.end.line);
  text += ",endLine=" + std::to_string(range.begin.line) + ",col=" + std::to_string(range.begin.column);
  uint32_t end_column = range.end.column > range.begin.column ? range.end.column - 1 : range.begin.column;
  return text + ",endColumn=" + std::to_string(end_column);
}

struct Tally {
  size_t by_level[3] = {0, 0, 0};  // indexed by Level
  size_t suppressed = 0;
  size_t total() const { return by_level[0] + by_level[1] + by_level[2]; }
};

std::string summary(const Tally& tally, size_t templates) {
  std::string text = "cfn-scan: ";
  text += tally.total() == 0 ? "no findings" : quantity(tally.total(), "finding");
  text += " (" + quantity(tally.by_level[static_cast<int>(Level::Error)], "error") + ", " +
          quantity(tally.by_level[static_cast<int>(Level::Warning)], "warning") + ", " +
          quantity(tally.by_level[static_cast<int>(Level::Note)], "note") + ") in " + quantity(templates, "template");
  if (tally.suppressed) text += "; " + std::to_string(tally.suppressed) + " suppressed";
  return text + ".";
}

}  // namespace

void write_github(const ScanReport& report, std::ostream& out) {
  Tally tally;
  for (const FileReport& file : report.files) {
    for (const Finding& finding : file.findings) {
      if (!finding.suppressions.empty()) {
        ++tally.suppressed;
        continue;
      }
      ++tally.by_level[static_cast<int>(finding.level)];
      std::string_view rule_id = finding.rule ? finding.rule->id : std::string_view{};
      out << "::" << command_for(finding.level) << " file=" << escape_property(file.source->path())
          << position_properties(finding.range) << ",title=" << escape_property(rule_id)
          << "::" << escape_data(finding.message) << " [" << escape_data(rule_id) << "]\n";
    }
  }
  out << summary(tally, report.files.size()) << '\n';
}

}  // namespace cfn
