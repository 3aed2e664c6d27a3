// kms-key-no-rotation: a symmetric encryption AWS::KMS::Key without EnableKeyRotation: true.
// Asymmetric and HMAC keys (KeySpec other than SYMMETRIC_DEFAULT) and keys whose material
// is imported or held in a custom key store (Origin other than AWS_KMS) cannot rotate
// automatically and are not judged.
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

namespace {

bool can_rotate_automatically(const Resource& key) {
  PropertyLookup spec = lookup_property(key, {"KeySpec"});
  PropertyLookup origin = lookup_property(key, {"Origin"});
  return (spec.missing() || found_text(spec, "SYMMETRIC_DEFAULT")) &&
         (origin.missing() || found_text(origin, "AWS_KMS"));
}

}  // namespace

void kms_key_no_rotation(CheckContext& ctx) {
  for (const Resource* key : ctx.resources()) {
    if (can_rotate_automatically(*key)) require_true(ctx, *key, {"EnableKeyRotation"});
  }
}

}  // namespace cfn::checks
