// lambda-permission-public: an AWS::Lambda::Permission whose Principal is "*" with nothing
// narrowing who may invoke: no SourceArn, SourceAccount or PrincipalOrgID. Anyone with
// AWS credentials, in any account, can then call the function (and with
// FunctionUrlAuthType NONE, anyone on the internet through its URL).
#include "policy/checks/checks_access.h"

namespace cfn::checks {

namespace {

bool is_everyone(const Value& principal) {
  if (is_unknown(principal)) return false;
  auto text = principal.as_string();
  return text && *text == "*";
}

// Present at all counts: an unknown SourceArn is still a restriction someone wrote.
bool narrowed(const Resource& permission) {
  for (std::string_view name : {"SourceArn", "SourceAccount", "PrincipalOrgID"}) {
    const Value* value = permission.property(name);
    if (value && !value->is_null()) return true;
  }
  return false;
}

}  // namespace

void lambda_permission_public(CheckContext& ctx) {
  for (const Resource* permission : ctx.resources()) {
    const Value* principal = permission->property("Principal");
    if (principal && is_everyone(*principal) && !narrowed(*permission))
      ctx.report(*permission, *principal, permission->property_path("Principal"));
  }
}

}  // namespace cfn::checks
