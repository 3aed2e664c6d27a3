// cloudfront-distribution-allows-http: an AWS::CloudFront::Distribution cache behavior
// (the default one or any of CacheBehaviors) with ViewerProtocolPolicy allow-all, which
// serves viewers over plain HTTP. redirect-to-https and https-only are fine.
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

namespace {

void check_behavior(CheckContext& ctx, const Resource& distribution, const Value& behavior, const std::string& path) {
  PropertyLookup policy = lookup_in(behavior, path, {"ViewerProtocolPolicy"});
  if (found_text(policy, "allow-all")) report_lookup(ctx, distribution, policy);
}

}  // namespace

void cloudfront_distribution_allows_http(CheckContext& ctx) {
  for (const Resource* distribution : ctx.resources()) {
    PropertyLookup default_behavior = lookup_property(*distribution, {"DistributionConfig", "DefaultCacheBehavior"});
    if (default_behavior.found()) check_behavior(ctx, *distribution, *default_behavior.value, default_behavior.path);
    PropertyLookup behaviors = lookup_property(*distribution, {"DistributionConfig", "CacheBehaviors"});
    if (!behaviors.found() || !behaviors.value->is_sequence()) continue;
    const auto& items = behaviors.value->items();
    for (size_t i = 0; i < items.size(); ++i) {
      std::string item_path = checks::item_path(behaviors.path, i);
      check_behavior(ctx, *distribution, items[i], item_path);
    }
  }
}

}  // namespace cfn::checks
