// Golden files for what users see: the text and SARIF reports of a few fixtures, byte
// for byte, from the real binary. Regenerate with CFN_SCAN_UPDATE_GOLDEN=1 and review.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

#include "support/fixtures.h"
#include "support/golden.h"
#include "support/process.h"

namespace {

std::string scan_output(const std::string& arguments) {
  auto run = cfn::testing::run_shell("cd '" + cfn::testing::source_dir() + "' && NO_COLOR=1 '" +
                                     CFN_SCAN_BINARY + "' scan --fail-on never " + arguments);
  REQUIRE(run.status == 0);
  return run.out;
}

// The version changes with every release; the golden files do not.
std::string without_version(std::string text) {
  for (std::string key : {"\"semanticVersion\": \"", "\"version\": \""}) {
    for (size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + 1)) {
      size_t begin = at + key.size();
      size_t end = text.find('"', begin);
      if (text.compare(begin, end - begin, "2.1.0") != 0) text.replace(begin, end - begin, "@VERSION@");
    }
  }
  return text;
}

const char* kGoldenFixtures[][2] = {
    {"fixtures/lambda-function-no-tracing/conditions.yaml", "lambda-conditions"},
    {"fixtures/template-parse-error/missing-comma.json", "parse-error-json"},
    {"fixtures/sam/function-tracing-and-policies.yaml", "sam-function"},
};

}  // namespace

TEST_CASE("text and SARIF reports of fixtures match their golden files", "[golden][cli]") {
  for (const auto& [fixture, name] : kGoldenFixtures) {
    INFO(fixture);
    std::string text = scan_output(fixture);
    CHECK(text == cfn::testing::golden("cli", std::string(name) + ".txt", text));
    std::string sarif = without_version(scan_output(std::string(fixture) + " --format sarif"));
    CHECK(sarif == cfn::testing::golden("cli", std::string(name) + ".sarif", sarif));
  }
}
