// s3-bucket-no-encryption: an AWS::S3::Bucket without an explicit default-encryption
// configuration (BucketEncryption.ServerSideEncryptionConfiguration). S3 applies SSE-S3
// anyway, so the rule is a note; what is missing is the template saying which key is used.
#include "policy/checks/checks.h"

namespace cfn::checks {

namespace {

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
    } else if (!properties_unknown(*bucket)) {
      ctx.report_missing(*bucket, path);
    }
  }
}

}  // namespace cfn::checks
