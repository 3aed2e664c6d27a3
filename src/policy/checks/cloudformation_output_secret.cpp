// cloudformation-output-secret: a stack output (its Value, or an Export name) that holds a
// secret CloudFormation returns in clear to anyone who can describe the stack: an IAM
// access key's SecretAccessKey, a Cognito app client's ClientSecret (Fn::GetAtt, or
// ${X.Attr} in a Fn::Sub), or a NoEcho parameter, which NoEcho masks in the parameters but
// not in the outputs. Found on the graph's edges from each output, at the reference; an
// output whose Condition is false with the parameters' values is not created, nor reported.
#include <algorithm>
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

// The Fn::If branches taken on the way from `value` down to `site` (the reference an
// edge was read from), each as the condition it needs; false when `site` is not below.
bool branches_to(const Value& value, const Value* site, Assumptions& needed) {
  if (&value == site) return true;
  const Value::Entry* call = value.intrinsic();
  if (call && call->key == "Fn::If" && call->value.is_sequence() && call->value.items().size() == 3) {
    auto name = call->value.items()[0].as_string();
    for (size_t branch = 1; branch <= 2; ++branch) {
      if (!branches_to(call->value.items()[branch], site, needed)) continue;
      if (name) needed.push_back(Assumption{std::string(*name), branch == 1});
      return true;
    }
    return false;
  }
  for (const Value::Entry& entry : value.entries())
    if (branches_to(entry.value, site, needed)) return true;
  for (const Value& item : value.items())
    if (branches_to(item, site, needed)) return true;
  return false;
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
      // In an Fn::If branch: not where its condition is false with the parameters' values
      // (that branch is never the output's), and said to need it where it is undecided.
      Assumptions needed;
      branches_to(output.value, edge->site, needed);
      auto never = [&](const Assumption& branch) { return ctx.static_condition(branch.condition) == !branch.value; };
      if (std::any_of(needed.begin(), needed.end(), never)) continue;
      std::erase_if(needed,
                    [&](const Assumption& branch) { return ctx.static_condition(branch.condition).has_value(); });
      ctx.report_at(output.key, output.key, edge->range, std::string(edge->property_path));
      std::sort(needed.begin(), needed.end(),
                [](const Assumption& a, const Assumption& b) { return a.condition < b.condition; });
      if (!needed.empty()) ctx.add_to_last_message("(" + describe(needed) + ")");
    }
  }
}

}  // namespace cfn::checks
