// The encryption group's native checks: rules on encryption at rest and in transit that a
// predicate cannot say (the rules that test one property are declarative, in policies/).
// They share a small vocabulary: follow a path below Properties, then report what is
// missing or not allowed. Every helper treats an intrinsic left in place (or a dynamic
// reference) as unknown: no finding.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "policy/checks/checks.h"

namespace cfn::checks {

// Where a property path below Properties leads.
struct PropertyLookup {
  enum class State : uint8_t { Unknown, Missing, Found };
  State state = State::Unknown;
  // Found: the value. Missing: the deepest mapping on the way (null when the first key is
  // already absent, so the finding goes to the logical id).
  const Value* value = nullptr;
  std::string path;  // the full property path asked for ("Resources.X.Properties.A.B")
  Range key_range;   // the key `value` is written under, when it has one

  bool found() const { return state == State::Found; }
  bool missing() const { return state == State::Missing; }
};

// Follows keys from the resource's Properties. A step that is an intrinsic, or not a
// mapping, makes the result unknown; an absent or null key makes it missing (unknown when
// the Properties themselves may still gain it at deploy time).
PropertyLookup lookup_property(const Resource& resource, std::initializer_list<std::string_view> keys);
// The same from a value already found (an item of a list property), with its path.
PropertyLookup lookup_in(const Value& start, std::string start_path,
                         std::initializer_list<std::string_view> keys);
// Follows `keys` on from the value `parent` found, as lookup_property would have with all
// the keys at once: a key missing right below points at `parent`'s own key (the mapping
// that lacks it), not at the mapping's first child.
PropertyLookup lookup_below(const PropertyLookup& parent, std::initializer_list<std::string_view> keys);

// A finding for a missing lookup: at the deepest mapping found, else at the logical id.
void report_lookup(CheckContext& ctx, const Resource& resource, const PropertyLookup& lookup);

// The property must be present and not an empty string (a key id, a configuration block);
// any other value is not judged.
void require_present(CheckContext& ctx, const Resource& resource,
                     std::initializer_list<std::string_view> keys);
// Whether a lookup found a known value equal to `text`, or a boolean `true`.
bool found_text(const PropertyLookup& lookup, std::string_view text);
// Whether an S3 bucket hosts a static website (WebsiteConfiguration): its website endpoint
// answers HTTP only, so a deny of plain HTTP would take the site down.
bool hosts_static_website(const Resource& bucket);
bool found_true(const PropertyLookup& lookup);
// Whether a key property names a service's AWS managed key by alias: `alias` (such as
// "alias/aws/sqs") as written or ending an alias ARN, known or, in a Fn::Sub whose
// variables stay unknown (arn:${AWS::Partition}:kms:${AWS::Region}:...:alias/aws/sqs), as
// the Sub's last literal text. `written` is the property as the template writes it.
bool names_aws_managed_key(const PropertyLookup& key, const Value* written, std::string_view alias);
// The key property at `keys` must name a customer managed key: reported when it is absent,
// empty, or names the service's AWS managed key `alias` (names_aws_managed_key).
void require_customer_key(CheckContext& ctx, const Resource& resource, std::initializer_list<std::string_view> keys,
                          std::string_view alias);

// A BlockDeviceMappings list (EC2 instance, launch template, launch configuration): each
// EBS entry created from nothing (no SnapshotId, whose encryption it would inherit) must
// say Encrypted: true.
void check_block_device_mappings(CheckContext& ctx, const Resource& resource, const PropertyLookup& mappings);

// The group's checks, one per rule, each in src/policy/checks/<rule_id>.cpp.
void amazonmq_broker_no_cmk(CheckContext& ctx);
void apigateway_domain_old_tls(CheckContext& ctx);
void autoscaling_launchconfiguration_no_encryption(CheckContext& ctx);
void cloudfront_distribution_allows_http(CheckContext& ctx);
void cloudfront_distribution_http_origin(CheckContext& ctx);
void cloudfront_distribution_old_tls(CheckContext& ctx);
void dynamodb_table_no_cmk(CheckContext& ctx);
void ec2_block_device_no_encryption(CheckContext& ctx);
void ecr_repository_no_cmk(CheckContext& ctx);
void eks_cluster_no_secrets_encryption(CheckContext& ctx);
void elasticache_replicationgroup_no_encryption_in_transit(CheckContext& ctx);
void elb_loadbalancer_old_ssl_policy(CheckContext& ctx);
void elb_loadbalancer_plaintext_listener(CheckContext& ctx);
void elbv2_listener_old_tls_policy(CheckContext& ctx);
void elbv2_listener_plaintext(CheckContext& ctx);
void opensearch_domain_https_not_enforced(CheckContext& ctx);
void s3_bucket_no_tls_policy(CheckContext& ctx);
void s3_bucket_policy_allows_http(CheckContext& ctx);
void sagemaker_endpointconfig_no_cmk(CheckContext& ctx);
void sqs_queue_no_cmk(CheckContext& ctx);

}  // namespace cfn::checks
