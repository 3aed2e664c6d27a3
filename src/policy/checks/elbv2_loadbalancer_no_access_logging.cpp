// elbv2-loadbalancer-no-access-logging: an Application Load Balancer without access logs
// (LoadBalancerAttributes access_logs.s3.enabled = true), and a Network Load Balancer
// with a TLS listener in the template: NLBs log only TLS connections, so one without such
// a listener has nothing to log. Gateway Load Balancers log nothing: not judged.
#include "graph/graph.h"
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

namespace {

// Whether the balancer is an application load balancer (Type defaults to application).
bool is_application(const Resource& balancer) {
  obs::Lookup type = obs::lookup(balancer, {"Type"});
  return type.missing() || (type.found() && type.value->as_string() == "application");
}

// For a network load balancer, a variant of a listener of the template deployed with it
// whose Protocol is TLS: the connections it would log (the one needing the fewest
// conditions). Null when there is none: a listener whose Condition never holds with the
// balancer gives it nothing to log.
const Resource* tls_listener_of(CheckContext& ctx, const Resource& balancer) {
  obs::Lookup type = obs::lookup(balancer, {"Type"});
  if (!type.found() || type.value->as_string() != "network") return nullptr;
  const Resource* original = ctx.tmpl().resource(balancer.logical_id);
  if (!original) return nullptr;
  std::vector<const Resource*> tls_listeners;
  for (const Resource* listener :
       ctx.graph().referrers(*original, "AWS::ElasticLoadBalancingV2::Listener", "LoadBalancerArn")) {
    for (const Resource* variant : ctx.variants_with(*listener, balancer)) {
      const Value* protocol = variant->property("Protocol");
      if (protocol && !is_unknown(*protocol) && protocol->as_string() == "TLS") tls_listeners.push_back(variant);
    }
  }
  return ctx.least_conditional(tls_listeners);
}

void check_attributes(CheckContext& ctx, const Resource& balancer, const obs::Lookup& attributes) {
  if (!attributes.value->is_sequence()) return;
  const auto& items = attributes.value->items();
  for (size_t i = 0; i < items.size(); ++i) {
    if (is_unknown(items[i]) || !items[i].is_mapping()) return;
    const Value* key = items[i].find("Key");
    if (!key || is_unknown(*key)) return;
    if (key->as_string() != "access_logs.s3.enabled") continue;
    const Value* value = items[i].find("Value");
    if (value && obs::is_false(*value)) ctx.report(balancer, *value, item_path(attributes.path, i) + ".Value");
    return;
  }
  obs::report_at(ctx, balancer, attributes, attributes.path);
}

}  // namespace

void elbv2_loadbalancer_no_access_logging(CheckContext& ctx) {
  for (const Resource* balancer : ctx.resources()) {
    const Resource* listener = is_application(*balancer) ? nullptr : tls_listener_of(ctx, *balancer);
    if (!is_application(*balancer) && !listener) continue;
    size_t before = ctx.reported_count();
    obs::Lookup attributes = obs::lookup(*balancer, {"LoadBalancerAttributes"});
    if (attributes.missing()) {
      obs::report_missing(ctx, *balancer, attributes);
    } else if (attributes.found()) {
      check_attributes(ctx, *balancer, attributes);
    }
    // Where the TLS listener is deployed: its conditions are the finding's too.
    if (listener && ctx.reported_count() > before) ctx.last_also_needs(*listener);
  }
}

}  // namespace cfn::checks
