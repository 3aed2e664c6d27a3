// Policy files that are not valid: each mistake gives one exact message at the key or
// value that holds it (the same for built-in policies at build time and user policies).
#include <catch2/catch.hpp>
#include <sstream>

#include "policy/policy_file.h"

using namespace cfn;

namespace {

const char* kHeader = R"(id: my-rule
title: My rule
severity: warning
security-severity: "5.0"
precision: high
tags: [security]
resource-types: [AWS::S3::Bucket]
message: "{resource}"
description: Mine.
remediation: None.
)";

// "line:col: message" for every error of the reader, then of validation as `origin`.
std::vector<std::string> errors(const std::string& rest, PolicyOrigin origin = PolicyOrigin::User) {
  auto source = std::make_shared<SourceFile>("my-rule.yaml", std::string(kHeader) + rest);
  PolicyReadResult read = read_policy_file(source, "my");
  std::vector<Diagnostic> all = read.errors;
  if (all.empty()) all = validate_policy(read.policy, "my-rule", origin);
  std::vector<std::string> lines;
  for (const Diagnostic& error : all) {
    std::ostringstream text;
    text << error.range.begin.line << ':' << error.range.begin.column << ": " << error.message;
    lines.push_back(text.str());
  }
  return lines;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("a valid declarative policy has no error", "[policy][policy-file]") {
  CHECK(errors("when:\n  path: A\n  exists: true\nrequire:\n  all:\n    - path: B.C\n      equals: x\n"
               "    - not:\n        path: D\n        matches: '^a+$'\n        ignore-case: true\n"
               "    - referenced-by: AWS::S3::BucketPolicy\n      path: Bucket\n      where:\n        path: X\n"
               "        exists: true\n").empty());
}

TEST_CASE("predicate shape errors name the key and list the tests", "[policy][policy-file]") {
  const std::string tests =
      "all, any, not, exists, truthy, equals, in, matches, greater-than, less-than, empty, every, some, target, "
      "referenced-by, resource-type, native";
  CHECK(errors("require: true\n") == Strings{"11:10: A predicate must be a mapping with one test (" + tests + ")."});
  CHECK(errors("require:\n  path: A\n") == Strings{"12:3: A predicate needs a test: one of " + tests + "."});
  CHECK(errors("require:\n  path: A\n  exist: true\n") ==
        Strings{"13:3: Unknown predicate key 'exist'; a test is one of " + tests + "."});
  CHECK(errors("require:\n  path: A\n  exists: true\n  truthy: true\n") ==
        Strings{"14:3: A predicate holds one test; 'exists' and 'truthy' are two (combine them with all or any)."});
}

TEST_CASE("argument errors point at the argument", "[policy][policy-file]") {
  CHECK(errors("require:\n  path: A\n  exists: maybe\n") == Strings{"13:11: 'exists' must be true or false."});
  CHECK(errors("require:\n  path: A\n  greater-than: ten\n") == Strings{"13:17: 'greater-than' must be a number."});
  CHECK(errors("require:\n  all: {path: A, exists: true}\n") == Strings{"12:8: 'all' must be a list of predicates."});
  CHECK(errors("require:\n  path: A\n  in: []\n") == Strings{"13:7: 'in' must be a list of strings."});
  CHECK(errors("require:\n  path: A\n  equals: [x]\n") == Strings{"13:11: 'equals' must be a string."});
  CHECK(errors("require:\n  path: A\n  matches: '(a'\n") ==
        Strings{"13:12: '(a' is not a valid regular expression (ECMAScript): Mismatched '(' and ')' in regular "
                "expression."});
  CHECK(errors("require:\n  path: A\n  native: magic\n") ==
        Strings{"13:11: There is no native predicate 'magic'; the known ones are conditional-deny, literal-secret, "
                "load-balancer-log-bucket, public-statement, resource-wildcard-action, restricted-public-bucket, "
                "sam-generated, secret-shape, secret-text, trust-wildcard-action, wildcard-action."});
}

TEST_CASE("modifier errors", "[policy][policy-file]") {
  CHECK(errors("require:\n  path: A\n  all:\n    - path: B\n      exists: true\n") == Strings{"12:3: 'all' takes no path."});
  const std::string bad_path =
      "'path' must be property names joined by dots (DistributionConfig.Logging.Bucket), a name "
      "holding a dot in double quotes (Parameters.\"rds.force_ssl\").";
  CHECK(errors("require:\n  path: A..B\n  exists: true\n") == Strings{"12:9: " + bad_path});
  CHECK(errors("require:\n  path: A.\n  exists: true\n") == Strings{"12:9: " + bad_path});
  CHECK(errors("require:\n  path: 'A.\"b.c'\n  exists: true\n") == Strings{"12:9: " + bad_path});   // unclosed
  CHECK(errors("require:\n  path: 'A.\"b.c\"d'\n  exists: true\n") == Strings{"12:9: " + bad_path});  // no dot after
  CHECK(errors("require:\n  path: 'A.\"\"'\n  exists: true\n") == Strings{"12:9: " + bad_path});    // empty name
  CHECK(errors("require:\n  path: 'A.\"b.c\".D'\n  exists: true\n").empty());
  CHECK(errors("require:\n  path: A\n  exists: true\n  ignore-case: true\n") ==
        Strings{"14:3: 'ignore-case' goes with equals, in or matches only."});
  CHECK(errors("require:\n  path: A\n  exists: true\n  where: {path: B, exists: true}\n") ==
        Strings{"14:3: 'where' goes with referenced-by only."});
}

TEST_CASE("check and require: built-in policies choose one, user policies are declarative", "[policy][policy-file]") {
  CHECK(errors("", PolicyOrigin::Builtin) ==
        Strings{"1:1: The policy needs 'require': the predicate each resource must satisfy."});
  CHECK(errors("check: native\n", PolicyOrigin::Builtin).empty());
  CHECK(errors("check: native\n").front() == "11:1: A user policy is declarative: remove 'check' and write the rule as 'require'.");
  CHECK(errors("check: native\nrequire:\n  path: A\n  exists: true\n", PolicyOrigin::Builtin) ==
        Strings{"11:1: A policy has either 'check' or 'require', not both."});
  CHECK(errors("check: magic\n", PolicyOrigin::Builtin) ==
        Strings{"11:1: 'check' must be 'native' or 'loader'; a declarative policy has 'require' instead."});
  CHECK(errors("when:\n  path: A\n  exists: true\ncheck: native\n", PolicyOrigin::Builtin) ==
        Strings{"11:1: 'when' goes with 'require' only."});
}

TEST_CASE("metadata errors point at their key", "[policy][policy-file]") {
  auto source = std::make_shared<SourceFile>("x.yaml", "id: other\ntitle: T\nseverity: fatal\nsecurity-severity: \"11\"\n"
                                                       "precision: exact\ntags: [speed]\nmessage: m\ndescription: d\n"
                                                       "remediation: r\nequivalents:\n  pmd: [X]\nrequire:\n  path: A\n  exists: true\n");
  PolicyReadResult read = read_policy_file(source, "mine");
  REQUIRE(read.errors.empty());
  std::vector<std::string> found;
  for (const Diagnostic& error : validate_policy(read.policy, "x", PolicyOrigin::User)) {
    std::ostringstream text;
    text << error.range.begin.line << ':' << error.range.begin.column << ": " << error.message;
    found.push_back(text.str());
  }
  CHECK(found == Strings{"1:1: The id 'other' must equal the file name 'x'.",
                         "3:1: 'severity' must be error, warning or note.",
                         "4:1: 'security-severity' must be a number from 0.1 to 10.0, written as a string.",
                         "5:1: 'precision' must be very-high, high, medium or low.",
                         "6:1: The tag 'speed' is not in the category vocabulary.",
                         "10:1: 'equivalents' name an unknown tool 'pmd'.",
                         "1:1: A declarative policy must list its 'resource-types'.",
                         "7:1: The message must name the resource: write {resource} where its logical id goes."});
}
