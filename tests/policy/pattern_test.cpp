// cfn::Pattern (policy/pattern.h) compiles `matches` expressions faster than std::regex by
// computing primary sort keys without the locale; what it matches must not change. Every
// pattern of the built-in policies, and some that use the syntax the traits touch
// (bracket expressions, classes, equivalence classes), is run against the same texts
// with both, with and without ignore-case.
#include <catch2/catch.hpp>

#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "policy/pattern.h"
#include "policy/predicate.h"
#include "policy/rule.h"

using namespace cfn;

namespace {

void collect_patterns(const Predicate* predicate, std::set<std::string>& out) {
  if (!predicate) return;
  if (predicate->op == PredicateOp::Matches) out.emplace(predicate->text);
  for (const Predicate& child : predicate->children) collect_patterns(&child, out);
}

std::set<std::string> builtin_patterns() {
  std::set<std::string> patterns;
  for (const RuleMeta& rule : builtin_rules()) {
    collect_patterns(rule.when, patterns);
    collect_patterns(rule.require, patterns);
  }
  return patterns;
}

// Texts with every byte class the traits could treat differently: letters of both cases,
// digits, punctuation, whitespace, bytes above 0x7f, and the values policies look at.
std::vector<std::string> sample_texts() {
  std::vector<std::string> texts = {"", " ", "a", "Z", "_", "-", ".", "/", ":", "\t", "\xC3\xA9", "\xFF",
                                    "Password", "API_KEY", "my-api.key", "changeme", "<your key>", "${Secret}",
                                    "postgres15", "postgres9.6", "mysql8.0", "mariadb10.11", "aurora-postgresql14.6",
                                    "sqlserver-ee", "arn:aws:iam::aws:policy/AdministratorAccess",
                                    "arn:aws:kms:us-east-1:111122223333:alias/aws/s3", "alias/aws/rds",
                                    "bucket.s3.amazonaws.com", "amzn1.ask.skill.1234", "  Disabled ",
                                    "ECR/repo-name", "TRUE", "none", "1234567", "12345678", "s3:*", "*", "iot:*"};
  for (int c = 1; c < 256; ++c) texts.push_back(std::string(1, static_cast<char>(c)));
  return texts;
}

}  // namespace

TEST_CASE("Pattern matches what std::regex matches", "[policy][pattern]") {
  std::set<std::string> patterns = builtin_patterns();
  REQUIRE(patterns.size() > 20);  // the built-in policies' own patterns were found
  for (const char* more : {"[[:alpha:]]+", "^[[:digit:][:space:]]*$", "[[=a=]]", "[[=E=]]x", "[^[:upper:]]",
                           "[[.hyphen.]]", "\\w+\\b", "[A-Fa-f0-9]{8}", "[^\\s\"']+"})
    patterns.emplace(more);
  const std::vector<std::string> texts = sample_texts();
  size_t compared = 0;
  std::vector<std::string> disagreements;
  for (const std::string& text : patterns) {
    for (bool ignore_case : {false, true}) {
      auto flags = std::regex::ECMAScript | (ignore_case ? std::regex::icase : std::regex::flag_type{});
      std::regex expected(text, flags);
      Pattern actual(text, flags);
      for (const std::string& sample : texts) {
        ++compared;
        if (std::regex_search(sample, actual) != std::regex_search(sample, expected))
          disagreements.push_back(text + (ignore_case ? " (ignore case)" : "") + " on [" + sample + "]");
      }
    }
  }
  CHECK(compared > 10000);
  if (disagreements.size() > 5) disagreements.resize(5);
  CHECK(disagreements == std::vector<std::string>{});
}

// Matcher skips work ("." without the regex, one position for "^..."): every answer must be
// std::regex_search's, with the flags a search inside a Fn::Sub uses too.
TEST_CASE("Matcher answers what std::regex_search answers", "[policy][pattern]") {
  std::set<std::string> patterns = builtin_patterns();
  // Tables, grouped by what they exercise.
  // clang-format off
  for (const char* more : {".", "^", "^a|b", "^(a|b)c", "a|^b", "^[|]x", "^[]|x", "^\\|x", "^x\\|", "^[^]]|y",
                           "^(?:a|b)|c", "^(?=a)a", "^.*$", "^$", "x^", "^\\^", "[\\]|]^a",
                           // leading literal text: tried only where it is
                           "abc", "aab", "ab+c", "ab?c", "ab*", "ab{2}c", "a\\.b*", "a\\d", "x\\b", "a\\/b|c",
                           "ab(c|d)$", "Ab", "\xC3\xA9+", "\303\251b", "a\\\\b", "a$", "a^", "\\.a\\b\\w",
                           // literal only: spelled out as texts, compared where each can be
                           "(^|:)b$", "a(b|c)?d", "(?:x|y)z", "^(a|b)$|c", "(a|^b)", "a$b", "$^", "^^a$$", "a|",
                           "(|a)", "x(y)?$", "\\.a(\\.b)?$", "a??", "(a)?", "(a)??", "^?a", "(a|b)(c|d)(e|)",
                           "((a|b)|(^c))d", "a)", "(a", "a\\|b", "\\(a\\)", "\xC3\xA9|a", "(?=a)", "(?!a)b",
                           "a\\?b", "\\??a",
                           "(a|b|c|d)(a|b|c|d)(a|b|c|d)(a|b|c|d)"})
    patterns.emplace(more);
  using namespace std::regex_constants;
  const match_flag_type flag_sets[] = {match_default, match_not_bol | match_not_bow,
                                       match_not_eol | match_not_eow,
                                       match_not_bol | match_not_bow | match_not_eol | match_not_eow};
  std::vector<std::string> texts = sample_texts();
  for (const char* more : {"", "\n", "\r\n", "\n\rx", "a", "b", "ac", "xb", "|x", "]y", "^a", "x^", "ab|c",
                           "aaab", "abbc", "abc", "xAbC", "ABC", "abab", "a.bbb", "a1", "x", "xy", "yx ",
                           "abd", "abcd", "\xC3\xA9\xC3\xA9", "\303\211b", "a\\b", "ba", "a\na", ".ab", ".a_b",
                           ":b", "x:b", "ad", "acd", "ACD", "xz", "Yz", "ace", "bdx", "cd", "a|b", "(a)", "xy\n",
                           "abcda", "alias/aws/rds\n", "x.a.b", "a?b", "?a", "??a"})
    texts.emplace_back(more);
  // clang-format on
  size_t compared = 0;
  std::vector<std::string> disagreements;
  for (const std::string& text : patterns) {
    for (bool ignore_case : {false, true}) {
      auto syntax = std::regex::ECMAScript | (ignore_case ? std::regex::icase : std::regex::flag_type{});
      std::optional<std::regex> expected;
      try {
        expected.emplace(text, syntax);
      } catch (const std::regex_error&) {
        continue;  // not a pattern std::regex accepts: the policy reader rejects it
      }
      Matcher actual(text, ignore_case);
      for (const std::string& sample : texts) {
        for (match_flag_type flags : flag_sets) {
          ++compared;
          if (actual.search(sample, flags) != std::regex_search(sample, *expected, flags))
            disagreements.push_back(text + (ignore_case ? " (ignore case)" : "") + " on [" + sample + "]");
        }
      }
    }
  }
  CHECK(compared > 50000);
  if (disagreements.size() > 5) disagreements.resize(5);
  CHECK(disagreements == std::vector<std::string>{});
}
