// SARIF within GitHub's limits (results per run, file size), and fingerprints that stay
// equal when lines are inserted above a finding.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "report/report_fixture.h"
#include "report/sarif_limits.h"
#include "workflow_support.h"

using namespace cfn;
using namespace cfn::report_fixture;
using nlohmann::json;

namespace {

std::string plain_sarif(const ScanReport& report) {
  std::ostringstream out;
  write_sarif(report, out);
  return out.str();
}

struct Limited {
  SarifLimitOutcome outcome;
  json results;
  size_t bytes = 0;
};

Limited limited(const ScanReport& report, const SarifLimits& limits) {
  std::ostringstream out;
  Limited result;
  result.outcome = write_sarif_within_limits(report, out, limits);
  result.bytes = out.str().size();
  result.results = json::parse(out.str())["runs"][0]["results"];
  return result;
}

std::vector<std::string> rule_ids(const json& results) {
  std::vector<std::string> ids;
  for (const json& result : results) ids.push_back(result["ruleId"]);
  return ids;
}

std::map<std::string, std::string> fingerprints_by_path(const std::string& text) {
  ScannedFile scanned = scan_text(text, "stacks/app.yaml", ScanOptions{});
  ScanReport report;
  report.files.push_back(std::move(scanned.report));
  report.rules = builtin_rules();
  json results = json::parse(plain_sarif(report))["runs"][0]["results"];
  std::map<std::string, std::string> fingerprints;
  for (const json& result : results) {
    std::string key = result["ruleId"].get<std::string>() + " " +
                      result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"].get<std::string>() + " " +
                      result["partialFingerprints"]["primaryLocationLineHash"].get<std::string>();
    fingerprints[key] = std::to_string(result["locations"][0]["physicalLocation"]["region"]["startLine"].get<int>());
  }
  return fingerprints;
}

}  // namespace

TEST_CASE("sarif limits: GitHub's documented limits are the defaults") {
  SarifLimits limits;
  CHECK(limits.max_results == 25'000);
  CHECK(limits.max_bytes == 10u * 1024 * 1024);
}

TEST_CASE("sarif limits: a log within the limits is write_sarif's, untouched") {
  std::ostringstream out;
  SarifLimitOutcome outcome = write_sarif_within_limits(sample_report(), out);
  CHECK(out.str() == plain_sarif(sample_report()));
  CHECK(outcome.kept == 7);
  CHECK(outcome.dropped == 0);
  CHECK(outcome.warning.empty());
}

TEST_CASE("sarif limits: too many results keeps the most severe, in report order") {
  Limited result = limited(sample_report(), SarifLimits{.max_results = 3});
  CHECK(result.outcome.kept == 3);
  CHECK(result.outcome.dropped == 4);
  // The two errors, then the warning with the highest security-severity (the generated
  // role's, 8.1, over the bucket's 5.3); kept findings stay in report order.
  CHECK(rule_ids(result.results) ==
        std::vector<std::string>{"iam-role-wildcard-action", "iam-role-wildcard-action", "iam-role-wildcard-action"});
  CHECK(result.outcome.warning ==
        "cfn-scan: warning: the SARIF log would exceed GitHub's limit of 3 results per run; it holds the 3 most "
        "severe of 7 findings, 4 less severe ones left out (use --format json or text for all of them)");
}

TEST_CASE("sarif limits: suppressed results go before unsuppressed notes") {
  Limited result = limited(sample_report(), SarifLimits{.max_results = 6});
  for (const json& item : result.results) CHECK_FALSE(item.contains("suppressions"));
}

TEST_CASE("sarif limits: a log too large in bytes is cut to fit") {
  size_t full = plain_sarif(sample_report()).size();
  Limited result = limited(sample_report(), SarifLimits{.max_bytes = full - 1});
  CHECK(result.bytes <= full - 1);
  CHECK(result.outcome.kept == 6);
  CHECK(result.outcome.warning.find("limit of " + std::to_string(full - 1) + " bytes per file") != std::string::npos);
  // Even an impossible limit yields a valid log: the run with no results.
  Limited tiny = limited(sample_report(), SarifLimits{.max_bytes = 10});
  CHECK(tiny.outcome.kept == 0);
  CHECK(tiny.results.empty());
}

TEST_CASE("sarif: fingerprints stay equal when lines are inserted above a finding") {
  const std::string original =
      "AWSTemplateFormatVersion: '2010-09-09'\n"
      "Resources:\n"
      "  Logs:\n"
      "    Type: AWS::S3::Bucket\n"
      "  Role:\n"
      "    Type: AWS::IAM::Role\n"
      "    Properties:\n"
      "      AssumeRolePolicyDocument: {}\n"
      "      Policies:\n"
      "        - PolicyName: all\n"
      "          PolicyDocument:\n"
      "            Statement:\n"
      "              - {Effect: Allow, Action: '*', Resource: '*'}\n";
  std::string moved = original;
  moved.insert(moved.find("Resources:"), "Description: three\n# more\n\n");
  moved.insert(moved.find("  Role:"), "  # a comment inside Resources\n");
  auto before = fingerprints_by_path(original);
  auto after = fingerprints_by_path(moved);
  REQUIRE(before.size() >= 2);
  REQUIRE(before.size() == after.size());
  auto b = before.begin();
  for (auto a = after.begin(); a != after.end(); ++a, ++b) {
    CHECK(a->first == b->first);                           // rule, path and fingerprint equal
    CHECK(std::stoi(a->second) > std::stoi(b->second));    // while the line moved
  }
}
