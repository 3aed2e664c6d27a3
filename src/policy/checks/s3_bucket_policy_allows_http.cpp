// s3-bucket-policy-allows-http: an AWS::S3::BucketPolicy with no statement that denies
// requests made without TLS (Effect Deny with Condition Bool or BoolIfExists
// aws:SecureTransport false). S3 accepts plain HTTP requests unless a policy refuses them.
// Only buckets that have a policy in the template are judged: a bucket without one may get
// it elsewhere, and the finding belongs where the deny statement should be added.
#include <algorithm>
#include <cctype>

#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

namespace {

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// A value that says "false": the boolean, or a list holding it. Unknown counts: not judged.
bool says_false(const Value& value) {
  if (is_unknown(value)) return true;
  if (value.is_sequence())
    return std::any_of(value.items().begin(), value.items().end(), [](const Value& item) { return says_false(item); });
  return value.as_bool() == false;
}

bool denies_insecure_transport(const Value& statement) {
  if (is_unknown(statement) || !statement.is_mapping()) return true;  // cannot tell: not judged
  const Value* effect = statement.find("Effect");
  const Value* condition = statement.find("Condition");
  if (!effect || effect->as_string() != "Deny" || !condition) return false;
  if (is_unknown(*condition)) return true;
  for (const auto& [operator_name, _r, tests] : condition->entries()) {
    if (operator_name != "Bool" && operator_name != "BoolIfExists") continue;
    if (is_unknown(tests)) return true;
    for (const auto& [key, _k, value] : tests.entries())
      if (equals_ignoring_case(key, "aws:SecureTransport") && says_false(value)) return true;
  }
  return false;
}

}  // namespace

void s3_bucket_policy_allows_http(CheckContext& ctx) {
  for (const Resource* policy : ctx.resources()) {
    PropertyLookup statements = lookup_property(*policy, {"PolicyDocument", "Statement"});
    if (!statements.found()) continue;  // missing or unknown: not this rule's concern
    if (statements.value->is_mapping()) {
      if (!denies_insecure_transport(*statements.value)) report_lookup(ctx, *policy, statements);
      continue;
    }
    if (!statements.value->is_sequence()) continue;
    const auto& items = statements.value->items();
    if (std::none_of(items.begin(), items.end(), denies_insecure_transport)) report_lookup(ctx, *policy, statements);
  }
}

}  // namespace cfn::checks
