// Loading bytes into a Value tree. Which parser reads the bytes is this stage's
// business: no yaml-cpp or nlohmann type appears in this header.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/diagnostic.h"
#include "model/source.h"
#include "model/value.h"

namespace cfn {

// Limits that keep hostile input from exhausting the stack or memory. Exceeding one is
// a finding at the position where it happened; the file's other findings still count.
struct LoadLimits {
  size_t max_depth = 256;             // nesting of mappings and sequences
  size_t max_nodes = 5'000'000;       // values in the tree, aliases expanded
  // YAML: values that aliases may copy in all. 0: ten times the values written in the file,
  // and at least 10,000, so a "billion laughs" stops long before max_nodes.
  size_t max_alias_values = 0;
};

struct Document {
  SourcePtr source;
  std::unique_ptr<Value> root;        // null when the bytes could not be parsed at all
  std::vector<Diagnostic> diagnostics;
};

// YAML (with CloudFormation's short-form tags) via yaml-cpp.
Document load_yaml(SourcePtr source, const LoadLimits& limits = {});
// JSON via nlohmann's SAX parser; positions identical in form to YAML's.
Document load_json(SourcePtr source, const LoadLimits& limits = {});
// Picks the parser from the content: JSON when the first significant character is `{`
// and the JSON parser accepts it, YAML otherwise.
Document load_document(SourcePtr source, const LoadLimits& limits = {});

// Whether `key` names a function CloudFormation knows: Ref, Condition, the long name of
// each short-form tag the YAML loader reads (Fn::GetAtt, Fn::Contains...), Fn::ForEach.
bool is_known_function(std::string_view key);

// YAML 1.1's reading of a plain scalar (CloudFormation's): "true" for yes, on, true in
// their three letter cases, "false" for no, off, false; `text` itself otherwise.
const std::string& yaml11_boolean_as_written(const std::string& text);

// Whether a loader reported a template-parse-error: the bytes are not (all) YAML or JSON.
bool has_parse_error(const Document& document);

// What both loaders do with a key repeated in one mapping: report it against the line of
// the first definition, and let its value replace the earlier one (CloudFormation deploys
// the last occurrence). A mapping keeps one of these; entries are indexes into it.
class RepeatedKeys {
 public:
  // The template-duplicate-key diagnostic for `key` written at `range`, repeating
  // `entry`, which is `earlier` now (its key range may already be a later repeat's).
  Diagnostic report(std::string_view key, Range range, size_t entry, const Value::Entry& earlier);

 private:
  std::vector<std::pair<size_t, uint32_t>> first_lines_;  // entry -> line first defined on
};

}  // namespace cfn
