// appsync-graphql-api-key-auth: an AWS::AppSync::GraphQLApi that accepts API keys, as its
// default authentication or as an additional provider. An API key identifies no user: it
// ships inside the client, so anyone who reads the client can call the API with it.
#include "policy/checks/checks_access.h"

namespace cfn::checks {

namespace {

bool is_api_key(const Value& type) {
  auto text = type.as_string();
  return !is_unknown(type) && text && *text == "API_KEY";
}

}  // namespace

void appsync_graphql_api_key_auth(CheckContext& ctx) {
  for (const Resource* api : ctx.resources()) {
    if (const Value* type = api->property("AuthenticationType"); type && is_api_key(*type))
      ctx.report(*api, *type, api->property_path("AuthenticationType"));
    visit_nested(*api, "AdditionalAuthenticationProviders[].AuthenticationType",
                 [&](const Value& type, const std::string& path) {
                   if (is_api_key(type)) ctx.report(*api, type, path);
                 });
  }
}

}  // namespace cfn::checks
