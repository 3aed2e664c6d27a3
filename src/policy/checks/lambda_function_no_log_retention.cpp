// lambda-function-no-log-retention: a Lambda function whose log group the template does
// not create. Lambda then creates /aws/lambda/<name> itself on the first invocation, with
// no retention: its logs are kept, and billed, forever. A log group the template does
// create is judged by logs-loggroup-no-retention instead, so each missing retention is
// reported once.
//
// The template creates the log group when: an AWS::Logs::LogGroup is named
// /aws/lambda/<function> or is the function's LoggingConfig.LogGroup (the graph's LogGroup
// edge), or a CDK Custom::LogRetention names /aws/lambda/<function>, or the function is
// the CDK's log retention handler itself (which keeps its own logs a day). A LoggingConfig.LogGroup
// naming a log group outside the template is managed elsewhere: no finding either.
#include <optional>

#include "policy/checks/checks_observability.h"

namespace cfn::checks {

namespace {

// The text a LogGroupName builds, with ${Id} for a Ref: a literal, a Sub without its own
// variables, or a Join of those; nullopt otherwise.
std::optional<std::string> name_text(const Value& value);

std::optional<std::string> join_text(const Value& argument) {
  if (!argument.is_sequence() || argument.items().size() != 2) return std::nullopt;
  const Value& separator = argument.items()[0];
  const Value& parts = argument.items()[1];
  if (!separator.is_scalar() || !parts.is_sequence()) return std::nullopt;
  std::string joined;
  for (size_t i = 0; i < parts.items().size(); ++i) {
    auto part = name_text(parts.items()[i]);
    if (!part) return std::nullopt;
    if (i > 0) joined += separator.text();
    joined += *part;
  }
  return joined;
}

std::optional<std::string> name_text(const Value& value) {
  if (value.is_scalar()) return value.text();
  const Value::Entry* call = value.intrinsic();
  if (!call) return std::nullopt;
  if (call->key == "Ref" && call->value.is_scalar()) return std::string("${").append(call->value.text()).append("}");
  if (call->key == "Fn::Sub" && call->value.is_scalar()) return call->value.text();
  if (call->key == "Fn::Join") return join_text(call->value);
  return std::nullopt;
}

// Whether a CDK log retention custom resource sets a retention on the function's default
// log group. Without RetentionInDays (CDK's RetentionDays.INFINITE) it removes the
// retention policy: the logs are kept forever, as with no such resource.
bool cdk_log_retention(const Template& tmpl, const Resource& function) {
  std::string by_ref = std::string("/aws/lambda/${").append(function.logical_id).append("}");
  std::string by_name;
  if (const Value* name = function.property("FunctionName"); name && name->is_scalar())
    by_name = std::string("/aws/lambda/").append(name->text());
  for (const Resource* retention : tmpl.resources_of_type("Custom::LogRetention")) {
    const Value* days = retention->property("RetentionInDays");
    if (!days || days->is_null()) continue;
    const Value* group = retention->property("LogGroupName");
    auto text = group ? name_text(*group) : std::nullopt;
    if (text && (*text == by_ref || (!by_name.empty() && *text == by_name))) return true;
  }
  return false;
}

// Whether the function is the CDK's log retention handler: the ServiceToken of a
// Custom::LogRetention. Each time it runs it sets a one-day retention on its own log
// group (/aws/lambda/<its name>) before the one it was asked for.
bool cdk_log_retention_handler(const ResourceGraph& graph, const Resource& function) {
  size_t node = graph.node(function);
  if (node == ResourceGraph::npos) return false;
  for (const GraphEdge* edge : graph.in_edges(node)) {
    const Resource* from = graph.at(edge->from).resource;
    if (from && from->type == "Custom::LogRetention" && is_reference_edge(edge->kind) &&
        edge->property_path == from->path() + ".Properties.ServiceToken")
      return true;
  }
  return false;
}

// The log groups of the template named /aws/lambda/<function>: LogGroup edges written on
// the log group. One written in the function's own LoggingConfig may sit in one branch of
// an Fn::If only; the variant's LoggingConfig.LogGroup answers for those.
std::vector<const Resource*> named_log_groups(const ResourceGraph& graph, const Resource& original) {
  std::vector<const Resource*> groups;
  size_t node = graph.node(original);
  if (node == ResourceGraph::npos) return groups;
  const std::string own = original.path() + ".";
  for (const GraphEdge* edge : graph.out_edges(node, EdgeKind::LogGroup)) {
    const Resource* group = graph.at(edge->to).resource;
    if (group && !edge->property_path.starts_with(own)) groups.push_back(group);
  }
  return groups;
}

}  // namespace

void lambda_function_no_log_retention(CheckContext& ctx) {
  const ResourceGraph& graph = ctx.graph();
  for (const Resource* function : ctx.resources()) {
    const Resource* original = ctx.tmpl().resource(function->logical_id);
    if (!original) continue;
    obs::Lookup custom = obs::lookup(*function, {"LoggingConfig", "LogGroup"});
    if (!custom.missing()) continue;  // a log group of its own, named here, or unknown
    if (cdk_log_retention(ctx.tmpl(), *original) || cdk_log_retention_handler(graph, *original)) continue;
    ctx.report_missing_without(*function, custom.path, named_log_groups(graph, *original));
  }
}

}  // namespace cfn::checks
