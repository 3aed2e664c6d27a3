// s3-bucket-no-encryption: an AWS::S3::Bucket without an explicit default-encryption
// configuration (BucketEncryption.ServerSideEncryptionConfiguration). S3 applies SSE-S3
// anyway, so the rule is a note; what is missing is the template saying which key is used.
// A bucket whose policy (found through the graph) denies uploads without server-side
// encryption states its encryption there, the way templates did before default encryption.
#include <string_view>

#include "iam/policy_document.h"
#include "policy/checks/checks.h"

namespace cfn::checks {

namespace {

constexpr std::string_view kEncryptionHeader = "s3:x-amz-server-side-encryption";

// A Condition block that tests the encryption header of the request: StringNotEquals on
// it (any algorithm required) or Null true (the header must be present).
bool tests_encryption_header(const Value& condition) {
  if (!condition.is_mapping() || is_unknown(condition)) return false;
  for (const char* op : {"StringNotEquals", "StringNotEqualsIgnoreCase", "Null"}) {
    const Value* tests = condition.find(op);
    if (tests && tests->is_mapping() && tests->find(kEncryptionHeader)) return true;
  }
  return false;
}

// Deny s3:PutObject (or a wildcard covering it) unless the upload asks for encryption.
bool denies_unencrypted_uploads(const iam::Statement& statement) {
  if (!statement.denies() || !statement.action() || !statement.condition()) return false;
  return iam::find_action(iam::Located(*statement.action()), "s3:PutObject") &&
         tests_encryption_header(*statement.condition());
}

bool policy_requires_encryption(const Resource& policy) {
  const Value* document = policy.property("PolicyDocument");
  if (!document) return false;
  for (const iam::Statement& statement : iam::statements(*document, ""))
    if (denies_unencrypted_uploads(statement)) return true;
  return false;
}

// The bucket policy variants, deployable with this variant of the bucket, that deny
// uploads without server-side encryption (read through their evaluated variants, like the
// bucket). One created under a condition of its own excuses the bucket only where that
// condition holds: report_missing_without names the other case.
std::vector<const Resource*> encryption_policies(const CheckContext& ctx, const Resource& bucket) {
  std::vector<const Resource*> found;
  for (const Resource* policy : ctx.graph().targets(bucket, EdgeKind::ResourcePolicy))
    for (const Resource* variant : ctx.variants_with(*policy, bucket))
      if (policy_requires_encryption(*variant)) found.push_back(variant);
  return found;
}

// BucketEncryption is present: it must hold at least one encryption rule. An intrinsic
// anywhere on the way is unknown and never a finding.
void check_configuration(CheckContext& ctx, const Resource& bucket, const Value& encryption,
                         const std::string& path) {
  if (is_unknown(encryption)) return;
  if (!encryption.is_mapping()) {
    ctx.report(bucket, encryption, path);
    return;
  }
  const std::string rules_path = path + ".ServerSideEncryptionConfiguration";
  const Value* rules = encryption.find("ServerSideEncryptionConfiguration");
  if (!rules || rules->is_null()) {
    ctx.report(bucket, rules ? *rules : encryption, rules_path);
  } else if (rules->is_sequence() && rules->items().empty()) {
    ctx.report(bucket, *rules, rules_path);
  }
}

}  // namespace

void s3_bucket_no_encryption(CheckContext& ctx) {
  for (const Resource* bucket : ctx.resources()) {
    const std::string path = bucket->property_path("BucketEncryption");
    if (const Value* encryption = bucket->property("BucketEncryption")) {
      check_configuration(ctx, *bucket, *encryption, path);
    } else if (!properties_unknown(*bucket) &&
               ctx.report_missing_without(*bucket, path, encryption_policies(ctx, *bucket)) &&
               receives_load_balancer_logs(ctx, *bucket)) {
      ctx.add_to_last_message("It receives load balancer logs, which are delivered only to buckets encrypted "
                              "with SSE-S3: choose AES256 here, not SSE-KMS.");
    }
  }
}

}  // namespace cfn::checks
