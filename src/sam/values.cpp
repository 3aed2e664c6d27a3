#include "sam/values.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>

namespace cfn::sam {

Value text(std::string content, Range range) { return Value::scalar(std::move(content), true, range); }
Value plain(std::string content, Range range) { return Value::scalar(std::move(content), false, range); }
Value mapping(Range range) { return Value::mapping(range); }
Value sequence(Range range) { return Value::sequence(range); }

Value sequence_of(std::vector<Value> items, Range range) {
  Value list = Value::sequence(range);
  list.items() = std::move(items);
  return list;
}

Value* find_mutable(Value& map, std::string_view key) {
  for (Value::Entry& entry : map.entries()) {
    if (entry.key == key) return &entry.value;
  }
  return nullptr;
}

Value& mapping_at(Value& map, std::string_view key, Range range) {
  Value* found = find_mutable(map, key);
  return found && found->is_mapping() ? *found : put(map, key, mapping(range), range);
}

Value& put(Value& map, std::string_view key, Value value, Range key_range) {
  if (Value* existing = find_mutable(map, key)) {
    *existing = std::move(value);
    return *existing;
  }
  if (!key_range.known()) key_range = value.range();
  std::vector<Value::Entry>& entries = map.entries();
  // The mappings SAM writes grow one key at a time to a handful of keys: room for eight
  // at once saves the vector's first three moves of its entries.
  if (entries.capacity() == 0) entries.reserve(8);
  entries.push_back(Value::Entry{std::string(key), key_range, std::move(value)});
  return entries.back().value;
}

void erase(Value& map, std::string_view key) {
  auto& entries = map.entries();
  for (auto it = entries.begin(); it != entries.end(); ++it) {
    if (it->key == key) {
      entries.erase(it);
      return;
    }
  }
}

Value call(std::string_view function, Value argument, Range range) {
  Value map = Value::mapping(range);
  map.entries().reserve(1);  // an intrinsic call has its one key for good
  put(map, function, std::move(argument), range);
  return map;
}

Value allow_statement(const std::vector<const char*>& actions, Value resources, Range range) {
  Value statement = mapping(range);
  Value action_list = sequence(range);
  for (const char* action : actions) action_list.items().push_back(text(action, range));
  put(statement, "Action", std::move(action_list), range);
  put(statement, "Effect", text("Allow", range), range);
  put(statement, "Resource", std::move(resources), range);
  return statement;
}

Value ref(std::string_view logical_id, Range range) { return call("Ref", text(std::string(logical_id), range), range); }

Value get_att(std::string_view logical_id, std::string_view attribute, Range range) {
  return call("Fn::GetAtt",
              sequence_of({text(std::string(logical_id), range), text(std::string(attribute), range)}, range), range);
}

Value sub(std::string format, Range range) { return call("Fn::Sub", text(std::move(format), range), range); }

Value sub_with(std::string format, std::vector<std::pair<std::string, Value>> variables, Range range) {
  Value names = Value::mapping(range);
  for (auto& [name, value] : variables) put(names, name, std::move(value), range);
  return call("Fn::Sub", sequence_of({text(std::move(format), range), std::move(names)}, range), range);
}

Value fn_if(std::string_view condition, Value then_value, Value else_value, Range range) {
  return call("Fn::If",
              sequence_of({text(std::string(condition), range), std::move(then_value), std::move(else_value)}, range),
              range);
}

Value no_value(Range range) { return ref("AWS::NoValue", range); }

bool is_intrinsic(const Value& value) { return value.intrinsic() != nullptr; }

std::optional<std::string> scalar_text(const Value* value) {
  if (!value) return std::nullopt;
  auto content = value->as_string();
  if (!content) return std::nullopt;
  return std::string(*content);
}

std::optional<std::string> ref_target(const Value& value) {
  const Value::Entry* call = value.intrinsic();
  if (!call || call->key != "Ref") return std::nullopt;
  return scalar_text(&call->value);
}

std::optional<std::string> get_att_target(const Value& value) {
  const Value::Entry* call = value.intrinsic();
  if (!call || call->key != "Fn::GetAtt") return std::nullopt;
  if (call->value.is_sequence() && !call->value.items().empty()) return scalar_text(&call->value.items()[0]);
  auto dotted = scalar_text(&call->value);
  if (!dotted) return std::nullopt;
  return dotted->substr(0, dotted->find('.'));
}

namespace {

void append_quoted(std::string& out, std::string_view content) {
  out += '"';
  for (char c : content) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

// Into one buffer: returning a string per node and concatenating them copied each
// subtree's text once per level above it.
void append_canonical(std::string& out, const Value& value) {
  if (value.is_scalar()) {
    append_quoted(out, value.text());
  } else if (value.is_sequence()) {
    out += '[';
    for (const Value& item : value.items()) {
      append_canonical(out, item);
      out += ',';
    }
    out += ']';
  } else {
    out += '{';
    for (const Value::Entry& entry : value.entries()) {
      append_quoted(out, entry.key);
      out += ':';
      append_canonical(out, entry.value);
      out += ',';
    }
    out += '}';
  }
}

}  // namespace

std::string canonical_text(const Value& value) {
  std::string out;
  append_canonical(out, value);
  return out;
}

std::string route_in_arn(std::string_view method, std::string_view path) {
  std::string out;
  for (char c : method) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (out == "ANY") out = "*";
  for (size_t at = 0; at < path.size();) {
    if (path[at] == '{') {
      out += '*';
      size_t close = path.find('}', at);
      at = close == std::string_view::npos ? path.size() : close + 1;
    } else {
      out += path[at++];
    }
  }
  return out;
}

std::string short_hash(std::string_view content) {
  uint64_t hash = 1469598103934665603ull;  // FNV-1a: stable across runs and platforms
  for (unsigned char c : content) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  char digits[17];
  std::snprintf(digits, sizeof digits, "%016llx", static_cast<unsigned long long>(hash));
  return std::string(digits, 10);
}

Value merge_globals(const Value& global, const Value& local) {
  bool global_map = global.is_mapping() && !is_intrinsic(global);
  bool local_map = local.is_mapping() && !is_intrinsic(local);
  if (global_map && local_map) {
    Value merged = global;
    merged.set_range(local.range());
    std::vector<Value::Entry>& entries = merged.entries();
    for (const Value::Entry& entry : local.entries()) {
      auto kept = std::find_if(entries.begin(), entries.end(),
                               [&](const Value::Entry& global_entry) { return global_entry.key == entry.key; });
      if (kept == entries.end()) {
        entries.push_back(Value::Entry{entry.key, entry.key_range.known() ? entry.key_range : entry.value.range(),
                                       entry.value});
        continue;
      }
      // Still the global's value: the local keys are distinct. The local key wins its
      // position too: a finding on it points at the resource.
      kept->value = merge_globals(kept->value, entry.value);
      kept->key_range = entry.key_range;
    }
    return merged;
  }
  if (global.is_sequence() && local.is_sequence()) {
    Value merged = global;
    merged.set_range(local.range());
    for (const Value& item : local.items()) merged.items().push_back(item);
    return merged;
  }
  return local;
}

}  // namespace cfn::sam
