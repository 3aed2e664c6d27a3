#include "policy/pattern.h"

#include <string>

namespace cfn {

namespace {

// "^..." where the ^ applies to the whole pattern: no "|" outside groups and brackets.
bool anchored_at_start(std::string_view pattern) {
  if (!pattern.starts_with('^')) return false;
  int depth = 0;
  for (size_t i = 1; i < pattern.size(); ++i) {
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
      return false;
    }
  }
  return true;
}

}  // namespace

Matcher::Matcher(std::string_view pattern, bool ignore_case)
    : regex_(std::string(pattern), Pattern::ECMAScript | (ignore_case ? Pattern::icase : Pattern::flag_type{})),
      any_character_(pattern == "."),
      anchored_at_start_(anchored_at_start(pattern)) {}

bool Matcher::search(std::string_view text, std::regex_constants::match_flag_type flags) const {
  // ECMAScript's "." matches anything but \n and \r; flags about the ends change nothing.
  if (any_character_) return text.find_first_not_of("\n\r") != std::string_view::npos;
  if (anchored_at_start_) flags |= std::regex_constants::match_continuous;
  return std::regex_search(text.begin(), text.end(), regex_, flags);
}

}  // namespace cfn
