// dms-replication-instance-public: an AWS::DMS::ReplicationInstance that is publicly
// accessible. PubliclyAccessible defaults to true, so an instance that leaves it out gets a
// public IP address as well; only an explicit false keeps it private.
#include "policy/checks/checks_access.h"

namespace cfn::checks {

void dms_replication_instance_public(CheckContext& ctx) {
  for (const Resource* instance : ctx.resources()) {
    const std::string path = instance->property_path("PubliclyAccessible");
    const Value* value = instance->property("PubliclyAccessible");
    if (!value) {
      if (!properties_unknown(*instance)) ctx.report_missing(*instance, path);
    } else if (!is_unknown(*value) && value->as_bool() != false) {
      ctx.report(*instance, *value, path);
    }
  }
}

}  // namespace cfn::checks
