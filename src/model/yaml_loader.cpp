// load_yaml: yaml-cpp's event parser feeding a Value tree directly, in one pass.
//
// yaml-cpp reports where each node *starts* (a Mark) and nothing else, so every end
// position here is found by reading the source text from that start with the lexical
// rules of the node's style. Marks are turned into byte offsets into the SourceFile's
// own text and from there into positions, so YAML and JSON positions agree byte for byte.
//
// yaml-cpp 0.7 quirks this file works around (each checked against the library):
// - Mark.pos counts bytes after a UTF-8 byte-order mark: offset = pos + 3 when one is there.
// - Mark.pos counts the \r of \r\n; a lone \r is not a line break to yaml-cpp at all, so
//   lone \r are given to it as \n (same length: offsets do not move).
// - Mark.line/column are not used: column counts bytes, and line ignores lone \r.
// - A node with a tag or anchor has its mark on the first property, not its content.
// - An empty value (`Key:` with nothing) gets the mark of whatever token comes next,
//   often on a later line; its position is taken from the text instead (after the `:`).
// - `~`/`null` arrive as OnNull without their text; it is read back from the source.
// - Nesting deeper than ~500 parser levels throws YAML::DeepRecursion ("bad file").
// - A tagged block scalar as a sequence item (`- !Sub |`) whose lines are indented less
//   than four columns past the dash is "end of sequence not found" (yaml-cpp issue 1163),
//   though YAML allows it; such a file is read again with those tags hidden.
// - A flow mapping's last key without a value, then a line break, then `}` is "end of map
//   flow not found"; such a file is read again with those breaks made spaces.
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <istream>
#include <memory>
#include <optional>
#include <streambuf>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/loader.h"
#include "model/yaml_hints.h"
#include "model/yaml_text.h"

namespace cfn {

namespace {

using std::string_view;
constexpr size_t kNone = string_view::npos;

constexpr string_view kStandardTagPrefix = "tag:yaml.org,2002:";
constexpr string_view kBoolTag = "tag:yaml.org,2002:bool";
constexpr string_view kMergeKey = "<<";

// The Value tree is destroyed and copied recursively (Value is not ours to change), so
// its depth must stay well inside the stack whatever LoadLimits::max_depth says.
constexpr size_t kStackSafeDepth = 4096;

// Unless LoadLimits::max_alias_values sets a number, values copied by aliases may number
// at most the larger of kAliasBudgetFloor and kAliasFactor times the values written out
// in the file. Reaching it takes aliases that
// copy the whole file ten times over; a "billion laughs" file stops here within a
// millisecond instead of at max_nodes (millions of values, hundreds of megabytes).
constexpr size_t kAliasBudgetFloor = 10'000;
constexpr size_t kAliasFactor = 10;

// Mappings with this many entries get a hash index for duplicate-key checks.
constexpr size_t kIndexKeysFrom = 16;

// ---------------------------------------------------------------------------------
// CloudFormation's short-form tags.

struct ShortForm {
  string_view tag;
  string_view key;
};

constexpr ShortForm kShortForms[] = {
    {"!Ref", "Ref"},
    {"!Condition", "Condition"},
    {"!GetAtt", "Fn::GetAtt"},
    {"!Sub", "Fn::Sub"},
    {"!Join", "Fn::Join"},
    {"!Select", "Fn::Select"},
    {"!Split", "Fn::Split"},
    {"!FindInMap", "Fn::FindInMap"},
    {"!ImportValue", "Fn::ImportValue"},
    {"!GetStackOutput", "Fn::GetStackOutput"},  // another stack's output, any account or Region
    {"!Base64", "Fn::Base64"},
    {"!Cidr", "Fn::Cidr"},
    {"!GetAZs", "Fn::GetAZs"},
    {"!If", "Fn::If"},
    {"!Equals", "Fn::Equals"},
    {"!Not", "Fn::Not"},
    {"!And", "Fn::And"},
    {"!Or", "Fn::Or"},
    {"!Transform", "Fn::Transform"},
    {"!Length", "Fn::Length"},
    {"!ToJsonString", "Fn::ToJsonString"},
    // The rule functions of a Rules section. AWS documents only their long names, but
    // CloudFormation accepts the short forms too: AWS's Quick Start templates, deployed as
    // they are, write `!Contains` and `!ValueOfAll` in their Rules.
    {"!Contains", "Fn::Contains"},
    {"!EachMemberEquals", "Fn::EachMemberEquals"},
    {"!EachMemberIn", "Fn::EachMemberIn"},
    {"!RefAll", "Fn::RefAll"},
    {"!ValueOf", "Fn::ValueOf"},
    {"!ValueOfAll", "Fn::ValueOfAll"},
};

// What a node's tag asks of the loader.
enum class TagUse {
  None,         // no tag (yaml-cpp's "?" for plain, "!" for quoted and block scalars)
  ForceString,  // `!!str`, or the explicit non-specific `!`: a string however written
  Standard,     // any other tag:yaml.org,2002 tag: accepted, changes nothing here
  ShortForm,    // `!Ref` and friends: wrap the value in {LongName: value}
  Unknown,      // anything else: reported, value kept untagged
};

struct TagMeaning {
  TagUse use = TagUse::None;
  string_view long_key;  // for ShortForm
};

// YAML 1.1's merge key: `<<` written plain and untagged (a quoted "<<" is a string key).
bool is_merge_key(string_view key, bool quoted, TagMeaning meaning) {
  return !quoted && meaning.use == TagUse::None && key == kMergeKey;
}

TagMeaning meaning_of(const std::string& tag, bool is_scalar) {
  if (tag.empty() || tag == "?") return {};
  // For scalars yaml-cpp writes "!" for every quoted or block scalar, tagged or not.
  if (tag == "!") return {is_scalar ? TagUse::ForceString : TagUse::None, {}};
  if (tag.starts_with(kStandardTagPrefix))
    return {tag.substr(kStandardTagPrefix.size()) == "str" ? TagUse::ForceString : TagUse::Standard,
            {}};
  for (const ShortForm& form : kShortForms) {
    if (tag == form.tag) return {TagUse::ShortForm, form.key};
  }
  return {TagUse::Unknown, {}};
}

// A tag as written (`!Ref`, `!!str`, `!<tag:...>`) in the form yaml-cpp reports it.
std::string resolved_tag(string_view written) {
  if (written.starts_with("!<") && written.ends_with(">"))
    return std::string(written.substr(2, written.size() - 3));
  if (written.starts_with("!!"))
    return std::string(kStandardTagPrefix) + std::string(written.substr(2));
  return std::string(written);
}

// ---------------------------------------------------------------------------------
// Reading the source text around a mark.

using namespace yaml_text;

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
// Characters that end an anchor, alias or tag token.
bool ends_token(char c) {
  return is_space(c) || c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
}

// Offset of the first byte of the line after the one ending at `end` (a break or the end).
size_t next_line(string_view text, size_t end) {
  if (end < text.size() && text[end] == '\r') ++end;
  if (end < text.size() && text[end] == '\n') ++end;
  return end;
}

// Skips what YAML allows between two tokens: spaces, line breaks and comments.
size_t skip_separation(string_view text, size_t i) {
  while (i < text.size()) {
    if (is_space(text[i])) {
      ++i;
    } else if (text[i] == '#' && (i == 0 || is_space(text[i - 1]))) {
      i = line_end(text, i);
    } else {
      break;
    }
  }
  return i;
}

// End of an anchor (&a), alias (*a) or tag (!Ref, !!str, !<verbatim>) starting at i.
size_t token_end(string_view text, size_t i) {
  if (text.substr(i, 2) == "!<") {
    size_t close = text.find('>', i);
    return close == kNone ? text.size() : close + 1;
  }
  ++i;
  while (i < text.size() && !ends_token(text[i])) ++i;
  return i;
}

// A node's properties: its tag and anchor, written before its content.
struct Properties {
  size_t begin = 0;          // the first property, or the content when there are none
  size_t end = 0;            // just after the last property (== begin when none)
  size_t content = 0;        // first character after the properties and what follows them
  size_t tag_begin = kNone;  // the tag's text, when there is one
  size_t tag_end = kNone;
  bool any() const { return end != begin; }
};

// Reads up to max_count properties at `at`. Scalars never start with `!` or `&`, so
// for them any such token is a property; collections pass how many yaml-cpp reported,
// because a block mapping's mark can sit on its first key's own properties.
Properties read_properties(string_view text, size_t at, int max_count) {
  Properties props{at, at, at};
  size_t i = at;
  for (int n = 0; n < max_count && i < text.size() && (text[i] == '!' || text[i] == '&'); ++n) {
    size_t end = token_end(text, i);
    if (text[i] == '!') {
      props.tag_begin = i;
      props.tag_end = end;
    }
    props.end = end;
    i = skip_separation(text, end);
  }
  props.content = props.any() ? i : at;
  return props;
}

}  // namespace

// CloudFormation reads templates as YAML 1.1, where a plain yes, no, on, off, true or
// false (in three letter cases) is a boolean: an unquoted `PubliclyAccessible: Yes` turns
// the broker public, a tag value written YES is deployed as "true", and `!Equals [!Ref
// Flag, True]` compares with "true". So such a scalar, value or mapping key, holds the
// boolean's text here. The one-letter y and n are left as text: AWS's own tools disagree
// on them.
// Returns `text` itself (no copy on the loader's hot path) unless it is such a word.
const std::string& yaml11_boolean_as_written(const std::string& text) {
  static constexpr string_view kTrue[] = {"yes", "Yes", "YES", "on", "On", "ON", "True", "TRUE"};
  static constexpr string_view kFalse[] = {"no", "No", "NO", "off", "Off", "OFF", "False", "FALSE"};
  static const std::string true_text = "true", false_text = "false";
  if (text.size() < 2 || text.size() > 5) return text;  // the common case, decided fast
  for (string_view word : kTrue)
    if (text == word) return true_text;
  for (string_view word : kFalse)
    if (text == word) return false_text;
  return text;
}

namespace {

// End of a double-quoted scalar whose opening quote is at `begin`.
size_t double_quoted_end(string_view text, size_t begin) {
  for (size_t i = begin + 1; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      return i + 1;
    }
  }
  return text.size();
}

// End of a single-quoted scalar; '' inside is an escaped quote.
size_t single_quoted_end(string_view text, size_t begin) {
  for (size_t i = begin + 1; i < text.size(); ++i) {
    if (text[i] != '\'') continue;
    if (i + 1 < text.size() && text[i + 1] == '\'') {
      ++i;
    } else {
      return i + 1;
    }
  }
  return text.size();
}

// End of a plain scalar: walks the source alongside the decoded value. Plain scalars
// have no escapes, so the two differ only in whitespace (folded line breaks, trimmed
// indentation), which is skipped on either side. Stops after the value's last character,
// so trailing spaces and comments are excluded.
size_t plain_end(string_view text, size_t begin, string_view value) {
  size_t i = begin;
  size_t j = 0;
  while (j < value.size() && i < text.size()) {
    if (text[i] == value[j]) {
      ++i;
      ++j;
    } else if (is_space(text[i])) {
      ++i;
    } else if (is_space(value[j])) {
      ++j;
    } else {
      break;  // cannot happen for well-formed input; keep what matched
    }
  }
  return i;
}

// Columns here are bytes from the line start: YAML indentation is spaces only. The
// byte-order mark does not indent the first line.
int column_of(string_view text, size_t offset, size_t bom) {
  size_t begin = offset;
  while (begin > bom && !is_break(text[begin - 1])) --begin;
  return static_cast<int>(offset - begin);
}

size_t count_spaces(string_view text, size_t i) {
  size_t n = 0;
  while (i + n < text.size() && text[i + n] == ' ') ++n;
  return n;
}

bool is_document_marker(string_view text, size_t i) {
  string_view marker = text.substr(i, 3);
  if (marker != "---" && marker != "...") return false;
  return i + 3 >= text.size() || is_space(text[i + 3]);
}

// End of a block scalar (| or >) whose indicator is at `begin`: the end of its last
// non-blank content line. owner_indent is the indentation of the collection holding it
// (-1 at the root); content lines are indented more, by the header's explicit amount
// or else by the first non-blank line's indentation.
size_t block_scalar_end(string_view text, size_t begin, int owner_indent, string_view value) {
  size_t header_end = begin + 1;
  int explicit_indent = 0;
  for (; header_end < text.size(); ++header_end) {  // chomping (+ -) and indentation (1-9)
    char c = text[header_end];
    if (c >= '1' && c <= '9') {
      explicit_indent = c - '0';
    } else if (c != '+' && c != '-') {
      break;
    }
  }
  if (value.find_first_not_of(" \t\r\n") == kNone) return header_end;  // no content lines
  int content_indent = explicit_indent ? owner_indent + explicit_indent : -1;
  size_t end = header_end;
  for (size_t line = next_line(text, line_end(text, header_end)); line < text.size();) {
    size_t eol = line_end(text, line);
    size_t first = skip_blanks(text, line);
    if (first < eol) {
      int indent = static_cast<int>(count_spaces(text, line));
      if (content_indent < 0 && indent > owner_indent) content_indent = indent;
      if (indent < content_indent || indent <= owner_indent) break;
      if (owner_indent < 0 && indent == 0 && is_document_marker(text, line)) break;
      end = eol;
    }
    line = next_line(text, eol);
  }
  return end;
}

// Length of a null written out (`~`, `null`, `Null`, `NULL`) at i, 0 when there is none.
// Unless it may be a key, a word followed by `:` is the next key, not this value.
size_t null_token_length(string_view text, size_t i, bool may_be_key) {
  for (string_view word : {"~", "null", "Null", "NULL"}) {
    if (text.substr(i, word.size()) != word) continue;
    size_t after = i + word.size();
    size_t next = skip_blanks(text, after);
    bool before_colon = next < text.size() && text[next] == ':' &&
                        (next + 1 == text.size() || ends_token(text[next + 1]));
    if (after < text.size() && !ends_token(text[after]) && !before_colon) continue;  // `nullable`
    if (before_colon && !may_be_key) return 0;
    return word.size();
  }
  return 0;
}

// Offset just after `indicator` when it is the next token after `from`, else kNone.
size_t after_indicator(string_view text, size_t from, char indicator) {
  size_t i = skip_separation(text, from);
  return i < text.size() && text[i] == indicator ? i + 1 : kNone;
}

// Offset just after the closing bracket of a flow collection whose last child ends at
// `from`: only spaces, comments and separators may come between.
size_t closing_bracket_end(string_view text, size_t from, char closer) {
  size_t i = from;
  while (i < text.size()) {
    i = skip_separation(text, i);
    if (i < text.size() && (text[i] == ',' || text[i] == ':' || text[i] == '?')) {
      ++i;
      continue;
    }
    break;
  }
  return i < text.size() && text[i] == closer ? i + 1 : from;
}

size_t utf8_length_at(string_view text, size_t i) {
  size_t n = 1;
  while (i + n < text.size() && is_continuation_byte(text[i + n])) ++n;
  return n;
}

size_t first_invalid_utf8(string_view text);

// yaml-cpp 0.7 decodes the escapes \N and \_ of a double-quoted scalar to the single bytes
// 0x85 and 0xA0, not to U+0085 (next line) and U+00A0 (no-break space) in UTF-8 as YAML
// means them: the text is valid UTF-8 before parsing, so such a lone byte is one of them.
std::string decoded_escapes_as_utf8(std::string value) {
  for (size_t bad = first_invalid_utf8(value); bad != kNone; bad = first_invalid_utf8(value)) {
    unsigned char byte = static_cast<unsigned char>(value[bad]);
    if (byte != 0x85 && byte != 0xA0) break;  // not one of those: left as it is
    value.insert(bad, 1, '\xC2');
  }
  return value;
}

std::string with_full_stop(std::string sentence) {
  if (!sentence.empty() && sentence.back() != '.') sentence += '.';
  return sentence;
}

// ---------------------------------------------------------------------------------
// Offsets to positions.

// Converts byte offsets to positions exactly as SourceFile::position_at does. Offsets
// arrive almost in order, so it walks on from its previous answer instead of rescanning
// each line from its start (which is quadratic on long flow-style lines).
class PositionCursor {
 public:
  explicit PositionCursor(const SourceFile& file)
      : file_(file), text_(file.text()), bom_(text_.starts_with("\xEF\xBB\xBF") ? 3 : 0) {
    offset_ = line_begin_ = bom_;
  }

  size_t bom() const { return bom_; }

  Position at(size_t offset) {
    offset = std::min(offset, text_.size());
    if (offset < line_begin_) {
      restart_at(offset);
    } else if (offset < offset_) {
      step_back_to(offset);
    } else {
      walk_to(offset);
    }
    // The cursor counts the \r of a \r\n as a column; its \n is the same line break and
    // has the \r's position (as SourceFile::position_at says).
    if (crlf_newline(offset)) return Position{position_.line, position_.column - 1};
    return position_;
  }

 private:
  void walk_to(size_t offset) {
    for (; offset_ < offset; ++offset_) {
      char c = text_[offset_];
      bool crlf = c == '\r' && offset_ + 1 < text_.size() && text_[offset_ + 1] == '\n';
      if (c == '\n' || (c == '\r' && !crlf)) {
        ++position_.line;
        position_.column = 1;
        line_begin_ = offset_ + 1;
      } else if (!is_continuation_byte(c)) {
        ++position_.column;
      }
    }
  }

  void step_back_to(size_t offset) {  // on the same line
    for (; offset_ > offset; --offset_) {
      if (!is_continuation_byte(text_[offset_ - 1])) --position_.column;
    }
  }

  bool crlf_newline(size_t offset) const {
    return offset < text_.size() && text_[offset] == '\n' && offset > line_begin_ && text_[offset - 1] == '\r';
  }

  void restart_at(size_t offset) {
    position_ = file_.position_at(offset);
    offset_ = offset;
    line_begin_ = std::min(offset, file_.offset_of(Position{position_.line, 1}));
    if (crlf_newline(offset)) ++position_.column;  // the cursor's own count, as walk_to keeps it
  }

  const SourceFile& file_;
  string_view text_;
  size_t bom_;
  size_t offset_ = 0;
  size_t line_begin_ = 0;
  Position position_{1, 1};
};

// ---------------------------------------------------------------------------------
// Tags yaml-cpp cannot read where they stand: `- !Sub |` (or `>`) ending its line, in a
// block sequence. Each is blanked out of the text yaml-cpp reads (offsets do not move),
// and the loader puts it back on the block scalar found at `indicator`.
struct HiddenTag {
  size_t tag_begin;
  size_t tag_end;
  size_t indicator;  // the `|` or `>`
};

// The tags of `- !Tag |` lines. Only a file yaml-cpp failed to read is read with them
// hidden (text inside a block scalar can look like such a line).
std::vector<HiddenTag> sequence_block_scalar_tags(string_view text) {
  std::vector<HiddenTag> tags;
  for (size_t line = 0; line < text.size(); line = next_line(text, line_end(text, line))) {
    size_t i = skip_blanks(text, line);
    bool item = false;
    while (i + 1 < text.size() && text[i] == '-' && is_blank(text[i + 1])) {
      i = skip_blanks(text, i + 1);
      item = true;
    }
    if (!item || i >= text.size() || text[i] != '!') continue;
    size_t tag_end = token_end(text, i);
    size_t indicator = skip_blanks(text, tag_end);
    if (indicator >= text.size() || (text[indicator] != '|' && text[indicator] != '>')) continue;
    size_t after = indicator + 1;
    while (after < text.size() && (text[after] == '+' || text[after] == '-' || std::isdigit(static_cast<unsigned char>(text[after]))))
      ++after;
    size_t rest = skip_blanks(text, after);
    if (rest < text.size() && !is_break(text[rest]) && !(text[rest] == '#' && rest > after)) continue;
    tags.push_back({i, tag_end, indicator});
  }
  return tags;
}

// Feeding yaml-cpp.

// An input buffer over the source text, without copying it. yaml-cpp 0.7 ends lines only
// at \n, so a file with lone \r line breaks (old Mac style) would read as one line; each
// lone \r is handed over as \n instead, which keeps every byte offset in place.
class YamlInput : public std::streambuf {
 public:
  explicit YamlInput(const std::string& text) {
    const std::string* bytes = &text;
    if (has_lone_cr(text)) {
      normalized_ = text;
      for (size_t i = 0; i < normalized_.size(); ++i) {
        if (normalized_[i] == '\r' && (i + 1 == normalized_.size() || normalized_[i + 1] != '\n'))
          normalized_[i] = '\n';
      }
      bytes = &normalized_;
    }
    // The get area is only read (putback of the same byte just moves the pointer).
    char* begin = const_cast<char*>(bytes->data());
    setg(begin, begin, begin + bytes->size());
  }

 private:
  static bool has_lone_cr(const std::string& text) {
    for (size_t i = text.find('\r'); i != std::string::npos; i = text.find('\r', i + 1)) {
      if (i + 1 == text.size() || text[i + 1] != '\n') return true;
    }
    return false;
  }

  std::string normalized_;
};

// Thrown from the event handler to stop yaml-cpp once a limit was reported.
struct StopBuilding {};

// ---------------------------------------------------------------------------------
// Building the Value tree.

// A finished node on its way into its parent.
struct Built {
  Value value;
  size_t end = 0;     // byte offset just after the node's text
  size_t height = 0;  // mappings and sequences on its longest downward path (0 for scalars)
  size_t nodes = 1;   // values in it, itself included
  bool short_form = false;  // the mapping a short-form tag stands for (`!Ref X`), not one written
};

// A mapping or sequence whose end event has not come yet.
struct Frame {
  Value value;
  size_t begin = 0;  // offset of its first character (bracket, dash or first key)
  Position begin_position;
  size_t last_end = 0;  // offset just after the last child read (begin when none)
  Position last_end_position;
  bool bracketed = false;  // a flow collection with its own [ ] or { }
  size_t child_height = 0;
  size_t nodes_before = 0;  // nodes created before it opened, to size it when it closes
  YAML::anchor_t anchor = 0;
  string_view wrapper_key;  // long-form key when written with a short-form tag (!If [...])
  size_t tag_begin = 0;
  Range tag_range;
  size_t levels = 1;  // Value levels it adds: 2 with a wrapper mapping
  // Mapping state: a key read and waiting for its value.
  bool has_key = false;
  bool drop_value = false;  // the key was not a scalar: read, keep nothing
  // The key repeats entry `replaces`, whose value the new one replaces (CloudFormation
  // deploys the last occurrence); npos when it does not.
  size_t replaces = std::string::npos;
  RepeatedKeys repeated;
  bool merging = false;       // the key waiting for its value is the merge key `<<`
  std::vector<Value> merged;  // the values of its merge keys, applied as it closes
  std::string key;
  Range key_range;
  size_t key_end = 0;
  std::unordered_multimap<size_t, size_t> key_index;  // key hash -> entry, for big mappings
};

// An anchored node, kept for the aliases that copy it.
struct AnchorSlot {
  std::string name;
  bool finished = false;  // false while its node is still being read (an alias to it is a cycle)
  Value value;
  size_t height = 0;
  size_t nodes = 0;
};

class ValueBuilder : public YAML::EventHandler {
 public:
  ValueBuilder(const SourceFile& source, const LoadLimits& limits,
               std::vector<Diagnostic>& diagnostics)
      : text_(source.text()),
        max_depth_(std::min(limits.max_depth, kStackSafeDepth)),
        max_nodes_(limits.max_nodes),
        max_alias_values_(limits.max_alias_values),
        cursor_(source),
        diagnostics_(diagnostics) {
    frames_.reserve(64);
  }

  // --- yaml-cpp events ---

  void OnDocumentStart(const YAML::Mark& mark) override { document_start_ = mark; }
  void OnDocumentEnd() override {}

  void OnAnchor(const YAML::Mark&, const std::string& name) override { anchor_name_ = name; }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    size_t at = offset_of(mark);
    if (const HiddenTag* hidden = hidden_tag_at(at)) {
      hidden_tags_read_.push_back(*hidden);
      read_scalar(hidden->tag_begin, resolved_tag(text_.substr(hidden->tag_begin, hidden->tag_end - hidden->tag_begin)),
                  anchor, value);
      return;
    }
    read_scalar(at, tag, anchor, value);
  }

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    size_t at = offset_of(mark);
    if (std::string tag = tag_dropped_at_end(at); !tag.empty()) {
      read_scalar(at, tag, anchor, std::string());
      return;
    }
    Properties props = anchor ? read_properties(text_, at, 2) : Properties{at, at, at};
    bool may_be_key = expecting_key();
    // `~` or `null` written out (yaml-cpp does not pass its text), or nothing at all.
    size_t token = props.any() ? skip_blanks(text_, props.end) : at;
    size_t length = null_token_length(text_, token, may_be_key);
    if (length == 0 && !props.any() && frames_.empty()) return;  // an empty document: no root
    size_t begin = length ? token : empty_node_offset(at, props);
    Range range{position(begin), position(begin + length)};
    std::string text(text_.substr(begin, length));
    if (anchor == 0 && may_be_key) {
      take_key(frames_.back(), std::move(text), range, begin + length);
      return;
    }
    begin_anchor(anchor);
    count_nodes(1, at);
    finish(Built{Value::scalar(std::move(text), false, range), begin + length}, anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    size_t at = offset_of(mark);
    size_t end = token_end(text_, at);
    Range range{position(at), position(end)};
    AnchorSlot* slot = anchor < anchors_.size() ? &anchors_[anchor] : nullptr;
    if (!slot || !slot->finished) {
      add(rule_parse_error, range,
          "Alias '" + std::string(text_.substr(at, end - at)) +
              "' is used inside the node it refers to; a value cannot contain itself.");
      count_nodes(1, at);
      finish(Built{Value::scalar("", false, range), end}, 0);
      return;
    }
    check_alias_limits(*slot, at, range);
    Built copy{slot->value, end, slot->height, slot->nodes};
    copy.value.set_range(range);  // the alias's own place; its insides keep the anchor's
    finish(std::move(copy), 0);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override {
    open(Value::sequence(), mark, tag, anchor, style);
  }
  void OnSequenceEnd() override { close(true); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override {
    open(Value::mapping(), mark, tag, anchor, style);
  }
  void OnMapEnd() override { close(true); }

  // --- after the parse ---

  // Closes whatever a parse error or a limit left open, keeping what was read.
  void close_all() {
    while (!frames_.empty()) close(false);
  }

  // yaml-cpp throws at an alias whose anchor is not defined; that alias reads as null.
  void add_unknown_alias(size_t at) {
    size_t end = token_end(text_, at);
    Range range{position(at), position(end)};
    add(rule_parse_error, range,
        "Alias '" + std::string(text_.substr(at, end - at)) +
            "' refers to an anchor that is not defined; the rest of the file was not read.");
    ++nodes_created_;
    if (!frames_.empty() && !expecting_key()) attach(Built{Value::scalar("", false, range), end});
  }

  std::unique_ptr<Value> take_root() { return std::move(root_); }

  // Tags blanked out of what yaml-cpp reads (sequence_block_scalar_tags), sorted.
  void set_hidden_tags(const std::vector<HiddenTag>* tags) { hidden_tags_ = tags; }
  // The hidden tags put back on their scalars, in order. One that was not stood in text
  // (a line inside a block scalar that looks like a tagged item), which blanking changed.
  const std::vector<HiddenTag>& hidden_tags_read() const { return hidden_tags_read_; }
  const YAML::Mark& document_start() const { return document_start_; }

  // Where a mark points in the source text (the last node read when it points nowhere).
  size_t offset_of(const YAML::Mark& mark) {
    if (mark.pos < 0) return last_offset_;
    last_offset_ = std::min(static_cast<size_t>(mark.pos) + cursor_.bom(), text_.size());
    return last_offset_;
  }
  size_t last_offset() const { return last_offset_; }

  // The opening bracket of the innermost flow collection still open, or npos: the one a
  // parse error about a missing ']' or '}' is about.
  size_t open_bracket() const {
    for (auto frame = frames_.rbegin(); frame != frames_.rend(); ++frame)
      if (frame->bracketed) return frame->begin;
    return std::string::npos;
  }
  std::string_view text() const { return text_; }
  // Whether nothing but spaces, line breaks and comments comes from `offset` on.
  bool only_blank_from(size_t offset) const { return skip_separation(text_, offset) >= text_.size(); }

  // A one-character range at an offset (empty at a line break or the end).
  Range char_range(size_t offset) {
    offset = std::min(offset, text_.size());
    size_t end = offset < text_.size() && !is_break(text_[offset])
                     ? offset + utf8_length_at(text_, offset)
                     : offset;
    return Range{position(offset), position(end)};
  }

  // The character at an offset, as text ("" at the end).
  std::string char_at(size_t offset) const {
    if (offset >= text_.size()) return {};
    return std::string(text_.substr(offset, utf8_length_at(text_, offset)));
  }

  // Whether the document found at `offset` was started as YAML allows a second one to be:
  // by a `---` there, or after a `...` that ended the one before. Anything else is text
  // after the end of the first document (a stray brace, a JSON file with its opening one
  // missing), which is a syntax error, not a second template.
  bool document_properly_started(size_t offset) const {
    if (is_document_marker(text_, offset) && text_.substr(offset, 3) == "---") return true;
    size_t line_start = text_.rfind('\n', offset == 0 ? 0 : offset - 1);
    while (line_start != string_view::npos && line_start > 0) {
      size_t previous = text_.rfind('\n', line_start - 1);
      size_t begin = previous == string_view::npos ? 0 : previous + 1;
      string_view line = text_.substr(begin, line_start - begin);
      size_t first = line.find_first_not_of(" \t\r");
      if (first != string_view::npos && line[first] != '#') return first == 0 && is_document_marker(line, 0) && line.starts_with("...");
      line_start = previous;
    }
    return false;
  }

  // Where a document starts: its `---`, or (after a `...`) its first line.
  Range document_start_range(size_t offset) {
    size_t end = is_document_marker(text_, offset) ? offset + 3 : line_end(text_, offset);
    while (end > offset && is_blank(text_[end - 1])) --end;
    return Range{position(offset), position(end)};
  }

  void add(const char* rule_id, Range range, std::string message) {
    diagnostics_.push_back(Diagnostic{rule_id, range, std::move(message), {}, {}});
  }

  static constexpr const char* rule_parse_error = "template-parse-error";
  static constexpr const char* rule_limit = "template-limit-exceeded";

 private:
  struct ScalarSpan {
    size_t begin;
    size_t end;
    bool non_plain;  // quoted or block scalar
  };

  Position position(size_t offset) { return cursor_.at(offset); }

  // A tag on nothing at the very end of the file arrives as OnNull without the tag
  // (elsewhere such a node is an OnScalar with ""); the tag is read back from the text.
  std::string tag_dropped_at_end(size_t at) const {
    if (at >= text_.size() || (text_[at] != '!' && text_[at] != '&')) return {};
    Properties props = read_properties(text_, at, 2);
    if (props.tag_begin == kNone || skip_separation(text_, props.end) != text_.size()) return {};
    return resolved_tag(text_.substr(props.tag_begin, props.tag_end - props.tag_begin));
  }

  void read_scalar(size_t at, const std::string& tag, YAML::anchor_t anchor, const std::string& decoded) {
    Properties props = read_properties(text_, at, 2);
    TagMeaning meaning = meaning_of(tag, true);
    report_unknown_tag(meaning, props);
    ScalarSpan span = locate_scalar(props, decoded);
    std::optional<std::string> redecoded;  // only when escapes may need it: no copy otherwise
    if (escapes_in_double_quotes(span)) redecoded = decoded_escapes_as_utf8(decoded);
    const std::string& value = redecoded ? *redecoded : decoded;
    if (span.non_plain && !quote_closed(span.begin))
      add(rule_parse_error, char_range(span.begin),
          with_full_stop("YAML syntax error: " + not_closed_before_end("quoted string")));
    // A short-form tag's empty argument (`!GetAZs` alone) is the empty string, not a null:
    // CloudFormation reads it as Fn::GetAZs "" (the stack's region).
    bool empty_argument = meaning.use == TagUse::ShortForm && value.empty() && !span.non_plain;
    // `!!bool yes` is the boolean, quoted or not, as PyYAML (sam, cfn-flip) reads it.
    bool boolean_tag = meaning.use == TagUse::Standard && tag == kBoolTag;
    bool quoted = !boolean_tag && (span.non_plain || meaning.use == TagUse::ForceString || empty_argument);
    Range range{position(span.begin), position(span.end)};
    // Keys too: a Mappings key written yes is the key "true" that Fn::FindInMap's yes finds.
    const std::string& text =
        (!quoted && meaning.use == TagUse::None) || boolean_tag ? yaml11_boolean_as_written(value) : value;
    if (anchor == 0 && meaning.use != TagUse::ShortForm && expecting_key()) {
      take_key(frames_.back(), text, range, span.end, is_merge_key(text, quoted, meaning));
      return;
    }
    begin_anchor(anchor);
    count_nodes(1, at);
    Built node{Value::scalar(text, quoted, range), span.end};
    if (meaning.use == TagUse::ShortForm)
      node = apply_short_form(std::move(node), meaning, props, span.begin);
    finish(std::move(node), anchor);
  }

  // A double-quoted scalar with a backslash in it (the rare case worth a second look).
  bool escapes_in_double_quotes(const ScalarSpan& span) const {
    if (span.begin >= text_.size() || text_[span.begin] != '"') return false;
    size_t backslash = text_.find('\\', span.begin);
    return backslash != kNone && backslash < span.end;
  }

  // yaml-cpp 0.7 accepts a quoted scalar that the end of the file cuts short.
  bool quote_closed(size_t begin) const {
    char quote = begin < text_.size() ? text_[begin] : '\0';
    if (quote != '"' && quote != '\'') return true;
    for (size_t i = begin + 1; i < text_.size(); ++i) {
      if (quote == '"' && text_[i] == '\\') {
        ++i;
      } else if (text_[i] == quote) {
        if (quote == '\'' && i + 1 < text_.size() && text_[i + 1] == '\'') {
          ++i;
        } else {
          return true;
        }
      }
    }
    return false;
  }

  bool expecting_key() const {
    return !frames_.empty() && frames_.back().value.is_mapping() && !frames_.back().has_key;
  }

  // Where the scalar's text is and where it ends, by the style its first character shows.
  ScalarSpan locate_scalar(const Properties& props, const std::string& value) {
    size_t begin = props.content;
    if (props.any() && value.empty()) {
      // `Key: !Ref` with nothing after the tag, unless the empty value is quoted or a
      // block scalar on the tag's line. (Looking further would read the next line.)
      size_t next = skip_blanks(text_, props.end);
      char c = next < text_.size() ? text_[next] : '\0';
      if (c != '"' && c != '\'' && c != '|' && c != '>') return {props.end, props.end, false};
      begin = next;
    }
    char c = begin < text_.size() ? text_[begin] : '\0';
    if (c == '"') return {begin, double_quoted_end(text_, begin), true};
    if (c == '\'') return {begin, single_quoted_end(text_, begin), true};
    if (c == '|' || c == '>')
      return {begin, block_scalar_end(text_, begin, owner_indent(), value), true};
    return {begin, plain_end(text_, begin, value), false};
  }

  // Indentation of the block collection holding the node being read (-1 at the root):
  // a block scalar's content lines are indented more than it.
  int owner_indent() const {
    if (frames_.empty() || frames_.back().bracketed) return -1;
    return column_of(text_, frames_.back().begin, cursor_.bom());
  }

  // An empty node (`Key:` with nothing): yaml-cpp's mark is on the next token, so the
  // position is taken from the text: just after its `:` or `-`, or its properties.
  size_t empty_node_offset(size_t mark_offset, const Properties& props) const {
    if (props.any()) return props.end;
    if (frames_.empty()) return mark_offset;
    const Frame& parent = frames_.back();
    size_t after = kNone;
    if (parent.value.is_mapping() && parent.has_key) {
      after = after_indicator(text_, parent.key_end, ':');
      if (after == kNone) return parent.key_end;  // `{a, b}`: a key with no `:` at all
    } else if (parent.value.is_sequence() && !parent.bracketed) {
      after = after_indicator(text_, parent.last_end, '-');
    }
    return after == kNone ? mark_offset : after;
  }

  void report_unknown_tag(const TagMeaning& meaning, const Properties& props) {
    if (meaning.use != TagUse::Unknown || props.tag_begin == kNone) return;
    std::string tag(text_.substr(props.tag_begin, props.tag_end - props.tag_begin));
    std::string message = "Unknown tag '" + tag +
                          "'; CloudFormation accepts only its intrinsic-function tags (!Ref, !GetAtt, !Sub, ...).";
    // The rain tool's directives: `rain pkg` replaces them before CloudFormation reads the
    // template, so the packaged output is what can be deployed and checked whole.
    if (tag.starts_with("!Rain::"))
      message += " Tags of the rain tool are replaced by `rain pkg`: scan the template it writes.";
    add("template-unknown-tag", Range{position(props.tag_begin), position(props.tag_end)}, message);
  }

  // `!Ref X` -> {Ref: X}: the mapping spans tag and value; its key is the tag's text.
  Built apply_short_form(Built node, const TagMeaning& meaning, const Properties& props,
                         size_t text_begin) {
    Range tag_range{position(props.tag_begin), position(props.tag_end)};
    if (meaning.long_key == "Fn::GetAtt") node = split_get_att(std::move(node), text_begin);
    check_depth(node.height + 1, props.tag_begin);
    count_nodes(1, props.tag_begin);
    return wrap(std::move(node), meaning.long_key, props.tag_begin, tag_range);
  }

  Built wrap(Built node, string_view key, size_t tag_begin, Range tag_range) {
    Value mapping = Value::mapping(Range{position(tag_begin), node.value.range().end});
    mapping.entries().push_back(Value::Entry{std::string(key), tag_range, std::move(node.value)});
    return Built{std::move(mapping), node.end, node.height + 1, node.nodes + 1, true};
  }

  // `!GetAtt Res.Attr.Path` -> [Res, "Attr.Path"]: split at the first dot only, since
  // attribute names may hold dots (Endpoint.Address). No dot: left alone for the checks.
  Built split_get_att(Built node, size_t text_begin) {
    const Value& scalar = node.value;
    size_t dot = scalar.is_scalar() ? scalar.text().find('.') : std::string::npos;
    if (dot == std::string::npos) return node;
    Range whole = scalar.range();
    Range left = whole, right = whole;
    if (size_t at = verbatim_offset(scalar.text(), text_begin); at != kNone) {
      left = Range{position(at), position(at + dot)};
      right = Range{position(at + dot + 1), position(at + scalar.text().size())};
    }
    count_nodes(2, node.end);
    Value list = Value::sequence(whole);
    list.items().reserve(2);
    list.items().push_back(Value::scalar(scalar.text().substr(0, dot), scalar.quoted(), left));
    list.items().push_back(Value::scalar(scalar.text().substr(dot + 1), scalar.quoted(), right));
    return Built{std::move(list), node.end, 1, node.nodes + 2};
  }

  // Offset where a scalar's text appears verbatim in the source (plain, or quoted with
  // no escapes), so its parts can get exact ranges; kNone otherwise.
  size_t verbatim_offset(const std::string& value, size_t begin) const {
    for (size_t at : {begin, begin + 1}) {
      if (text_.substr(at, value.size()) == value) return at;
    }
    return kNone;
  }

  void open(Value value, const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
            YAML::EmitterStyle::value style) {
    size_t at = offset_of(mark);
    int property_count = (tag != "?" && !tag.empty()) + (anchor != 0);
    Properties props = read_properties(text_, at, property_count);
    TagMeaning meaning = meaning_of(tag, false);
    report_unknown_tag(meaning, props);
    Frame frame;
    frame.levels = meaning.use == TagUse::ShortForm ? 2 : 1;
    check_depth(frame.levels, at);
    frame.nodes_before = nodes_created_;
    count_nodes(frame.levels, at);  // the wrapper mapping is counted now: closing never throws
    begin_anchor(anchor);
    frame.value = std::move(value);
    frame.begin = frame.last_end = props.content;
    frame.begin_position = frame.last_end_position = position(props.content);
    char first = props.content < text_.size() ? text_[props.content] : '\0';
    frame.bracketed = style == YAML::EmitterStyle::Flow && (first == '[' || first == '{');
    frame.anchor = anchor;
    if (meaning.use == TagUse::ShortForm) {
      frame.wrapper_key = meaning.long_key;
      frame.tag_begin = props.tag_begin;
      frame.tag_range = Range{position(props.tag_begin), position(props.tag_end)};
    }
    depth_ += frame.levels;
    frames_.push_back(std::move(frame));
  }

  // Ends the innermost collection. `complete` is false when a parse error or a limit cut
  // it short: it then ends at its last child and is not stored for aliases.
  void close(bool complete) {
    Frame frame = std::move(frames_.back());
    frames_.pop_back();
    depth_ -= frame.levels;
    if (!frame.merged.empty()) apply_merges(frame);
    size_t end = frame.last_end;
    Position end_position = frame.last_end_position;
    if (complete && frame.bracketed) {
      char closer = frame.value.is_sequence() ? ']' : '}';
      end = closing_bracket_end(text_, std::max(frame.last_end, frame.begin + 1), closer);
      end_position = position(end);
    }
    frame.value.set_range(Range{frame.begin_position, end_position});
    Built node{std::move(frame.value), end, frame.child_height + 1,
               nodes_created_ - frame.nodes_before};
    if (!frame.wrapper_key.empty()) {
      node.nodes -= 1;  // wrap() adds the wrapper, already counted when the frame opened
      node = wrap(std::move(node), frame.wrapper_key, frame.tag_begin, frame.tag_range);
    }
    if (complete) {
      finish(std::move(node), frame.anchor);
    } else if (!expecting_key()) {
      attach(std::move(node));  // a half-read key is dropped without a word: the error said it
    }
  }

  // Registers an anchor's name as its node starts, so an alias inside it is seen as a cycle.
  void begin_anchor(YAML::anchor_t anchor) {
    if (anchor == 0) return;
    if (anchors_.size() <= anchor) anchors_.resize(anchor + 1);
    anchors_[anchor] = AnchorSlot{std::move(anchor_name_), false, {}, 0, 0};
    anchor_name_.clear();
  }

  // Stores an anchored node for later aliases (a copy: the node itself moves into the
  // tree), then hands it to its parent.
  void finish(Built node, YAML::anchor_t anchor) {
    if (anchor != 0 && anchor < anchors_.size()) {
      AnchorSlot& slot = anchors_[anchor];
      slot.value = node.value;
      slot.height = node.height;
      slot.nodes = node.nodes;
      slot.finished = true;
    }
    attach(std::move(node));
  }

  void attach(Built node) {
    node.value.remember_intrinsics();  // complete now: its children are all attached
    if (frames_.empty()) {
      if (!root_) root_ = std::make_unique<Value>(std::move(node.value));
      return;
    }
    Frame& parent = frames_.back();
    parent.child_height = std::max(parent.child_height, node.height);
    parent.last_end = node.end;
    parent.last_end_position = node.value.range().end;
    if (parent.value.is_sequence()) {
      parent.value.items().push_back(std::move(node.value));
    } else if (!parent.has_key) {
      take_key(parent, std::move(node));
    } else {
      add_entry(parent, std::move(node.value), node.short_form);
    }
  }

  void take_key(Frame& parent, Built key) {
    if (!key.value.is_scalar()) {
      // Once: the template is rejected at the first, and a mutated flow list can hold
      // thousands (`{!Ref A, !Ref B, ...}`), each of which would repeat its whole line.
      if (!reported_collection_key_)
        add(rule_parse_error, key.value.range(), "Mapping keys must be scalars.");
      reported_collection_key_ = true;
      parent.has_key = parent.drop_value = true;
      parent.key_end = key.end;
      return;
    }
    bool merge = is_merge_key(key.value.text(), key.value.quoted(), TagMeaning{});
    take_key(parent, std::string(key.value.text()), key.value.range(), key.end, merge);
  }

  // A later duplicate is reported, and its value replaces the earlier one's in the
  // earlier one's place: CloudFormation deploys the last occurrence, so the rules judge
  // what it deploys, and findings point at the repeated key.
  // A merge key (`merge`) may repeat: each one's value is kept for apply_merges.
  void take_key(Frame& parent, std::string key, Range range, size_t end, bool merge = false) {
    parent.has_key = true;
    parent.drop_value = false;
    parent.merging = merge;
    parent.replaces = std::string::npos;
    parent.last_end = parent.key_end = end;
    parent.last_end_position = range.end;
    if (merge) return;
    if (const Value::Entry* first = find_entry(parent, key)) {
      parent.replaces = static_cast<size_t>(first - parent.value.entries().data());
      diagnostics_.push_back(parent.repeated.report(key, range, parent.replaces, *first));
    }
    parent.key = std::move(key);
    parent.key_range = range;
  }

  void add_entry(Frame& parent, Value value, bool short_form = false) {
    parent.has_key = false;
    if (parent.drop_value) {
      parent.drop_value = false;
      return;
    }
    if (parent.merging) {
      parent.merging = false;
      // PyYAML merges mappings written as such; `<<: !Ref X` is a tagged scalar to it.
      if (short_form)
        add_merge_error(value.range());
      else
        parent.merged.push_back(std::move(value));
      return;
    }
    auto& entries = parent.value.entries();
    if (parent.replaces != std::string::npos) {
      entries[parent.replaces].value = std::move(value);
      entries[parent.replaces].key_range = parent.key_range;
      parent.replaces = std::string::npos;
      return;
    }
    append_entry(parent, Value::Entry{std::move(parent.key), parent.key_range, std::move(value)});
  }

  // A new key's entry, in the frame's key index too once it has one.
  void append_entry(Frame& frame, Value::Entry entry) {
    auto& entries = frame.value.entries();
    entries.push_back(std::move(entry));
    if (!frame.key_index.empty())
      frame.key_index.emplace(std::hash<string_view>{}(entries.back().key), entries.size() - 1);
  }

  // YAML 1.1's merge key as PyYAML applies it: `sam deploy` and `aws cloudformation
  // package` read the template with it and hand CloudFormation the merged mapping. A key
  // written in the mapping wins over a merged one, a later `<<` over an earlier one, and in
  // `<<: [*a, *b]` the first mapping over the next. Merged entries keep their anchor's
  // places, as an alias's copy does.
  void apply_merges(Frame& frame) {
    for (auto source = frame.merged.rbegin(); source != frame.merged.rend(); ++source) {
      if (source->is_mapping()) {
        merge_entries(frame, *source);
      } else if (source->is_sequence() && !source->items().empty() &&
                 std::all_of(source->items().begin(), source->items().end(),
                             [](const Value& item) { return item.is_mapping(); })) {
        for (const Value& item : source->items()) merge_entries(frame, item);
      } else {
        add_merge_error(source->range().known() ? source->range() : frame.value.range());
      }
    }
    frame.merged.clear();
  }

  // The CLI stops there too: "expected a mapping or list of mappings for merging".
  void add_merge_error(Range range) {
    add(rule_parse_error, range,
        "The merge key '<<' takes a mapping or a list of mappings (<<: *defaults, <<: [*a, *b]); "
        "this value was left out.");
  }

  void merge_entries(Frame& frame, const Value& source) {
    for (const Value::Entry& entry : source.entries())
      if (!find_entry(frame, entry.key)) append_entry(frame, entry);
  }

  // Linear for small mappings; big ones (Resources) get a hash index built on first need.
  const Value::Entry* find_entry(Frame& frame, string_view key) {
    const auto& entries = frame.value.entries();
    if (entries.size() < kIndexKeysFrom) {
      for (const Value::Entry& entry : entries) {
        if (entry.key == key) return &entry;
      }
      return nullptr;
    }
    if (frame.key_index.empty()) {
      for (size_t i = 0; i < entries.size(); ++i)
        frame.key_index.emplace(std::hash<string_view>{}(entries[i].key), i);
    }
    auto [it, last] = frame.key_index.equal_range(std::hash<string_view>{}(key));
    for (; it != last; ++it) {
      if (entries[it->second].key == key) return &entries[it->second];
    }
    return nullptr;
  }

  // --- limits ---

  [[noreturn]] void exceed(size_t at, std::string message) {
    add(rule_limit, char_range(at), std::move(message));
    throw StopBuilding{};
  }

  void check_depth(size_t levels, size_t at) {
    if (depth_ + levels <= max_depth_) return;
    exceed(at, "The template nests mappings and sequences deeper than " +
                   std::to_string(max_depth_) + " levels; the rest of the file was not read.");
  }

  void count_nodes(size_t count, size_t at) {
    nodes_created_ += count;
    if (nodes_created_ <= max_nodes_) return;
    exceed(at, "The template holds more than " + std::to_string(max_nodes_) +
                   " values (aliases expanded); the rest of the file was not read.");
  }

  // Checked before copying, so an exponential alias chain costs nothing past the limit.
  void check_alias_limits(const AnchorSlot& slot, size_t at, Range range) {
    size_t written = nodes_created_ - alias_nodes_;
    size_t budget = max_alias_values_ ? max_alias_values_ : std::max(kAliasBudgetFloor, kAliasFactor * written);
    if (alias_nodes_ + slot.nodes > budget) {
      add(rule_limit, range,
          "Aliases expand to more than " + std::to_string(budget) +
              (max_alias_values_ ? " values" : " values, far more than the file holds") +
              "; the rest of the file was not read.");
      throw StopBuilding{};
    }
    check_depth(slot.height, at);
    count_nodes(slot.nodes, at);
    alias_nodes_ += slot.nodes;
  }

  string_view text_;
  size_t max_depth_;
  size_t max_nodes_;
  size_t max_alias_values_;
  PositionCursor cursor_;
  std::vector<Diagnostic>& diagnostics_;
  std::vector<Frame> frames_;
  size_t depth_ = 0;  // Value levels open (collections and their wrappers)
  std::unique_ptr<Value> root_;
  std::vector<AnchorSlot> anchors_;  // by yaml-cpp's anchor id
  std::string anchor_name_;          // from OnAnchor, for the node event that follows
  size_t nodes_created_ = 0;
  size_t alias_nodes_ = 0;  // of which copied by aliases
  size_t last_offset_ = 0;
  bool reported_collection_key_ = false;
  YAML::Mark document_start_;
  const std::vector<HiddenTag>* hidden_tags_ = nullptr;
  std::vector<HiddenTag> hidden_tags_read_;

  const HiddenTag* hidden_tag_at(size_t indicator) const {
    if (!hidden_tags_) return nullptr;
    auto found = std::lower_bound(hidden_tags_->begin(), hidden_tags_->end(), indicator,
                                  [](const HiddenTag& tag, size_t at) { return tag.indicator < at; });
    return found != hidden_tags_->end() && found->indicator == indicator ? &*found : nullptr;
  }
};

// Looks at the documents after the first, only to tell whether any holds something:
// it stops at the first node that is not an empty document's null.
//
// yaml-cpp 0.7 never consumes some stray tokens (a `,` outside any flow collection): it
// then returns an empty document at the same place on every call, forever. A document
// starting where the previous one started is therefore reported as stuck.
class DocumentProbe : public YAML::EventHandler {
 public:
  struct FoundContent {};
  struct Stuck {};
  YAML::Mark start;

  explicit DocumentProbe(const YAML::Mark& first_start) : start(first_start) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (mark.pos == start.pos) throw Stuck{};
    start = mark;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override { throw FoundContent{}; }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {
    throw FoundContent{};
  }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    throw FoundContent{};
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    throw FoundContent{};
  }
  void OnMapEnd() override {}
};

// "end of map not found" -> "YAML syntax error: end of map not found."
std::string syntax_error_message(const std::string& yaml_cpp_message) {
  return with_full_stop("YAML syntax error: " + yaml_cpp_message);
}

// A flow collection whose ']' or '}' never comes. yaml-cpp reports where it gave up: at
// the end of the file that is a line past the last one, which shows nothing (and which a
// SARIF viewer cannot show), so the error points at the bracket left open instead; elsewhere
// it stays where the parser stopped and names that bracket's line.
bool report_unclosed_flow(ValueBuilder& builder, const YAML::Exception& error, size_t at) {
  bool mapping = error.msg == YAML::ErrorMsg::END_OF_MAP_FLOW;
  if (!mapping && error.msg != YAML::ErrorMsg::END_OF_SEQ_FLOW) return false;
  size_t bracket = builder.open_bracket();
  if (bracket == std::string::npos) return false;
  Range opened = builder.char_range(bracket);
  if (builder.only_blank_from(at)) {
    builder.add(ValueBuilder::rule_parse_error, opened,
                syntax_error_message(not_closed_before_end(mapping ? "flow mapping" : "flow sequence")));
  } else {
    builder.add(ValueBuilder::rule_parse_error, builder.char_range(at),
                syntax_error_message(error.msg + "; the '" + builder.char_at(bracket) + "' on line " +
                                     std::to_string(opened.begin.line) + " is not closed"));
  }
  return true;
}

void report_parser_exception(ValueBuilder& builder, const YAML::Exception& error) {
  size_t at = builder.offset_of(error.mark);
  if (error.msg == YAML::ErrorMsg::UNKNOWN_ANCHOR) {
    builder.add_unknown_alias(at);
    return;
  }
  if (report_unclosed_flow(builder, error, at)) return;
  if (auto hint = yaml_syntax_hint(builder.text(), at, error.msg)) {
    builder.add(ValueBuilder::rule_parse_error, builder.char_range(hint->offset),
                with_full_stop("YAML syntax error: " + hint->message));
    return;
  }
  builder.add(ValueBuilder::rule_parse_error, builder.char_range(at),
              syntax_error_message(error.msg));
}

// Reads the first document into the builder. Returns true when it was read to its end,
// so the parser stands at the next document.
bool read_first_document(YAML::Parser& parser, ValueBuilder& builder) {
  try {
    parser.HandleNextDocument(builder);
    return true;
  } catch (const StopBuilding&) {
    // A limit was reported where it was exceeded.
  } catch (const YAML::DeepRecursion&) {
    // yaml-cpp's own nesting guard; its mark is where the scanner stopped, so the last
    // node read is the better place to point at.
    builder.add(ValueBuilder::rule_limit, builder.char_range(builder.last_offset()),
                "The template nests deeper than the YAML parser allows; the rest of the file "
                "was not read.");
  } catch (const YAML::Exception& error) {
    report_parser_exception(builder, error);
  } catch (const std::exception& error) {
    builder.add(ValueBuilder::rule_parse_error, builder.char_range(builder.last_offset()),
                with_full_stop(std::string("The YAML parser failed: ") + error.what()));
  }
  return false;
}

// CloudFormation reads one document; a second one with content is reported at its start
// (its `---`) and otherwise ignored. Empty documents (a trailing `---`) are fine.
void report_extra_documents(YAML::Parser& parser, ValueBuilder& builder) {
  DocumentProbe probe(builder.document_start());
  try {
    while (parser.HandleNextDocument(probe)) {
    }
  } catch (const DocumentProbe::FoundContent&) {
    size_t at = builder.offset_of(probe.start);
    if (builder.document_properly_started(at)) {
      builder.add("template-multiple-documents", builder.document_start_range(at),
                  "The file holds more than one YAML document; only the first one is read.");
    } else {
      builder.add(ValueBuilder::rule_parse_error, builder.char_range(at),
                  "YAML syntax error: unexpected '" + builder.char_at(at) + "' after the end of the document.");
    }
  } catch (const DocumentProbe::Stuck&) {
    size_t at = builder.offset_of(probe.start);
    builder.add(ValueBuilder::rule_parse_error, builder.char_range(at),
                "YAML syntax error: unexpected '" + builder.char_at(at) + "'.");
  } catch (const YAML::Exception& error) {
    report_parser_exception(builder, error);
  } catch (const std::exception& error) {
    builder.add(ValueBuilder::rule_parse_error, builder.char_range(builder.last_offset()),
                with_full_stop(std::string("The YAML parser failed: ") + error.what()));
  }
}

// yaml-cpp guesses UTF-16 and UTF-32 from the first four bytes (a byte-order mark, or NUL
// bytes beside others) and decodes the text itself; its marks then count decoded units, not
// the file's bytes, so every position would be wrong. CloudFormation reads UTF-8 only.
// Returns the message for such a file, or nothing.
std::string foreign_encoding(string_view text) {
  string_view head = text.substr(0, 4);
  if (head.starts_with("\xFF\xFE") || head.starts_with("\xFE\xFF") || head.starts_with(string_view("\0\0\xFE\xFF", 4)))
    return "The file starts with a UTF-16 or UTF-32 byte-order mark; CloudFormation templates are UTF-8: "
           "save the file as UTF-8.";
  if (head.find('\0') != kNone)
    return "The file starts with NUL bytes: it is UTF-16 or UTF-32 text, or not text at all; CloudFormation "
           "templates are UTF-8.";
  return {};
}

// Offset of the first byte that is not part of well-formed UTF-8, kNone when all are.
// yaml-cpp passes such bytes through silently; the JSON loader rejects them, and so does
// CloudFormation.
size_t first_invalid_utf8(string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    auto byte = [&](size_t at) { return at < text.size() ? static_cast<unsigned char>(text[at]) : 0u; };
    unsigned char lead = byte(i);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    size_t length = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3 : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
    if (length == 0) return i;
    unsigned low = 0x80, high = 0xBF;  // the second byte's range excludes overlongs and surrogates
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
    if (byte(i + 1) < low || byte(i + 1) > high) return i;
    for (size_t k = 2; k < length; ++k) {
      if (!is_continuation_byte(static_cast<char>(byte(i + k))) || i + k >= text.size()) return i;
    }
    i += length;
  }
  return kNone;
}

// Reads `text` (the source's, or with tags hidden) into the builder, then the document.
void parse_into(Document& document, const std::string& text, ValueBuilder& builder) {
  YamlInput input(text);
  std::istream stream(&input);
  bool complete = false;
  try {
    YAML::Parser parser(stream);  // reads the byte-order mark: may throw on a bad stream
    complete = read_first_document(parser, builder);
    if (complete) report_extra_documents(parser, builder);
  } catch (const std::exception& error) {
    builder.add(ValueBuilder::rule_parse_error, builder.char_range(0),
                with_full_stop(std::string("The YAML parser failed: ") + error.what()));
  }
  if (!complete) builder.close_all();
  document.root = builder.take_root();
}

// The first template-parse-error from `from` on, or null.
const Diagnostic* first_parse_error(const std::vector<Diagnostic>& diagnostics, size_t from) {
  auto found = std::find_if(diagnostics.begin() + static_cast<std::ptrdiff_t>(from), diagnostics.end(),
                            [](const Diagnostic& d) { return d.rule_id == ValueBuilder::rule_parse_error; });
  return found == diagnostics.end() ? nullptr : &*found;
}

// Whether every hidden tag before `end` was put back on its scalar (none of them stood in
// a block scalar's text, which blanking would have changed).
bool read_every_tag_before(const SourceFile& source, const std::vector<HiddenTag>& hidden,
                           const std::vector<HiddenTag>& read, Position end) {
  return std::all_of(hidden.begin(), hidden.end(), [&](const HiddenTag& tag) {
    return source.position_at(tag.tag_begin) >= end ||
           std::any_of(read.begin(), read.end(), [&](const HiddenTag& put) { return put.tag_begin == tag.tag_begin; });
  });
}

// The yaml-cpp quirk of `- !Sub |` (see the top of the file): when the parse failed, reads
// the file again with such tags hidden, and keeps that reading if it succeeds and put
// every hidden tag back. A tag that was not put back stood in a block scalar's text,
// which blanking changed: the file is read once more hiding only those that were. When
// the file has another error too, that reading's error, later than the first, is the one
// reported (the first stood at a tag the loader reads). `document.diagnostics` up to
// `kept` came before the parse.
void read_with_hidden_tags(Document& document, size_t kept, const LoadLimits& limits) {
  const std::string& text = document.source->text();
  std::vector<HiddenTag> hidden = sequence_block_scalar_tags(text);
  for (int reading = 0; reading < 2 && !hidden.empty(); ++reading) {
    std::string blanked = text;
    for (const HiddenTag& tag : hidden)
      std::fill(blanked.begin() + static_cast<std::ptrdiff_t>(tag.tag_begin),
                blanked.begin() + static_cast<std::ptrdiff_t>(tag.tag_end), ' ');
    Document again;
    again.source = document.source;
    again.diagnostics.assign(document.diagnostics.begin(), document.diagnostics.begin() + static_cast<std::ptrdiff_t>(kept));
    ValueBuilder builder(*again.source, limits, again.diagnostics);
    builder.set_hidden_tags(&hidden);
    parse_into(again, blanked, builder);
    if (const Diagnostic* error = first_parse_error(again.diagnostics, kept)) {
      const Diagnostic* first = first_parse_error(document.diagnostics, kept);
      if (first && error->range.begin > first->range.begin &&
          read_every_tag_before(*again.source, hidden, builder.hidden_tags_read(), error->range.begin))
        document = std::move(again);
      return;
    }
    if (builder.hidden_tags_read().size() == hidden.size()) {
      document = std::move(again);
      return;
    }
    hidden = builder.hidden_tags_read();
  }
}

// yaml-cpp 0.7 rejects a flow mapping whose last entry is a key without a value when a
// line break comes before the closing brace (`{ ""\n}`, "end of map flow not found"),
// though YAML allows it and the same text on one line parses. A CrowdStrike template's
// `"cfn_nag": {\n  ""\n}` is one. The text with each such break before a `}` turned into
// spaces (same length: offsets and so positions do not move), unless a comment ends the
// line before it, which the joined line would swallow.
std::string flow_ends_joined(const std::string& text) {
  std::string joined = text;
  for (size_t close = joined.find('}'); close != std::string::npos; close = joined.find('}', close + 1)) {
    size_t last = joined.find_last_not_of(" \t\r\n", close == 0 ? 0 : close - 1);
    if (last == std::string::npos || last + 1 == close) continue;
    if (joined.find('\n', last) >= close) continue;  // no line break before the brace
    size_t line_start = joined.rfind('\n', last);
    line_start = line_start == std::string::npos ? 0 : line_start + 1;
    if (joined.find('#', line_start) < last) continue;  // a comment may end that line
    for (size_t at = last + 1; at < close; ++at)
      if (joined[at] == '\n' || joined[at] == '\r') joined[at] = ' ';
  }
  return joined;
}

// When the parse failed, reads the file again with flow_ends_joined's text, and keeps that
// reading only if it parses.
void read_with_joined_flow_ends(Document& document, size_t kept, const LoadLimits& limits) {
  const std::string& text = document.source->text();
  std::string joined = flow_ends_joined(text);
  if (joined == text) return;
  Document again;
  again.source = document.source;
  again.diagnostics.assign(document.diagnostics.begin(), document.diagnostics.begin() + static_cast<std::ptrdiff_t>(kept));
  ValueBuilder builder(*again.source, limits, again.diagnostics);
  parse_into(again, joined, builder);
  if (!first_parse_error(again.diagnostics, kept)) document = std::move(again);
}

}  // namespace

Document load_yaml(SourcePtr source, const LoadLimits& limits) {
  Document document;
  document.source = source;
  if (!source) return document;
  ValueBuilder builder(*source, limits, document.diagnostics);
  if (std::string problem = foreign_encoding(source->text()); !problem.empty()) {
    builder.add(ValueBuilder::rule_parse_error, builder.char_range(0), std::move(problem));
    return document;
  }
  if (size_t bad = first_invalid_utf8(source->text()); bad != kNone) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(source->text()[bad]));
    builder.add(ValueBuilder::rule_parse_error, builder.char_range(bad),
                std::string("Byte ") + hex + " is not valid UTF-8; save the file as UTF-8.");
  }
  size_t before_parse = document.diagnostics.size();
  parse_into(document, source->text(), builder);
  if (first_parse_error(document.diagnostics, before_parse)) read_with_hidden_tags(document, before_parse, limits);
  if (first_parse_error(document.diagnostics, before_parse)) read_with_joined_flow_ends(document, before_parse, limits);
  return document;
}

bool is_known_function(std::string_view key) {
  if (key == "Fn::ForEach") return true;
  return std::any_of(std::begin(kShortForms), std::end(kShortForms),
                     [&](const ShortForm& form) { return form.key == key; });
}

}  // namespace cfn
