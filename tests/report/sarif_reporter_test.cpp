#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/scanner.h"
#include "report/fingerprint.h"
#include "report/report.h"
#include "report_fixture.h"

using namespace cfn;
using namespace cfn::report_fixture;
using nlohmann::json;

namespace {

std::string sarif_text(const ScanReport& report) {
  std::ostringstream out;
  write_sarif(report, out);
  return out.str();
}

json sarif_run(const ScanReport& report) { return json::parse(sarif_text(report))["runs"][0]; }

json sample_run() { return sarif_run(sample_report()); }

std::string fingerprint_of(const json& result) {
  return result["partialFingerprints"]["primaryLocationLineHash"];
}

}  // namespace

TEST_CASE("sarif: log header and one run with the cfn-scan driver") {
  json log = json::parse(sarif_text(sample_report()));
  CHECK(log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json");
  CHECK(log["version"] == "2.1.0");
  REQUIRE(log["runs"].size() == 1);
  const json& driver = log["runs"][0]["tool"]["driver"];
  CHECK(driver["name"] == "cfn-scan");
  CHECK(driver["semanticVersion"] == std::string(cfn_scan_version()));
  CHECK(driver["version"] == std::string(cfn_scan_version()));
  CHECK(driver["informationUri"] == "https://github.com/cfn-scan/cfn-scan");
}

TEST_CASE("sarif: run-level properties") {
  json run = sample_run();
  CHECK(run["automationDetails"]["id"] == "cfn-scan/");
  CHECK(run["columnKind"] == "unicodeCodePoints");
  // The base is named but carries no machine-specific uri.
  CHECK(run["originalUriBaseIds"]["%SRCROOT%"].contains("description"));
  CHECK_FALSE(run["originalUriBaseIds"]["%SRCROOT%"].contains("uri"));
  CHECK(run["artifacts"] == json::parse(R"([
    {"location": {"uri": "infra/api%20stack.yaml", "uriBaseId": "%SRCROOT%"},
     "length": 510, "roles": ["analysisTarget"]},
    {"location": {"uri": "templates/main.json", "uriBaseId": "%SRCROOT%"},
     "length": 154, "roles": ["analysisTarget"]}])"));

  ScanReport report = sample_report();
  report.sarif_category = "infra/prod/";
  CHECK(sarif_run(report)["automationDetails"]["id"] == "infra/prod/");
  report.sarif_category = "";
  CHECK_FALSE(sarif_run(report).contains("automationDetails"));
}

TEST_CASE("sarif: rules[] describes every enabled rule, in report order") {
  json rules = sample_run()["tool"]["driver"]["rules"];
  REQUIRE(rules.size() == 3);
  CHECK(rules[0]["id"] == "iam-role-wildcard-action");
  CHECK(rules[1]["id"] == "lambda-function-no-tracing");
  CHECK(rules[2]["id"] == "s3-bucket-no-encryption");

  const json& s3 = rules[2];
  CHECK(s3["name"] == "S3BucketNoEncryption");
  CHECK(s3["shortDescription"]["text"] == "S3 bucket without default encryption configured");
  CHECK(s3["fullDescription"]["text"] == "An AWS::S3::Bucket has no `BucketEncryption` property.");
  CHECK(s3["helpUri"] ==
        "https://github.com/cfn-scan/cfn-scan/blob/main/docs/rules/s3-bucket-no-encryption.md");
  CHECK(s3["defaultConfiguration"]["level"] == "warning");
  CHECK(s3["properties"] == json::parse(R"({
    "tags": ["encryption-at-rest", "security"], "precision": "high", "security-severity": "5.3",
    "equivalents": {"checkov": ["CKV_AWS_19"], "cfn_nag": ["W41"],
                    "kics": ["b2e8752c-3497-4255-98d2-e4ae5b46bbf5"]}})"));
  // Tools keep the rule's order (checkov before cfn_nag), not alphabetical order; the
  // parsed json sorts keys, so this is checked on the text.
  std::string text = sarif_text(sample_report());
  CHECK(text.find("\"checkov\": [\n                    \"CKV_AWS_19\"") <
        text.find("\"cfn_nag\": [\n                    \"W41\""));

  // A rule without a security-severity gets none (GitHub would treat it as security).
  CHECK_FALSE(rules[1]["properties"].contains("security-severity"));
}

TEST_CASE("sarif: help has what, why, AWS default, fix, example and references") {
  json run = sample_run();
  const json& help = run["tool"]["driver"]["rules"][2]["help"];
  std::string markdown = help["markdown"];
  CHECK(markdown ==
        "# S3 bucket without default encryption configured\n\n"
        "An AWS::S3::Bucket has no `BucketEncryption` property.\n\n"
        "## Why it matters\n\n"
        "Audits and some compliance regimes require the encryption to be explicit.\n\n"
        "## AWS default\n\nSSE-S3 (AES256) since January 2023.\n\n"
        "## How to fix\n\nAdd `BucketEncryption` with `SSEAlgorithm: aws:kms` and a key.\n\n"
        "## Example\n\n```yaml\nBucketEncryption:\n  ServerSideEncryptionConfiguration:\n"
        "    - ServerSideEncryptionByDefault:\n        SSEAlgorithm: aws:kms\n```\n\n"
        "## References\n\n"
        "- <https://docs.aws.amazon.com/AmazonS3/latest/userguide/serv-side-encryption.html>\n"
        "- <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
        "aws-properties-s3-bucket-bucketencryption.html>\n");
  std::string text = help["text"];
  CHECK(text.starts_with("An AWS::S3::Bucket has no `BucketEncryption` property.\n\nWhy it matters:\n"));
  CHECK(text.find("\nExample:\nBucketEncryption:\n") != std::string::npos);
  // Empty sections are left out (the IAM rule has no AWS default).
  std::string iam_text = sample_run()["tool"]["driver"]["rules"][0]["help"]["text"];
  CHECK(iam_text.find("AWS default") == std::string::npos);
}

TEST_CASE("sarif: a snippet containing a fence gets a longer fence") {
  RuleMeta rule = tracing_rule();
  rule.snippet = "a: |\n  ```\n  b\n  ```";
  std::array<RuleMeta, 1> rules = {rule};
  ScanReport report;
  report.rules = rules;
  std::string markdown = sarif_run(report)["tool"]["driver"]["rules"][0]["help"]["markdown"];
  CHECK(markdown.find("````yaml\na: |\n  ```\n  b\n  ```\n````") != std::string::npos);
}

TEST_CASE("sarif: a result points at rule, file, region and logical location") {
  json run = sample_run();
  const json& result = run["results"][3];
  CHECK(result == json::parse(R"({
    "ruleId": "iam-role-wildcard-action", "ruleIndex": 0, "level": "error",
    "message": {"text": "Role WorkerRole allows Action '*' in Policies[0]"},
    "locations": [{
      "physicalLocation": {
        "artifactLocation": {"uri": "infra/api%20stack.yaml", "uriBaseId": "%SRCROOT%", "index": 0},
        "region": {"startLine": 18, "startColumn": 25, "endLine": 18, "endColumn": 28}},
      "logicalLocations": [{
        "name": "WorkerRole",
        "fullyQualifiedName": "Resources.WorkerRole.Properties.Policies[0].PolicyDocument.Statement[*].Action",
        "kind": "resource"}]}],
    "partialFingerprints": {"primaryLocationLineHash": "976950185bc7fd17:1"}})"));
  for (const json& each : run["results"])
    CHECK(run["tool"]["driver"]["rules"][each["ruleIndex"].get<size_t>()]["id"] == each["ruleId"]);
}

TEST_CASE("sarif: the result level is the finding's, which may override the rule's") {
  json run = sample_run();
  const json& overridden = run["results"][5];
  CHECK(overridden["ruleId"] == "iam-role-wildcard-action");
  CHECK(overridden["level"] == "warning");
}

TEST_CASE("sarif: a finding without a position covers the whole file; no logical location") {
  json run = sample_run();
  const json& location = run["results"][5]["locations"][0];
  CHECK(location["physicalLocation"]["region"] == json{{"startLine", 1}, {"endLine", 9}});
  CHECK_FALSE(location.contains("logicalLocations"));
}

TEST_CASE("sarif: unknown end positions are left out, never written as 0") {
  ScanReport report = sample_report();
  report.files[0].findings[0].range = range(3, 3, 0, 0);
  report.files[0].findings[1].range = range(5, 0, 0, 0);
  json results = sarif_run(report)["results"];
  CHECK(results[0]["locations"][0]["physicalLocation"]["region"] ==
        json{{"startLine", 3}, {"startColumn", 3}});
  CHECK(results[1]["locations"][0]["physicalLocation"]["region"] == json{{"startLine", 5}});
}

TEST_CASE("sarif: a parameter's logical location is a parameter") {
  ScanReport report = sample_report();
  report.files[0].findings[0].property_path = "Parameters.Password.Default";
  json run = sarif_run(report);
  const json& logical = run["results"][0]["locations"][0]["logicalLocations"][0];
  CHECK(logical["kind"] == "parameter");
}

TEST_CASE("sarif: suppressed findings stay, with their suppressions") {
  json results = sample_run()["results"];
  CHECK(results.size() == 7);
  CHECK(results[2]["suppressions"] ==
        json::parse(R"([{"kind": "inSource", "justification": "Access logs hold no customer data"}])"));
  CHECK_FALSE(results[0].contains("suppressions"));

  ScanReport report = sample_report();
  report.files[0].findings[0].suppressions = {{"external", ""}};
  CHECK(sarif_run(report)["results"][0]["suppressions"] == json::parse(R"([{"kind": "external"}])"));
}

TEST_CASE("sarif: artifact URIs are percent-encoded; absolute paths become file URIs") {
  ScanReport report = sample_report();
  report.files[0].source = std::make_shared<SourceFile>("a dir/ü:[1]%.yaml", "a: 1\n");
  report.files[1].source = std::make_shared<SourceFile>("/abs/t#1.yaml", "a: 1\n");
  json run = sarif_run(report);
  const json& relative = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
  CHECK(relative["uri"] == "a%20dir/%C3%BC%3A%5B1%5D%25.yaml");
  CHECK(relative["uriBaseId"] == "%SRCROOT%");
  const json& absolute = run["results"][5]["locations"][0]["physicalLocation"]["artifactLocation"];
  CHECK(absolute["uri"] == "file:///abs/t%231.yaml");
  CHECK_FALSE(absolute.contains("uriBaseId"));
  CHECK(run["artifacts"][1]["location"] == json{{"uri", "file:///abs/t%231.yaml"}});
}

TEST_CASE("sarif: fingerprints ignore the line and number repeated keys") {
  json results = sample_run()["results"];
  // Two findings of the same rule on the same property path of the same file.
  CHECK(fingerprint_of(results[3]) == "976950185bc7fd17:1");
  CHECK(fingerprint_of(results[4]) == "976950185bc7fd17:2");

  ScanReport moved = sample_report();
  for (Finding& finding : moved.files[0].findings) {
    finding.range.begin.line += 7;
    finding.range.end.line += 7;
  }
  json moved_results = sarif_run(moved)["results"];
  for (size_t i = 0; i < results.size(); ++i)
    CHECK(fingerprint_of(moved_results[i]) == fingerprint_of(results[i]));
}

TEST_CASE("sarif: output is deterministic and contains no absolute path") {
  std::string first = sarif_text(sample_report());
  CHECK(first == sarif_text(sample_report()));
  CHECK(first.find("file://") == std::string::npos);
  CHECK(first.find(CFN_SCAN_SOURCE_DIR) == std::string::npos);
}

TEST_CASE("sarif: invalid UTF-8 in a message is replaced, not thrown on") {
  ScanReport report = sample_report();
  report.files[0].findings[0].message = "bad \xff byte";
  CHECK(sarif_run(report)["results"][0]["message"]["text"] == "bad \xEF\xBF\xBD byte");
}

TEST_CASE("sarif: long descriptions are cut to GitHub's 1024 characters") {
  std::string long_description(2000, 'x');
  RuleMeta rule = s3_rule();
  rule.description = long_description;
  std::array<RuleMeta, 1> rules = {rule};
  ScanReport report;
  report.rules = rules;
  std::string full = sarif_run(report)["tool"]["driver"]["rules"][0]["fullDescription"]["text"];
  CHECK(full.size() == 1024);
  CHECK(full.ends_with("..."));
}

// A \r\n is one line break that belongs to the line it ends (docs/limits.md): regions on
// CRLF and mixed line endings count columns as on LF, and a range that ends at a line
// break ends just past the line's last character, never a column further.
TEST_CASE("sarif: regions stay right on CRLF and mixed line endings") {
  using namespace std::string_literals;
  auto results_of = [](const std::string& yaml) {
    ScanReport report;
    report.files.push_back(scan_text(yaml, "crlf.yaml", ScanOptions{}).report);
    report.rules = builtin_rules();
    return sarif_run(report)["results"];
  };
  auto region_of = [](const json& result) { return result["locations"][0]["physicalLocation"]["region"]; };
  for (std::string yaml : {"AWSTemplateFormatVersion: \"2010-09-09\"\r\nResources:\r\n  Bucket:\r\n"
                           "    Type: AWS::S3::Bucket\r\n    Properties:\r\n      BucketName: a\r\n"s,
                           "AWSTemplateFormatVersion: \"2010-09-09\"\rResources:\n  Bucket:\r\n"
                           "    Type: AWS::S3::Bucket\n    Properties:\r      BucketName: a\r\n"s}) {
    INFO(yaml);
    bool saw_bucket = false;
    for (const json& result : results_of(yaml)) {
      if (result["ruleId"] != "s3-bucket-no-encryption") continue;
      saw_bucket = true;
      CHECK(region_of(result) == json{{"startLine", 3}, {"startColumn", 3}, {"endLine", 3}, {"endColumn", 9}});
    }
    CHECK(saw_bucket);
    // A NUL at the end of line 6, which yaml-cpp rejects with a mark on the \n of the \r\n.
    std::string broken = yaml;
    broken.insert(broken.size() - 2, 1, '\0');
    bool saw_error = false;
    for (const json& result : results_of(broken)) {
      CHECK(result["ruleId"] == "template-parse-error");  // no rule runs on a file that does not parse
      saw_error = true;
      const json region = region_of(result);
      CHECK(region["startLine"] == 6);
      CHECK(region["endLine"] == 6);
      // line 6 is `      BucketName: a<NUL>`: 20 characters, so 21 is just past its end
      CHECK(region["startColumn"].get<int>() <= 21);
      CHECK(region["endColumn"].get<int>() <= 21);
    }
    CHECK(saw_error);
  }
}

TEST_CASE("sarif: golden file", "[golden]") {
  std::string actual = without_version(sarif_text(sample_report()));
  INFO("regenerate with CFN_SCAN_UPDATE_GOLDEN=1 (docs/output-formats.md)");
  CHECK(actual == golden("sarif.json", actual));
}

TEST_CASE("fingerprint: FNV-1a 64 test vectors") {
  CHECK(fnv1a64("") == 0xcbf29ce484222325ULL);
  CHECK(fnv1a64("a") == 0xaf63dc4c8601ec8cULL);
  CHECK(fnv1a64("foobar") == 0x85944171f73967e8ULL);
}

TEST_CASE("fingerprint: location hash is 16 hex digits over rule, file and path") {
  std::string hash = location_hash("r", "f.yaml", "Resources.A");
  CHECK(hash.size() == 16);
  CHECK(hash.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(hash == location_hash("r", "f.yaml", "Resources.A"));
  CHECK(hash != location_hash("r", "g.yaml", "Resources.A"));
  // The separators keep field boundaries apart.
  CHECK(location_hash("ab", "c", "") != location_hash("a", "bc", ""));
}

TEST_CASE("fingerprint: a sequence numbers each key's occurrences from 1") {
  FingerprintSequence sequence;
  Finding a = finding(s3_rule(), range(1, 1, 1, 2), "A", "Resources.A", "m");
  Finding b = finding(s3_rule(), range(9, 1, 9, 2), "B", "Resources.B", "m");
  std::string key_a = location_hash(s3_rule().id, "t.yaml", "Resources.A");
  std::string key_b = location_hash(s3_rule().id, "t.yaml", "Resources.B");
  CHECK(sequence.next(a, "t.yaml") == key_a + ":1");
  CHECK(sequence.next(b, "t.yaml") == key_b + ":1");
  CHECK(sequence.next(a, "t.yaml") == key_a + ":2");
}
