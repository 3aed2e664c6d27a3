#include <catch2/catch.hpp>
#include <sstream>

#include "report/report.h"
#include "report_fixture.h"

using namespace cfn;
using namespace cfn::report_fixture;

namespace {

std::string text_of(const ScanReport& report, TextOptions options = {}) {
  std::ostringstream out;
  write_text(report, options, out);
  return out.str();
}

// A report with one template holding `source_text` and the given findings.
ScanReport one_file_report(std::string source_text, std::vector<Finding> findings,
                           size_t skipped = 0) {
  FileReport file;
  file.source = std::make_shared<SourceFile>("t.yaml", std::move(source_text));
  file.findings = std::move(findings);
  ScanReport report;
  report.files.push_back(std::move(file));
  report.rules = kRules;
  report.skipped_files = skipped;
  return report;
}

}  // namespace

TEST_CASE("text: one finding prints location line, source line and caret") {
  auto report = one_file_report("Resources:\n  Data:\n    Type: AWS::S3::Bucket\n",
                                {finding(s3_rule(), range(2, 3, 2, 7), "Data", "Resources.Data",
                                         "Bucket Data has no BucketEncryption")});
  CHECK(text_of(report) ==
        "t.yaml:2:3: warning s3-bucket-no-encryption Bucket Data has no BucketEncryption\n"
        "      Data:\n"
        "      ^~~~\n"
        "\n"
        "1 finding (0 errors, 1 warning, 0 notes) in 1 template.\n");
}

TEST_CASE("text: show_source off prints only the location lines and the summary") {
  auto report = one_file_report("a: 1\n", {finding(iam_rule(), range(1, 1, 1, 2), "A", "", "m")});
  CHECK(text_of(report, TextOptions{.color = false, .show_source = false}) ==
        "t.yaml:1:1: error iam-role-wildcard-action m\n"
        "\n"
        "1 finding (1 error, 0 warnings, 0 notes) in 1 template.\n");
}

TEST_CASE("text: the caret keeps the source line's tabs so it stays aligned") {
  // Column 7 is the 'v' after the second tab.
  auto report = one_file_report("\tKey:\tvalue\n", {finding(s3_rule(), range(1, 7, 1, 12), "K", "",
                                                            "m")});
  std::string text = text_of(report);
  CHECK(text.find("    \tKey:\tvalue\n    \t    \t^~~~~\n") != std::string::npos);
}

TEST_CASE("text: caret columns count code points, not bytes") {
  auto report = one_file_report("Name: 'ünï' x\n", {finding(s3_rule(), range(1, 13, 1, 14), "N",
                                                             "", "m")});
  CHECK(text_of(report).find("    Name: 'ünï' x\n                ^\n") != std::string::npos);
}

TEST_CASE("text: a range over several lines gets a caret only") {
  auto report = one_file_report("a: {\n  b: 1}\n", {finding(s3_rule(), range(1, 4, 2, 8), "A", "",
                                                             "m")});
  CHECK(text_of(report).find("    a: {\n       ^\n") != std::string::npos);
}

TEST_CASE("text: a caret past the line's end is padded with spaces") {
  auto report = one_file_report("ab\n", {finding(s3_rule(), range(1, 5, 1, 5), "A", "", "m")});
  CHECK(text_of(report).find("    ab\n        ^\n") != std::string::npos);
}

TEST_CASE("text: a long line shows a window around the finding, not the whole line") {
  // A minified JSON template: one line of 1,000 characters, the finding at column 500.
  std::string line = std::string(499, 'a') + "{\"Principal\":\"*\"}" + std::string(484, 'b');
  REQUIRE(line.size() == 1000);
  auto report = one_file_report(line + "\n", {finding(s3_rule(), range(1, 500, 1, 517), "A", "", "m")});
  std::string text = text_of(report);
  // Columns 440..599 of the line, cut on both sides; the caret under column 500.
  std::string window = std::string(60, 'a') + "{\"Principal\":\"*\"}" + std::string(83, 'b');
  CHECK(text.find("    ..." + window + "...\n") != std::string::npos);
  CHECK(text.find("\n    " + std::string(3 + 60, ' ') + "^" + std::string(16, '~') + "\n") != std::string::npos);
  CHECK(text.size() < 600);

  // Near the start or the end of the line the window stays full and is cut on one side.
  auto at_start = text_of(one_file_report(line + "\n", {finding(s3_rule(), range(1, 3, 1, 4), "A", "", "m")}));
  CHECK(at_start.find("    " + std::string(160, 'a') + "...\n      ^\n") != std::string::npos);
  auto at_end = text_of(one_file_report(line + "\n", {finding(s3_rule(), range(1, 1000, 1, 1001), "A", "", "m")}));
  CHECK(at_end.find("    ..." + std::string(160, 'b') + "\n    " + std::string(3 + 159, ' ') + "^\n") !=
        std::string::npos);
}

TEST_CASE("text: a finding without a position names only the file") {
  auto report = one_file_report("a: 1\n", {finding(s3_rule(), Range{}, "", "", "whole file")});
  CHECK(text_of(report) ==
        "t.yaml: warning s3-bucket-no-encryption whole file\n"
        "\n"
        "1 finding (0 errors, 1 warning, 0 notes) in 1 template.\n");
}

TEST_CASE("text: control characters from the template cannot reach the terminal") {
  auto report = one_file_report("a: \"\x1b[31m\xc2\x9b\"\n",
                                {finding(s3_rule(), range(1, 10, 1, 11), "A", "", "bad \x07 value")});
  std::string text = text_of(report);
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find('\x07') == std::string::npos);
  CHECK(text.find("\xc2\x9b") == std::string::npos);
  // Each replaced character is one '?', so the caret (column 10) still lines up.
  CHECK(text.find("    a: \"?[31m?\"\n             ^\n") != std::string::npos);
}

TEST_CASE("text: colour marks the level and dims the rule id") {
  Finding error = finding(iam_rule(), range(1, 1, 1, 2), "A", "", "e");
  Finding warning = finding(s3_rule(), range(2, 1, 2, 2), "B", "", "w");
  Finding note = finding(tracing_rule(), range(3, 1, 3, 2), "C", "", "n");
  auto report = one_file_report("a\nb\nc\n", {error, warning, note});
  std::string text = text_of(report, TextOptions{.color = true, .show_source = false});
  CHECK(text ==
        "t.yaml:1:1: \x1b[31merror\x1b[0m \x1b[2miam-role-wildcard-action\x1b[0m e\n"
        "t.yaml:2:1: \x1b[33mwarning\x1b[0m \x1b[2ms3-bucket-no-encryption\x1b[0m w\n"
        "t.yaml:3:1: \x1b[36mnote\x1b[0m \x1b[2mlambda-function-no-tracing\x1b[0m n\n"
        "\n"
        "3 findings (1 error, 1 warning, 1 note) in 1 template.\n");
  CHECK(text_of(report).find('\x1b') == std::string::npos);
}

TEST_CASE("text: suppressed findings are not printed but counted") {
  Finding shown = finding(s3_rule(), range(1, 1, 1, 2), "A", "", "shown");
  Finding hidden = finding(s3_rule(), range(2, 1, 2, 2), "B", "", "hidden");
  hidden.suppressions = {{"inSource", "accepted"}};
  auto report = one_file_report("a\nb\n", {shown, hidden});
  std::string text = text_of(report);
  CHECK(text.find("hidden") == std::string::npos);
  CHECK(text.find("1 finding (0 errors, 1 warning, 0 notes) in 1 template; 1 suppressed.\n") !=
        std::string::npos);
}

TEST_CASE("text: summary wording") {
  ScanReport empty;
  empty.rules = kRules;
  CHECK(text_of(empty) == "No findings in 0 templates.\n");

  auto clean = one_file_report("a: 1\n", {}, 1);
  CHECK(text_of(clean) == "No findings in 1 template; 1 file skipped (not templates).\n");

  Finding suppressed = finding(s3_rule(), range(1, 1, 1, 2), "A", "", "m");
  suppressed.suppressions = {{"external", ""}};
  auto only_suppressed = one_file_report("a: 1\n", {suppressed}, 4);
  CHECK(text_of(only_suppressed) ==
        "No findings in 1 template; 1 suppressed; 4 files skipped (not templates).\n");

  auto conditional = one_file_report("a: 1\n", {}, 0);
  conditional.files.front().unchecked = {{"ProdReplica", "IsProd"}};
  CHECK(text_of(conditional) == "No findings in 1 template; 1 resource not checked (Condition false with the "
                                "parameters' Defaults in AWS's commercial partition; --parameter chooses others).\n");
}

TEST_CASE("text: golden file", "[golden]") {
  ScanReport report = sample_report();
  std::string actual = text_of(report);
  INFO("regenerate with CFN_SCAN_UPDATE_GOLDEN=1 (docs/output-formats.md)");
  CHECK(actual == golden("text.txt", actual));
}
