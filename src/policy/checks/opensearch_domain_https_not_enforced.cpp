// opensearch-domain-https-not-enforced: an AWS::OpenSearchService::Domain or
// AWS::Elasticsearch::Domain that accepts plain HTTP (DomainEndpointOptions.EnforceHTTPS
// not true), or that enforces HTTPS but still accepts TLS 1.0 and 1.1 (TLSSecurityPolicy
// absent, whose default is Policy-Min-TLS-1-0-2019-07, or set to it). The message names
// only the setting that needs changing: a domain enforcing HTTPS is not told to enforce it.
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

namespace {

constexpr std::string_view kOldPolicy = "Policy-Min-TLS-1-0-2019-07";

bool accepts_old_tls(const PropertyLookup& policy) { return policy.missing() || found_text(policy, kOldPolicy); }

}  // namespace

void opensearch_domain_https_not_enforced(CheckContext& ctx) {
  for (const Resource* domain : ctx.resources()) {
    PropertyLookup enforce = lookup_property(*domain, {"DomainEndpointOptions", "EnforceHTTPS"});
    PropertyLookup policy = lookup_property(*domain, {"DomainEndpointOptions", "TLSSecurityPolicy"});
    if (enforce.missing() || (enforce.found() && enforce.value->as_bool() != true)) {
      report_lookup(ctx, *domain, enforce);
      ctx.add_to_last_message(accepts_old_tls(policy)
                                  ? "It answers plain HTTP: set DomainEndpointOptions.EnforceHTTPS to true and "
                                    "TLSSecurityPolicy to Policy-Min-TLS-1-2-PFS-2023-10."
                                  : "It answers plain HTTP: set DomainEndpointOptions.EnforceHTTPS to true.");
      continue;
    }
    if (!accepts_old_tls(policy)) continue;
    report_lookup(ctx, *domain, policy);
    ctx.add_to_last_message(policy.missing()
                                ? "Without TLSSecurityPolicy it accepts TLS 1.0 and 1.1 (Policy-Min-TLS-1-0-2019-07): "
                                  "set DomainEndpointOptions.TLSSecurityPolicy to Policy-Min-TLS-1-2-PFS-2023-10."
                                : "Policy-Min-TLS-1-0-2019-07 accepts TLS 1.0 and 1.1: set "
                                  "DomainEndpointOptions.TLSSecurityPolicy to Policy-Min-TLS-1-2-PFS-2023-10.");
  }
}

}  // namespace cfn::checks
