// Evaluation of a template's values: parameters, conditions, Fn::If branches and the
// other intrinsic functions.
//
// Evaluation is a rewrite. resolve() returns a new Value tree in which every intrinsic
// whose result can be known is replaced by that result, and every other intrinsic is left
// in place as its mapping (with its arguments resolved where they could be). Checks treat
// any intrinsic that remains (Value::intrinsic() != null) as unknown, and unknown never
// yields a finding (DESIGN.md). `Ref: AWS::NoValue` removes the mapping entry or list
// item that holds it.
//
// Positions: a computed result takes the range of the intrinsic it replaces (a Ref
// resolved to a parameter default points at the Ref, a FindInMap result at the
// FindInMap), and a chosen Fn::If branch keeps its own range, so findings point at
// the text in the resource.
//
// What is known (decisions):
// - Ref to a parameter: its --parameter value, else its Default, else unknown. Lists
//   (List<...>, CommaDelimitedList) split on commas, items trimmed. SSM-typed parameters
//   (AWS::SSM::Parameter::Value<...>) are always unknown: their Default is the SSM key,
//   not the value. Pseudo parameters are unknown unless given (--parameter AWS::Region=...);
//   AWS::NoValue removes. Ref to a resource is unknown (a physical id).
// - Fn::GetAtt (and ${R.Attr} in Fn::Sub) of an attribute named like a property the
//   target resource sets to a literal is that literal (Subnet.CidrBlock, Queue.QueueName,
//   SSM Parameter.Value: CloudFormation returns what was set); any other GetAtt,
//   Fn::ImportValue, Fn::GetAZs and Fn::Transform are unknown.
// - Fn::Cidr is computed for IPv4 blocks only; Fn::FindInMap takes its DefaultValue
//   (AWS::LanguageExtensions) when the keys are known and absent from the map.
// - Fn::Equals / And / Or / Not / Condition are evaluated in the Conditions section (and
//   for Fn::If); elsewhere in properties they are left in place.
// - Assumptions imply what they must: assuming `And [A, B]` true makes A and B true,
//   `Or` false makes each operand false, `Not` flips, and `Equals [Ref P, "x"]` true binds
//   an otherwise unknown parameter P to "x" for the rest of that evaluation.
//
// Bounds: condition cycles are unknown; each resolution stops rewriting after
// max_steps steps (EvalLimits; what is left stays unresolved, hence unknown, and the
// Evaluator records a template-limit-exceeded diagnostic at the value where it stopped,
// so a template that is only partly checked never passes silently); a string result over
// kMaxStringLength is unknown.
//
// An Evaluator memoises condition truth, so it is not thread-safe: use one per template
// per thread. It holds references to the Template, which must outlive it.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eval/parameters.h"
#include "model/template.h"
#include "model/value.h"

namespace cfn {

namespace eval_detail {
class Resolver;
}

struct Assumption {
  std::string condition;
  bool value = true;
  friend bool operator==(const Assumption&, const Assumption&) = default;
};
using Assumptions = std::vector<Assumption>;  // sorted by condition name

// "when IsProd is false and UseKms is true" ("when A is true, B is false and C is true");
// "" when there is no assumption.
std::string describe(const Assumptions& assumptions);

// AWS::Region, AWS::Partition and AWS::URLSuffix: the pseudo parameters the partition
// decides. When none is given, a condition's Fn::Equals reads them as AWS's commercial
// partition would (Resolver::equals); given one, the others stay unknown.
bool is_partition_pseudo_parameter(std::string_view name);

// One variant of a resource's properties under an assignment of conditions.
struct Scenario {
  Assumptions assumptions;                 // under which this variant holds
  const Value* properties = nullptr;       // resolved Properties (null if the resource has none)
  std::shared_ptr<const Value> owned;      // storage when properties had to be rewritten
};

class Evaluator {
 public:
  static constexpr size_t kMaxScenarioConditions = 4;      // so at most 16 scenarios
  static constexpr size_t kStepLimit = EvalLimits{}.max_steps;  // the default, per resolution
  static constexpr size_t kMaxConditionDepth = 128;        // Condition -> Condition nesting
  static constexpr size_t kMaxStringLength = 1 << 20;      // of one computed string

  explicit Evaluator(const Template& tmpl, ParameterValues parameters = {}, EvalLimits limits = {});
  Evaluator(Template&&, ParameterValues = {}, EvalLimits = {}) = delete;  // it keeps a reference

  // template-limit-exceeded diagnostics for the resolutions that ran out of steps so far,
  // one per place (sorted by position); the engine reports them as findings.
  std::vector<Diagnostic> diagnostics() const;

  const Template& tmpl() const { return template_; }

  // Static truth of a condition in the Conditions section; nullopt when unknown,
  // undefined or part of a cycle. Memoised.
  std::optional<bool> condition(std::string_view name) const;

  // The variants of a resource's Properties worth checking:
  // - a resource whose Condition is statically false has none (it is never created);
  //   one whose Condition is unknown is assumed to exist (Condition = true);
  // - every Fn::If whose condition is unknown splits the variants in two, up to
  //   kMaxScenarioConditions conditions per resource; later ones stay in place (unknown).
  //   Only conditions reachable under the assumptions so far split, so a Fn::If inside
  //   a branch that is not taken costs nothing;
  // - Properties that resolving leaves as written (no intrinsic, or only ones that stay
  //   unknown) are not copied: `properties` points into the template and `owned` is empty.
  // Call once per resource and share the result between checks: it resolves the
  // properties once per variant.
  std::vector<Scenario> scenarios(const Resource& resource) const;

  // `value` with every knowable intrinsic replaced, under the assumptions. An Fn::If
  // whose condition is neither known nor implied by them stays in place. A value that is
  // itself `Ref: AWS::NoValue` is returned unchanged (there is no container to drop it from).
  Value resolve(const Value& value, const Assumptions& assumptions = {}) const;

  // Whether some deployment satisfies both sets of assumptions at once: false when they
  // name one condition both ways or their consequences disagree (IsDev and IsProd =
  // !Not IsDev, two Equals of one parameter to different values).
  bool consistent(const Assumptions& a, const Assumptions& b) const;
  // A condition's truth on every deployment that satisfies `assumptions`; nullopt when
  // it differs between them (or cannot be told).
  std::optional<bool> condition_under(std::string_view name, const Assumptions& assumptions) const;

  // Whether a condition's expression reads a template parameter's Default (declared with
  // one, and not given on the command line), directly or through the conditions it names:
  // its static truth, if any, then rests on that Default. The partition pseudo parameters not given count
  // too: their Equals tests assume AWS's commercial partition.
  bool reads_parameter_defaults(std::string_view condition) const;
  // Whether a template parameter's value is its Default: declared with one, and not
  // given on the command line.
  bool value_from_default(std::string_view parameter) const;

  // A condition's expression in the Conditions section, or null.
  const Value* condition_definition(std::string_view name) const;

 private:
  friend class eval_detail::Resolver;

  struct Parameter {
    std::string type;
    bool is_list = false;
    std::optional<std::vector<std::string>> known;  // the value, split when a list
    bool from_default = false;  // declared with a Default, and not given on the command line
    // The values CloudFormation accepts for it; null when any goes, or when they limit
    // something else (an SSM-typed parameter's key, not the value the stack receives).
    const Value* allowed_values = nullptr;
  };
  enum class Truth : unsigned char { Evaluating, True, False, Unknown };

  void index_parameters();
  void index_conditions();
  const Parameter* parameter(std::string_view name) const;
  void add_scenarios(const Resource& resource, Assumptions assumptions, size_t splits_left,
                     std::vector<Scenario>& out) const;
  // Called by a Resolver once, when its step budget runs out at `value`.
  void step_limit_reached(const Value& value) const;

  const Template& template_;
  ParameterValues given_;
  std::map<std::string, Parameter, std::less<>> parameters_;
  std::map<std::string, const Value*, std::less<>> conditions_;
  mutable std::map<std::string, Truth, std::less<>> condition_truth_;
  EvalLimits limits_;
  bool commercial_partition_ = true;  // no partition pseudo parameter given
  mutable const Resource* resolving_ = nullptr;  // the resource scenarios() is resolving
  mutable std::vector<Diagnostic> limit_diagnostics_;
};

// A string holding a dynamic reference, `{{resolve:ssm:...}}`, `{{resolve:ssm-secure:...}}`
// or `{{resolve:secretsmanager:...}}`: CloudFormation replaces it at deploy time, so its
// value is unknown here.
bool is_dynamic_reference(std::string_view text);
// One that names a secret (secretsmanager or ssm-secure): not a hard-coded secret.
bool is_secret_dynamic_reference(std::string_view text);

// Whether a resolved value is unknown: an intrinsic left in place, or a scalar holding a
// dynamic reference. Checks can use it for the property they test.
bool is_unknown(const Value& value);
// Whether any intrinsic appears anywhere in `value`.
bool contains_intrinsic(const Value& value);

}  // namespace cfn
