// opensearch-domain-access-policy-public: an OpenSearch Service (or Elasticsearch) domain
// reachable from the internet whose AccessPolicies allow everyone (Principal "*") with no
// IP or account condition. A domain inside a VPC (VPCOptions) is reached only through its
// security groups, and one with fine-grained access control enabled authenticates every
// request itself; AWS documents an open access policy as the normal setup for both.
#include "policy/checks/checks_access.h"

namespace cfn::checks {

namespace {

// VPCOptions present (even unknown) or fine-grained access control on or unknown.
bool protected_otherwise(const Resource& domain) {
  if (domain.property("VPCOptions")) return true;
  const Value* enabled = nested_property(domain, "AdvancedSecurityOptions.Enabled");
  return enabled && (is_unknown(*enabled) || enabled->as_bool() != false);
}

}  // namespace

void opensearch_domain_access_policy_public(CheckContext& ctx) {
  for (const Resource* domain : ctx.resources()) {
    const Value* document = domain->property("AccessPolicies");
    if (!document || protected_otherwise(*domain)) continue;
    report_public_statements(ctx, *domain, *document, domain->property_path("AccessPolicies"));
  }
}

}  // namespace cfn::checks
