// Reference edges: one test per kind, each with the path and position it is written at.
#include <catch2/catch.hpp>

#include <algorithm>

#include "graph_support.h"

using cfn::EdgeKind;
using cfn::NodeKind;
using cfn::testing::LoadedGraph;
using Strings = std::vector<std::string>;

TEST_CASE("Ref links resources, parameters and pseudo parameters; unknown names link nothing") {
  LoadedGraph g(R"(Parameters:
  Stage: {Type: String}
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      Tags: [!Ref Stage, !Ref AWS::Region, !Ref Missing, {Ref: AWS::Nonsense}]
)");
  CHECK(g.edges(EdgeKind::Ref) == Strings{"Policy -> Bucket", "Policy -> Stage", "Policy -> AWS::Region"});
  CHECK(g.paths(EdgeKind::Ref) == Strings{"Resources.Policy.Properties.Bucket",
                                          "Resources.Policy.Properties.Tags[0]",
                                          "Resources.Policy.Properties.Tags[1]"});
  const cfn::GraphEdge& first = g.graph().edges().front();
  CHECK(first.range.begin.line == 9);
  CHECK(first.range.begin.column == 15);
  CHECK(g.graph().at(first.to).kind == NodeKind::Resource);
  CHECK(g.graph().node("AWS::Region", NodeKind::Pseudo) != cfn::ResourceGraph::npos);
  CHECK(g.graph().node("AWS::Nonsense", NodeKind::Pseudo) == cfn::ResourceGraph::npos);
}

TEST_CASE("A reference to a name nothing declares is recorded with its kind, name and place") {
  LoadedGraph g(R"(Conditions:
  IsProd: !Equals [a, b]
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Condition: IsProduction
    DependsOn: [Queue]
    Properties:
      Tags: [!Ref Missing, !GetAtt Gone.Arn, !Sub "${Absent.Arn}-${AWS::Region}-${!Literal}", !FindInMap [NoMap, a, b]]
      Other: !If [NoCondition, !Ref AWS::Nonsense, x]
)");
  Strings found;
  for (const cfn::UnresolvedReference& reference : g.graph().unresolved())
    found.push_back(reference.name + " at " + reference.property_path + " " + std::to_string(reference.range.begin.line) +
                    ":" + std::to_string(reference.range.begin.column));
  CHECK(found == Strings{"IsProduction at Resources.Bucket.Condition 6:16",
                         "Queue at Resources.Bucket.DependsOn[0] 7:17",
                         "Missing at Resources.Bucket.Properties.Tags[0] 9:14",
                         "Gone at Resources.Bucket.Properties.Tags[1] 9:28",
                         "Absent at Resources.Bucket.Properties.Tags[2] 9:46",
                         "NoMap at Resources.Bucket.Properties.Tags[3].Fn::FindInMap[0] 9:107",
                         "NoCondition at Resources.Bucket.Properties.Other.Fn::If[0] 10:19",
                         "AWS::Nonsense at Resources.Bucket.Properties.Other.Fn::If[1] 10:32"});
}

TEST_CASE("GetAtt keeps the attribute, in list and dotted form, and follows a Ref attribute") {
  LoadedGraph g(R"(Parameters:
  Attr: {Type: String}
Resources:
  Db:
    Type: AWS::RDS::DBInstance
  User:
    Type: AWS::Test::Thing
    Properties:
      A: !GetAtt Db.Endpoint.Address
      B: {"Fn::GetAtt": [Db, Arn]}
      C: {"Fn::GetAtt": [Db, !Ref Attr]}
      D: !GetAtt Nowhere.Arn
)");
  CHECK(g.edges(EdgeKind::GetAtt) == Strings{"User -> Db (Endpoint.Address)", "User -> Db (Arn)", "User -> Db"});
  CHECK(g.edges(EdgeKind::Ref) == Strings{"User -> Attr"});
  CHECK(g.paths(EdgeKind::Ref) == Strings{"Resources.User.Properties.C.Fn::GetAtt[1]"});
}

TEST_CASE("Sub links ${X} and ${X.Attr}, skips ${!Literal} and its own variables") {
  LoadedGraph g(R"(Parameters:
  Stage: {Type: String}
Resources:
  Fn:
    Type: AWS::Lambda::Function
  Queue:
    Type: AWS::SQS::Queue
  User:
    Type: AWS::Test::Thing
    Properties:
      A: !Sub "arn:${AWS::Partition}:x:${Fn}:${Fn.Arn}:${!Literal}:${Stage}"
      B: !Sub
        - "${Local}/${Queue}"
        - Local: !Ref Stage
      C: !Sub "${Unclosed"
)");
  CHECK(g.edges(EdgeKind::Sub) ==
        Strings{"User -> AWS::Partition", "User -> Fn", "User -> Fn (Arn)", "User -> Stage", "User -> Queue"});
  CHECK(g.edges(EdgeKind::Ref) == Strings{"User -> Stage"});
  CHECK(g.paths(EdgeKind::Ref) == Strings{"Resources.User.Properties.B.Fn::Sub[1].Local"});
}

TEST_CASE("DependsOn links each named resource, as a string or a list") {
  LoadedGraph g(R"(Resources:
  A: {Type: AWS::SNS::Topic}
  B: {Type: AWS::SNS::Topic, DependsOn: A}
  C:
    Type: AWS::SNS::Topic
    DependsOn: [A, B, Ghost]
)");
  CHECK(g.edges(EdgeKind::DependsOn) == Strings{"B -> A", "C -> A", "C -> B"});
  CHECK(g.paths(EdgeKind::DependsOn) == Strings{"Resources.B.DependsOn", "Resources.C.DependsOn[0]",
                                                "Resources.C.DependsOn[1]"});
}

TEST_CASE("Condition links resources, outputs and conditions to the conditions they use") {
  LoadedGraph g(R"(Parameters:
  Env: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsProdAndUs: !And [{Condition: IsProd}, !Equals [!Ref "AWS::Region", us-east-1]]
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Condition: IsProdAndUs
Outputs:
  Name:
    Condition: IsProd
    Value: !Ref Bucket
)");
  CHECK(g.edges(EdgeKind::Condition) == Strings{"Bucket -> IsProdAndUs", "IsProdAndUs -> IsProd", "Name -> IsProd"});
  CHECK(g.paths(EdgeKind::Condition) ==
        Strings{"Resources.Bucket.Condition", "Conditions.IsProdAndUs.Fn::And[0]", "Outputs.Name.Condition"});
  CHECK(g.edges(EdgeKind::Ref) == Strings{"IsProd -> Env", "IsProdAndUs -> AWS::Region", "Name -> Bucket"});
}

TEST_CASE("An IAM Condition block in properties is not a condition reference") {
  LoadedGraph g(R"(Conditions:
  StringEquals: !Equals [a, a]
Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Condition: {StringEquals: {"aws:SourceAccount": "1"}}
)");
  CHECK(g.edges(EdgeKind::Condition).empty());
}

TEST_CASE("Fn::If links its condition and walks both branches") {
  LoadedGraph g(R"(Conditions:
  IsProd: !Equals [a, b]
Resources:
  Key: {Type: AWS::KMS::Key}
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      KmsKey: !If [IsProd, !GetAtt Key.Arn, !Ref "AWS::NoValue"]
)");
  CHECK(g.edges(EdgeKind::IfCondition) == Strings{"Bucket -> IsProd"});
  CHECK(g.paths(EdgeKind::IfCondition) == Strings{"Resources.Bucket.Properties.KmsKey.Fn::If[0]"});
  CHECK(g.edges(EdgeKind::GetAtt) == Strings{"Bucket -> Key (Arn)"});
  CHECK(g.paths(EdgeKind::GetAtt) == Strings{"Resources.Bucket.Properties.KmsKey.Fn::If[1]"});
  CHECK(g.edges(EdgeKind::Ref) == Strings{"Bucket -> AWS::NoValue"});
}

TEST_CASE("FindInMap links the mapping and walks its keys") {
  LoadedGraph g(R"(Parameters:
  Env: {Type: String}
Mappings:
  Sizes:
    prod: {Memory: 1024}
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      MemorySize: !FindInMap [Sizes, !Ref Env, Memory]
      Timeout: !FindInMap [Unknown, a, b]
)");
  CHECK(g.edges(EdgeKind::FindInMap) == Strings{"Fn -> Sizes"});
  CHECK(g.paths(EdgeKind::FindInMap) == Strings{"Resources.Fn.Properties.MemorySize.Fn::FindInMap[0]"});
  CHECK(g.edges(EdgeKind::Ref) == Strings{"Fn -> Env"});
}

TEST_CASE("Nodes exist for every section, and edges_at finds the edge written at a value") {
  LoadedGraph g(R"(Parameters:
  P: {Type: String}
Conditions:
  C: !Equals [!Ref P, x]
Mappings:
  M: {a: {b: c}}
Resources:
  R:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !Ref P
Outputs:
  O:
    Value: !Ref R
)");
  const cfn::ResourceGraph& graph = g.graph();
  CHECK(graph.node("R", NodeKind::Resource) != cfn::ResourceGraph::npos);
  CHECK(graph.node("P", NodeKind::Parameter) != cfn::ResourceGraph::npos);
  CHECK(graph.node("C", NodeKind::Condition) != cfn::ResourceGraph::npos);
  CHECK(graph.node("M", NodeKind::Mapping) != cfn::ResourceGraph::npos);
  CHECK(graph.node("O", NodeKind::Output) != cfn::ResourceGraph::npos);
  CHECK(graph.node("R", NodeKind::Parameter) == cfn::ResourceGraph::npos);
  CHECK(graph.at(graph.node("O", NodeKind::Output)).path() == "Outputs.O");

  const cfn::Value* topic_name = g.resource("R").property("TopicName");
  auto at = graph.edges_at(*topic_name);
  REQUIRE(at.size() == 1);
  CHECK(graph.at(at[0]->to).logical_id == "P");
  CHECK(graph.in_edges(graph.node("P", NodeKind::Parameter), EdgeKind::Ref).size() == 2);
  CHECK(graph.out_edges(graph.node("O", NodeKind::Output)).size() == 1);
}

// Edges keep their paths in blocks the graph owns: many edges span several blocks, a path
// longer than a block gets one of its own, and moving the graph moves no text.
TEST_CASE("Edge paths stay whole over many blocks, a path longer than a block, and a moved graph") {
  // 200 nested keys of 50 characters, a path of 10,225 characters: one key that long is no
  // YAML implicit key (they end at 1,024), and the nesting stays under the 256 limit.
  const std::string step = "Abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmn";
  std::string nested = "!GetAtt Q0.Arn", long_path = "Resources.Long.Properties";
  for (int depth = 0; depth < 200; ++depth) {
    nested = "{" + step + ": " + nested + "}";
    long_path += "." + step;
  }
  std::string yaml = "Resources:\n  Q0: {Type: AWS::SQS::Queue}\n";
  Strings expected;
  for (int i = 1; i <= 400; ++i) {
    std::string id = "Q" + std::to_string(i);
    yaml += "  " + id + ": {Type: AWS::SQS::Queue, Properties: {RedrivePolicy: {deadLetterTargetArn: !GetAtt Q" +
            std::to_string(i - 1) + ".Arn}}}\n";
    expected.push_back("Resources." + id + ".Properties.RedrivePolicy.deadLetterTargetArn");
  }
  yaml += "  Long: {Type: AWS::SQS::Queue, Properties: " + nested + "}\n";
  expected.push_back(long_path);

  auto tmpl = cfn::Template::build(cfn::load_yaml(std::make_shared<cfn::SourceFile>("t.yaml", yaml)));
  cfn::ResourceGraph built = cfn::ResourceGraph::build(tmpl);
  cfn::ResourceGraph graph = std::move(built);
  Strings paths;
  for (const cfn::GraphEdge& edge : graph.edges()) {
    if (edge.kind == EdgeKind::GetAtt) paths.emplace_back(edge.property_path);
  }
  CHECK(paths == expected);
}

TEST_CASE("Node lookup: hundreds of names of every length, the same name in several sections") {
  // Enough nodes to make the lookup table grow several times, names whose lengths cross
  // the 8-byte steps the hash reads in, and one name used as a parameter, a condition, a
  // mapping, an output and a resource, which must stay five nodes.
  std::string text = "Parameters:\n  Shared: {Type: String}\nConditions:\n  Shared: !Equals [a, b]\n"
                     "Mappings:\n  Shared: {a: {b: c}}\nOutputs:\n  Shared: {Value: x}\nResources:\n"
                     "  Shared: {Type: AWS::SNS::Topic}\n";
  std::vector<std::string> names;
  for (int i = 0; i < 300; ++i) {
    names.push_back(std::string(static_cast<size_t>(i % 23) + 1, 'Q') + std::to_string(i));
    text += "  " + names.back() + ":\n    Type: AWS::SQS::Queue\n";
  }
  LoadedGraph g(text);
  const cfn::ResourceGraph& graph = g.graph();
  std::vector<size_t> shared;
  for (NodeKind kind : {NodeKind::Parameter, NodeKind::Condition, NodeKind::Mapping, NodeKind::Output, NodeKind::Resource}) {
    size_t node = graph.node("Shared", kind);
    REQUIRE(node != cfn::ResourceGraph::npos);
    CHECK(graph.at(node).kind == kind);
    shared.push_back(node);
  }
  std::sort(shared.begin(), shared.end());
  CHECK(std::unique(shared.begin(), shared.end()) == shared.end());
  for (const std::string& name : names) {
    size_t node = graph.node(name, NodeKind::Resource);
    REQUIRE(node != cfn::ResourceGraph::npos);
    CHECK(graph.at(node).logical_id == name);
    CHECK(graph.node(name, NodeKind::Parameter) == cfn::ResourceGraph::npos);
    CHECK(graph.node(name + "x", NodeKind::Resource) == cfn::ResourceGraph::npos);
    CHECK(graph.node("q" + name.substr(1), NodeKind::Resource) == cfn::ResourceGraph::npos);  // no name starts with q
  }
  CHECK(graph.node("", NodeKind::Resource) == cfn::ResourceGraph::npos);
}
