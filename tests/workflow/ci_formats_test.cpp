// --format junit, --format github and --format gitlab: golden files for the shared sample
// report, and the escaping a template's text needs in each.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "report/more_formats.h"
#include "report/report_fixture.h"
#include "workflow_support.h"

using namespace cfn;
using namespace cfn::report_fixture;

namespace {

std::string junit_of(const ScanReport& report) {
  std::ostringstream out;
  write_junit(report, out);
  return out.str();
}

std::string github_of(const ScanReport& report) {
  std::ostringstream out;
  write_github(report, out);
  return out.str();
}

std::string gitlab_of(const ScanReport& report) {
  std::ostringstream out;
  write_gitlab(report, out);
  return out.str();
}

size_t occurrences(const std::string& text, std::string_view what) {
  size_t count = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++count;
  return count;
}

ScanReport hostile_report() {
  ScanReport report;
  FileReport file;
  file.source = std::make_shared<SourceFile>("a,b:c%.yaml", "Resources: {}\n");
  file.findings = {finding(s3_rule(), range(2, 3, 2, 7), "X", "Resources.X",
                           "<&\"'> 100% \x01 bad\xFF\nsecond line")};
  report.files.push_back(file);
  report.rules = kRules;
  return report;
}

}  // namespace

TEST_CASE("junit: golden file") {
  std::string actual = junit_of(sample_report());
  CHECK(actual == workflow_test::golden("junit.xml", actual));
}

TEST_CASE("junit: one test case per template and rule; failures for unsuppressed findings") {
  std::string xml = junit_of(sample_report());
  CHECK(occurrences(xml, "<testsuite ") == 2);
  CHECK(occurrences(xml, "<testcase ") == 2 * kRules.size());
  CHECK(xml.find("<testsuites name=\"cfn-scan\" tests=\"6\" failures=\"5\"") != std::string::npos);
  // The api file: s3 (one active, one suppressed), tracing and iam fail; main.json: iam and tracing.
  CHECK(occurrences(xml, "<failure ") == 5);
  CHECK(xml.find("<system-out>suppressed: infra/api stack.yaml:9:3: warning: Bucket Logs has no "
                 "BucketEncryption (Access logs hold no customer data)\n</system-out>") != std::string::npos);
  CHECK(xml.find("timestamp") == std::string::npos);
}

TEST_CASE("junit: a template without findings passes every case") {
  ScanReport report = sample_report();
  report.files[0].findings.clear();
  std::string xml = junit_of(report);
  CHECK(xml.find("<testsuite name=\"infra/api stack.yaml\" tests=\"3\" failures=\"0\"") != std::string::npos);
}

TEST_CASE("junit: text from templates is escaped and made valid XML") {
  std::string xml = junit_of(hostile_report());
  CHECK(xml.find("message=\"&lt;&amp;&quot;&apos;&gt; 100% \xEF\xBF\xBD bad\xEF\xBF\xBD&#10;second line\"") !=
        std::string::npos);
  CHECK(xml.find("a,b:c%.yaml:2:3: warning: &lt;&amp;\"'&gt; 100%") != std::string::npos);
  CHECK(xml.find('\x01') == std::string::npos);
}

TEST_CASE("github: golden file") {
  std::string actual = github_of(sample_report());
  CHECK(actual == workflow_test::golden("github.txt", actual));
}

TEST_CASE("github: one annotation per unsuppressed finding, levels mapped") {
  std::string text = github_of(sample_report());
  CHECK(text.find("::warning file=infra/api stack.yaml,line=3,endLine=3,col=3,endColumn=6,"
                  "title=s3-bucket-no-encryption::Bucket Data has no BucketEncryption [s3-bucket-no-encryption]\n") !=
        std::string::npos);
  CHECK(text.find("::notice file=infra/api stack.yaml,line=5") != std::string::npos);
  CHECK(text.find("Bucket Logs") == std::string::npos);  // suppressed
  // A range over two lines gets no columns; a finding without a position gets no line.
  CHECK(text.find("::notice file=templates/main.json,line=5,endLine=6,title=lambda-function-no-tracing::") !=
        std::string::npos);
  CHECK(text.find("::warning file=templates/main.json,title=iam-role-wildcard-action::") != std::string::npos);
  CHECK(text.ends_with("cfn-scan: 6 findings (2 errors, 2 warnings, 2 notes) in 2 templates; 1 suppressed.\n"));
}

TEST_CASE("github: properties and messages are escaped") {
  std::string text = github_of(hostile_report());
  CHECK(text.starts_with("::warning file=a%2Cb%3Ac%25.yaml,line=2,endLine=2,col=3,endColumn=6,"
                         "title=s3-bucket-no-encryption::<&\"'> 100%25 \xEF\xBF\xBD bad\xEF\xBF\xBD%0Asecond line "
                         "[s3-bucket-no-encryption]\n"));
}

TEST_CASE("gitlab: golden file") {
  std::string actual = gitlab_of(sample_report());
  CHECK(actual == workflow_test::golden("gitlab.json", actual));
}

TEST_CASE("gitlab: one Code Quality issue per unsuppressed finding, with the fingerprint SARIF gives it") {
  nlohmann::json issues = nlohmann::json::parse(gitlab_of(sample_report()));
  REQUIRE(issues.size() == 6);  // of 7 findings, 1 suppressed
  nlohmann::json first = issues[0];
  CHECK(first["type"] == "issue");
  CHECK(first["check_name"] == "s3-bucket-no-encryption");
  CHECK(first["description"] == "Bucket Data has no BucketEncryption");
  CHECK(first["severity"] == "minor");  // a warning
  CHECK(first["location"] ==
        nlohmann::json::parse(R"({"path": "infra/api stack.yaml", "lines": {"begin": 3, "end": 3}})"));
  // The same fingerprints as --format json (and SARIF), suppressed findings skipped, not renumbered.
  std::ostringstream json_text;
  write_json(sample_report(), json_text);
  std::vector<std::string> expected;
  nlohmann::json report = nlohmann::json::parse(json_text.str());
  for (const auto& finding : report["findings"])
    if (!finding["suppressed"].get<bool>()) expected.push_back(finding["fingerprint"]);
  std::vector<std::string> actual;
  for (const auto& issue : issues) actual.push_back(issue["fingerprint"]);
  CHECK(actual == expected);
  std::set<std::string> severities;
  for (const auto& issue : issues) severities.insert(issue["severity"].get<std::string>());
  CHECK(severities == std::set<std::string>{"info", "minor", "major"});
  // A finding without a position points at line 1: GitLab requires a line.
  CHECK(issues[4]["location"]["lines"] == nlohmann::json::parse(R"({"begin": 1, "end": 1})"));
  CHECK(issues[5]["location"]["lines"] == nlohmann::json::parse(R"({"begin": 5, "end": 6})"));
  CHECK(gitlab_of(ScanReport{}) == "[]\n");
}

TEST_CASE("gitlab: text from templates is valid JSON") {
  nlohmann::json issues = nlohmann::json::parse(gitlab_of(hostile_report()));
  CHECK(issues[0]["location"]["path"] == "a,b:c%.yaml");
  CHECK(issues[0]["description"] == "<&\"'> 100% \u0001 bad\xEF\xBF\xBD\nsecond line");
}
