// ecs-cluster-no-container-insights: an ECS cluster without Container Insights
// (ClusterSettings containerInsights enabled or enhanced). Off unless the account default
// says otherwise, which a template cannot see: the rule asks for it to be explicit.
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

namespace {

// The containerInsights setting among ClusterSettings, or a verdict that it is unknown.
void check_settings(CheckContext& ctx, const Resource& cluster, const obs::Lookup& settings) {
  if (!settings.value->is_sequence()) return;
  const auto& items = settings.value->items();
  for (size_t i = 0; i < items.size(); ++i) {
    if (is_unknown(items[i]) || !items[i].is_mapping()) return;
    const Value* name = items[i].find("Name");
    if (!name || is_unknown(*name)) return;
    if (name->as_string() != "containerInsights") continue;
    const Value* value = items[i].find("Value");
    if (!value || is_unknown(*value)) return;
    if (value->as_string() != "enabled" && value->as_string() != "enhanced")
      ctx.report(cluster, *value, item_path(settings.path, i) + ".Value");
    return;
  }
  obs::report_at(ctx, cluster, settings, settings.path);
}

}  // namespace

void ecs_cluster_no_container_insights(CheckContext& ctx) {
  for (const Resource* cluster : ctx.resources()) {
    obs::Lookup settings = obs::lookup(*cluster, {"ClusterSettings"});
    if (settings.missing()) {
      obs::report_missing(ctx, *cluster, settings);
    } else if (settings.found()) {
      check_settings(ctx, *cluster, settings);
    }
  }
}

}  // namespace cfn::checks
