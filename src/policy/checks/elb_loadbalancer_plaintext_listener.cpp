// elb-loadbalancer-plaintext-listener: a listener of a Classic Load Balancer
// (AWS::ElasticLoadBalancing::LoadBalancer) with Protocol HTTP: clients reach it without
// TLS. TCP listeners may pass TLS through to the instances and are not judged.
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

void elb_loadbalancer_plaintext_listener(CheckContext& ctx) {
  for (const Resource* balancer : ctx.resources()) {
    PropertyLookup listeners = lookup_property(*balancer, {"Listeners"});
    if (!listeners.found() || !listeners.value->is_sequence()) continue;
    const auto& items = listeners.value->items();
    for (size_t i = 0; i < items.size(); ++i) {
      std::string item_path = checks::item_path(listeners.path, i);
      PropertyLookup protocol = lookup_in(items[i], item_path, {"Protocol"});
      auto text = protocol.found() ? protocol.value->as_string() : std::nullopt;
      // ELB accepts the protocol in any letter case.
      if (text && text->size() == 4 && (*text == "HTTP" || *text == "http" || *text == "Http"))
        report_lookup(ctx, *balancer, protocol);
    }
  }
}

}  // namespace cfn::checks
