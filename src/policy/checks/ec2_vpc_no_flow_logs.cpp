// ec2-vpc-no-flow-logs: a VPC that no AWS::EC2::FlowLog of the template records. A flow
// log whose ResourceId the template cannot tell (a parameter, an import) might be this
// VPC's: no finding then.
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

bool has_flow_log(const CheckContext& ctx, const Resource& vpc) {
  const ResourceGraph& graph = ctx.graph();
  for (const GraphEdge* edge : graph.in_edges(graph.node(vpc.logical_id, NodeKind::Resource))) {
    const GraphNode& from = graph.at(edge->from);
    if (from.resource && from.resource->type == "AWS::EC2::FlowLog" &&
        ends_with(edge->property_path, ".Properties.ResourceId"))
      return true;
  }
  return false;
}

}  // namespace

void ec2_vpc_no_flow_logs(CheckContext& ctx) {
  if (some_flow_log_unresolved(ctx)) return;
  for (const Resource* vpc : ctx.resources()) {
    if (!has_flow_log(ctx, *vpc)) ctx.report_missing(*vpc, vpc->path());
  }
}

}  // namespace cfn::checks
