// cloudformation-authentication-credentials: a password or secret key in a resource's
// AWS::CloudFormation::Authentication metadata (what cfn-init uses to download files).
// CloudFormation never redacts resource Metadata: DescribeStackResource returns it, with
// intrinsics resolved, to anyone allowed to call it, NoEcho parameters included. So the
// credential being there is the finding, whatever its value: unknown values included,
// unlike the rules that judge a value. Blocks that use roleName carry no credential.
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

namespace {

constexpr std::string_view kAuthentication = "AWS::CloudFormation::Authentication";

bool present(const Value* value) {
  return value && !value->is_null() && !(value->is_scalar() && value->text().empty());
}

}  // namespace

void cloudformation_authentication_credentials(CheckContext& ctx) {
  for (const Resource* resource : ctx.resources()) {
    const Value* metadata = resource->node && resource->node->is_mapping() ? resource->node->find("Metadata") : nullptr;
    const Value* blocks = metadata && metadata->is_mapping() ? metadata->find(kAuthentication) : nullptr;
    if (!blocks || !blocks->is_mapping() || blocks->intrinsic()) continue;
    // Resolved as deployed: `password: !If [UseBasicAuth, !Ref Password, !Ref AWS::NoValue]`
    // holds no credential where UseBasicAuth is false.
    const Value resolved = ctx.resolved_with(*blocks, *resource);
    if (!resolved.is_mapping()) continue;
    const std::string base = resource->path() + ".Metadata." + std::string(kAuthentication) + ".";
    for (const Value::Entry& block : resolved.entries()) {
      if (!block.value.is_mapping() || block.value.intrinsic()) continue;
      for (std::string_view key : {"password", "secretKey"}) {
        const Value* credential = block.value.find(key);
        if (present(credential)) ctx.report(*resource, *credential, base + block.key + "." + std::string(key));
      }
    }
  }
}

}  // namespace cfn::checks
