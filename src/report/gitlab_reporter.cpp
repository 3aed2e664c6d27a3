// GitLab's Code Quality report (the subset of the Code Climate issue format GitLab reads):
// GitLab shows the findings in the merge request, new ones apart from those the target
// branch already had, and on the diff's lines.
// Format: https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format
#include <algorithm>
#include <string_view>

#include "report/fingerprint.h"
#include "report/json_stream.h"
#include "report/more_formats.h"

namespace cfn {

namespace {

// GitLab's scale is info, minor, major, critical, blocker. Errors are major, warnings minor
// and notes info: read from the level, so that a config's severity override shows there too.
std::string_view gitlab_severity(Level level) {
  switch (level) {
    case Level::Error:
      return "major";
    case Level::Warning:
      return "minor";
    case Level::Note:
      return "info";
  }
  return "info";
}

void write_issue(json_stream::Object& issue, const Finding& finding, std::string_view path,
                 const std::string& fingerprint) {
  std::string_view rule_id = finding.rule ? finding.rule->id : std::string_view{};
  issue.string("type", "issue");
  issue.string("check_name", rule_id);
  issue.string("description", finding.message);
  issue.string("severity", gitlab_severity(finding.level));
  issue.string("fingerprint", fingerprint);
  json_stream::Object location(issue, "location");
  location.string("path", path);
  json_stream::Object lines(location, "lines");
  // GitLab requires a line: a finding without a position points at the first.
  uint32_t begin = finding.range.begin.line ? finding.range.begin.line : 1;
  lines.number("begin", begin);
  lines.number("end", std::max(finding.range.end.line, begin));
  lines.close();
  location.close();
}

}  // namespace

void write_gitlab(const ScanReport& report, std::ostream& out) {
  json_stream::Array issues(out, 0);
  FingerprintSequence fingerprints;  // asked for every finding in order: the same values as SARIF's
  for (const FileReport& file : report.files) {
    for (const Finding& finding : file.findings) {
      std::string fingerprint = fingerprints.next(finding, file.source->path());
      if (!finding.suppressions.empty()) continue;
      issues.add_with([&](std::ostream& stream, size_t depth) {
        json_stream::Object issue(stream, depth);
        write_issue(issue, finding, file.source->path(), fingerprint);
        issue.close();
      });
    }
  }
  issues.close();
  out << '\n';
}

}  // namespace cfn
