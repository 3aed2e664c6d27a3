// Writing a large pretty-printed JSON document piece by piece, byte for byte as
// nlohmann's dump(2) would print it whole, so that a report with tens of thousands of
// findings never holds them all as a JSON tree (or as one string) in memory: each finding
// becomes a small tree, is written, and is freed. Internal to src/report.
#pragma once

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>

namespace cfn::json_stream {

using Json = nlohmann::ordered_json;

// Dumped JSON text, every line after the first indented `depth` more levels, appended to
// `out`. A dumped string never holds a raw line break (it is escaped), so every '\n'
// starts a new line of the structure.
inline void append_indented(std::string& out, std::string_view text, size_t depth) {
  size_t from = 0;
  for (size_t at = text.find('\n'); at != std::string_view::npos; at = text.find('\n', from)) {
    out.append(text.substr(from, at + 1 - from));
    out.append(2 * depth, ' ');
    from = at + 1;
  }
  out.append(text.substr(from));
}

inline void write_indented(std::ostream& out, std::string_view text, size_t depth) {
  std::string indented;
  append_indented(indented, text, depth);
  out << indented;
}

// Invalid UTF-8 in template text is replaced (U+FFFD) rather than thrown on.
inline std::string dump(const Json& value) { return value.dump(2, ' ', false, Json::error_handler_t::replace); }

// `value` as dump(2) prints it when nested `depth` levels deep (its first line is not
// indented: it follows a key or the indentation the caller wrote).
inline std::string dumped(const Json& value, size_t depth) {
  std::string text;
  append_indented(text, dump(value), depth);
  return text;
}
inline void write(std::ostream& out, const Json& value, size_t depth) { write_indented(out, dump(value), depth); }

// An object at `depth` built one member at a time, as dump(2) prints it. A top-level
// Object is built in a string and written to the stream whole by close(); one nested in
// another (or in a List) is built in its parent's string. Built by hand, not as a tree,
// because a report has tens of thousands of findings and writing them is the serial part
// of a `-j N` scan: trees and the stream's per-call cost were most of it.
class Object {
 public:
  Object(std::ostream& out, size_t depth) : out_(&out), text_(&own_), depth_(depth) {}
  // The value of member `name` of `parent`.
  Object(Object& parent, std::string_view name) : text_(&parent.key(name)), depth_(parent.depth_ + 1) {}
  // An object written at the end of `text`, at `depth` (an element of a List).
  Object(std::string& text, size_t depth) : text_(&text), depth_(depth) {}
  Object(const Object&) = delete;
  Object& operator=(const Object&) = delete;

  void member(std::string_view name, const Json& value) { append_indented(key(name), dump(value), depth_ + 1); }
  void string(std::string_view name, std::string_view text) { append_quoted(key(name), text); }
  void number(std::string_view name, uint64_t value) {
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    key(name).append(digits, end);
  }
  // A line or column: the number, or null for 0 (no such position).
  void coordinate(std::string_view name, uint32_t value) {
    if (value == 0) {
      key(name) += "null";
    } else {
      number(name, value);
    }
  }
  // A member whose value is already dumped text, as write() prints it at depth + 1.
  void dumped(std::string_view name, std::string_view text) { key(name) += text; }

  void close() {
    if (first_) {
      *text_ += "{}";
    } else {
      *text_ += '\n';
      text_->append(2 * depth_, ' ');
      *text_ += '}';
    }
    if (out_) out_->write(text_->data(), static_cast<std::streamsize>(text_->size()));
  }

  // A string as dump() writes it: escaped, invalid UTF-8 replaced. Text of printable
  // ASCII without quotes or backslashes (nearly every path, id and message) is copied as
  // it is: nlohmann's serializer decodes UTF-8 byte by byte.
  static void append_quoted(std::string& out, std::string_view text) {
    bool plain = std::all_of(text.begin(), text.end(), [](char c) {
      return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
    });
    if (!plain) {
      out += dump(Json(std::string(text)));
      return;
    }
    out += '"';
    out += text;
    out += '"';
  }

 private:
  friend class List;

  std::string& key(std::string_view name) {
    *text_ += first_ ? "{\n" : ",\n";
    text_->append(2 * (depth_ + 1), ' ');
    *text_ += '"';
    *text_ += name;  // names are plain ASCII
    *text_ += "\": ";
    first_ = false;
    return *text_;
  }

  std::ostream* out_ = nullptr;  // set for a top-level object
  std::string own_;              // a top-level object's text
  std::string* text_;
  size_t depth_;
  bool first_ = true;
};

// An array of objects, the value of member `name` of `parent`, as dump(2) prints it.
class List {
 public:
  List(Object& parent, std::string_view name) : text_(parent.key(name)), depth_(parent.depth_ + 1) {}

  // The next element; close it before asking for another.
  Object object() {
    text_ += count_++ == 0 ? "[\n" : ",\n";
    text_.append(2 * (depth_ + 1), ' ');
    return Object(text_, depth_ + 1);
  }
  void close() {
    if (count_ == 0) {
      text_ += "[]";
    } else {
      text_ += '\n';
      text_.append(2 * depth_, ' ');
      text_ += ']';
    }
  }

 private:
  std::string& text_;
  size_t depth_;
  size_t count_ = 0;
};

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
    add_with([&](std::ostream& out, size_t depth) { write(out, element, depth); });
  }

  // An element written by `write_element(out, depth)`, as `write` would print it at depth.
  template <typename WriteElement>
  void add_with(WriteElement&& write_element) {
    out_ << (count_++ == 0 ? "[\n" : ",\n") << std::string(2 * (depth_ + 1), ' ');
    write_element(out_, depth_ + 1);
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
