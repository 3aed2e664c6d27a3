// s3-bucket-public-access-block-disabled: an AWS::S3::Bucket whose
// PublicAccessBlockConfiguration turns off one of the four Block Public Access settings,
// either with an explicit false or by leaving the setting out: once the configuration is
// written, S3 applies it as a whole and an omitted setting is false. A bucket without the
// property keeps S3's default since April 2023 (all four on) and is not reported.
#include <array>

#include "policy/checks/checks_access.h"

namespace cfn::checks {

namespace {

constexpr std::array<std::string_view, 4> kSettings = {"BlockPublicAcls", "BlockPublicPolicy",
                                                       "IgnorePublicAcls", "RestrictPublicBuckets"};

// One finding per bucket: the first setting written as false (the value a reader should
// change), else the first one left out (at the configuration's key).
void check_configuration(CheckContext& ctx, const Resource& bucket, const Value::Entry& entry,
                         const std::string& path) {
  const Value& configuration = entry.value;
  if (is_unknown(configuration) || !configuration.is_mapping()) return;
  for (std::string_view setting : kSettings) {
    const Value* value = configuration.find(setting);
    if (value && !value->is_null() && !is_unknown(*value) && value->as_bool() == false) {
      ctx.report(bucket, *value, path + "." + std::string(setting));
      return;
    }
  }
  for (std::string_view setting : kSettings) {
    const Value* value = configuration.find(setting);
    if (!value || value->is_null()) {
      report_entry(ctx, bucket, entry, path + "." + std::string(setting));
      return;
    }
  }
}

}  // namespace

void s3_bucket_public_access_block_disabled(CheckContext& ctx) {
  for (const Resource* bucket : ctx.resources()) {
    const Value::Entry* entry = bucket->properties ? bucket->properties->find_entry("PublicAccessBlockConfiguration") : nullptr;
    if (entry) check_configuration(ctx, *bucket, *entry, bucket->property_path("PublicAccessBlockConfiguration"));
  }
}

}  // namespace cfn::checks
