// Runs the enabled rules over one template and returns its findings, sorted.
#pragma once

#include <functional>
#include <span>
#include <string_view>
#include <vector>

#include "eval/parameters.h"
#include "model/template.h"
#include "policy/finding.h"

namespace cfn {

// Which rules run: the built-in ones and `user_rules` (from --policies, which must outlive
// the analysis), each when `enabled` says so. The default runs every built-in rule.
struct RuleFilter {
  std::function<bool(const RuleMeta&)> enabled = [](const RuleMeta&) { return true; };
  std::span<const RuleMeta> user_rules = {};
};

// Findings for a template: its load/structure diagnostics plus every enabled check, and
// a template-limit-exceeded finding where evaluation ran out of steps (eval_limits).
// Parameter values (--parameter) override the template's defaults. With `unchecked`, also
// the resources whose Condition is false only because of parameters' Defaults
// (Evaluator::reads_parameter_defaults), which no rule checked, in template order;
// resources SAM generates are left out (their SAM resource stands for them).
std::vector<Finding> analyze(const Template& tmpl, const RuleFilter& filter = {},
                             const ParameterValues& parameters = {}, const EvalLimits& eval_limits = {},
                             std::vector<UncheckedResource>* unchecked = nullptr);

// A finding for a loader diagnostic (a template-* rule).
Finding finding_from_diagnostic(const Diagnostic& diagnostic);

}  // namespace cfn
