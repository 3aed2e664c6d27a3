// The annotated-fixture runner: for every file under fixtures/, the (line, rule) pairs
// cfn-scan reports must equal the file's `# expect:` annotations exactly, and no
// finding may land on an `# ok:` line. Failures print the source line.
#include <catch2/catch.hpp>
#include <map>
#include <sstream>

#include "cli/scanner.h"
#include "policy/rule.h"
#include "support/fixtures.h"

using namespace cfn;
using cfn::testing::Expectation;

namespace {

std::string describe(const std::string& file, const SourceFile* source, const Expectation& item,
                     const std::string& problem) {
  std::ostringstream text;
  text << file << ':' << item.first << ": " << problem << ' ' << item.second << '\n';
  if (source) text << "    " << item.first << " | " << source->line(item.first) << '\n';
  return text.str();
}

std::set<Expectation> reported(const ScannedFile& scanned) {
  std::set<Expectation> found;
  for (const Finding& finding : scanned.report.findings)
    found.emplace(finding.range.begin.line, std::string(finding.rule->id));
  return found;
}

std::string compare(const std::string& file, const ScannedFile& scanned,
                    const cfn::testing::FixtureExpectations& expected) {
  if (expected.not_a_template) {
    return scanned.outcome == FileOutcome::NotTemplate ? "" : file + ": expected to be skipped as not a template\n";
  }
  if (scanned.outcome != FileOutcome::Template) return file + ": not recognised as a template\n";
  std::string failures;
  const SourceFile* source = scanned.report.source.get();
  auto found = reported(scanned);
  // A rule's finding names the property it is about (the template-* findings of the
  // loader may stand for the whole file).
  for (const Finding& finding : scanned.report.findings) {
    if (finding.property_path.empty() && !finding.rule->id.starts_with("template-"))
      failures += file + ": a " + std::string(finding.rule->id) + " finding without a property path\n";
  }
  for (const Expectation& item : expected.expect) {
    if (!found.count(item)) failures += describe(file, source, item, "missing finding");
  }
  for (const Expectation& item : found) {
    if (expected.ok.count(item)) {
      failures += describe(file, source, item, "finding on an ok line:");
    } else if (!expected.expect.count(item)) {
      failures += describe(file, source, item, "unexpected finding");
    }
  }
  return failures;
}

}  // namespace

namespace {

// The worked examples of docs/policy-language.md annotate user policies: they run through
// `--policies` in tests/policy/user_policies_test.cpp.
bool built_in_fixture(const std::string& file) { return !file.starts_with("fixtures/policy-language/"); }

}  // namespace

TEST_CASE("every fixture reports exactly its annotated findings", "[fixtures]") {
  auto files = cfn::testing::fixture_files();
  REQUIRE(!files.empty());
  for (const std::string& file : files) {
    if (!built_in_fixture(file)) continue;
    auto expected = cfn::testing::read_expectations(file);
    ScannedFile scanned = scan_file(cfn::testing::source_dir() + "/" + file, file, ScanOptions{});
    std::string failures = compare(file, scanned, expected);
    INFO(failures);
    CHECK(failures.empty());
  }
}

TEST_CASE("every rule has a fixture with an expect and an ok", "[fixtures]") {
  std::map<std::string, std::pair<int, int>> counts;  // rule -> (expects, oks)
  for (const std::string& file : cfn::testing::fixture_files()) {
    if (!built_in_fixture(file)) continue;
    auto expected = cfn::testing::read_expectations(file);
    for (const auto& item : expected.expect) ++counts[item.second].first;
    for (const auto& item : expected.ok) ++counts[item.second].second;
  }
  for (const RuleMeta& rule : builtin_rules()) {
    INFO("rule " << rule.id);
    CHECK(counts[std::string(rule.id)].first > 0);
    CHECK(counts[std::string(rule.id)].second > 0);
  }
}
