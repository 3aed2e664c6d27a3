// The Value tree: what a YAML or JSON template holds, with positions, independent of
// the parser that read it. Short-form YAML tags are already in their long form here
// (`!Ref X` is the mapping {Ref: X}), so later stages see one shape for both syntaxes.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/source.h"

namespace cfn {

class Value {
 public:
  enum class Kind : uint8_t { Scalar, Sequence, Mapping };
  struct Entry;

  static Value scalar(std::string text, bool quoted, Range range = {});
  static Value sequence(Range range = {});
  static Value mapping(Range range = {});

  Kind kind() const { return kind_; }
  bool is_scalar() const { return kind_ == Kind::Scalar; }
  bool is_sequence() const { return kind_ == Kind::Sequence; }
  bool is_mapping() const { return kind_ == Kind::Mapping; }

  // Scalars. `quoted` is true for quoted YAML scalars, block scalars and JSON strings;
  // it decides nothing in CloudFormation (a quoted 'true' is still true) but is kept for
  // rules that care about how a value was written.
  const std::string& text() const { return text_; }
  bool quoted() const { return quoted_; }
  // A plain scalar that YAML reads as null: empty, ~, null, Null, NULL (JSON null too).
  bool is_null() const;
  // CloudFormation's booleans: true/false in any letter case, quoted or not.
  std::optional<bool> as_bool() const;
  std::optional<double> as_number() const;
  // The scalar's text when this is a non-null scalar.
  std::optional<std::string_view> as_string() const;

  // A collection's children are shared between copies until one of them is changed
  // (copy on write): the resolver, the SAM step and the variants copy whole subtrees that
  // stay as written, and a copy then costs a reference count, not a tree.
  const std::vector<Value>& items() const;
  const std::vector<Entry>& entries() const;
  // Mutable access gives this value children of its own (copying the shared ones, one
  // level deep) and forgets what remember_intrinsics() learnt: every change below a value
  // passes through here, on it and on each of its ancestors.
  std::vector<Value>& items();
  std::vector<Entry>& entries();

  // Whether an intrinsic function call is written anywhere in this tree, when that is
  // known without walking it: always for a scalar (never), and for a collection once
  // remember_intrinsics() has run on it and it has not been changed since. The loaders
  // record it as each collection closes, so the graph and the evaluator can pass over
  // literal subtrees (tags, policy documents, inline code) without visiting them.
  std::optional<bool> known_to_contain_intrinsic() const {
    if (kind_ == Kind::Scalar) return false;
    if (intrinsics_ == Intrinsics::Unknown) return std::nullopt;
    return intrinsics_ == Intrinsics::Some;
  }
  // Likewise whether a null scalar (is_null) is anywhere in this tree; known, for a
  // collection, exactly when known_to_contain_intrinsic() is.
  std::optional<bool> known_to_contain_null() const {
    if (kind_ == Kind::Scalar) return is_null();
    if (intrinsics_ == Intrinsics::Unknown) return std::nullopt;
    return null_below_;
  }
  // Records both of the above for this tree, first for any child collection not yet known.
  void remember_intrinsics();

  // Mapping lookup, first match (the loaders keep one entry per key: a repeated key is
  // reported and its value replaces the earlier one, as CloudFormation deploys the last
  // occurrence). Linear: most
  // mappings are small; large sections (Resources) are indexed by Template.
  const Value* find(std::string_view key) const;
  const Entry* find_entry(std::string_view key) const;

  // An intrinsic function call: a mapping of exactly one entry whose key is `Ref`,
  // `Condition` or starts with `Fn::`. Returns that entry, or null.
  const Entry* intrinsic() const;

  Range range() const { return range_; }
  void set_range(Range range) { range_ = range; }

  // Whether this value is `other` copied and not changed since: same kind, place and
  // text, and for a collection the very children `other` holds (shared, copy on write).
  // Cheap, unlike a deep comparison: how the resolver tells that nothing was rewritten.
  bool is_unchanged_copy_of(const Value& other) const {
    if (kind_ != other.kind_ || !(range_ == other.range_)) return false;
    if (kind_ == Kind::Scalar) return quoted_ == other.quoted_ && text_ == other.text_;
    return children_ == other.children_;
  }

 private:
  enum class Intrinsics : uint8_t { Unknown, None, Some };
  struct Children;
  Children& own_children();

  Kind kind_ = Kind::Scalar;
  bool quoted_ = false;
  Intrinsics intrinsics_ = Intrinsics::Unknown;
  bool null_below_ = false;  // meaningful only when intrinsics_ is known
  // Whether this mapping is itself an intrinsic call; meaningful only when intrinsics_ is
  // known. Asked of nearly every value the analysis visits: a known "no" answers without
  // reading the children.
  bool call_ = false;
  Range range_;
  std::string text_;
  std::shared_ptr<Children> children_;  // null: no children
};

struct Value::Entry {
  std::string key;
  Range key_range;
  Value value;
};

struct Value::Children {
  std::vector<Value> items;
  std::vector<Entry> entries;
};

inline const std::vector<Value>& Value::items() const {
  static const std::vector<Value> none;
  return children_ ? children_->items : none;
}

inline const std::vector<Value::Entry>& Value::entries() const {
  static const std::vector<Entry> none;
  return children_ ? children_->entries : none;
}

inline std::vector<Value>& Value::items() { return own_children().items; }
inline std::vector<Value::Entry>& Value::entries() { return own_children().entries; }

// One step of a property path into `value`: ".Key" into a mapping (keys may hold dots,
// as an OpenAPI path "/a.json" does: the longest key that ends where a step ends is
// taken) or "[i]" into a list. Returns the child and moves `rest` past the step; null when
// the step names nothing there.
const Value* step_into(const Value& value, std::string_view& rest);
// Every step of `path` (".Key", "[i]"...) from `value`: the value it leads to, or null.
const Value* find_path(const Value& value, std::string_view path);
// The index of a "[i]" step at the start of `rest`, moving `rest` past it; nullopt (and
// `rest` as it was) when there is none.
std::optional<size_t> read_index(std::string_view& rest);

// ASCII letters compared without case: how CloudFormation reads booleans, and how IAM
// reads condition operators and keys.
bool equals_ignoring_case(std::string_view a, std::string_view b);
// The text with its ASCII letters in lower case.
std::string ascii_lower(std::string_view text);
// Replaces every `from` in `text` with `to`, left to right; text `to` brings in is not
// searched again.
void replace_all(std::string& text, std::string_view from, std::string_view to);

// Gives every node of a tree, and every mapping key, the same range: for values parsed from
// other text (built-in data, JSON in a string) that stand for one place in the template.
void set_range_everywhere(Value& value, Range range);

}  // namespace cfn
