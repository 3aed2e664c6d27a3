#include "policy/json_documents.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eval/intrinsics.h"
#include "iam/policy_document.h"
#include "model/loader.h"

namespace cfn {

namespace {

size_t leading_spaces(std::string_view line) {
  size_t count = line.find_first_not_of(' ');
  return count == std::string_view::npos ? line.size() : count;
}

bool is_blank(std::string_view line) { return line.find_first_not_of(" \t\r") == std::string_view::npos; }

// Where the text of a YAML literal block scalar (`|`, `|-` or `|+`, after a tag such as
// !Sub or a long-form Fn::Sub key) sits in the source: each of its lines is a source line
// with the block's indentation removed, so a position in the JSON maps back to the line
// and column where it is written. Any other scalar (quoted, folded, plain, in a JSON
// template) folds or escapes its text: it has no such map, and every position in it is
// the string's.
class BlockScalarLines {
 public:
  // `text` is what is parsed: the scalar's text, or it with markers for Fn::Sub variables
  // (no line breaks added), and must outlive the result.
  static std::optional<BlockScalarLines> find(const SourceFile& source, Range range, const SourceFile& text) {
    if (!range.known() || source.text().size() != source.size()) return std::nullopt;  // an excerpt
    if (!literal_block_header(source, range.begin)) return std::nullopt;
    uint32_t lines = static_cast<uint32_t>(text.line_count());
    if (lines > 0 && text.line(lines).empty()) --lines;  // after the final break
    BlockScalarLines block{source, text, range.begin.line + 1, lines};
    if (!block.matches_source()) return std::nullopt;
    return block;
  }

  Position source_position(Position in_text) const {
    if (in_text.line == 0 || in_text.line > line_count_) return {};
    uint32_t line = first_line_ + in_text.line - 1;
    std::string_view written = source_.line(line);
    std::string_view text_line = text_.line(in_text.line);
    if (written.size() >= indent_ && written.substr(indent_) == text_line)
      return {line, static_cast<uint32_t>(indent_) + in_text.column};
    // A line Fn::Sub changed: the line is right, the column not; its first character.
    return {line, static_cast<uint32_t>(leading_spaces(written)) + 1};
  }

 private:
  BlockScalarLines(const SourceFile& source, const SourceFile& text, uint32_t first_line, uint32_t line_count)
      : source_(source), text_(text), first_line_(first_line), line_count_(line_count) {}

  // `|`, `|-` or `|+` where the scalar (or the tag or Fn::Sub key before it) starts, then
  // nothing but a comment. An indentation indicator (`|2`) is not followed.
  static bool literal_block_header(const SourceFile& source, Position begin) {
    std::string_view rest = std::string_view(source.text()).substr(source.offset_of(begin));
    rest = rest.substr(0, rest.find('\n'));
    auto skip_blanks = [&] { rest.remove_prefix(std::min(rest.size(), rest.find_first_not_of(" \t"))); };
    if (rest.starts_with('!')) {
      rest.remove_prefix(std::min(rest.size(), rest.find_first_of(" \t")));
    } else if (rest.starts_with("Fn::Sub")) {
      rest.remove_prefix(7);
      skip_blanks();
      if (!rest.starts_with(':')) return false;
      rest.remove_prefix(1);
    }
    skip_blanks();
    if (!rest.starts_with('|')) return false;
    rest.remove_prefix(1);
    if (rest.starts_with('-') || rest.starts_with('+')) rest.remove_prefix(1);
    skip_blanks();
    return rest.empty() || rest.starts_with('#') || rest == "\r";
  }

  // Every line of the text is a line of the block, and the block ends where the text does
  // (a Fn::Sub value that added a line break would shift every line after it).
  bool matches_source() {
    uint32_t text_extent = 0;  // up to the last line that is not empty
    for (uint32_t line = 1; line <= line_count_; ++line)
      if (!text_.line(line).empty()) text_extent = line;
    if (text_extent == 0) return false;
    indent_ = leading_spaces(source_.line(first_line_ + first_text_line()));
    if (indent_ == 0) return false;
    uint32_t source_extent = 0;
    for (uint32_t line = first_line_; line <= source_.line_count(); ++line) {
      std::string_view written = source_.line(line);
      if (is_blank(written)) continue;
      if (leading_spaces(written) < indent_) break;
      source_extent = line - first_line_ + 1;
    }
    if (source_extent != text_extent) return false;
    for (uint32_t line = 1; line <= text_extent; ++line) {
      if (text_.line(line).empty() != is_blank(source_.line(first_line_ + line - 1))) return false;
    }
    return true;
  }

  // The 0-based index of the text's first line that is not empty.
  uint32_t first_text_line() const {
    uint32_t index = 0;
    while (index < line_count_ && text_.line(index + 1).empty()) ++index;
    return index;
  }

  const SourceFile& source_;  // the template
  const SourceFile& text_;    // the JSON text as parsed
  uint32_t first_line_;
  uint32_t line_count_;
  size_t indent_ = 0;
};

// Gives every node and key of a document parsed from a block scalar's text the place
// where it is written in the template.
void relocate(Value& value, const BlockScalarLines& block, Range whole) {
  auto moved = [&](Range in_text) {
    Range range{block.source_position(in_text.begin), block.source_position(in_text.end)};
    return range.known() && range.end.known() ? range : whole;
  };
  value.set_range(moved(value.range()));
  for (Value& item : value.items()) relocate(item, block, whole);
  for (Value::Entry& entry : value.entries()) {
    entry.key_range = moved(entry.key_range);
    relocate(entry.value, block, whole);
  }
}

// JSON text to parse: a string's, or that of a Fn::Sub whose variables stay unknown
// (${AWS::AccountId}, ${Role.Arn}, a parameter without a default). Each variable is then
// replaced by a marker, and the parsed document turns every string holding one back into
// a Fn::Sub of what was written: the document's structure is known, those strings are not.
struct JsonText {
  std::string text;                     // to parse, with the markers
  Range range;                          // of the property's value
  std::vector<std::string> variables;   // by marker number
  const Value* sub_variables = nullptr; // the Fn::Sub's own variable map, if any
  std::shared_ptr<const Value> joined;  // or the one made for a Fn::Join's parts
};

constexpr std::string_view kMarker = "@@cfn-scan-sub-";

// `text` with each ${Name} replaced by a marker: inside a JSON string as is, elsewhere (a
// number or boolean written as a variable) as a string of its own; and each ${!Literal} as
// the ${Literal} the Sub writes (an IAM policy variable such as ${aws:username}). nullopt
// when a ${ is never closed (CloudFormation rejects the Sub).
std::optional<JsonText> with_markers(std::string_view text) {
  JsonText marked;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string && c == '\\' && i + 1 < text.size()) {
      marked.text += text.substr(i, 2);
      ++i;
      continue;
    }
    if (c == '"') in_string = !in_string;
    if (c != '$' || i + 1 >= text.size() || text[i + 1] != '{') {
      marked.text += c;
      continue;
    }
    if (i + 2 < text.size() && text[i + 2] == '!') {
      marked.text += "${";
      i += 2;  // past the '!'
      continue;
    }
    size_t close = text.find('}', i + 2);
    if (close == std::string_view::npos) return std::nullopt;
    std::string marker = std::string(kMarker) + std::to_string(marked.variables.size()) + "@@";
    marked.text += in_string ? marker : '"' + marker + '"';
    marked.variables.emplace_back(text.substr(i + 2, close - i - 2));
    i = close;
  }
  return marked;
}

// The string that holds a property's JSON text: the value itself, or the text of the
// Fn::Sub it is (`text` or `[text, variables]`); null when there is no JSON object there.
const Value* written_json_text(const Value& value) {
  const Value* text = &value;
  if (const Value::Entry* call = value.intrinsic()) {
    if (call->key != "Fn::Sub") return nullptr;
    text = &call->value;
    if (call->value.is_sequence()) {
      if (call->value.items().size() != 2 || !call->value.items()[1].is_mapping()) return nullptr;
      text = &call->value.items()[0];
    }
  }
  auto written = text->as_string();
  if (!written) return nullptr;
  size_t first = written->find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && (*written)[first] == '{' ? text : nullptr;
}

// The object of a Fn::ToJsonString (AWS::LanguageExtensions) the resolver left in place
// because something inside it stays unknown, or null. As a policy document it is that
// object written as JSON text: the checks read the object, whose unknown parts stay so.
const Value* to_json_string_argument(const Value& value) {
  const Value::Entry* call = value.intrinsic();
  return call && call->key == "Fn::ToJsonString" && call->value.is_mapping() ? &call->value : nullptr;
}

// A Fn::Join of JSON text around values it cannot know, as CDK writes every policy
// document that names a resource: its delimiter and parts, when both are known and the
// text it joins opens an object; nullopt otherwise. Cheap: no text is put together.
struct JsonJoin {
  std::string_view delimiter;
  const std::vector<Value>* parts;
};

std::optional<JsonJoin> json_join(const Value& value) {
  const Value::Entry* call = value.intrinsic();
  if (!call || call->key != "Fn::Join" || !call->value.is_sequence() || call->value.items().size() != 2)
    return std::nullopt;
  auto delimiter = call->value.items()[0].as_string();
  const Value& parts = call->value.items()[1];
  if (!delimiter || !parts.is_sequence() || parts.items().empty() || !parts.items()[0].as_string()) return std::nullopt;
  // The joined text's first character that is not blank must be the object's `{`.
  for (size_t i = 0; i < parts.items().size(); ++i) {
    auto literal = parts.items()[i].is_scalar() ? parts.items()[i].as_string() : std::nullopt;
    if (!literal) return std::nullopt;
    for (std::string_view text : {i > 0 ? *delimiter : std::string_view(), *literal}) {
      size_t first = text.find_first_not_of(" \t\r\n");
      if (first != std::string_view::npos)
        return text[first] == '{' ? std::optional<JsonJoin>(JsonJoin{*delimiter, &parts.items()}) : std::nullopt;
    }
  }
  return std::nullopt;
}

// The Fn::Sub such a Join amounts to: each part that is not text a variable of its own
// (CfnScanJoin0...), the text escaped so that a "${" in it stays text.
std::shared_ptr<const Value> join_as_sub(const Value& value) {
  auto join = json_join(value);
  if (!join) return nullptr;
  std::string text;
  Value variables = Value::mapping(value.range());
  for (size_t i = 0; i < join->parts->size(); ++i) {
    const Value& part = (*join->parts)[i];
    if (i > 0) text += intrinsics::escape_literal(join->delimiter);
    if (auto literal = part.is_scalar() ? part.as_string() : std::nullopt) {
      text += intrinsics::escape_literal(*literal);
      continue;
    }
    std::string name = "CfnScanJoin" + std::to_string(variables.entries().size());
    text += "${" + name + "}";
    variables.entries().push_back(Value::Entry{name, part.range(), part});
  }
  Value argument = Value::sequence(value.range());
  argument.items().push_back(Value::scalar(std::move(text), true, value.range()));
  argument.items().push_back(std::move(variables));
  auto sub = std::make_shared<Value>(Value::mapping(value.range()));
  sub->entries().push_back(Value::Entry{"Fn::Sub", value.range(), std::move(argument)});
  return sub;
}

std::optional<JsonText> json_text_of(const Value& value) {
  if (auto sub = join_as_sub(value)) {
    auto json = json_text_of(*sub);
    if (json) json->joined = std::move(sub);  // keeps the variable map json points into
    return json;
  }
  const Value* text = written_json_text(value);
  if (!text) return std::nullopt;
  if (text == &value) return JsonText{std::string(*text->as_string()), value.range(), {}, nullptr, nullptr};
  auto marked = with_markers(*text->as_string());
  if (!marked) return std::nullopt;
  marked->range = value.range();
  const Value& argument = value.intrinsic()->value;
  if (argument.is_sequence()) marked->sub_variables = &argument.items()[1];
  return marked;
}

// The text with its markers back as the ${Name} they stand for.
std::string without_markers(std::string_view text, const JsonText& json) {
  std::string restored;
  for (size_t at = 0;;) {
    size_t marker = text.find(kMarker, at);
    if (marker == std::string_view::npos) return restored += text.substr(at);
    size_t number_at = marker + kMarker.size();
    size_t end = text.find("@@", number_at);
    size_t number = std::stoul(std::string(text.substr(number_at, end - number_at)));
    restored += text.substr(at, marker - at);
    restored += "${" + json.variables.at(number) + "}";
    at = end + 2;
  }
}

// Every string that holds a marker becomes the Fn::Sub it is part of; keys get their
// ${Name} back.
void restore_variables(Value& value, const JsonText& json) {
  if (value.is_scalar()) {
    if (value.text().find(kMarker) == std::string::npos) return;
    Range range = value.range();
    Value text = Value::scalar(without_markers(value.text(), json), true, range);
    Value argument = text;
    if (json.sub_variables) {
      argument = Value::sequence(range);
      argument.items().push_back(std::move(text));
      argument.items().push_back(*json.sub_variables);
    }
    value = Value::mapping(range);
    value.entries().push_back(Value::Entry{"Fn::Sub", range, std::move(argument)});
    return;
  }
  for (Value& item : value.items()) restore_variables(item, json);
  for (Value::Entry& entry : value.entries()) {
    if (entry.key.find(kMarker) != std::string::npos) entry.key = without_markers(entry.key, json);
    restore_variables(entry.value, json);
  }
}

// The parsed document, or nothing when the text is not a well-formed JSON object (then
// CloudFormation would reject it; that is not a policy finding).
std::unique_ptr<Value> parse_document(const JsonText& json, const SourceFile* template_source) {
  auto source = std::make_shared<const SourceFile>("<policy document>", json.text);
  Document document = load_json(source);
  if (!document.root || !document.root->is_mapping() || !document.diagnostics.empty()) return nullptr;
  auto block = template_source ? BlockScalarLines::find(*template_source, json.range, *source) : std::nullopt;
  if (block) {
    relocate(*document.root, *block, json.range);
  } else {
    set_range_everywhere(*document.root, json.range);
  }
  if (!json.variables.empty()) restore_variables(*document.root, json);
  document.root->remember_intrinsics();
  return std::move(document.root);
}

// Other properties of CloudFormation type Json that templates also write as JSON text
// (AWS::EMR::SecurityConfiguration's settings, often pasted from the EMR console; an IAM
// Identity Center permission set's InlinePolicy).
constexpr std::array<std::string_view, 2> kJsonTextProperties = {"SecurityConfiguration", "InlinePolicy"};

// Identity and trust policies, every resource-based policy property, and the above.
bool is_document_property(std::string_view name) {
  if (name == "PolicyDocument" || name == "AssumeRolePolicyDocument") return true;
  if (std::find(kJsonTextProperties.begin(), kJsonTextProperties.end(), name) != kJsonTextProperties.end())
    return true;
  return std::find(iam::kResourcePolicyProperties.begin(), iam::kResourcePolicyProperties.end(), name) !=
         iam::kResourcePolicyProperties.end();
}

// The SDK call of a CDK AwsCustomResource (Create, Update, Delete: JSON text naming a
// service, an action and its parameters), whose parameters may hold a policy document
// written as JSON text of its own (OpenSearch's updateDomainConfig AccessPolicies, which
// the CDK uses for a domain's accessPolicies).
bool is_sdk_call_property(std::string_view name) { return name == "Create" || name == "Update"; }

bool replace_documents(Value& properties, const SourceFile* source);

// The call parsed, with the documents in its parameters parsed too; false when the text is
// not such a call.
bool replace_sdk_call(Value::Entry& entry, const SourceFile* source) {
  auto json = json_text_of(entry.value);
  auto parsed = json ? parse_document(*json, source) : nullptr;
  if (!parsed || !parsed->find("action")) return false;
  Value* parameters = nullptr;
  for (Value::Entry& member : parsed->entries())
    if (member.key == "parameters" && member.value.is_mapping()) parameters = &member.value;
  if (parameters) replace_documents(*parameters, source);
  parsed->remember_intrinsics();
  entry.value = std::move(*parsed);
  return true;
}

// Replaces JSON text in place in `properties` (a copy); true when something changed.
bool replace_documents(Value& properties, const SourceFile* source) {
  bool changed = false;
  for (Value::Entry& entry : properties.entries()) {
    if (is_sdk_call_property(entry.key)) {
      changed = replace_sdk_call(entry, source) || changed;
    } else if (is_document_property(entry.key)) {
      if (const Value* object = to_json_string_argument(entry.value)) {
        entry.value = Value(*object);  // the object the text would be parsed back into
        changed = true;
        continue;
      }
      auto json = json_text_of(entry.value);
      auto parsed = json ? parse_document(*json, source) : nullptr;
      if (!parsed) continue;
      entry.value = std::move(*parsed);
      changed = true;
    } else if (entry.key == "Policies" && entry.value.is_sequence()) {
      for (Value& policy : entry.value.items())
        if (policy.is_mapping()) changed = replace_documents(policy, source) || changed;
    }
  }
  return changed;
}

bool has_json_document(const Value& properties) {
  for (const Value::Entry& entry : properties.entries()) {
    bool document = is_document_property(entry.key) || is_sdk_call_property(entry.key);
    if (document && (written_json_text(entry.value) || to_json_string_argument(entry.value) || json_join(entry.value)))
      return true;
    if (entry.key == "Policies" && entry.value.is_sequence()) {
      for (const Value& policy : entry.value.items())
        if (policy.is_mapping() && has_json_document(policy)) return true;
    }
  }
  return false;
}

}  // namespace

std::shared_ptr<const Value> parse_json_text_documents(const Value& properties, const SourceFile* source) {
  if (!properties.is_mapping() || !has_json_document(properties)) return nullptr;
  auto copy = std::make_shared<Value>(properties);
  if (!replace_documents(*copy, source)) return nullptr;
  return copy;
}

}  // namespace cfn
