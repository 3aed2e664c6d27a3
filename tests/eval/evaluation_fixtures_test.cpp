// The fixtures under fixtures/evaluation/ are true or false only once values are
// evaluated. The fixture runner checks where their findings land; these tests check what
// the findings say (the condition under which they hold) and that parameter values given
// on the command line change the outcome the way CloudFormation would.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "cli/scanner.h"
#include "support/fixtures.h"

using namespace cfn;

namespace {

ScannedFile scan_fixture(const std::string& name, const ParameterValues& parameters = {}) {
  ScanOptions options;
  options.parameters = parameters;
  const std::string file = "fixtures/evaluation/" + name;
  return scan_file(cfn::testing::source_dir() + "/" + file, file, options);
}

// The messages of one rule's findings, in report order.
std::vector<std::string> messages_of(const ScannedFile& scanned, std::string_view rule_id) {
  std::vector<std::string> messages;
  for (const Finding& finding : scanned.report.findings)
    if (finding.rule->id == rule_id) messages.push_back(finding.message);
  return messages;
}

ParameterValues values(std::initializer_list<std::pair<const std::string, std::string>> pairs) {
  ParameterValues parameters;
  for (const auto& [key, value] : pairs) parameters.values[key] = value;
  return parameters;
}

}  // namespace

TEST_CASE("a parameter default that turns encryption off is a finding", "[eval][fixtures]") {
  ScannedFile defaults = scan_fixture("parameter-defaults.yaml");
  REQUIRE(defaults.outcome == FileOutcome::Template);
  auto database = messages_of(defaults, "rds-instance-no-encryption");
  REQUIRE(database.size() == 1);  // ReportingDatabase's parameter has no default: unknown
  CHECK(database[0].find("OrdersDatabase") != std::string::npos);
  // The deployer may give another value: the message says where this one comes from.
  CHECK(database[0].ends_with("(the value is parameter EncryptDatabase's Default)"));
  auto topic = messages_of(defaults, "sns-topic-no-encryption");
  REQUIRE(topic.size() == 1);
  CHECK(topic[0].find("'s Default)") == std::string::npos);  // a condition, named as such
}

TEST_CASE("a Default that reaches the value through FindInMap, Select or Sub is named", "[eval][fixtures]") {
  ScannedFile scanned = scan_fixture("parameter-defaults-through-functions.yaml");
  REQUIRE(scanned.outcome == FileOutcome::Template);
  auto volumes = messages_of(scanned, "ec2-volume-no-encryption");
  REQUIRE(volumes.size() == 5);
  CHECK(volumes[4].ends_with("(the value comes from parameter VolumeChoice's Default)"));  // Select's index
  CHECK(volumes[0].ends_with("(the value comes from parameter Environment's Default)"));  // FindInMap key
  CHECK(volumes[1].ends_with("(the value comes from parameter Flags's Default)"));        // Select's list
  CHECK(volumes[2].ends_with("(the value comes from parameter Environment's Default)"));  // inside a Join
  CHECK(volumes[3].find("'s Default") == std::string::npos);  // every Legacy entry is "false"
  auto policy = messages_of(scanned, "sqs-queue-policy-public");
  REQUIRE(policy.size() == 1);
  CHECK(policy[0].ends_with("(the value comes from parameter TrustedAccount's Default)"));  // Sub
  // Mentioned, not deciding: the Region of an ARN naming aws/s3, a script's variables.
  auto key = messages_of(scanned, "s3-bucket-no-cmk");
  REQUIRE(key.size() == 3);
  CHECK(key[2].find("'s Default") == std::string::npos);  // a Join's delimiter is text too
  CHECK(key[0].find("'s Default") == std::string::npos);
  // A parameter that is one part of a text ("alias/${KeyAlias}") need not decide the
  // finding: a Region in an ARN naming aws/s3 does not.
  CHECK(key[1].find("'s Default") == std::string::npos);
  auto user_data = messages_of(scanned, "ec2-userdata-secret-plaintext");
  REQUIRE(user_data.size() == 2);
  for (const std::string& message : user_data) CHECK(message.find("'s Default") == std::string::npos);

  ScannedFile prod = scan_fixture("parameter-defaults-through-functions.yaml", values({{"Environment", "prod"}}));
  CHECK(messages_of(prod, "ec2-volume-no-encryption").size() == 3);  // Flags', Legacy's, VolumeChoice's are left
}

TEST_CASE("parameter values from the command line replace the defaults", "[eval][fixtures]") {
  ScannedFile encrypted = scan_fixture(
      "parameter-defaults.yaml", values({{"EncryptDatabase", "true"}, {"EventsKeyId", "alias/events"}}));
  CHECK(messages_of(encrypted, "rds-instance-no-encryption").empty());
  CHECK(messages_of(encrypted, "sns-topic-no-encryption").empty());

  ScannedFile reporting_off = scan_fixture("parameter-defaults.yaml", values({{"EncryptReporting", "false"}}));
  auto database = messages_of(reporting_off, "rds-instance-no-encryption");
  REQUIRE(database.size() == 2);
  for (const std::string& message : database) {
    INFO(message);
    // A value given on the command line is no Default; EncryptDatabase still takes its own.
    CHECK(message.find("parameter EncryptReporting's Default") == std::string::npos);
  }
  CHECK(std::count_if(database.begin(), database.end(), [](const std::string& message) {
          return message.ends_with("(the value is parameter EncryptDatabase's Default)");
        }) == 1);
}

TEST_CASE("a problem in one branch names the condition under which it holds", "[eval][fixtures]") {
  ScannedFile scanned = scan_fixture("condition-branches.yaml");
  REQUIRE(scanned.outcome == FileOutcome::Template);
  auto files = messages_of(scanned, "efs-filesystem-no-encryption");
  REQUIRE(files.size() == 1);
  CHECK(files[0].ends_with("(when IsProd is false)"));

  auto cache = messages_of(scanned, "elasticache-replicationgroup-no-encryption-at-rest");
  REQUIRE(cache.size() == 1);
  CHECK(cache[0].ends_with("(when IsProd is false)"));

  // Not unencrypted in any branch; in one branch the key is AWS managed.
  CHECK(messages_of(scanned, "sqs-queue-no-encryption").empty());
  auto queue_key = messages_of(scanned, "sqs-queue-no-cmk");
  REQUIRE(queue_key.size() == 1);
  CHECK(queue_key[0].ends_with("(when IsProd is false)"));
}

TEST_CASE("a resource with a Condition says under which condition it exists", "[eval][fixtures]") {
  ScannedFile scanned = scan_fixture("condition-branches.yaml");
  auto streams = messages_of(scanned, "kinesis-stream-no-encryption");
  REQUIRE(streams.size() == 1);  // AuditStream is encrypted whenever it exists
  CHECK(streams[0].find("DebugStream") != std::string::npos);
  CHECK(streams[0].ends_with("(when IsDev is true)"));
}

TEST_CASE("a condition fixed by a parameter value leaves one branch", "[eval][fixtures]") {
  ScannedFile prod = scan_fixture("condition-branches.yaml", values({{"Stage", "prod"}}));
  CHECK(messages_of(prod, "efs-filesystem-no-encryption").empty());
  CHECK(messages_of(prod, "kinesis-stream-no-encryption").empty());  // DebugStream is not deployed

  ScannedFile dev = scan_fixture("condition-branches.yaml", values({{"Stage", "dev"}}));
  auto files = messages_of(dev, "efs-filesystem-no-encryption");
  REQUIRE(files.size() == 1);
  CHECK(files[0].find("(when") == std::string::npos);  // true in the only deployment there is
}

TEST_CASE("a wildcard from a separate policy resource reaches the function", "[eval][fixtures]") {
  ScannedFile scanned = scan_fixture("separate-policy.yaml");
  REQUIRE(scanned.outcome == FileOutcome::Template);
  auto reached = messages_of(scanned, "lambda-role-wildcard-action");
  REQUIRE(reached.size() == 2);
  CHECK(reached[0].find("ResizeFunction") != std::string::npos);
  CHECK(reached[0].find("ResizeExtraPermissions") != std::string::npos);
  CHECK(reached[1].find("IndexFunction") != std::string::npos);
  CHECK(reached[1].find("IndexPermissions") != std::string::npos);

  // The policy's own finding names the roles the graph attaches it to.
  auto policies = messages_of(scanned, "iam-policy-wildcard-action");
  REQUIRE(policies.size() == 2);
  CHECK(policies[0].starts_with("ResizeExtraPermissions (attached to role ResizeFunctionRole) has"));
  CHECK(policies[1].starts_with("IndexPermissions (attached to role IndexRole) has"));
}

TEST_CASE("a resource covered by another resource under a Condition is reported where it is not deployed",
          "[eval][fixtures]") {
  // rule, fixture: each has one finding, on the deployments without the companion (a web
  // ACL association, a log group, a flow log, a bucket policy created only when IsProd).
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"apigateway-restapi-no-waf", "apigateway-restapi-no-waf/conditional-association.yaml"},
      {"lambda-function-no-log-retention", "lambda-function-no-log-retention/conditional-log-group.yaml"},
      {"ec2-vpc-no-flow-logs", "ec2-vpc-no-flow-logs/conditional-flow-log.yaml"},
      {"s3-bucket-no-tls-policy", "s3-bucket-no-tls-policy/policy-under-condition.yaml"},
  };
  for (const auto& [rule, fixture] : cases) {
    INFO(fixture);
    const std::string file = "fixtures/" + fixture;
    ScanOptions options;
    ScannedFile scanned = scan_file(cfn::testing::source_dir() + "/" + file, file, options);
    auto messages = messages_of(scanned, rule);
    REQUIRE(messages.size() == 1);
    CHECK(messages[0].ends_with("(when IsProd is false)"));
    options.parameters = values({{"Environment", "prod"}});  // the companion is deployed
    CHECK(messages_of(scan_file(cfn::testing::source_dir() + "/" + file, file, options), rule).empty());
    options.parameters = values({{"Environment", "dev"}});  // it is not: no condition left to name
    auto dev = messages_of(scan_file(cfn::testing::source_dir() + "/" + file, file, options), rule);
    REQUIRE(dev.size() == 1);
    CHECK(dev[0].find("(when") == std::string::npos);
  }
}

TEST_CASE("a function's finding found in its role's variant names the role's condition", "[eval][fixtures]") {
  auto when_of = [](const std::string& fixture) {
    const std::string file = "fixtures/lambda-role-wildcard-action/" + fixture;
    ScannedFile scanned = scan_file(cfn::testing::source_dir() + "/" + file, file, ScanOptions{});
    std::vector<std::string> found;
    for (const Finding& finding : scanned.report.findings) {
      if (finding.rule->id != "lambda-role-wildcard-action") continue;
      size_t when = finding.message.find(" (when");
      found.push_back(std::to_string(finding.range.begin.line) + (when == std::string::npos ? "" : finding.message.substr(when)));
    }
    return found;
  };
  // The If branch holds when IsDev is true; the parameter default on every deployment.
  CHECK(when_of("managed-policy-variants.yaml") == std::vector<std::string>{"30 (when IsDev is true)", "34"});
  CHECK(when_of("inline-action-variants.yaml") == std::vector<std::string>{"30 (when IsDev is true)"});
}

TEST_CASE("a list item whose index shifts between variants is one finding", "[eval][fixtures]") {
  const std::string file = "fixtures/iam-role-administrator-access/shifted-list.yaml";
  ScannedFile scanned = scan_file(cfn::testing::source_dir() + "/" + file, file, ScanOptions{});
  auto messages = messages_of(scanned, "iam-role-administrator-access");
  REQUIRE(messages.size() == 1);
  CHECK(messages[0].find("(when") == std::string::npos);
}

TEST_CASE("an unauthenticated method is reported where its API is open, with that condition", "[eval][fixtures]") {
  for (const std::string fixture : {"private-on-one-branch.yaml", "policy-on-one-branch.yaml"}) {
    INFO(fixture);
    const std::string file = "fixtures/apigateway-method-no-auth/" + fixture;
    ScannedFile scanned = scan_file(cfn::testing::source_dir() + "/" + file, file, ScanOptions{});
    auto messages = messages_of(scanned, "apigateway-method-no-auth");
    REQUIRE_FALSE(messages.empty());
    for (const std::string& message : messages) CHECK(message.ends_with("(when IsProd is false)"));
  }
}

TEST_CASE("a finding names only the conditions it depends on", "[eval][fixtures]") {
  ScannedFile scanned = scan_fixture("independent-conditions.yaml");
  // Each holds under one condition in both values of the other: naming the other too
  // ("and HasVersioning is true") would tell the reader the other value is safe.
  REQUIRE(messages_of(scanned, "s3-bucket-no-encryption").size() == 1);
  CHECK(messages_of(scanned, "s3-bucket-no-encryption").at(0).ends_with("(when HasEncryption is false)"));
  CHECK(messages_of(scanned, "s3-bucket-no-cmk").at(0).ends_with("(when HasEncryption is true)"));
  CHECK(messages_of(scanned, "sqs-queue-policy-public").at(0).ends_with("(when HasVersioning is true)"));
}

TEST_CASE("a policy created under a condition excuses only the variants deployed with it", "[eval][fixtures]") {
  const std::string file = "fixtures/s3-bucket-no-encryption/conditional-policy.yaml";
  ScannedFile scanned = scan_file(cfn::testing::source_dir() + "/" + file, file, ScanOptions{});
  // StateBucket splits on the condition itself; UploadsBucket has no condition of its own.
  std::vector<std::string> messages = messages_of(scanned, "s3-bucket-no-encryption");
  REQUIRE(messages.size() == 2);
  CHECK(messages[0].ends_with("(when HasEncryption is false)"));
  CHECK(messages[1].ends_with("(when HasEncryption is false)"));
}

TEST_CASE("a finding never names a wider set of deployments than it holds in", "[eval][fixtures]") {
  ScannedFile scanned = scan_fixture("nested-conditions.yaml");
  std::vector<std::string> messages = messages_of(scanned, "s3-bucket-no-encryption");
  REQUIRE(messages.size() == 1);
  // A standard, unmanaged, legacy bucket is encrypted: "(when IsLegacy is true)" would be wrong.
  CHECK(messages[0].ends_with("(when IsLegacy is true and IsPremium is true)"));
}

TEST_CASE("a condition a parameter's Default decides is named in the finding", "[eval][fixtures]") {
  // fixture, rule, how the message ends with the defaults, the parameter, a value that
  // removes the finding and the Default's own value, given on the command line.
  struct Case {
    std::string fixture, rule, ending, parameter, fixing, same_as_default;
  };
  const std::vector<Case> cases = {
      // A companion (the VPC's flow log) under a condition the Default makes false.
      {"switched-off-companions.yaml", "ec2-vpc-no-flow-logs", "(when CreateFlowLogs is false)", "EnableFlowLogs",
       "true", "false"},
      // The same for a bucket's TLS policy, which the check used to pass over entirely.
      {"switched-off-bucket-policy.yaml", "s3-bucket-no-tls-policy", "(when TlsOnly is false)", "EnforceTls", "true",
       "false"},
      // An Fn::If on the way to the property, its branch chosen by the Default; the
      // imported key of the other branch is unknown, so not judged.
      {"default-decided-branches.yaml", "sns-topic-no-encryption",
       "is not set. Set KmsMasterKeyId to a KMS key, preferably a customer managed key, to turn on server-side "
       "encryption. (when HasKmsKey is false)",
       "ParentKmsKeyStack", "keys", ""},
  };
  for (const Case& c : cases) {
    INFO(c.fixture);
    ScannedFile defaults = scan_fixture(c.fixture);
    REQUIRE(defaults.outcome == FileOutcome::Template);
    auto named = messages_of(defaults, c.rule);
    REQUIRE(named.size() == 1);
    CHECK(named[0].ends_with(c.ending));

    CHECK(messages_of(scan_fixture(c.fixture, values({{c.parameter, c.fixing}})), c.rule).empty());

    // The same value given on the command line is the user's choice: no condition to name.
    auto chosen = messages_of(scan_fixture(c.fixture, values({{c.parameter, c.same_as_default}})), c.rule);
    REQUIRE(chosen.size() == 1);
    CHECK(chosen[0].find("(when") == std::string::npos);
  }
}

TEST_CASE("a list item the Default drops shifts no condition onto a later item's finding", "[eval][fixtures]") {
  ScannedFile defaults = scan_fixture("default-decided-branches.yaml");
  auto wildcard = messages_of(defaults, "iam-policy-wildcard-action");
  REQUIRE(wildcard.size() == 1);
  CHECK(wildcard[0].find("Statement[0].Action") != std::string::npos);  // counted among those that remain
  CHECK(wildcard[0].find("(when") == std::string::npos);
}
