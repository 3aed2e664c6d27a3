#include "policy/pattern.h"

#include <optional>
#include <string>
#include <vector>

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

// Spells out a pattern made only of literal characters (escaped when special), ^ and $,
// groups ("(", "(?:") of alternatives, and "?" after a character or group: the texts it
// stands for, one per way through its alternatives, each with its anchors. Nullopt for any
// other syntax (".", brackets, classes, other quantifiers, lookaheads, back references)
// or when there would be more than kMostTexts texts. A way with a ^ after a character or
// a $ before one matches nowhere (there is no multiline mode) and is dropped. With
// `ignore_case`, only ASCII characters, which are all the "C" locale folds.
class LiteralSpeller {
 public:
  using Texts = std::vector<PatternLiteral>;

  LiteralSpeller(std::string_view pattern, bool ignore_case) : pattern_(pattern), ignore_case_(ignore_case) {}

  std::optional<Texts> spell() {
    if (!only_spellable_syntax()) return std::nullopt;
    auto all = alternatives();
    if (!all || at_ != pattern_.size()) return std::nullopt;  // an unmatched ")"
    return all;
  }

 private:
  static constexpr size_t kMostTexts = 64;

  // A first look, without building anything: most patterns that are not literal-only have
  // a ".", a bracket, a class or a repetition, and spelling them out before finding it
  // cost more than compiling them.
  bool only_spellable_syntax() const {
    for (size_t i = 0; i < pattern_.size(); ++i) {
      if (pattern_[i] == '\\') {
        if (i + 1 >= pattern_.size() || is_ascii_alnum(pattern_[i + 1])) return false;
        ++i;
      } else if (std::string_view(".[]{}*+").find(pattern_[i]) != std::string_view::npos) {
        return false;
      }
    }
    return true;
  }

  bool next_is(std::string_view chars) const {
    return at_ < pattern_.size() && chars.find(pattern_[at_]) != std::string_view::npos;
  }

  // Appends `tail` to `head`; false when no text can match the two together.
  static bool append(PatternLiteral& head, const PatternLiteral& tail) {
    if ((tail.at_start && !head.text.empty()) || (head.at_end && !tail.text.empty())) return false;
    head.at_start = head.at_start || tail.at_start;
    head.text += tail.text;
    head.at_end = head.at_end || tail.at_end;
    return true;
  }

  // sequence ("|" sequence)*
  std::optional<Texts> alternatives() {
    Texts all;
    while (true) {
      auto one = sequence();
      if (!one) return std::nullopt;
      all.insert(all.end(), one->begin(), one->end());
      if (all.size() > kMostTexts) return std::nullopt;
      if (!next_is("|")) return all;
      ++at_;
    }
  }

  // (item "?"?)* up to a "|", a ")" or the end.
  std::optional<Texts> sequence() {
    Texts spelled{PatternLiteral{}};
    while (at_ < pattern_.size() && !next_is("|)")) {
      bool anchor = next_is("^$");
      auto piece = item();
      if (!piece) return std::nullopt;
      if (next_is("?") && !anchor) {
        ++at_;
        piece->push_back(PatternLiteral{});  // the piece is optional: also nothing
      }
      if (next_is("?*+{")) return std::nullopt;  // a lazy "??", a repetition, a quantified anchor
      if (piece->size() == 1) {                  // a character or an anchor: appended in place
        std::erase_if(spelled, [&](PatternLiteral& head) { return !append(head, piece->front()); });
        continue;
      }
      Texts longer;
      for (const PatternLiteral& head : spelled) {
        for (const PatternLiteral& tail : *piece) {
          PatternLiteral both = head;
          if (append(both, tail)) longer.push_back(std::move(both));
        }
      }
      if (longer.size() > kMostTexts) return std::nullopt;
      spelled = std::move(longer);
    }
    return spelled;
  }

  // A character, an escaped character, an anchor or a group.
  std::optional<Texts> item() {
    char c = pattern_[at_++];
    if (c == '^') return Texts{PatternLiteral{true, {}, false}};
    if (c == '$') return Texts{PatternLiteral{false, {}, true}};
    if (c == '(') {
      if (pattern_.substr(at_).starts_with("?:")) {
        at_ += 2;
      } else if (next_is("?")) {
        return std::nullopt;  // a lookahead
      }
      auto inside = alternatives();
      if (!inside || !next_is(")")) return std::nullopt;
      ++at_;
      return inside;
    }
    if (c == '\\') {
      c = pattern_[at_++];  // escaped, so itself: not a letter or digit (only_spellable_syntax)
    } else if (c == '?') {
      return std::nullopt;  // a quantifier with nothing before it
    }
    if (ignore_case_ && static_cast<unsigned char>(c) > 0x7f) return std::nullopt;
    return Texts{PatternLiteral{false, std::string(1, c), false}};
  }

  std::string_view pattern_;
  bool ignore_case_;
  size_t at_ = 0;
};

}  // namespace

bool Matcher::literal_at(std::string_view text, size_t at, const std::string& literal) const {
  std::string_view here = text.substr(at, literal.size());
  return ignore_case_ ? equals_ignoring_case(here, literal) : here == literal;
}

std::optional<bool> Matcher::search_literals(std::string_view text, std::regex_constants::match_flag_type flags) const {
  using namespace std::regex_constants;
  // Flags about word boundaries change nothing here (there is no \b); match_prev_avail
  // and the others are left to std::regex.
  const match_flag_type understood = match_not_bol | match_not_eol | match_not_bow | match_not_eow;
  if ((flags & ~understood) != match_default) return std::nullopt;
  const bool start_allowed = (flags & match_not_bol) == match_default;
  const bool end_allowed = (flags & match_not_eol) == match_default;
  for (const PatternLiteral& literal : literals_) {
    if (literal.text.size() > text.size() || (literal.at_start && !start_allowed) || (literal.at_end && !end_allowed))
      continue;
    if (literal.at_start && literal.at_end) {
      if (literal.text.size() == text.size() && literal_at(text, 0, literal.text)) return true;
    } else if (literal.at_start) {
      if (literal_at(text, 0, literal.text)) return true;
    } else if (literal.at_end) {
      if (literal_at(text, text.size() - literal.text.size(), literal.text)) return true;
    } else {
      for (size_t at = 0; at + literal.text.size() <= text.size(); ++at)
        if (literal_at(text, at, literal.text)) return true;
    }
  }
  return false;
}

size_t Matcher::find_leading_literal(std::string_view text, size_t from) const {
  if (!ignore_case_) return text.find(leading_literal_, from);
  for (size_t at = from; at + leading_literal_.size() <= text.size(); ++at)
    if (equals_ignoring_case(text.substr(at, leading_literal_.size()), leading_literal_)) return at;
  return std::string_view::npos;
}

namespace {

Pattern compile(std::string_view pattern, bool ignore_case) {
  return Pattern(std::string(pattern), Pattern::ECMAScript | (ignore_case ? Pattern::icase : Pattern::flag_type{}));
}

}  // namespace

// A literal-only pattern is not compiled: std::regex's compiler cost most of a pre-commit
// run's first searches, and the literal texts answer every search the policies make.
Matcher::Matcher(std::string_view pattern, bool ignore_case)
    : source_(pattern),
      any_character_(pattern == "."),
      anchored_at_start_(anchored_at_start(pattern)),
      ignore_case_(ignore_case),
      leading_literal_(anchored_at_start_ ? std::string() : leading_literal(pattern, ignore_case)) {
  if (auto literals = LiteralSpeller(pattern, ignore_case).spell()) {
    literal_only_ = true;
    literals_ = std::move(*literals);
  } else {
    regex_ = compile(pattern, ignore_case);
  }
}

bool Matcher::search(std::string_view text, std::regex_constants::match_flag_type flags) const {
  // ECMAScript's "." matches anything but \n and \r; flags about the ends change nothing.
  if (any_character_) return text.find_first_not_of("\n\r") != std::string_view::npos;
  if (literal_only_) {
    if (auto found = search_literals(text, flags)) return *found;
    // Flags no policy search uses (match_prev_avail...): compiled for this search alone.
    return std::regex_search(text.begin(), text.end(), compile(source_, ignore_case_), flags);
  }
  if (anchored_at_start_) flags |= std::regex_constants::match_continuous;
  if (leading_literal_.empty()) return std::regex_search(text.begin(), text.end(), *regex_, flags);
  // A match starts where the leading literal does: the regex is tried at those places
  // alone, as regex_search tries each place (seeing the character before it).
  for (size_t at = find_leading_literal(text, 0); at != std::string_view::npos;
       at = find_leading_literal(text, at + 1)) {
    auto here = flags | std::regex_constants::match_continuous;
    if (at > 0) here |= std::regex_constants::match_prev_avail;
    if (std::regex_search(text.begin() + static_cast<std::ptrdiff_t>(at), text.end(), *regex_, here)) return true;
  }
  return false;
}

}  // namespace cfn
