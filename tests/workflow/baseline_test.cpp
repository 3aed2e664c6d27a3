// Baselines: written by rule, file and property path with counts; read back; matching
// survives edits that move lines; only new findings stay unsuppressed.
#include <catch2/catch.hpp>
#include <sstream>

#include "report/baseline.h"
#include "workflow_support.h"

using namespace cfn;
using namespace cfn::workflow_test;

namespace {

const std::string kTemplate =
    "AWSTemplateFormatVersion: '2010-09-09'\n"
    "Resources:\n"
    "  Logs:\n"
    "    Type: AWS::S3::Bucket\n"
    "  Data:\n"
    "    Type: AWS::S3::Bucket\n"
    "  Role:\n"
    "    Type: AWS::IAM::Role\n"
    "    Properties:\n"
    "      AssumeRolePolicyDocument: {}\n"
    "      Policies:\n"
    "        - PolicyName: all\n"
    "          PolicyDocument:\n"
    "            Statement:\n"
    "              - {Effect: Allow, Action: '*', Resource: '*'}\n"
    "              - {Effect: Allow, Action: '*', Resource: '*'}\n";

ScanReport report_of(const std::string& text, const std::string& path = "stacks/app.yaml") {
  ScanOptions options;
  options.filter.enabled = workflow_rule;
  ScannedFile scanned = scan_text(text, path, options);
  REQUIRE(scanned.outcome == FileOutcome::Template);
  ScanReport report;
  report.files.push_back(std::move(scanned.report));
  return report;
}

size_t unsuppressed(const ScanReport& report) {
  size_t count = 0;
  for (const FileReport& file : report.files)
    for (const Finding& finding : file.findings) count += finding.suppressions.empty() ? 1 : 0;
  return count;
}

std::string text_of(const Baseline& baseline) {
  std::ostringstream out;
  write_baseline(baseline, out);
  return out.str();
}

}  // namespace

TEST_CASE("baseline: keyed by rule, file and property path, with counts, in a stable order") {
  ScanReport report = report_of(kTemplate);
  Baseline baseline = make_baseline(report);
  REQUIRE_FALSE(baseline.entries.empty());
  CHECK(std::is_sorted(baseline.entries.begin(), baseline.entries.end()));
  size_t total = 0;
  for (const BaselineEntry& entry : baseline.entries) {
    CHECK(entry.file == "stacks/app.yaml");
    total += entry.count;
  }
  CHECK(total == unsuppressed(report));
  std::string text = text_of(baseline);
  CHECK(text.find("\"line\"") == std::string::npos);  // lines are not part of the key
  CHECK(text.starts_with("{\n  \"version\": 1,\n  \"tool\": \"cfn-scan\",\n  \"findings\": ["));
  CHECK(text_of(make_baseline(report_of(kTemplate))) == text);  // deterministic
}

TEST_CASE("baseline: round trip through the file format") {
  Baseline baseline = make_baseline(report_of(kTemplate));
  BaselineRead read = parse_baseline(text_of(baseline), "b.json");
  CHECK(read.error.empty());
  CHECK(read.baseline.entries == baseline.entries);
}

TEST_CASE("baseline: everything baselined, nothing new") {
  ScanReport report = report_of(kTemplate);
  size_t before = unsuppressed(report);
  Baseline baseline = make_baseline(report);
  size_t marked = apply_baseline(report, baseline);
  CHECK(marked == before);
  CHECK(unsuppressed(report) == 0);
  for (const Finding& finding : report.files[0].findings) {
    REQUIRE(finding.suppressions.size() == 1);
    CHECK(finding.suppressions[0].kind == "external");
    CHECK(finding.suppressions[0].justification == kBaselineJustification);
  }
}

TEST_CASE("baseline: stays valid when lines move, and reports only what is new") {
  Baseline baseline = make_baseline(report_of(kTemplate));
  // Lines inserted above everything, and a new bucket in the middle.
  std::string edited = kTemplate;
  edited.insert(edited.find("Resources:"), "Description: moved down by three lines\n# a comment\n\n");
  edited.insert(edited.find("  Role:"), "  Extra:\n    Type: AWS::S3::Bucket\n");
  ScanReport report = report_of(edited);
  size_t marked = apply_baseline(report, baseline);
  CHECK(marked == unsuppressed(report_of(kTemplate)));
  REQUIRE(unsuppressed(report) == 1);
  for (const Finding& finding : report.files[0].findings) {
    if (finding.suppressions.empty()) CHECK(finding.logical_id == "Extra");
  }
}

TEST_CASE("baseline: a count holds that many findings with one key, no more") {
  ScanReport report = report_of(kTemplate);
  report.files[0].findings.push_back(report.files[0].findings.front());  // a second one with that key
  Baseline baseline = make_baseline(report);
  size_t total = unsuppressed(report);
  CHECK(baseline.entries.size() == total - 1);
  for (BaselineEntry& entry : baseline.entries) entry.count = 1;
  size_t marked = apply_baseline(report, baseline);
  CHECK(marked == total - 1);
  CHECK(unsuppressed(report) == 1);
}

TEST_CASE("baseline: another file's entries do not match") {
  Baseline baseline = make_baseline(report_of(kTemplate, "stacks/other.yaml"));
  ScanReport report = report_of(kTemplate);
  CHECK(apply_baseline(report, baseline) == 0);
}

TEST_CASE("baseline: findings already suppressed are neither recorded nor counted") {
  ScanReport report = report_of(kTemplate);
  for (Finding& finding : report.files[0].findings) finding.suppressions.push_back({"inSource", "x"});
  CHECK(make_baseline(report).entries.empty());
}

TEST_CASE("baseline: a file that is not a baseline is an error naming it") {
  CHECK(parse_baseline("[1, 2", "b.json").error == "b.json: not a cfn-scan baseline: the file is not valid JSON");
  CHECK(parse_baseline("{\"version\": 2, \"findings\": []}", "b.json").error ==
        "b.json: not a cfn-scan baseline: expected {\"version\": 1, \"findings\": [...]}");
  CHECK(parse_baseline("{\"version\": 1, \"findings\": [{\"rule\": \"r\", \"file\": \"f\", \"path\": \"p\"}]}", "b.json")
            .error == "b.json: not a cfn-scan baseline: each finding needs a positive integer 'count'");
  CHECK(read_baseline_file("/nonexistent/b.json").error == "/nonexistent/b.json: cannot read the baseline file");
}

TEST_CASE("baseline: summary line") {
  CHECK(baseline_summary(1) == "cfn-scan: 1 finding is in the baseline and not reported as new.");
  CHECK(baseline_summary(3) == "cfn-scan: 3 findings are in the baseline and not reported as new.");
}
