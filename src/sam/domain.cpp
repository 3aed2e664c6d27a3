// Custom domains (the Domain property of Api, HttpApi and WebSocketApi): the domain name,
// its mapping to the API's stage (one per BasePath), and the Route 53 records, named as SAM
// names them (ApiGatewayDomainName<hash>, <Api><BasePath>BasePathMapping, RecordSetGroup<hash>).
#include "sam/domain.h"

#include <cctype>
#include <optional>

#include "sam/function.h"
#include "sam/values.h"

namespace cfn::sam {

namespace {

// SAM resolves Refs to parameters with defaults throughout Domain before naming anything.
Value resolve_parameters(const Context& context, const Value& value) {
  if (auto target = ref_target(value)) {
    const Value& resolved = resolve_parameter(context, value);
    return &resolved == &value ? value : resolved;
  }
  if (value.is_scalar()) return value;
  Value copy = value;
  for (Value& item : copy.items()) item = resolve_parameters(context, item);
  for (Value::Entry& entry : copy.entries()) entry.value = resolve_parameters(context, entry.value);
  return copy;
}

std::string alphanumeric(const std::string& text) {
  std::string out;
  for (char c : text)
    if (std::isalnum(static_cast<unsigned char>(c))) out += c;
  return out;
}

std::string trimmed_path(const std::string& path) {
  size_t begin = path.find_first_not_of('/');
  if (begin == std::string::npos) return "";
  size_t end = path.find_last_not_of('/');
  return path.substr(begin, end - begin + 1);
}

// The base paths a domain maps, as SAM writes them ("/one" -> "one"); empty: the root.
std::vector<std::pair<std::string, Value>> base_paths(const Value& domain) {
  std::vector<std::pair<std::string, Value>> paths;
  const Value* base = domain.find("BasePath");
  if (!base) return paths;
  std::vector<const Value*> items;
  if (base->is_sequence()) {
    for (const Value& item : base->items()) items.push_back(&item);
  } else {
    items.push_back(base);
  }
  for (const Value* item : items) {
    auto path = scalar_text(item);
    if (!path) throw SamError(item->range(), "Basepath must be a string.");
    std::string key = trimmed_path(*path);
    paths.emplace_back(key, text(key, item->range()));
  }
  return paths;
}

std::string endpoint_type(const Value& domain) {
  const Value* endpoint = domain.find("EndpointConfiguration");
  if (!endpoint) return "REGIONAL";
  auto type = scalar_text(endpoint);
  if (!type || (*type != "EDGE" && *type != "REGIONAL" && *type != "PRIVATE"))
    throw SamError(endpoint->range(), "EndpointConfiguration for Custom Domains must be one of ['EDGE', 'REGIONAL', 'PRIVATE'].");
  return *type;
}

void check_domain_shape(const Value& domain) {
  if (!domain.find("DomainName")) throw SamError(domain.range(), "Custom Domains only works if both DomainName and CertificateArn are provided.");
  if (!domain.find("CertificateArn")) throw SamError(domain.range(), "Custom Domains only works if both DomainName and CertificateArn are provided.");
  if (const Value* mtls = domain.find("MutualTlsAuthentication")) {
    if (!mtls->is_mapping() || is_intrinsic(*mtls)) throw SamError(mtls->range(), "Property 'Domain.MutualTlsAuthentication' should be a map.");
    for (const Value::Entry& entry : mtls->entries())
      if (entry.key != "TruststoreUri" && entry.key != "TruststoreVersion")
        throw SamError(entry.key_range, "Available Domain.MutualTlsAuthentication fields are ['TruststoreUri', 'TruststoreVersion'].");
  }
  if (const Value* route53 = domain.find("Route53")) {
    if (!route53->is_mapping() || is_intrinsic(*route53)) throw SamError(route53->range(), "Property 'Domain.Route53' should be a map.");
    if (!route53->find("HostedZoneId") && !route53->find("HostedZoneName"))
      throw SamError(route53->range(), "HostedZoneId or HostedZoneName is required to enable Route53 support on Custom Domains.");
    if (const Value* separate = route53->find("SeparateRecordSetGroup"); separate && !separate->as_bool())
      throw SamError(separate->range(), "Property 'Domain.Route53.SeparateRecordSetGroup' should be a boolean.");
  }
}

Value alias_target(const Value& route53, const std::string& domain_id, const std::string& endpoint, Range at) {
  Value target = mapping(at);
  if (endpoint == "PRIVATE") {
    if (const Value* name = route53.find("VpcEndpointDomainName")) put(target, "DNSName", *name, at);
    if (const Value* zone = route53.find("VpcEndpointHostedZoneId")) put(target, "HostedZoneId", *zone, at);
  } else if (endpoint == "EDGE") {
    put(target, "DNSName", route53.find("DistributionDomainName") ? *route53.find("DistributionDomainName")
                                                                   : get_att(domain_id, "DistributionDomainName", at), at);
    put(target, "HostedZoneId", text("Z2FDTNDATAQYW2", at), at);  // CloudFront's zone
  } else {
    put(target, "DNSName", get_att(domain_id, "RegionalDomainName", at), at);
    put(target, "HostedZoneId", get_att(domain_id, "RegionalHostedZoneId", at), at);
  }
  if (const Value* health = route53.find("EvaluateTargetHealth")) put(target, "EvaluateTargetHealth", *health, at);
  return target;
}

// One RecordSetGroup per hosted zone, shared by every API whose domain lives there.
// A resource SAM generates for the API's domain: it carries the API's Condition, as SAM
// gives the domain, its mappings and records the API's pass-through attributes.
Value& add_for_domain(Context& context, const SamResource& api, const std::string& id, const std::string& type,
                      Range at) {
  Value& created = context.add(api, id, type, at);
  context.copy_attributes(api, created, false);
  return created;
}

void add_records(Context& context, const SamResource& api, const Value& domain, const std::string& domain_id,
                 const std::string& endpoint, Range at) {
  const Value* route53 = domain.find("Route53");
  if (!route53) return;
  const Value* zone_id = route53->find("HostedZoneId");
  const Value* zone = zone_id ? zone_id : route53->find("HostedZoneName");
  std::string group_id = "RecordSetGroup" + logical_id_hash(*zone);
  Value* group = context.output_resource(group_id);
  if (!group) {
    Value& created = add_for_domain(context, api, group_id, "AWS::Route53::RecordSetGroup", at);
    Value& properties = put(created, "Properties", mapping(at), at);
    put(properties, zone_id ? "HostedZoneId" : "HostedZoneName", *zone, at);
    put(properties, "RecordSets", sequence(at), at);
    group = &created;
  }
  Value* records = find_mutable(*find_mutable(*group, "Properties"), "RecordSets");
  std::vector<const char*> types = {"A"};
  if (const Value* ipv6 = route53->find("IpV6"); ipv6 && ipv6->as_bool() == true) types.push_back("AAAA");
  for (const char* type : types) {
    Value record = mapping(at);
    put(record, "Name", *domain.find("DomainName"), at);
    put(record, "Type", text(type, at), at);
    put(record, "AliasTarget", alias_target(*route53, domain_id, endpoint, at), at);
    records->items().push_back(std::move(record));
  }
}

void copy_keys(Value& into, const Value& from, std::initializer_list<const char*> names) {
  for (const char* name : names)
    if (const Value::Entry* entry = from.find_entry(name)) put(into, name, entry->value, entry->key_range);
}

// A PRIVATE domain's access association with the VPC endpoint that may reach it.
void add_access_association(Context& context, const SamResource& api, const Value& domain, const std::string& domain_id,
                            Range at) {
  const Value* association = domain.find("AccessAssociation");
  const Value* endpoint = association && association->is_mapping() ? association->find("VpcEndpointId") : nullptr;
  if (!endpoint) return;
  // SAM names it after [endpoint, domain id] (translator test api_custom_domain_private_endpoint_full).
  std::string hash = logical_id_hash(sequence_of({*endpoint, text(domain_id, at)}, at));
  Value& resource = add_for_domain(context, api, "DomainNameAccessAssociation" + hash,
                                   "AWS::ApiGateway::DomainNameAccessAssociation", at);
  Value& properties = put(resource, "Properties", mapping(at), at);
  put(properties, "AccessAssociationSource", *endpoint, at);
  put(properties, "AccessAssociationSourceType", text("VPCE", at), at);
  put(properties, "DomainNameArn", ref(domain_id, at), at);
}

const Value* domain_of(const SamResource& api) {
  const Value* domain = api.property("Domain");
  if (!domain || domain->is_null()) return nullptr;
  if (!domain->is_mapping() || is_intrinsic(*domain)) throw SamError(domain->range(), "Property 'Domain' should be a map.");
  return domain;
}

// The API's Domain with parameters resolved and its shape checked, and where findings on
// what it generates point; nullopt when the API has no Domain.
struct DeclaredDomain {
  Value value;
  Range at;
};

std::optional<DeclaredDomain> declared_domain(Context& context, const SamResource& api) {
  const Value* declared = domain_of(api);
  if (!declared) return std::nullopt;
  Value domain = resolve_parameters(context, *declared);
  check_domain_shape(domain);
  const Value::Entry* entry = api.property_entry("Domain");
  return DeclaredDomain{std::move(domain), entry ? entry->key_range : api.anchor()};
}

}  // namespace

void add_rest_domain(Context& context, const SamResource& api, const std::string& api_id, const std::string& stage_id) {
  std::optional<DeclaredDomain> declared = declared_domain(context, api);
  if (!declared) return;
  Value& domain = declared->value;
  const Range at = declared->at;
  std::string endpoint = endpoint_type(domain);
  bool private_domain = endpoint == "PRIVATE";
  std::string domain_id = (private_domain ? "ApiGatewayDomainNameV2" : "ApiGatewayDomainName") +
                          logical_id_hash(*domain.find("DomainName"));
  Value& resource = add_for_domain(
      context, api, domain_id, private_domain ? "AWS::ApiGateway::DomainNameV2" : "AWS::ApiGateway::DomainName", at);
  Value& properties = put(resource, "Properties", mapping(at), at);
  put(properties, "DomainName", *domain.find("DomainName"), at);
  Value types = mapping(at);
  put(types, "Types", sequence_of({text(endpoint, at)}, at), at);
  put(properties, "EndpointConfiguration", std::move(types), at);
  put(properties, endpoint == "REGIONAL" ? "RegionalCertificateArn" : "CertificateArn", *domain.find("CertificateArn"), at);
  copy_keys(properties, domain, {"MutualTlsAuthentication", "SecurityPolicy", "OwnershipVerificationCertificateArn", "Policy"});
  auto paths = base_paths(domain);
  if (paths.empty()) paths.emplace_back("", Value{});
  for (auto& [key, path] : paths) {
    Value& mapping_resource =
        add_for_domain(context, api, api_id + alphanumeric(key) + "BasePathMapping",
                       private_domain ? "AWS::ApiGateway::BasePathMappingV2" : "AWS::ApiGateway::BasePathMapping", at);
    Value& mapping_properties = put(mapping_resource, "Properties", mapping(at), at);
    if (!key.empty()) put(mapping_properties, "BasePath", path, at);
    put(mapping_properties, private_domain ? "DomainNameArn" : "DomainName", ref(domain_id, at), at);
    put(mapping_properties, "RestApiId", ref(api_id, at), at);
    put(mapping_properties, "Stage", ref(stage_id, at), at);
  }
  if (private_domain) add_access_association(context, api, domain, domain_id, at);
  add_records(context, api, domain, domain_id, endpoint, at);
}

void add_v2_domain(Context& context, const SamResource& api, const std::string& api_id, const std::string& stage_id) {
  std::optional<DeclaredDomain> declared = declared_domain(context, api);
  if (!declared) return;
  Value& domain = declared->value;
  const Range at = declared->at;
  std::string endpoint = endpoint_type(domain);
  std::string domain_id = "ApiGatewayDomainNameV2" + logical_id_hash(*domain.find("DomainName"));
  Value& resource = add_for_domain(context, api, domain_id, "AWS::ApiGatewayV2::DomainName", at);
  Value& properties = put(resource, "Properties", mapping(at), at);
  put(properties, "DomainName", *domain.find("DomainName"), at);
  Value configuration = mapping(at);
  put(configuration, "CertificateArn", *domain.find("CertificateArn"), at);
  put(configuration, "EndpointType", text(endpoint, at), at);
  copy_keys(configuration, domain, {"SecurityPolicy", "OwnershipVerificationCertificateArn"});
  put(properties, "DomainNameConfigurations", sequence_of({std::move(configuration)}, at), at);
  copy_keys(properties, domain, {"MutualTlsAuthentication"});
  Value tags = mapping(at);
  put(tags, "httpapi:createdBy", text("SAM", at), at);
  put(properties, "Tags", std::move(tags), at);
  auto paths = base_paths(domain);
  if (paths.empty()) paths.emplace_back("", Value{});
  for (auto& [key, path] : paths) {
    Value& mapping_resource =
        add_for_domain(context, api, api_id + alphanumeric(key) + "ApiMapping", "AWS::ApiGatewayV2::ApiMapping", at);
    Value& mapping_properties = put(mapping_resource, "Properties", mapping(at), at);
    put(mapping_properties, "ApiId", ref(api_id, at), at);
    if (!key.empty()) put(mapping_properties, "ApiMappingKey", path, at);
    put(mapping_properties, "DomainName", ref(domain_id, at), at);
    put(mapping_properties, "Stage", ref(stage_id, at), at);
  }
  add_records(context, api, domain, domain_id, endpoint, at);
}

}  // namespace cfn::sam
