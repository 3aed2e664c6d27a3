// opensearch-domain-https-not-enforced: an AWS::OpenSearchService::Domain or
// AWS::Elasticsearch::Domain that accepts plain HTTP (DomainEndpointOptions.EnforceHTTPS
// not true), or that enforces HTTPS but still accepts TLS 1.0 and 1.1 (TLSSecurityPolicy
// absent, whose default is Policy-Min-TLS-1-0-2019-07, or set to it).
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

void opensearch_domain_https_not_enforced(CheckContext& ctx) {
  for (const Resource* domain : ctx.resources()) {
    PropertyLookup enforce = lookup_property(*domain, {"DomainEndpointOptions", "EnforceHTTPS"});
    if (enforce.missing() || (enforce.found() && enforce.value->as_bool() != true)) {
      report_lookup(ctx, *domain, enforce);
      continue;
    }
    PropertyLookup policy = lookup_property(*domain, {"DomainEndpointOptions", "TLSSecurityPolicy"});
    if (policy.missing() || found_text(policy, "Policy-Min-TLS-1-0-2019-07")) report_lookup(ctx, *domain, policy);
  }
}

}  // namespace cfn::checks
