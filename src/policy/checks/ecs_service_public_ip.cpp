// ecs-service-public-ip: an AWS::ECS::Service whose awsvpc network configuration assigns
// each task a public IP address (AssignPublicIp ENABLED).
#include "policy/checks/checks_access.h"

namespace cfn::checks {

void ecs_service_public_ip(CheckContext& ctx) {
  for (const Resource* service : ctx.resources()) {
    if (const Value* value = nested_property(*service, "NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp")) {
      auto text = value->as_string();
      if (!is_unknown(*value) && text && *text == "ENABLED")
        ctx.report(*service, *value, service->property_path("NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp"));
    }
  }
}

}  // namespace cfn::checks
