#include "policy/predicate_eval.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "eval/intrinsics.h"
#include "model/text_hash.h"
#include "policy/pattern.h"
#include "policy/checks/checks.h"

namespace cfn {

namespace {

// Where a path below a focus leads.
struct Lookup {
  enum class State : uint8_t { Unknown, Missing, Found };
  State state = State::Unknown;
  Focus found;    // Found: the value
  Blame missing;  // Missing: the deepest mapping reached (its key), or the logical id
};

Lookup unknown() { return {}; }

Lookup missing_below(const Focus& at, std::string rest) {
  Lookup result;
  // Properties that are an Fn::If or hold an Fn::Transform may gain the key at deploy time.
  if (at.is_properties && checks::properties_unknown(*at.resource)) return result;
  result.state = Lookup::State::Missing;
  Range range;
  if (!at.is_properties && at.value) range = at.key_range.known() ? at.key_range : at.value->range();
  result.missing = Blame{range, at.resource, std::move(rest)};
  return result;
}

// Follows the dotted `path` from `focus`. A step through an intrinsic or a non-mapping is
// unknown; an absent or null key is missing. The value found may itself be unknown: each
// test decides what that means (`exists` does not care, the others answer Unknown).
// The path of `path` below `focus`, below the resource's Properties, quotes removed.
std::string rest_of(const Focus& focus, std::string_view path) {
  std::string rest = focus.rest;
  for (std::string_view left = path; !left.empty();) {
    PathStep step = first_path_step(left);
    rest.append(".").append(step.key);
    left = step.rest;
  }
  return rest;
}

// The walk carries no path: most lookups end unknown or in a test that passes, and the
// path string is built once, for the result that has one.
Lookup lookup(const Focus& focus, std::string_view path) {
  const std::string_view whole = path;
  if (!focus.value) return missing_below(focus, rest_of(focus, whole));
  const Value* value = focus.value;
  Range key_range = focus.key_range;
  bool moved = false;  // below the focus: `value` is no longer the focus's own value
  while (!path.empty()) {
    PathStep step = first_path_step(path);
    path = step.rest;
    if (is_unknown(*value) || !value->is_mapping()) return unknown();
    const Value::Entry* entry = value->find_entry(step.key);
    if (!entry || entry->value.is_null()) {
      if (!moved) return missing_below(focus, rest_of(focus, whole));
      return missing_below(Focus{focus.resource, value, {}, key_range, false}, rest_of(focus, whole));
    }
    moved = true;
    value = &entry->value;
    key_range = entry->key_range;
  }
  Lookup result;
  result.state = Lookup::State::Found;
  if (!moved) {
    result.found = focus;
  } else {
    result.found = Focus{focus.resource, value, rest_of(focus, whole), key_range, false};
  }
  return result;
}

Outcome answer(bool holds, Blame blame) { return {holds ? Truth::True : Truth::False, {std::move(blame)}}; }

void append(std::vector<Blame>& to, std::vector<Blame> from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

// `all` is False as soon as one part is False, `any` True as soon as one is True: that is
// the decisive answer, and each part that gives it is blamed (each is a problem of its
// own). Otherwise an Unknown part makes the whole Unknown. Otherwise (a True `all`, a
// False `any`) the answer is one fact made of several parts, blamed on the part the policy
// names first, so that `not: {all: ...}` gives one finding rather than one per part.
Outcome combine(std::vector<Outcome> outcomes, Truth decisive) {
  const Truth other = decisive == Truth::False ? Truth::True : Truth::False;
  Outcome result{other, {}};
  bool blamed = false;
  for (Outcome& outcome : outcomes) {
    if (outcome.truth == decisive) {
      if (result.truth != decisive) result = {decisive, {}};
      append(result.blames, std::move(outcome.blames));
    } else if (outcome.truth == Truth::Unknown) {
      if (result.truth == other) result.truth = Truth::Unknown;
    } else if (!blamed && result.truth == other) {
      result.blames = std::move(outcome.blames);
      blamed = true;
    }
  }
  if (result.truth == Truth::Unknown) result.blames.clear();
  return result;
}

Outcome combine_all(std::vector<Outcome> outcomes) { return combine(std::move(outcomes), Truth::False); }
Outcome combine_any(std::vector<Outcome> outcomes) { return combine(std::move(outcomes), Truth::True); }

Outcome evaluate_children(const Predicate& predicate, const Focus& focus, CheckContext& ctx) {
  std::vector<Outcome> outcomes;
  outcomes.reserve(predicate.children.size());
  for (const Predicate& child : predicate.children) outcomes.push_back(evaluate(child, focus, ctx));
  return predicate.op == PredicateOp::All ? combine_all(std::move(outcomes)) : combine_any(std::move(outcomes));
}

Outcome negate(Outcome outcome) {
  if (outcome.truth == Truth::True) {
    outcome.truth = Truth::False;
  } else if (outcome.truth == Truth::False) {
    outcome.truth = Truth::True;
  }
  return outcome;
}

// CloudFormation compares as it converts: booleans as booleans ("True" is true), numbers
// as numbers ("1.0" is 1), anything else as text.
bool same_value(const Value& value, std::string_view wanted, bool ignore_case) {
  if (!value.is_scalar()) return false;
  Value expected = Value::scalar(std::string(wanted), false);
  if (auto flag = value.as_bool(); flag && expected.as_bool()) return *flag == *expected.as_bool();
  if (auto number = value.as_number(); number && expected.as_number()) return *number == *expected.as_number();
  const std::string& text = value.text();
  if (!ignore_case) return text == wanted;
  return text.size() == wanted.size() && std::equal(text.begin(), text.end(), wanted.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
         });
}

// Patterns are compiled once per thread (scans run on several threads) and found by
// their text: the same pattern written in several policies ("." for "present and not
// empty" is in a dozen) is compiled once. Compiling costs far more than the tests
// (policy/pattern.h), and a process that scans one template pays it on every run of a
// pre-commit hook.
const Matcher& compiled(std::string_view pattern, bool ignore_case) {
  using Cache = TextMap<Matcher>;
  thread_local Cache cache[2];  // [ignore_case]
  Cache& patterns = cache[ignore_case ? 1 : 0];
  if (auto found = patterns.find(pattern); found != patterns.end()) return found->second;
  return patterns.emplace(std::string(pattern), Matcher(pattern, ignore_case)).first->second;
}

bool is_empty(const Value& value) {
  if (value.is_sequence()) return value.items().empty();
  if (value.is_mapping()) return value.entries().empty();
  return value.text().empty();
}

// Tests of one known value.
bool value_holds(const Predicate& predicate, const Value& value) {
  switch (predicate.op) {
    case PredicateOp::Truthy: return (value.is_scalar() && value.as_bool() == true) == predicate.expected;
    case PredicateOp::Equals: return same_value(value, predicate.text, predicate.ignore_case);
    case PredicateOp::In:
      return std::any_of(predicate.texts.begin(), predicate.texts.end(),
                         [&](std::string_view wanted) { return same_value(value, wanted, predicate.ignore_case); });
    case PredicateOp::Matches:
      return value.is_scalar() && compiled(predicate.text, predicate.ignore_case).search(value.text());
    case PredicateOp::GreaterThan: return value.as_number() && *value.as_number() > predicate.number;
    case PredicateOp::LessThan: return value.as_number() && *value.as_number() < predicate.number;
    case PredicateOp::Empty: return is_empty(value) == predicate.expected;
    default: return false;
  }
}

// `matches` on a Fn::Sub that stays unknown ("arn:${AWS::Partition}:kms:...:alias/aws/sns"):
// true when the pattern matches inside one literal run, since that text is in the result
// whatever the variables hold. A run after a variable does not start the string, and one
// before a variable does not end it, so ^, $ and \b cannot match there. Anything else stays
// unknown: a match may still span a variable.
bool matches_known_part_of_sub(const Predicate& predicate, const Value& value) {
  auto runs = intrinsics::sub_literal_runs(value);
  if (!runs) return false;
  const Matcher& pattern = compiled(predicate.text, predicate.ignore_case);
  for (size_t i = 0; i < runs->size(); ++i) {
    auto flags = std::regex_constants::match_default;
    if (i > 0) flags |= std::regex_constants::match_not_bol | std::regex_constants::match_not_bow;
    if (i + 1 < runs->size()) flags |= std::regex_constants::match_not_eol | std::regex_constants::match_not_eow;
    if (pattern.search((*runs)[i], flags)) return true;
  }
  return false;
}

// `every` / `some`: the child predicate over each item of a list.
Outcome each_item(const Predicate& predicate, const Focus& list, CheckContext& ctx) {
  const Value& value = *list.value;
  if (!value.is_sequence()) return {};
  std::vector<Outcome> outcomes;
  const auto& items = value.items();
  outcomes.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    Focus item{list.resource, &items[i], list.rest + "[" + std::to_string(i) + "]", Range{}, false};
    outcomes.push_back(evaluate(predicate.children.front(), item, ctx));
  }
  if (predicate.op == PredicateOp::Every) return combine_all(std::move(outcomes));
  Outcome result = combine_any(std::move(outcomes));
  if (result.truth == Truth::False) result.blames = {blame_at(list)};
  return result;
}

// `target`: the child predicate over every variant of what the value refers to, blamed on
// the reference itself (the finding belongs to this resource). A value that names nothing
// in the template (a literal ARN, an import) is unknown.
Outcome follow_target(const Predicate& predicate, const Focus& site, CheckContext& ctx) {
  std::vector<Outcome> outcomes;
  for (const Resource* target : referenced_resources(site, ctx)) {
    for (const Resource* variant : ctx.variants_of(*target))
      outcomes.push_back(evaluate(predicate.children.front(), properties_focus(*variant), ctx));
  }
  if (outcomes.empty()) return {};
  Outcome result = combine_all(std::move(outcomes));
  if (result.truth != Truth::Unknown) result.blames = {blame_at(site)};
  return result;
}

// `referenced-by`: some resource of the type, referring to this one (at `path` of its
// Properties when given), satisfies `where` (when given).
Outcome referenced_by(const Predicate& predicate, const Focus& focus, CheckContext& ctx) {
  const Resource& resource = *focus.resource;
  std::vector<Outcome> outcomes;
  for (const Resource* source : ctx.graph().referrers(resource, predicate.text, predicate.path)) {
    for (const Resource* variant : ctx.variants_of(*source)) {
      if (predicate.children.empty()) {
        outcomes.push_back({Truth::True, {}});
      } else {
        outcomes.push_back(evaluate(predicate.children.front(), properties_focus(*variant), ctx));
      }
    }
  }
  Outcome result = combine_any(std::move(outcomes));
  // Not found here, but an AWS::Include may add the resource at deploy time: unknown.
  if (result.truth == Truth::False && ctx.tmpl().may_include_resources()) result.truth = Truth::Unknown;
  result.blames = {Blame::of_resource(resource)};
  return result;
}

const NativePredicate& native_named(std::string_view name) {
  for (const NativePredicate& native : native_predicates()) {
    if (native.name == name) return native;
  }
  throw std::logic_error("no native predicate " + std::string(name));  // the reader checked names
}

// Tests of the value at the predicate's path: missing makes them False (blamed where the
// property should be), except `exists: false` (True) and `every` (True: no items).
Outcome test_value(const Predicate& predicate, const Focus& focus, CheckContext& ctx) {
  Lookup found = lookup(focus, predicate.path);
  if (found.state == Lookup::State::Unknown) return {};
  if (found.state == Lookup::State::Missing) {
    if (predicate.op == PredicateOp::Every) return {Truth::True, {}};
    return answer(predicate.op == PredicateOp::Exists && !predicate.expected, std::move(found.missing));
  }
  const Focus& at = found.found;
  if (predicate.op == PredicateOp::Exists) return answer(predicate.expected, blame_at(at));
  if (predicate.op == PredicateOp::Target) return follow_target(predicate, at, ctx);
  if (predicate.op == PredicateOp::Matches && matches_known_part_of_sub(predicate, *at.value))
    return answer(true, blame_at(at));
  if (predicate.op == PredicateOp::Native) {
    const NativePredicate& native = native_named(predicate.text);
    if (is_unknown(*at.value) && !native.reads_written_text) return {};
    return native.run(at, ctx);
  }
  if (is_unknown(*at.value)) return {};
  switch (predicate.op) {
    case PredicateOp::Every:
    case PredicateOp::Some: return each_item(predicate, at, ctx);
    default: return answer(value_holds(predicate, *at.value), blame_at(at));
  }
}

// Resources.X.Properties followed by `rest` (".A.B", "[2]").
std::string properties_path(const Resource& resource, std::string_view rest) {
  return resource.path() + ".Properties" + std::string(rest);
}

}  // namespace

// The template resources a Ref, GetAtt or Sub written at `site` names, found in the graph
// by the position of the reference (a resolved variant is a copy that keeps positions).
std::vector<const Resource*> referenced_resources(const Focus& site, CheckContext& ctx) {
  std::vector<const Resource*> found;
  const ResourceGraph& graph = ctx.graph();
  size_t node = graph.node(*site.resource);
  if (node == ResourceGraph::npos) return found;
  for (const GraphEdge* edge : graph.out_edges(node)) {
    const Resource* target = graph.at(edge->to).resource;
    if (!target || !is_reference_edge(edge->kind) || edge->range != site.value->range()) continue;
    if (std::find(found.begin(), found.end(), target) == found.end()) found.push_back(target);
  }
  return found;
}

Focus properties_focus(const Resource& resource) {
  return Focus{&resource, resource.properties, {}, Range{}, true};
}

std::string Focus::path() const { return properties_path(*resource, rest); }

std::string Blame::path() const {
  if (!resource) return rest;
  return below_properties ? properties_path(*resource, rest) : resource->path();
}

Blame blame_at(const Focus& found) {
  // A block mapping or list by its key; an intrinsic (`!Sub "..."`) is a value in its own place.
  bool block = found.value && !found.value->is_scalar() && !found.value->intrinsic() && found.key_range.known();
  Range range = block ? found.key_range : found.value ? found.value->range() : Range{};
  return Blame{range, found.resource, found.rest};
}

Outcome evaluate(const Predicate& predicate, const Focus& focus, CheckContext& ctx) {
  switch (predicate.op) {
    case PredicateOp::All:
    case PredicateOp::Any: return evaluate_children(predicate, focus, ctx);
    case PredicateOp::Not: return negate(evaluate(predicate.children.front(), focus, ctx));
    case PredicateOp::ResourceType: {
      const auto& types = predicate.texts;
      bool listed = std::find(types.begin(), types.end(), focus.resource->type) != types.end();
      return answer(listed, Blame::of_resource(*focus.resource));
    }
    case PredicateOp::ReferencedBy: return referenced_by(predicate, focus, ctx);
    default: return test_value(predicate, focus, ctx);
  }
}

void run_declarative(CheckContext& ctx) {
  const RuleMeta& rule = ctx.rule();
  for (const Resource* resource : ctx.resources()) {
    Focus root = properties_focus(*resource);
    if (rule.when && evaluate(*rule.when, root, ctx).truth != Truth::True) continue;
    Outcome outcome = evaluate(*rule.require, root, ctx);
    if (outcome.truth != Truth::False) continue;
    if (outcome.blames.empty()) outcome.blames.push_back(Blame::of_resource(*resource));
    for (const Blame& blame : outcome.blames) ctx.report(*resource, blame.range, blame.path());
  }
}

}  // namespace cfn
