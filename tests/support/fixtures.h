// Annotated fixtures (DESIGN.md, Tests): finding the files and reading their expectations.
#pragma once

#include <set>
#include <string>
#include <utility>
#include <vector>

namespace cfn::testing {

// (line, rule id)
using Expectation = std::pair<uint32_t, std::string>;

struct FixtureExpectations {
  std::set<Expectation> expect;  // findings that must appear, exactly these
  std::set<Expectation> ok;      // lines where that rule must stay silent
  bool not_a_template = false;   // `# cfn-scan-fixture: not-a-template`: must be skipped
};

std::string source_dir();
// Every fixture under fixtures/, relative to the source dir, sorted.
std::vector<std::string> fixture_files();
std::string read_text(const std::string& path);
// YAML: `# expect: ID[, ID]` / `# ok: ID[, ID]` above the target line (annotations stack),
// and for lines inside a block scalar, where a comment is text, NAME.yaml.expect rows.
// JSON: NAME.json.expect rows `LINE RULE-ID` or `LINE ok:RULE-ID`.
FixtureExpectations read_expectations(const std::string& relative_path);

}  // namespace cfn::testing
