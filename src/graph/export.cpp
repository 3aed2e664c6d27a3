#include "graph/export.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <tuple>

namespace cfn {

namespace {

constexpr std::string_view kFindingColor = "#cc0000";
constexpr std::string_view kFindingFill = "#ffe0e0";

bool drawn(const GraphNode& node) { return node.kind != NodeKind::Pseudo; }

// Drawn nodes, grouped by kind (resources first), then by logical id.
std::vector<size_t> sorted_nodes(const ResourceGraph& graph) {
  std::vector<size_t> nodes;
  for (size_t i = 0; i < graph.nodes().size(); ++i) {
    if (drawn(graph.at(i))) nodes.push_back(i);
  }
  std::sort(nodes.begin(), nodes.end(), [&](size_t a, size_t b) {
    return std::tie(graph.at(a).kind, graph.at(a).logical_id) < std::tie(graph.at(b).kind, graph.at(b).logical_id);
  });
  return nodes;
}

auto edge_order_key(const ResourceGraph& graph, const GraphEdge& edge) {
  const GraphNode& from = graph.at(edge.from);
  const GraphNode& to = graph.at(edge.to);
  return std::tie(from.kind, from.logical_id, to.kind, to.logical_id, edge.kind, edge.attribute,
                  edge.property_path);
}

// Edges between drawn nodes, in a stable order; `distinct` keeps one per
// (from, to, kind, attribute), which is what a picture shows.
std::vector<const GraphEdge*> sorted_edges(const ResourceGraph& graph, bool distinct) {
  std::vector<const GraphEdge*> edges;
  for (const GraphEdge& edge : graph.edges()) {
    if (drawn(graph.at(edge.from)) && drawn(graph.at(edge.to))) edges.push_back(&edge);
  }
  std::stable_sort(edges.begin(), edges.end(), [&](const GraphEdge* a, const GraphEdge* b) {
    return edge_order_key(graph, *a) < edge_order_key(graph, *b);
  });
  if (!distinct) return edges;
  auto same_arrow = [](const GraphEdge* a, const GraphEdge* b) {
    return a->from == b->from && a->to == b->to && a->kind == b->kind && a->attribute == b->attribute;
  };
  edges.erase(std::unique(edges.begin(), edges.end(), same_arrow), edges.end());
  return edges;
}

std::string edge_label(const GraphEdge& edge) {
  std::string label(edge_kind_name(edge.kind));
  if (!edge.attribute.empty()) label.append(" ").append(edge.attribute);
  return label;
}

// What a node's second label line says: the resource type, or the section it is from.
std::string node_subtitle(const GraphNode& node) {
  if (node.resource && !node.resource->type.empty()) return node.resource->type;
  return std::string(node_kind_name(node.kind));
}

std::string finding_line(const std::string& logical_id, const std::vector<std::string>& rules) {
  std::string line = logical_id + ":";
  for (size_t i = 0; i < rules.size(); ++i) line += (i ? ", " : " ") + rules[i];
  return line;
}

// ---------------------------------------------------------------------------------
// Graphviz DOT

std::string dot_quote(std::string_view text) {
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') quoted += '\\';
    if (c == '\n') {
      quoted += "\\n";
      continue;
    }
    quoted += c;
  }
  return quoted + "\"";
}

std::string_view dot_shape(NodeKind kind) {
  switch (kind) {
    case NodeKind::Parameter: return "ellipse";
    case NodeKind::Condition: return "diamond";
    case NodeKind::Mapping: return "folder";
    case NodeKind::Output: return "note";
    default: return "box";
  }
}

void write_dot_node(const GraphNode& node, bool has_findings, std::ostream& out) {
  out << "  " << dot_quote(node.path()) << " [label=" << dot_quote(std::string(node.logical_id) + "\n" + node_subtitle(node));
  if (node.kind != NodeKind::Resource) out << ", shape=" << dot_shape(node.kind);
  if (has_findings)
    out << ", color=\"" << kFindingColor << "\", fontcolor=\"" << kFindingColor << "\", fillcolor=\""
        << kFindingFill << "\", penwidth=2";
  out << "];\n";
}

void write_dot_legend(const GraphFindings& marked, std::ostream& out) {
  if (marked.empty()) return;
  std::string label = "Resources with findings\\l";
  for (const auto& [logical_id, rules] : marked) {
    std::string line = dot_quote(finding_line(logical_id, rules));
    label += line.substr(1, line.size() - 2) + "\\l";
  }
  out << "  subgraph cluster_legend {\n"
      << "    label=\"Legend\";\n"
      << "    \"legend\" [shape=box, style=filled, color=\"" << kFindingColor << "\", fontcolor=\""
      << kFindingColor << "\", fillcolor=\"" << kFindingFill << "\", label=\"" << label << "\"];\n"
      << "  }\n";
}

// ---------------------------------------------------------------------------------
// Mermaid

std::string mermaid_id(const GraphNode& node) {
  static constexpr char kPrefix[] = {'r', 'p', 'c', 'm', 'o', 'x'};
  std::string id{kPrefix[static_cast<size_t>(node.kind)], '_'};
  for (char c : node.logical_id) id += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return id;
}

std::string mermaid_text(std::string_view text) {
  std::string escaped;
  for (char c : text) {
    if (c == '"') {
      escaped += "#quot;";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

std::string wrap(std::string_view open, const std::string& label, std::string_view close) {
  std::string wrapped(open);
  wrapped += label;
  wrapped += close;
  return wrapped;
}

// Shapes by kind: [box] resource, ([stadium]) parameter, {rhombus} condition,
// [/parallelogram/] mapping, >flag] output.
std::string mermaid_node(const GraphNode& node) {
  std::string label = wrap("\"", mermaid_text(node.logical_id) + "<br/>" + mermaid_text(node_subtitle(node)), "\"");
  switch (node.kind) {
    case NodeKind::Parameter: return wrap("([", label, "])");
    case NodeKind::Condition: return wrap("{", label, "}");
    case NodeKind::Mapping: return wrap("[/", label, "/]");
    case NodeKind::Output: return wrap(">", label, "]");
    default: return wrap("[", label, "]");
  }
}

// Only findings on nodes that are drawn are marked and listed.
GraphFindings drawn_findings(const ResourceGraph& graph, const std::vector<size_t>& nodes,
                             const GraphFindings& findings) {
  GraphFindings drawn;
  for (size_t index : nodes) {
    auto it = findings.find(graph.at(index).logical_id);
    if (it != findings.end()) drawn.insert(*it);
  }
  return drawn;
}

void write_dot(const ResourceGraph& graph, const GraphFindings& findings, std::ostream& out) {
  std::vector<size_t> nodes = sorted_nodes(graph);
  GraphFindings marked = drawn_findings(graph, nodes, findings);
  out << "digraph template {\n"
      << "  rankdir=LR;\n"
      << "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\"];\n"
      << "  edge [fontname=\"Helvetica\", fontsize=10];\n";
  for (size_t index : nodes) write_dot_node(graph.at(index), marked.contains(graph.at(index).logical_id), out);
  for (const GraphEdge* edge : sorted_edges(graph, true)) {
    out << "  " << dot_quote(graph.at(edge->from).path()) << " -> " << dot_quote(graph.at(edge->to).path())
        << " [label=" << dot_quote(edge_label(*edge));
    if (is_semantic(edge->kind)) out << ", style=dashed, color=\"#1f5fbf\", fontcolor=\"#1f5fbf\"";
    out << "];\n";
  }
  write_dot_legend(marked, out);
  out << "}\n";
}

void write_mermaid(const ResourceGraph& graph, const GraphFindings& findings, std::ostream& out) {
  std::vector<size_t> nodes = sorted_nodes(graph);
  GraphFindings marked = drawn_findings(graph, nodes, findings);
  out << "flowchart LR\n";
  for (size_t index : nodes) out << "  " << mermaid_id(graph.at(index)) << mermaid_node(graph.at(index)) << "\n";
  for (const GraphEdge* edge : sorted_edges(graph, true)) {
    out << "  " << mermaid_id(graph.at(edge->from)) << (is_semantic(edge->kind) ? " -.->" : " -->") << "|\""
        << mermaid_text(edge_label(*edge)) << "\"| " << mermaid_id(graph.at(edge->to)) << "\n";
  }
  if (marked.empty()) return;
  out << "  classDef finding fill:" << kFindingFill << ",stroke:" << kFindingColor << ",color:" << kFindingColor
      << "\n";
  for (size_t index : nodes) {
    if (marked.contains(graph.at(index).logical_id)) out << "  class " << mermaid_id(graph.at(index)) << " finding\n";
  }
  out << "  subgraph legend[\"Resources with findings\"]\n";
  size_t line = 0;
  for (const auto& [logical_id, rules] : marked)
    out << "    legend_" << line++ << "[\"" << mermaid_text(finding_line(logical_id, rules)) << "\"]\n";
  out << "  end\n";
}

// ---------------------------------------------------------------------------------
// JSON

nlohmann::ordered_json range_json(const Range& range) {
  return {{"start_line", range.begin.line}, {"start_column", range.begin.column},
          {"end_line", range.end.line}, {"end_column", range.end.column}};
}

nlohmann::ordered_json node_json(const GraphNode& node, const GraphFindings& findings) {
  nlohmann::ordered_json json = {{"id", node.path()}, {"kind", node_kind_name(node.kind)},
                                 {"logical_id", node.logical_id}};
  if (node.resource) json["type"] = node.resource->type;
  json["range"] = range_json(node.key_range);
  auto it = findings.find(node.logical_id);
  json["findings"] = it == findings.end() ? std::vector<std::string>{} : it->second;
  return json;
}

nlohmann::ordered_json edge_json(const ResourceGraph& graph, const GraphEdge& edge) {
  nlohmann::ordered_json json = {{"from", graph.at(edge.from).path()}, {"to", graph.at(edge.to).path()},
                                 {"kind", edge_kind_name(edge.kind)}, {"semantic", is_semantic(edge.kind)}};
  if (!edge.attribute.empty()) json["attribute"] = edge.attribute;
  json["property_path"] = edge.property_path;
  json["range"] = range_json(edge.range);
  return json;
}

void write_json(const ResourceGraph& graph, const GraphFindings& findings, std::ostream& out) {
  std::vector<size_t> nodes = sorted_nodes(graph);
  nlohmann::ordered_json json = {{"nodes", nlohmann::ordered_json::array()},
                                 {"edges", nlohmann::ordered_json::array()},
                                 {"cycles", nlohmann::ordered_json::array()}};
  for (size_t index : nodes) json["nodes"].push_back(node_json(graph.at(index), findings));
  for (const GraphEdge* edge : sorted_edges(graph, false)) json["edges"].push_back(edge_json(graph, *edge));
  for (const std::vector<size_t>& cycle : graph.dependency_cycles()) {
    nlohmann::ordered_json members = nlohmann::ordered_json::array();
    for (size_t index : cycle) members.push_back(graph.at(index).path());
    json["cycles"].push_back(std::move(members));
  }
  out << json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace

std::optional<GraphFormat> parse_graph_format(std::string_view name) {
  if (name == "dot") return GraphFormat::Dot;
  if (name == "mermaid") return GraphFormat::Mermaid;
  if (name == "json") return GraphFormat::Json;
  return std::nullopt;
}

void write_graph(const ResourceGraph& graph, GraphFormat format, const GraphFindings& findings,
                 std::ostream& out) {
  switch (format) {
    case GraphFormat::Dot: return write_dot(graph, findings, out);
    case GraphFormat::Mermaid: return write_mermaid(graph, findings, out);
    case GraphFormat::Json: return write_json(graph, findings, out);
  }
}

}  // namespace cfn
