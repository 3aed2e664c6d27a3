#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "report/report.h"
#include "report_fixture.h"

using namespace cfn;
using namespace cfn::report_fixture;
using nlohmann::json;

namespace {

std::string json_text(const ScanReport& report) {
  std::ostringstream out;
  write_json(report, out);
  return out.str();
}

std::string sarif_text(const ScanReport& report) {
  std::ostringstream out;
  write_sarif(report, out);
  return out.str();
}

}  // namespace

TEST_CASE("json: top level and summary") {
  json doc = json::parse(json_text(sample_report()));
  CHECK(doc["format_version"] == 1);
  CHECK(doc["version"] == std::string(cfn_scan_version()));
  CHECK(doc["summary"] == json{{"templates", 2}, {"skipped_files", 4}, {"findings", 6},
                               {"errors", 2},    {"warnings", 2},      {"notes", 2},
                               {"suppressed", 1}, {"resources_not_checked", 0}});
  CHECK(doc["templates"] == json{"infra/api stack.yaml", "templates/main.json"});
  CHECK(doc["not_checked"] == json::array());
  CHECK(doc["rules"] ==
        json{"iam-role-wildcard-action", "lambda-function-no-tracing", "s3-bucket-no-encryption"});
  CHECK(doc["findings"].size() == 7);  // suppressed ones included
}

TEST_CASE("json: resources off with the parameters' Defaults are counted and listed") {
  ScanReport report = sample_report();
  report.files[1].unchecked = {{"ProdReplica", "IsProd"}, {"ProdAlarm", "IsProd"}};
  json doc = json::parse(json_text(report));
  CHECK(doc["summary"]["resources_not_checked"] == 2);
  CHECK(doc["not_checked"] == json::parse(R"([
    {"file": "templates/main.json", "logical_id": "ProdReplica", "condition": "IsProd"},
    {"file": "templates/main.json", "logical_id": "ProdAlarm", "condition": "IsProd"}])"));
}

TEST_CASE("json: a finding carries rule metadata, position and identity") {
  json first = json::parse(json_text(sample_report()))["findings"][0];
  CHECK(first == json::parse(R"({
    "rule_id": "s3-bucket-no-encryption", "level": "warning", "security_severity": 5.3,
    "tags": ["encryption-at-rest", "security"], "file": "infra/api stack.yaml",
    "line": 3, "column": 3, "end_line": 3, "end_column": 7,
    "logical_id": "Data", "property_path": "Resources.Data",
    "message": "Bucket Data has no BucketEncryption",
    "fingerprint": "2b9199b2d2dfa031:1", "suppressed": false, "suppressions": []})"));
}

TEST_CASE("json: unknown positions and severities are null, suppressions listed") {
  json findings = json::parse(json_text(sample_report()))["findings"];
  const json& suppressed = findings[2];
  CHECK(suppressed["suppressed"] == true);
  CHECK(suppressed["suppressions"] ==
        json::parse(R"([{"kind": "inSource", "justification": "Access logs hold no customer data"}])"));
  const json& tracing = findings[1];
  CHECK(tracing["security_severity"].is_null());
  const json& positionless = findings[5];
  CHECK(positionless["level"] == "warning");  // the finding's level, not the rule's
  for (const char* key : {"line", "column", "end_line", "end_column"})
    CHECK(positionless[key].is_null());
}

TEST_CASE("json: fingerprints equal SARIF's primaryLocationLineHash") {
  ScanReport report = sample_report();
  json findings = json::parse(json_text(report))["findings"];
  json results = json::parse(sarif_text(report))["runs"][0]["results"];
  REQUIRE(findings.size() == results.size());
  for (size_t i = 0; i < findings.size(); ++i)
    CHECK(findings[i]["fingerprint"] == results[i]["partialFingerprints"]["primaryLocationLineHash"]);
}

TEST_CASE("json: output is deterministic and survives invalid UTF-8") {
  ScanReport report = sample_report();
  CHECK(json_text(report) == json_text(report));
  report.files[0].findings[0].message = "bad \xff byte";
  json doc = json::parse(json_text(report));
  CHECK(doc["findings"][0]["message"] == "bad \xEF\xBF\xBD byte");
}

TEST_CASE("json: golden file", "[golden]") {
  std::string actual = without_version(json_text(sample_report()));
  INFO("regenerate with CFN_SCAN_UPDATE_GOLDEN=1 (docs/output-formats.md)");
  CHECK(actual == golden("json.json", actual));
}

// The reporters write findings piece by piece (json_stream.h), copying plain strings as
// they are; the document must still be exactly what nlohmann prints for it whole.
TEST_CASE("json and SARIF: written as dump(2) prints them, whatever the strings hold") {
  // Each string holds one kind of character that needs care, so that none hides another.
  const std::vector<std::string> texts = {
      "tab\there",         "control \x01 char", "delete \x7f char",     "say \"hi\"",
      "C:\\path",          "Caf\xC3\xA9",        "lock \xF0\x9F\x94\x92", "bad \xff byte",
      "plain ASCII text"};
  ScanReport report = sample_report();
  size_t next = 0;
  for (FileReport& file : report.files) {
    for (Finding& finding : file.findings) {
      finding.message = texts[next++ % texts.size()];
      finding.logical_id = texts[next++ % texts.size()];
      finding.property_path = "Resources." + texts[next++ % texts.size()];
    }
  }
  REQUIRE(next >= texts.size());
  for (const std::string& text : {json_text(report), sarif_text(report)}) {
    nlohmann::ordered_json parsed = nlohmann::ordered_json::parse(text);
    CHECK(text == parsed.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n");
  }
}
