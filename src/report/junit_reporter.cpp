// JUnit XML for CI test-report parsers (Jenkins, GitLab, Azure Pipelines, the common
// GitHub test-report actions). The shape they all accept: <testsuites> holding one
// <testsuite> per template, each holding <testcase classname= name=>, a failing case
// carrying one <failure message= type=>.
#include <map>
#include <sstream>
#include <vector>

#include "report/more_formats.h"
#include "report/xml_text.h"

namespace cfn {

namespace {

using report_text::xml_attribute;
using report_text::xml_content;

// One test case: a rule in a template, with that rule's findings there.
struct Case {
  std::string_view rule_id;
  std::vector<const Finding*> active;      // unsuppressed: the case fails
  std::vector<const Finding*> suppressed;  // listed in <system-out>
};

std::string finding_line(const Finding& finding, const FileReport& file) {
  std::ostringstream line;
  line << file.source->path();
  if (finding.range.known()) line << ':' << finding.range.begin.line << ':' << finding.range.begin.column;
  line << ": " << level_name(finding.level) << ": " << finding.message;
  return line.str();
}

// Every enabled rule, plus any rule that reported without being listed (a report built
// by hand), in rule-id order.
std::vector<Case> cases_for(const FileReport& file, const ScanReport& report) {
  std::map<std::string_view, Case> by_rule;
  for (const RuleMeta& rule : report.rules) by_rule[rule.id].rule_id = rule.id;
  for (const Finding& finding : file.findings) {
    std::string_view id = finding.rule ? finding.rule->id : std::string_view{};
    Case& entry = by_rule[id];
    entry.rule_id = id;
    (finding.suppressions.empty() ? entry.active : entry.suppressed).push_back(&finding);
  }
  std::vector<Case> cases;
  for (auto& [id, entry] : by_rule) cases.push_back(std::move(entry));
  return cases;
}

Level highest_level(const std::vector<const Finding*>& findings) {
  Level highest = Level::Note;
  for (const Finding* finding : findings) highest = std::max(highest, finding->level);
  return highest;
}

std::string failure_message(const Case& entry) {
  const Finding& first = *entry.active.front();
  if (entry.active.size() == 1) return first.message;
  return std::to_string(entry.active.size()) + " findings; first: " + first.message;
}

void write_case(const Case& entry, const FileReport& file, std::ostream& out) {
  out << "    <testcase classname=\"" << xml_attribute(file.source->path()) << "\" name=\""
      << xml_attribute(entry.rule_id) << "\" time=\"0\"";
  if (entry.active.empty() && entry.suppressed.empty()) {
    out << "/>\n";
    return;
  }
  out << ">\n";
  if (!entry.active.empty()) {
    out << "      <failure message=\"" << xml_attribute(failure_message(entry)) << "\" type=\""
        << level_name(highest_level(entry.active)) << "\">";
    for (const Finding* finding : entry.active) out << xml_content(finding_line(*finding, file)) << '\n';
    out << "</failure>\n";
  }
  if (!entry.suppressed.empty()) {
    out << "      <system-out>";
    for (const Finding* finding : entry.suppressed) {
      std::string reason = finding->suppressions.front().justification;
      out << xml_content("suppressed: " + finding_line(*finding, file) + (reason.empty() ? "" : " (" + reason + ")"))
          << '\n';
    }
    out << "</system-out>\n";
  }
  out << "    </testcase>\n";
}

size_t failures(const std::vector<Case>& cases) {
  size_t count = 0;
  for (const Case& entry : cases) count += entry.active.empty() ? 0 : 1;
  return count;
}

}  // namespace

void write_junit(const ScanReport& report, std::ostream& out) {
  std::vector<std::vector<Case>> suites;
  size_t total_tests = 0, total_failures = 0;
  for (const FileReport& file : report.files) {
    suites.push_back(cases_for(file, report));
    total_tests += suites.back().size();
    total_failures += failures(suites.back());
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites name=\"cfn-scan\" tests=\"" << total_tests << "\" failures=\"" << total_failures
      << "\" errors=\"0\" skipped=\"0\" time=\"0\">\n";
  for (size_t i = 0; i < report.files.size(); ++i) {
    const FileReport& file = report.files[i];
    out << "  <testsuite name=\"" << xml_attribute(file.source->path()) << "\" tests=\"" << suites[i].size()
        << "\" failures=\"" << failures(suites[i]) << "\" errors=\"0\" skipped=\"0\" time=\"0\">\n";
    for (const Case& entry : suites[i]) write_case(entry, file, out);
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

}  // namespace cfn
