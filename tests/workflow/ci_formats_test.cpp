// --format junit and --format github: golden files for the shared sample report, and
// the escaping a template's text needs in each.
#include <catch2/catch.hpp>
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
