// Drawing a ResourceGraph: Graphviz DOT, Mermaid, and JSON for tools. Every format is
// deterministic: nodes sorted by kind then logical id, edges by their ends, kind and
// attribute. Pseudo parameters (AWS::Region...) are left out: nearly everything refers
// to them, and they say nothing about the template's structure.
#pragma once

#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "graph/graph.h"

namespace cfn {

enum class GraphFormat : uint8_t { Dot, Mermaid, Json };

// "dot" | "mermaid" | "json".
std::optional<GraphFormat> parse_graph_format(std::string_view name);

// Logical id -> rule ids of its findings (sorted, unique). Nodes named here are drawn in
// red, and a legend lists them with their rules.
using GraphFindings = std::map<std::string, std::vector<std::string>, std::less<>>;

// DOT and Mermaid draw one arrow per (from, to, kind, attribute), labelled with the kind
// and attribute; reference edges solid, semantic edges dashed. JSON keeps every edge with
// its property path and position, plus the dependency cycles.
void write_graph(const ResourceGraph& graph, GraphFormat format, const GraphFindings& findings,
                 std::ostream& out);

}  // namespace cfn
