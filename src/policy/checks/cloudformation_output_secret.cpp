// cloudformation-output-secret: a stack output (its Value, or an Export name) that holds a
// secret CloudFormation returns in clear to anyone who can describe the stack: an IAM
// access key's SecretAccessKey, a Cognito app client's ClientSecret (Fn::GetAtt, or
// ${X.Attr} in a Fn::Sub), or a NoEcho parameter, which NoEcho masks in the parameters but
// not in the outputs. Found on the graph's edges from each output, at the reference; an
// output whose Condition is false with the parameters' values is not created, nor reported.
#include <string_view>

#include "policy/checks/checks_observability.h"

namespace cfn::checks {

namespace {

// Whether the edge reads a secret: a secret attribute of a resource the template creates
// (with the parameters' values; one whose Condition is false makes none), or a Ref or
// ${Name} of a NoEcho parameter.
bool reads_secret(const CheckContext& ctx, const GraphEdge& edge, const GraphNode& target,
                  const std::set<std::string, std::less<>>& masked) {
  bool reads_value = edge.kind == EdgeKind::Ref || edge.kind == EdgeKind::Sub || edge.kind == EdgeKind::GetAtt;
  if (!reads_value) return false;
  if (target.kind == NodeKind::Parameter) return edge.attribute.empty() && masked.contains(target.logical_id);
  if (target.kind != NodeKind::Resource || !target.resource) return false;
  return obs::is_secret_attribute(*target.resource, edge.attribute) && !ctx.variants_of(*target.resource).empty();
}

}  // namespace

void cloudformation_output_secret(CheckContext& ctx) {
  const Value* outputs = ctx.tmpl().outputs;
  if (!outputs || !outputs->is_mapping()) return;
  const ResourceGraph& graph = ctx.graph();
  const auto masked = obs::no_echo_parameters(ctx.tmpl());
  for (const Value::Entry& output : outputs->entries()) {
    const Value* condition = output.value.is_mapping() ? output.value.find("Condition") : nullptr;
    auto name = condition ? condition->as_string() : std::nullopt;
    if (name && ctx.static_condition(*name) == false) continue;  // the output is not created
    size_t node = graph.node(output.key, NodeKind::Output);
    if (node == ResourceGraph::npos) continue;
    for (const GraphEdge* edge : graph.out_edges(node)) {
      if (!reads_secret(ctx, *edge, graph.at(edge->to), masked)) continue;
      ctx.report_at(output.key, output.key, edge->range, std::string(edge->property_path));
    }
  }
}

}  // namespace cfn::checks
