// template-dependency-cycle: resources (Ref, GetAtt, Sub, DependsOn) or conditions that
// depend on each other. The graph computes the cycles once; this check only words them.
#include <algorithm>

#include "graph/graph.h"
#include "policy/checks/checks.h"

namespace cfn::checks {

namespace {

// "A, B and C" from the cycle's members (already sorted by logical id).
std::string member_names(const ResourceGraph& graph, const std::vector<size_t>& cycle) {
  std::string names;
  for (size_t i = 0; i < cycle.size(); ++i) {
    if (i) names += i + 1 == cycle.size() ? " and " : ", ";
    names += graph.at(cycle[i]).logical_id;
  }
  return cycle.size() == 1 ? names + " (it refers to itself)" : names;
}

// The edge of the first member that points back into the cycle.
const GraphEdge* closing_edge(const ResourceGraph& graph, const std::vector<size_t>& cycle) {
  for (const GraphEdge* edge : graph.out_edges(cycle.front())) {
    if (std::find(cycle.begin(), cycle.end(), edge->to) != cycle.end()) return edge;
  }
  return nullptr;
}

}  // namespace

void template_dependency_cycle(CheckContext& ctx) {
  const ResourceGraph& graph = ctx.graph();
  for (const std::vector<size_t>& cycle : graph.dependency_cycles()) {
    const GraphNode& first = graph.at(cycle.front());
    const GraphEdge* edge = closing_edge(graph, cycle);
    Range range = edge ? edge->range : first.key_range;
    std::string path = edge ? std::string(edge->property_path) : first.path();
    ctx.report_at(std::string(first.logical_id), member_names(graph, cycle), range, path);
  }
}

}  // namespace cfn::checks
