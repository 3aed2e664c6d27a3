// One problem in one template, as every reporter sees it.
#pragma once

#include <string>
#include <vector>

#include "model/source.h"
#include "policy/rule.h"

namespace cfn {

struct Suppression {
  std::string kind;           // "inSource" | "external" (SARIF's words)
  std::string justification;
};

// A resource no rule checked because its Condition is false with the parameters' Defaults:
// another deployment (other values, `--parameter`) creates it, so the report says so.
struct UncheckedResource {
  std::string logical_id;
  std::string condition;
};

struct Finding {
  const RuleMeta* rule = nullptr;
  Level level = Level::Warning;  // the rule's level unless configuration overrides it
  Range range;                   // the offending value, or the logical-id key when missing
  std::string logical_id;        // resource, parameter or output
  std::string property_path;     // Resources.Api.Properties.TracingEnabled
  std::string message;
  std::string sam_resource;      // the SAM resource that generated logical_id, if any
  std::vector<Suppression> suppressions;
};

// Deterministic report order: position, then rule id, then path.
bool finding_less(const Finding& a, const Finding& b);
// Sorts into that order; findings that compare equal keep their order (stable).
void sort_findings(std::vector<Finding>& findings);

}  // namespace cfn
