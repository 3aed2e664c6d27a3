// lambda-url-no-auth: an AWS::Lambda::Url with AuthType NONE: anyone on the internet who
// learns the URL can invoke the function, with no signature, token or throttling in front.
#include "policy/checks/checks_access.h"

namespace cfn::checks {

void lambda_url_no_auth(CheckContext& ctx) {
  for (const Resource* url : ctx.resources()) {
    if (const Value* auth = property_equals(*url, "AuthType", "NONE"))
      ctx.report(*url, *auth, url->property_path("AuthType"));
  }
}

}  // namespace cfn::checks
