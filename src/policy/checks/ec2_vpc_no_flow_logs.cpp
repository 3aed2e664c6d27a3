// ec2-vpc-no-flow-logs: a VPC that no AWS::EC2::FlowLog of the template records. A flow
// log whose ResourceId the template cannot tell (a parameter, an import) might be this
// VPC's: no finding then.
#include <optional>
#include <string_view>
#include <vector>

#include "policy/checks/checks_observability.h"

namespace cfn::checks {

namespace {

// Whether a reference of a flow log is its ResourceId, or a branch of an Fn::If written
// there that may be taken: `!If [IsProd, !Ref AppVpc, !Ref OtherVpc]` records AppVpc or
// OtherVpc, and a branch whose condition is false with the parameters' values neither.
bool names_recorded_resource(const CheckContext& ctx, const Resource& flow_log, std::string_view path) {
  constexpr std::string_view kResourceId = ".Properties.ResourceId";
  size_t at = path.find(kResourceId);
  if (at == std::string_view::npos) return false;
  std::string_view rest = path.substr(at + kResourceId.size());
  if (rest.empty()) return true;
  bool taken_if_true = rest.starts_with(".Fn::If[1]"), taken_if_false = rest.starts_with(".Fn::If[2]");
  if (!taken_if_true && !taken_if_false) return false;
  const Value* id = flow_log.property("ResourceId");
  const Value::Entry* call = id ? id->intrinsic() : nullptr;
  if (!call || call->key != "Fn::If" || !call->value.is_sequence() || call->value.items().empty()) return true;
  auto condition = call->value.items()[0].as_string();
  if (!condition) return true;
  std::optional<bool> truth = ctx.static_condition(*condition);
  return !truth || *truth == taken_if_true;
}

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
      named = named || (to.kind == NodeKind::Resource && names_recorded_resource(ctx, *flow_log, edge->property_path));
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
        names_recorded_resource(ctx, *from.resource, edge->property_path))
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
