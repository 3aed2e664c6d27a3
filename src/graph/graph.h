// The resource graph: what refers to what in one template, built once per template and
// shared by every check. Boost.Graph does the graph algorithms inside graph.cpp; no
// Boost type appears here, so the library stays replaceable (DESIGN.md).
//
// Two families of edges:
// - reference edges, exactly as written: Ref, GetAtt, Sub (${X}, ${X.Attr}), DependsOn,
//   the Condition attribute and condition-to-condition use, Fn::If, Fn::FindInMap.
//   They go from the node whose text holds the reference to the node it names.
// - semantic edges, the relations checks ask about ("this function's log group"). They go
//   from the subject (role, function, bucket/queue/topic, API, state machine) to the
//   resource that completes it, whichever of the two the link is written on.
// A reference that names nothing in the template produces no edge: the graph never guesses.
#pragma once

#include <cstddef>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model/template.h"

namespace cfn {

enum class NodeKind : uint8_t { Resource, Parameter, Condition, Mapping, Output, Pseudo };

enum class EdgeKind : uint8_t {
  // Reference edges.
  Ref, GetAtt, Sub, DependsOn, Condition, IfCondition, FindInMap,
  // Semantic edges (subject -> related resource).
  AttachedPolicy,        // role -> AWS::IAM::Policy / ManagedPolicy / RolePolicy
  ExecutionRole,         // Lambda function -> role
  LogGroup,              // Lambda function -> log group (/aws/lambda/<name> or LoggingConfig)
  Permission,            // Lambda function -> AWS::Lambda::Permission
  EventSourceMapping,    // Lambda function -> AWS::Lambda::EventSourceMapping
  FunctionUrl,           // Lambda function -> AWS::Lambda::Url
  ResourcePolicy,        // bucket / queue / topic -> its policy resource
  ApiStage,              // REST or HTTP API -> stage
  ApiDeployment,         // API -> deployment
  ApiMethod,             // API -> method (REST) or route (HTTP)
  ApiAuthorizer,         // API -> authorizer
  ApiDomain,             // API -> domain name (or the base-path/API mapping when the domain is outside)
  WafAssociation,        // API -> WAF web ACL association
  StateMachineRole,      // state machine -> role
  StateMachineLogGroup,  // state machine -> log group
  AccessLogBucket,       // bucket -> the bucket that receives its server access logs
};

// "Ref", "GetAtt", ..., "ExecutionRole": the spelling used in exports and messages.
std::string_view edge_kind_name(EdgeKind kind);
// "resource", "parameter", "condition", "mapping", "output", "pseudo".
std::string_view node_kind_name(NodeKind kind);
bool is_semantic(EdgeKind kind);

// Nodes and edges hold views, not copies: names and attributes point into the template
// (which outlives the graph, see build), property paths into text the graph keeps.
struct GraphNode {
  std::string_view logical_id;         // "AWS::Region" for pseudo parameters
  NodeKind kind = NodeKind::Resource;
  const Resource* resource = nullptr;  // Resource nodes only
  const Value* definition = nullptr;   // the node's value in its section (null for pseudo)
  Range key_range;                     // the logical-id key

  // "Resources.Fn", "Parameters.Stage", ...: unique across kinds; the pseudo's own name.
  std::string path() const;
};

struct GraphEdge {
  size_t from = 0;
  size_t to = 0;
  EdgeKind kind = EdgeKind::Ref;
  std::string_view attribute;      // GetAtt / Sub attribute ("Arn"); "" otherwise or when not a literal
  std::string_view property_path;  // where the link is written: Resources.Fn.Properties.Role
  Range range;                 // that value's position
  const Value* site = nullptr; // that value (the Ref/GetAtt mapping, the Sub string, the name;
                               // for a FindInMap, its argument list)
};

// A Ref, GetAtt or Sub: an edge a property value names, as opposed to one the graph infers.
inline bool is_reference_edge(EdgeKind kind) {
  return kind == EdgeKind::Ref || kind == EdgeKind::GetAtt || kind == EdgeKind::Sub;
}

// A reference that names nothing the template defines: a Ref, GetAtt, Sub variable or
// DependsOn to no resource, parameter or pseudo parameter, a condition name not in
// Conditions, a FindInMap map not in Mappings. CloudFormation rejects the template.
struct UnresolvedReference {
  size_t from = 0;            // the node it is written in
  EdgeKind kind = EdgeKind::Ref;
  std::string name;           // the name it uses
  std::string property_path;  // where it is written
  Range range;                // that value's position
};

// An intrinsic function call whose argument has the wrong shape (`!If [C, x]`): CloudFormation
// rejects the template, and the evaluator leaves the call unknown.
struct MalformedCall {
  size_t from = 0;            // the node it is written in
  std::string function;       // "Fn::If"
  std::string_view expected;  // what its argument must be (intrinsics::wrong_shape)
  std::string property_path;  // where it is written
  Range range;                // the call's position
};

// One policy document that applies to a role, for IAM checks.
struct PolicyAttachment {
  const Value* document = nullptr;     // PolicyDocument; null for a managed policy ARN from outside
  std::string path;                    // property path of the document (or of the ARN)
  const Resource* owner = nullptr;     // the resource the document is written in
  const Value* managed_arn = nullptr;  // ManagedPolicyArns entry naming no template resource
};

class ResourceGraph {
 public:
  static constexpr size_t npos = std::numeric_limits<size_t>::max();

  // Walks every value of the template once; O(template size). The template must outlive
  // the graph (nodes and edges point into it).
  static ResourceGraph build(const Template& tmpl);

  ResourceGraph();
  ResourceGraph(ResourceGraph&&) noexcept;
  ResourceGraph& operator=(ResourceGraph&&) noexcept;
  ~ResourceGraph();

  const std::vector<GraphNode>& nodes() const { return nodes_; }
  const std::vector<GraphEdge>& edges() const { return edges_; }
  const GraphNode& at(size_t node) const { return nodes_[node]; }
  // The node of that kind and logical id, or npos.
  size_t node(std::string_view logical_id, NodeKind kind) const;
  size_t node(const Resource& resource) const { return node(resource.logical_id, NodeKind::Resource); }

  // Edges leaving / reaching a node, in the order they were found.
  std::vector<const GraphEdge*> out_edges(size_t node) const;
  std::vector<const GraphEdge*> out_edges(size_t node, EdgeKind kind) const;
  std::vector<const GraphEdge*> in_edges(size_t node) const;
  std::vector<const GraphEdge*> in_edges(size_t node, EdgeKind kind) const;
  // Reference edges written at exactly this value (a Ref/GetAtt mapping, a Sub): how a
  // predicate follows a property to what it names.
  std::vector<const GraphEdge*> edges_at(const Value& site) const;

  // Resources one step away along edges of one kind, without duplicates, in edge order.
  std::vector<const Resource*> targets(const Resource& from, EdgeKind kind) const;
  std::vector<const Resource*> sources(const Resource& to, EdgeKind kind) const;
  // Resources of `type` whose Ref, GetAtt or Sub names `to`, written at their property
  // `property` or below it (anywhere when empty); without duplicates, in edge order.
  std::vector<const Resource*> referrers(const Resource& to, std::string_view type,
                                         std::string_view property = {}) const;

  // Every policy document that applies to a role: inline Policies, IAM Policy /
  // ManagedPolicy / RolePolicy resources naming it, ManagedPolicyArns (template-defined
  // ones resolved to their document, others kept as ARNs).
  std::vector<PolicyAttachment> policies_of_role(const Resource& role) const;
  std::vector<const Resource*> roles_of_function(const Resource& function) const {
    return targets(function, EdgeKind::ExecutionRole);
  }
  std::vector<const Resource*> functions_of_role(const Resource& role) const {
    return sources(role, EdgeKind::ExecutionRole);
  }

  // Strongly connected sets over Ref/GetAtt/Sub/DependsOn/Condition edges: resources that
  // depend on each other (CloudFormation rejects them), conditions that use each other.
  // Each set holds at least two nodes, or one node that refers to itself; nodes sorted by
  // logical id, sets sorted by their first node. Computed once, at build time.
  const std::vector<std::vector<size_t>>& dependency_cycles() const { return cycles_; }
  // References to names the template does not define, in the order they were met.
  const std::vector<UnresolvedReference>& unresolved() const { return unresolved_; }
  // Intrinsic calls written with arguments of the wrong shape, in the order they were met.
  const std::vector<MalformedCall>& malformed() const { return malformed_; }

 private:
  friend class GraphBuilder;
  struct Index;  // adjacency and lookup tables (graph.cpp)
  const Index& grouped() const;  // the index, its edges grouped by node

  std::vector<GraphNode> nodes_;
  std::vector<GraphEdge> edges_;
  std::vector<std::vector<size_t>> cycles_;
  std::vector<UnresolvedReference> unresolved_;
  std::vector<MalformedCall> malformed_;
  std::unique_ptr<Index> index_;
};

}  // namespace cfn
