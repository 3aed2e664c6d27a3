// eks-cluster-no-secrets-encryption: an AWS::EKS::Cluster without an EncryptionConfig that
// names a KMS key for Kubernetes secrets. EKS encrypts API data with a key AWS owns; only
// EncryptionConfig puts envelope encryption of secrets under a key you control.
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

namespace {

// EncryptionConfig is a list of {Provider: {KeyArn}, Resources: [secrets]}; any entry with a key counts.
void check_configs(CheckContext& ctx, const Resource& cluster, const PropertyLookup& configs) {
  if (!configs.value->is_sequence()) return;
  const auto& items = configs.value->items();
  for (size_t i = 0; i < items.size(); ++i) {
    std::string item_path = checks::item_path(configs.path, i);
    if (!lookup_in(items[i], item_path, {"Provider", "KeyArn"}).missing()) return;
  }
  report_lookup(ctx, cluster, configs);
}

}  // namespace

void eks_cluster_no_secrets_encryption(CheckContext& ctx) {
  for (const Resource* cluster : ctx.resources()) {
    PropertyLookup configs = lookup_property(*cluster, {"EncryptionConfig"});
    if (configs.missing()) {
      report_lookup(ctx, *cluster, configs);
    } else if (configs.found()) {
      check_configs(ctx, *cluster, configs);
    }
  }
}

}  // namespace cfn::checks
