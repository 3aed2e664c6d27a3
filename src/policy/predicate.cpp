#include "policy/predicate.h"

namespace cfn {

namespace {

// Kept in one list so that the reader, the documentation test and the registry agree.
constexpr std::string_view kNativePredicates[] = {"conditional-deny", "literal-secret", "public-statement",
                                                  "secret-shape", "wildcard-action"};

}  // namespace

std::string_view predicate_op_key(PredicateOp op) {
  switch (op) {
    case PredicateOp::All: return "all";
    case PredicateOp::Any: return "any";
    case PredicateOp::Not: return "not";
    case PredicateOp::Exists: return "exists";
    case PredicateOp::Truthy: return "truthy";
    case PredicateOp::Equals: return "equals";
    case PredicateOp::In: return "in";
    case PredicateOp::Matches: return "matches";
    case PredicateOp::GreaterThan: return "greater-than";
    case PredicateOp::LessThan: return "less-than";
    case PredicateOp::Empty: return "empty";
    case PredicateOp::Every: return "every";
    case PredicateOp::Some: return "some";
    case PredicateOp::Target: return "target";
    case PredicateOp::ReferencedBy: return "referenced-by";
    case PredicateOp::ResourceType: return "resource-type";
    case PredicateOp::Native: return "native";
  }
  return "all";
}

std::span<const std::string_view> native_predicate_names() { return kNativePredicates; }

std::string_view PredicateStore::keep(std::string text) { return strings_.emplace_back(std::move(text)); }

std::span<const std::string_view> PredicateStore::keep(const std::vector<std::string>& texts) {
  std::vector<std::string_view>& views = string_lists_.emplace_back();
  for (const std::string& text : texts) views.push_back(keep(text));
  return views;
}

const Predicate* PredicateStore::freeze(const PredicateSpec& spec) {
  Predicate& node = roots_.emplace_back();
  node.op = spec.op;
  node.path = keep(spec.path);
  node.text = keep(spec.text);
  node.texts = keep(spec.texts);
  node.number = spec.number;
  node.expected = spec.expected;
  node.ignore_case = spec.ignore_case;
  std::vector<Predicate>& children = node_lists_.emplace_back();
  for (const PredicateSpec& child : spec.children) children.push_back(*freeze(child));
  node.children = children;
  return &node;
}

}  // namespace cfn
