#include "model/value.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace cfn {

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

Value Value::scalar(std::string text, bool quoted, Range range) {
  Value value;
  value.kind_ = Kind::Scalar;
  value.text_ = std::move(text);
  value.quoted_ = quoted;
  value.range_ = range;
  return value;
}

Value Value::sequence(Range range) {
  Value value;
  value.kind_ = Kind::Sequence;
  value.range_ = range;
  return value;
}

Value Value::mapping(Range range) {
  Value value;
  value.kind_ = Kind::Mapping;
  value.range_ = range;
  return value;
}

Value::Children& Value::own_children() {
  intrinsics_ = Intrinsics::Unknown;
  if (!children_) {
    children_ = std::make_shared<Children>();
  } else if (children_.use_count() > 1) {
    children_ = std::make_shared<Children>(*children_);
  }
  return *children_;
}

bool Value::is_null() const {
  if (kind_ != Kind::Scalar || quoted_) return false;
  return text_.empty() || text_ == "~" || text_ == "null" || text_ == "Null" || text_ == "NULL";
}

std::optional<bool> Value::as_bool() const {
  if (kind_ != Kind::Scalar) return std::nullopt;
  if (equals_ignoring_case(text_, "true")) return true;
  if (equals_ignoring_case(text_, "false")) return false;
  return std::nullopt;
}

std::optional<double> Value::as_number() const {
  if (kind_ != Kind::Scalar || text_.empty()) return std::nullopt;
  const char* begin = text_.data();
  const char* end = begin + text_.size();
  if (*begin == '+') ++begin;
  double number = 0;
  auto [ptr, error] = std::from_chars(begin, end, number);
  // from_chars also reads "inf" and "nan", which CloudFormation takes as text.
  if (error != std::errc() || ptr != end || !std::isfinite(number)) return std::nullopt;
  return number;
}

std::optional<std::string_view> Value::as_string() const {
  if (kind_ != Kind::Scalar || is_null()) return std::nullopt;
  return std::string_view(text_);
}

void Value::remember_intrinsics() {
  if (kind_ == Kind::Scalar) return;
  const Value& self = *this;  // reads through the const accessors, which never copy
  auto known = [](const Value& child) { return child.known_to_contain_intrinsic().has_value(); };
  // Children are written only when one is not known yet, and then children of this
  // value's own: shared ones may be read by another thread at the same time.
  bool all_known = std::all_of(self.items().begin(), self.items().end(), known) &&
                   std::all_of(self.entries().begin(), self.entries().end(),
                               [&](const Entry& entry) { return known(entry.value); });
  if (!all_known) {
    Children& children = own_children();
    for (Value& item : children.items)
      if (!known(item)) item.remember_intrinsics();
    for (Entry& entry : children.entries)
      if (!known(entry.value)) entry.value.remember_intrinsics();
  }
  call_ = false;  // intrinsic() must not read a stale answer while it computes this one
  intrinsics_ = Intrinsics::Unknown;
  call_ = intrinsic() != nullptr;
  bool some = call_;
  bool nulls = false;
  for (const Value& item : self.items()) {
    some = some || *item.known_to_contain_intrinsic();
    nulls = nulls || *item.known_to_contain_null();
  }
  for (const Entry& entry : self.entries()) {
    some = some || *entry.value.known_to_contain_intrinsic();
    nulls = nulls || *entry.value.known_to_contain_null();
  }
  intrinsics_ = some ? Intrinsics::Some : Intrinsics::None;
  null_below_ = nulls;
}

const Value::Entry* Value::find_entry(std::string_view key) const {
  for (const Entry& entry : entries()) {
    if (entry.key == key) return &entry;
  }
  return nullptr;
}

const Value* Value::find(std::string_view key) const {
  const Entry* entry = find_entry(key);
  return entry ? &entry->value : nullptr;
}

const Value::Entry* Value::intrinsic() const {
  if (kind_ != Kind::Mapping) return nullptr;
  if (intrinsics_ != Intrinsics::Unknown) return call_ ? &entries().front() : nullptr;
  if (entries().size() != 1) return nullptr;
  const Entry& only = entries().front();
  const std::string& key = only.key;
  if (key == "Ref" || key == "Condition" || key.rfind("Fn::", 0) == 0) return &only;
  return nullptr;
}

std::optional<size_t> read_index(std::string_view& rest) {
  size_t close = rest.starts_with('[') ? rest.find(']') : std::string_view::npos;
  if (close == std::string_view::npos) return std::nullopt;
  size_t index = 0;
  auto [end, error] = std::from_chars(rest.data() + 1, rest.data() + close, index);
  if (error != std::errc() || end != rest.data() + close) return std::nullopt;
  rest.remove_prefix(close + 1);
  return index;
}

const Value* step_into(const Value& value, std::string_view& rest) {
  if (value.is_sequence()) {
    std::string_view after = rest;
    std::optional<size_t> index = read_index(after);
    if (!index || *index >= value.items().size()) return nullptr;
    rest = after;
    return &value.items()[*index];
  }
  if (!value.is_mapping() || !rest.starts_with('.')) return nullptr;
  std::string_view after = rest.substr(1);
  const Value::Entry* best = nullptr;
  for (const Value::Entry& entry : value.entries()) {
    const std::string& key = entry.key;
    if (!after.starts_with(key) || (best && best->key.size() >= key.size())) continue;
    if (after.size() == key.size() || after[key.size()] == '.' || after[key.size()] == '[') best = &entry;
  }
  if (!best) return nullptr;
  rest = after.substr(best->key.size());
  return &best->value;
}

const Value* find_path(const Value& value, std::string_view path) {
  const Value* at = &value;
  while (at && !path.empty()) at = step_into(*at, path);
  return at;
}

void set_range_everywhere(Value& value, Range range) {
  value.set_range(range);
  if (value.is_scalar()) return;  // mutable access to its (no) children would allocate some
  for (Value& item : value.items()) set_range_everywhere(item, range);
  for (Value::Entry& entry : value.entries()) {
    entry.key_range = range;
    set_range_everywhere(entry.value, range);
  }
}

}  // namespace cfn
