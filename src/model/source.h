// A template's bytes and the mapping from byte offsets to human positions.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cfn {

// 1-based line and column; columns count Unicode code points, so a caret lines up
// under the character a person sees (a tab counts as one column, like GitHub does).
// Line 0 means "no position" (a value that was generated rather than read).
struct Position {
  uint32_t line = 0;
  uint32_t column = 0;
  bool known() const { return line != 0; }
  friend bool operator==(const Position&, const Position&) = default;
  friend auto operator<=>(const Position&, const Position&) = default;
};

// [begin, end): end is the position just after the last character, as in SARIF regions.
struct Range {
  Position begin;
  Position end;
  bool known() const { return begin.known(); }
  // Whether `inner` lies within this range (both known).
  bool holds(const Range& inner) const {
    return known() && inner.known() && !(inner.begin < begin) && !(end < inner.end);
  }
  friend bool operator==(const Range&, const Range&) = default;
};

class SourceFile {
 public:
  // display_path is how reports name the file (relative to the working directory).
  SourceFile(std::string display_path, std::string text);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  size_t line_count() const { return excerpt_ ? excerpt_line_count_ : line_starts_.size(); }
  // The file's size in bytes (also for an excerpt, whose text() is shorter).
  size_t size() const { return size_; }

  // The text of a 1-based line, without its line break ("" when out of range).
  std::string_view line(uint32_t line) const;
  // Position of a byte offset; an offset inside a multi-byte character maps to that character,
  // and an offset inside a \r\n to the \r (a line break belongs to the line it ends).
  Position position_at(size_t offset) const;
  // Byte offset of a position (clamped to the line's end); the inverse of position_at on
  // every character start, a \r\n counting as one character (its \n maps back to its \r).
  size_t offset_of(Position pos) const;

  // A copy that keeps only the given lines' text (others are left empty; numbering, line
  // count and size() kept): what a report needs to show, without holding every scanned
  // file in memory. It holds those lines and nothing per line of the file; its text() is
  // the kept lines one after another, and position_at / offset_of read that text alone.
  std::shared_ptr<const SourceFile> excerpt(const std::vector<uint32_t>& lines) const;

 private:
  struct KeptLine {
    uint32_t line;   // 1-based line number in the file
    uint32_t begin;  // offset of its text in text_
    uint32_t end;
  };
  bool excerpt_ = false;
  std::vector<KeptLine> kept_;       // an excerpt's lines, by line number
  size_t excerpt_line_count_ = 0;

  std::string path_;
  std::string text_;
  std::vector<size_t> line_starts_;  // offset of each line's first byte; \n, \r\n and lone \r end lines
  size_t bom_length_ = 0;            // a UTF-8 byte-order mark is not a column
  size_t size_ = 0;
};

using SourcePtr = std::shared_ptr<const SourceFile>;

}  // namespace cfn
