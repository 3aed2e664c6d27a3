// lambda-permission-public: an AWS::Lambda::Permission whose Principal is "*" with nothing
// narrowing who may invoke: no SourceArn, SourceAccount or PrincipalOrgID. Anyone with
// AWS credentials, in any account, can then call the function. The permissions of an
// unauthenticated function URL are left to lambda-url-no-auth.
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

// The permissions a function URL without authentication needs (FunctionUrlAuthType NONE
// for lambda:InvokeFunctionUrl, InvokedViaFunctionUrl for lambda:InvokeFunction, the pair
// SAM writes for FunctionUrlConfig AuthType NONE): they open the function only through
// its URL, and that exposure is lambda-url-no-auth's finding, on the URL.
bool opens_only_the_url(const Resource& permission) {
  const Value* auth_type = permission.property("FunctionUrlAuthType");
  if (auth_type && !is_unknown(*auth_type) && auth_type->as_string() == "NONE") return true;
  const Value* via_url = permission.property("InvokedViaFunctionUrl");
  return via_url && !is_unknown(*via_url) && via_url->as_bool() == true;
}

}  // namespace

void lambda_permission_public(CheckContext& ctx) {
  for (const Resource* permission : ctx.resources()) {
    const Value* principal = permission->property("Principal");
    if (!principal || !is_everyone(*principal) || narrowed(*permission) || opens_only_the_url(*permission)) continue;
    ctx.report(*permission, *principal, permission->property_path("Principal"));
    // Through a URL with IAM authentication: anyone with credentials of any account.
    const Value* auth_type = permission->property("FunctionUrlAuthType");
    if (auth_type && !is_unknown(*auth_type) && auth_type->as_string() == "AWS_IAM")
      ctx.add_to_last_message("Its function URL asks for IAM authentication, which any AWS account's principals pass.");
  }
}

}  // namespace cfn::checks
