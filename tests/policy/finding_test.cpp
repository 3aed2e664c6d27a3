// The report order every reporter relies on: deterministic, and stable for ties.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "policy/finding.h"

using namespace cfn;

namespace {

RuleMeta rule_named(std::string_view id) {
  RuleMeta rule;
  rule.id = id;
  return rule;
}

const RuleMeta kRuleA = rule_named("a-rule");
const RuleMeta kRuleB = rule_named("b-rule");

Finding at(uint32_t line, uint32_t column, const RuleMeta& rule, std::string message) {
  Finding finding;
  finding.rule = &rule;
  finding.range.begin = {line, column};
  finding.message = std::move(message);
  return finding;
}

std::vector<std::string> messages(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const Finding& finding : findings) out.push_back(finding.message);
  return out;
}

}  // namespace

TEST_CASE("sort_findings orders by position, then rule id", "[policy][finding]") {
  std::vector<Finding> findings{at(9, 1, kRuleA, "x"), at(2, 5, kRuleB, "y"), at(2, 5, kRuleA, "z"), at(2, 1, kRuleB, "w")};
  sort_findings(findings);
  CHECK(messages(findings) == std::vector<std::string>{"w", "z", "y", "x"});
}

TEST_CASE("sort_findings keeps findings that compare equal in the order they came", "[policy][finding]") {
  // Same place, rule and message: only their order tells them apart, and it must hold
  // (the suppression step and the reporters see the rule's own order).
  std::vector<Finding> findings;
  for (int i = 0; i < 40; ++i) {
    findings.push_back(at(3, 1, kRuleA, "same"));
    findings.back().sam_resource = std::to_string(i);
  }
  findings.push_back(at(1, 1, kRuleA, "first"));
  sort_findings(findings);
  REQUIRE(findings.size() == 41);
  CHECK(findings[0].message == "first");
  for (int i = 0; i < 40; ++i) CHECK(findings[static_cast<size_t>(i) + 1].sam_resource == std::to_string(i));
}

TEST_CASE("sort_findings takes an empty list", "[policy][finding]") {
  std::vector<Finding> findings;
  sort_findings(findings);
  CHECK(findings.empty());
}

TEST_CASE("sort_findings gives std::stable_sort's order", "[policy][finding]") {
  // Findings are put in place along the cycles of the sorted order: many cycles of many
  // lengths, fixed points and ties among them.
  std::vector<Finding> findings;
  for (uint32_t i = 0; i < 300; ++i) {
    findings.push_back(at(1 + (i * 7919) % 37, 1 + i % 3, i % 2 ? kRuleA : kRuleB, "m" + std::to_string(i % 5)));
    findings.back().sam_resource = std::to_string(i);  // tells ties apart after sorting
  }
  std::vector<Finding> expected = findings;
  std::stable_sort(expected.begin(), expected.end(), finding_less);
  sort_findings(findings);
  std::vector<std::string> got_order, expected_order;
  for (const Finding& finding : findings) got_order.push_back(finding.sam_resource);
  for (const Finding& finding : expected) expected_order.push_back(finding.sam_resource);
  CHECK(got_order == expected_order);
}
