// appsync-graphqlapi-no-logging: a GraphQL API that writes no field-level logs to
// CloudWatch Logs (LogConfig absent, or FieldLogLevel absent or NONE).
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

void appsync_graphqlapi_no_logging(CheckContext& ctx) {
  for (const Resource* api : ctx.resources()) {
    obs::Lookup level = obs::lookup(*api, {"LogConfig", "FieldLogLevel"});
    if (level.missing()) {
      obs::report_missing(ctx, *api, level);
    } else if (level.found() && level.value->as_string() == "NONE") {
      ctx.report(*api, *level.value, level.path);
    }
  }
}

}  // namespace cfn::checks
