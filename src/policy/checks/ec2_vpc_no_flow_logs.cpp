// ec2-vpc-no-flow-logs: a VPC that no AWS::EC2::FlowLog of the template records. A flow
// log whose ResourceId the template cannot tell (a parameter, an import) might be this
// VPC's: no finding then.
#include <vector>

#include "policy/checks/checks_observability.h"

namespace cfn::checks {

namespace {

bool ends_with(std::string_view text, std::string_view suffix) { return text.ends_with(suffix); }

// Whether a flow log of the template records something the template cannot name: a
// ResourceId from a parameter or an import.
bool some_flow_log_unresolved(const CheckContext& ctx) {
  const ResourceGraph& graph = ctx.graph();
  for (const Resource* flow_log : ctx.tmpl().resources_of_type("AWS::EC2::FlowLog")) {
    const Value* id = flow_log->property("ResourceId");
    if (!id || (id->is_scalar() && !id->is_null())) continue;  // a literal id is no template VPC
    bool named = false;
    for (const GraphEdge* edge : graph.out_edges(graph.node(*flow_log))) {
      const GraphNode& to = graph.at(edge->to);
      named = named || (to.kind == NodeKind::Resource && ends_with(edge->property_path, ".Properties.ResourceId"));
    }
    if (!named) return true;
  }
  return false;
}

// The flow logs of the template that record `vpc` (their ResourceId names it).
std::vector<const Resource*> flow_logs_of(const CheckContext& ctx, const Resource& vpc) {
  std::vector<const Resource*> found;
  const ResourceGraph& graph = ctx.graph();
  for (const GraphEdge* edge : graph.in_edges(graph.node(vpc.logical_id, NodeKind::Resource))) {
    const GraphNode& from = graph.at(edge->from);
    if (from.resource && from.resource->type == "AWS::EC2::FlowLog" &&
        ends_with(edge->property_path, ".Properties.ResourceId"))
      found.push_back(from.resource);
  }
  return found;
}

}  // namespace

// A flow log under a Condition records the VPC only where that condition holds.
void ec2_vpc_no_flow_logs(CheckContext& ctx) {
  if (some_flow_log_unresolved(ctx)) return;
  for (const Resource* vpc : ctx.resources()) ctx.report_missing_without(*vpc, vpc->path(), flow_logs_of(ctx, *vpc));
}

}  // namespace cfn::checks
