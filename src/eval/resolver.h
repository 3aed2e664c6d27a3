// The Evaluator's working parts (internal to src/eval): one Resolver per resolution, so
// the step budget, the record of undecided conditions and any assumption-dependent
// condition truth belong to that resolution alone.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eval/evaluator.h"

namespace cfn::eval_detail {

// What a set of assumptions implies: the conditions taken as true or false (those
// assumed and those they force) and parameters bound by an assumed `Fn::Equals`.
struct Facts {
  std::map<std::string, bool, std::less<>> conditions;
  std::map<std::string, std::string, std::less<>> parameters;
  // Values a parameter does not have (an Fn::Equals assumed false): with its AllowedValues
  // all among them, no value is left and the assumptions contradict each other.
  std::map<std::string, std::vector<std::string>, std::less<>> excluded;
  bool contradictory = false;  // two assumptions (or their consequences) disagree

  bool empty() const { return conditions.empty() && parameters.empty() && excluded.empty(); }
};

Facts imply(const Evaluator& evaluator, const Assumptions& assumptions);

class Resolver {
 public:
  // `facts` null: static evaluation, whose condition truth is memoised in the Evaluator.
  Resolver(const Evaluator& evaluator, const Facts* facts);

  // The rewritten value; nullopt when it is `Ref: AWS::NoValue` (the caller drops it).
  std::optional<Value> resolve(const Value& value);

  // The same, without copying what stays as written: Unchanged leaves `out` alone (the
  // value itself is the result), Rewritten puts the new value in `out`. Most properties
  // hold only intrinsics that stay unknown (Ref to a resource, GetAtt Arn), and a copy
  // of them per resource was most of what resolving cost.
  enum class Change : uint8_t { Unchanged, Removed, Rewritten };
  Change rewrite(const Value& value, Value& out);

  std::optional<bool> condition(std::string_view name);
  // A condition expression: Fn::Equals, Fn::And, Fn::Or, Fn::Not, Condition.
  std::optional<bool> condition_expression(const Value& expression);

  // Conditions of the Fn::If calls left in place, in the order they were met.
  const std::vector<std::string>& undecided() const { return undecided_; }
  // Makes this resolution a probe: it stops rewriting at the first undecided condition,
  // and its result is then incomplete. The Evaluator splits on that condition and
  // resolves each branch anew, so the rest of the probe's work would be thrown away.
  void stop_at_first_undecided() { stop_at_undecided_ = true; }

  // A parameter or pseudo parameter's scalar value, when known (or bound by the facts).
  std::optional<std::string> scalar_parameter(std::string_view name) const;
  // The AllowedValues of the parameter `value` (a Ref) names, or null.
  const Value* allowed_values_of(const Value& value) const;

 private:
  std::optional<Value> intrinsic(const Value& call, const Value::Entry& function);
  Change rewrite_children(const Value& collection, Value& out);  // a list or a plain mapping
  Value resolve_argument(const Value& argument);
  std::vector<Value> resolve_arguments(const Value& arguments);
  // One rewrite; false past the budget (recorded once, at `at`, in the Evaluator).
  bool spend_step(const Value& at);

  // One function per intrinsic; each returns its result or the call left in place.
  std::optional<Value> ref(const Value& call, const Value& argument);
  Value get_att(const Value& call, const Value& argument);
  const Value* echoed_attribute(std::string_view logical_id, std::string_view attribute) const;
  std::optional<Value> fn_if(const Value& call, const Value::Entry& function);
  Value sub(const Value& call, const Value::Entry& function);
  Value join(const Value& call, const Value::Entry& function);
  Value select(const Value& call, const Value::Entry& function);
  Value split(const Value& call, const Value::Entry& function);
  Value find_in_map(const Value& call, const Value::Entry& function);
  const Value* same_for_every_key(std::string_view map, std::optional<std::string_view> top,
                                  std::optional<std::string_view> second, const Value* fallback) const;
  Value base64(const Value& call, const Value::Entry& function);
  Value cidr(const Value& call, const Value::Entry& function);
  Value length(const Value& call, const Value::Entry& function);
  Value to_json_string(const Value& call, const Value::Entry& function);

  // Condition functions.
  std::optional<bool> evaluate_condition(std::string_view name);
  std::optional<bool> equals(const Value& arguments);
  std::optional<bool> all_of(const Value& arguments);
  std::optional<bool> any_of(const Value& arguments);
  std::optional<bool> negation(const Value& arguments);

  void record_undecided(std::string_view name);
  bool stopped() const { return stop_at_undecided_ && !undecided_.empty(); }

  const Evaluator& evaluator_;
  const Facts* facts_;
  std::map<std::string, Evaluator::Truth, std::less<>> local_truth_;
  std::map<std::string, Evaluator::Truth, std::less<>>& truth_;
  size_t steps_ = 0;
  size_t condition_depth_ = 0;
  std::vector<std::string> undecided_;
  bool stop_at_undecided_ = false;
};

// Small value helpers shared by the evaluation files.
Value string_value(std::string text, Range range);
Value list_value(const std::vector<std::string>& items, Range range);
// A copy of `value` whose every range (keys too) is `range`.
Value relocated(const Value& value, Range range);
// The text of a scalar that is known: not an intrinsic, not null.
std::optional<std::string_view> known_string(const Value& value);
// Structural equality of two values with no intrinsic left in them.
bool same_value(const Value& a, const Value& b);

}  // namespace cfn::eval_detail
