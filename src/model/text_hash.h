// Hash maps keyed by std::string that are looked up by std::string_view without building a
// string: TextMap<V>. Logical ids, resource types and patterns are looked up this way for
// every rule and reference of a template.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace cfn {

struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

template <typename V>
using TextMap = std::unordered_map<std::string, V, TextHash, std::equal_to<>>;

}  // namespace cfn
