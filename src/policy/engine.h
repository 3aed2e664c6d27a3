// Runs the enabled rules over one template and returns its findings, sorted.
#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "eval/parameters.h"
#include "model/template.h"
#include "policy/finding.h"

namespace cfn {

// Which rules run; the default runs every built-in rule.
struct RuleFilter {
  std::function<bool(const RuleMeta&)> enabled = [](const RuleMeta&) { return true; };
};

// Findings for a template: its load/structure diagnostics plus every enabled check.
// Parameter values (--parameter) override the template's defaults.
std::vector<Finding> analyze(const Template& tmpl, const RuleFilter& filter = {},
                             const ParameterValues& parameters = {});

// A finding for a loader diagnostic (a template-* rule).
Finding finding_from_diagnostic(const Diagnostic& diagnostic);

}  // namespace cfn
