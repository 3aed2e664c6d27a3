// apigateway-domain-old-tls: an API Gateway custom domain whose security policy accepts
// TLS 1.0: SecurityPolicy TLS_1_0 on an AWS::ApiGateway::DomainName, or in one of the
// DomainNameConfigurations of an AWS::ApiGatewayV2::DomainName. A REST domain without
// SecurityPolicy gets TLS_1_0, API Gateway's default for the edge-optimized and Regional
// endpoints it can have (the AWS CDK documents the same default for its DomainName); a
// V2 domain without one is not judged: HTTP and WebSocket APIs are served with TLS_1_2
// only.
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

namespace {

void check_v2_configurations(CheckContext& ctx, const Resource& domain) {
  PropertyLookup configurations = lookup_property(domain, {"DomainNameConfigurations"});
  if (!configurations.found() || !configurations.value->is_sequence()) return;
  const auto& items = configurations.value->items();
  for (size_t i = 0; i < items.size(); ++i) {
    std::string item_path = checks::item_path(configurations.path, i);
    PropertyLookup policy = lookup_in(items[i], item_path, {"SecurityPolicy"});
    if (found_text(policy, "TLS_1_0")) report_lookup(ctx, domain, policy);
  }
}

}  // namespace

void apigateway_domain_old_tls(CheckContext& ctx) {
  for (const Resource* domain : ctx.resources()) {
    if (domain->type == "AWS::ApiGatewayV2::DomainName") {
      check_v2_configurations(ctx, *domain);
      continue;
    }
    PropertyLookup policy = lookup_property(*domain, {"SecurityPolicy"});
    if (found_text(policy, "TLS_1_0")) report_lookup(ctx, *domain, policy);
    if (policy.missing()) report_lookup(ctx, *domain, policy);
  }
}

}  // namespace cfn::checks
