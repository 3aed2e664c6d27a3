#include "policy/engine.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <set>
#include <stdexcept>

#include "eval/evaluator.h"
#include "policy/check.h"
#include "policy/predicate_eval.h"
#include "policy/variants.h"

namespace cfn {

namespace {

const NativeCheck* find_native_check(std::string_view rule_id) {
  auto checks = native_checks();
  auto it = std::lower_bound(checks.begin(), checks.end(), rule_id,
                             [](const NativeCheck& check, std::string_view id) { return check.rule_id < id; });
  return it != checks.end() && it->rule_id == rule_id ? &*it : nullptr;
}

// How a rule is checked: its predicates, or its native check; none for loader rules
// (template-*), whose findings come from the template's diagnostics.
CheckFn find_check(const RuleMeta& rule) {
  if (rule.require) return &run_declarative;
  const NativeCheck* native = find_native_check(rule.id);
  return native ? native->run : nullptr;
}

// A built-in rule's place in builtin_rules(); nullopt for a user rule.
std::optional<size_t> builtin_index(const RuleMeta& rule) {
  auto rules = builtin_rules();
  std::less<const RuleMeta*> before;
  bool is_builtin = !before(&rule, rules.data()) && before(&rule, rules.data() + rules.size());
  if (!is_builtin) return std::nullopt;
  return static_cast<size_t>(&rule - rules.data());
}

// The same, for a built-in rule from a table made once per process: analyze() asks it
// for every rule of every template.
CheckFn check_of(const RuleMeta& rule) {
  static const std::vector<CheckFn> builtin = [] {
    std::vector<CheckFn> checks;
    for (const RuleMeta& each : builtin_rules()) checks.push_back(find_check(each));
    return checks;
  }();
  auto index = builtin_index(rule);
  return index ? builtin[*index] : find_check(rule);
}

// The resource types the built-in rules name, numbered once per process, and each built-in
// rule's types as those numbers. Every rule asks for the resources of its types in every
// template; hashing each type name each time was most of what a rule that finds nothing
// cost, and most rules find nothing in a given template.
struct TypeNumbers {
  TextMap<uint32_t> number_of;
  std::vector<std::vector<uint32_t>> of_rule;  // indexed like builtin_rules()
};

const TypeNumbers& builtin_type_numbers() {
  static const TypeNumbers numbers = [] {
    TypeNumbers made;
    for (const RuleMeta& rule : builtin_rules()) {
      std::vector<uint32_t>& of_rule = made.of_rule.emplace_back();
      for (std::string_view type : rule.resource_types) {
        auto [slot, added] = made.number_of.try_emplace(std::string(type), static_cast<uint32_t>(made.number_of.size()));
        of_rule.push_back(slot->second);
      }
    }
    return made;
  }();
  return numbers;
}

// The template's resource lists by type number: one lookup per type the template uses.
std::vector<const std::vector<const Resource*>*> resources_by_type_number(const Template& tmpl) {
  const TypeNumbers& numbers = builtin_type_numbers();
  std::vector<const std::vector<const Resource*>*> by_number(numbers.number_of.size(), nullptr);
  for (const auto& [type, resources] : tmpl.resources_by_type()) {
    if (auto it = numbers.number_of.find(type); it != numbers.number_of.end()) by_number[it->second] = &resources;
  }
  return by_number;
}

// The built-in rules' places in builtin_rules(), declarative rules first. The order
// decides nothing in the report (findings are sorted), but running every declarative rule
// in a row, then every native check, keeps the predicate interpreter's code in the
// instruction cache: interleaved, each evicted the other, and instruction-cache misses
// were the largest part of the analysis's time.
const std::vector<size_t>& builtin_run_order() {
  static const std::vector<size_t> order = [] {
    std::vector<size_t> made(builtin_rules().size());
    for (size_t i = 0; i < made.size(); ++i) made[i] = i;
    std::stable_partition(made.begin(), made.end(),
                          [](size_t i) { return check_of(builtin_rules()[i]) == &run_declarative; });
    return made;
  }();
  return order;
}

// An enabled built-in rule that has a check, by its place in builtin_rules().
struct BuiltinCheck {
  size_t index;
  CheckFn check;
};

// The enabled built-in checks in builtin_run_order(): asked once per template, not once
// per loop over the rules (the filter is a function call, the check a table lookup).
std::vector<BuiltinCheck> enabled_builtin_checks(const RuleFilter& filter) {
  const auto rules = builtin_rules();
  std::vector<BuiltinCheck> enabled;
  enabled.reserve(rules.size());
  for (size_t index : builtin_run_order()) {
    CheckFn check = check_of(rules[index]);
    if (check && filter.enabled(rules[index])) enabled.push_back(BuiltinCheck{index, check});
  }
  return enabled;
}

// Resolves, in one pass before any rule runs, every resource an enabled built-in rule
// checks: the work those rules would start on first use, but done together it keeps the
// resolver's code in the cache instead of interleaving it with the rules'. Other resources
// are left to be resolved if some rule asks (a resource of a disabled rule's type may then
// never be, nor reach an evaluation limit).
void resolve_checked_resources(ResourceVariants& variants, const std::vector<BuiltinCheck>& enabled,
                               const std::vector<const std::vector<const Resource*>*>& by_number) {
  const TypeNumbers& numbers = builtin_type_numbers();
  std::vector<bool> checked(by_number.size(), false);
  for (const BuiltinCheck& builtin : enabled) {
    for (uint32_t number : numbers.of_rule[builtin.index]) checked[number] = true;
  }
  for (size_t number = 0; number < by_number.size(); ++number) {
    if (!checked[number] || !by_number[number]) continue;
    for (const Resource* resource : *by_number[number]) variants.of(*resource);
  }
}

}  // namespace

Finding finding_from_diagnostic(const Diagnostic& diagnostic) {
  const RuleMeta* rule = find_builtin_rule(diagnostic.rule_id);
  if (!rule) throw std::logic_error("diagnostic names unknown rule " + diagnostic.rule_id);
  Finding finding;
  finding.rule = rule;
  finding.level = rule->level;
  finding.range = diagnostic.range;
  finding.logical_id = diagnostic.logical_id;
  finding.property_path = diagnostic.property_path;
  finding.message = diagnostic.message;
  return finding;
}

namespace {

// The resources whose Condition is false with the parameters' Defaults (see analyze).
// Resources SAM generates are listed as the SAM resource the author wrote: by the one
// that keeps its logical id (a function's Lambda function), or, for a SAM resource none
// keeps it for (a LayerVersion's <Id><hash>, a Connector's policies), by the first.
std::vector<UncheckedResource> resources_off_by_default(const Evaluator& evaluator) {
  std::set<std::string_view> kept_id;
  for (const Resource& resource : evaluator.tmpl().resources())
    if (!resource.sam_resource.empty() && resource.sam_resource == resource.logical_id)
      kept_id.insert(resource.logical_id);
  std::set<std::string_view> listed;
  std::vector<UncheckedResource> unchecked;
  for (const Resource& resource : evaluator.tmpl().resources()) {
    auto condition = resource.condition ? resource.condition->as_string() : std::nullopt;
    bool generated = !resource.sam_resource.empty() && resource.sam_resource != resource.logical_id;
    if (!condition || (generated && kept_id.contains(resource.sam_resource))) continue;
    const std::string& name = generated ? resource.sam_resource : resource.logical_id;
    if (!listed.insert(name).second) continue;  // one entry for each SAM resource
    if (evaluator.condition(*condition) == false && evaluator.reads_parameter_defaults(*condition))
      unchecked.push_back(UncheckedResource{name, std::string(*condition)});
  }
  return unchecked;
}

}  // namespace

std::vector<Finding> analyze(const Template& tmpl, const RuleFilter& filter, const ParameterValues& parameters,
                             const EvalLimits& eval_limits, std::vector<UncheckedResource>* unchecked) {
  std::vector<Finding> findings;
  for (const Diagnostic& diagnostic : tmpl.diagnostics()) {
    Finding finding = finding_from_diagnostic(diagnostic);
    if (filter.enabled(*finding.rule)) findings.push_back(std::move(finding));
  }
  if (tmpl.root()) {
    Evaluator evaluator(tmpl, parameters, eval_limits);
    if (unchecked) *unchecked = resources_off_by_default(evaluator);
    ResourceVariants variants(evaluator);
    std::unique_ptr<ResourceGraph> graph;  // built by the first check that asks
    const auto by_type_number = resources_by_type_number(tmpl);
    const std::vector<BuiltinCheck> enabled = enabled_builtin_checks(filter);
    resolve_checked_resources(variants, enabled, by_type_number);
    // Each rule's findings are merged after every rule has run, all in a row, for the
    // same reason as builtin_run_order().
    std::vector<std::vector<VariantFinding>> reported_by_rule;
    // A built-in rule's types come as numbers into by_type_number; a user rule's (none
    // given) are looked up by name.
    auto run = [&](const RuleMeta& rule, CheckFn check, TypedResources typed) {
      std::vector<VariantFinding> reported;
      CheckContext context(tmpl, rule, variants, graph, reported, typed);
      check(context);
      if (!reported.empty()) reported_by_rule.push_back(std::move(reported));
    };
    const auto rules = builtin_rules();
    const TypeNumbers& numbers = builtin_type_numbers();
    for (const BuiltinCheck& builtin : enabled)
      run(rules[builtin.index], builtin.check, TypedResources{&by_type_number, numbers.of_rule[builtin.index]});
    for (const RuleMeta& rule : filter.user_rules) {
      CheckFn check = check_of(rule);
      if (check && filter.enabled(rule)) run(rule, check, TypedResources{});
    }
    for (std::vector<VariantFinding>& reported : reported_by_rule) {
      for (Finding& finding : merge_variant_findings(std::move(reported))) findings.push_back(std::move(finding));
    }
    for (const Diagnostic& diagnostic : evaluator.diagnostics()) {  // evaluation limits
      Finding finding = finding_from_diagnostic(diagnostic);
      if (filter.enabled(*finding.rule)) findings.push_back(std::move(finding));
    }
  }
  sort_findings(findings);
  return findings;
}

}  // namespace cfn
