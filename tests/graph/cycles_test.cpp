// Dependency cycles: found once at build time, reported as data, never a hang.
#include <catch2/catch.hpp>

#include "graph_support.h"

using cfn::testing::LoadedGraph;
using Cycles = std::vector<std::vector<std::string>>;

TEST_CASE("A Ref cycle between two resources is one cycle") {
  LoadedGraph g(R"(Resources:
  B:
    Type: AWS::SQS::Queue
    Properties: {RedrivePolicy: {deadLetterTargetArn: !GetAtt A.Arn}}
  A:
    Type: AWS::SQS::Queue
    Properties: {QueueName: !Ref B}
  C:
    Type: AWS::SQS::Queue
    Properties: {QueueName: !Ref A}
)");
  CHECK(g.cycles() == Cycles{{"A", "B"}});
}

TEST_CASE("A DependsOn cycle through three resources, and a Sub cycle, are separate cycles") {
  LoadedGraph g(R"(Resources:
  X: {Type: AWS::SNS::Topic, DependsOn: Y}
  Y: {Type: AWS::SNS::Topic, DependsOn: [Z]}
  Z: {Type: AWS::SNS::Topic, DependsOn: X}
  P:
    Type: AWS::SNS::Topic
    Properties: {TopicName: !Sub "${Q}-topic"}
  Q:
    Type: AWS::SNS::Topic
    Properties: {TopicName: !Sub "${P.TopicName}"}
)");
  CHECK(g.cycles() == Cycles{{"P", "Q"}, {"X", "Y", "Z"}});
}

TEST_CASE("A resource that refers to itself is a cycle of one") {
  LoadedGraph g(R"(Resources:
  Self:
    Type: AWS::SNS::Topic
    Properties: {TopicName: !GetAtt Self.TopicName}
  Fine:
    Type: AWS::SNS::Topic
    DependsOn: Self
)");
  CHECK(g.cycles() == Cycles{{"Self"}});
}

TEST_CASE("Conditions that use each other are a cycle") {
  LoadedGraph g(R"(Conditions:
  A: !Not [{Condition: B}]
  B: !Not [{Condition: A}]
Resources:
  T: {Type: AWS::SNS::Topic, Condition: A}
)");
  CHECK(g.cycles() == Cycles{{"A", "B"}});
}

TEST_CASE("Semantic edges and Fn::If never make a cycle on their own") {
  LoadedGraph g(R"(Conditions:
  C: !Equals [a, b]
Resources:
  Role:
    Type: AWS::IAM::Role
  Fn:
    Type: AWS::Lambda::Function
    Properties: {Role: !GetAtt Role.Arn}
  Permission:
    Type: AWS::Lambda::Permission
    Properties: {FunctionName: !If [C, !Ref Fn, x]}
)");
  CHECK(g.cycles().empty());
  CHECK(g.graph().edges().size() == 5);  // GetAtt, IfCondition, Ref, ExecutionRole, Permission
}

TEST_CASE("A long dependency chain with a cycle at its end builds in linear time") {
  std::string yaml = "Resources:\n";
  const int count = 20000;
  for (int i = 0; i < count; ++i) {
    int next = i + 1 == count ? count - 2 : i + 1;
    yaml += "  R" + std::to_string(i) + ": {Type: AWS::SNS::Topic, DependsOn: R" + std::to_string(next) + "}\n";
  }
  LoadedGraph g(yaml);
  CHECK(g.cycles() == Cycles{{"R19998", "R19999"}});
}
