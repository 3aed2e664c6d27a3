// msk-cluster-public: an AWS::MSK::Cluster whose brokers have public access turned on
// (ConnectivityInfo.PublicAccess.Type SERVICE_PROVIDED_EIPS); the default is DISABLED.
#include "policy/checks/checks_access.h"

namespace cfn::checks {

void msk_cluster_public(CheckContext& ctx) {
  constexpr std::string_view kPath = "BrokerNodeGroupInfo.ConnectivityInfo.PublicAccess.Type";
  for (const Resource* cluster : ctx.resources()) {
    const Value* type = nested_property(*cluster, kPath);
    if (!type || is_unknown(*type)) continue;
    auto text = type->as_string();
    if (text && *text == "SERVICE_PROVIDED_EIPS") ctx.report(*cluster, *type, cluster->property_path(kPath));
  }
}

}  // namespace cfn::checks
