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

struct Blame {
  Range range;        // unknown: the resource's logical-id key
  std::string path;   // Resources.X.Properties.A.B
};

struct Outcome {
  Truth truth = Truth::Unknown;
  std::vector<Blame> blames;  // why it is True or False
};

// What a predicate looks at: a value inside a resource (at first, its Properties).
struct Focus {
  const Resource* resource = nullptr;
  const Value* value = nullptr;  // null: the resource has no Properties
  std::string path;              // property path of `value`
  Range key_range;               // the key holding `value`; unknown for Properties and list items
  bool is_properties = false;    // `value` is the resource's Properties mapping
};

Focus properties_focus(const Resource& resource);

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
};

// Every native predicate, in native_predicate_names() order (native_predicates.cpp).
std::span<const NativePredicate> native_predicates();

// Where a finding on a value found at `focus` points: a scalar at itself, a block at its key.
Blame blame_at(const Focus& found);

}  // namespace cfn
