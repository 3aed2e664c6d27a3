// cfn-scan's own JSON: flat findings for scripts (jq, dashboards, baselines). The
// fields are documented in docs/output-formats.md; adding a field is compatible,
// renaming or removing one bumps format_version.
#include <charconv>
#include <nlohmann/json.hpp>
#include <map>
#include <string>
#include <utility>

#include "report/fingerprint.h"
#include "report/json_stream.h"
#include "report/report.h"

namespace cfn {

namespace {

using Json = nlohmann::ordered_json;

constexpr int kFormatVersion = 1;

std::string str(std::string_view text) { return std::string(text); }

// The rule's score as a number, so `select(.security_severity >= 7)` works; null when
// the rule has none (or it is not a number).
Json security_severity(const RuleMeta* rule) {
  if (!rule || rule->security_severity.empty()) return nullptr;
  std::string_view text = rule->security_severity;
  double score = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), score);
  if (error != std::errc{} || end != text.data() + text.size()) return nullptr;
  return score;
}

Json tags(const RuleMeta* rule) {
  Json list = Json::array();
  if (rule)
    for (std::string_view tag : rule->tags) list.push_back(str(tag));
  return list;
}

Json suppressions(const Finding& finding) {
  Json list = Json::array();
  for (const Suppression& suppression : finding.suppressions)
    list.push_back({{"kind", suppression.kind}, {"justification", suppression.justification}});
  return list;
}

// What every finding of a rule repeats, its severity and tags, dumped once per rule
// (and per depth, which is the same for every finding).
class RuleMembers {
 public:
  const std::string& severity(const RuleMeta* rule, size_t depth) { return of(rule, depth).first; }
  const std::string& tags(const RuleMeta* rule, size_t depth) { return of(rule, depth).second; }

 private:
  const std::pair<std::string, std::string>& of(const RuleMeta* rule, size_t depth) {
    auto [it, added] = dumped_.try_emplace({rule, depth});
    if (added) {
      it->second = {json_stream::dumped(security_severity(rule), depth), json_stream::dumped(cfn::tags(rule), depth)};
    }
    return it->second;
  }

  std::map<std::pair<const RuleMeta*, size_t>, std::pair<std::string, std::string>> dumped_;
};

// One finding, written as dump(2) prints the object at `depth` but without building it:
// the findings are most of a large report, and a tree per finding made writing them a
// serial cost that showed in `-j 2` (the member order is the format; see the golden).
void write_finding(std::ostream& out, size_t depth, const Finding& finding, std::string_view path,
                   FingerprintSequence& fingerprints, RuleMembers& rule_members) {
  const Range& range = finding.range;
  json_stream::Object entry(out, depth);
  entry.string("rule_id", finding.rule ? finding.rule->id : std::string_view{});
  entry.string("level", level_name(finding.level));
  entry.dumped("security_severity", rule_members.severity(finding.rule, depth + 1));
  entry.dumped("tags", rule_members.tags(finding.rule, depth + 1));
  entry.string("file", path);
  entry.coordinate("line", range.begin.line);
  entry.coordinate("column", range.begin.known() ? range.begin.column : 0);
  entry.coordinate("end_line", range.end.line);
  entry.coordinate("end_column", range.end.known() ? range.end.column : 0);
  entry.string("logical_id", finding.logical_id);
  entry.string("property_path", finding.property_path);
  entry.string("message", finding.message);
  entry.string("fingerprint", fingerprints.next(finding, path));
  entry.dumped("suppressed", finding.suppressions.empty() ? "false" : "true");
  if (finding.suppressions.empty()) {
    entry.dumped("suppressions", "[]");
  } else {
    entry.member("suppressions", suppressions(finding));
  }
  entry.close();
}

Json summary(const ScanReport& report) {
  size_t counts[3] = {0, 0, 0};  // indexed by Level: note, warning, error
  size_t suppressed = 0;
  for (const FileReport& file : report.files) {
    for (const Finding& finding : file.findings) {
      if (finding.suppressions.empty())
        ++counts[static_cast<size_t>(finding.level)];
      else
        ++suppressed;
    }
  }
  size_t errors = counts[static_cast<size_t>(Level::Error)];
  size_t warnings = counts[static_cast<size_t>(Level::Warning)];
  size_t notes = counts[static_cast<size_t>(Level::Note)];
  return Json{
      {"templates", report.files.size()},
      {"skipped_files", report.skipped_files},
      {"findings", errors + warnings + notes},
      {"errors", errors},
      {"warnings", warnings},
      {"notes", notes},
      {"suppressed", suppressed},
      {"resources_not_checked", report.unchecked_resources()},
  };
}

}  // namespace

// Streamed (json_stream.h): the findings are written one by one, never held as one tree.
void write_json(const ScanReport& report, std::ostream& out) {
  Json templates = Json::array();
  Json not_checked = Json::array();
  for (const FileReport& file : report.files) {
    templates.push_back(file.source->path());
    for (const UncheckedResource& resource : file.unchecked)
      not_checked.push_back(
          Json{{"file", file.source->path()}, {"logical_id", resource.logical_id}, {"condition", resource.condition}});
  }
  Json head = Json{
      {"format_version", kFormatVersion},
      {"version", str(cfn_scan_version())},
      {"summary", summary(report)},
      {"templates", std::move(templates)},
      {"not_checked", std::move(not_checked)},
  };
  json_stream::open_object(out, head, 0);
  json_stream::add_member(out, "findings", 0);
  json_stream::Array findings(out, 1);
  FingerprintSequence fingerprints;  // same order, hence same values, as SARIF's
  RuleMembers rule_members;
  for (const FileReport& file : report.files) {
    for (const Finding& finding : file.findings) {
      findings.add_with([&](std::ostream& stream, size_t depth) {
        write_finding(stream, depth, finding, file.source->path(), fingerprints, rule_members);
      });
    }
  }
  findings.close();
  Json rules = Json::array();
  for (const RuleMeta& rule : report.rules) rules.push_back(str(rule.id));
  json_stream::add_member(out, "rules", 0);
  json_stream::write(out, rules, 1);
  json_stream::close_object(out, 0);
  out << '\n';
}

}  // namespace cfn
