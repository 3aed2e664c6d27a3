#include "policy/predicate.h"

#include <algorithm>

namespace cfn {

namespace {

// Kept in one list so that the reader, the documentation test and the registry agree.
constexpr std::string_view kNativePredicates[] = {
    "conditional-deny", "literal-secret", "load-balancer-log-bucket", "public-statement", "resource-wildcard-action",
    "restricted-public-bucket", "sam-generated", "secret-shape", "secret-text", "trust-wildcard-action", "wildcard-action"};

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

PathStep first_path_step(std::string_view path) {
  PathStep step;
  size_t key_end = 0;
  if (path.starts_with('"')) {
    size_t close = path.find('"', 1);
    if (close == std::string_view::npos) return PathStep{path, {}, false};
    step.key = path.substr(1, close - 1);
    key_end = close + 1;
    if (key_end < path.size() && path[key_end] != '.') step.valid = false;
  } else {
    key_end = std::min(path.find('.'), path.size());
    step.key = path.substr(0, key_end);
  }
  if (step.key.empty()) step.valid = false;
  if (key_end < path.size()) {
    step.rest = path.substr(key_end + 1);
    if (step.rest.empty()) step.valid = false;  // a trailing dot
  }
  return step;
}

bool valid_predicate_path(std::string_view path) {
  if (path.empty()) return false;
  while (!path.empty()) {
    PathStep step = first_path_step(path);
    if (!step.valid) return false;
    path = step.rest;
  }
  return true;
}

}  // namespace cfn
