// Building graphs from inline YAML for the graph tests.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "graph/graph.h"
#include "model/loader.h"
#include "model/template.h"

namespace cfn::testing {

// A template and its graph; the template stays put so the graph's pointers stay valid.
class LoadedGraph {
 public:
  explicit LoadedGraph(std::string yaml)
      : tmpl_(std::make_unique<Template>(
            Template::build(load_yaml(std::make_shared<SourceFile>("t.yaml", std::move(yaml)))))),
        graph_(ResourceGraph::build(*tmpl_)) {}

  const Template& tmpl() const { return *tmpl_; }
  const ResourceGraph& graph() const { return graph_; }
  const Resource& resource(std::string_view id) const { return *tmpl_->resource(id); }

  // "From -> To" for each edge of a kind, with " (attribute)" when there is one, in
  // the order the graph holds them.
  std::vector<std::string> edges(EdgeKind kind) const {
    std::vector<std::string> found;
    for (const GraphEdge& edge : graph_.edges()) {
      if (edge.kind != kind) continue;
      std::string text = std::string(graph_.at(edge.from).logical_id) + " -> ";
      text += graph_.at(edge.to).logical_id;
      if (!edge.attribute.empty()) text += " (" + std::string(edge.attribute) + ")";
      found.push_back(text);
    }
    return found;
  }

  // The property paths of the edges of a kind, in the same order.
  std::vector<std::string> paths(EdgeKind kind) const {
    std::vector<std::string> found;
    for (const GraphEdge& edge : graph_.edges()) {
      if (edge.kind == kind) found.emplace_back(edge.property_path);
    }
    return found;
  }

  // Logical ids of each dependency cycle.
  std::vector<std::vector<std::string>> cycles() const {
    std::vector<std::vector<std::string>> found;
    for (const auto& cycle : graph_.dependency_cycles()) {
      std::vector<std::string> ids;
      for (size_t node : cycle) ids.emplace_back(graph_.at(node).logical_id);
      found.push_back(ids);
    }
    return found;
  }

 private:
  std::unique_ptr<Template> tmpl_;
  ResourceGraph graph_;
};

inline std::vector<std::string> ids(const std::vector<const Resource*>& resources) {
  std::vector<std::string> found;
  for (const Resource* resource : resources) found.push_back(resource->logical_id);
  return found;
}

}  // namespace cfn::testing
