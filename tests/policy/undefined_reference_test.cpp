// template-undefined-reference reports a misspelt name once per place it is written. The
// fixture runner compares (line, rule) pairs as a set, so it cannot see a second report
// of the same reference; this test counts them.
#include <catch2/catch.hpp>

#include "cli/scanner.h"
#include "policy/rule.h"
#include "support/fixtures.h"

using namespace cfn;

namespace {

// The template-undefined-reference findings of a fixture, in report order.
std::vector<Finding> undefined_references(const std::string& file) {
  ScannedFile scanned = scan_file(cfn::testing::source_dir() + "/" + file, file, ScanOptions{});
  REQUIRE(scanned.outcome == FileOutcome::Template);
  std::vector<Finding> found;
  for (const Finding& finding : scanned.report.findings)
    if (finding.rule->id == "template-undefined-reference") found.push_back(finding);
  return found;
}

}  // namespace

TEST_CASE("a reference SAM copies into a connector's policy is reported once", "[policy][sam]") {
  const std::string file = "fixtures/template-undefined-reference/sam-connector-copies.yaml";
  std::map<uint32_t, int> per_line;
  for (const Finding& finding : undefined_references(file)) ++per_line[finding.range.begin.line];
  // Worker's Role: !GetAtt WorkerRoel.Arn, and Reporter's Role: !Ref ExecutionRoleArnn,
  // which SAM copies into ReporterReadsOrdersPolicy's Roles at the same place.
  CHECK(per_line == std::map<uint32_t, int>{{37, 1}, {81, 1}});
}

TEST_CASE("each undefined name in one Fn::Sub string is reported, at the name", "[policy]") {
  const std::string file = "fixtures/template-undefined-reference/sub-blanks.yaml";
  std::vector<std::pair<uint32_t, uint32_t>> at;
  for (const Finding& finding : undefined_references(file))
    at.emplace_back(finding.range.begin.line, finding.range.begin.column);
  // "Alerts for ${ Stagee } ..." and "audit-${Stag}-${AlertKey.Arn}-...": three names.
  CHECK(at == std::vector<std::pair<uint32_t, uint32_t>>{{25, 40}, {33, 32}, {33, 40}});
}

TEST_CASE("a name YAML 1.1 reads as a boolean key says why it is not defined", "[policy]") {
  const std::string file = "fixtures/template-undefined-reference/yaml11-boolean-key.yaml";
  std::vector<std::string> messages;
  for (const Finding& finding : undefined_references(file)) messages.push_back(finding.message);
  REQUIRE(messages.size() == 2);
  CHECK_THAT(messages[0], Catch::Contains("YAML 1.1 reads the unquoted key On as the boolean true: quote it, 'On'"));
  // !Ref Yes: the template has a key read as true, but it is written On, not Yes.
  CHECK_THAT(messages[1], !Catch::Contains("YAML 1.1"));
}

TEST_CASE("a missing map key written once in SAM Globals is reported once, for its SAM resource", "[policy][sam]") {
  const std::string file = "fixtures/template-undefined-reference/findinmap-keys-sam-globals.yaml";
  std::vector<std::string> messages;
  for (const Finding& finding : undefined_references(file)) messages.push_back(finding.message);
  REQUIRE(messages.size() == 1);  // two functions inherit the lookup
  CHECK_THAT(messages[0], Catch::StartsWith("OrdersFunction looks up the key production in the mapping StageSettings"));
  CHECK_THAT(messages[0], Catch::Contains("(its keys: prod)"));
}

TEST_CASE("a name YAML 1.1 reads as a boolean value says so, and to quote it only if that helps", "[policy]") {
  const std::string file = "fixtures/template-undefined-reference/yaml11-boolean-value.yaml";
  std::map<uint32_t, std::string> messages;
  for (const Finding& finding : undefined_references(file)) messages[finding.range.begin.line] = finding.message;
  // Condition: Yes, where the template defines the condition 'Yes': quoting fixes it.
  CHECK_THAT(messages[12], Catch::Contains("reads the unquoted Yes as the boolean true: quote it, 'Yes')"));
  // DependsOn: No, and no resource is named No: quoting would not help.
  CHECK_THAT(messages[18], Catch::Contains("reads the unquoted No as the boolean false)"));
}
