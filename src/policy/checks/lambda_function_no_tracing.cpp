// lambda-function-no-tracing: an AWS::Lambda::Function whose TracingConfig.Mode is not
// Active. Without TracingConfig, or without Mode, Lambda uses PassThrough.
// A function that the graph shows to be a custom resource's ServiceToken (CDK's bucket
// notification and auto-delete handlers, cfn-response providers) runs only while the stack
// deploys: no request passes through it, so there is no trace to continue. Unless a
// schedule, a rule, a subscription or another invoker names it too. So does a handler the
// CDK's Provider framework function calls for such a custom resource (and the framework's
// isComplete and onTimeout functions, which only its waiter state machine runs), and a template
// macro's function (AWS::CloudFormation::Macro), which CloudFormation calls while it
// processes a template that uses the macro. A Lambda@Edge function (a version of it in a
// CloudFront distribution's LambdaFunctionAssociations) cannot use X-Ray at all.
#include <algorithm>
#include <string_view>

#include "eval/intrinsics.h"
#include "policy/checks/checks.h"

namespace cfn::checks {

namespace {

bool is_custom_resource(const Resource& resource) {
  return resource.type == "AWS::CloudFormation::CustomResource" || resource.type.starts_with("Custom::");
}

bool is_service_token(const GraphEdge& edge) {
  return edge.property_path.ends_with(".Properties.ServiceToken");
}

bool is_macro_function(const GraphEdge& edge, const Resource& source) {
  return source.type == "AWS::CloudFormation::Macro" && edge.property_path.ends_with(".Properties.FunctionName");
}

// Resources that invoke a function they name: a schedule, an event rule or pipe, a
// subscription, an event source mapping, an API (its methods, integrations, authorizers,
// or an OpenAPI Body, where SAM writes its events' integrations), a bucket notification,
// a state machine, a rotation, a Config rule, a target group; and a permission, which a
// custom resource's call does not need, so something else invokes the function.
bool invokes_what_it_names(const Resource& resource) {
  static constexpr std::string_view kInvokers[] = {
      "AWS::Events::Rule",             "AWS::Scheduler::Schedule",         "AWS::Pipes::Pipe",
      "AWS::SNS::Subscription",        "AWS::SNS::Topic",                  "AWS::Lambda::EventSourceMapping",
      "AWS::ApiGateway::Method",       "AWS::ApiGateway::RestApi",         "AWS::ApiGateway::Authorizer",
      "AWS::ApiGatewayV2::Integration", "AWS::ApiGatewayV2::Api",          "AWS::ApiGatewayV2::Authorizer",
      "AWS::S3::Bucket",               "AWS::Lambda::Url",                 "AWS::Lambda::Permission",
      "AWS::StepFunctions::StateMachine", "AWS::IoT::TopicRule",           "AWS::Logs::SubscriptionFilter",
      "AWS::AppSync::DataSource",      "AWS::Cognito::UserPool",           "AWS::SecretsManager::RotationSchedule",
      "AWS::Config::ConfigRule",       "AWS::ElasticLoadBalancingV2::TargetGroup"};
  return std::find(std::begin(kInvokers), std::end(kInvokers), resource.type) != std::end(kInvokers);
}

// A permission for CloudFormation itself, which some templates add beside a custom
// resource although its call needs none: no other invoker.
bool for_cloudformation(const Resource& resource) {
  if (resource.type != "AWS::Lambda::Permission") return false;
  const Value* principal = resource.property("Principal");
  if (!principal) return false;
  if (principal->as_string() == "cloudformation.amazonaws.com") return true;
  auto runs = intrinsics::literal_runs(*principal);  // !Sub cloudformation.${AWS::URLSuffix}
  return runs && runs->size() == 2 && runs->front() == "cloudformation." && runs->back().empty();
}

// The CDK's custom_resources.Provider: its framework function (the ServiceToken) calls the
// user's handlers, which it finds in these environment variables.
bool names_provider_handler(const GraphEdge& edge) {
  return edge.property_path.ends_with(".Environment.Variables.USER_ON_EVENT_FUNCTION_ARN") ||
         edge.property_path.ends_with(".Environment.Variables.USER_IS_COMPLETE_FUNCTION_ARN");
}

bool is_custom_resource_provider(const CheckContext& ctx, const Resource& function, bool handlers = true);

// The CDK Provider framework's waiter: a state machine the framework's onEvent function (a
// custom resource's ServiceToken) starts, named in its WAITER_STATE_MACHINE_ARN, to run the
// framework's isComplete and onTimeout functions until the resource is ready.
bool is_provider_waiter(const CheckContext& ctx, const Resource& machine) {
  if (machine.type != "AWS::StepFunctions::StateMachine") return false;
  const ResourceGraph& graph = ctx.graph();
  size_t node = graph.node(machine);
  if (node == ResourceGraph::npos) return false;
  for (const GraphEdge* edge : graph.in_edges(node)) {
    const Resource* source = graph.at(edge->from).resource;
    if (source && source->type == "AWS::Lambda::Function" &&
        edge->property_path.ends_with(".Environment.Variables.WAITER_STATE_MACHINE_ARN") &&
        is_custom_resource_provider(ctx, *source, false))
      return true;
  }
  return false;
}

// A custom resource's ServiceToken that nothing else invokes: the SRA's Security Hub
// handler is also an hourly schedule's target, and traces those runs. With `handlers`,
// also a handler that such a provider's framework function calls (the CDK's Provider).
bool is_custom_resource_provider(const CheckContext& ctx, const Resource& function, bool handlers) {
  const ResourceGraph& graph = ctx.graph();
  size_t node = graph.node(function);
  if (node == ResourceGraph::npos) return false;
  bool provider = false;
  for (const GraphEdge* edge : graph.in_edges(node)) {
    const Resource* source = graph.at(edge->from).resource;
    if (!source) continue;
    // A custom resource or macro never created with the function (its Condition never
    // holds there, or only off the parameters' Defaults) calls nothing.
    if (((is_service_token(*edge) && is_custom_resource(*source)) || is_macro_function(*edge, *source)) &&
        !ctx.variants_with(*source, function).empty())
      provider = true;
    if (source->type == "AWS::Lambda::Function" && edge->property_path.find(".Environment.Variables.") != std::string::npos) {
      // Another function that names it in its environment calls it at run time; the
      // Provider framework's functions (onEvent, the ServiceToken; isComplete and
      // onTimeout, run by its waiter) name the handlers in their own variables.
      if (!names_provider_handler(*edge)) return false;
      if (handlers && is_custom_resource_provider(ctx, *source, false)) provider = true;
    }
    // (Not asked again below a waiter: a template whose waiter also names the function
    // that starts it must not send the question round in a circle.)
    if (handlers && is_provider_waiter(ctx, *source)) {
      provider = true;
      continue;
    }
    if (is_reference_edge(edge->kind) && invokes_what_it_names(*source) && !for_cloudformation(*source)) return false;
  }
  return provider;
}

// A CloudFront distribution that runs the function at the edge: a LambdaFunctionAssociations
// entry names it, directly (an ARN built from its own) or through one of its versions.
bool associated_at_edge(const CheckContext& ctx, const GraphEdge& edge, const Resource& source,
                        const Resource& function) {
  return source.type == "AWS::CloudFront::Distribution" && is_reference_edge(edge.kind) &&
         edge.property_path.find(".LambdaFunctionAssociations[") != std::string::npos &&
         !ctx.variants_with(source, function).empty();
}

// A Lambda@Edge function: CloudFront runs a version of it, and Lambda@Edge does not
// support X-Ray (CloudFront Developer Guide, "Restrictions on Lambda@Edge"), so there is
// no tracing to turn on.
bool is_lambda_at_edge(const CheckContext& ctx, const Resource& function) {
  const ResourceGraph& graph = ctx.graph();
  size_t node = graph.node(function);
  if (node == ResourceGraph::npos) return false;
  for (const GraphEdge* edge : graph.in_edges(node)) {
    const Resource* source = graph.at(edge->from).resource;
    if (!source) continue;
    if (associated_at_edge(ctx, *edge, *source, function)) return true;
    // A version of it: an AWS::Lambda::Version, or a custom resource that publishes one
    // (Custom::LambdaVersion with its FunctionName, as templates written before
    // AWS::Lambda::Version existed do).
    bool version = source->type == "AWS::Lambda::Version" || is_custom_resource(*source);
    if (!version || !edge->property_path.ends_with(".Properties.FunctionName")) continue;
    for (const GraphEdge* use : graph.in_edges(graph.node(*source))) {
      const Resource* user = graph.at(use->from).resource;
      if (user && associated_at_edge(ctx, *use, *user, function)) return true;
    }
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
    if (is_custom_resource_provider(ctx, *function) || is_lambda_at_edge(ctx, *function)) continue;
    const std::string path = function->property_path("TracingConfig");
    if (const Value* config = function->property("TracingConfig")) {
      check_tracing_config(ctx, *function, *config, path);
    } else if (!properties_unknown(*function)) {
      ctx.report_missing(*function, path);
    }
  }
}

}  // namespace cfn::checks
