#include "model/source.h"

#include <algorithm>

namespace cfn {

namespace {

bool is_continuation_byte(unsigned char c) { return (c & 0xC0) == 0x80; }

}  // namespace

SourceFile::SourceFile(std::string display_path, std::string text)
    : path_(std::move(display_path)), text_(std::move(text)), size_(text_.size()) {
  if (text_.compare(0, 3, "\xEF\xBB\xBF") == 0) bom_length_ = 3;
  line_starts_.push_back(0);
  for (size_t i = 0; i < text_.size(); ++i) {
    char c = text_[i];
    if (c == '\r') {
      if (i + 1 < text_.size() && text_[i + 1] == '\n') ++i;
      line_starts_.push_back(i + 1);
    } else if (c == '\n') {
      line_starts_.push_back(i + 1);
    }
  }
}

std::string_view SourceFile::line(uint32_t line) const {
  if (excerpt_) {
    auto found = std::lower_bound(kept_.begin(), kept_.end(), line,
                                  [](const KeptLine& kept, uint32_t number) { return kept.line < number; });
    if (found == kept_.end() || found->line != line) return {};
    return std::string_view(text_).substr(found->begin, found->end - found->begin);
  }
  if (line == 0 || line > line_starts_.size()) return {};
  size_t begin = line_starts_[line - 1];
  if (line == 1) begin = bom_length_;
  size_t end = line < line_starts_.size() ? line_starts_[line] : text_.size();
  while (end > begin && (text_[end - 1] == '\n' || text_[end - 1] == '\r')) --end;
  return std::string_view(text_).substr(begin, end - begin);
}

Position SourceFile::position_at(size_t offset) const {
  offset = std::min(offset, text_.size());
  auto next = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  size_t index = static_cast<size_t>(next - line_starts_.begin()) - 1;
  size_t begin = index == 0 ? std::min(bom_length_, offset) : line_starts_[index];
  uint32_t column = 1;
  for (size_t i = begin; i < offset; ++i) {
    if (!is_continuation_byte(static_cast<unsigned char>(text_[i]))) ++column;
  }
  if (offset < text_.size()) {
    unsigned char c = static_cast<unsigned char>(text_[offset]);
    // An offset in the middle of a character names that character.
    if (is_continuation_byte(c) && column > 1) --column;
    // A \r\n is one line break, and it belongs to the line it ends: its \n has the position
    // of its \r, the column just past the line's last character (never a column further).
    else if (c == '\n' && offset > begin && text_[offset - 1] == '\r') --column;
  }
  return Position{static_cast<uint32_t>(index + 1), column};
}

size_t SourceFile::offset_of(Position pos) const {
  if (pos.line == 0 || pos.line > line_starts_.size()) return text_.size();
  size_t offset = pos.line == 1 ? bom_length_ : line_starts_[pos.line - 1];
  size_t line_end = pos.line < line_starts_.size() ? line_starts_[pos.line] : text_.size();
  for (uint32_t column = 1; column < pos.column && offset < line_end; ++column) {
    ++offset;
    while (offset < line_end && is_continuation_byte(static_cast<unsigned char>(text_[offset])))
      ++offset;
  }
  return offset;
}

std::shared_ptr<const SourceFile> SourceFile::excerpt(const std::vector<uint32_t>& lines) const {
  std::vector<uint32_t> sorted = lines;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  std::string text;
  std::vector<KeptLine> kept;
  for (uint32_t number : sorted) {
    if (number == 0 || number > line_count()) continue;
    std::string_view content = line(number);
    if (content.empty()) continue;
    uint32_t begin = static_cast<uint32_t>(text.size());
    text += content;
    kept.push_back(KeptLine{number, begin, static_cast<uint32_t>(text.size())});
  }
  auto copy = std::make_shared<SourceFile>(path_, std::move(text));
  copy->excerpt_ = true;
  copy->kept_ = std::move(kept);
  copy->kept_.shrink_to_fit();
  copy->excerpt_line_count_ = line_count();
  copy->size_ = size_;
  copy->bom_length_ = 0;
  return copy;
}

}  // namespace cfn
