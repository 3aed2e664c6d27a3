// The table of native checks, sorted by rule id (the engine runs them in this order).
// Each group of rules keeps its own table (checks_<group>.cpp) so that groups grow
// independently; this file joins them once.
#include <algorithm>
#include <stdexcept>
#include <vector>

#include "policy/checks/checks.h"

namespace cfn {

namespace {

constexpr NativeCheck kFirstChecks[] = {
    NativeCheck{"iam-policy-wildcard-action", &checks::iam_policy_wildcard_action},
    NativeCheck{"lambda-function-no-tracing", &checks::lambda_function_no_tracing},
    NativeCheck{"s3-bucket-no-encryption", &checks::s3_bucket_no_encryption},
    NativeCheck{"template-dependency-cycle", &checks::template_dependency_cycle},
    NativeCheck{"template-invalid-intrinsic", &checks::template_invalid_intrinsic},
    NativeCheck{"template-undefined-reference", &checks::template_undefined_reference},
};

std::vector<NativeCheck> joined_checks() {
  std::vector<NativeCheck> all(std::begin(kFirstChecks), std::end(kFirstChecks));
  for (auto group : {checks::encryption_checks(), checks::access_checks(), checks::observability_checks()})
    all.insert(all.end(), group.begin(), group.end());
  std::sort(all.begin(), all.end(),
            [](const NativeCheck& a, const NativeCheck& b) { return a.rule_id < b.rule_id; });
  auto duplicate = std::adjacent_find(all.begin(), all.end(), [](const NativeCheck& a, const NativeCheck& b) {
    return a.rule_id == b.rule_id;
  });
  if (duplicate != all.end()) throw std::logic_error("two native checks for " + std::string(duplicate->rule_id));
  return all;
}

}  // namespace

std::span<const NativeCheck> native_checks() {
  static const std::vector<NativeCheck> all = joined_checks();
  return all;
}

}  // namespace cfn
