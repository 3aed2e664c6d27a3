// The regular expressions of `matches`: ECMAScript, as std::regex reads them, with traits
// that skip the locale's collation when the compiler asks for a character's primary sort
// key.
//
// Why: libstdc++ compiles each bracket expression ([a-z], \s, [^>]) by testing all 256
// characters, and for each it asks regex_traits::transform_primary, which copies the
// character, lowers it through the ctype facet and calls the collate facet (strxfrm).
// That made compiling one pattern cost 25 to 300 µs, paid in every process that meets a
// resource the pattern's rule reads (the RDS engine-version and secret-placeholder patterns
// most of all). cfn-scan never changes the global locale, so collation is the "C" locale's,
// where strxfrm copies: the primary key is the lowered text, which is what this returns.
// Matching is unchanged (tests/policy/pattern_test.cpp compares it with std::regex).
#pragma once

#include <cctype>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace cfn {

struct PatternTraits : std::regex_traits<char> {
  template <typename Iterator>
  string_type transform_primary(Iterator first, Iterator last) const {
    string_type key(first, last);
    for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return key;
  }
};

using Pattern = std::basic_regex<char, PatternTraits>;

// One text a literal-only pattern stands for (Matcher), and whether it must start / end
// the text searched.
struct PatternLiteral {
  bool at_start = false;
  std::string text;
  bool at_end = false;
};

// A pattern ready to search, with what lets a search skip most of std::regex's work and
// give the same answer (tests/policy/pattern_test.cpp compares them):
// - "." (present and not empty, in a dozen policies) is any character but a line
//   terminator, found without the regex;
// - a pattern anchored at the start ("^arn:...", no top-level "|") can only match at the
//   first position, and libstdc++ tries every position unless told (match_continuous):
//   on an ARN that was most of a check's time;
// - a pattern that starts with literal text (":iam::aws:policy/(A|B)$") can only match
//   where that text is: the regex is tried there alone, not at every position (1.7 µs a
//   search on a managed policy ARN, most of what the rules' patterns cost a SAM template);
// - a pattern that is only literal text, ^ and $, groups of alternatives and "?"
//   ("(^|:)alias/aws/rds$", ":iam::aws:policy/(A|B)$", "^ENABLED$") stands for a few
//   literal texts, each compared where it can be: std::regex's executor took about 10,000
//   instructions a search even at one position, a tenth of a SAM template's analysis.
class Matcher {
 public:
  Matcher(std::string_view pattern, bool ignore_case);

  // std::regex_search(text, pattern, flags).
  bool search(std::string_view text,
              std::regex_constants::match_flag_type flags = std::regex_constants::match_default) const;

 private:
  // Where leading_literal_ is in `text` at or after `from` (letters in either case when
  // ignore_case_); npos when nowhere.
  size_t find_leading_literal(std::string_view text, size_t from) const;

  // The search with literals_, or nullopt when `flags` ask for what it does not do.
  std::optional<bool> search_literals(std::string_view text, std::regex_constants::match_flag_type flags) const;
  bool literal_at(std::string_view text, size_t at, const std::string& literal) const;

  std::string source_;
  std::optional<Pattern> regex_;  // compiled unless literal_only_
  bool literal_only_ = false;
  std::vector<PatternLiteral> literals_;  // when literal_only_: the pattern matches where one of them does
  bool any_character_ = false;
  bool anchored_at_start_ = false;
  bool ignore_case_ = false;
  std::string leading_literal_;  // empty: none, or the pattern is anchored at the start
};

}  // namespace cfn
