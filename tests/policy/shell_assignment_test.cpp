// obs::first_assignment, which ec2-userdata-secret-plaintext reads user data lines with.
// It replaced a std::regex (compiling that pattern cost about a millisecond in every
// process that met user data); the pattern is kept here as the specification, and the
// hand-written reader must agree with it on every line.
#include <catch2/catch.hpp>

#include <random>
#include <regex>
#include <string>

#include "policy/checks/checks_observability.h"

using namespace cfn;

namespace {

// The pattern ec2-userdata-secret-plaintext used: group 1 is the name, 3 the value.
const std::regex& specification() {
  static const std::regex pattern(
      R"((?:^|[\s"'])(?:export\s+|set\s+|setx\s+|\$env:)?([A-Za-z_][A-Za-z0-9_.-]*)\s*[=:]\s*(["']?)([^"'\s]+)\2)");
  return pattern;
}

// "name=value" for the first assignment, "" when there is none.
std::string by_regex(const std::string& line) {
  std::smatch match;
  if (!std::regex_search(line, match, specification())) return "";
  return match[1].str() + "=" + match[3].str();
}

std::string by_reader(const std::string& line) {
  auto found = checks::obs::first_assignment(line);
  if (!found) return "";
  return std::string(found->name) + "=" + std::string(found->value);
}

}  // namespace

TEST_CASE("first_assignment reads shell and PowerShell assignments", "[policy][userdata]") {
  CHECK(by_reader("DB_PASSWORD=hunter2") == "DB_PASSWORD=hunter2");
  CHECK(by_reader("export API_TOKEN='abc123'") == "API_TOKEN=abc123");
  CHECK(by_reader("  set SECRET = \"s3cr3t\"") == "SECRET=s3cr3t");
  CHECK(by_reader("setx KEY=v") == "KEY=v");
  CHECK(by_reader("$env:ADMIN_PASSWORD = \"P@ss\"") == "ADMIN_PASSWORD=P@ss");
  CHECK(by_reader("echo \"DB_PASSWORD=x1\" >> /etc/app.env") == "DB_PASSWORD=x1");
  CHECK(by_reader("password: letmein") == "password=letmein");
  // The first assignment only, as the check reads it.
  CHECK(by_reader("A=1 PASSWORD=2") == "A=1");
  // Not assignments: a quote not closed by the same quote, no value, a name inside a word.
  CHECK(by_reader("PASSWORD=\"abc'") == "");
  CHECK(by_reader("PASSWORD=") == "");
  CHECK(by_reader("x/PASSWORD=1") == "");
  CHECK(by_reader("") == "");
  // "export" alone is a name: `export=1` assigns it.
  CHECK(by_reader("export=1") == "export=1");
}

TEST_CASE("first_assignment agrees with the pattern it replaced", "[policy][userdata]") {
  const std::vector<std::string> cases = {
      "DB_PASSWORD=hunter2", "export API_TOKEN='abc123'", "set  X=1", "setx\tY=2", "$env:Z=3",
      "$env: Z=3", "export", "export ", "export X", "export X =", "export X = 'a b'", "a = \"b\"c",
      "'A'=1", "\"A=1\"", "A ='1'", "A= \"1\"", "A:'1\"", "_a.b-c=d", "9A=1", "-A=1", ".A=1",
      "x A=1", "x\tA=1", "x\"A=1", "x'A=1", "x$A=1", "A==1", "A=:1", "A:=1", "A=1=2", "A = ",
      "set export A=1", "export set A=1", "setxA=1", "exportA=1", "$envA=1", "$env:$env:A=1",
      "A=\"\"", "A=''", "A='$X'", "echo 'PASSWORD=abc' | tee f", "\r", "A=1\r", " \v A=\f1",
  };
  for (const std::string& line : cases) {
    INFO("line: [" << line << "]");
    CHECK(by_reader(line) == by_regex(line));
  }

  // Random lines over the characters and words the pattern gives meaning to (fixed seed:
  // the same lines on every run).
  const std::vector<std::string> pieces = {"A", "b", "_", "9", ".", "-", " ", "\t", "=", ":", "\"", "'",
                                           "$", "`", "%", "export ", "set ", "setx ", "$env:", "export",
                                           "PASSWORD", "x", "/", "\r", "\xc3\xa9"};
  std::mt19937 random(20261130);
  std::uniform_int_distribution<size_t> piece(0, pieces.size() - 1);
  std::uniform_int_distribution<int> length(0, 12);
  size_t disagreements = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string line;
    for (int n = length(random); n > 0; --n) line += pieces[piece(random)];
    if (by_reader(line) != by_regex(line)) {
      ++disagreements;
      INFO("line: [" << line << "] reader [" << by_reader(line) << "] regex [" << by_regex(line) << "]");
      CHECK(by_reader(line) == by_regex(line));
      if (disagreements > 5) break;
    }
  }
  CHECK(disagreements == 0);
}
