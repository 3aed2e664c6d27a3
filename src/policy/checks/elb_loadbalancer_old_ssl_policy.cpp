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

// Policy names and ports, as the SSL policies list them or as the listeners use them.
struct NamesAndPorts {
  std::set<std::string, std::less<>> names;
  std::set<std::string, std::less<>> ports;
  bool unread = false;  // some name, type, list or port could not be known

  // One name or port (absent or unknown: unread).
  void add(const Value* value, std::set<std::string, std::less<>>& into) {
    if (auto text = known_text(value)) into.emplace(*text); else unread = true;
  }
  // A list of them; an absent list adds nothing.
  void add_list(const Value* list, std::set<std::string, std::less<>>& into) {
    if (!list) return;
    if (is_unknown(*list) || !list->is_sequence()) unread = true;
    for (const Value& item : list->items()) add(&item, into);
  }
  void merge(const NamesAndPorts& other) {
    names.insert(other.names.begin(), other.names.end());
    ports.insert(other.ports.begin(), other.ports.end());
    unread = unread || other.unread;
  }
  bool shares_any(const NamesAndPorts& other) const {
    auto meet = [](const auto& a, const auto& b) {
      return std::any_of(a.begin(), a.end(), [&](const std::string& x) { return b.count(x) > 0; });
    };
    return meet(names, other.names) || meet(ports, other.ports);
  }
};

NamesAndPorts read_listener_use(const PropertyLookup& listeners) {
  NamesAndPorts use;
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
    use.add_list(listener.find("PolicyNames"), use.names);
    if (const Value* port = listener.find("LoadBalancerPort")) use.add(port, use.ports);
  }
  return use;
}

// Whether an SSL policy (its name and LoadBalancerPorts) applies to some listener: true,
// false, or nullopt when that depends on something unknown.
std::optional<bool> policy_in_use(const NamesAndPorts& policy, const NamesAndPorts& use) {
  if (policy.shares_any(use)) return true;
  if (policy.unread || use.unread) return std::nullopt;
  return false;
}

// Finding 1 for each policy in use, and what the policies cover.
NamesAndPorts read_ssl_policies(CheckContext& ctx, const Resource& balancer, const NamesAndPorts& use) {
  NamesAndPorts found;
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
    NamesAndPorts own;
    own.add(policy.find("PolicyName"), own.names);
    own.add_list(policy.find("LoadBalancerPorts"), own.ports);
    found.merge(own);
    const Value* attributes = policy.find("Attributes");
    if (!attributes || !attributes->is_sequence() || policy_in_use(own, use) != true) continue;
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
                                         const std::string& path, const NamesAndPorts& policies) {
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
    NamesAndPorts policies = read_ssl_policies(ctx, *balancer, read_listener_use(listeners));
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
