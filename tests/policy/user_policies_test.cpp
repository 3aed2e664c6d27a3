// User policies end to end, through the real binary: the worked examples of
// docs/policy-language.md (docs/examples/policies over fixtures/policy-language), policy
// file errors as the user sees them, id collisions, the config file's `policies:`, and
// user rules in every output.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "support/fixtures.h"
#include "support/process.h"

namespace fs = std::filesystem;
using cfn::testing::Expectation;

namespace {

const std::string kExamples = "docs/examples/policies";

cfn::testing::ProcessResult cfn_scan(const std::string& arguments) {
  return cfn::testing::run_shell("cd '" + cfn::testing::source_dir() + "' && NO_COLOR=1 '" + CFN_SCAN_BINARY +
                                 "' " + arguments + " 2>&1");
}

// The ids of the example policies: the rules the policy-language fixtures annotate.
std::set<std::string> example_rule_ids() {
  std::set<std::string> ids;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(cfn::testing::source_dir()) / kExamples))
    if (entry.path().extension() == ".yaml") ids.insert(entry.path().stem().string());
  return ids;
}

// A scratch folder that disappears with the test.
struct ScratchDir {
  fs::path path = fs::temp_directory_path() / ("cfn-scan-policies-" + std::to_string(::getpid()));
  ScratchDir() { fs::create_directories(path / "mine"); }
  ~ScratchDir() { fs::remove_all(path); }
  void write(const std::string& name, const std::string& text) const { std::ofstream(path / name) << text; }
};

const char* kValidPolicy = R"(id: sqs-queue-no-dead-letter
title: SQS queue has no dead-letter queue
severity: warning
security-severity: "2.0"
precision: high
tags: [logging, observability]
resource-types: [AWS::SQS::Queue]
message: Queue {resource} has no RedrivePolicy ({path}).
description: Reports a queue without RedrivePolicy.
remediation: Add a RedrivePolicy.
require:
  path: RedrivePolicy
  exists: true
)";

const char* kTemplate = R"(Resources:
  Queue:
    Type: AWS::SQS::Queue
)";

}  // namespace

TEST_CASE("the policy-language fixtures report exactly their annotations under the example policies",
          "[policy][user-policies][cli]") {
  auto ids = example_rule_ids();
  REQUIRE(ids.size() >= 5);
  std::set<std::string> annotated;
  for (const std::string& file : cfn::testing::fixture_files()) {
    if (!file.starts_with("fixtures/policy-language/")) continue;
    INFO(file);
    auto run = cfn_scan("scan --policies " + kExamples + " --format json --fail-on never " + file);
    REQUIRE(run.status == 0);
    std::set<Expectation> found;
    nlohmann::json report = nlohmann::json::parse(run.out);
    for (const auto& finding : report["findings"]) {
      std::string rule = finding["rule_id"];
      if (ids.count(rule)) found.emplace(finding["line"].get<uint32_t>(), rule);
    }
    auto expected = cfn::testing::read_expectations(file);
    CHECK(found == expected.expect);
    for (const Expectation& item : found) CHECK_FALSE(expected.ok.count(item));
    for (const auto& item : expected.expect) annotated.insert(item.second);
    for (const auto& item : expected.ok) annotated.insert(item.second);
  }
  CHECK(annotated == ids);  // every example policy is exercised
}

TEST_CASE("a user policy runs in every output format and in rules / explain", "[policy][user-policies][cli]") {
  ScratchDir dir;
  dir.write("mine/sqs-queue-no-dead-letter.yaml", kValidPolicy);
  dir.write("template.yaml", kTemplate);
  std::string common = " --policies '" + (dir.path / "mine").string() + "' '" + (dir.path / "template.yaml").string() + "'";

  auto text = cfn_scan("scan" + common);
  CHECK(text.status == 1);
  CHECK(text.out.find(":2:3: warning sqs-queue-no-dead-letter Queue Queue has no RedrivePolicy "
                      "(Resources.Queue.Properties.RedrivePolicy).") != std::string::npos);

  auto sarif = nlohmann::json::parse(cfn_scan("scan --format sarif --fail-on never" + common).out);
  const auto& run = sarif["runs"][0];
  bool listed = false;
  for (const auto& rule : run["tool"]["driver"]["rules"]) listed |= rule["id"] == "sqs-queue-no-dead-letter";
  CHECK(listed);
  bool reported = false;
  for (const auto& result : run["results"]) reported |= result["ruleId"] == "sqs-queue-no-dead-letter";
  CHECK(reported);

  auto disabled = cfn_scan("scan --disable sqs-queue-no-dead-letter --fail-on never" + common);
  CHECK(disabled.status == 0);
  CHECK(disabled.out.find("sqs-queue-no-dead-letter") == std::string::npos);

  auto rules = cfn_scan("rules --policies '" + (dir.path / "mine").string() + "'");
  CHECK(rules.out.find("sqs-queue-no-dead-letter") != std::string::npos);
  auto explain = cfn_scan("explain sqs-queue-no-dead-letter --policies '" + (dir.path / "mine").string() + "'");
  CHECK(explain.status == 0);
  CHECK(explain.out.starts_with("sqs-queue-no-dead-letter (warning, security-severity 2.0)\nSQS queue has no dead-letter queue\n"));
}

TEST_CASE("the config file's policies: folders are relative to it", "[policy][user-policies][cli]") {
  ScratchDir dir;
  dir.write("mine/sqs-queue-no-dead-letter.yaml", kValidPolicy);
  dir.write("template.yaml", kTemplate);
  dir.write(".cfn-scan.yaml", "policies:\n  - mine\n");
  auto run = cfn_scan("scan --fail-on never '" + (dir.path / "template.yaml").string() + "'");
  CHECK(run.status == 0);
  CHECK(run.out.find("sqs-queue-no-dead-letter") != std::string::npos);
}

TEST_CASE("a policy folder named in the config and again with --policies is read once",
          "[policy][user-policies][cli]") {
  ScratchDir dir;
  dir.write("mine/sqs-queue-no-dead-letter.yaml", kValidPolicy);
  dir.write("template.yaml", kTemplate);
  dir.write(".cfn-scan.yaml", "policies:\n  - mine\n");
  auto run =
      cfn_scan("scan --fail-on never --format json --policies '" + (dir.path / "mine").string() + "' --policies '" +
               (dir.path / "mine" / ".").string() + "' '" + (dir.path / "template.yaml").string() + "'");
  CHECK(run.status == 0);
  auto report = nlohmann::json::parse(run.out);
  int reported = 0;
  for (const auto& finding : report["findings"]) reported += finding["rule_id"] == "sqs-queue-no-dead-letter";
  CHECK(reported == 1);
}

TEST_CASE("a bad user policy is a usage error with file:line:col and a caret", "[policy][user-policies][cli]") {
  ScratchDir dir;
  dir.write("template.yaml", kTemplate);
  std::string policy = kValidPolicy;
  policy.replace(policy.find("exists: true"), 12, "exist: true");
  dir.write("mine/sqs-queue-no-dead-letter.yaml", policy);
  std::string file = (dir.path / "mine" / "sqs-queue-no-dead-letter.yaml").string();
  auto run = cfn_scan("scan --policies '" + (dir.path / "mine").string() + "' '" + (dir.path / "template.yaml").string() + "'");
  CHECK(run.status == 2);
  CHECK(run.out == file + ":13:3: error: Unknown predicate key 'exist'; a test is one of all, any, not, exists, "
                          "truthy, equals, in, matches, greater-than, less-than, empty, every, some, target, "
                          "referenced-by, resource-type, native.\n"
                          "    exist: true\n"
                          "    ^\n");
}

TEST_CASE("a user rule id may not be a built-in one nor repeat another", "[policy][user-policies][cli]") {
  ScratchDir dir;
  dir.write("template.yaml", kTemplate);
  std::string builtin = kValidPolicy;
  builtin.replace(0, builtin.find('\n'), "id: sqs-queue-no-encryption");
  fs::create_directories(dir.path / "other");
  dir.write("mine/sqs-queue-no-encryption.yaml", builtin);
  dir.write("mine/sqs-queue-no-dead-letter.yaml", kValidPolicy);
  dir.write("other/sqs-queue-no-dead-letter.yaml", kValidPolicy);
  auto run = cfn_scan("scan --policies '" + (dir.path / "mine").string() + "' --policies '" +
                      (dir.path / "other").string() + "' '" + (dir.path / "template.yaml").string() + "'");
  CHECK(run.status == 2);
  CHECK(run.out.find("mine/sqs-queue-no-encryption.yaml:1:1: error: The rule id 'sqs-queue-no-encryption' is "
                     "already used by a built-in rule; choose another.\n  id: sqs-queue-no-encryption\n  ^\n") !=
        std::string::npos);
  CHECK(run.out.find("other/sqs-queue-no-dead-letter.yaml:1:1: error: The rule id 'sqs-queue-no-dead-letter' is "
                     "already used by another user policy; choose another.") != std::string::npos);
}

TEST_CASE("a user policy may not be native", "[policy][user-policies][cli]") {
  ScratchDir dir;
  dir.write("template.yaml", kTemplate);
  std::string native = kValidPolicy;
  native.replace(native.find("require:"), std::string::npos, "check: native\n");
  dir.write("mine/sqs-queue-no-dead-letter.yaml", native);
  auto run = cfn_scan("rules --policies '" + (dir.path / "mine").string() + "'");
  CHECK(run.status == 2);
  CHECK(run.out.find(":11:1: error: A user policy is declarative: remove 'check' and write the rule as "
                     "'require'.\n  check: native\n  ^\n") != std::string::npos);
}

TEST_CASE("a missing policy folder is a usage error", "[policy][user-policies][cli]") {
  auto run = cfn_scan("scan --policies no/such/folder fixtures/policy-language/compute.yaml");
  CHECK(run.status == 2);
  CHECK(run.out == "no/such/folder: error: not a folder of policies\n");
}
