#include "policy/engine.h"

#include <algorithm>
#include <stdexcept>

#include "eval/evaluator.h"
#include "policy/check.h"
#include "policy/variants.h"

namespace cfn {

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
    for (const NativeCheck& check : native_checks()) {
      const RuleMeta* rule = find_builtin_rule(check.rule_id);
      if (!rule) throw std::logic_error("native check without metadata: " + std::string(check.rule_id));
      if (!filter.enabled(*rule)) continue;
      std::vector<VariantFinding> reported;
      CheckContext context(tmpl, *rule, variants, graph, reported);
      check.run(context);
      for (Finding& finding : merge_variant_findings(std::move(reported))) findings.push_back(std::move(finding));
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
