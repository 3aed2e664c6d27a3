// Evaluating the predicates of declarative policies (policy/predicate.h) over the resolved
// variants of resources, with the engine's three-valued logic: a test of a value that is
// unknown (an intrinsic left in place, a dynamic reference, Properties that may still
// gain keys at deploy time) is Unknown, and Unknown never becomes a finding.
//
// Every answer carries where it came from (Blame): the tested value (its key when it is a
// block), the deepest mapping found for a missing property (the logical id at the top),
// with the property path. A False `require` becomes one finding per blame.
#pragma once

#include <string>
#include <vector>

#include "policy/check.h"
#include "policy/predicate.h"

namespace cfn {

enum class Truth : uint8_t { False, True, Unknown };

// The path is kept as the resource and the part below its Properties, and put together
// only for a finding (path()): most answers are passed over, and a property path is
// longer than a short string.
struct Blame {
  Range range;                         // unknown: the resource's logical-id key
  const Resource* resource = nullptr;  // null: `rest` is the whole path
  std::string rest;                    // below the resource's Properties (".A.B", "[2]"); or the whole path
  bool below_properties = true;        // false: the resource itself (Resources.X)

  static Blame whole(Range range, std::string path) { return {range, nullptr, std::move(path), false}; }
  static Blame of_resource(const Resource& resource) { return {Range{}, &resource, {}, false}; }
  std::string path() const;  // Resources.X.Properties.A.B
};

struct Outcome {
  Truth truth = Truth::Unknown;
  std::vector<Blame> blames;  // why it is True or False
};

// What a predicate looks at: a value inside a resource (at first, its Properties).
struct Focus {
  const Resource* resource = nullptr;
  const Value* value = nullptr;  // null: the resource has no Properties
  std::string rest;              // the path of `value` below the resource's Properties ("" for them)
  Range key_range;               // the key holding `value`; unknown for Properties and list items
  bool is_properties = false;    // `value` is the resource's Properties mapping

  std::string path() const;      // its property path: Resources.X.Properties.A
};

Focus properties_focus(const Resource& resource);

// The template resources a Ref, GetAtt or Sub written at `site` names (none for a value
// that names nothing in the template: a literal name or ARN, an import).
std::vector<const Resource*> referenced_resources(const Focus& site, CheckContext& ctx);

// Evaluates `predicate` at `focus`; the context gives the template, graph and variants.
Outcome evaluate(const Predicate& predicate, const Focus& focus, CheckContext& ctx);

// Runs a declarative rule (ctx.rule().require set) over the rule's resources.
void run_declarative(CheckContext& ctx);

// A C++ predicate a policy calls by name (`native: NAME`). It sees a known value found at
// the predicate's path and says whether the value has the property; Blames say where.
using NativePredicateFn = Outcome (*)(const Focus& found, CheckContext& ctx);

struct NativePredicate {
  std::string_view name;
  NativePredicateFn run;
  // Asked of values the template leaves unknown too (a Fn::Sub or Fn::Join it cannot
  // finish), whose written text it reads; it answers unknown unless that text decides.
  bool reads_written_text = false;
};

// Every native predicate, in native_predicate_names() order (native_predicates.cpp).
std::span<const NativePredicate> native_predicates();

// Where a finding on a value found at `focus` points: a scalar at itself, a block at its key.
Blame blame_at(const Focus& found);

}  // namespace cfn
