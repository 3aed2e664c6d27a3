// rds-instance-publicly-accessible: an AWS::RDS::DBInstance that is public, either because
// PubliclyAccessible is true, or because it is absent and RDS places the instance in the
// default VPC (no DBSubnetGroupName, or the subnet group named "default"), whose internet
// gateway makes it public. An Aurora instance (DBClusterIdentifier) and a read replica
// (SourceDBInstanceIdentifier) take their network from the cluster or the source. Native
// rather than declarative so that the message says which of the cases it is.
#include "policy/checks/checks_access.h"
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

namespace {

bool written_or_unknown(const Resource& instance, std::string_view key) {
  return !lookup_property(instance, {key}).missing();
}

// Without PubliclyAccessible: the sentence saying why the instance is public, or empty when
// it is not known to be (a subnet group whose VPC the template may not show, an unknown name).
std::string public_without_the_flag(const Resource& instance) {
  if (written_or_unknown(instance, "DBClusterIdentifier") || written_or_unknown(instance, "SourceDBInstanceIdentifier"))
    return "";
  PropertyLookup group = lookup_property(instance, {"DBSubnetGroupName"});
  if (group.missing()) {
    return "Without PubliclyAccessible and DBSubnetGroupName, RDS places it in the default VPC, where it is "
           "public: set PubliclyAccessible to false and give it a DB subnet group of private subnets.";
  }
  // The subnet group named "default" (in any case) is the default VPC's.
  if (property_equals(instance, "DBSubnetGroupName", "default")) {
    return "Without PubliclyAccessible, in the subnet group named default (the default VPC's) it is public: set "
           "PubliclyAccessible to false and give it a DB subnet group of private subnets.";
  }
  return "";
}

}  // namespace

void rds_instance_publicly_accessible(CheckContext& ctx) {
  for (const Resource* instance : ctx.resources()) {
    PropertyLookup flag = lookup_property(*instance, {"PubliclyAccessible"});
    if (flag.found()) {
      const Value& value = *flag.value;
      if (is_unknown(value) || !value.is_scalar() || value.as_bool() != true) continue;
      report_lookup(ctx, *instance, flag);
      ctx.add_to_last_message("PubliclyAccessible is true: set it to false and reach the database from inside the VPC.");
      continue;
    }
    if (!flag.missing()) continue;  // Properties that may gain it at deploy time
    std::string why = public_without_the_flag(*instance);
    if (why.empty()) continue;
    report_lookup(ctx, *instance, flag);
    ctx.add_to_last_message(why);
  }
}

}  // namespace cfn::checks
