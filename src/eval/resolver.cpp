// Rewriting values: the traversal and one function per intrinsic. Condition functions
// and assumptions are in conditions.cpp.
#include "eval/resolver.h"

#include <algorithm>
#include <charconv>

#include "eval/intrinsics.h"

namespace cfn::eval_detail {

namespace {

// The call as written: what an unknown intrinsic leaves in place.
Value left_in_place(const Value& call) { return call; }

// The call with its arguments replaced by their resolved form (the call itself when
// none of them changed).
Value left_in_place(const Value& call, const Value::Entry& function, Value arguments) {
  if (arguments.is_unchanged_copy_of(function.value)) return call;
  Value out = Value::mapping(call.range());
  out.entries().push_back(Value::Entry{function.key, function.key_range, std::move(arguments)});
  return out;
}

Value left_in_place(const Value& call, const Value::Entry& function, std::vector<Value> arguments) {
  const std::vector<Value>& written = function.value.items();
  if (arguments.size() == written.size() &&
      std::equal(arguments.begin(), arguments.end(), written.begin(),
                 [](const Value& now, const Value& before) { return now.is_unchanged_copy_of(before); })) {
    return call;
  }
  Value list = Value::sequence(function.value.range());
  list.items() = std::move(arguments);
  return left_in_place(call, function, std::move(list));
}

std::optional<long long> known_integer(const Value& value) {
  auto text = known_string(value);
  if (!text) return std::nullopt;
  long long number = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), number);
  if (error != std::errc() || end != text->data() + text->size()) return std::nullopt;
  return number;
}

bool is_fn_if(const Value& value) {
  const Value::Entry* function = value.intrinsic();
  return function && function->key == "Fn::If";
}

// Mapping lookup in the Mappings section; null when any level is missing.
const Value* find_mapping_value(const Value* mappings, std::string_view map, std::string_view top,
                                std::string_view second) {
  const Value* level = mappings ? mappings->find(map) : nullptr;
  level = level && level->is_mapping() ? level->find(top) : nullptr;
  level = level && level->is_mapping() ? level->find(second) : nullptr;
  return level;
}

// `collection` (a list or a mapping) with only its first `count` children, room for all.
Value first_children(const Value& collection, size_t count) {
  const auto prefix = static_cast<std::ptrdiff_t>(count);
  if (collection.is_sequence()) {
    Value copy = Value::sequence(collection.range());
    copy.items().reserve(collection.items().size());
    copy.items().assign(collection.items().begin(), collection.items().begin() + prefix);
    return copy;
  }
  Value copy = Value::mapping(collection.range());
  copy.entries().reserve(collection.entries().size());
  copy.entries().assign(collection.entries().begin(), collection.entries().begin() + prefix);
  return copy;
}

// Appends child `index` of `collection`, now `value`, to the collection's rewritten copy.
void append_child(Value& copy, const Value& collection, size_t index, Value value) {
  if (collection.is_sequence()) return copy.items().push_back(std::move(value));
  const Value::Entry& entry = collection.entries()[index];
  copy.entries().push_back(Value::Entry{entry.key, entry.key_range, std::move(value)});
}

}  // namespace

Value string_value(std::string text, Range range) {
  return Value::scalar(std::move(text), /*quoted=*/true, range);
}

Value list_value(const std::vector<std::string>& items, Range range) {
  Value list = Value::sequence(range);
  list.items().reserve(items.size());
  for (const std::string& item : items) list.items().push_back(string_value(item, range));
  return list;
}

Value relocated(const Value& value, Range range) {
  Value copy = value;
  copy.set_range(range);
  for (Value& item : copy.items()) item = relocated(item, range);
  for (Value::Entry& entry : copy.entries()) {
    entry.key_range = range;
    entry.value = relocated(entry.value, range);
  }
  return copy;
}

std::optional<std::string_view> known_string(const Value& value) {
  if (!value.is_scalar()) return std::nullopt;
  return value.as_string();
}

bool same_value(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Value::Kind::Scalar:
      return a.text() == b.text();
    case Value::Kind::Sequence:
      if (a.items().size() != b.items().size()) return false;
      for (size_t i = 0; i < a.items().size(); ++i) {
        if (!same_value(a.items()[i], b.items()[i])) return false;
      }
      return true;
    case Value::Kind::Mapping:
      if (a.entries().size() != b.entries().size()) return false;
      for (size_t i = 0; i < a.entries().size(); ++i) {
        if (a.entries()[i].key != b.entries()[i].key) return false;
        if (!same_value(a.entries()[i].value, b.entries()[i].value)) return false;
      }
      return true;
  }
  return false;
}

Resolver::Resolver(const Evaluator& evaluator, const Facts* facts)
    : evaluator_(evaluator),
      facts_(facts),
      truth_(facts ? local_truth_ : evaluator.condition_truth_) {}

bool Resolver::spend_step(const Value& at) {
  if (++steps_ <= evaluator_.limits_.max_steps) return true;
  if (steps_ == evaluator_.limits_.max_steps + 1) evaluator_.step_limit_reached(at);  // once per resolution
  steps_ = evaluator_.limits_.max_steps + 2;  // no wrap-around however long the rest takes
  return false;
}

std::optional<Value> Resolver::resolve(const Value& value) {
  Value out;
  switch (rewrite(value, out)) {
    case Change::Unchanged:
      return value;
    case Change::Removed:
      return std::nullopt;
    case Change::Rewritten:
      break;
  }
  return out;
}

Resolver::Change Resolver::rewrite(const Value& value, Value& out) {
  // A literal subtree resolves to itself, with no step spent on it.
  if (value.known_to_contain_intrinsic() == false) return Change::Unchanged;
  if (stopped()) return Change::Unchanged;
  // Past the budget the rest stays as written: any intrinsic in it stays unknown.
  if (!spend_step(value)) return Change::Unchanged;
  switch (value.kind()) {
    case Value::Kind::Scalar:
      return Change::Unchanged;
    case Value::Kind::Sequence:
      return rewrite_children(value, out);
    case Value::Kind::Mapping: {
      const Value::Entry* function = value.intrinsic();
      if (!function) return rewrite_children(value, out);
      std::optional<Value> result = intrinsic(value, *function);
      if (!result) return Change::Removed;
      if (result->is_unchanged_copy_of(value)) return Change::Unchanged;
      out = std::move(*result);
      return Change::Rewritten;
    }
  }
  return Change::Unchanged;
}

// A new collection is built only from the first child that changes; the children before
// it are copied into it (a reference count each for a collection).
Resolver::Change Resolver::rewrite_children(const Value& collection, Value& out) {
  const bool is_list = collection.is_sequence();
  const size_t count = is_list ? collection.items().size() : collection.entries().size();
  bool building = false;
  for (size_t i = 0; i < count; ++i) {
    const Value& child = is_list ? collection.items()[i] : collection.entries()[i].value;
    Value rewritten;
    Change change = rewrite(child, rewritten);
    if (change == Change::Unchanged && !building) continue;
    if (!building) {
      out = first_children(collection, i);
      building = true;
    }
    if (change != Change::Removed) {
      append_child(out, collection, i, change == Change::Rewritten ? std::move(rewritten) : child);
    }
  }
  return building ? Change::Rewritten : Change::Unchanged;
}

// An argument keeps its place even when it is AWS::NoValue: dropping it would shift
// the arguments after it (a Fn::If left in place must keep both branches).
Value Resolver::resolve_argument(const Value& argument) {
  if (auto resolved = resolve(argument)) return std::move(*resolved);
  return argument;
}

std::vector<Value> Resolver::resolve_arguments(const Value& arguments) {
  std::vector<Value> resolved;
  resolved.reserve(arguments.items().size());
  for (const Value& argument : arguments.items()) resolved.push_back(resolve_argument(argument));
  return resolved;
}

std::optional<Value> Resolver::intrinsic(const Value& call, const Value::Entry& function) {
  const std::string& name = function.key;
  if (name == "Ref") return ref(call, function.value);
  if (name == "Fn::If") return fn_if(call, function);
  if (name == "Fn::Sub") return sub(call, function);
  if (name == "Fn::Join") return join(call, function);
  if (name == "Fn::Select") return select(call, function);
  if (name == "Fn::Split") return split(call, function);
  if (name == "Fn::FindInMap") return find_in_map(call, function);
  if (name == "Fn::Base64") return base64(call, function);
  if (name == "Fn::Cidr") return cidr(call, function);
  if (name == "Fn::Length") return length(call, function);
  if (name == "Fn::ToJsonString") return to_json_string(call, function);
  if (name == "Fn::GetAtt") return get_att(call, function.value);
  // Fn::ImportValue, Fn::GetStackOutput, Fn::GetAZs, Fn::Transform, Condition and the condition functions
  // outside Conditions: never known here, so kept exactly as written.
  return left_in_place(call);
}

// Fn::GetAtt [Resource, Attribute]: an attribute named like a property the template sets
// to a literal echoes it (Subnet.CidrBlock, Queue.QueueName, SSM Parameter.Value); any
// other attribute (Arn, an id, a dotted Endpoint.Address) is only known once deployed.
Value Resolver::get_att(const Value& call, const Value& argument) {
  if (!argument.is_sequence() || argument.items().size() != 2) return left_in_place(call);
  auto logical_id = known_string(argument.items()[0]);
  auto attribute = known_string(argument.items()[1]);
  const Value* property = logical_id && attribute ? echoed_attribute(*logical_id, *attribute) : nullptr;
  if (!property) return left_in_place(call);
  Value echoed = *property;
  echoed.set_range(call.range());
  return echoed;
}

// The literal scalar a resource sets as the property named like `attribute`, or null.
const Value* Resolver::echoed_attribute(std::string_view logical_id, std::string_view attribute) const {
  if (attribute.find('.') != std::string_view::npos) return nullptr;
  const Resource* target = evaluator_.tmpl().resource(logical_id);
  const Value* property = target ? target->property(attribute) : nullptr;
  if (!property || !property->is_scalar() || property->is_null()) return nullptr;
  return property;
}

std::optional<std::string> Resolver::scalar_parameter(std::string_view name) const {
  const Evaluator::Parameter* parameter = evaluator_.parameter(name);
  if (parameter && parameter->known) {
    if (parameter->is_list) return std::nullopt;
    return parameter->known->front();
  }
  if (facts_) {
    auto bound = facts_->parameters.find(name);
    if (bound != facts_->parameters.end()) return bound->second;
  }
  return std::nullopt;
}

// Ref: a parameter's value or AWS::NoValue; resources and unknown parameters stay.
std::optional<Value> Resolver::ref(const Value& call, const Value& argument) {
  auto name = known_string(argument);
  if (!name) return left_in_place(call);
  if (*name == "AWS::NoValue") return std::nullopt;
  const Evaluator::Parameter* parameter = evaluator_.parameter(*name);
  if (parameter && parameter->known && parameter->is_list) {
    return list_value(*parameter->known, call.range());
  }
  if (auto text = scalar_parameter(*name)) return string_value(std::move(*text), call.range());
  return left_in_place(call);
}

// Fn::If [Condition, WhenTrue, WhenFalse]: the branch the condition picks, or the call
// with both branches resolved when the condition is unknown.
std::optional<Value> Resolver::fn_if(const Value& call, const Value::Entry& function) {
  const Value& arguments = function.value;
  if (!arguments.is_sequence() || arguments.items().size() != 3) return left_in_place(call);
  auto name = known_string(arguments.items()[0]);
  if (!name) return left_in_place(call);
  if (auto truth = condition(*name)) return resolve(arguments.items()[*truth ? 1 : 2]);
  record_undecided(*name);
  if (stopped()) return left_in_place(call);
  return left_in_place(call, function, resolve_arguments(arguments));
}

void Resolver::record_undecided(std::string_view name) {
  // An undefined condition is split on too: the template is rejected for it
  // (template-undefined-reference), and what either branch holds is still judged rather
  // than hidden behind the typo.
  for (const std::string& seen : undecided_) {
    if (seen == name) return;
  }
  undecided_.emplace_back(name);
}

// Fn::Sub "text" or [text, {Name: value}]: ${Name} from the map, then parameters;
// ${Resource} and ${Resource.Attribute} are runtime values, so unknown.
Value Resolver::sub(const Value& call, const Value::Entry& function) {
  const Value& arguments = function.value;
  const Value* text = &arguments;
  std::optional<Value> variables;
  if (arguments.is_sequence()) {
    if (arguments.items().size() != 2 || !arguments.items()[1].is_mapping()) {
      return left_in_place(call);
    }
    text = &arguments.items()[0];
    variables = resolve_argument(arguments.items()[1]);
  }
  auto source = known_string(*text);
  auto unresolved = [&] {
    if (!variables) return left_in_place(call);
    return left_in_place(call, function, std::vector<Value>{*text, *variables});
  };
  if (!source) return unresolved();
  size_t length = source->size();
  const Value* declared = variables ? &arguments.items()[1] : nullptr;
  auto lookup = [&](std::string_view name) -> std::optional<std::string> {
    std::optional<std::string> value;
    if (declared && declared->find(name)) {
      // A variable of the map (one that resolved to AWS::NoValue is gone: unknown).
      const Value* variable = variables->find(name);
      if (auto known = variable ? known_string(*variable) : std::nullopt) value = std::string(*known);
    } else if (size_t dot = name.find('.'); dot == std::string_view::npos) {
      value = scalar_parameter(name);
    } else if (const Value* echoed = echoed_attribute(name.substr(0, dot), name.substr(dot + 1))) {
      value = std::string(*echoed->as_string());  // ${Queue.QueueName}, as Fn::GetAtt
    }
    if (value && (length += value->size()) > Evaluator::kMaxStringLength) return std::nullopt;
    return value;
  };
  auto result = intrinsics::substitute(*source, lookup);
  if (result) return string_value(std::move(*result), call.range());
  // Some variable is unknown: the Sub stays, with what is known filled in.
  length = source->size();
  auto partial = intrinsics::substitute_known(*source, lookup);
  if (!partial) return unresolved();
  Value partial_text = string_value(std::move(*partial), text->range());
  if (!variables) return left_in_place(call, function, std::move(partial_text));
  return left_in_place(call, function, std::vector<Value>{std::move(partial_text), *variables});
}

namespace {

// The ${...} that stands for a pseudo parameter left unknown in a Fn::Join ({Ref:
// AWS::Partition} is ${AWS::Partition}); nullopt for any other item.
std::optional<std::string> pseudo_parameter_variable(const Value& item) {
  const Value::Entry* call = item.intrinsic();
  if (!call || call->key != "Ref" || !call->value.is_scalar()) return std::nullopt;
  const std::string& name = call->value.text();
  if (!name.starts_with("AWS::") || name.find_first_of("${}") != std::string::npos) return std::nullopt;
  return "${" + name + "}";
}

// A Fn::Join whose only unknown items are pseudo parameters, as the Fn::Sub of the same
// text: ["", ["arn:", {Ref: AWS::Partition}, ":iam::aws:policy/X"]] is
// "arn:${AWS::Partition}:iam::aws:policy/X". The CDK writes every AWS ARN as such a Join,
// and the rules read the known parts of a Sub left unknown; as a Join the whole value was
// unknown, and an AdministratorAccess or alias/aws/sns in it went unseen. A Join with any
// other unknown item (a resource's Ref or GetAtt, an import) stays as written, as does
// one whose known text holds "${" (a Sub would read a variable there).
std::optional<Value> join_as_sub(std::string_view delimiter, const Value& list, Range range) {
  if (delimiter.find("${") != std::string_view::npos) return std::nullopt;
  std::string text;
  for (size_t i = 0; i < list.items().size(); ++i) {
    if (i > 0) text += delimiter;
    const Value& item = list.items()[i];
    if (auto known = known_string(item)) {
      if (known->find("${") != std::string_view::npos) return std::nullopt;
      text += *known;
    } else if (auto variable = pseudo_parameter_variable(item)) {
      text += *variable;
    } else {
      return std::nullopt;
    }
    if (text.size() > Evaluator::kMaxStringLength) return std::nullopt;
  }
  Value call = Value::mapping(range);
  call.entries().push_back(Value::Entry{"Fn::Sub", range, string_value(std::move(text), range)});
  call.remember_intrinsics();
  return call;
}

}  // namespace

// Fn::Join [delimiter, [items]]: every item must be a known string.
Value Resolver::join(const Value& call, const Value::Entry& function) {
  const Value& arguments = function.value;
  if (!arguments.is_sequence() || arguments.items().size() != 2) return left_in_place(call);
  std::vector<Value> resolved = resolve_arguments(arguments);
  auto delimiter = known_string(resolved[0]);
  const Value& list = resolved[1];
  if (!delimiter || !list.is_sequence()) return left_in_place(call, function, std::move(resolved));
  size_t length = 0;
  for (const Value& item : list.items()) {
    auto text = known_string(item);
    if (!text) {
      if (auto sub = join_as_sub(*delimiter, list, call.range())) return std::move(*sub);
      return left_in_place(call, function, std::move(resolved));
    }
    length += text->size() + delimiter->size();
  }
  if (length > Evaluator::kMaxStringLength) return left_in_place(call, function, std::move(resolved));
  std::string joined;
  joined.reserve(length);
  for (size_t i = 0; i < list.items().size(); ++i) {
    if (i > 0) joined += *delimiter;
    joined += list.items()[i].text();
  }
  return string_value(std::move(joined), call.range());
}

// Fn::Select [index, list]. Out of range is an error in CloudFormation: unknown here.
Value Resolver::select(const Value& call, const Value::Entry& function) {
  const Value& arguments = function.value;
  if (!arguments.is_sequence() || arguments.items().size() != 2) return left_in_place(call);
  std::vector<Value> resolved = resolve_arguments(arguments);
  auto index = known_integer(resolved[0]);
  const Value& list = resolved[1];
  if (!index || !list.is_sequence() || *index < 0 ||
      static_cast<size_t>(*index) >= list.items().size()) {
    return left_in_place(call, function, std::move(resolved));
  }
  // A Fn::If still in the list may turn out to be AWS::NoValue and shift the index.
  for (long long i = 0; i <= *index; ++i) {
    if (is_fn_if(list.items()[static_cast<size_t>(i)])) {
      return left_in_place(call, function, std::move(resolved));
    }
  }
  return list.items()[static_cast<size_t>(*index)];
}

// Fn::Split [delimiter, text].
Value Resolver::split(const Value& call, const Value::Entry& function) {
  const Value& arguments = function.value;
  if (!arguments.is_sequence() || arguments.items().size() != 2) return left_in_place(call);
  std::vector<Value> resolved = resolve_arguments(arguments);
  auto delimiter = known_string(resolved[0]);
  auto text = known_string(resolved[1]);
  std::optional<std::vector<std::string>> parts;
  if (delimiter && text) parts = intrinsics::split(*text, *delimiter);
  if (!parts) return left_in_place(call, function, std::move(resolved));
  return list_value(*parts, call.range());
}

// Fn::FindInMap [Map, TopKey, SecondKey, {DefaultValue: v}?]. The default (from
// AWS::LanguageExtensions) applies only when every key is known and the entry is absent.
Value Resolver::find_in_map(const Value& call, const Value::Entry& function) {
  const Value& arguments = function.value;
  size_t count = arguments.is_sequence() ? arguments.items().size() : 0;
  if (count != 3 && count != 4) return left_in_place(call);
  std::vector<Value> resolved = resolve_arguments(arguments);
  auto map = known_string(resolved[0]);
  auto top = known_string(resolved[1]);
  auto second = known_string(resolved[2]);
  const Value* fallback_value = count == 4 ? resolved[3].find("DefaultValue") : nullptr;
  if (map && (!top || !second) && (top || second)) {
    if (const Value* same = same_for_every_key(*map, top, second, fallback_value))
      return relocated(*same, call.range());
  }
  if (!map || !top || !second) return left_in_place(call, function, std::move(resolved));
  if (const Value* found = find_mapping_value(evaluator_.tmpl().mappings, *map, *top, *second)) {
    return relocated(*found, call.range());
  }
  if (!fallback_value) return left_in_place(call, function, std::move(resolved));
  return *fallback_value;
}

// The value Fn::FindInMap gives whatever its one unknown key turns out to be: the entries
// of the map under every top-level key (for the second key given), or under every second
// key (for the top-level key given), and the DefaultValue, all one scalar. A key the map
// lacks fails the deployment (or gives the DefaultValue), so only the entries count.
// `!FindInMap [Settings, !Ref Env, Encrypted]` with `false` for every Env is `false`.
const Value* Resolver::same_for_every_key(std::string_view map, std::optional<std::string_view> top,
                                          std::optional<std::string_view> second, const Value* fallback) const {
  const Value* mappings = evaluator_.tmpl().mappings;
  const Value* named = mappings && mappings->is_mapping() ? mappings->find(map) : nullptr;
  if (!named || !named->is_mapping()) return nullptr;
  std::vector<const Value*> values;
  if (top) {
    const Value* entries = named->find(*top);
    if (!entries || !entries->is_mapping()) return nullptr;
    for (const Value::Entry& entry : entries->entries()) values.push_back(&entry.value);
  } else {
    for (const Value::Entry& entry : named->entries()) {
      const Value* value = entry.value.is_mapping() ? entry.value.find(*second) : nullptr;
      if (value) values.push_back(value);
    }
  }
  if (fallback) values.push_back(fallback);
  if (values.empty()) return nullptr;
  for (const Value* value : values) {
    if (!value->is_scalar() || value->is_null() || is_unknown(*value) || !same_value(*value, *values.front()))
      return nullptr;
  }
  return values.front();
}

// Fn::Base64 text.
Value Resolver::base64(const Value& call, const Value::Entry& function) {
  Value argument = resolve_argument(function.value);
  auto text = known_string(argument);
  if (!text) return left_in_place(call, function, std::move(argument));
  return string_value(intrinsics::base64(*text), call.range());
}

// Fn::Cidr [ipBlock, count, cidrBits].
Value Resolver::cidr(const Value& call, const Value::Entry& function) {
  const Value& arguments = function.value;
  if (!arguments.is_sequence() || arguments.items().size() != 3) return left_in_place(call);
  std::vector<Value> resolved = resolve_arguments(arguments);
  auto block = known_string(resolved[0]);
  auto count = known_integer(resolved[1]);
  auto bits = known_integer(resolved[2]);
  std::optional<std::vector<std::string>> blocks;
  if (block && count && bits) blocks = intrinsics::cidr(*block, *count, *bits);
  if (!blocks) return left_in_place(call, function, std::move(resolved));
  return list_value(*blocks, call.range());
}

// Fn::Length list: known unless an item may still vanish (a Fn::If left in place).
Value Resolver::length(const Value& call, const Value::Entry& function) {
  Value argument = resolve_argument(function.value);
  if (!argument.is_sequence()) return left_in_place(call, function, std::move(argument));
  for (const Value& item : argument.items()) {
    if (is_fn_if(item)) return left_in_place(call, function, std::move(argument));
  }
  return Value::scalar(std::to_string(argument.items().size()), /*quoted=*/false, call.range());
}

// Fn::ToJsonString object-or-list: known when nothing in it is unknown.
Value Resolver::to_json_string(const Value& call, const Value::Entry& function) {
  Value argument = resolve_argument(function.value);
  if (argument.is_scalar() || contains_intrinsic(argument)) {
    return left_in_place(call, function, std::move(argument));
  }
  return string_value(intrinsics::to_json_string(argument), call.range());
}

}  // namespace cfn::eval_detail
