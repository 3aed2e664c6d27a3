// dynamodb-table-no-cmk: an AWS::DynamoDB::Table whose SSESpecification names no customer
// managed KMS key. DynamoDB always encrypts at rest: with a key AWS owns when SSEEnabled
// is false or absent, with the AWS managed key aws/dynamodb when it is true without a key
// or names that key (alias/aws/dynamodb).
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

void dynamodb_table_no_cmk(CheckContext& ctx) {
  for (const Resource* table : ctx.resources()) {
    PropertyLookup enabled = lookup_property(*table, {"SSESpecification", "SSEEnabled"});
    if (enabled.found() && enabled.value->as_bool() == false) {
      report_lookup(ctx, *table, enabled);  // an AWS owned key, said explicitly
      continue;
    }
    require_customer_key(ctx, *table, {"SSESpecification", "KMSMasterKeyId"}, "alias/aws/dynamodb");
  }
}

}  // namespace cfn::checks
