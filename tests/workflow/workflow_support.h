// Helpers shared by the workflow tests (suppressions, configuration, baselines, CI
// formats): building a template from text, and golden files under tests/golden/workflow.
#pragma once

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

inline Analyzed analyze_text(std::string text, const std::string& path = "template.yaml") {
  auto source = std::make_shared<SourceFile>(path, std::move(text));
  Template tmpl = Template::build(load_document(source));
  std::vector<Finding> findings = analyze(tmpl);
  return Analyzed{std::move(tmpl), std::move(findings)};
}

inline std::vector<const Finding*> of_rule(const std::vector<Finding>& findings, std::string_view rule) {
  std::vector<const Finding*> matching;
  for (const Finding& finding : findings)
    if (finding.rule && finding.rule->id == rule) matching.push_back(&finding);
  return matching;
}

inline bool updating_goldens() {
  const char* flag = std::getenv("CFN_SCAN_UPDATE_GOLDEN");
  return flag != nullptr && std::string_view(flag) == "1";
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// The golden file's bytes; with CFN_SCAN_UPDATE_GOLDEN=1 it is first rewritten.
inline std::string golden(std::string_view name, const std::string& actual) {
  std::string path = std::string(CFN_SCAN_SOURCE_DIR) + "/tests/golden/workflow/" + std::string(name);
  if (updating_goldens()) std::ofstream(path, std::ios::binary) << actual;
  return read_file(path);
}

}  // namespace cfn::workflow_test
