// Conditions: their truth, statically or under assumptions, and what assumptions imply.
//
// Truth is three-valued (true, false, unknown) and the logic is Kleene's: `And` with one
// false operand is false whatever the others are, so a result that is known never
// depends on an unknown, which is what makes memoising results met inside a cycle safe.
#include <algorithm>
#include <array>

#include "eval/resolver.h"

namespace cfn::eval_detail {

namespace {

constexpr std::array<std::string_view, 6> kBindablePseudoParameters = {
    "AWS::AccountId", "AWS::Region",    "AWS::StackName",
    "AWS::StackId",   "AWS::Partition", "AWS::URLSuffix"};

// Derives Facts from assumptions by walking each assumed condition's definition.
class Implier {
 public:
  Implier(const Evaluator& evaluator, Facts& facts) : evaluator_(evaluator), facts_(facts) {}

  void condition(std::string_view name, bool value, size_t depth);

 private:
  void expression(const Value& condition_expression, bool value, size_t depth);
  void equal(const Value& arguments, bool holds);
  void bind(std::string_view parameter, std::string value);
  void exclude(const Value& ref, std::string value);
  bool bindable(std::string_view name) const;

  const Evaluator& evaluator_;
  Facts& facts_;
};

void Implier::condition(std::string_view name, bool value, size_t depth) {
  if (depth > Evaluator::kMaxConditionDepth) return;
  auto [fact, added] = facts_.conditions.emplace(std::string(name), value);
  if (!added) {
    if (fact->second != value) facts_.contradictory = true;
    return;  // already followed (this also ends cycles)
  }
  auto known = evaluator_.condition(name);
  if (known && *known != value) facts_.contradictory = true;
  if (const Value* definition = evaluator_.condition_definition(name)) {
    expression(*definition, value, depth + 1);
  }
}

void Implier::expression(const Value& condition_expression, bool value, size_t depth) {
  const Value::Entry* function = condition_expression.intrinsic();
  if (!function) return;
  const Value& arguments = function->value;
  const std::string& name = function->key;
  if (name == "Condition") {
    if (auto referenced = arguments.as_string()) condition(*referenced, value, depth);
    return;
  }
  if (!arguments.is_sequence()) return;
  if (name == "Fn::Not" && arguments.items().size() == 1) {
    expression(arguments.items()[0], !value, depth);
  } else if ((name == "Fn::And" && value) || (name == "Fn::Or" && !value)) {
    // All of an And that holds hold; none of an Or that fails holds.
    for (const Value& operand : arguments.items()) expression(operand, value, depth);
  } else if (name == "Fn::Equals" && arguments.items().size() == 2) {
    equal(arguments, value);
  }
}

// `Fn::Equals [Ref P, "x"]` assumed to hold: P is "x"; assumed not to: P is not "x"
// (either order).
void Implier::equal(const Value& arguments, bool holds) {
  for (size_t side = 0; side < 2; ++side) {
    const Value::Entry* ref = arguments.items()[side].intrinsic();
    if (!ref || ref->key != "Ref" || !ref->value.as_string()) continue;
    Resolver resolver(evaluator_, nullptr);
    auto other = resolver.resolve(arguments.items()[1 - side]);
    if (!other) continue;
    auto text = known_string(*other);
    if (!text) continue;
    if (holds) {
      bind(ref->value.text(), std::string(*text));
    } else {
      exclude(arguments.items()[side], std::string(*text));
    }
  }
}

void Implier::bind(std::string_view parameter, std::string value) {
  if (!bindable(parameter)) return;
  auto excluded = facts_.excluded.find(parameter);
  if (excluded != facts_.excluded.end() &&
      std::find(excluded->second.begin(), excluded->second.end(), value) != excluded->second.end())
    facts_.contradictory = true;
  auto [binding, added] = facts_.parameters.emplace(std::string(parameter), value);
  if (!added && binding->second != value) facts_.contradictory = true;
}

// P is not `value`: a contradiction when P was bound to it, or when no AllowedValue of
// P is left (`!Not [!Or [IsDev, IsProd]]` over AllowedValues [dev, prod] never holds).
void Implier::exclude(const Value& ref, std::string value) {
  std::string_view parameter = ref.intrinsic()->value.text();
  if (!bindable(parameter)) return;
  auto binding = facts_.parameters.find(parameter);
  if (binding != facts_.parameters.end() && binding->second == value) facts_.contradictory = true;
  std::vector<std::string>& excluded = facts_.excluded[std::string(parameter)];
  if (std::find(excluded.begin(), excluded.end(), value) == excluded.end()) excluded.push_back(std::move(value));
  Resolver probe(evaluator_, nullptr);
  const Value* allowed = probe.allowed_values_of(ref);
  if (!allowed) return;
  bool none_left = std::all_of(allowed->items().begin(), allowed->items().end(), [&](const Value& item) {
    return item.is_scalar() && std::find(excluded.begin(), excluded.end(), item.text()) != excluded.end();
  });
  if (none_left) facts_.contradictory = true;
}

// Only a value nobody gave can be bound: a parameter without a known value (not a list),
// or a pseudo parameter not given with --parameter.
bool Implier::bindable(std::string_view name) const {
  Resolver probe(evaluator_, nullptr);
  if (probe.scalar_parameter(name)) return false;
  for (std::string_view pseudo : kBindablePseudoParameters) {
    if (name == pseudo) return true;
  }
  const Value* parameters = evaluator_.tmpl().parameters;
  const Value* declaration = parameters ? parameters->find(name) : nullptr;
  if (!declaration) return false;
  const Value* type = declaration->is_mapping() ? declaration->find("Type") : nullptr;
  std::string_view type_name = type && type->as_string() ? *type->as_string() : "";
  return !is_list_parameter_type(type_name);
}

}  // namespace

Facts imply(const Evaluator& evaluator, const Assumptions& assumptions) {
  Facts facts;
  Implier implier(evaluator, facts);
  for (const Assumption& assumption : assumptions) {
    implier.condition(assumption.condition, assumption.value, 0);
  }
  return facts;
}

std::optional<bool> Resolver::condition(std::string_view name) {
  if (facts_) {
    auto fact = facts_->conditions.find(name);
    if (fact != facts_->conditions.end()) return fact->second;
    if (auto known = evaluator_.condition(name)) return known;
    // Nothing assumed can change an unknown: the static answer stands.
    if (facts_->empty()) return std::nullopt;
  }
  return evaluate_condition(name);
}

// The definition's truth in this resolution's context, memoised; a condition met again
// while it is being evaluated is part of a cycle and unknown.
std::optional<bool> Resolver::evaluate_condition(std::string_view name) {
  auto memo = truth_.find(name);
  if (memo != truth_.end()) {
    if (memo->second == Evaluator::Truth::True) return true;
    if (memo->second == Evaluator::Truth::False) return false;
    return std::nullopt;  // Unknown, or Evaluating (a cycle)
  }
  const Value* definition = evaluator_.condition_definition(name);
  if (!definition) return std::nullopt;
  if (condition_depth_ >= Evaluator::kMaxConditionDepth) return std::nullopt;  // not memoised
  memo = truth_.emplace(std::string(name), Evaluator::Truth::Evaluating).first;
  ++condition_depth_;
  std::optional<bool> truth = condition_expression(*definition);
  --condition_depth_;
  memo->second = !truth ? Evaluator::Truth::Unknown
                        : *truth ? Evaluator::Truth::True : Evaluator::Truth::False;
  return truth;
}

std::optional<bool> Resolver::condition_expression(const Value& expression) {
  if (!spend_step(expression)) return std::nullopt;
  const Value::Entry* function = expression.intrinsic();
  if (!function) return expression.as_bool();  // a literal true/false, leniently
  const std::string& name = function->key;
  const Value& arguments = function->value;
  if (name == "Condition") {
    auto referenced = known_string(arguments);
    return referenced ? condition(*referenced) : std::nullopt;
  }
  if (!arguments.is_sequence()) return std::nullopt;
  if (name == "Fn::Equals") return equals(arguments);
  if (name == "Fn::And") return all_of(arguments);
  if (name == "Fn::Or") return any_of(arguments);
  if (name == "Fn::Not") return negation(arguments);
  return std::nullopt;
}

namespace {

// Whether `side` is a Ref to a parameter whose AllowedValues leave out `other`, a known
// value: CloudFormation accepts no other value for it, so the two are never equal
// (`!Equals [!Ref StorageType, io1]` with AllowedValues [gp2, Provisioned IOPS]).
bool outside_allowed_values(const Value* allowed, const Value& other) {
  if (!allowed || !other.is_scalar() || is_unknown(other)) return false;
  return std::none_of(allowed->items().begin(), allowed->items().end(), [&](const Value& value) {
    return !value.is_scalar() || same_value(value, other);  // an allowed value not written out might match
  });
}

}  // namespace

// The AllowedValues of the parameter `value` refers to (Evaluator::Parameter), or null.
const Value* Resolver::allowed_values_of(const Value& value) const {
  const Value::Entry* ref = value.intrinsic();
  if (!ref || ref->key != "Ref" || !ref->value.is_scalar()) return nullptr;
  const Evaluator::Parameter* parameter = evaluator_.parameter(ref->value.text());
  return parameter ? parameter->allowed_values : nullptr;
}

namespace {

// A pseudo parameter nobody gave (a Ref left in place) compared with a literal, for a
// stack in AWS's commercial partition, the one the scan checks unless told otherwise
// (--parameter AWS::Partition=aws-cn or AWS::Region=cn-north-1, either of which leaves the
// others unknown): AWS::Partition is "aws",
// AWS::URLSuffix "amazonaws.com", and AWS::Region is none of the China, GovCloud or
// isolated regions. Any other region stays unknown. CDK writes its China-only fallbacks
// (a Kinesis stream without KMS, which those regions lack) under such conditions.
std::optional<bool> commercial_pseudo_equals(const Value& pseudo, const Value& other) {
  const Value::Entry* ref = pseudo.intrinsic();
  if (!ref || ref->key != "Ref" || !ref->value.is_scalar() || !other.is_scalar() || other.intrinsic())
    return std::nullopt;
  std::string_view name = ref->value.text();
  std::string_view literal = other.text();
  if (name == "AWS::Partition") return literal == "aws";
  if (name == "AWS::URLSuffix") return literal == "amazonaws.com";
  if (name != "AWS::Region") return std::nullopt;
  for (std::string_view prefix : {"cn-", "us-gov-", "us-iso", "eu-isoe-"})
    if (literal.starts_with(prefix)) return false;
  return std::nullopt;
}

}  // namespace

// Fn::Equals [a, b]: compared as written once resolved; unknown if either side is, unless
// the unknown side is a parameter that cannot take the other side's value, or a pseudo
// parameter whose partition decides (commercial_pseudo_equals).
std::optional<bool> Resolver::equals(const Value& arguments) {
  if (arguments.items().size() != 2) return std::nullopt;
  Value left = resolve_argument(arguments.items()[0]);
  Value right = resolve_argument(arguments.items()[1]);
  if (outside_allowed_values(allowed_values_of(left), right) || outside_allowed_values(allowed_values_of(right), left))
    return false;
  // Given one of them (-p AWS::Region=cn-north-1), the stack is not read as commercial: the
  // others stay unknown rather than contradict it.
  if (evaluator_.commercial_partition_) {
    if (auto decided = commercial_pseudo_equals(left, right)) return decided;
    if (auto decided = commercial_pseudo_equals(right, left)) return decided;
  }
  if (contains_intrinsic(left) || contains_intrinsic(right)) return std::nullopt;
  if (is_unknown(left) || is_unknown(right)) return std::nullopt;  // dynamic references
  return same_value(left, right);
}

std::optional<bool> Resolver::all_of(const Value& arguments) {
  if (arguments.items().empty()) return std::nullopt;
  bool all_known = true;
  for (const Value& operand : arguments.items()) {
    auto truth = condition_expression(operand);
    if (truth == false) return false;
    if (!truth) all_known = false;
  }
  return all_known ? std::optional<bool>(true) : std::nullopt;
}

std::optional<bool> Resolver::any_of(const Value& arguments) {
  if (arguments.items().empty()) return std::nullopt;
  bool all_known = true;
  for (const Value& operand : arguments.items()) {
    auto truth = condition_expression(operand);
    if (truth == true) return true;
    if (!truth) all_known = false;
  }
  return all_known ? std::optional<bool>(false) : std::nullopt;
}

std::optional<bool> Resolver::negation(const Value& arguments) {
  if (arguments.items().size() != 1) return std::nullopt;
  auto truth = condition_expression(arguments.items()[0]);
  if (!truth) return std::nullopt;
  return !*truth;
}

}  // namespace cfn::eval_detail
