// Reading YAML source text around an offset, byte by byte: what the YAML loader and its
// syntax hints (model/yaml_hints.cpp) share. Internal to src/model.
#pragma once

#include <cstddef>
#include <string_view>

namespace cfn::yaml_text {

inline bool is_blank(char c) { return c == ' ' || c == '\t'; }
inline bool is_break(char c) { return c == '\n' || c == '\r'; }
inline bool is_space(char c) { return is_blank(c) || is_break(c); }

// Offset of the first byte at or after i that is not a space or a tab.
inline size_t skip_blanks(std::string_view text, size_t i) {
  while (i < text.size() && is_blank(text[i])) ++i;
  return i;
}

// Offset of the line break (or end of text) that ends the line holding i.
inline size_t line_end(std::string_view text, size_t i) {
  while (i < text.size() && !is_break(text[i])) ++i;
  return i;
}

}  // namespace cfn::yaml_text
