#include "policy/pattern.h"

#include <string>

#include "model/value.h"

namespace cfn {

namespace {

// Whether "|" separates alternatives of the whole pattern: one outside groups and brackets.
bool alternative_at_top_level(std::string_view pattern) {
  int depth = 0;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\') {
      ++i;  // an escaped character is literal
    } else if (c == '[') {
      // A bracket expression ends at its first unescaped "]" (ECMAScript: "[]" is empty).
      size_t end = i + 1;
      while (end < pattern.size() && pattern[end] != ']') end += pattern[end] == '\\' ? 2 : 1;
      i = end;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (c == '|' && depth == 0) {
      return true;
    }
  }
  return false;
}

// "^..." where the ^ applies to the whole pattern.
bool anchored_at_start(std::string_view pattern) {
  return pattern.starts_with('^') && !alternative_at_top_level(pattern);
}

bool is_ascii_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// The text every match of `pattern` starts with: its leading characters, each written as
// itself or escaped ("\." is a dot), up to the first that is anything else (".", a group,
// a bracket, an anchor, a class such as "\d") or that a quantifier makes optional or
// repeats. Empty when a top-level "|" lets a match start with another alternative. With
// `ignore_case`, only ASCII characters, which are all the "C" locale folds.
std::string leading_literal(std::string_view pattern, bool ignore_case) {
  if (alternative_at_top_level(pattern)) return {};
  std::string literal;
  size_t i = 0;
  while (i < pattern.size()) {
    char c = pattern[i];
    size_t next = i + 1;
    if (c == '\\') {
      if (next >= pattern.size() || is_ascii_alnum(pattern[next])) break;  // \d, \b, \1, \x41...
      c = pattern[next++];
    } else if (std::string_view("^$.|?*+()[]{}").find(c) != std::string_view::npos) {
      break;
    }
    if (next < pattern.size() && std::string_view("?*+{").find(pattern[next]) != std::string_view::npos) break;
    if (ignore_case && static_cast<unsigned char>(c) > 0x7f) break;
    literal += c;
    i = next;
  }
  return literal;
}

}  // namespace

size_t Matcher::find_leading_literal(std::string_view text, size_t from) const {
  if (!ignore_case_) return text.find(leading_literal_, from);
  for (size_t at = from; at + leading_literal_.size() <= text.size(); ++at)
    if (equals_ignoring_case(text.substr(at, leading_literal_.size()), leading_literal_)) return at;
  return std::string_view::npos;
}

Matcher::Matcher(std::string_view pattern, bool ignore_case)
    : regex_(std::string(pattern), Pattern::ECMAScript | (ignore_case ? Pattern::icase : Pattern::flag_type{})),
      any_character_(pattern == "."),
      anchored_at_start_(anchored_at_start(pattern)),
      ignore_case_(ignore_case),
      leading_literal_(anchored_at_start_ ? std::string() : leading_literal(pattern, ignore_case)) {}

bool Matcher::search(std::string_view text, std::regex_constants::match_flag_type flags) const {
  // ECMAScript's "." matches anything but \n and \r; flags about the ends change nothing.
  if (any_character_) return text.find_first_not_of("\n\r") != std::string_view::npos;
  if (anchored_at_start_) flags |= std::regex_constants::match_continuous;
  if (leading_literal_.empty()) return std::regex_search(text.begin(), text.end(), regex_, flags);
  // A match starts where the leading literal does: the regex is tried at those places
  // alone, as regex_search tries each place (seeing the character before it).
  for (size_t at = find_leading_literal(text, 0); at != std::string_view::npos;
       at = find_leading_literal(text, at + 1)) {
    auto here = flags | std::regex_constants::match_continuous;
    if (at > 0) here |= std::regex_constants::match_prev_avail;
    if (std::regex_search(text.begin() + static_cast<std::ptrdiff_t>(at), text.end(), regex_, here)) return true;
  }
  return false;
}

}  // namespace cfn
