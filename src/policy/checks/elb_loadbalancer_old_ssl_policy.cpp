// elb-loadbalancer-old-ssl-policy: the TLS negotiation of a Classic Load Balancer's HTTPS
// and SSL listeners. Three findings:
//  1. an SSLNegotiationPolicyType policy that references an outdated predefined policy
//     (Reference-Security-Policy) or enables an old protocol or weak cipher, at its value,
//     when it applies to a listener (one names it, or it lists a listener's port): an
//     unused policy negotiates nothing, and one that may apply (a name or port unknown)
//     is not judged;
//  2. a listener whose PolicyNames names an outdated predefined policy, at that name;
//  3. a listener no SSL policy applies to, at its Protocol: it negotiates with the default,
//     ELBSecurityPolicy-2016-08 (TLS 1.0 and 1.1). A policy applies when the listener
//     names it (PolicyNames) or when the policy lists the listener's port
//     (LoadBalancerPorts); a policy that is only defined applies to nothing.
// Anything unknown (a name, a port, a type written as an intrinsic) is not judged.
#include <algorithm>
#include <cctype>
#include <set>

#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

namespace {

// ELBSecurityPolicy-2016-08 and the other dated ones, ELBSecurityPolicy-TLS-1-1-2017-01,
// and ELBSample-*. Matched by hand: std::regex compiles slowly, on every process.
bool is_outdated_predefined(std::string_view name) {
  if (name.starts_with("ELBSample-")) return name.find_first_of("\r\n") == std::string_view::npos;
  if (!name.starts_with("ELBSecurityPolicy-")) return false;
  std::string_view rest = name.substr(18);
  if (rest == "TLS-1-1-2017-01") return true;
  auto digit = [&](size_t i) { return std::isdigit(static_cast<unsigned char>(rest[i])) != 0; };
  return rest.size() == 7 && rest.starts_with("20") && digit(2) && digit(3) && rest[4] == '-' && digit(5) && digit(6);
}

bool is_predefined(std::string_view name) {
  return name.starts_with("ELBSecurityPolicy-") || name.starts_with("ELBSample-");
}

// An old protocol (Protocol-SSLv2, -SSLv3, -TLSv1, -TLSv1.1) or a cipher with a weak part
// in its name (RC4-SHA, DES-CBC3-SHA, EXP-..., ...-NULL-..., ADH-..., PSK-...).
bool is_weak_setting(std::string_view name) {
  for (std::string_view protocol : {"Protocol-SSLv2", "Protocol-SSLv3", "Protocol-TLSv1", "Protocol-TLSv1.1"}) {
    if (name == protocol) return true;
  }
  for (std::string_view part : {"RC4", "DES", "EXP-", "NULL", "MD5", "ADH", "AECDH", "PSK", "SRP", "IDEA", "SEED"}) {
    if (name.find(part) != std::string_view::npos) return true;
  }
  return false;
}

std::optional<std::string_view> known_text(const Value* value) {
  if (!value || is_unknown(*value)) return std::nullopt;
  return value->as_string();
}

// What the SSL policies of one load balancer tell about its listeners.
struct SslPolicies {
  std::set<std::string, std::less<>> names;    // SSLNegotiationPolicyType policies by name
  std::set<std::string, std::less<>> ports;    // the LoadBalancerPorts they list
  bool unread = false;                         // some name, type or port could not be known
};

// The policy names and ports the listeners use, known or not.
struct ListenerUse {
  std::set<std::string, std::less<>> names;
  std::set<std::string, std::less<>> ports;
  bool unread = false;  // a listener, its PolicyNames or its port could not be known
};

ListenerUse read_listener_use(const PropertyLookup& listeners) {
  ListenerUse use;
  if (!listeners.found()) {
    use.unread = !listeners.missing();
    return use;
  }
  if (!listeners.value->is_sequence()) return use;
  for (const Value& listener : listeners.value->items()) {
    if (is_unknown(listener) || !listener.is_mapping()) {
      use.unread = true;
      continue;
    }
    if (const Value* names = listener.find("PolicyNames")) {
      if (is_unknown(*names) || !names->is_sequence()) use.unread = true;
      for (const Value& name : names->items()) {
        if (auto text = known_text(&name)) use.names.emplace(*text); else use.unread = true;
      }
    }
    if (const Value* port = listener.find("LoadBalancerPort")) {
      if (auto text = known_text(port)) use.ports.emplace(*text); else use.unread = true;
    }
  }
  return use;
}

// Whether an SSL policy applies to some listener: true, false, or nullopt when that
// depends on something unknown.
std::optional<bool> policy_in_use(const Value& policy, const ListenerUse& use) {
  bool unread = use.unread;
  auto name = known_text(policy.find("PolicyName"));
  if (name && use.names.count(*name)) return true;
  if (!name) unread = true;
  if (const Value* ports = policy.find("LoadBalancerPorts")) {
    if (is_unknown(*ports) || !ports->is_sequence()) unread = true;
    for (const Value& port : ports->items()) {
      auto text = known_text(&port);
      if (text && use.ports.count(*text)) return true;
      if (!text) unread = true;
    }
  }
  if (unread) return std::nullopt;
  return false;
}

// Finding 1 for each policy in use, and what the policies cover.
SslPolicies read_ssl_policies(CheckContext& ctx, const Resource& balancer, const ListenerUse& use) {
  SslPolicies found;
  PropertyLookup policies = lookup_property(balancer, {"Policies"});
  if (policies.state == PropertyLookup::State::Unknown || (policies.found() && !policies.value->is_sequence())) {
    found.unread = true;
    return found;
  }
  if (!policies.found()) return found;
  const auto& items = policies.value->items();
  for (size_t i = 0; i < items.size(); ++i) {
    const Value& policy = items[i];
    if (is_unknown(policy) || !policy.is_mapping()) {
      found.unread = true;
      continue;
    }
    auto type = known_text(policy.find("PolicyType"));
    if (!type) {
      found.unread = found.unread || policy.find("PolicyType") != nullptr;  // written, but unknown
      continue;
    }
    if (*type != "SSLNegotiationPolicyType") continue;
    if (auto name = known_text(policy.find("PolicyName"))) found.names.emplace(*name); else found.unread = true;
    if (const Value* ports = policy.find("LoadBalancerPorts")) {
      if (is_unknown(*ports) || !ports->is_sequence()) found.unread = true;
      for (const Value& port : ports->items()) {
        if (auto text = known_text(&port)) found.ports.emplace(*text); else found.unread = true;
      }
    }
    const Value* attributes = policy.find("Attributes");
    if (!attributes || !attributes->is_sequence() || policy_in_use(policy, use) != true) continue;
    std::string attributes_path = item_path(policies.path, i) + ".Attributes";
    for (size_t j = 0; j < attributes->items().size(); ++j) {
      const Value& attribute = attributes->items()[j];
      auto name = known_text(attribute.is_mapping() ? attribute.find("Name") : nullptr);
      const Value* value = attribute.is_mapping() ? attribute.find("Value") : nullptr;
      if (!name || !value || is_unknown(*value)) continue;
      bool outdated_reference = *name == "Reference-Security-Policy" && value->as_string() &&
                                is_outdated_predefined(*value->as_string());
      bool weak_enabled = value->as_bool() == true && is_weak_setting(*name);
      if (outdated_reference || weak_enabled) ctx.report(balancer, *value, item_path(attributes_path, j) + ".Value");
    }
  }
  return found;
}

// Finding 2 for each name of the listener; whether some policy applies to it (nullopt:
// cannot tell).
std::optional<bool> check_listener_names(CheckContext& ctx, const Resource& balancer, const Value& listener,
                                         const std::string& path, const SslPolicies& policies) {
  bool applies = false, unread = policies.unread;
  if (const Value* names = listener.find("PolicyNames")) {
    if (is_unknown(*names) || !names->is_sequence()) return std::nullopt;
    for (size_t i = 0; i < names->items().size(); ++i) {
      auto name = known_text(&names->items()[i]);
      if (!name) {
        unread = true;
      } else if (is_predefined(*name)) {
        applies = true;
        if (is_outdated_predefined(*name)) ctx.report(balancer, names->items()[i], item_path(path + ".PolicyNames", i));
      } else if (policies.names.count(*name)) {
        applies = true;
      }
    }
  }
  // A port written as an intrinsic might be one a policy lists; an absent port is none.
  const Value* port_value = listener.find("LoadBalancerPort");
  auto port = known_text(port_value);
  if (port_value && !port && !policies.ports.empty()) unread = true;
  if (port && policies.ports.count(*port)) applies = true;
  if (applies) return true;
  if (unread) return std::nullopt;
  return false;
}

bool is_tls_protocol(std::string_view protocol) {
  auto upper = [](std::string_view text, std::string_view wanted) {
    return text.size() == wanted.size() &&
           std::equal(text.begin(), text.end(), wanted.begin(), [](char a, char b) { return std::toupper(static_cast<unsigned char>(a)) == b; });
  };
  return upper(protocol, "HTTPS") || upper(protocol, "SSL");
}

}  // namespace

void elb_loadbalancer_old_ssl_policy(CheckContext& ctx) {
  for (const Resource* balancer : ctx.resources()) {
    PropertyLookup listeners = lookup_property(*balancer, {"Listeners"});
    SslPolicies policies = read_ssl_policies(ctx, *balancer, read_listener_use(listeners));
    if (!listeners.found() || !listeners.value->is_sequence()) continue;
    const auto& items = listeners.value->items();
    for (size_t i = 0; i < items.size(); ++i) {
      const Value& listener = items[i];
      if (is_unknown(listener) || !listener.is_mapping()) continue;
      const Value* protocol = listener.find("Protocol");
      auto protocol_text = known_text(protocol);
      if (!protocol_text || !is_tls_protocol(*protocol_text)) continue;
      std::string path = item_path(listeners.path, i);
      if (check_listener_names(ctx, *balancer, listener, path, policies) == false)
        ctx.report(*balancer, *protocol, path + ".Protocol");
    }
  }
}

}  // namespace cfn::checks
