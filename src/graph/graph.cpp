#include "graph/graph.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <memory>
#include <span>
#include <stdexcept>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/strong_components.hpp>
#include <utility>

#include "graph/builder.h"

namespace cfn {

namespace {

// A node's name and kind, hashed without a call: every Ref, GetAtt and Sub variable of the
// template looks its target up, and std::hash's out-of-line call, the prime modulo and
// the list node of a std::unordered_map were a fifth of the graph's cost.
uint64_t node_hash(std::string_view name, NodeKind kind) {
  uint64_t hash = 0x9E3779B97F4A7C15ULL ^ (static_cast<uint64_t>(kind) << 56) ^ name.size();
  auto mix = [&hash](uint64_t word) {
    hash = (hash ^ word) * 0xBF58476D1CE4E5B9ULL;
    hash ^= hash >> 31;
  };
  size_t at = 0;
  for (; at + 8 <= name.size(); at += 8) {
    uint64_t word;
    std::memcpy(&word, name.data() + at, 8);
    mix(word);
  }
  uint64_t tail = 0;
  std::memcpy(&tail, name.data() + at, name.size() - at);
  mix(tail);
  return hash ^ (hash >> 29);
}

// Open addressing over the nodes vector: a slot holds a node's index + 1 (0: empty) and
// the high half of its hash, so that a probe rarely compares names. Half full at most.
class NodeTable {
 public:
  size_t find(std::string_view name, NodeKind kind, const std::vector<GraphNode>& nodes) const {
    if (slots_.empty()) return ResourceGraph::npos;
    const uint64_t hash = node_hash(name, kind);
    for (size_t at = hash & mask(); slots_[at].node; at = (at + 1) & mask()) {
      const Slot& slot = slots_[at];
      if (slot.tag != tag_of(hash)) continue;
      const GraphNode& node = nodes[slot.node - 1];
      if (node.kind == kind && node.logical_id == name) return slot.node - 1;
    }
    return ResourceGraph::npos;
  }

  // `index` must be the place of a node not yet in the table (find() first).
  void add(size_t index, const std::vector<GraphNode>& nodes) {
    if ((count_ + 1) * 2 > slots_.size()) grow(nodes);
    place(index, nodes[index]);
    ++count_;
  }

 private:
  struct Slot {
    uint32_t node = 0;
    uint32_t tag = 0;
  };
  static uint32_t tag_of(uint64_t hash) { return static_cast<uint32_t>(hash >> 32); }
  size_t mask() const { return slots_.size() - 1; }

  void place(size_t index, const GraphNode& node) {
    const uint64_t hash = node_hash(node.logical_id, node.kind);
    size_t at = hash & mask();
    while (slots_[at].node) at = (at + 1) & mask();
    slots_[at] = Slot{static_cast<uint32_t>(index + 1), tag_of(hash)};
  }

  void grow(const std::vector<GraphNode>& nodes) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(std::max<size_t>(64, old.size() * 2), Slot{});
    for (const Slot& slot : old) {
      if (slot.node) place(slot.node - 1, nodes[slot.node - 1]);
    }
  }

  std::vector<Slot> slots_;
  size_t count_ = 0;
};

// The property paths of the edges, copied into a few large blocks: an edge's path is
// longer than a short string, and a heap block per edge (allocated, then freed with the
// graph) was a third of the graph's cost. Blocks never move, so the views stay valid when
// the graph is moved.
class TextArena {
 public:
  std::string_view keep(std::string_view text) {
    if (text.empty()) return {};
    if (text.size() > free_) start_block(text.size());
    char* at = blocks_.back().get() + (size_ - free_);
    std::copy(text.begin(), text.end(), at);
    free_ -= text.size();
    return {at, text.size()};
  }

 private:
  static constexpr size_t kBlockSize = 8192;

  void start_block(size_t at_least) {
    size_ = std::max(kBlockSize, at_least);
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(size_));  // keep() writes every byte it hands out
    free_ = size_;
  }

  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t size_ = 0;  // of the last block
  size_t free_ = 0;  // left at its end
};

}  // namespace

// The indices of the edges leaving (or reaching) each node, in edge order, in one array
// (compressed rows): node n's are edges[first[n]] .. edges[first[n + 1] - 1]. A vector per
// node and direction cost more allocations than the rest of the graph's edges.
struct Adjacency {
  std::vector<size_t> first;
  std::vector<size_t> edges;

  // Groups the edges by their `end` node (from or to), those of the kinds `keep` accepts
  // when it is given.
  void group(size_t nodes, const std::vector<GraphEdge>& all, size_t GraphEdge::*end,
             bool (*keep)(EdgeKind) = nullptr) {
    auto kept = [&](const GraphEdge& edge) { return !keep || keep(edge.kind); };
    first.assign(nodes + 1, 0);
    for (const GraphEdge& edge : all) {
      if (kept(edge)) ++first[edge.*end + 1];
    }
    for (size_t node = 0; node < nodes; ++node) first[node + 1] += first[node];
    edges.resize(first[nodes]);
    std::vector<size_t> next(first.begin(), first.end() - 1);
    for (size_t index = 0; index < all.size(); ++index) {
      if (kept(all[index])) edges[next[all[index].*end]++] = index;
    }
  }
  std::span<const size_t> of(size_t node) const {
    if (first.empty() || node >= first.size() - 1) throw std::out_of_range("no such node in the graph");
    return {edges.data() + first[node], first[node + 1] - first[node]};
  }
};

struct ResourceGraph::Index {
  NodeTable by_id;
  // Grouped when first asked for after edges were added (the semantic edges ask while the
  // graph is being built), not maintained edge by edge.
  Adjacency out;
  Adjacency in;
  size_t grouped_edges = std::numeric_limits<size_t>::max();  // edges_.size() when grouped
  // (site, edge index) of every edge written at a value, made and sorted when edges_at()
  // is first asked after edges were added (no check asks in a scan: making it as edges
  // were added, and sorting it, was a sixth of the graph's cost): one flat array instead of
  // a hash-map entry and a vector per site.
  std::vector<std::pair<const Value*, size_t>> by_site;
  size_t sited_edges = std::numeric_limits<size_t>::max();  // edges_.size() when by_site was made
  TextArena paths;  // the edges' property paths
};

namespace {

constexpr std::string_view kEdgeKindNames[] = {
    "Ref", "GetAtt", "Sub", "DependsOn", "Condition", "IfCondition", "FindInMap",
    "AttachedPolicy", "ExecutionRole", "LogGroup", "Permission", "EventSourceMapping",
    "FunctionUrl", "ResourcePolicy", "ApiStage", "ApiDeployment", "ApiMethod", "ApiAuthorizer",
    "ApiDomain", "WafAssociation", "StateMachineRole", "StateMachineLogGroup", "AccessLogBucket"};
static_assert(std::size(kEdgeKindNames) == static_cast<size_t>(EdgeKind::AccessLogBucket) + 1);

constexpr std::string_view kPseudoParameters[] = {
    "AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue", "AWS::Partition",
    "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix"};

// Orders by_site by site, then by edge index (the order the edges were found in).
bool site_before(const std::pair<const Value*, size_t>& a, const std::pair<const Value*, size_t>& b) {
  if (a.first != b.first) return std::less<const Value*>{}(a.first, b.first);
  return a.second < b.second;
}

std::vector<const GraphEdge*> pick(const std::vector<GraphEdge>& edges, std::span<const size_t> indices,
                                   const EdgeKind* only_kind) {
  std::vector<const GraphEdge*> picked;
  for (size_t index : indices) {
    if (!only_kind || edges[index].kind == *only_kind) picked.push_back(&edges[index]);
  }
  return picked;
}

// Edges along which CloudFormation orders creation (or evaluates conditions): a cycle
// among them is a template CloudFormation rejects.
bool is_dependency(EdgeKind kind) {
  return kind == EdgeKind::Ref || kind == EdgeKind::GetAtt || kind == EdgeKind::Sub ||
         kind == EdgeKind::DependsOn || kind == EdgeKind::Condition;
}

void add_inline_policies(const Resource& role, std::vector<PolicyAttachment>& found) {
  const Value* policies = role.property("Policies");
  if (!policies || !policies->is_sequence()) return;
  const std::string base = role.property_path("Policies");
  for (size_t i = 0; i < policies->items().size(); ++i) {
    const Value* document = policies->items()[i].find("PolicyDocument");
    if (!document) continue;
    found.push_back({document, base + index_suffix(i) + ".PolicyDocument", &role, nullptr});
  }
}

}  // namespace

std::string_view edge_kind_name(EdgeKind kind) { return kEdgeKindNames[static_cast<size_t>(kind)]; }

std::string_view node_kind_name(NodeKind kind) {
  switch (kind) {
    case NodeKind::Resource: return "resource";
    case NodeKind::Parameter: return "parameter";
    case NodeKind::Condition: return "condition";
    case NodeKind::Mapping: return "mapping";
    case NodeKind::Output: return "output";
    case NodeKind::Pseudo: return "pseudo";
  }
  return "node";
}

bool is_semantic(EdgeKind kind) { return kind >= EdgeKind::AttachedPolicy; }

std::string GraphNode::path() const {
  switch (kind) {
    case NodeKind::Resource: return "Resources." + std::string(logical_id);
    case NodeKind::Parameter: return "Parameters." + std::string(logical_id);
    case NodeKind::Condition: return "Conditions." + std::string(logical_id);
    case NodeKind::Mapping: return "Mappings." + std::string(logical_id);
    case NodeKind::Output: return "Outputs." + std::string(logical_id);
    case NodeKind::Pseudo: return std::string(logical_id);
  }
  return std::string(logical_id);
}

ResourceGraph::ResourceGraph() : index_(std::make_unique<Index>()) {}
ResourceGraph::ResourceGraph(ResourceGraph&&) noexcept = default;
ResourceGraph& ResourceGraph::operator=(ResourceGraph&&) noexcept = default;
ResourceGraph::~ResourceGraph() = default;

ResourceGraph ResourceGraph::build(const Template& tmpl) {
  GraphBuilder builder(tmpl);
  add_section_nodes(builder);
  add_reference_edges(builder);
  add_semantic_edges(builder);
  return builder.finish();
}

size_t ResourceGraph::node(std::string_view logical_id, NodeKind kind) const {
  return index_->by_id.find(logical_id, kind, nodes_);
}

const ResourceGraph::Index& ResourceGraph::grouped() const {
  Index& index = *index_;  // the grouping is a cache of edges_: const to callers
  if (index.grouped_edges != edges_.size()) {
    index.out.group(nodes_.size(), edges_, &GraphEdge::from);
    index.in.group(nodes_.size(), edges_, &GraphEdge::to);
    index.grouped_edges = edges_.size();
  }
  return index;
}

std::vector<const GraphEdge*> ResourceGraph::out_edges(size_t node) const {
  return pick(edges_, grouped().out.of(node), nullptr);
}
std::vector<const GraphEdge*> ResourceGraph::out_edges(size_t node, EdgeKind kind) const {
  return pick(edges_, grouped().out.of(node), &kind);
}
std::vector<const GraphEdge*> ResourceGraph::in_edges(size_t node) const {
  return pick(edges_, grouped().in.of(node), nullptr);
}
std::vector<const GraphEdge*> ResourceGraph::in_edges(size_t node, EdgeKind kind) const {
  return pick(edges_, grouped().in.of(node), &kind);
}

std::vector<const GraphEdge*> ResourceGraph::edges_at(const Value& site) const {
  auto& sites = index_->by_site;  // a cache of edges_: const to callers
  if (index_->sited_edges != edges_.size()) {
    sites.clear();
    for (size_t index = 0; index < edges_.size(); ++index)
      if (edges_[index].site) sites.emplace_back(edges_[index].site, index);
    std::sort(sites.begin(), sites.end(), site_before);
    index_->sited_edges = edges_.size();
  }
  auto first = std::lower_bound(sites.begin(), sites.end(), std::pair{&site, size_t{0}},
                                site_before);
  std::vector<const GraphEdge*> found;
  for (auto at = first; at != sites.end() && at->first == &site; ++at) found.push_back(&edges_[at->second]);
  return found;
}

std::vector<const Resource*> ResourceGraph::targets(const Resource& from, EdgeKind kind) const {
  std::vector<const Resource*> found;
  size_t start = node(from);
  if (start == npos) return found;
  for (const GraphEdge* edge : out_edges(start, kind)) {
    const Resource* target = nodes_[edge->to].resource;
    if (target && std::find(found.begin(), found.end(), target) == found.end()) found.push_back(target);
  }
  return found;
}

std::vector<const Resource*> ResourceGraph::sources(const Resource& to, EdgeKind kind) const {
  std::vector<const Resource*> found;
  size_t end = node(to);
  if (end == npos) return found;
  for (const GraphEdge* edge : in_edges(end, kind)) {
    const Resource* source = nodes_[edge->from].resource;
    if (source && std::find(found.begin(), found.end(), source) == found.end()) found.push_back(source);
  }
  return found;
}

namespace {

// Whether an edge is written at `property_path` or below it (".Key" or "[i]" after it).
bool written_at(const GraphEdge& edge, std::string_view property_path) {
  std::string_view at = edge.property_path;
  if (!at.starts_with(property_path)) return false;
  return at.size() == property_path.size() || at[property_path.size()] == '.' || at[property_path.size()] == '[';
}

}  // namespace

std::vector<const Resource*> ResourceGraph::referrers(const Resource& to, std::string_view type,
                                                      std::string_view property) const {
  std::vector<const Resource*> found;
  size_t end = node(to);
  if (end == npos) return found;
  for (const GraphEdge* edge : in_edges(end)) {
    const Resource* source = nodes_[edge->from].resource;
    if (!source || !is_reference_edge(edge->kind) || source->type != type) continue;
    if (!property.empty() && !written_at(*edge, source->property_path(property))) continue;
    if (std::find(found.begin(), found.end(), source) == found.end()) found.push_back(source);
  }
  return found;
}

std::vector<PolicyAttachment> ResourceGraph::policies_of_role(const Resource& role) const {
  std::vector<PolicyAttachment> found;
  add_inline_policies(role, found);
  for (const Resource* policy : targets(role, EdgeKind::AttachedPolicy)) {
    if (const Value* document = policy->property("PolicyDocument"))
      found.push_back({document, policy->property_path("PolicyDocument"), policy, nullptr});
  }
  const Value* arns = role.property("ManagedPolicyArns");
  if (!arns || !arns->is_sequence()) return found;
  const std::string base = role.property_path("ManagedPolicyArns");
  // An entry that names a template policy is the site of one of the role's own
  // AttachedPolicy edges: a few edges to compare, where edges_at() would sort every edge of
  // the template the first time (a fifth of what a SAM template's IAM checks cost).
  const size_t role_node = node(role);
  const std::vector<const GraphEdge*> attached =
      role_node == npos ? std::vector<const GraphEdge*>{} : out_edges(role_node, EdgeKind::AttachedPolicy);
  for (size_t i = 0; i < arns->items().size(); ++i) {
    const Value& arn = arns->items()[i];
    bool resolved =
        std::any_of(attached.begin(), attached.end(), [&](const GraphEdge* edge) { return edge->site == &arn; });
    if (!resolved) found.push_back({nullptr, base + index_suffix(i), &role, &arn});
  }
  return found;
}

GraphBuilder::GraphBuilder(const Template& tmpl) : tmpl_(tmpl) {}

size_t GraphBuilder::add_node(GraphNode node) {
  size_t index = graph_.nodes_.size();
  size_t existing = graph_.index_->by_id.find(node.logical_id, node.kind, graph_.nodes_);
  if (existing != ResourceGraph::npos) return existing;  // a duplicate key: the loader already reported it
  graph_.nodes_.push_back(std::move(node));
  graph_.index_->by_id.add(index, graph_.nodes_);
  return index;
}

size_t GraphBuilder::pseudo_node(std::string_view name) {
  size_t existing = graph_.node(name, NodeKind::Pseudo);
  if (existing != ResourceGraph::npos) return existing;
  auto known = std::find(std::begin(kPseudoParameters), std::end(kPseudoParameters), name);
  if (known == std::end(kPseudoParameters)) return ResourceGraph::npos;
  GraphNode node;
  node.logical_id = *known;  // the constant: `name` may be a view into a temporary
  node.kind = NodeKind::Pseudo;
  return add_node(std::move(node));
}

void GraphBuilder::add_edge(GraphEdge edge) {
  edge.property_path = graph_.index_->paths.keep(edge.property_path);
  graph_.edges_.push_back(edge);
}

ResourceGraph GraphBuilder::finish() {
  graph_.cycles_ = find_dependency_cycles(graph_);
  return std::move(graph_);
}

namespace {

// Whether the dependency edges hold a cycle: Kahn's peeling over a flat adjacency array.
// Nearly every template is acyclic, and this answers that without building Boost's
// per-vertex lists, which cost more than the rest of the graph's construction.
bool has_dependency_cycle(const ResourceGraph& graph) {
  const size_t count = graph.nodes().size();
  std::vector<size_t> in_degree(count, 0);
  for (const GraphEdge& edge : graph.edges()) {
    if (!is_dependency(edge.kind)) continue;
    if (edge.from == edge.to) return true;
    ++in_degree[edge.to];
  }
  Adjacency dependencies;
  dependencies.group(count, graph.edges(), &GraphEdge::from, is_dependency);
  std::vector<size_t> ready;
  for (size_t node = 0; node < count; ++node) {
    if (in_degree[node] == 0) ready.push_back(node);
  }
  size_t peeled = 0;
  while (!ready.empty()) {
    size_t node = ready.back();
    ready.pop_back();
    ++peeled;
    for (size_t index : dependencies.of(node)) {
      size_t target = graph.edges()[index].to;
      if (--in_degree[target] == 0) ready.push_back(target);
    }
  }
  return peeled < count;
}

}  // namespace

std::vector<std::vector<size_t>> find_dependency_cycles(const ResourceGraph& graph) {
  if (!has_dependency_cycle(graph)) return {};
  // Compressed rows: the edges in one array, not a list per vertex.
  using Digraph = boost::compressed_sparse_row_graph<boost::directedS>;
  const size_t count = graph.nodes().size();
  std::vector<std::pair<size_t, size_t>> dependencies;
  std::vector<bool> self_loop(count, false);
  for (const GraphEdge& edge : graph.edges()) {
    if (!is_dependency(edge.kind)) continue;
    dependencies.emplace_back(edge.from, edge.to);
    if (edge.from == edge.to) self_loop[edge.from] = true;
  }
  Digraph digraph(boost::edges_are_unsorted_multi_pass, dependencies.begin(), dependencies.end(), count);
  std::vector<size_t> component(count);
  auto component_of = boost::make_iterator_property_map(component.begin(), boost::get(boost::vertex_index, digraph));
  size_t components = count ? boost::strong_components(digraph, component_of) : 0;
  std::vector<std::vector<size_t>> members(components);
  for (size_t node = 0; node < count; ++node) members[component[node]].push_back(node);

  auto by_id = [&](size_t a, size_t b) { return graph.at(a).logical_id < graph.at(b).logical_id; };
  std::vector<std::vector<size_t>> cycles;
  for (std::vector<size_t>& set : members) {
    if (set.size() < 2 && !(set.size() == 1 && self_loop[set.front()])) continue;
    std::sort(set.begin(), set.end(), by_id);
    cycles.push_back(std::move(set));
  }
  std::sort(cycles.begin(), cycles.end(),
            [&](const auto& a, const auto& b) { return by_id(a.front(), b.front()); });
  return cycles;
}

}  // namespace cfn
