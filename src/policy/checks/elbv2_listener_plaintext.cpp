// elbv2-listener-plaintext: an AWS::ElasticLoadBalancingV2::Listener with Protocol HTTP
// whose default actions do not all redirect to HTTPS. Requests and responses then cross
// the network to the load balancer unencrypted. TCP and UDP listeners (Network Load
// Balancers) may carry TLS end to end and are not judged.
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

namespace {

// A redirect whose target protocol is HTTPS. Unknown actions count as redirects: not judged;
// so does an unknown Type (a parameter choosing redirect or forward) beside a RedirectConfig
// to HTTPS, which only a redirect reads.
bool redirects_to_https(const Value& action, const std::string& path) {
  if (is_unknown(action)) return true;
  PropertyLookup type = lookup_in(action, path, {"Type"});
  if (type.missing() || (type.found() && !found_text(type, "redirect"))) return false;
  PropertyLookup protocol = lookup_in(action, path, {"RedirectConfig", "Protocol"});
  return !protocol.missing() && (!protocol.found() || protocol.value->as_string() == "HTTPS");
}

bool every_action_redirects(const PropertyLookup& actions) {
  if (!actions.found()) return !actions.missing();  // unknown list: not judged
  if (!actions.value->is_sequence() || actions.value->items().empty()) return false;
  const auto& items = actions.value->items();
  for (size_t i = 0; i < items.size(); ++i) {
    std::string item_path = checks::item_path(actions.path, i);
    if (!redirects_to_https(items[i], item_path)) return false;
  }
  return true;
}

}  // namespace

void elbv2_listener_plaintext(CheckContext& ctx) {
  for (const Resource* listener : ctx.resources()) {
    PropertyLookup protocol = lookup_property(*listener, {"Protocol"});
    if (!found_text(protocol, "HTTP")) continue;
    PropertyLookup actions = lookup_property(*listener, {"DefaultActions"});
    if (every_action_redirects(actions)) continue;
    report_lookup(ctx, *listener, protocol);
    // The actions decide it: a Default's choice among them (!If [HasCert, redirect, ...]) is named.
    if (!actions.found() || !actions.value->is_sequence()) continue;
    for (size_t i = 0; i < actions.value->items().size(); ++i) {
      const std::string action = item_path(actions.path, i);
      for (const char* part : {"", ".Type", ".RedirectConfig.Protocol"}) ctx.last_also_rests_on(*listener, action + part);
    }
  }
}

}  // namespace cfn::checks
