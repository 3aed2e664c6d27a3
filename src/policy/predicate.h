// The predicate language of declarative policies (docs/policy-language.md).
//
// A policy's `require:` is a predicate every resource of its resource-types must satisfy
// (and `when:`, optional, one that picks the resources the rule applies to). Two shapes
// hold the same tree:
// - PredicateSpec owns its strings: what the policy reader builds from YAML, with the
//   position of each node for error messages;
// - Predicate is a view over constant data: built-in policies become `constexpr` arrays
//   of it at build time (tools/policygen.cpp), user policies are frozen into a store.
// The evaluator (predicate_eval.h) reads only Predicate.
#pragma once

#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/source.h"

namespace cfn {

enum class PredicateOp : uint8_t {
  All, Any, Not,                               // combinators over children
  Exists, Truthy, Equals, In, Matches,          // tests of the value at `path`
  GreaterThan, LessThan, Empty,
  Every, Some,                                  // children[0] over each item of the list at `path`
  Target,                                       // children[0] over what the Ref/GetAtt at `path` names
  ReferencedBy,                                 // some resource of type `text` refers to this one
  ResourceType,                                 // the resource's type is one of `texts`
  Native,                                       // the C++ predicate named `text` on the value at `path`
};

// The YAML key that introduces each operation ("all", "greater-than", "referenced-by"...).
std::string_view predicate_op_key(PredicateOp op);

// The first property name of a `path` and what follows its dot. Names are joined by dots;
// a name that holds a dot itself is written in double quotes (Parameters."rds.force_ssl").
// `valid` is false for an empty name, an unclosed quote, or a quote not followed by a dot.
struct PathStep {
  std::string_view key;
  std::string_view rest;
  bool valid = true;
};
PathStep first_path_step(std::string_view path);
// Every step of a non-empty path is valid.
bool valid_predicate_path(std::string_view path);

struct Predicate {
  PredicateOp op = PredicateOp::All;
  std::string_view path;                      // dotted, below the current value; "" is the value itself
  std::string_view text;                      // Equals / Matches / Native name / ReferencedBy type
  std::span<const std::string_view> texts;    // In / ResourceType
  double number = 0;                          // GreaterThan / LessThan
  bool expected = true;                       // Exists / Truthy / Empty: the answer asked for
  bool ignore_case = false;                   // Equals / In / Matches
  std::span<const Predicate> children;        // All / Any / Not / Every / Some / Target / ReferencedBy (where)
};

struct PredicateSpec {
  PredicateOp op = PredicateOp::All;
  std::string path;
  std::string text;
  std::vector<std::string> texts;
  double number = 0;
  bool expected = true;
  bool ignore_case = false;
  std::vector<PredicateSpec> children;
  Range range;  // the predicate's mapping in the policy file
};

// The named native predicates a policy may call (`native: NAME`); each is implemented in
// src/policy/native_predicates.cpp under the same name (a test keeps the two equal).
std::span<const std::string_view> native_predicate_names();

// Owns the nodes and strings of frozen predicates; views into it stay valid while it lives
// (deques never move their elements).
class PredicateStore {
 public:
  const Predicate* freeze(const PredicateSpec& spec);
  std::string_view keep(std::string text);
  std::span<const std::string_view> keep(const std::vector<std::string>& texts);

 private:
  std::deque<std::string> strings_;
  std::deque<std::vector<std::string_view>> string_lists_;
  std::deque<std::vector<Predicate>> node_lists_;
  std::deque<Predicate> roots_;
};

}  // namespace cfn
