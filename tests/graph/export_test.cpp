// The exporters' exact output for a tiny template, and their determinism.
#include <catch2/catch.hpp>
#include <sstream>

#include "graph/export.h"
#include "graph_support.h"

using cfn::GraphFindings;
using cfn::GraphFormat;
using cfn::testing::LoadedGraph;

namespace {

constexpr const char* kTiny = R"(Parameters:
  Name: {Type: String}
Resources:
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties: {Bucket: !Ref Bucket, PolicyDocument: {}}
  Bucket:
    Type: AWS::S3::Bucket
    Properties: {BucketName: !Sub "${Name}-${AWS::Region}"}
Outputs:
  Arn:
    Value: !GetAtt Bucket.Arn
)";

// The same template with its sections and resources in another order.
constexpr const char* kTinyReordered = R"(Outputs:
  Arn:
    Value: !GetAtt Bucket.Arn
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties: {BucketName: !Sub "${Name}-${AWS::Region}"}
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties: {PolicyDocument: {}, Bucket: !Ref Bucket}
Parameters:
  Name: {Type: String}
)";

const GraphFindings kFindings{{"Bucket", {"s3-bucket-no-encryption"}}, {"NotInTemplate", {"x-y"}}};

std::string render(const LoadedGraph& g, GraphFormat format, const GraphFindings& findings = kFindings) {
  std::ostringstream out;
  cfn::write_graph(g.graph(), format, findings, out);
  return out.str();
}

}  // namespace

TEST_CASE("parse_graph_format knows dot, mermaid and json") {
  CHECK(cfn::parse_graph_format("dot") == GraphFormat::Dot);
  CHECK(cfn::parse_graph_format("mermaid") == GraphFormat::Mermaid);
  CHECK(cfn::parse_graph_format("json") == GraphFormat::Json);
  CHECK_FALSE(cfn::parse_graph_format("png"));
}

TEST_CASE("DOT: nodes by kind and id, labelled edges, findings in red with a legend") {
  LoadedGraph g(kTiny);
  CHECK(render(g, GraphFormat::Dot) == R"(digraph template {
  rankdir=LR;
  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica"];
  edge [fontname="Helvetica", fontsize=10];
  "Resources.Bucket" [label="Bucket\nAWS::S3::Bucket", color="#cc0000", fontcolor="#cc0000", fillcolor="#ffe0e0", penwidth=2];
  "Resources.Policy" [label="Policy\nAWS::S3::BucketPolicy"];
  "Parameters.Name" [label="Name\nparameter", shape=ellipse];
  "Outputs.Arn" [label="Arn\noutput", shape=note];
  "Resources.Bucket" -> "Resources.Policy" [label="ResourcePolicy", style=dashed, color="#1f5fbf", fontcolor="#1f5fbf"];
  "Resources.Bucket" -> "Parameters.Name" [label="Sub"];
  "Resources.Policy" -> "Resources.Bucket" [label="Ref"];
  "Outputs.Arn" -> "Resources.Bucket" [label="GetAtt Arn"];
  subgraph cluster_legend {
    label="Legend";
    "legend" [shape=box, style=filled, color="#cc0000", fontcolor="#cc0000", fillcolor="#ffe0e0", label="Resources with findings\lBucket: s3-bucket-no-encryption\l"];
  }
}
)");
}

TEST_CASE("DOT without findings has no legend") {
  LoadedGraph g(R"(Resources:
  T: {Type: AWS::SNS::Topic}
)");
  CHECK(render(g, GraphFormat::Dot, {}) == R"(digraph template {
  rankdir=LR;
  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica"];
  edge [fontname="Helvetica", fontsize=10];
  "Resources.T" [label="T\nAWS::SNS::Topic"];
}
)");
}

TEST_CASE("Mermaid: shapes by kind, dashed semantic edges, a finding class and legend") {
  LoadedGraph g(kTiny);
  CHECK(render(g, GraphFormat::Mermaid) == R"(flowchart LR
  r_Bucket["Bucket<br/>AWS::S3::Bucket"]
  r_Policy["Policy<br/>AWS::S3::BucketPolicy"]
  p_Name(["Name<br/>parameter"])
  o_Arn>"Arn<br/>output"]
  r_Bucket -.->|"ResourcePolicy"| r_Policy
  r_Bucket -->|"Sub"| p_Name
  r_Policy -->|"Ref"| r_Bucket
  o_Arn -->|"GetAtt Arn"| r_Bucket
  classDef finding fill:#ffe0e0,stroke:#cc0000,color:#cc0000
  class r_Bucket finding
  subgraph legend["Resources with findings"]
    legend_0["Bucket: s3-bucket-no-encryption"]
  end
)");
}

TEST_CASE("JSON: every edge with its path and position, findings per node, cycles") {
  LoadedGraph g(R"(Resources:
  Topic:
    Type: AWS::SNS::Topic
    DependsOn: Topic
  TopicPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties: {Topics: [!Ref Topic]}
)");
  CHECK(render(g, GraphFormat::Json, {{"Topic", {"a-rule", "b-rule"}}}) == R"({
  "nodes": [
    {
      "id": "Resources.Topic",
      "kind": "resource",
      "logical_id": "Topic",
      "type": "AWS::SNS::Topic",
      "range": {
        "start_line": 2,
        "start_column": 3,
        "end_line": 2,
        "end_column": 8
      },
      "findings": [
        "a-rule",
        "b-rule"
      ]
    },
    {
      "id": "Resources.TopicPolicy",
      "kind": "resource",
      "logical_id": "TopicPolicy",
      "type": "AWS::SNS::TopicPolicy",
      "range": {
        "start_line": 5,
        "start_column": 3,
        "end_line": 5,
        "end_column": 14
      },
      "findings": []
    }
  ],
  "edges": [
    {
      "from": "Resources.Topic",
      "to": "Resources.Topic",
      "kind": "DependsOn",
      "semantic": false,
      "property_path": "Resources.Topic.DependsOn",
      "range": {
        "start_line": 4,
        "start_column": 16,
        "end_line": 4,
        "end_column": 21
      }
    },
    {
      "from": "Resources.Topic",
      "to": "Resources.TopicPolicy",
      "kind": "ResourcePolicy",
      "semantic": true,
      "property_path": "Resources.TopicPolicy.Properties.Topics[0]",
      "range": {
        "start_line": 7,
        "start_column": 27,
        "end_line": 7,
        "end_column": 37
      }
    },
    {
      "from": "Resources.TopicPolicy",
      "to": "Resources.Topic",
      "kind": "Ref",
      "semantic": false,
      "property_path": "Resources.TopicPolicy.Properties.Topics[0]",
      "range": {
        "start_line": 7,
        "start_column": 27,
        "end_line": 7,
        "end_column": 37
      }
    }
  ],
  "cycles": [
    [
      "Resources.Topic"
    ]
  ]
}
)");
}

TEST_CASE("Output does not depend on template order or on repeated builds") {
  LoadedGraph first(kTiny);
  LoadedGraph reordered(kTinyReordered);
  for (GraphFormat format : {GraphFormat::Dot, GraphFormat::Mermaid}) {
    CHECK(render(first, format) == render(reordered, format));
    CHECK(render(first, format) == render(LoadedGraph(kTiny), format));
  }
  CHECK(render(first, GraphFormat::Json) == render(LoadedGraph(kTiny), GraphFormat::Json));
}

TEST_CASE("Mermaid escapes quotes and odd characters in ids") {
  LoadedGraph g(R"(Resources:
  "My-Topic":
    Type: 'AWS::SNS::"Topic"'
)");
  CHECK(render(g, GraphFormat::Mermaid, {}) == "flowchart LR\n  r_My_Topic[\"My-Topic<br/>AWS::SNS::#quot;Topic#quot;\"]\n");
}
