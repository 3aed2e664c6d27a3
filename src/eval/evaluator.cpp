#include "eval/evaluator.h"

#include <algorithm>

#include "eval/intrinsics.h"
#include "eval/resolver.h"

namespace cfn {

namespace {

using eval_detail::Facts;
using eval_detail::Resolver;

// A Default written as text, a number, or (leniently) a YAML list for a list parameter.
std::optional<std::string> default_text(const Value* default_value) {
  if (!default_value) return std::nullopt;
  if (default_value->is_scalar()) {
    if (default_value->is_null()) return std::nullopt;
    return default_value->text();
  }
  if (!default_value->is_sequence()) return std::nullopt;
  std::string joined;
  const std::vector<Value>& items = default_value->items();
  for (size_t i = 0; i < items.size(); ++i) {
    if (!items[i].is_scalar()) return std::nullopt;
    if (i > 0) joined += ',';
    joined += items[i].text();
  }
  return joined;
}

void insert_sorted(Assumptions& assumptions, Assumption assumption) {
  auto at = std::lower_bound(assumptions.begin(), assumptions.end(), assumption,
                             [](const Assumption& a, const Assumption& b) {
                               return a.condition < b.condition;
                             });
  assumptions.insert(at, std::move(assumption));
}

// The service of each `{{resolve:SERVICE:...}}` in `text`, until `visit` returns true.
template <typename Visit>
bool any_dynamic_reference(std::string_view text, Visit&& visit) {
  static constexpr std::string_view kOpen = "{{resolve:";
  for (size_t open = text.find(kOpen); open != std::string_view::npos;
       open = text.find(kOpen, open + 1)) {
    size_t service_start = open + kOpen.size();
    size_t service_end = text.find(':', service_start);
    if (service_end == std::string_view::npos) return false;
    if (text.find("}}", service_end) == std::string_view::npos) return false;
    if (visit(text.substr(service_start, service_end - service_start))) return true;
  }
  return false;
}

}  // namespace

std::string describe(const Assumptions& assumptions) {
  std::string text;
  for (size_t i = 0; i < assumptions.size(); ++i) {
    if (i == 0) {
      text += "when ";
    } else {
      text += i + 1 == assumptions.size() ? " and " : ", ";
    }
    text += assumptions[i].condition;
    text += assumptions[i].value ? " is true" : " is false";
  }
  return text;
}

Evaluator::Evaluator(const Template& tmpl, ParameterValues parameters, EvalLimits limits)
    : template_(tmpl), given_(std::move(parameters)), limits_(limits) {
  index_parameters();
  index_conditions();
  for (const auto& [name, value] : given_.values)
    if (is_partition_pseudo_parameter(name)) commercial_partition_ = false;
}

bool is_partition_pseudo_parameter(std::string_view name) {
  return name == "AWS::Region" || name == "AWS::Partition" || name == "AWS::URLSuffix";
}

void Evaluator::step_limit_reached(const Value& value) const {
  Diagnostic diagnostic;
  diagnostic.rule_id = "template-limit-exceeded";
  diagnostic.range = value.range();
  std::string where = "this value";
  if (resolving_) {
    // The value where the steps ran out, when it lies in the resource; otherwise (a copy
    // made by a YAML alias keeps its anchor's place) the resource's logical-id key.
    Range whole = resolving_->node ? resolving_->node->range() : Range{};
    Range at = diagnostic.range;
    bool inside = whole.known() && at.known() && !(at.begin < whole.begin) && !(whole.end < at.end);
    if (!inside) diagnostic.range = resolving_->key_range;
    diagnostic.logical_id = resolving_->logical_id;
    diagnostic.property_path = resolving_->path() + ".Properties";
    where = "the properties of " + resolving_->logical_id;
  }
  diagnostic.message = "Evaluating " + where + " took more than " + std::to_string(limits_.max_steps) +
                       " steps; the rest was left unresolved and not checked.";
  for (const Diagnostic& known : limit_diagnostics_) {
    if (known.range == diagnostic.range && known.logical_id == diagnostic.logical_id) return;
  }
  limit_diagnostics_.push_back(std::move(diagnostic));
}

std::vector<Diagnostic> Evaluator::diagnostics() const {
  std::vector<Diagnostic> sorted = limit_diagnostics_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.range.begin < b.range.begin;
  });
  return sorted;
}

void Evaluator::index_parameters() {
  if (template_.parameters) {
    for (const Value::Entry& entry : template_.parameters->entries()) {
      const Value& declaration = entry.value;
      Parameter parameter;
      const Value* type = declaration.is_mapping() ? declaration.find("Type") : nullptr;
      if (type && type->as_string()) parameter.type = type->text();
      parameter.is_list = is_list_parameter_type(parameter.type);
      // An SSM-typed parameter's value is the SSM key's content, read at deploy time.
      bool from_ssm = is_ssm_parameter_type(parameter.type);
      std::optional<std::string> text;
      if (auto given = given_.values.find(entry.key); given != given_.values.end()) {
        text = given->second;
      } else if (declaration.is_mapping()) {
        const Value* fallback = declaration.find("Default");
        parameter.from_default = fallback != nullptr;
        text = default_text(fallback);
      }
      if (text && !from_ssm) {
        parameter.known = parameter.is_list ? split_list_parameter(*text) : std::vector<std::string>{*text};
      }
      const Value* allowed = declaration.is_mapping() ? declaration.find("AllowedValues") : nullptr;
      if (!from_ssm && allowed && allowed->is_sequence() && !allowed->items().empty()) parameter.allowed_values = allowed;
      // No value given and no Default, but one value allowed: CloudFormation takes no other.
      if (!text && !from_ssm && !parameter.is_list && parameter.allowed_values && allowed->items().size() == 1 &&
          allowed->items()[0].is_scalar() && !allowed->items()[0].is_null())
        parameter.known = std::vector<std::string>{allowed->items()[0].text()};
      parameters_.emplace(entry.key, std::move(parameter));
    }
  }
  // Pseudo parameters are known only when given (--parameter AWS::Region=eu-west-1).
  for (const auto& [name, text] : given_.values) {
    if (!name.starts_with("AWS::") || name == "AWS::NoValue" || parameters_.count(name)) continue;
    Parameter parameter;
    parameter.is_list = name == "AWS::NotificationARNs";
    parameter.known = parameter.is_list ? split_list_parameter(text) : std::vector<std::string>{text};
    parameters_.emplace(name, std::move(parameter));
  }
}

void Evaluator::index_conditions() {
  if (!template_.conditions) return;
  for (const Value::Entry& entry : template_.conditions->entries()) {
    conditions_.emplace(entry.key, &entry.value);  // first wins, like Value::find
  }
}

const Value* Evaluator::condition_definition(std::string_view name) const {
  auto found = conditions_.find(name);
  return found == conditions_.end() ? nullptr : found->second;
}

namespace {

// The walk behind reads_parameter_defaults: `seen` holds the conditions already read (a
// cycle, or one named twice, is read once).
bool reads_defaults(const Evaluator& evaluator, const Value& expression, const ParameterValues& given,
                    std::vector<std::string_view>& seen) {
  if (const Value::Entry* call = expression.intrinsic(); call && call->value.is_scalar()) {
    std::string_view name = call->value.text();
    if (call->key == "Ref") {
      // A parameter with no Default is unknown: a truth that still follows comes from its
      // AllowedValues (or from no value at all), and holds for every value the stack takes.
      return !given.values.contains(name) &&
             (is_partition_pseudo_parameter(name) || evaluator.value_from_default(name));
    }
    if (call->key == "Condition") {
      const Value* named = evaluator.condition_definition(name);
      if (!named || std::find(seen.begin(), seen.end(), name) != seen.end()) return false;
      seen.push_back(name);
      return reads_defaults(evaluator, *named, given, seen);
    }
  }
  for (const Value& item : expression.items())
    if (reads_defaults(evaluator, item, given, seen)) return true;
  for (const Value::Entry& entry : expression.entries())
    if (reads_defaults(evaluator, entry.value, given, seen)) return true;
  return false;
}

}  // namespace

bool Evaluator::reads_parameter_defaults(std::string_view condition) const {
  const Value* expression = condition_definition(condition);
  std::vector<std::string_view> seen{condition};
  return expression && reads_defaults(*this, *expression, given_, seen);
}

bool Evaluator::value_from_default(std::string_view name) const {
  const Parameter* declared = parameter(name);
  return declared && declared->from_default;
}

const Evaluator::Parameter* Evaluator::parameter(std::string_view name) const {
  auto found = parameters_.find(name);
  return found == parameters_.end() ? nullptr : &found->second;
}

std::optional<bool> Evaluator::condition(std::string_view name) const {
  Resolver resolver(*this, nullptr);
  return resolver.condition(name);
}

Value Evaluator::resolve(const Value& value, const Assumptions& assumptions) const {
  Facts facts = eval_detail::imply(*this, assumptions);
  Resolver resolver(*this, assumptions.empty() ? nullptr : &facts);
  auto resolved = resolver.resolve(value);
  return resolved ? std::move(*resolved) : value;
}

bool Evaluator::consistent(const Assumptions& a, const Assumptions& b) const {
  Assumptions both = a;
  for (const Assumption& assumption : b) insert_sorted(both, assumption);
  return !eval_detail::imply(*this, both).contradictory;
}

std::optional<bool> Evaluator::condition_under(std::string_view name, const Assumptions& assumptions) const {
  Facts facts = eval_detail::imply(*this, assumptions);
  if (facts.contradictory) return std::nullopt;
  Resolver resolver(*this, assumptions.empty() ? nullptr : &facts);
  return resolver.condition(name);
}

std::vector<Scenario> Evaluator::scenarios(const Resource& resource) const {
  Assumptions assumed;
  if (resource.condition) {
    if (auto name = resource.condition->as_string()) {
      auto exists = condition(*name);
      if (exists == false) return {};  // never created
      if (!exists) assumed.push_back(Assumption{std::string(*name), true});
    }
  }
  std::vector<Scenario> out;
  // The hot path: most resources hold literal properties only, and are not copied. A
  // Condition undecided alone may still be impossible with what it implies (no
  // AllowedValue left); add_scenarios asks that itself.
  if (!resource.properties || !contains_intrinsic(*resource.properties)) {
    if (!assumed.empty() && eval_detail::imply(*this, assumed).contradictory) return {};
    out.push_back(Scenario{std::move(assumed), resource.properties, nullptr});
    return out;
  }
  resolving_ = &resource;
  add_scenarios(resource, std::move(assumed), kMaxScenarioConditions, out);
  resolving_ = nullptr;
  return out;
}

// Resolves the properties under `assumptions`; if a Fn::If was left undecided and splits
// remain, tries the first such condition both ways instead. Each split doubles the
// variants, so there are at most 2^kMaxScenarioConditions.
void Evaluator::add_scenarios(const Resource& resource, Assumptions assumptions,
                              size_t splits_left, std::vector<Scenario>& out) const {
  Facts facts = eval_detail::imply(*this, assumptions);
  if (facts.contradictory) return;  // no deployment matches these assumptions
  Resolver resolver(*this, assumptions.empty() ? nullptr : &facts);
  if (splits_left > 0) resolver.stop_at_first_undecided();
  Value rewritten;
  Resolver::Change change = resolver.rewrite(*resource.properties, rewritten);
  if (splits_left > 0 && !resolver.undecided().empty()) {
    const std::string& split_on = resolver.undecided().front();
    size_t before = out.size();
    for (bool value : {true, false}) {
      Assumptions next = assumptions;
      insert_sorted(next, Assumption{split_on, value});
      add_scenarios(resource, std::move(next), splits_left - 1, out);
    }
    if (out.size() > before) return;
    // Neither value is consistent (circular conditions, which CloudFormation rejects):
    // keep the condition unknown rather than lose the resource's other properties, from
    // a whole resolution (the probe above stopped at the condition).
    add_scenarios(resource, std::move(assumptions), 0, out);
    return;
  }
  Scenario scenario;
  scenario.assumptions = std::move(assumptions);
  if (change == Resolver::Change::Unchanged) scenario.properties = resource.properties;
  if (change == Resolver::Change::Rewritten) {
    scenario.owned = std::make_shared<const Value>(std::move(rewritten));
    scenario.properties = scenario.owned.get();
  }
  out.push_back(std::move(scenario));
}

bool is_dynamic_reference(std::string_view text) {
  return any_dynamic_reference(text, [](std::string_view service) {
    return service == "ssm" || service == "ssm-secure" || service == "secretsmanager";
  });
}

bool is_secret_dynamic_reference(std::string_view text) {
  return any_dynamic_reference(text, [](std::string_view service) {
    return service == "ssm-secure" || service == "secretsmanager";
  });
}

bool is_unknown(const Value& value) {
  if (value.intrinsic()) return true;
  return value.is_scalar() && is_dynamic_reference(value.text());
}

bool contains_intrinsic(const Value& value) {
  if (auto known = value.known_to_contain_intrinsic()) return *known;
  switch (value.kind()) {
    case Value::Kind::Scalar:
      return false;
    case Value::Kind::Sequence:
      return std::any_of(value.items().begin(), value.items().end(),
                         [](const Value& item) { return contains_intrinsic(item); });
    case Value::Kind::Mapping:
      if (value.intrinsic()) return true;
      return std::any_of(value.entries().begin(), value.entries().end(),
                         [](const Value::Entry& entry) { return contains_intrinsic(entry.value); });
  }
  return false;
}

}  // namespace cfn
