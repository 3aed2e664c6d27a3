// What to do about a YAML syntax error. yaml-cpp says what its grammar missed ("alias not
// found after *", "illegal map value"); a person needs the mistake behind it. This reads the
// text around the place yaml-cpp stopped and recognises the mistakes templates are known
// for: an IAM wildcard `*` left unquoted, a ': ' inside a plain value, a tab in the
// indentation, a key indented one step too deep or a ':' missing on the line above, text
// after a quoted value, a list item out of line. Anything else keeps yaml-cpp's words.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace cfn {

struct YamlHint {
  size_t offset;        // where the mistake is (not always where yaml-cpp stopped)
  std::string message;  // the whole sentence after "YAML syntax error: ", without its full stop
};

// `at` is the byte offset where yaml-cpp stopped, `yaml_cpp_message` its message.
std::optional<YamlHint> yaml_syntax_hint(std::string_view text, size_t at, std::string_view yaml_cpp_message);

}  // namespace cfn
