// JSON templates through nlohmann's SAX parser, with an exact source range on every value.
//
// nlohmann reports values but not where they are. Its lexer reads through an iterator whose
// read position lives outside the iterator, where the tree builder can see it. At each SAX
// callback the lexer has read exactly through the end of the token it reports: a string up
// to its closing quote, a literal or bracket up to its last character; only a number is
// followed by one more character, read and then "ungot" (the input has moved on). A
// token's start is found by skipping, from the end of the previous token, the whitespace
// and the single ',' or ':' that can come between two reported tokens; a number's end by
// reading its characters. Offsets become lines and columns through a cursor that only moves
// forward, so a minified template on one line costs one pass, not one pass per value.
#include <algorithm>
#include <cstdio>
#include <functional>
#include <iterator>
#include <limits>
#include <nlohmann/json.hpp>
#include <string_view>

#include "model/conflict_marker.h"
#include "model/loader.h"

namespace cfn {

namespace {

using Json = nlohmann::json;

constexpr const char* kParseError = "template-parse-error";
constexpr const char* kLimitExceeded = "template-limit-exceeded";

bool is_json_whitespace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

size_t skip_whitespace(std::string_view text, size_t at) {
  while (at < text.size() && is_json_whitespace(text[at])) ++at;
  return at;
}

// End of the JSON number that starts at `at`, by its grammar
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?: nlohmann ends "01" after the 0, so a run of
// number characters would be too long.
size_t number_end(std::string_view text, size_t at) {
  auto digits = [&] { while (at < text.size() && is_digit(text[at])) ++at; };
  if (at < text.size() && text[at] == '-') ++at;
  if (at < text.size() && text[at] == '0') {
    ++at;
  } else {
    digits();
  }
  if (at + 1 < text.size() && text[at] == '.' && is_digit(text[at + 1])) {
    ++at;
    digits();
  }
  if (at < text.size() && (text[at] == 'e' || text[at] == 'E')) {
    size_t sign = at + 1 < text.size() && (text[at + 1] == '+' || text[at + 1] == '-') ? 1 : 0;
    if (at + 1 + sign < text.size() && is_digit(text[at + 1 + sign])) {
      at += 1 + sign;
      digits();
    }
  }
  return at;
}

size_t bom_length(std::string_view text) { return text.starts_with("\xEF\xBB\xBF") ? 3 : 0; }

// Length of the well-formed UTF-8 character at `at` (the same rules nlohmann applies), 0 when
// the bytes there are not one. Messages quote only well-formed text: reports are UTF-8.
size_t utf8_length_at(std::string_view text, size_t at) {
  auto byte = [&](size_t i) { return i < text.size() ? static_cast<unsigned char>(text[i]) : 0u; };
  unsigned lead = byte(at);
  if (lead < 0x80) return 1;
  size_t length = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3
                : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
  if (length == 0) return 0;
  // The second byte's range excludes overlong forms and UTF-16 surrogates.
  unsigned low = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
  unsigned high = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
  if (byte(at + 1) < low || byte(at + 1) > high) return 0;
  for (size_t i = 2; i < length; ++i) {
    if (!is_continuation_byte(static_cast<char>(byte(at + i)))) return 0;
  }
  return length;
}

std::string hex_byte(unsigned char c) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "0x%02X", c);
  return buffer;
}

// Source text from `begin`, cut at a character boundary after about `limit` bytes.
std::string excerpt(std::string_view text, size_t begin, size_t end, size_t limit = 40) {
  end = std::min(end, text.size());
  if (end - begin <= limit) return std::string(text.substr(begin, end - begin));
  size_t cut = begin + limit;
  while (cut > begin && is_continuation_byte(text[cut])) --cut;
  return std::string(text.substr(begin, cut - begin)) + "...";
}

// How a message names the character at `at`.
std::string describe_character(std::string_view text, size_t at) {
  if (at >= text.size()) return "end of file";
  unsigned char c = static_cast<unsigned char>(text[at]);
  if (c == '\n' || c == '\r') return "a line break";
  if (c == '\t') return "a tab";
  if (c == 0) return "a NUL byte (U+0000)";
  if (c < 0x20 || c == 0x7F) return "control character " + hex_byte(c);
  if (c == '\'') return "a single quote (')";
  size_t length = utf8_length_at(text, at);
  if (length == 0) return "byte " + hex_byte(c) + ", which is not UTF-8";
  return "'" + std::string(text.substr(at, length)) + "'";
}

// How a message names a well-formed token [begin, end) that came in the wrong place.
std::string describe_token(std::string_view text, size_t begin, size_t end) {
  if (begin >= text.size()) return "end of file";
  char first = text[begin];
  if (first == '\0') return describe_character(text, begin);
  if (first == '"') return "the string " + excerpt(text, begin, end);
  if (first == '-' || (first >= '0' && first <= '9')) return "the number " + excerpt(text, begin, end);
  return "'" + excerpt(text, begin, end) + "'";
}

// The word nlohmann could not read as true, false or null: up to the next delimiter.
size_t bad_word_length(std::string_view text, size_t begin) {
  size_t at = begin;
  while (at < text.size() && at - begin < 40) {
    char c = text[at];
    if (is_json_whitespace(c) || c == ',' || c == ':' || c == '[' || c == ']' || c == '{' ||
        c == '}' || c == '"' || c == '\'' || static_cast<unsigned char>(c) < 0x20)
      break;
    size_t length = utf8_length_at(text, at);
    if (length == 0) break;
    at += length;
  }
  return at - begin;
}

// nlohmann's input adapter keeps its own copy of the iterator, so the read position is kept
// outside the iterator, where the tree builder can read it. One pointer increment per byte.
class TrackedIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  explicit TrackedIterator(const char** position) : position_(position) {}
  reference operator*() const { return **position_; }
  TrackedIterator& operator++() {
    ++*position_;
    return *this;
  }
  friend bool operator==(const TrackedIterator& a, const TrackedIterator& b) {
    return *a.position_ == *b.position_;
  }

 private:
  const char** position_;
};

// The builder's place in the source: the end of the last token it was told about, as a byte
// offset and as a position, moved forward token by token. Line breaks occur only in the
// whitespace between tokens (nlohmann rejects a raw one inside a string), so lines are
// tracked while skipping that whitespace, which finding a token's start needs anyway;
// crossing a token only adds columns. SourceFile::position_at would rescan the line on
// every call, which is quadratic on a minified template.
class SourceCursor {
 public:
  explicit SourceCursor(const SourceFile& source)
      : source_(source), text_(source.text()), offset_(bom_length(text_)) {}

  size_t offset() const { return offset_; }
  Position position() const { return position_; }

  // Whitespace and at most one ',' or ':' : what the parser consumes between two tokens it
  // reports.
  void skip_to_next_token() {
    skip_whitespace();
    if (offset_ < text_.size() && (text_[offset_] == ',' || text_[offset_] == ':')) {
      ++offset_;
      ++position_.column;
      skip_whitespace();
    }
  }

  // Brackets, numbers and literals: one byte per column.
  void cross_ascii(size_t length) {
    offset_ += length;
    position_.column += static_cast<uint32_t>(length);
  }

  // A string up to `end`: continuation bytes do not start a character. Branch-free.
  void cross_string(size_t end) {
    uint32_t column = position_.column;
    for (const char* at = text_.data() + offset_; at < text_.data() + end; ++at)
      column += (static_cast<unsigned char>(*at) & 0xC0) != 0x80;
    position_.column = column;
    offset_ = end;
  }

  // The position of any offset, for error reports: walks a copy forward from here, or asks
  // the SourceFile about earlier offsets. Same answers as SourceFile::position_at.
  Position position_at(size_t target) const {
    target = std::min(target, text_.size());
    if (target < offset_) return source_.position_at(target);
    Position position = position_;
    for (size_t i = offset_; i < target; ++i) step(i, position);
    // An offset in the middle of a character names that character.
    if (target < text_.size() && is_continuation_byte(text_[target]) && position.column > 1) --position.column;
    return position;
  }

  Range range_of(size_t begin, size_t end) const {
    Position first = position_at(begin);
    return Range{first, position_at(end)};
  }

 private:
  void skip_whitespace() {
    for (; offset_ < text_.size(); ++offset_) {
      char c = text_[offset_];
      if (c == ' ' || c == '\t') {
        ++position_.column;
      } else if (c == '\n' || c == '\r') {
        step(offset_, position_);
      } else {
        return;
      }
    }
  }

  // Moves `position` over the byte at `i`. CR LF is one line break, taken at the LF; until
  // then the CR is a column, as in SourceFile.
  void step(size_t i, Position& position) const {
    char c = text_[i];
    if (c == '\n' || (c == '\r' && (i + 1 == text_.size() || text_[i + 1] != '\n'))) {
      ++position.line;
      position.column = 1;
    } else if (!is_continuation_byte(c)) {
      ++position.column;
    }
  }

  const SourceFile& source_;
  std::string_view text_;
  size_t offset_;
  Position position_{1, 1};
};

// Finds a key among an object's entries. Small objects are scanned; from kIndexedFrom entries
// on (Resources may hold thousands) an open-addressing table of entry indexes keeps
// duplicate detection linear overall. Indexes stay valid while the entries move.
class KeyIndex {
 public:
  static constexpr size_t kNotFound = static_cast<size_t>(-1);

  // The index of `key` among the first `count` entries, or kNotFound.
  size_t find(const Value::Entry* entries, size_t count, std::string_view key) const {
    if (count < kIndexedFrom) {
      for (size_t i = 0; i < count; ++i) {
        if (entries[i].key == key) return i;
      }
      return kNotFound;
    }
    size_t hash = hash_of(key);
    for (size_t slot = hash & mask(); slots_[slot] != 0; slot = (slot + 1) & mask()) {
      size_t i = slots_[slot] - 1;
      if (hashes_[i] == hash && entries[i].key == key) return i;
    }
    return kNotFound;
  }

  // Entry `count - 1` was just added.
  void added(const Value::Entry* entries, size_t count) {
    if (count < kIndexedFrom) return;
    while (hashes_.size() < count) hashes_.push_back(hash_of(entries[hashes_.size()].key));
    if (count * 2 > slots_.size()) {
      rebuild(count * 4);
    } else {
      insert(count - 1);
    }
  }

 private:
  static constexpr size_t kIndexedFrom = 16;

  static size_t hash_of(std::string_view key) { return std::hash<std::string_view>{}(key); }
  size_t mask() const { return slots_.size() - 1; }

  void rebuild(size_t minimum_slots) {
    size_t size = 64;
    while (size < minimum_slots) size *= 2;
    slots_.assign(size, 0);
    for (size_t i = 0; i < hashes_.size(); ++i) insert(i);
  }

  void insert(size_t index) {
    size_t slot = hashes_[index] & mask();
    while (slots_[slot] != 0) slot = (slot + 1) & mask();
    slots_[slot] = static_cast<uint32_t>(index + 1);
  }

  std::vector<uint32_t> slots_;  // entry index + 1; 0 is an empty slot; a power of two long
  std::vector<size_t> hashes_;   // the key hash of each entry
};

// A mapping or sequence whose closing bracket has not been read yet. Its children wait on
// the builder's scratch stacks, and move into one exactly sized vector when it closes:
// growing each container's vector as children arrive costs several allocations apiece.
struct OpenContainer {
  bool is_mapping = false;
  Position begin;
  size_t first_child = 0;   // where its items or entries start on the scratch stack
  // Its last key repeats an earlier one: the value replaces that entry's, as
  // CloudFormation deploys the last occurrence (npos: no duplicate pending).
  size_t replaces = static_cast<size_t>(-1);
  Range replacing_key;
  RepeatedKeys repeated;
  KeyIndex keys;
};

template <typename T>
void move_tail(std::vector<T>& stack, size_t first, std::vector<T>& into) {
  into.assign(std::make_move_iterator(stack.begin() + static_cast<std::ptrdiff_t>(first)),
              std::make_move_iterator(stack.end()));
  stack.erase(stack.begin() + static_cast<std::ptrdiff_t>(first), stack.end());
}

// The parts of nlohmann's parse_error text this loader rewords: "... syntax error while
// parsing <context> - <lexer message>; last read: '...'[; expected <token>]" for a token
// the lexer could not read, "... - unexpected <token>[; expected <token>]" for a
// well-formed token in the wrong place.
struct ParserComplaint {
  std::string_view context;        // value, object, array, object key, object separator
  std::string_view lexer_message;  // empty for a well-formed token in the wrong place
  bool expected_end = false;       // the top-level value was complete: only EOF may follow
};

ParserComplaint read_complaint(std::string_view what) {
  ParserComplaint complaint;
  size_t context = what.find("while parsing ");
  size_t dash = what.find(" - ", context == std::string_view::npos ? 0 : context);
  if (context != std::string_view::npos && dash != std::string_view::npos) {
    context += std::string_view("while parsing ").size();
    complaint.context = what.substr(context, dash - context);
  }
  complaint.expected_end = what.ends_with("; expected end of input");
  if (dash == std::string_view::npos) return complaint;
  std::string_view detail = what.substr(dash + 3);
  if (!detail.starts_with("unexpected ")) complaint.lexer_message = detail.substr(0, detail.find("; last read: '"));
  return complaint;
}

// What the parser wanted where it failed, phrased for a person.
std::string expectation(const ParserComplaint& complaint) {
  if (complaint.expected_end) return "expected end of file after the top-level value";
  if (complaint.context == "object key") return "expected a property name in double quotes";
  if (complaint.context == "object separator") return "expected ':' after the property name";
  if (complaint.context == "object") return "expected ',' or '}' after an object member";
  if (complaint.context == "array") return "expected ',' or ']' after an array element";
  return "expected a value";
}

// nlohmann's "invalid number; expected digit after '.'" as "expected a digit after '.'".
std::string number_problem(std::string_view lexer_message) {
  std::string problem(lexer_message.substr(std::string_view("invalid number; ").size()));
  size_t digit = problem.find("digit");
  if (digit != std::string::npos) problem.insert(digit, "a ");
  size_t comma_or = problem.find("', or ");
  if (comma_or != std::string::npos) problem.erase(comma_or + 1, 1);
  return problem;
}

std::string syntax_error(std::string_view detail) { return "JSON syntax error: " + std::string(detail) + "."; }

// Receives nlohmann's SAX events and builds the Value tree with an explicit stack.
class TreeBuilder {
 public:
  TreeBuilder(const SourceFile& source, const LoadLimits& limits, const char* const* read_position)
      : text_(source.text()), limits_(limits), cursor_(source), read_position_(read_position) {}

  // nlohmann SAX interface.
  bool null() { return add_literal("null"); }
  bool boolean(bool value) { return add_literal(value ? "true" : "false"); }
  bool number_integer(Json::number_integer_t) { return add_number(); }
  bool number_unsigned(Json::number_unsigned_t) { return add_number(); }
  bool number_float(Json::number_float_t, const Json::string_t&) { return add_number(); }
  bool string(Json::string_t& text);
  bool binary(Json::binary_t&) { return false; }  // only binary formats (CBOR...) call it
  bool start_object(std::size_t) { return open(Value::Kind::Mapping); }
  bool key(Json::string_t& text);
  bool end_object() { return close(); }
  bool start_array(std::size_t) { return open(Value::Kind::Sequence); }
  bool end_array() { return close(); }
  bool parse_error(std::size_t position, const std::string& last_token, const Json::exception& error);

  // After a successful parse: nlohmann stops at a NUL byte as if the input ended there.
  void check_rest_is_empty();
  Document into_document(SourcePtr source);

 private:
  struct TokenStart {
    size_t offset;
    bool after_comma;
  };

  size_t read_offset() const { return static_cast<size_t>(*read_position_ - text_.data()); }
  TokenStart rejected_token_start(size_t token_end) const;

  bool add_literal(std::string_view literal);
  bool add_number();
  bool add_scalar(std::string text, bool quoted, Position begin);
  bool admit_value(Position begin);
  Range first_character_at(Position begin) const { return Range{begin, Position{begin.line, begin.column + 1}}; }
  bool open(Value::Kind kind);
  bool close();
  void attach(Value&& value);
  bool stop(const char* rule_id, Range range, std::string message);

  void report_misplaced_token(std::size_t position, const ParserComplaint& complaint);
  void report_malformed_token(std::size_t position, const ParserComplaint& complaint);
  void report_bad_word(const ParserComplaint& complaint, size_t word_start, size_t offending);
  size_t end_of_character(size_t at) const;
  size_t utf8_sequence_start(size_t string_start, size_t offending) const;
  void report_parse_error(Range range, std::string message);
  void report_number_out_of_range(std::size_t position);
  std::string string_problem(std::string_view lexer_message, size_t offending);

  std::string_view text_;
  const LoadLimits& limits_;
  SourceCursor cursor_;               // end of the last token this builder was told about
  const char* const* read_position_;  // how far nlohmann's lexer has read
  size_t value_count_ = 0;
  std::vector<OpenContainer> open_;
  std::vector<Value> items_;           // scratch: items of the open sequences
  std::vector<Value::Entry> entries_;  // scratch: entries of the open mappings
  std::unique_ptr<Value> root_;
  std::vector<Diagnostic> diagnostics_;
  bool stopped_ = false;
};

// Where the token nlohmann rejected starts: after the last token this builder saw, the
// whitespace and the one separator the parser consumed, unless that separator is itself the
// rejected token, i.e. reaches `token_end`.
TreeBuilder::TokenStart TreeBuilder::rejected_token_start(size_t token_end) const {
  size_t at = skip_whitespace(text_, cursor_.offset());
  bool after_comma = false;
  if (at < text_.size() && (text_[at] == ',' || text_[at] == ':') && at + 1 < token_end) {
    after_comma = text_[at] == ',';
    at = skip_whitespace(text_, at + 1);
  }
  return TokenStart{at, after_comma};
}

bool TreeBuilder::string(Json::string_t& text) {
  cursor_.skip_to_next_token();
  Position begin = cursor_.position();
  // The lexer stopped right after the closing quote.
  cursor_.cross_string(read_offset());
  return add_scalar(std::move(text), true, begin);
}

bool TreeBuilder::add_literal(std::string_view literal) {
  cursor_.skip_to_next_token();
  Position begin = cursor_.position();
  cursor_.cross_ascii(literal.size());
  return add_scalar(std::string(literal), false, begin);
}

// The number's text as written ("1.50" stays "1.50"); the lexer has read one character
// past it, or reached the end of the input, so the end is found by reading the number.
bool TreeBuilder::add_number() {
  cursor_.skip_to_next_token();
  Position begin = cursor_.position();
  size_t offset = cursor_.offset();
  size_t length = number_end(text_, offset) - offset;
  cursor_.cross_ascii(length);
  return add_scalar(std::string(text_.substr(offset, length)), false, begin);
}

// The cursor has crossed the scalar's token, which started at `begin`.
bool TreeBuilder::add_scalar(std::string text, bool quoted, Position begin) {
  if (!admit_value(begin)) return false;
  attach(Value::scalar(std::move(text), quoted, Range{begin, cursor_.position()}));
  return true;
}

bool TreeBuilder::admit_value(Position begin) {
  if (++value_count_ <= limits_.max_nodes) return true;
  return stop(kLimitExceeded, first_character_at(begin),
              "The template holds more than " + std::to_string(limits_.max_nodes) +
                  " values; reading stopped here.");
}

bool TreeBuilder::open(Value::Kind kind) {
  cursor_.skip_to_next_token();
  Position begin = cursor_.position();
  if (open_.size() >= limits_.max_depth)
    return stop(kLimitExceeded, first_character_at(begin),
                "The template nests objects and arrays more than " + std::to_string(limits_.max_depth) +
                    " levels deep; reading stopped here.");
  if (!admit_value(begin)) return false;
  cursor_.cross_ascii(1);
  OpenContainer& container = open_.emplace_back();
  container.is_mapping = kind == Value::Kind::Mapping;
  container.begin = begin;
  container.first_child = container.is_mapping ? entries_.size() : items_.size();
  return true;
}

bool TreeBuilder::close() {
  cursor_.skip_to_next_token();
  cursor_.cross_ascii(1);
  const OpenContainer& container = open_.back();
  Range range{container.begin, cursor_.position()};
  Value value = container.is_mapping ? Value::mapping(range) : Value::sequence(range);
  if (container.is_mapping)
    move_tail(entries_, container.first_child, value.entries());
  else
    move_tail(items_, container.first_child, value.items());
  value.remember_intrinsics();
  open_.pop_back();
  attach(std::move(value));
  return true;
}

bool TreeBuilder::key(Json::string_t& text) {
  cursor_.skip_to_next_token();
  Position begin = cursor_.position();
  cursor_.cross_string(read_offset());
  Range range{begin, cursor_.position()};
  OpenContainer& mapping = open_.back();
  const Value::Entry* entries = entries_.data() + mapping.first_child;
  size_t count = entries_.size() - mapping.first_child;
  size_t first = mapping.keys.find(entries, count, text);
  if (first != KeyIndex::kNotFound) {
    // CloudFormation deploys the last definition: the repeated key's value replaces the
    // first's, in the first's place, and findings point at the repeated key.
    diagnostics_.push_back(mapping.repeated.report(text, range, first, entries[first]));
    mapping.replaces = mapping.first_child + first;
    mapping.replacing_key = range;
    return true;
  }
  // The entry waits on the scratch stack for its value.
  entries_.push_back(Value::Entry{std::move(text), range, {}});
  mapping.keys.added(entries_.data() + mapping.first_child, count + 1);
  return true;
}

// A complete value goes into the container that is open, or becomes the root.
void TreeBuilder::attach(Value&& value) {
  if (open_.empty()) {
    root_ = std::make_unique<Value>(std::move(value));
    return;
  }
  OpenContainer& parent = open_.back();
  if (!parent.is_mapping) {
    items_.push_back(std::move(value));
  } else if (parent.replaces != static_cast<size_t>(-1)) {
    Value::Entry& replaced = entries_[parent.replaces];
    replaced.value = std::move(value);
    replaced.key_range = parent.replacing_key;
    parent.replaces = static_cast<size_t>(-1);
  } else {
    entries_.back().value = std::move(value);
  }
}

bool TreeBuilder::stop(const char* rule_id, Range range, std::string message) {
  diagnostics_.push_back(Diagnostic{rule_id, range, std::move(message), {}, {}});
  stopped_ = true;
  return false;
}

bool TreeBuilder::parse_error(std::size_t position, const std::string&, const Json::exception& error) {
  // The "last read" text nlohmann passes is unreliable for literals (it is not reset at
  // their start), so messages quote the source instead.
  if (error.id == 406) {
    report_number_out_of_range(position);
  } else {
    ParserComplaint complaint = read_complaint(error.what());
    if (complaint.lexer_message.empty())
      report_misplaced_token(position, complaint);
    else
      report_malformed_token(position, complaint);
  }
  stopped_ = true;
  return false;
}

// A well-formed token in the wrong place. nlohmann's position is just past the token (the
// lookahead of a number is ungot and not counted); for the end of input it counts the
// read that found it, one past the last byte.
void TreeBuilder::report_misplaced_token(std::size_t position, const ParserComplaint& complaint) {
  TokenStart start = rejected_token_start(position);
  size_t begin = start.offset;
  size_t end = begin >= text_.size() ? begin : std::max(std::min(position, text_.size()), begin + 1);
  Range range = cursor_.range_of(begin, end);
  std::string message;
  char first = begin < text_.size() ? text_[begin] : '\0';
  if (begin >= text_.size() && !open_.empty()) {
    // At the bracket left open: a SARIF viewer cannot show the end of the file.
    const OpenContainer& innermost = open_.back();
    range = Range{innermost.begin, Position{innermost.begin.line, innermost.begin.column + 1}};
    message = syntax_error(not_closed_before_end(innermost.is_mapping ? "object" : "array"));
  } else if (begin >= text_.size()) {
    message = syntax_error("unexpected end of file");
  } else if (start.after_comma && ((complaint.context == "object key" && first == '}') ||
                                   (complaint.context == "value" && first == ']'))) {
    message = syntax_error(std::string("unexpected '") + first + "' after ','; remove the trailing comma");
  } else {
    message = syntax_error(expectation(complaint) + ", found " + describe_token(text_, begin, end));
  }
  report_parse_error(range, std::move(message));
}

// A token the lexer could not read. nlohmann's position counts the character that broke
// it (the end of input counts as one), so that character is at position - 1.
void TreeBuilder::report_malformed_token(std::size_t position, const ParserComplaint& complaint) {
  size_t offending = std::min(position == 0 ? 0 : position - 1, text_.size());
  size_t token_start = rejected_token_start(std::numeric_limits<size_t>::max()).offset;
  std::string_view lexer_message = complaint.lexer_message;
  if (lexer_message.starts_with("invalid literal")) return report_bad_word(complaint, token_start, offending);
  size_t begin = offending;
  std::string message;
  if (lexer_message.starts_with("invalid string: ") && offending >= text_.size()) {
    begin = token_start;  // the quote left open, as for a bracket
    message = syntax_error(not_closed_before_end("string"));
  } else if (lexer_message.starts_with("invalid string: ")) {
    if (lexer_message.starts_with("invalid string: ill-formed UTF-8"))
      begin = utf8_sequence_start(token_start, offending);
    message = string_problem(lexer_message, begin);
  } else if (lexer_message.starts_with("invalid number; ")) {
    message = syntax_error("invalid number, " + number_problem(lexer_message) + ", found " +
                           describe_character(text_, offending));
  } else if (lexer_message.starts_with("invalid BOM")) {
    message = syntax_error("the file starts with an incomplete UTF-8 byte-order mark");
  } else {
    message = syntax_error(std::string(lexer_message) + ", found " + describe_character(text_, offending));
  }
  report_parse_error(cursor_.range_of(begin, end_of_character(begin)), std::move(message));
}

// Not true, false or null: `ture`, `yes`, an unquoted key. The whole word is the problem,
// so its range starts at its first letter, not at the letter where nlohmann gave up.
void TreeBuilder::report_bad_word(const ParserComplaint& complaint, size_t word_start, size_t offending) {
  size_t word = bad_word_length(text_, word_start);
  if (word > 0) {
    std::string_view found = text_.substr(word_start, word);
    std::string hint = found.starts_with("//") || found.starts_with("/*") ? "; JSON has no comments" : "";
    bool line_start = word_start == 0 || text_[word_start - 1] == '\n' || text_[word_start - 1] == '\r';
    if (line_start && !merge_conflict_marker(text_.substr(word_start)).empty())
      hint = ", " + std::string(kConflictMarkerAdvice);
    report_parse_error(cursor_.range_of(word_start, word_start + word),
                       syntax_error(expectation(complaint) + ", found '" + std::string(found) + "'" + hint));
    return;
  }
  std::string hint = offending < text_.size() && text_[offending] == '\'' ? "; JSON strings use double quotes" : "";
  report_parse_error(cursor_.range_of(offending, end_of_character(offending)),
                     syntax_error(expectation(complaint) + ", found " + describe_character(text_, offending) + hint));
}

// Where the character at `at` ends as SourceFile counts columns: a continuation byte
// belongs to the character before it, even when the bytes are not well-formed UTF-8.
size_t TreeBuilder::end_of_character(size_t at) const {
  if (at >= text_.size() || text_[at] == '\n' || text_[at] == '\r') return at;  // a line break: empty range
  ++at;
  while (at < text_.size() && is_continuation_byte(text_[at])) ++at;
  return at;
}

// nlohmann stops at the byte that breaks a UTF-8 sequence: for Latin-1 text ("caf\xE9\"")
// that is the byte after the lead byte. The person needs the lead byte.
size_t TreeBuilder::utf8_sequence_start(size_t string_start, size_t offending) const {
  size_t at = offending;
  while (at > string_start + 1 && is_continuation_byte(text_[at - 1])) --at;
  if (at <= string_start + 1) return offending;
  size_t lead = at - 1;
  unsigned char byte = static_cast<unsigned char>(text_[lead]);
  size_t length = byte >= 0xC2 && byte <= 0xDF ? 2 : byte >= 0xE0 && byte <= 0xEF ? 3 : byte >= 0xF0 && byte <= 0xF4 ? 4 : 0;
  // The offending byte is inside the sequence the lead byte announced.
  return lead + length > offending ? lead : offending;
}

void TreeBuilder::report_parse_error(Range range, std::string message) {
  diagnostics_.push_back(Diagnostic{kParseError, range, std::move(message), {}, {}});
}

std::string TreeBuilder::string_problem(std::string_view lexer_message, size_t offending) {
  std::string_view problem = lexer_message.substr(std::string_view("invalid string: ").size());
  if (problem.starts_with("control character U+000A") || problem.starts_with("control character U+000D"))
    return syntax_error("line break inside a string; close the string with '\"' or write the line break as \\n");
  if (problem.starts_with("control character ")) {
    std::string text(problem);
    text.replace(text.find(" must be"), std::string_view(" must be").size(), " inside a string must be");
    return syntax_error(text);
  }
  if (problem.starts_with("ill-formed UTF-8"))
    return syntax_error("byte " + hex_byte(static_cast<unsigned char>(text_[offending])) +
                        " inside a string is not valid UTF-8; save the file as UTF-8");
  if (problem.starts_with("forbidden character after backslash"))
    return syntax_error("invalid escape in a string, found " + describe_character(text_, offending) +
                        " after '\\'; write a backslash as \\\\");
  if (problem.starts_with("'\\u' must be followed by 4 hex digits"))
    return syntax_error("'\\u' in a string must be followed by 4 hex digits, found " +
                        describe_character(text_, offending));
  return syntax_error("invalid \\u escape in a string: " + std::string(problem));
}

// 1e999: well-formed, but not a finite double.
void TreeBuilder::report_number_out_of_range(std::size_t position) {
  size_t begin = rejected_token_start(position).offset;
  size_t end = std::max(std::min(position, text_.size()), begin);
  report_parse_error(cursor_.range_of(begin, end), "JSON number " + excerpt(text_, begin, end) + " is out of range.");
}

void TreeBuilder::check_rest_is_empty() {
  size_t rest = skip_whitespace(text_, cursor_.offset());
  if (rest >= text_.size()) return;
  stop(kParseError, cursor_.range_of(rest, rest + 1),
       syntax_error("expected end of file after the top-level value, found " + describe_character(text_, rest)));
}

Document TreeBuilder::into_document(SourcePtr source) {
  Document document;
  document.source = std::move(source);
  // A template read only in part must not be checked: a property after the error would
  // look missing. The tree is kept only when the whole input was read.
  if (!stopped_) document.root = std::move(root_);
  document.diagnostics = std::move(diagnostics_);
  return document;
}

}  // namespace

Document load_json(SourcePtr source, const LoadLimits& limits) {
  const std::string& text = source->text();
  if (skip_whitespace(text, bom_length(text)) == text.size()) {
    // Nothing to read; whether an empty file is a problem is the caller's decision.
    Document empty;
    empty.source = std::move(source);
    return empty;
  }
  const char* read_position = text.data();
  const char* end = text.data() + text.size();
  TreeBuilder builder(*source, limits, &read_position);
  if (Json::sax_parse(TrackedIterator(&read_position), TrackedIterator(&end), &builder)) builder.check_rest_is_empty();
  return builder.into_document(std::move(source));
}

}  // namespace cfn
