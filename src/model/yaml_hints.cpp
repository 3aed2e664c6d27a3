#include "model/yaml_hints.h"

#include <yaml-cpp/exceptions.h>

#include <cctype>
#include <initializer_list>

#include "model/conflict_marker.h"
#include "model/yaml_text.h"

namespace cfn {

namespace {

constexpr size_t kNone = std::string_view::npos;

using namespace yaml_text;

size_t line_begin(std::string_view text, size_t at) {
  while (at > 0 && !is_break(text[at - 1])) --at;
  return at;
}

// The first character after the indentation (spaces and tabs) of the line at `begin`.
size_t content_begin(std::string_view text, size_t begin) { return skip_blanks(text, begin); }

size_t indentation(std::string_view text, size_t begin) { return content_begin(text, begin) - begin; }

// A line with nothing to read: blank, or a comment alone.
bool is_empty_line(std::string_view text, size_t begin) {
  size_t content = content_begin(text, begin);
  return content >= text.size() || is_break(text[content]) || text[content] == '#';
}

// The start of the nearest line above `begin` with content, or kNone.
size_t previous_content_line(std::string_view text, size_t begin) {
  while (begin > 0) {
    size_t end = begin - 1;  // the break that ends the line above (the \n of a \r\n)
    if (end > 0 && text[end] == '\n' && text[end - 1] == '\r') --end;
    begin = line_begin(text, end);
    if (!is_empty_line(text, begin)) return begin;
  }
  return kNone;
}

// The ':' that ends the key of the line at `begin` ("Key: value", "- Key: value", "Key:"),
// or kNone. A quoted key is passed over whole. Template keys are names (logical ids,
// properties, `aws:SecureTransport`): a blank before the colon means the line is text
// (`+     BucketEncryption:` from a diff), and a comment or a flow collection ends the search.
size_t key_colon(std::string_view text, size_t begin) {
  size_t at = content_begin(text, begin);
  while (at + 1 < text.size() && text[at] == '-' && is_blank(text[at + 1])) at = content_begin(text, at + 1);
  size_t end = line_end(text, at);
  if (at < end && (text[at] == '"' || text[at] == '\'')) {
    size_t close = text.find(text[at], at + 1);
    at = close == kNone || close >= end ? end : close + 1;
  }
  for (; at < end; ++at) {
    if (is_blank(text[at]) || text[at] == '[' || text[at] == '{') return kNone;
    if (text[at] == ':' && (at + 1 == end || is_blank(text[at + 1]))) return at;
  }
  return kNone;
}

// Whether a key above the line at `begin`, in the same block, starts in the same column.
bool lines_up_with_key_above(std::string_view text, size_t begin) {
  size_t column = indentation(text, begin);
  for (size_t above = previous_content_line(text, begin); above != kNone; above = previous_content_line(text, above)) {
    size_t above_column = indentation(text, above);
    if (above_column < column) return false;
    if (above_column == column && key_colon(text, above) != kNone) return true;
  }
  return false;
}

// Whether a name a key could be (`Type`, `AWS::CloudFormation::Init`, `aws:SourceArn`)
// starts at `at` and ends at a blank or the end of the line: not a list item, not text.
bool starts_with_name(std::string_view text, size_t at) {
  size_t end = at;
  while (end < text.size() &&
         (std::isalnum(static_cast<unsigned char>(text[end])) || std::string_view("_.:-").find(text[end]) != kNone))
    ++end;
  bool ends = end == text.size() || is_blank(text[end]) || is_break(text[end]);
  return end > at && std::isalnum(static_cast<unsigned char>(text[at])) && ends;
}

// Where the value after a key's ':' starts (the end of the line when there is none).
size_t value_begin(std::string_view text, size_t colon) { return content_begin(text, colon + 1); }

bool has_value(std::string_view text, size_t colon) {
  size_t value = value_begin(text, colon);
  return value < text.size() && !is_break(text[value]) && text[value] != '#';
}

// `Action: *`, `Principal: *`: an alias with no name. yaml-cpp stops just past the star.
std::optional<YamlHint> unquoted_wildcard(std::string_view text, size_t at) {
  size_t begin = line_begin(text, std::min(at, text.size()));
  for (size_t star = std::min(at, text.size()); star-- > begin && at - star <= 2;) {
    if (text[star] != '*') continue;
    bool ends = star + 1 >= text.size() || is_blank(text[star + 1]) || is_break(text[star + 1]) ||
                text[star + 1] == ',' || text[star + 1] == ']' || text[star + 1] == '}';
    if (!ends) return std::nullopt;
    return YamlHint{star, "a '*' alone starts an alias in YAML; write the wildcard in quotes: '*'"};
  }
  return std::nullopt;
}

// `Name: @team`, `Name: `x``, `S3Bucket: %%BUCKET_NAME%%` (a build step's placeholder):
// characters YAML reserves, or that start a directive.
std::optional<YamlHint> reserved_character(std::string_view text, size_t at) {
  if (at >= text.size() || std::string_view("@`%").find(text[at]) == kNone) return std::nullopt;
  // `{%- if cookiecutter.x %}`: a Jinja tag of a project template (sam init's), which no
  // quoting turns into CloudFormation.
  if (text[at] == '%' && at > 0 && text[at - 1] == '{')
    return YamlHint{at - 1,
                    "'{%' starts a Jinja template tag (cookiecutter, sam init); render the template first, "
                    "then scan what it writes"};
  return YamlHint{at, std::string("'") + text[at] + "' cannot start a plain value in YAML; put the value in quotes"};
}

std::optional<YamlHint> tab_in_indentation(std::string_view text, size_t at) {
  size_t begin = line_begin(text, std::min(at, text.size()));
  for (size_t i = begin; i < text.size() && is_blank(text[i]); ++i) {
    if (text[i] == '\t') return YamlHint{i, "this line is indented with a tab; YAML indents with spaces only"};
  }
  return std::nullopt;
}

// `AllowedPattern: "^\d+$"`: a regular expression in double quotes, where YAML reads
// backslashes as escapes. yaml-cpp stops past the escaped character.
std::optional<YamlHint> unknown_escape(std::string_view text, size_t at, std::string_view escaped) {
  size_t begin = line_begin(text, std::min(at, text.size()));
  for (size_t slash = std::min(at, text.size()); slash-- > begin && at - slash <= 4;) {
    if (text[slash] != '\\' || text.substr(slash + 1, escaped.size()) != escaped) continue;
    std::string written = "\\" + std::string(escaped);
    return YamlHint{slash, "'" + written + "' is not an escape in a double-quoted YAML string; write \\" + written +
                               " inside double quotes, or put the value in single quotes"};
  }
  return std::nullopt;
}

// `Description: Backlog: 100 messages`: the second ': ' starts a mapping inside the value.
std::optional<YamlHint> colon_in_plain_value(std::string_view text, size_t at) {
  if (at >= text.size() || text[at] != ':') return std::nullopt;
  size_t colon = key_colon(text, line_begin(text, at));
  if (colon == kNone || colon >= at) return std::nullopt;
  size_t value = value_begin(text, colon);
  if (value >= at || std::string_view("\"'{[|>&*").find(text[value]) != kNone) return std::nullopt;
  return YamlHint{at, "a ': ' inside a plain value starts a mapping; put the whole value in quotes"};
}

constexpr const char* kDeeperKey =
    "this key is indented deeper than the key above it, which already has a value; keys of one mapping must be "
    "lined up";
constexpr const char* kNoColon = "this line has no ':' after its key";

// Whether the line at `begin` is a key indented deeper than a "Key: value" right above it.
bool deeper_than_valued_key(std::string_view text, size_t begin) {
  size_t above = previous_content_line(text, begin);
  if (above == kNone || indentation(text, above) >= indentation(text, begin)) return false;
  size_t above_colon = key_colon(text, above);
  return above_colon != kNone && has_value(text, above_colon);
}

// Whether the line at `begin` stands where a key belongs: first under a "Key:", or in the
// column of a key above it in the same block.
bool stands_where_a_key_belongs(std::string_view text, size_t begin) {
  if (lines_up_with_key_above(text, begin)) return true;
  size_t parent = previous_content_line(text, begin);
  if (parent == kNone) return false;
  size_t parent_colon = key_colon(text, parent);
  return parent_colon != kNone && !has_value(text, parent_colon) &&
         indentation(text, parent) < indentation(text, begin);
}

// The line above the one at `begin` is a key that lost its ':' (`Type AWS::S3::Bucket`),
// so `begin`'s line was read as more of its text.
std::optional<YamlHint> colon_lost_above(std::string_view text, size_t begin) {
  size_t above = previous_content_line(text, begin);
  if (above == kNone || key_colon(text, above) != kNone) return std::nullopt;
  size_t above_content = content_begin(text, above);
  if (!starts_with_name(text, above_content) || !stands_where_a_key_belongs(text, above)) return std::nullopt;
  return YamlHint{above_content, std::string(kNoColon) + ", so the line below was read as more of its text"};
}

// Whether a list item is above the line at `begin` in the same block.
bool item_above(std::string_view text, size_t begin) {
  size_t column = indentation(text, begin);
  for (size_t above = previous_content_line(text, begin); above != kNone; above = previous_content_line(text, above)) {
    if (text[content_begin(text, above)] == '-') return true;
    if (indentation(text, above) < column) return false;
  }
  return false;
}

// yaml-cpp stopped at a key's ':' ("illegal map value"): the key is one step deeper than
// the "Key: value" above it, or the line above lost its ':' (`Type AWS::S3::Bucket`);
// either way the key was read as more text of the line above.
std::optional<YamlHint> key_read_as_text(std::string_view text, size_t at) {
  size_t begin = line_begin(text, std::min(at, text.size()));
  if (key_colon(text, begin) != at) return std::nullopt;
  if (deeper_than_valued_key(text, begin)) return YamlHint{content_begin(text, begin), kDeeperKey};
  return colon_lost_above(text, begin);
}

// `Name: "a" b`: text after the closing quote.
std::optional<YamlHint> text_after_quotes(std::string_view text, size_t at) {
  size_t begin = line_begin(text, std::min(at, text.size()));
  size_t colon = key_colon(text, begin);
  if (colon == kNone || colon >= at) return std::nullopt;
  size_t value = value_begin(text, colon);
  size_t last = at;
  while (last > value && is_blank(text[last - 1])) --last;
  if (value >= at || (text[value] != '"' && text[value] != '\'') || last - 1 <= value || text[last - 1] != text[value])
    return std::nullopt;
  return YamlHint{at, "text after a quoted value; put all of the value inside the quotes"};
}

// yaml-cpp stopped at the first character of a line ("end of map/sequence not found"):
// a list item or a key out of line with those above it, or a key that lost its ':'.
std::optional<YamlHint> out_of_line(std::string_view text, size_t at) {
  size_t begin = line_begin(text, std::min(at, text.size()));
  if (at >= text.size() || content_begin(text, begin) != at) return std::nullopt;
  if (auto lost = colon_lost_above(text, begin);
      lost && indentation(text, line_begin(text, lost->offset)) < indentation(text, begin))
    return lost;
  if (text[at] == '-') {
    if (!item_above(text, begin)) return std::nullopt;
    return YamlHint{at,
                    "this item is not lined up with the items above it; give every item of a list the same "
                    "indentation"};
  }
  bool lines_up = lines_up_with_key_above(text, begin);
  if (key_colon(text, begin) == kNone) {
    if (!lines_up || !starts_with_name(text, at)) return std::nullopt;  // perhaps text continued from above
    return YamlHint{at, kNoColon};
  }
  if (lines_up) return std::nullopt;
  if (deeper_than_valued_key(text, begin)) return YamlHint{at, kDeeperKey};
  size_t above = previous_content_line(text, begin);
  if (above == kNone) return std::nullopt;
  if (text[content_begin(text, above)] == '-' && indentation(text, above) == indentation(text, begin))
    return YamlHint{at,
                    "this key is lined up with the '-' of the list item above it, where only list items go; "
                    "line it up with the key that holds the list, or with the item's keys after '- '"};
  if (indentation(text, above) <= indentation(text, begin)) return std::nullopt;
  return YamlHint{at, "this line's indentation lines up with no key above it; keys of one mapping must be lined up"};
}

// The start of the line after the one at `begin` (text.size() at the end).
size_t next_line(std::string_view text, size_t begin) {
  size_t end = line_end(text, begin);
  if (end < text.size() && text[end] == '\r') ++end;
  if (end < text.size() && text[end] == '\n') ++end;
  return end;
}

// Lines another tool left in the file, on or above the line where yaml-cpp stopped, whatever
// it stopped on: a merge's conflict markers, or a diff's '+' marks (`+     BucketEncryption:`).
// A template has neither in its first column: a mapping's values are indented below their
// keys, block scalars included.
std::optional<YamlHint> foreign_line_marks(std::string_view text, size_t at) {
  const size_t last = line_begin(text, std::min(at, text.size()));
  for (size_t begin = 0; begin <= last && begin < text.size(); begin = next_line(text, begin)) {
    std::string_view line = text.substr(begin);
    if (std::string_view marker = merge_conflict_marker(line); !marker.empty())
      return YamlHint{begin, "'" + std::string(marker) + "' is " + std::string(kConflictMarkerAdvice)};
    if (line.size() > 1 && line[0] == '+' && is_blank(line[1]))
      return YamlHint{begin,
                      "this line starts with '+', a diff's mark of an added line; remove the diff's marks "
                      "('+' and '-' in the first column)"};
  }
  return std::nullopt;
}

}  // namespace

std::optional<YamlHint> yaml_syntax_hint(std::string_view text, size_t at, std::string_view yaml_cpp_message) {
  if (auto marks = foreign_line_marks(text, at)) return marks;
  // The messages of block structure: a tab in a line's indentation is reason enough for them.
  for (const char* structure :
       {YAML::ErrorMsg::MAP_VALUE, YAML::ErrorMsg::MAP_KEY, YAML::ErrorMsg::END_OF_MAP, YAML::ErrorMsg::END_OF_SEQ,
        YAML::ErrorMsg::BLOCK_ENTRY, YAML::ErrorMsg::TAB_IN_INDENTATION}) {
    if (yaml_cpp_message != structure) continue;
    if (auto tab = tab_in_indentation(text, at)) return tab;
  }
  if (yaml_cpp_message == YAML::ErrorMsg::ALIAS_NOT_FOUND) return unquoted_wildcard(text, at);
  if (std::string_view escape = YAML::ErrorMsg::INVALID_ESCAPE; yaml_cpp_message.starts_with(escape))
    return unknown_escape(text, at, yaml_cpp_message.substr(escape.size()));
  if (yaml_cpp_message == YAML::ErrorMsg::UNKNOWN_TOKEN) return reserved_character(text, at);
  if (yaml_cpp_message == YAML::ErrorMsg::MAP_VALUE) {
    if (auto hint = colon_in_plain_value(text, at)) return hint;
    return key_read_as_text(text, at);
  }
  if (yaml_cpp_message == YAML::ErrorMsg::END_OF_MAP) {
    if (auto hint = text_after_quotes(text, at)) return hint;
    return out_of_line(text, at);
  }
  if (yaml_cpp_message == YAML::ErrorMsg::END_OF_SEQ) return out_of_line(text, at);
  return std::nullopt;
}

}  // namespace cfn
