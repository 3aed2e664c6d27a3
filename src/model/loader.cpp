// Choosing the parser for a template's bytes.
#include <algorithm>
#include <string_view>

#include "model/loader.h"

namespace cfn {

namespace {

// JSON templates are objects: the first character after an optional byte-order mark and
// whitespace is '{'. YAML may start that way too (a flow mapping), hence the fallback below.
bool starts_like_json(std::string_view text) {
  size_t at = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  while (at < text.size() && (text[at] == ' ' || text[at] == '\t' || text[at] == '\n' || text[at] == '\r')) ++at;
  return at < text.size() && text[at] == '{';
}

}  // namespace

bool has_parse_error(const Document& document) {
  return std::any_of(document.diagnostics.begin(), document.diagnostics.end(),
                     [](const Diagnostic& diagnostic) { return diagnostic.rule_id == "template-parse-error"; });
}

Document load_document(SourcePtr source, const LoadLimits& limits) {
  if (!starts_like_json(source->text())) return load_yaml(std::move(source), limits);
  // A limit exceeded is not a reason to try YAML: the JSON was well-formed up to there.
  Document json = load_json(source, limits);
  if (!has_parse_error(json)) return json;
  // `{Key: value}` or a trailing comma is not JSON but is a YAML flow mapping.
  Document yaml = load_yaml(source, limits);
  if (yaml.root && !has_parse_error(yaml)) return yaml;
  // Neither reads it: the author meant JSON, whose messages are the ones that help.
  return json;
}

Diagnostic RepeatedKeys::report(std::string_view key, Range range, size_t entry, const Value::Entry& earlier) {
  uint32_t first_line = earlier.key_range.begin.line;
  auto known = std::find_if(first_lines_.begin(), first_lines_.end(), [&](const auto& each) { return each.first == entry; });
  if (known != first_lines_.end())
    first_line = known->second;
  else
    first_lines_.emplace_back(entry, first_line);
  return Diagnostic{"template-duplicate-key", range,
                    "Duplicate key '" + std::string(key) + "' (first defined on line " + std::to_string(first_line) + ").",
                    {}, {}};
}

}  // namespace cfn
