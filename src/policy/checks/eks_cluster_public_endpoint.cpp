// eks-cluster-public-endpoint: an AWS::EKS::Cluster whose Kubernetes API endpoint is open
// to the whole internet: EndpointPublicAccess true, or left out (it defaults to true), with
// PublicAccessCidrs absent (it defaults to 0.0.0.0/0) or holding 0.0.0.0/0.
#include <algorithm>

#include "policy/checks/checks_access.h"

namespace cfn::checks {

namespace {

// PublicAccessCidrs narrows the endpoint unless it is absent or lists the whole internet.
bool open_to_internet(const Value& vpc_config) {
  const Value* cidrs = vpc_config.find("PublicAccessCidrs");
  if (!cidrs) return true;
  if (is_unknown(*cidrs) || !cidrs->is_sequence()) return false;
  return std::any_of(cidrs->items().begin(), cidrs->items().end(), [](const Value& cidr) {
    return !is_unknown(cidr) && cidr.as_string() == "0.0.0.0/0";
  });
}

}  // namespace

void eks_cluster_public_endpoint(CheckContext& ctx) {
  for (const Resource* cluster : ctx.resources()) {
    const Value::Entry* entry = cluster->properties ? cluster->properties->find_entry("ResourcesVpcConfig") : nullptr;
    const Value* vpc_config = entry ? &entry->value : nullptr;
    if (!vpc_config || is_unknown(*vpc_config) || !vpc_config->is_mapping() || !open_to_internet(*vpc_config))
      continue;
    const std::string path = cluster->property_path("ResourcesVpcConfig.EndpointPublicAccess");
    const Value* public_access = vpc_config->find("EndpointPublicAccess");
    if (!public_access) {
      report_entry(ctx, *cluster, *entry, path);
    } else if (!is_unknown(*public_access) && public_access->as_bool() != false) {
      ctx.report(*cluster, *public_access, path);
    }
  }
}

}  // namespace cfn::checks
