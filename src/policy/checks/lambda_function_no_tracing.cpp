// lambda-function-no-tracing: an AWS::Lambda::Function whose TracingConfig.Mode is not
// Active. Without TracingConfig, or without Mode, Lambda uses PassThrough.
#include "policy/checks/checks.h"

namespace cfn::checks {

namespace {

// TracingConfig is present; Mode must be the literal "Active". Intrinsics are unknown.
void check_tracing_config(CheckContext& ctx, const Resource& function, const Value& config,
                          const std::string& path) {
  if (is_unknown(config)) return;
  const std::string mode_path = path + ".Mode";
  const Value* mode = config.is_mapping() ? config.find("Mode") : nullptr;
  if (!mode) {
    ctx.report(function, config, mode_path);
  } else if (!is_unknown(*mode) && mode->as_string() != "Active") {
    ctx.report(function, *mode, mode_path);
  }
}

}  // namespace

void lambda_function_no_tracing(CheckContext& ctx) {
  for (const Resource* function : ctx.resources()) {
    const std::string path = function->property_path("TracingConfig");
    if (const Value* config = function->property("TracingConfig")) {
      check_tracing_config(ctx, *function, *config, path);
    } else if (!properties_unknown(*function)) {
      ctx.report_missing(*function, path);
    }
  }
}

}  // namespace cfn::checks
