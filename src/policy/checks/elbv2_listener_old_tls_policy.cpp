// elbv2-listener-old-tls-policy: an HTTPS or TLS AWS::ElasticLoadBalancingV2::Listener
// whose SslPolicy still accepts TLS 1.0 or 1.1 (ELBSecurityPolicy-2016-08 and the other
// predefined policies without a -1-2- or -1-3- minimum in their name), or that has no
// SslPolicy: only the console defaults to a TLS 1.2 policy, and a listener CloudFormation
// creates gets ELBSecurityPolicy-2016-08.

#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

namespace {

// Predefined policies whose minimum is TLS 1.2 or 1.3 carry it in their name:
// ELBSecurityPolicy-TLS13-1-2-2021-06, ELBSecurityPolicy-FS-1-2-Res-2020-10,
// ELBSecurityPolicy-TLS-1-2-Ext-2018-06, ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04...
bool minimum_is_tls12(std::string_view policy) {
  for (std::string_view marker : {"TLS-1-2-", "TLS-1-3-", "TLS13-1-2-", "TLS13-1-3-", "FS-1-2-", "FS-1-3-"}) {
    if (policy.find(marker) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace

void elbv2_listener_old_tls_policy(CheckContext& ctx) {
  for (const Resource* listener : ctx.resources()) {
    PropertyLookup protocol = lookup_property(*listener, {"Protocol"});
    if (!found_text(protocol, "HTTPS") && !found_text(protocol, "TLS")) continue;
    PropertyLookup policy = lookup_property(*listener, {"SslPolicy"});
    auto name = policy.found() ? policy.value->as_string() : std::nullopt;
    if (policy.missing()) {
      report_lookup(ctx, *listener, policy);
      ctx.add_to_last_message("Without SslPolicy, a listener CloudFormation creates gets ELBSecurityPolicy-2016-08 "
                              "(only the console picks a TLS 1.2 policy).");
    } else if (name && !minimum_is_tls12(*name)) {
      report_lookup(ctx, *listener, policy);
      ctx.add_to_last_message("The policy " + std::string(*name) + " has no TLS 1.2 minimum.");
    }
  }
}

}  // namespace cfn::checks
