#include "eval/intrinsics.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>

#include "model/loader.h"

namespace cfn::intrinsics {

namespace {

constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// A decimal number with nothing else around it; nullopt otherwise.
std::optional<long long> parse_integer(std::string_view text) {
  long long number = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
    return std::nullopt;
  }
  return number;
}

std::optional<uint32_t> parse_ipv4(std::string_view text) {
  uint32_t address = 0;
  for (int octet = 0; octet < 4; ++octet) {
    size_t dot = octet < 3 ? text.find('.') : text.size();
    if (dot == std::string_view::npos || dot == 0 || dot > 3) return std::nullopt;
    auto value = parse_integer(text.substr(0, dot));
    if (!value || *value < 0 || *value > 255) return std::nullopt;
    address = (address << 8) | static_cast<uint32_t>(*value);
    text.remove_prefix(octet < 3 ? dot + 1 : dot);
  }
  return address;
}

std::string format_ipv4(uint32_t address) {
  return std::to_string(address >> 24) + '.' + std::to_string((address >> 16) & 0xFF) + '.' +
         std::to_string((address >> 8) & 0xFF) + '.' + std::to_string(address & 0xFF);
}

// JSON number grammar (RFC 8259), which YAML plain scalars must match to be written bare.
bool is_json_number(std::string_view text) {
  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    return i > start;
  };
  if (i < text.size() && text[i] == '-') ++i;
  if (i < text.size() && text[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == text.size();
}

void append_json_string(std::string& out, std::string_view text) {
  static constexpr std::string_view kHex = "0123456789abcdef";
  out += '"';
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\\u00";
          out += kHex[(c >> 4) & 0xF];
          out += kHex[c & 0xF];
        } else {
          out += c;  // UTF-8 passes through unchanged
        }
    }
  }
  out += '"';
}

void append_json_scalar(std::string& out, const Value& scalar) {
  if (!scalar.quoted()) {
    if (scalar.is_null()) {
      out += "null";
      return;
    }
    if (auto boolean = scalar.as_bool()) {
      out += *boolean ? "true" : "false";
      return;
    }
    if (is_json_number(scalar.text())) {
      out += scalar.text();
      return;
    }
  }
  append_json_string(out, scalar.text());
}

void append_json(std::string& out, const Value& value) {
  switch (value.kind()) {
    case Value::Kind::Scalar:
      append_json_scalar(out, value);
      return;
    case Value::Kind::Sequence: {
      out += '[';
      const char* separator = "";
      for (const Value& item : value.items()) {
        out += separator;
        append_json(out, item);
        separator = ",";
      }
      out += ']';
      return;
    }
    case Value::Kind::Mapping: {
      out += '{';
      const char* separator = "";
      for (const Value::Entry& entry : value.entries()) {
        out += separator;
        append_json_string(out, entry.key);
        out += ':';
        append_json(out, entry.value);
        separator = ",";
      }
      out += '}';
      return;
    }
  }
}

// CloudFormation reads `${ Name }` as `${Name}`: the blanks around a name are not part of it.
std::string_view trim_blanks(std::string_view name) {
  size_t first = name.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return name.substr(first, name.find_last_not_of(" \t") - first + 1);
}

// Walks a Sub string: literal text goes to `literal`, each `${Name}` to `variable`.
// Returns false when a `${` is not closed.
template <typename Literal, typename Variable>
bool scan_sub(std::string_view text, Literal&& literal, Variable&& variable) {
  size_t position = 0;
  while (position < text.size()) {
    size_t open = text.find("${", position);
    if (open == std::string_view::npos) {
      literal(text.substr(position));
      return true;
    }
    literal(text.substr(position, open - position));
    // ${!Literal} stands for the text ${Literal}: drop the '!' and keep scanning after it.
    // `${ !Literal}` too: the blanks are trimmed as around a name (the AWS CDK reads it so),
    // and a name starting with '!' could name nothing anyway.
    size_t bang = text.find_first_not_of(" \t", open + 2);
    if (bang != std::string_view::npos && text[bang] == '!') {
      literal("${");
      position = bang + 1;
      continue;
    }
    size_t close = text.find('}', open + 2);
    if (close == std::string_view::npos) return false;
    if (!variable(trim_blanks(text.substr(open + 2, close - open - 2)))) return false;
    position = close + 1;
  }
  return true;
}

}  // namespace

std::string base64(std::string_view text) {
  std::string out;
  out.reserve((text.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < text.size(); i += 3) {
    uint32_t group = (static_cast<unsigned char>(text[i]) << 16) |
                     (static_cast<unsigned char>(text[i + 1]) << 8) |
                     static_cast<unsigned char>(text[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) out += kBase64Alphabet[(group >> shift) & 0x3F];
  }
  size_t rest = text.size() - i;
  if (rest > 0) {
    uint32_t group = static_cast<unsigned char>(text[i]) << 16;
    if (rest == 2) group |= static_cast<unsigned char>(text[i + 1]) << 8;
    out += kBase64Alphabet[(group >> 18) & 0x3F];
    out += kBase64Alphabet[(group >> 12) & 0x3F];
    out += rest == 2 ? kBase64Alphabet[(group >> 6) & 0x3F] : '=';
    out += '=';
  }
  return out;
}

std::optional<std::vector<std::string>> split(std::string_view text, std::string_view delimiter) {
  if (delimiter.empty()) return std::nullopt;
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t found = text.find(delimiter, start);
    if (found == std::string_view::npos) break;
    parts.emplace_back(text.substr(start, found - start));
    start = found + delimiter.size();
  }
  parts.emplace_back(text.substr(start));
  return parts;
}

std::optional<std::vector<std::string>> cidr(std::string_view ip_block, long long count,
                                             long long cidr_bits) {
  size_t slash = ip_block.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto address = parse_ipv4(ip_block.substr(0, slash));
  auto prefix = parse_integer(ip_block.substr(slash + 1));
  if (!address || !prefix || *prefix < 0 || *prefix > 32) return std::nullopt;
  if (count < 1 || count > 256 || cidr_bits < 0 || cidr_bits > 32 - *prefix) return std::nullopt;
  long long new_prefix = 32 - cidr_bits;
  // The block holds 2^(new_prefix - prefix) subnets of the new size.
  unsigned long long available = 1ULL << (new_prefix - *prefix);
  if (static_cast<unsigned long long>(count) > available) return std::nullopt;
  uint64_t network = *prefix == 0 ? 0 : (*address & (0xFFFFFFFFu << (32 - *prefix)));
  uint64_t step = 1ULL << cidr_bits;
  std::vector<std::string> blocks;
  blocks.reserve(static_cast<size_t>(count));
  for (long long i = 0; i < count; ++i) {
    uint64_t start = network + static_cast<uint64_t>(i) * step;
    blocks.push_back(format_ipv4(static_cast<uint32_t>(start)) + '/' + std::to_string(new_prefix));
  }
  return blocks;
}

std::optional<std::string> substitute(std::string_view text, const SubLookup& variable) {
  std::string out;
  bool complete = scan_sub(
      text, [&](std::string_view literal) { out += literal; },
      [&](std::string_view name) {
        auto value = variable(name);
        if (!value) return false;
        out += *value;
        return true;
      });
  if (!complete) return std::nullopt;
  return out;
}

std::optional<std::string> substitute_some(std::string_view text, const SubLookup& variable) {
  std::string out;
  bool complete = scan_sub(
      text,
      [&](std::string_view literal) {
        for (size_t at = 0;;) {  // copied a run at a time: an escaped ${ stays escaped
          size_t open = literal.find("${", at);
          if (open == std::string_view::npos) {
            out.append(literal.substr(at));
            break;
          }
          out.append(literal.substr(at, open - at)).append("${!");
          at = open + 2;
        }
      },
      [&](std::string_view name) {
        if (auto value = variable(name)) {
          out += *value;
        } else {
          out.append("${").append(name).append("}");
        }
        return true;
      });
  if (!complete) return std::nullopt;
  return out;
}

std::optional<std::string> substitute_known(std::string_view text, const SubLookup& variable) {
  bool filled = false;
  bool safe = true;
  auto known = [&](std::string_view name) -> std::optional<std::string> {
    auto value = variable(name);
    if (value) {
      safe = safe && value->find("${") == std::string::npos;
      filled = true;
    }
    return value;
  };
  auto out = substitute_some(text, known);
  if (!filled || !safe) return std::nullopt;
  return out;
}

std::optional<std::vector<std::string>> sub_literal_runs(std::string_view text) {
  std::vector<std::string> runs(1);
  bool complete = scan_sub(
      text, [&](std::string_view literal) { runs.back() += literal; },
      [&](std::string_view) {
        runs.emplace_back();
        return true;
      });
  if (!complete) return std::nullopt;
  return runs;
}

std::optional<std::vector<std::string>> sub_literal_runs(const Value& call) {
  const Value::Entry* function = call.intrinsic();
  if (!function || function->key != "Fn::Sub") return std::nullopt;
  const Value& argument = function->value;
  const Value* text = argument.is_sequence() && !argument.items().empty() ? &argument.items().front() : &argument;
  if (!text->is_scalar()) return std::nullopt;
  return sub_literal_runs(text->text());
}

namespace {

// Appends `part`'s runs to `runs`: its first run continues the last one; false for a part
// whose text cannot be split so.
bool append_join_part(const Value& part, std::vector<std::string>& runs) {
  const Value::Entry* call = part.intrinsic();
  if (call && ((call->key == "Ref" && call->value.is_scalar()) || call->key == "Fn::GetAtt")) {
    runs.emplace_back();
    return true;
  }
  auto inner = literal_runs(part);
  if (!inner) return false;
  runs.back() += inner->front();
  runs.insert(runs.end(), std::make_move_iterator(inner->begin() + 1), std::make_move_iterator(inner->end()));
  return true;
}

}  // namespace

std::optional<std::vector<std::string>> join_literal_runs(const Value& call) {
  const Value::Entry* function = call.intrinsic();
  if (!function || function->key != "Fn::Join") return std::nullopt;
  const Value& arguments = function->value;
  if (!arguments.is_sequence() || arguments.items().size() != 2) return std::nullopt;
  auto delimiter = arguments.items()[0].as_string();
  const Value& parts = arguments.items()[1];
  if (!delimiter || !parts.is_sequence()) return std::nullopt;
  std::vector<std::string> runs(1);
  for (size_t i = 0; i < parts.items().size(); ++i) {
    if (i > 0) runs.back() += *delimiter;
    if (!append_join_part(parts.items()[i], runs)) return std::nullopt;
  }
  return runs;
}

std::optional<std::vector<std::string>> literal_runs(const Value& value) {
  if (auto text = value.as_string()) return std::vector<std::string>{std::string(*text)};
  const Value::Entry* call = value.intrinsic();
  if (call && call->key == "Fn::Join") return join_literal_runs(value);
  return sub_literal_runs(value);
}

std::optional<std::string> written_text(const Value& value) {
  auto runs = literal_runs(value);
  if (!runs) return std::nullopt;
  std::string joined;
  for (size_t i = 0; i < runs->size(); ++i) {
    if (i > 0) joined.push_back(kUnknownPart);
    joined.append((*runs)[i]);
  }
  return joined;
}

namespace {

// The name a Ref names, when the value is one; null otherwise.
const std::string* ref_name(const Value& value) {
  const Value::Entry* call = value.intrinsic();
  return call && call->key == "Ref" && call->value.is_scalar() ? &call->value.text() : nullptr;
}

// A value as compared for "the same": a scalar by its text ("false" and false are one),
// anything else by its JSON.
std::string comparable(const Value& value) {
  return value.is_scalar() && !value.is_null() ? value.text() : to_json_string(value);
}

bool all_same(const std::vector<const Value*>& values) {
  return std::all_of(values.begin(), values.end(),
                     [&](const Value* value) { return comparable(*value) == comparable(*values.front()); });
}

// Whether the entries a FindInMap reaches when its keys written as Refs take any value
// differ: the mapping `map` read at `top` then `second`, a null key standing for every key.
bool mapping_varies(const Value& map, const Value* top, const Value* second) {
  std::vector<const Value*> reached;
  for (const Value::Entry& first : map.entries()) {
    if (top && !(first.key == *top->as_string())) continue;
    if (!first.value.is_mapping()) return true;
    for (const Value::Entry& inner : first.value.entries())
      if (!second || inner.key == *second->as_string()) reached.push_back(&inner.value);
  }
  return !reached.empty() && !all_same(reached);
}

void add_deciding(const Value& value, const Value* mappings, std::vector<std::string>& names);

void select_deciding(const Value& args, const Value* mappings, std::vector<std::string>& names) {
  if (!args.is_sequence() || args.items().size() != 2) return;
  const Value& index = args.items()[0];
  const Value& list = args.items()[1];
  if (!list.is_sequence()) return add_deciding(list, mappings, names);  // a list parameter
  if (const std::string* chooser = ref_name(index)) {
    std::vector<const Value*> items;
    for (const Value& item : list.items()) items.push_back(&item);
    if (!items.empty() && !all_same(items)) names.push_back(*chooser);
    return;
  }
  auto text = index.as_string();
  auto position = text ? parse_integer(*text) : std::nullopt;
  if (position && *position >= 0 && static_cast<size_t>(*position) < list.items().size())
    add_deciding(list.items()[static_cast<size_t>(*position)], mappings, names);
}

void sub_deciding(const Value& args, const Value* mappings, std::vector<std::string>& names) {
  const Value& text = args.is_sequence() && !args.items().empty() ? args.items()[0] : args;
  if (!text.is_scalar()) return;
  auto used = sub_variable_names(text.text());
  if (used.size() != 1 || text.text() != "${" + std::string(used[0]) + "}") return;
  const Value* variables = args.is_sequence() && args.items().size() > 1 ? &args.items()[1] : nullptr;
  const Value* local = variables && variables->is_mapping() ? variables->find(used[0]) : nullptr;
  if (local) return add_deciding(*local, mappings, names);
  names.emplace_back(used[0]);
}

void join_deciding(const Value& args, const Value* mappings, std::vector<std::string>& names) {
  if (!args.is_sequence() || args.items().size() != 2 || !args.items()[1].is_sequence()) return;
  const auto& items = args.items()[1].items();
  const bool delimiter_shows = items.size() > 1 && !(args.items()[0].is_scalar() && args.items()[0].text().empty());
  const Value* part = nullptr;
  for (const Value& item : items) {
    if (item.is_scalar() && !item.is_null() && item.text().empty()) continue;
    if (part || item.is_scalar() || delimiter_shows) return;  // text around the part
    part = &item;
  }
  if (part) add_deciding(*part, mappings, names);
}

void find_in_map_deciding(const Value& args, const Value* mappings, std::vector<std::string>& names) {
  if (!args.is_sequence() || args.items().size() < 3 || !mappings) return;
  const Value* map = args.items()[0].as_string() ? mappings->find(*args.items()[0].as_string()) : nullptr;
  const Value& top = args.items()[1];
  const Value& second = args.items()[2];
  bool top_literal = top.as_string().has_value(), second_literal = second.as_string().has_value();
  if (!map || !map->is_mapping() || (!top_literal && !ref_name(top)) || (!second_literal && !ref_name(second))) return;
  if (!mapping_varies(*map, top_literal ? &top : nullptr, second_literal ? &second : nullptr)) return;
  for (const Value* key : {&top, &second})
    if (const std::string* name = ref_name(*key)) names.push_back(*name);
}

void add_deciding(const Value& value, const Value* mappings, std::vector<std::string>& names) {
  if (const std::string* name = ref_name(value)) return names.push_back(*name);
  const Value::Entry* call = value.intrinsic();
  if (!call) return;
  if (call->key == "Fn::Select") return select_deciding(call->value, mappings, names);
  if (call->key == "Fn::Sub") return sub_deciding(call->value, mappings, names);
  if (call->key == "Fn::Join") return join_deciding(call->value, mappings, names);
  if (call->key == "Fn::FindInMap") return find_in_map_deciding(call->value, mappings, names);
}

}  // namespace

std::vector<std::string> deciding_parameters(const Value& value, const Value* mappings) {
  std::vector<std::string> names;
  add_deciding(value, mappings, names);
  return names;
}

std::vector<std::string_view> sub_variable_names(std::string_view text) {
  std::vector<std::string_view> names;
  scan_sub(
      text, [](std::string_view) {},
      [&](std::string_view name) {
        names.push_back(name);
        return true;
      });
  return names;
}

std::string to_json_string(const Value& value) {
  std::string out;
  append_json(out, value);
  return out;
}

namespace {

bool is_list_of(const Value& argument, size_t least, size_t most) {
  return argument.is_sequence() && argument.items().size() >= least && argument.items().size() <= most;
}

bool is_text(const Value& value) { return value.is_scalar() && !value.is_null(); }

// An argument that must be a list: a literal one, or a call that may return one (a Ref to a
// list parameter, Fn::Split, Fn::GetAZs...).
bool is_list_or_call(const Value& value) { return value.is_sequence() || value.intrinsic(); }

// An argument that must be a string: a literal one, or a call that may return one.
bool is_text_or_call(const Value& value) { return is_text(value) || value.intrinsic(); }

// One value (a string, or a call that returns one), not a list or a mapping: a map name
// or key of Fn::FindInMap, an index of Fn::Select, an argument of Fn::Cidr.
bool is_single_value(const Value& value) { return value.is_scalar() || value.intrinsic(); }

// An operand of Fn::And, Fn::Or or Fn::Not: a condition function or {Condition: name}.
bool is_condition(const Value& value) {
  const Value::Entry* call = value.intrinsic();
  if (!call) return false;
  const std::string& name = call->key;
  return name == "Condition" || name == "Fn::Equals" || name == "Fn::And" || name == "Fn::Or" || name == "Fn::Not";
}

bool all_items(const Value& list, size_t from, size_t to, bool (*test)(const Value&)) {
  for (size_t i = from; i < to && i < list.items().size(); ++i)
    if (!test(list.items()[i])) return false;
  return true;
}

// Fn::FindInMap's fourth item (AWS::LanguageExtensions): {DefaultValue: value}.
bool is_default_value(const Value& value) {
  return value.is_mapping() && value.entries().size() == 1 && value.entries().front().key == "DefaultValue";
}

}  // namespace

std::optional<std::string_view> needs_language_extensions(const Value::Entry& call) {
  const std::string_view key = call.key;  // compared by length first: Ref leaves at once
  if (key == "Fn::Length" || key == "Fn::ToJsonString")
    return kTransformFunction;
  if (key == "Fn::FindInMap" && call.value.is_sequence() && call.value.items().size() == 4 &&
      is_default_value(call.value.items()[3]))
    return kTransformDefaultValue;
  return std::nullopt;
}

std::optional<std::string_view> wrong_shape(const Value::Entry& call) {
  const Value& argument = call.value;
  const std::string_view function = call.key;
  // Ref, the commonest call in the reference walk, leaves after one comparison; a call as
  // its argument is AWS::LanguageExtensions' (Ref: {Fn::Sub: ...}). Condition is not
  // judged: an IAM statement written with a Condition alone has its shape.
  if (function == "Ref") return is_single_value(argument) ? std::nullopt : std::optional("a logical name (a string)");
  if (!function.starts_with("Fn::")) return std::nullopt;
  // Fn::ForEach::Name is a loop's key in a section, not a call.
  if (!is_known_function(function) && !function.starts_with("Fn::ForEach::")) return kNoSuchFunction;
  if (argument.intrinsic()) return std::nullopt;
  if (function == "Fn::If") {
    if (is_list_of(argument, 3, 3) && is_text(argument.items()[0])) return std::nullopt;
    return "a list of a condition name and two values";
  }
  if (function == "Fn::Equals") return is_list_of(argument, 2, 2) ? std::nullopt : std::optional("a list of two values");
  if (function == "Fn::Not") {
    if (is_list_of(argument, 1, 1) && is_condition(argument.items()[0])) return std::nullopt;
    return "a list of one condition (a condition function or {Condition: name})";
  }
  if (function == "Fn::And" || function == "Fn::Or") {
    if (is_list_of(argument, 2, 10) && all_items(argument, 0, 10, is_condition)) return std::nullopt;
    return "a list of 2 to 10 conditions (condition functions or {Condition: name})";
  }
  if (function == "Fn::Select") {
    if (is_list_of(argument, 2, 2) && is_single_value(argument.items()[0]) && is_list_or_call(argument.items()[1]))
      return std::nullopt;
    return "a list of an index and a list";
  }
  // The delimiters of Join and Split take no function: a string as written.
  if (function == "Fn::Join") {
    if (is_list_of(argument, 2, 2) && argument.items()[0].is_scalar() && is_list_or_call(argument.items()[1]))
      return std::nullopt;
    return "a list of a delimiter (a string) and a list of values";
  }
  if (function == "Fn::Split") {
    if (is_list_of(argument, 2, 2) && argument.items()[0].is_scalar() && is_text_or_call(argument.items()[1]))
      return std::nullopt;
    return "a list of a delimiter (a string) and a string";
  }
  if (function == "Fn::FindInMap") {
    // AWS::LanguageExtensions adds a fourth item, {DefaultValue: value}.
    bool names = is_list_of(argument, 3, 4) && all_items(argument, 0, 3, is_single_value);
    if (names && (argument.items().size() == 3 || is_default_value(argument.items()[3]))) return std::nullopt;
    return "a list of a map name, a top-level key and a second-level key (each a string), and optionally "
           "{DefaultValue: value}";
  }
  if (function == "Fn::Cidr") {
    if (is_list_of(argument, 3, 3) && all_items(argument, 0, 3, is_single_value)) return std::nullopt;
    return "a list of an address block, a count and a number of subnet bits";
  }
  if (function == "Fn::GetAtt") {
    // `!GetAtt` alone names nothing: template-undefined-reference's empty name.
    if (argument.is_scalar() && argument.text().empty()) return std::nullopt;
    // [LogicalId, Attribute]: each a string, or a call (a Ref for the attribute; any
    // function for either under AWS::LanguageExtensions).
    if (is_list_of(argument, 2, 2) && all_items(argument, 0, 2, is_single_value)) return std::nullopt;
    if (is_text(argument) && argument.text().find('.') != std::string::npos) return std::nullopt;
    return "a logical id and an attribute name: a list of the two, or \"LogicalId.Attribute\"";
  }
  if (function == "Fn::GetStackOutput") {
    // {StackName, OutputName, and optionally Region and RoleArn}, each one value.
    bool shaped = argument.is_mapping() && argument.find("StackName") && argument.find("OutputName");
    for (const Value::Entry& entry : argument.entries()) {
      bool known = entry.key == "StackName" || entry.key == "OutputName" || entry.key == "Region" || entry.key == "RoleArn";
      shaped = shaped && known && is_single_value(entry.value);
    }
    if (shaped) return std::nullopt;
    return "a mapping of StackName and OutputName (each a string), and optionally Region and RoleArn";
  }
  if (function == "Fn::Sub") {
    if (is_text(argument)) return std::nullopt;
    const bool text_and_variables = is_list_of(argument, 2, 2) && !argument.items()[0].is_sequence() &&
                                    !argument.items()[0].is_null() && argument.items()[1].is_mapping();
    if (text_and_variables) return std::nullopt;
    return "a string, or a list of a string and a map of variables";
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------
// Canonical text of a name-valued property.

std::string escape_literal(std::string_view text) {
  std::string escaped;
  for (size_t i = 0; i < text.size(); ++i) {
    escaped += text[i];
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') {
      escaped += "{!";
      ++i;
    }
  }
  return escaped;
}

namespace {

std::optional<std::string> get_att_key(const Value& argument) {
  if (argument.is_scalar()) return "${" + argument.text() + "}";
  const auto& items = argument.items();
  if (items.size() != 2 || !items[0].is_scalar() || !items[1].is_scalar()) return std::nullopt;
  return "${" + items[0].text() + "." + items[1].text() + "}";
}

// "text", or [text] / [text, {Var: value}]: each ${Var} the map binds becomes its value's
// key (["/aws/lambda/${Fn}", {Fn: !Ref Worker}] is "/aws/lambda/${Worker}"), a value
// without one leaves the Sub uncompared, and ${ Name } is ${Name}, as CloudFormation reads it.
std::optional<std::string> sub_key(const Value& argument) {
  const Value* text_value = argument.is_scalar() ? &argument : nullptr;
  const Value* variables = nullptr;
  if (!argument.is_scalar()) {
    const auto& items = argument.items();
    if (items.empty() || !items[0].is_scalar()) return std::nullopt;
    text_value = &items[0];
    if (items.size() > 1) variables = &items[1];
  }
  std::string_view text = text_value->text();
  bool blank_in_braces = text.find("${ ") != std::string_view::npos || text.find("${\t") != std::string_view::npos ||
                         text.find(" }") != std::string_view::npos || text.find("\t}") != std::string_view::npos;
  if (!variables && !blank_in_braces) return std::string(text);  // the common case: the text is its key
  bool uncompared = false;
  auto key_of = [&](std::string_view name) -> std::optional<std::string> {
    const Value* bound = variables ? variables->find(name) : nullptr;
    if (!bound) return std::nullopt;  // kept as ${Name}
    auto part = canonical_text(*bound);
    uncompared = uncompared || !part;
    return part;
  };
  auto key = substitute_some(text, key_of);
  if (uncompared) return std::nullopt;
  return key;
}

// Fn::Select [index, list] of a list with a key: the same selection gives the same key.
// (A loop over a list not known before deployment names its resources this way.)
std::optional<std::string> select_key(const Value& argument) {
  const auto& items = argument.items();
  if (items.size() != 2 || !items[0].is_scalar()) return std::nullopt;
  auto list = canonical_text(items[1]);
  if (!list) return std::nullopt;
  return "${Fn::Select[" + items[0].text() + "," + *list + "]}";
}

std::optional<std::string> join_key(const Value& argument) {
  const auto& items = argument.items();
  if (items.size() != 2 || !items[0].is_scalar() || !items[1].is_sequence()) return std::nullopt;
  std::string joined;
  for (size_t i = 0; i < items[1].items().size(); ++i) {
    auto part = canonical_text(items[1].items()[i]);
    if (!part) return std::nullopt;
    if (i > 0) joined += escape_literal(items[0].text());
    joined += *part;
  }
  return joined;
}

}  // namespace

std::optional<std::string> canonical_text(const Value& value) {
  if (value.is_scalar()) {
    if (value.is_null()) return std::nullopt;
    return escape_literal(value.text());
  }
  const Value::Entry* call = value.intrinsic();
  if (!call) return std::nullopt;
  if (call->key == "Ref" && call->value.is_scalar()) return "${" + call->value.text() + "}";
  if (call->key == "Fn::GetAtt") return get_att_key(call->value);
  if (call->key == "Fn::Sub") return sub_key(call->value);
  if (call->key == "Fn::Join") return join_key(call->value);
  if (call->key == "Fn::Select") return select_key(call->value);
  return std::nullopt;
}


}  // namespace cfn::intrinsics
