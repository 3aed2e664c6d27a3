// dynamodb-table-no-cmk: an AWS::DynamoDB::Table whose SSESpecification names no customer
// managed KMS key. DynamoDB always encrypts at rest: with a key AWS owns when SSEEnabled
// is false or absent, with the AWS managed key aws/dynamodb when it is true without a key
// or names that key (alias/aws/dynamodb). An AWS::DynamoDB::GlobalTable (CDK's TableV2)
// turns KMS on for the table and names the key of each replica.
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

namespace {

// SSESpecification.SSEEnabled true (SSEType KMS) for the whole table, then each replica's
// SSESpecification.KMSMasterKeyId: absent, it is alias/aws/dynamodb.
void check_global_table(CheckContext& ctx, const Resource& table) {
  PropertyLookup enabled = lookup_property(table, {"SSESpecification", "SSEEnabled"});
  if (enabled.missing() || (enabled.found() && enabled.value->as_bool() == false))
    return report_lookup(ctx, table, enabled);  // a key AWS owns
  if (!enabled.found() || enabled.value->as_bool() != true) return;  // unknown
  PropertyLookup replicas = lookup_property(table, {"Replicas"});
  if (!replicas.found() || !replicas.value->is_sequence()) return;
  const auto& items = replicas.value->items();
  for (size_t i = 0; i < items.size(); ++i) {
    if (is_unknown(items[i])) continue;
    PropertyLookup key = lookup_in(items[i], item_path(replicas.path, i), {"SSESpecification", "KMSMasterKeyId"});
    if (key.missing() || found_text(key, "")) {
      report_lookup(ctx, table, key);
    } else if (key.value && names_aws_managed_key(key, key.value, "alias/aws/dynamodb")) {
      ctx.report(table, *key.value, key.path);
    }
  }
}

}  // namespace

void dynamodb_table_no_cmk(CheckContext& ctx) {
  for (const Resource* table : ctx.resources()) {
    if (table->type == "AWS::DynamoDB::GlobalTable") {
      check_global_table(ctx, *table);
      continue;
    }
    PropertyLookup enabled = lookup_property(*table, {"SSESpecification", "SSEEnabled"});
    if (enabled.found() && enabled.value->as_bool() == false) {
      report_lookup(ctx, *table, enabled);  // an AWS owned key, said explicitly
      continue;
    }
    require_customer_key(ctx, *table, {"SSESpecification", "KMSMasterKeyId"}, "alias/aws/dynamodb");
  }
}

}  // namespace cfn::checks
