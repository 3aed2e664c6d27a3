// Helpers shared by the workflow tests (suppressions, configuration, baselines, CI
// formats): building a template from text, and golden files under tests/golden/workflow.
#pragma once

#include "support/golden.h"

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/scanner.h"
#include "model/loader.h"
#include "model/template.h"
#include "policy/engine.h"

#ifndef CFN_SCAN_SOURCE_DIR
#define CFN_SCAN_SOURCE_DIR "."
#endif

namespace cfn::workflow_test {

// A template and its findings, as the scanner would produce them before suppressions.
struct Analyzed {
  Template tmpl;
  std::vector<Finding> findings;
};

// The workflow tests are about suppressions, baselines and formats, not the catalog:
// they run the first three rules and the template rules only, so that a new rule
// firing on their small templates does not change what they count.
inline bool workflow_rule(const RuleMeta& rule) {
  return rule.id == "s3-bucket-no-encryption" || rule.id == "iam-policy-wildcard-action" ||
         rule.id == "lambda-function-no-tracing" || rule.service == "template";
}

inline Analyzed analyze_text(std::string text, const std::string& path = "template.yaml") {
  auto source = std::make_shared<SourceFile>(path, std::move(text));
  Template tmpl = Template::build(load_document(source));
  std::vector<Finding> findings = analyze(tmpl, RuleFilter{.enabled = workflow_rule});
  return Analyzed{std::move(tmpl), std::move(findings)};
}

inline std::vector<const Finding*> of_rule(const std::vector<Finding>& findings, std::string_view rule) {
  std::vector<const Finding*> matching;
  for (const Finding& finding : findings)
    if (finding.rule && finding.rule->id == rule) matching.push_back(&finding);
  return matching;
}


inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// The golden file tests/golden/workflow/<name> (see support/golden.h).
inline std::string golden(std::string_view name, const std::string& actual) {
  return testing::golden("workflow", name, actual);
}

}  // namespace cfn::workflow_test
