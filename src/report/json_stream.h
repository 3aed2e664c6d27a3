// Writing a large pretty-printed JSON document piece by piece, byte for byte as
// nlohmann's dump(2) would print it whole, so that a report with tens of thousands of
// findings never holds them all as a JSON tree (or as one string) in memory: each finding
// becomes a small tree, is written, and is freed. Internal to src/report.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>

namespace cfn::json_stream {

using Json = nlohmann::ordered_json;

// Dumped JSON text, every line after the first indented `depth` more levels. A dumped
// string never holds a raw line break (it is escaped), so every '\n' starts a new line
// of the structure.
inline void write_indented(std::ostream& out, std::string_view text, size_t depth) {
  std::string indent(2 * depth, ' ');
  size_t from = 0;
  for (size_t at = text.find('\n'); at != std::string_view::npos; at = text.find('\n', from)) {
    out.write(text.data() + from, static_cast<std::streamsize>(at + 1 - from));
    out << indent;
    from = at + 1;
  }
  out.write(text.data() + from, static_cast<std::streamsize>(text.size() - from));
}

// Invalid UTF-8 in template text is replaced (U+FFFD) rather than thrown on.
inline std::string dump(const Json& value) { return value.dump(2, ' ', false, Json::error_handler_t::replace); }

// `value` as dump(2) prints it when nested `depth` levels deep (its first line is not
// indented: it follows a key or the indentation the caller wrote).
inline void write(std::ostream& out, const Json& value, size_t depth) { write_indented(out, dump(value), depth); }

// A non-empty object written at `depth` without its closing line, so that members
// written after it (`add_member`) continue it; `close_object` ends it.
inline void open_object(std::ostream& out, const Json& head, size_t depth) {
  std::string text = dump(head);
  text.erase(text.rfind('\n'));  // the closing brace's line
  write_indented(out, text, depth);
}

// `,\n<indent>"key": ` inside an object opened at `depth`.
inline void add_member(std::ostream& out, std::string_view key, size_t depth) {
  out << ",\n" << std::string(2 * (depth + 1), ' ') << Json(key).dump() << ": ";
}

inline void close_object(std::ostream& out, size_t depth) { out << '\n' << std::string(2 * depth, ' ') << '}'; }

// An array at `depth` written one element at a time: `[]` when nothing was added.
class Array {
 public:
  Array(std::ostream& out, size_t depth) : out_(out), depth_(depth) {}

  void add(const Json& element) {
    out_ << (count_++ == 0 ? "[\n" : ",\n") << std::string(2 * (depth_ + 1), ' ');
    write(out_, element, depth_ + 1);
  }

  void close() {
    if (count_ == 0) {
      out_ << "[]";
    } else {
      out_ << '\n' << std::string(2 * depth_, ' ') << ']';
    }
  }

 private:
  std::ostream& out_;
  size_t depth_;
  size_t count_ = 0;
};

}  // namespace cfn::json_stream
