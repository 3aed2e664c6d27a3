// sagemaker-endpointconfig-no-cmk: an AWS::SageMaker::EndpointConfig without KmsKeyId for
// the storage volumes of its instances. Serverless variants have no such volume and
// cannot take the key, so a configuration made only of them is not judged.
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

namespace {

// Whether every production variant is serverless (ServerlessConfig): KmsKeyId is refused then.
bool only_serverless_variants(const Resource& config) {
  PropertyLookup variants = lookup_property(config, {"ProductionVariants"});
  if (!variants.found() || !variants.value->is_sequence()) return false;
  for (const Value& variant : variants.value->items()) {
    if (is_unknown(variant) || !variant.is_mapping()) return true;  // cannot tell: do not judge
    if (!variant.find("ServerlessConfig")) return false;
  }
  return !variants.value->items().empty();
}

}  // namespace

void sagemaker_endpointconfig_no_cmk(CheckContext& ctx) {
  for (const Resource* config : ctx.resources()) {
    if (!only_serverless_variants(*config)) require_present(ctx, *config, {"KmsKeyId"});
  }
}

}  // namespace cfn::checks
