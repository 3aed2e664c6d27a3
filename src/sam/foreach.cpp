// Fn::ForEach expansion (AWS::LanguageExtensions). See foreach.h for the contract.
#include "sam/foreach.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "eval/intrinsics.h"
#include "model/template.h"
#include "sam/values.h"

namespace cfn {
namespace {

constexpr std::string_view kForEachPrefix = "Fn::ForEach::";
constexpr size_t kMaxGeneratedEntries = 100'000;  // keeps nested loops from exploding
constexpr size_t kMaxDepth = 64;                  // nesting of loops and value copies

bool is_foreach_key(std::string_view key) {
  return key.size() > kForEachPrefix.size() && key.substr(0, kForEachPrefix.size()) == kForEachPrefix;
}

std::optional<std::string_view> scalar_text(const Value* value) {
  if (!value || !value->is_scalar()) return std::nullopt;
  return value->as_string();
}

std::string trim(std::string_view text) {
  size_t begin = 0, end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  return std::string(text.substr(begin, end - begin));
}

std::string alphanumeric(std::string_view text) {
  std::string out;
  for (char c : text)
    if (std::isalnum(static_cast<unsigned char>(c))) out.push_back(c);
  return out;
}

// One collection item bound to a loop identifier; or, for a collection the template does
// not say (a list parameter without a value, a function of run-time values), a stand-in for
// every item, so that the loop's body is still read and checked once.
struct Binding {
  std::string identifier;
  std::string dollar;     // "${Identifier}"
  std::string ampersand;  // "&{Identifier}"
  std::string text;       // what ${Identifier} becomes: the item, or "{Identifier}"
  std::string stripped;   // what &{Identifier} becomes: the item without non-alphanumerics
  Value ref;              // what {Ref: Identifier} becomes: the item, or an unknown value

  Binding(std::string id, const Value& item)
      : identifier(std::move(id)), dollar("${" + identifier + "}"), ampersand("&{" + identifier + "}"),
        text(item.text()), stripped(alphanumeric(item.text())), ref(item) {}

  // The stand-in: "{Identifier}" in text (the generated logical ids read Queue{Name}, and
  // references between the loop's resources still meet), and the collection's first item,
  // {Fn::Select: [0, Collection]}, for a Ref: unknown, so never judged as a literal.
  static Binding unknown_item(std::string id, const Value& collection) {
    Range range = collection.range();
    Binding binding(std::move(id), Value::scalar("", false));
    binding.text = binding.stripped = "{" + binding.identifier + "}";
    binding.ref = sam::call("Fn::Select", sam::sequence_of({sam::plain("0", range), collection}, range), range);
    return binding;
  }

  std::string apply(std::string value_text) const {
    if (value_text.find('{') == std::string::npos) return value_text;
    replace_all(value_text, dollar, text);
    replace_all(value_text, ampersand, stripped);
    return value_text;
  }

  bool unknown() const { return ref.is_mapping(); }
  bool appears_in(std::string_view value_text) const {
    return value_text.find(dollar) != std::string_view::npos || value_text.find(ampersand) != std::string_view::npos;
  }
};

// Where a text stands: a Value is data the rules read; a Name is a logical id or a
// condition's name (a Ref or GetAtt argument, DependsOn, Condition), which for an unknown
// collection keeps the stand-in "{Identifier}" so that references between the loop's
// resources still meet.
enum class TextPlace : uint8_t { Value, Name };

Value with_range(Value value, Range range) {
  value.set_range(range);
  return value;
}

// {Fn::Sub: text}, or {Fn::Sub: [text, variables]} with the variables given.
Value sub_call(Value text, std::optional<Value> variables, Range range) {
  if (!variables) return sam::call("Fn::Sub", std::move(text), range);
  return sam::call("Fn::Sub", sam::sequence_of({std::move(text), std::move(*variables)}, range), range);
}

// A Sub's variable map with the identifier bound to the unknown item (a variable of the
// same name written there already wins).
void bind_unknown_item(Value& variables, const Binding& binding, Range range) {
  if (variables.is_mapping() && !variables.find(binding.identifier))
    variables.entries().push_back({binding.identifier, range, with_range(binding.ref, range)});
}

// A text in a value position that holds an unknown item: a Fn::Sub of the same text that
// binds the identifier to the unknown item in its own variable map ("orders-${Tenant}" is
// {Fn::Sub: ["orders-${Tenant}", {Tenant: <unknown>}]}), so no rule reads "{Tenant}" as a
// value and rules still read the literal text around it. &{Tenant} becomes ${Tenant} too,
// and any other "${" is escaped, as the string held it literally.
Value unknown_text(const Value& scalar, const Binding& binding) {
  if (scalar.text() == binding.dollar || scalar.text() == binding.ampersand) return with_range(binding.ref, scalar.range());
  std::string text;
  std::string_view rest = scalar.text();
  while (!rest.empty()) {
    if (rest.starts_with(binding.dollar) || rest.starts_with(binding.ampersand)) {
      text += binding.dollar;
      rest.remove_prefix(binding.dollar.size());
    } else if (rest.starts_with("${")) {
      text += "${!";
      rest.remove_prefix(2);
    } else {
      text += rest.front();
      rest.remove_prefix(1);
    }
  }
  Value variables = Value::mapping(scalar.range());
  bind_unknown_item(variables, binding, scalar.range());
  return sub_call(Value::scalar(std::move(text), true, scalar.range()), std::move(variables), scalar.range());
}

// A Fn::Sub text holding an unknown item: each ${Identifier} outside another variable stays
// a variable that the Sub's own map binds to the unknown item; inside one
// (${Queue${Tenant}.Arn}) and as &{Identifier} it is the name stand-in.
Value unknown_sub(const Value& call, const Value& text, const Value* variables, const Binding& binding) {
  std::string out;
  std::string_view rest = text.text();
  size_t depth = 0;
  bool bound = false;
  while (!rest.empty()) {
    if (rest.starts_with(binding.dollar)) {
      out += depth == 0 ? binding.dollar : binding.text;
      bound = bound || depth == 0;
      rest.remove_prefix(binding.dollar.size());
    } else if (rest.starts_with(binding.ampersand)) {
      out += binding.stripped;
      rest.remove_prefix(binding.ampersand.size());
    } else {
      if (rest.starts_with("${") && !rest.starts_with("${!")) ++depth;
      if (rest.front() == '}' && depth > 0) --depth;
      out += rest.front();
      rest.remove_prefix(1);
    }
  }
  std::optional<Value> map;
  if (variables) map = *variables;
  if (bound) {
    if (!map) map = Value::mapping(call.range());
    bind_unknown_item(*map, binding, call.range());
  }
  return sub_call(Value::scalar(std::move(out), text.quoted(), text.range()), std::move(map), call.range());
}

// The Fn::Sub call `value`'s text and variables, when it is one whose text holds the
// binding's identifier; null otherwise.
std::pair<const Value*, const Value*> sub_with_identifier(const Value& value, const Binding& binding) {
  if (value.entries().size() != 1 || value.entries()[0].key != "Fn::Sub") return {nullptr, nullptr};
  const Value& argument = value.entries()[0].value;
  const Value* text = argument.is_sequence() && !argument.items().empty() ? &argument.items()[0] : &argument;
  const Value* variables = argument.is_sequence() && argument.items().size() > 1 ? &argument.items()[1] : nullptr;
  if (!text->is_scalar() || !binding.appears_in(text->text())) return {nullptr, nullptr};
  return {text, variables};
}

Value substitute(const Value& value, const Binding& binding, TextPlace position = TextPlace::Value);

// Keys whose value SAM reads as text before anything resolves it: an event's Path and
// Method, a function's AutoPublishAlias. Over an unknown collection they keep the name
// stand-in (`/{Name}`, a path parameter's shape), not a Fn::Sub SAM would reject. They
// name things; no rule judges them as values.
bool is_sam_text_key(std::string_view key) { return key == "Path" || key == "Method" || key == "AutoPublishAlias"; }

// A copy of a mapping with the binding applied to its keys and values.
Value substitute_mapping(const Value& value, const Binding& binding, TextPlace position) {
  if (value.entries().size() == 1) {
    const Value::Entry& only = value.entries()[0];
    if (only.key == "Ref") {
      auto name = scalar_text(&only.value);
      if (name && *name == binding.identifier) return with_range(binding.ref, value.range());
    }
    if (binding.unknown() && position == TextPlace::Value) {
      auto [text, variables] = sub_with_identifier(value, binding);
      if (text) {
        Value bound_variables = variables ? substitute(*variables, binding, position) : Value();
        return unknown_sub(value, *text, variables ? &bound_variables : nullptr, binding);
      }
    }
  }
  Value out = Value::mapping(value.range());
  out.entries().reserve(value.entries().size());
  for (const Value::Entry& entry : value.entries()) {
    // A condition's name: a resource's Condition, {Condition: Name}, an Fn::If's first
    // argument. A Condition that is a mapping is an IAM statement's condition block: values.
    bool names = entry.key == "Ref" || entry.key == "Fn::GetAtt" || entry.key == "DependsOn" ||
                 (entry.key == "Condition" && entry.value.is_scalar()) || is_sam_text_key(entry.key);
    Value substituted = substitute(entry.value, binding, names ? TextPlace::Name : position);
    if (entry.key == "Fn::If" && entry.value.is_sequence() && !entry.value.items().empty())
      substituted.items().front() = substitute(entry.value.items().front(), binding, TextPlace::Name);
    out.entries().push_back({binding.apply(entry.key), entry.key_range, std::move(substituted)});
  }
  return out;
}

// A copy of `value` with the binding applied.
Value substitute(const Value& value, const Binding& binding, TextPlace position) {
  switch (value.kind()) {
    case Value::Kind::Scalar: {
      if (value.is_null()) return value;
      if (binding.unknown() && position == TextPlace::Value && binding.appears_in(value.text()))
        return unknown_text(value, binding);
      // Text the loop filled in is a string, whatever it reads as: `!Sub ${Name}` over the
      // item "" is the empty string, not a YAML null.
      std::string text = binding.apply(value.text());
      bool filled_in = text != value.text();
      return Value::scalar(std::move(text), value.quoted() || filled_in, value.range());
    }
    case Value::Kind::Sequence: {
      Value out = Value::sequence(value.range());
      out.items().reserve(value.items().size());
      for (const Value& item : value.items()) out.items().push_back(substitute(item, binding, position));
      return out;
    }
    case Value::Kind::Mapping:
      return substitute_mapping(value, binding, position);
  }
  return value;
}

class Expander {
 public:
  Expander(const Value& root, const ParameterValues& given, std::vector<Diagnostic>& diagnostics)
      : parameters_(root.find("Parameters")), mappings_(root.find("Mappings")), given_(given),
        diagnostics_(diagnostics) {}

  // Expands the ForEach entries of one mapping in place (nested loops included).
  void expand_mapping(Value& mapping, const std::string& path) {
    if (!mapping.is_mapping()) return;
    bool any = false;
    for (const Value::Entry& entry : mapping.entries()) any = any || is_foreach_key(entry.key);
    if (!any) return;
    mapping.entries() = expand_entries(std::move(mapping.entries()), path, 0);
  }

  // Expands ForEach entries in every mapping under `value` (resource properties).
  void expand_deep(Value& value, const std::string& path, size_t depth = 0) {
    if (depth > kMaxDepth) return;
    if (value.is_mapping()) {
      expand_mapping(value, path);
      for (Value::Entry& entry : value.entries()) expand_deep(entry.value, path + "." + entry.key, depth + 1);
    } else if (value.is_sequence()) {
      for (size_t i = 0; i < value.items().size(); ++i)
        expand_deep(value.items()[i], path + "[" + std::to_string(i) + "]", depth + 1);
    }
  }

  // A resource's Condition written as Fn::FindInMap (AWS's NAT gateway loop example:
  // `Condition: !FindInMap [Gateways, !Ref Zone, Condition]`) is the condition's name the
  // map gives; AWS::LanguageExtensions resolves it so. The name keeps the range of the
  // Mappings value that writes it (where a misspelt one is reported). Left as written when
  // not found.
  void fold_mapped_conditions(Value& resources) {
    for (Value::Entry& resource : resources.entries()) {
      if (!resource.value.is_mapping()) continue;
      for (Value::Entry& attribute : resource.value.entries()) {
        const Value::Entry* call = attribute.key == "Condition" ? attribute.value.intrinsic() : nullptr;
        const Value* found = call && call->key == "Fn::FindInMap" ? mapped_value(call->value) : nullptr;
        if (auto name = scalar_text(found)) attribute.value = Value::scalar(std::string(*name), true, found->range());
      }
    }
  }

 private:
  std::vector<Value::Entry> expand_entries(std::vector<Value::Entry> entries, const std::string& path,
                                           size_t depth) {
    std::vector<Value::Entry> out;
    out.reserve(entries.size());
    for (Value::Entry& entry : entries) {
      if (!is_foreach_key(entry.key) || depth > kMaxDepth) {
        out.push_back(std::move(entry));
        continue;
      }
      std::optional<std::vector<Value::Entry>> generated = expand_loop(entry, path);
      if (!generated) {
        out.push_back(std::move(entry));
        continue;
      }
      for (Value::Entry& produced : expand_entries(std::move(*generated), path, depth + 1))
        out.push_back(std::move(produced));
    }
    return out;
  }

  void invalid(const Value::Entry& entry, const std::string& path, const std::string& why) {
    std::string loop = entry.key.substr(kForEachPrefix.size());
    diagnostics_.push_back({"template-invalid-structure", entry.key_range,
                            "Fn::ForEach loop '" + loop + "' " + why, loop, path + "." + entry.key});
  }

  // The loop's items, or nullopt when the collection is unknown (nothing to report).
  // Sets `bad` when the collection has the wrong shape.
  // `lists`: the loop has several identifiers, whose items are lists of scalars.
  std::optional<std::vector<const Value*>> collection(const Value& value, bool& bad, bool lists = false) {
    std::vector<const Value*> items;
    auto known_scalar = [](const Value& item) { return item.is_scalar() && !item.is_null(); };
    if (value.is_sequence()) {
      for (const Value& item : value.items()) {
        bool known = lists ? item.is_sequence() && std::all_of(item.items().begin(), item.items().end(), known_scalar)
                           : known_scalar(item);
        if (!known) return std::nullopt;  // e.g. an intrinsic: unknown
        items.push_back(&item);
      }
      return items;
    }
    if (!value.is_mapping() || !value.intrinsic()) {
      bad = true;
      return std::nullopt;
    }
    const Value::Entry* call = value.intrinsic();
    if (call->key == "Fn::FindInMap") return mapped_list(call->value, bad, lists);
    if (call->key == "Fn::Split" && !lists) return split_items(call->value);
    if (call->key != "Ref") return std::nullopt;  // Fn::GetAZs, Fn::ImportValue...: unknown here
    auto name = scalar_text(&call->value);
    const Value* parameter = name ? declared_parameter(*name) : nullptr;
    if (!parameter) return std::nullopt;
    if (!is_list_parameter(*parameter)) return std::nullopt;
    if (const std::string* passed = given_value(*name)) return split_list(*passed, call->value.range());
    const Value* fallback = parameter->find("Default");
    if (!fallback) return std::nullopt;
    if (fallback->is_sequence()) return collection(*fallback, bad, lists);
    auto text = scalar_text(fallback);
    if (!text) return std::nullopt;
    return split_list(*text, fallback->range());
  }

  // What Fn::FindInMap [Map, Key, Key] finds in Mappings, each name literal or a Ref to a
  // parameter with a value (given, or its Default), as !FindInMap [Buckets, !Ref
  // Environment, Names] is; null when it finds nothing.
  const Value* mapped_value(const Value& arguments) const {
    if (!arguments.is_sequence() || arguments.items().size() != 3 || !mappings_) return nullptr;
    const Value* found = mappings_;
    for (const Value& step : arguments.items()) {
      auto name = map_key(step);
      if (!name || !found->is_mapping()) return nullptr;
      found = found->find(*name);
      if (!found) return nullptr;
    }
    return found;
  }

  // A text: literal, a pseudo parameter given for the scan (AWS::Region=...), or a
  // parameter's value (given, else its Default). A list parameter is a list, not a text.
  std::optional<std::string> map_key(const Value& step) const {
    if (auto text = scalar_text(&step)) return std::string(*text);
    const Value::Entry* call = step.intrinsic();
    auto name = call && call->key == "Ref" ? scalar_text(&call->value) : std::nullopt;
    if (!name) return std::nullopt;
    if (name->starts_with("AWS::")) {
      const std::string* passed = given_value(*name);
      return passed ? std::optional<std::string>(*passed) : std::nullopt;
    }
    const Value* parameter = declared_parameter(*name);
    if (!parameter || is_list_parameter(*parameter)) return std::nullopt;
    if (const std::string* passed = given_value(*name)) return *passed;
    auto fallback = scalar_text(parameter->find("Default"));
    if (!fallback) return std::nullopt;
    return std::string(*fallback);
  }

  // A list parameter whose Default is the list (not an SSM parameter's name).
  static bool is_list_parameter(const Value& parameter) {
    auto type = scalar_text(parameter.find("Type"));
    return type && is_list_parameter_type(*type) && !is_ssm_parameter_type(*type);
  }

  // The Parameters entry declaring `name` (a mapping), or null.
  const Value* declared_parameter(std::string_view name) const {
    const Value* parameter = parameters_ && parameters_->is_mapping() ? parameters_->find(name) : nullptr;
    return parameter && parameter->is_mapping() ? parameter : nullptr;
  }

  // The value given for the scan (--parameter): it stands for the deployment's, over the
  // parameter's Default. Null when none was given.
  const std::string* given_value(std::string_view name) const {
    auto passed = given_.values.find(name);
    return passed != given_.values.end() ? &passed->second : nullptr;
  }

  // Fn::Split [Delimiter, Text] of literal text, or of a parameter's value (given, else
  // its Default): the pieces, untrimmed, as Fn::Split gives them.
  std::optional<std::vector<const Value*>> split_items(const Value& arguments) {
    if (!arguments.is_sequence() || arguments.items().size() != 2) return std::nullopt;
    auto delimiter = scalar_text(&arguments.items()[0]);
    auto text = map_key(arguments.items()[1]);
    if (!delimiter || delimiter->empty() || !text) return std::nullopt;
    return split_list(*text, arguments.items()[1].range(), *delimiter, false);
  }

  // A comma-separated list's items, trimmed (a list parameter's), or a text's pieces
  // between `delimiter`. They have no source text of their own: they get the range of what
  // holds the list (the Default, or the Ref for a value given to the scan).
  std::vector<const Value*> split_list(std::string_view text, Range range, std::string_view delimiter = ",",
                                       bool trimmed = true) {
    owned_.emplace_back();
    std::vector<Value>& split = owned_.back();
    for (std::string& piece : intrinsics::split(text, delimiter).value_or(std::vector<std::string>{std::string(text)}))
      split.push_back(Value::scalar(trimmed ? trim(piece) : std::move(piece), true, range));
    std::vector<const Value*> items;
    for (const Value& item : split) items.push_back(&item);
    return items;
  }

  // Fn::FindInMap [Map, Key, Key], when the Mappings entry is a list.
  std::optional<std::vector<const Value*>> mapped_list(const Value& arguments, bool& bad, bool lists) {
    const Value* found = mapped_value(arguments);
    if (!found || !found->is_sequence()) return std::nullopt;
    return collection(*found, bad, lists);
  }

  std::optional<std::vector<Value::Entry>> expand_loop(const Value::Entry& entry, const std::string& path) {
    const Value& loop = entry.value;
    if (!loop.is_sequence() || loop.items().size() != 3) {
      invalid(entry, path, "must be a list of three items: an identifier, a collection and an output mapping.");
      return std::nullopt;
    }
    std::vector<std::string> ids = identifiers(loop.items()[0]);
    if (ids.empty()) {
      invalid(entry, path, "must name its identifier as a string, or its identifiers as a list of strings (the first item).");
      return std::nullopt;
    }
    const Value& fragment = loop.items()[2];
    if (!fragment.is_mapping() || fragment.entries().empty()) {
      invalid(entry, path, "must have a non-empty mapping of output keys to values (the third item).");
      return std::nullopt;
    }
    for (const Value::Entry& output : fragment.entries()) {
      if (is_foreach_key(output.key)) continue;
      auto names_one = [&](const std::string& id) {
        return output.key.find("${" + id + "}") != std::string::npos || output.key.find("&{" + id + "}") != std::string::npos;
      };
      if (std::none_of(ids.begin(), ids.end(), names_one)) {
        invalid(entry, path, "has output key '" + output.key + "' without ${" + ids[0] + "} or &{" + ids[0] + "}.");
        return std::nullopt;
      }
    }
    const Value& source = loop.items()[1];
    std::vector<std::vector<Binding>> bindings;
    if (ids.size() == 2 && source.is_mapping() && !source.intrinsic()) {
      bindings = bind_entries(ids, source);
    } else {
      bool bad = false;
      auto items = collection(source, bad, ids.size() > 1);
      if (bad) {
        invalid(entry, path, "must have a list or a Ref to a list parameter as its collection (the second item).");
        return std::nullopt;
      }
      bindings = bind(ids, items, source);
    }
    if (generated_ + bindings.size() * fragment.entries().size() > kMaxGeneratedEntries) {
      // Said once: every loop after the limit would say it again (thousands of times for
      // the inner loop of a nested one), and the template is rejected either way.
      if (!limit_reported_)
        invalid(entry, path, "generates more than " + std::to_string(kMaxGeneratedEntries) + " entries.");
      limit_reported_ = true;
      return std::nullopt;
    }
    std::vector<Value::Entry> out;
    for (const std::vector<Binding>& each : bindings) {
      for (const Value::Entry& output : fragment.entries()) {
        Value::Entry generated{output.key, output.key_range, output.value};
        for (const Binding& binding : each) {
          generated.key = binding.apply(generated.key);
          generated.value = substitute(generated.value, binding);
        }
        out.push_back(std::move(generated));
      }
    }
    generated_ += out.size();
    return out;
  }

  // The loop's identifier, or its identifiers: `Name`, or `[Name, Port]` over a list of
  // lists or a mapping (cfn-lint accepts these forms, which the CloudFormation
  // documentation did not show when this was written); each may be a Ref to a String
  // parameter, named by its value. Empty when the first item is none of these.
  std::vector<std::string> identifiers(const Value& first) const {
    if (!first.is_sequence()) {
      auto one = identifier_name(first);
      return one ? std::vector<std::string>{*one} : std::vector<std::string>{};
    }
    std::vector<std::string> ids;
    for (const Value& item : first.items()) {
      auto id = identifier_name(item);
      if (!id) return {};
      ids.push_back(std::move(*id));
    }
    return ids;
  }

  std::optional<std::string> identifier_name(const Value& written) const {
    auto text = scalar_text(&written);
    if (!text) {
      const Value::Entry* call = written.intrinsic();
      auto name = call && call->key == "Ref" ? scalar_text(&call->value) : std::nullopt;
      if (!name) return std::nullopt;
      if (const std::string* passed = given_value(*name))
        return passed->empty() ? std::nullopt : std::optional<std::string>(*passed);
      const Value* parameter = declared_parameter(*name);
      text = parameter ? scalar_text(parameter->find("Default")) : std::nullopt;
    }
    if (!text || text->empty()) return std::nullopt;
    return std::string(*text);
  }

  // One iteration with every identifier a stand-in for an item of `collection`.
  static std::vector<std::vector<Binding>> stand_ins(const std::vector<std::string>& ids, const Value& collection) {
    std::vector<Binding> each;
    for (const std::string& id : ids) each.push_back(Binding::unknown_item(id, collection));
    return {std::move(each)};
  }

  // Two identifiers over a mapping: the key, then its value, for each entry.
  static std::vector<std::vector<Binding>> bind_entries(const std::vector<std::string>& ids, const Value& source) {
    std::vector<std::vector<Binding>> sets;
    for (const Value::Entry& item : source.entries()) {
      if (!item.value.is_scalar() || item.value.is_null()) return stand_ins(ids, source);
      sets.push_back({Binding(ids[0], Value::scalar(item.key, true, item.key_range)), Binding(ids[1], item.value)});
    }
    return sets;
  }

  // One set of bindings per iteration. Several identifiers take an item's elements in
  // order when every item is a list of as many; any other collection (unknown, or of
  // another shape, whose reading is not documented) expands once with every identifier a
  // stand-in, so that nothing is reported from a guess. (collection() has checked that
  // the items of a list of lists are known scalars.)
  static std::vector<std::vector<Binding>> bind(const std::vector<std::string>& ids,
                                                const std::optional<std::vector<const Value*>>& items,
                                                const Value& collection) {
    if (!items) return stand_ins(ids, collection);
    std::vector<std::vector<Binding>> sets;
    for (const Value* item : *items) {
      if (ids.size() == 1) {
        sets.push_back({Binding(ids[0], *item)});
        continue;
      }
      if (!item->is_sequence() || item->items().size() != ids.size()) return stand_ins(ids, collection);
      std::vector<Binding> each;
      for (size_t k = 0; k < ids.size(); ++k) each.emplace_back(ids[k], item->items()[k]);
      sets.push_back(std::move(each));
    }
    return sets;
  }

  const Value* parameters_;
  const Value* mappings_;
  const ParameterValues& given_;
  std::vector<Diagnostic>& diagnostics_;
  std::vector<std::vector<Value>> owned_;  // split parameter defaults, alive while expanding
  size_t generated_ = 0;
  bool limit_reported_ = false;
};

Value* section(Value& root, std::string_view name) {
  for (Value::Entry& entry : root.entries())
    if (entry.key == name) return entry.value.is_mapping() ? &entry.value : nullptr;
  return nullptr;
}

// The text a {Fn::Sub: "text"} spells when nothing is left in it to substitute (a loop's
// "${Name}Bucket" once the item is in); nullopt for any other value.
std::optional<std::string> spelled_text(const Value& value) {
  const Value::Entry* call = value.intrinsic();
  if (!call || call->key != "Fn::Sub" || !call->value.is_scalar() || call->value.is_null()) return std::nullopt;
  if (call->value.text().find("${") != std::string::npos) return std::nullopt;
  return call->value.text();
}

bool holds_spelled_text(const Value& value) {
  if (value.known_to_contain_intrinsic() == false) return false;
  if (spelled_text(value)) return true;
  if (value.is_sequence()) return std::any_of(value.items().begin(), value.items().end(), holds_spelled_text);
  return std::any_of(value.entries().begin(), value.entries().end(),
                     [](const Value::Entry& entry) { return holds_spelled_text(entry.value); });
}

// AWS::LanguageExtensions resolves what it can before CloudFormation (and SAM) read the
// template, in a Ref or a Fn::GetAtt's logical id too, where CloudFormation takes no
// function: once a loop put its item in, {Fn::Sub: "${Name}Bucket"} is the text
// "uploadsBucket", and SAM reads an event's Bucket, RestApiId or Path so. A Sub with
// nothing left to substitute is that text anyway. Only subtrees holding one are touched
// (copy on write keeps the rest shared).
void fold_spelled_text(Value& value) {
  if (!holds_spelled_text(value)) return;
  if (auto text = spelled_text(value)) {
    Range at = value.intrinsic()->value.range();
    value = Value::scalar(std::move(*text), true, at);
    return;
  }
  if (value.is_sequence()) {
    for (Value& item : value.items()) fold_spelled_text(item);
  } else {
    for (Value::Entry& entry : value.entries()) fold_spelled_text(entry.value);
  }
}

}  // namespace

bool declares_language_extensions(const Value& root) {
  const Value* transform = root.is_mapping() ? root.find("Transform") : nullptr;
  if (!transform) return false;
  if (auto name = scalar_text(transform)) return *name == kLanguageExtensions;
  if (!transform->is_sequence()) return false;
  for (const Value& item : transform->items())
    if (auto name = scalar_text(&item); name && *name == kLanguageExtensions) return true;
  return false;
}

Document expand_foreach(Document document, const ParameterValues& given) {
  if (!document.root || !declares_language_extensions(*document.root)) return document;
  Value& root = *document.root;
  Expander expander(root, given, document.diagnostics);
  if (Value* conditions = section(root, "Conditions")) expander.expand_mapping(*conditions, "Conditions");
  if (Value* resources = section(root, "Resources")) {
    expander.expand_mapping(*resources, "Resources");
    for (Value::Entry& resource : resources->entries()) {
      if (!resource.value.is_mapping()) continue;
      for (Value::Entry& attribute : resource.value.entries())
        if (attribute.key == "Properties")
          expander.expand_deep(attribute.value, "Resources." + resource.key + ".Properties");
    }
  }
  if (Value* outputs = section(root, "Outputs")) expander.expand_mapping(*outputs, "Outputs");
  for (std::string_view name : {"Conditions", "Resources", "Outputs"})
    if (Value* found = section(root, name)) fold_spelled_text(*found);
  if (Value* resources = section(root, "Resources")) expander.fold_mapped_conditions(*resources);
  return document;
}

}  // namespace cfn
