// lambda-function-no-tracing: an AWS::Lambda::Function whose TracingConfig.Mode is not
// Active. Without TracingConfig, or without Mode, Lambda uses PassThrough.
// A function that the graph shows to be a custom resource's ServiceToken (CDK's bucket
// notification and auto-delete handlers, cfn-response providers) runs only while the stack
// deploys: no request passes through it, so there is no trace to continue.
#include <string_view>

#include "policy/checks/checks.h"

namespace cfn::checks {

namespace {

bool is_custom_resource(const Resource& resource) {
  return resource.type == "AWS::CloudFormation::CustomResource" || resource.type.starts_with("Custom::");
}

bool is_service_token(const GraphEdge& edge) {
  return edge.property_path.ends_with(".Properties.ServiceToken");
}

bool is_custom_resource_provider(const CheckContext& ctx, const Resource& function) {
  const ResourceGraph& graph = ctx.graph();
  size_t node = graph.node(function);
  if (node == ResourceGraph::npos) return false;
  for (const GraphEdge* edge : graph.in_edges(node)) {
    const Resource* source = graph.at(edge->from).resource;
    if (source && is_service_token(*edge) && is_custom_resource(*source)) return true;
  }
  return false;
}

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
    if (is_custom_resource_provider(ctx, *function)) continue;
    const std::string path = function->property_path("TracingConfig");
    if (const Value* config = function->property("TracingConfig")) {
      check_tracing_config(ctx, *function, *config, path);
    } else if (!properties_unknown(*function)) {
      ctx.report_missing(*function, path);
    }
  }
}

}  // namespace cfn::checks
