// apigateway-stage-no-execution-logging: a REST API stage whose methods do not all write
// execution logs: no MethodSettings entry for every method (HttpMethod "*", ResourcePath
// "/*") with LoggingLevel INFO or ERROR, or an entry for some methods with LoggingLevel
// OFF. A Deployment that creates its stage (StageName, configured by StageDescription) may
// also set LoggingLevel for all methods directly.
#include "policy/predicate_eval.h"
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

namespace {

bool text_is(const Value* value, std::string_view text) {
  return value && !is_unknown(*value) && value->as_string() == text;
}

bool logs_executions(const Value& level) {
  return text_is(&level, "INFO") || text_is(&level, "ERROR");
}

bool is_all_methods_entry(const Value& item) {
  return text_is(item.find("HttpMethod"), "*") && text_is(item.find("ResourcePath"), "/*");
}

// An entry for one method or path whose LoggingLevel is OFF: it overrides the entry for all
// methods, and that method writes no execution log whatever the stage's setting.
void report_methods_turned_off(CheckContext& ctx, const Resource& resource, const obs::Lookup& settings) {
  if (!settings.found() || !settings.value->is_sequence()) return;
  const auto& items = settings.value->items();
  for (size_t i = 0; i < items.size(); ++i) {
    const Value& item = items[i];
    if (is_unknown(item) || !item.is_mapping() || is_all_methods_entry(item)) continue;
    const Value* level = item.find("LoggingLevel");
    if (!text_is(level, "OFF")) continue;
    ctx.report(resource, *level, item_path(settings.path, i) + ".LoggingLevel");
    ctx.add_to_last_message("This entry turns execution logging off for its methods: remove it, or set its "
                            "LoggingLevel to ERROR or INFO.");
  }
}

// MethodSettings is present: the entry for all methods must log. Unknown entries (an
// intrinsic, a method or path not known) might be that entry: no finding then.
void check_method_settings(CheckContext& ctx, const Resource& resource, const obs::Lookup& settings) {
  if (!settings.value->is_sequence()) return;
  report_methods_turned_off(ctx, resource, settings);
  const auto& items = settings.value->items();
  for (size_t i = 0; i < items.size(); ++i) {
    const Value& item = items[i];
    if (is_unknown(item) || !item.is_mapping()) return;
    const Value* method = item.find("HttpMethod");
    const Value* path = item.find("ResourcePath");
    if ((method && is_unknown(*method)) || (path && is_unknown(*path))) return;
    if (!text_is(method, "*") || !text_is(path, "/*")) continue;
    obs::Lookup level = obs::lookup(&item, item_path(settings.path, i), {"LoggingLevel"});
    if (level.missing()) {
      obs::report_missing(ctx, resource, level);
    } else if (level.found() && !logs_executions(*level.value)) {
      ctx.report(resource, *level.value, level.path);
    }
    return;
  }
  obs::report_at(ctx, resource, settings, settings.path);
}

void check_settings(CheckContext& ctx, const Resource& resource, std::initializer_list<std::string_view> keys) {
  obs::Lookup settings = obs::lookup(resource, keys);
  if (settings.missing()) {
    obs::report_missing(ctx, resource, settings);
  } else if (settings.found()) {
    check_method_settings(ctx, resource, settings);
  }
}

// A deployment names the API it deploys in RestApiId: one of the template, or one another
// stack made (a parameter, an import), whose stage that stack creates and configures; a
// StageName without a StageDescription then only points that stage at the new deployment.
// Read as the other stage rules' `target` reads it: the evaluated value, an Fn::If's branch.
bool deploys_template_api(CheckContext& ctx, const Resource& deployment) {
  const Value* api = deployment.property("RestApiId");
  if (!api) return false;
  Focus site{&deployment, api, ".RestApiId", Range{}, false};
  for (const Resource* target : referenced_resources(site, ctx))
    if (target->type == "AWS::ApiGateway::RestApi") return true;
  return false;
}

void check_deployment(CheckContext& ctx, const Resource& deployment) {
  // Only a StageName creates a stage; a StageDescription without one configures none.
  if (!deployment.property("StageName")) return;
  obs::Lookup description = obs::lookup(deployment, {"StageDescription"});
  if (description.missing() && !deploys_template_api(ctx, deployment)) return;
  // StageName alone creates a stage with API Gateway's defaults, which log nothing; SAM's
  // own deployments have one ("Stage") that the template cannot configure.
  if (description.missing() && deployment.sam_resource.empty())
    return obs::report_missing(ctx, deployment, description);
  if (!description.found()) return;  // no stage of its own, or unknown
  obs::Lookup level = obs::lookup(deployment, {"StageDescription", "LoggingLevel"});
  if (level.found() && logs_executions(*level.value))
    return report_methods_turned_off(ctx, deployment, obs::lookup(deployment, {"StageDescription", "MethodSettings"}));
  if (level.state == obs::Lookup::State::Unknown) return;
  if (level.found()) {
    ctx.report(deployment, *level.value, level.path);
    return;
  }
  check_settings(ctx, deployment, {"StageDescription", "MethodSettings"});
}

}  // namespace

void apigateway_stage_no_execution_logging(CheckContext& ctx) {
  for (const Resource* resource : ctx.resources()) {
    if (resource->type == "AWS::ApiGateway::Stage") {
      check_settings(ctx, *resource, {"MethodSettings"});
    } else {
      check_deployment(ctx, *resource);
    }
  }
}

}  // namespace cfn::checks
