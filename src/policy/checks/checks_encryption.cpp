// The encryption group's table of native checks (see checks.h), and the property-path
// helpers its checks share (see checks_encryption.h).
#include "policy/checks/checks_encryption.h"

#include <array>

#include "eval/intrinsics.h"

namespace cfn::checks {

namespace {

// Walks `keys` down from `current` (null when the resource has no Properties). A key
// missing at the first step gives a null `value`: the caller decides where that points.
PropertyLookup follow(const Value* current, std::string path, std::initializer_list<std::string_view> keys,
                      bool first_may_grow) {
  PropertyLookup result;
  bool first = true;
  Range key_range;
  for (std::string_view key : keys) {
    path.append(".").append(key);
    if (current && (is_unknown(*current) || !current->is_mapping())) return result;  // unknown
    const Value::Entry* entry = current ? current->find_entry(key) : nullptr;
    if (!entry || entry->value.is_null()) {
      if (first && first_may_grow) return result;  // the Properties may gain it at deploy time
      result.state = PropertyLookup::State::Missing;
      result.value = first ? nullptr : current;
      result.key_range = key_range;
      result.path = std::move(path);
      return result;
    }
    current = &entry->value;
    key_range = entry->key_range;
    first = false;
  }
  if (!current || is_unknown(*current)) return result;
  result.state = PropertyLookup::State::Found;
  result.value = current;
  result.key_range = key_range;
  result.path = std::move(path);
  return result;
}

}  // namespace

PropertyLookup lookup_property(const Resource& resource, std::initializer_list<std::string_view> keys) {
  if (resource.properties && is_unknown(*resource.properties)) return {};
  return follow(resource.properties, resource.path() + ".Properties", keys, properties_unknown(resource));
}

PropertyLookup lookup_in(const Value& start, std::string start_path, std::initializer_list<std::string_view> keys) {
  PropertyLookup result = follow(&start, std::move(start_path), keys, false);
  if (result.missing() && !result.value) result.value = &start;
  return result;
}

PropertyLookup lookup_below(const PropertyLookup& parent, std::initializer_list<std::string_view> keys) {
  PropertyLookup result = follow(parent.value, parent.path, keys, false);
  if (result.missing() && !result.value) {
    result.value = parent.value;
    result.key_range = parent.key_range;
  }
  return result;
}

void report_lookup(CheckContext& ctx, const Resource& resource, const PropertyLookup& lookup) {
  // A missing property points at the deepest mapping's key, as the declarative rules do:
  // a block mapping's own range starts at its first child, a setting that may be right.
  if (lookup.missing() && lookup.value && lookup.key_range.known()) {
    ctx.report(resource, lookup.key_range, lookup.path);
  } else if (lookup.value) {
    ctx.report(resource, *lookup.value, lookup.path);
  } else {
    ctx.report_missing(resource, lookup.path);
  }
}

bool found_text(const PropertyLookup& lookup, std::string_view text) {
  return lookup.found() && lookup.value->as_string() == text;
}

bool hosts_static_website(const Resource& bucket) {
  const Value* website = bucket.property("WebsiteConfiguration");
  return website && !website->is_null();
}

bool found_true(const PropertyLookup& lookup) {
  return lookup.found() && lookup.value->as_bool() == true;
}

bool names_aws_managed_key(const PropertyLookup& key, const Value* written, std::string_view alias) {
  auto ends_with_alias = [&](std::string_view text) {
    return text == alias || (text.ends_with(alias) && text[text.size() - alias.size() - 1] == ':');
  };
  if (auto text = key.found() ? key.value->as_string() : std::nullopt) return ends_with_alias(*text);
  auto runs = written ? intrinsics::sub_literal_runs(*written) : std::nullopt;
  return runs && !runs->empty() && runs->back().size() > alias.size() && ends_with_alias(runs->back());
}

void require_customer_key(CheckContext& ctx, const Resource& resource, std::initializer_list<std::string_view> keys,
                          std::string_view alias) {
  PropertyLookup key = lookup_property(resource, keys);
  if (key.missing() || found_text(key, "")) return report_lookup(ctx, resource, key);
  // The key as written, and its path: a Fn::Sub the lookup calls unknown (so it keeps
  // neither) still shows its literal text.
  std::string steps;
  for (std::string_view step : keys) steps.append(".").append(step);
  const Value* written = resource.properties ? find_path(*resource.properties, steps) : nullptr;
  if (written && names_aws_managed_key(key, written, alias))
    ctx.report(resource, *written, resource.property_path(std::string_view(steps).substr(1)));
}

void require_present(CheckContext& ctx, const Resource& resource, std::initializer_list<std::string_view> keys) {
  PropertyLookup lookup = lookup_property(resource, keys);
  if (lookup.missing() || found_text(lookup, "")) report_lookup(ctx, resource, lookup);
}

void check_block_device_mappings(CheckContext& ctx, const Resource& resource, const PropertyLookup& mappings) {
  if (!mappings.found() || !mappings.value->is_sequence()) return;
  const auto& items = mappings.value->items();
  for (size_t i = 0; i < items.size(); ++i) {
    std::string item_path = checks::item_path(mappings.path, i);
    PropertyLookup ebs = lookup_in(items[i], item_path, {"Ebs"});
    if (!ebs.found() || !lookup_below(ebs, {"SnapshotId"}).missing()) continue;
    PropertyLookup encrypted = lookup_below(ebs, {"Encrypted"});
    if (encrypted.missing() || (encrypted.found() && encrypted.value->as_bool() != true))
      report_lookup(ctx, resource, encrypted);
  }
}

namespace {

constexpr std::array kEncryptionChecks = {
    NativeCheck{"amazonmq-broker-no-cmk", &amazonmq_broker_no_cmk},
    NativeCheck{"apigateway-domain-old-tls", &apigateway_domain_old_tls},
    NativeCheck{"autoscaling-launchconfiguration-no-encryption", &autoscaling_launchconfiguration_no_encryption},
    NativeCheck{"cloudfront-distribution-allows-http", &cloudfront_distribution_allows_http},
    NativeCheck{"cloudfront-distribution-http-origin", &cloudfront_distribution_http_origin},
    NativeCheck{"cloudfront-distribution-old-tls", &cloudfront_distribution_old_tls},
    NativeCheck{"dynamodb-table-no-cmk", &dynamodb_table_no_cmk},
    NativeCheck{"ec2-block-device-no-encryption", &ec2_block_device_no_encryption},
    NativeCheck{"eks-cluster-no-secrets-encryption", &eks_cluster_no_secrets_encryption},
    NativeCheck{"elasticache-replicationgroup-no-encryption-in-transit", &elasticache_replicationgroup_no_encryption_in_transit},
    NativeCheck{"ecr-repository-no-cmk", &ecr_repository_no_cmk},
    NativeCheck{"elb-loadbalancer-old-ssl-policy", &elb_loadbalancer_old_ssl_policy},
    NativeCheck{"elb-loadbalancer-plaintext-listener", &elb_loadbalancer_plaintext_listener},
    NativeCheck{"elbv2-listener-old-tls-policy", &elbv2_listener_old_tls_policy},
    NativeCheck{"elbv2-listener-plaintext", &elbv2_listener_plaintext},
    NativeCheck{"opensearch-domain-https-not-enforced", &opensearch_domain_https_not_enforced},
    NativeCheck{"s3-bucket-no-tls-policy", &s3_bucket_no_tls_policy},
    NativeCheck{"s3-bucket-policy-allows-http", &s3_bucket_policy_allows_http},
    NativeCheck{"sagemaker-endpointconfig-no-cmk", &sagemaker_endpointconfig_no_cmk},
    NativeCheck{"sqs-queue-no-cmk", &sqs_queue_no_cmk},
};

}  // namespace

std::span<const NativeCheck> encryption_checks() { return kEncryptionChecks; }

}  // namespace cfn::checks
