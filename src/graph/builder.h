// Internal to src/graph: the builder the edge collectors share while a graph is built.
#pragma once

#include <string>

#include "graph/graph.h"

namespace cfn {

// Appends "[i]", the path step of a list item.
inline void append_index(std::string& path, size_t i) {
  path += '[';
  path += std::to_string(i);
  path += ']';
}

// "[i]" alone.
inline std::string index_suffix(size_t i) {
  std::string suffix;
  append_index(suffix, i);
  return suffix;
}

class GraphBuilder {
 public:
  explicit GraphBuilder(const Template& tmpl);

  const Template& tmpl() const { return tmpl_; }
  const ResourceGraph& graph() const { return graph_; }

  size_t add_node(GraphNode node);
  // Pseudo parameters get a node the first time something refers to them; npos when
  // the name is not one of CloudFormation's pseudo parameters.
  size_t pseudo_node(std::string_view name);
  void add_edge(GraphEdge edge);
  void add_unresolved(UnresolvedReference reference) { graph_.unresolved_.push_back(std::move(reference)); }
  void add_malformed(MalformedCall call) { graph_.malformed_.push_back(std::move(call)); }

  // Computes the cycles and hands the graph over; the builder is spent afterwards.
  ResourceGraph finish();

 private:
  const Template& tmpl_;
  ResourceGraph graph_;
};

// The nodes of every section (reference_edges.cpp).
void add_section_nodes(GraphBuilder& builder);
// One walk over every value: Ref, GetAtt, Sub, DependsOn, Condition, Fn::If, FindInMap.
void add_reference_edges(GraphBuilder& builder);
// Roles, functions, resource policies, APIs, state machines (semantic_edges.cpp).
void add_semantic_edges(GraphBuilder& builder);
// Strong components over the dependency edges (graph.cpp, Boost.Graph).
std::vector<std::vector<size_t>> find_dependency_cycles(const ResourceGraph& graph);

}  // namespace cfn
