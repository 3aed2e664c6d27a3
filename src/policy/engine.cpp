#include "policy/engine.h"

#include <algorithm>
#include <functional>
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

// The same, for a built-in rule from a table made once per process: analyze() asks it
// for every rule of every template.
CheckFn check_of(const RuleMeta& rule) {
  static const std::vector<CheckFn> builtin = [] {
    std::vector<CheckFn> checks;
    for (const RuleMeta& each : builtin_rules()) checks.push_back(find_check(each));
    return checks;
  }();
  auto rules = builtin_rules();
  std::less<const RuleMeta*> before;
  bool is_builtin = !before(&rule, rules.data()) && before(&rule, rules.data() + rules.size());
  return is_builtin ? builtin[static_cast<size_t>(&rule - rules.data())] : find_check(rule);
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

std::vector<Finding> analyze(const Template& tmpl, const RuleFilter& filter,
                             const ParameterValues& parameters, const EvalLimits& eval_limits) {
  std::vector<Finding> findings;
  for (const Diagnostic& diagnostic : tmpl.diagnostics()) {
    Finding finding = finding_from_diagnostic(diagnostic);
    if (filter.enabled(*finding.rule)) findings.push_back(std::move(finding));
  }
  if (tmpl.root()) {
    Evaluator evaluator(tmpl, parameters, eval_limits);
    ResourceVariants variants(evaluator);
    std::unique_ptr<ResourceGraph> graph;  // built by the first check that asks
    for (auto rules : {builtin_rules(), filter.user_rules}) {
      for (const RuleMeta& rule : rules) {
        CheckFn check = check_of(rule);
        if (!check || !filter.enabled(rule)) continue;
        std::vector<VariantFinding> reported;
        CheckContext context(tmpl, rule, variants, graph, reported);
        check(context);
        for (Finding& finding : merge_variant_findings(std::move(reported))) findings.push_back(std::move(finding));
      }
    }
    for (const Diagnostic& diagnostic : evaluator.diagnostics()) {  // evaluation limits
      Finding finding = finding_from_diagnostic(diagnostic);
      if (filter.enabled(*finding.rule)) findings.push_back(std::move(finding));
    }
  }
  std::stable_sort(findings.begin(), findings.end(), finding_less);
  return findings;
}

}  // namespace cfn
