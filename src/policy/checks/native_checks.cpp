// The table of native checks, sorted by rule id (the engine runs them in this order).
#include <array>

#include "policy/checks/checks.h"

namespace cfn {

namespace {

constexpr std::array kNativeChecks = {
    NativeCheck{"iam-policy-wildcard-action", &checks::iam_policy_wildcard_action},
    NativeCheck{"lambda-function-no-tracing", &checks::lambda_function_no_tracing},
    NativeCheck{"s3-bucket-no-encryption", &checks::s3_bucket_no_encryption},
};

constexpr bool sorted_by_id() {
  for (size_t i = 1; i < kNativeChecks.size(); ++i) {
    if (!(kNativeChecks[i - 1].rule_id < kNativeChecks[i].rule_id)) return false;
  }
  return true;
}
static_assert(sorted_by_id(), "kNativeChecks must be sorted by rule id, without duplicates");

}  // namespace

std::span<const NativeCheck> native_checks() { return kNativeChecks; }

}  // namespace cfn
