// Suppressions written in a template: cfn-scan's own (resource and template Metadata,
// `# cfn-scan: ignore` comments) and, through each rule's `equivalents`, those written
// for checkov, cfn_nag, cfn-lint, trivy and KICS. A suppressed finding is marked, never
// dropped (DESIGN.md: "mark, never drop"); suppressions that match nothing or give no reason
// become findings of their own (template-suppression-unused, -no-reason).
#pragma once

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "model/template.h"
#include "policy/finding.h"
#include "policy/rule.h"

namespace cfn {

struct SuppressionOptions {
  // Honour suppressions written for checkov, cfn_nag, cfn-lint, trivy and KICS
  // (--no-foreign-suppressions turns this off).
  bool foreign = true;
  // The date (YYYY-MM-DD) a trivy `:exp:` date is compared with; empty: none has expired.
  std::string today;
  // The rules that ran. A suppression naming only rules that did not run is not
  // "unused": `--enable tracing` must not flag every S3 suppression in the template.
  std::function<bool(const RuleMeta&)> rule_enabled = [](const RuleMeta&) { return true; };
  // Every rule a suppression may name (built-in, plus user policies when there are any).
  std::span<const RuleMeta> rules = builtin_rules();
};

struct SuppressionSummary {
  size_t suppressed = 0;      // findings that received at least one suppression
  size_t unused = 0;          // template-suppression-unused findings added
  size_t missing_reason = 0;  // template-suppression-no-reason findings added
};

// Marks `findings` (one template's, as analyze() returns them) with a Suppression
// {kind "inSource", justification = the reason} for every suppression that covers them,
// appends the findings about the suppressions themselves (only when their rule is
// enabled), and re-sorts with finding_less.
//
// Scopes: a comment covers findings whose range starts on its line or the next one,
// except foreign comments, which cover what their tool applies them to: a checkov comment
// the resource whose lines hold it (none above the first), a trivy comment (and KICS's
// ignore-block) the resource, property or list item below it, KICS's ignore-line its line
// and the next, its ignore and disable= at the file's start the file; resource Metadata
// covers findings whose logical_id is that resource; template Metadata covers every
// finding of the file. An id is a rule id or a category tag (cfn-scan's own forms), or a
// peer tool's id matched against RuleMeta::equivalents for that tool.
SuppressionSummary apply_suppressions(const Template& tmpl, std::vector<Finding>& findings,
                                      const SuppressionOptions& options = {});

}  // namespace cfn
