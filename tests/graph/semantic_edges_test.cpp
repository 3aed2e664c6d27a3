// Semantic edges: one test per kind, with every way the link can be written.
#include <catch2/catch.hpp>

#include "graph_support.h"

using cfn::EdgeKind;
using cfn::testing::ids;
using cfn::testing::LoadedGraph;
using Strings = std::vector<std::string>;

TEST_CASE("AttachedPolicy: Policy and ManagedPolicy Roles, RolePolicy, ManagedPolicyArns") {
  LoadedGraph g(R"(Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: app-role
      Policies:
        - PolicyName: inline
          PolicyDocument: {Statement: []}
      ManagedPolicyArns:
        - !Ref Managed
        - arn:aws:iam::aws:policy/ReadOnlyAccess
  Other:
    Type: AWS::IAM::Role
  ByRef:
    Type: AWS::IAM::Policy
    Properties:
      PolicyDocument: {Statement: []}
      Roles: [!Ref Role, !Ref Other]
  ByName:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: {Statement: []}
      Roles: [app-role, someone-elses-role]
  Managed:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: {Statement: []}
  RolePolicy:
    Type: AWS::IAM::RolePolicy
    Properties:
      RoleName: !Ref Other
      PolicyDocument: {Statement: []}
)");
  CHECK(g.edges(EdgeKind::AttachedPolicy) ==
        Strings{"Role -> ByRef", "Other -> ByRef", "Role -> ByName", "Other -> RolePolicy", "Role -> Managed"});
  CHECK(g.paths(EdgeKind::AttachedPolicy)[2] == "Resources.ByName.Properties.Roles[0]");

  auto policies = g.graph().policies_of_role(g.resource("Role"));
  REQUIRE(policies.size() == 5);
  CHECK(policies[0].path == "Resources.Role.Properties.Policies[0].PolicyDocument");
  CHECK(policies[0].owner->logical_id == "Role");
  CHECK(policies[1].path == "Resources.ByRef.Properties.PolicyDocument");
  CHECK(policies[2].path == "Resources.ByName.Properties.PolicyDocument");
  CHECK(policies[3].path == "Resources.Managed.Properties.PolicyDocument");
  CHECK(policies[4].document == nullptr);
  CHECK(policies[4].managed_arn->text() == "arn:aws:iam::aws:policy/ReadOnlyAccess");
  CHECK(policies[4].path == "Resources.Role.Properties.ManagedPolicyArns[1]");
}

TEST_CASE("ExecutionRole: GetAtt, Sub, a role ARN naming the role, both Fn::If branches") {
  LoadedGraph g(R"(Parameters:
  RoleArn: {Type: String}
Conditions:
  C: !Equals [a, b]
Resources:
  R1:
    Type: AWS::IAM::Role
    Properties:
      RoleName: named-role
  R2:
    Type: AWS::IAM::Role
  ByGetAtt:
    Type: AWS::Lambda::Function
    Properties: {Role: !GetAtt R1.Arn}
  BySub:
    Type: AWS::Lambda::Function
    Properties: {Role: !Sub "${R2.Arn}"}
  ByLiteralArn:
    Type: AWS::Lambda::Function
    Properties: {Role: "arn:aws:iam::123456789012:role/service/named-role"}
  BySubArn:
    Type: AWS::Serverless::Function
    Properties: {Role: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${R2}"}
  ByIf:
    Type: AWS::Lambda::Function
    Properties: {Role: !If [C, !GetAtt R1.Arn, !GetAtt R2.Arn]}
  ByParameter:
    Type: AWS::Lambda::Function
    Properties: {Role: !Ref RoleArn}
  ByUnknownArn:
    Type: AWS::Lambda::Function
    Properties: {Role: "arn:aws:iam::123456789012:role/elsewhere"}
)");
  CHECK(g.edges(EdgeKind::ExecutionRole) == Strings{"ByGetAtt -> R1", "BySub -> R2", "ByLiteralArn -> R1",
                                                    "ByIf -> R1", "ByIf -> R2", "BySubArn -> R2"});
  CHECK(g.paths(EdgeKind::ExecutionRole)[0] == "Resources.ByGetAtt.Properties.Role");
  CHECK(ids(g.graph().roles_of_function(g.resource("ByIf"))) == Strings{"R1", "R2"});
  CHECK(ids(g.graph().functions_of_role(g.resource("R1"))) == Strings{"ByGetAtt", "ByLiteralArn", "ByIf"});
  CHECK(g.graph().roles_of_function(g.resource("ByParameter")).empty());
}

// A member is named by its own Ref and its identifying attributes; a name another member
// sets to the same text makes the text name neither.
TEST_CASE("ExecutionRole: a role named by another role's Ref, an attribute that names no role") {
  LoadedGraph g(R"(Resources:
  R1: {Type: AWS::IAM::Role}
  R2:
    Type: AWS::IAM::Role
    Properties: {RoleName: !Ref R1}
  Topic: {Type: AWS::SNS::Topic}
  ByShared:
    Type: AWS::Lambda::Function
    Properties: {Role: !Ref R1}
  ByArn:
    Type: AWS::Lambda::Function
    Properties: {Role: !GetAtt R2.Arn}
  ByOtherAttribute:
    Type: AWS::Lambda::Function
    Properties: {Role: !GetAtt R2.Path}
  ByTopic:
    Type: AWS::Lambda::Function
    Properties: {Role: !Ref Topic}
)");
  CHECK(g.edges(EdgeKind::ExecutionRole) == Strings{"ByArn -> R2"});
}

TEST_CASE("LogGroup: /aws/lambda/<name> by Sub, literal, Join; LoggingConfig.LogGroup") {
  LoadedGraph g(R"(Resources:
  Named:
    Type: AWS::Lambda::Function
    Properties: {FunctionName: my-fn}
  Generated:
    Type: AWS::Lambda::Function
  Joined:
    Type: AWS::Lambda::Function
  Configured:
    Type: AWS::Lambda::Function
    Properties:
      LoggingConfig: {LogGroup: !Ref Shared}
  LiteralLogs:
    Type: AWS::Logs::LogGroup
    Properties: {LogGroupName: /aws/lambda/my-fn}
  SubLogs:
    Type: AWS::Logs::LogGroup
    Properties: {LogGroupName: !Sub "/aws/lambda/${Generated}"}
  JoinLogs:
    Type: AWS::Logs::LogGroup
    Properties: {LogGroupName: !Join ["", [/aws/lambda/, !Ref Joined]]}
  Shared:
    Type: AWS::Logs::LogGroup
    Properties: {LogGroupName: shared}
  Unrelated:
    Type: AWS::Logs::LogGroup
    Properties: {LogGroupName: /aws/lambda/other-fn}
)");
  CHECK(g.edges(EdgeKind::LogGroup) ==
        Strings{"Configured -> Shared", "Named -> LiteralLogs", "Generated -> SubLogs", "Joined -> JoinLogs"});
  CHECK(g.paths(EdgeKind::LogGroup) == Strings{"Resources.Configured.Properties.LoggingConfig.LogGroup",
                                               "Resources.LiteralLogs.Properties.LogGroupName",
                                               "Resources.SubLogs.Properties.LogGroupName",
                                               "Resources.JoinLogs.Properties.LogGroupName"});
  CHECK(ids(g.graph().targets(g.resource("Named"), EdgeKind::LogGroup)) == Strings{"LiteralLogs"});
}

TEST_CASE("LogGroup: a name two functions share links neither") {
  LoadedGraph g(R"(Parameters:
  Name: {Type: String}
Resources:
  A:
    Type: AWS::Lambda::Function
    Properties: {FunctionName: !Ref Name}
  B:
    Type: AWS::Lambda::Function
    Properties: {FunctionName: !Ref Name}
  Logs:
    Type: AWS::Logs::LogGroup
    Properties: {LogGroupName: !Sub "/aws/lambda/${Name}"}
)");
  CHECK(g.edges(EdgeKind::LogGroup).empty());
}

TEST_CASE("Permission, EventSourceMapping and FunctionUrl name their function, or its alias") {
  LoadedGraph g(R"(Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties: {FunctionName: worker}
  Live:
    Type: AWS::Lambda::Alias
    Properties: {FunctionName: !Ref Fn, Name: live}
  ByRef:
    Type: AWS::Lambda::Permission
    Properties: {FunctionName: !Ref Fn, Action: lambda:InvokeFunction}
  ByArn:
    Type: AWS::Lambda::Permission
    Properties: {FunctionName: "arn:aws:lambda:us-east-1:123456789012:function:worker:live"}
  ByAlias:
    Type: AWS::Lambda::Permission
    Properties: {FunctionName: !Ref Live}
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties: {FunctionName: !GetAtt Fn.Arn, EventSourceArn: x}
  Url:
    Type: AWS::Lambda::Url
    Properties: {TargetFunctionArn: !Ref Live, AuthType: NONE}
  Elsewhere:
    Type: AWS::Lambda::Permission
    Properties: {FunctionName: other-function}
)");
  CHECK(g.edges(EdgeKind::Permission) == Strings{"Fn -> ByRef", "Fn -> ByArn", "Fn -> ByAlias"});
  CHECK(g.edges(EdgeKind::EventSourceMapping) == Strings{"Fn -> Mapping"});
  CHECK(g.edges(EdgeKind::FunctionUrl) == Strings{"Fn -> Url"});
  CHECK(g.paths(EdgeKind::FunctionUrl) == Strings{"Resources.Url.Properties.TargetFunctionArn"});
}

TEST_CASE("ResourcePolicy: bucket, queue and topic policies") {
  LoadedGraph g(R"(Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties: {BucketName: my-bucket}
  Queue:
    Type: AWS::SQS::Queue
    Properties: {QueueName: jobs}
  Topic:
    Type: AWS::SNS::Topic
  BucketPolicyByRef:
    Type: AWS::S3::BucketPolicy
    Properties: {Bucket: !Ref Bucket}
  BucketPolicyByName:
    Type: AWS::S3::BucketPolicy
    Properties: {Bucket: my-bucket}
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties: {Queues: [!Ref Queue, "https://sqs.us-east-1.amazonaws.com/123456789012/jobs"]}
  QueueInline:
    Type: AWS::SQS::QueueInlinePolicy
    Properties: {Queue: !GetAtt Queue.QueueUrl}
  TopicPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties: {Topics: [!Ref Topic]}
  TopicInline:
    Type: AWS::SNS::TopicInlinePolicy
    Properties: {TopicArn: !Ref Topic}
)");
  CHECK(g.edges(EdgeKind::ResourcePolicy) ==
        Strings{"Bucket -> BucketPolicyByRef", "Bucket -> BucketPolicyByName", "Queue -> QueuePolicy",
                "Queue -> QueuePolicy", "Queue -> QueueInline", "Topic -> TopicPolicy", "Topic -> TopicInline"});
  CHECK(ids(g.graph().targets(g.resource("Queue"), EdgeKind::ResourcePolicy)) ==
        Strings{"QueuePolicy", "QueueInline"});
}

TEST_CASE("Api edges: stages, deployments, methods, routes, authorizers for REST and HTTP APIs") {
  LoadedGraph g(R"(Resources:
  Rest:
    Type: AWS::ApiGateway::RestApi
  Http:
    Type: AWS::ApiGatewayV2::Api
  RestStage:
    Type: AWS::ApiGateway::Stage
    Properties: {RestApiId: !Ref Rest, DeploymentId: !Ref RestDeployment}
  RestDeployment:
    Type: AWS::ApiGateway::Deployment
    Properties: {RestApiId: !Ref Rest}
  RestMethod:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Rest, HttpMethod: GET}
  RestAuthorizer:
    Type: AWS::ApiGateway::Authorizer
    Properties: {RestApiId: !Ref Rest}
  HttpStage:
    Type: AWS::ApiGatewayV2::Stage
    Properties: {ApiId: !Ref Http}
  HttpDeployment:
    Type: AWS::ApiGatewayV2::Deployment
    Properties: {ApiId: !Ref Http}
  HttpRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: {ApiId: !Ref Http, RouteKey: GET /}
  HttpAuthorizer:
    Type: AWS::ApiGatewayV2::Authorizer
    Properties: {ApiId: !Ref Http}
)");
  CHECK(g.edges(EdgeKind::ApiStage) == Strings{"Rest -> RestStage", "Http -> HttpStage"});
  CHECK(g.edges(EdgeKind::ApiDeployment) == Strings{"Rest -> RestDeployment", "Http -> HttpDeployment"});
  CHECK(g.edges(EdgeKind::ApiMethod) == Strings{"Rest -> RestMethod", "Http -> HttpRoute"});
  CHECK(g.edges(EdgeKind::ApiAuthorizer) == Strings{"Rest -> RestAuthorizer", "Http -> HttpAuthorizer"});
}

TEST_CASE("ApiDomain: the domain of the template, or the mapping when the domain is elsewhere") {
  LoadedGraph g(R"(Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
  Http:
    Type: AWS::ApiGatewayV2::Api
  Domain:
    Type: AWS::ApiGateway::DomainName
    Properties: {DomainName: api.example.com}
  Mapping:
    Type: AWS::ApiGateway::BasePathMapping
    Properties: {RestApiId: !Ref Api, DomainName: api.example.com}
  ExternalMapping:
    Type: AWS::ApiGatewayV2::ApiMapping
    Properties: {ApiId: !Ref Http, DomainName: other.example.com, Stage: prod}
)");
  CHECK(g.edges(EdgeKind::ApiDomain) == Strings{"Api -> Domain", "Http -> ExternalMapping"});
  CHECK(g.paths(EdgeKind::ApiDomain) ==
        Strings{"Resources.Mapping.Properties.DomainName", "Resources.ExternalMapping.Properties.ApiId"});
}

TEST_CASE("WafAssociation: a stage ARN naming the API or its stage") {
  LoadedGraph g(R"(Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties: {RestApiId: !Ref Api}
  ByApi:
    Type: AWS::WAFv2::WebACLAssociation
    Properties:
      ResourceArn: !Sub "arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${Api}/stages/${Stage}"
      WebACLArn: !GetAtt Acl.Arn
  ByStage:
    Type: AWS::WAFv2::WebACLAssociation
    Properties:
      ResourceArn: !Join ["", ["arn:aws:apigateway:us-east-1::/restapis/x/stages/", !Ref Stage]]
  Acl:
    Type: AWS::WAFv2::WebACL
)");
  CHECK(g.edges(EdgeKind::WafAssociation) == Strings{"Api -> ByApi", "Api -> ByStage"});
  CHECK(g.paths(EdgeKind::WafAssociation) == Strings{"Resources.ByApi.Properties.ResourceArn",
                                                     "Resources.ByStage.Properties.ResourceArn.Fn::Join[1][1]"});
}

TEST_CASE("AccessLogBucket: by Ref, by the same Sub or Join, in either branch of an If") {
  LoadedGraph g(R"(Conditions:
  IsProd: !Equals [!Ref AWS::Region, eu-west-1]
Resources:
  Logs:
    Type: AWS::S3::Bucket
  SubLogs:
    Type: AWS::S3::Bucket
    Properties: {BucketName: !Sub "access-logs-${AWS::AccountId}"}
  JoinLogs:
    Type: AWS::S3::Bucket
    Properties: {BucketName: !Join ["-", [logs, !Ref "AWS::AccountId"]]}
  ByRef:
    Type: AWS::S3::Bucket
    Properties: {LoggingConfiguration: {DestinationBucketName: !Ref Logs}}
  BySub:
    Type: AWS::S3::Bucket
    Properties: {LoggingConfiguration: {DestinationBucketName: !Sub "access-logs-${AWS::AccountId}"}}
  ByJoinAsSub:
    Type: AWS::S3::Bucket
    Properties: {LoggingConfiguration: {DestinationBucketName: !Sub "logs-${AWS::AccountId}"}}
  ByIf:
    Type: AWS::S3::Bucket
    Properties:
      LoggingConfiguration:
        DestinationBucketName: !If [IsProd, !Ref Logs, !ImportValue central-logs]
  Logs2:
    Type: AWS::S3::Bucket
  ByIfAbove:
    Type: AWS::S3::Bucket
    Properties:
      LoggingConfiguration: !If [IsProd, {DestinationBucketName: !Ref Logs2}, !Ref AWS::NoValue]
)");
  CHECK(g.edges(EdgeKind::AccessLogBucket) == Strings{"ByRef -> Logs", "BySub -> SubLogs", "ByJoinAsSub -> JoinLogs",
                                                      "ByIf -> Logs", "ByIfAbove -> Logs2"});
}

TEST_CASE("StateMachineRole and StateMachineLogGroup, for Step Functions and SAM") {
  LoadedGraph g(R"(Resources:
  Role:
    Type: AWS::IAM::Role
  Logs:
    Type: AWS::Logs::LogGroup
    Properties: {LogGroupName: /aws/vendedlogs/states/flow}
  Flow:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: !GetAtt Role.Arn
      LoggingConfiguration:
        Destinations:
          - CloudWatchLogsLogGroup: {LogGroupArn: !GetAtt Logs.Arn}
  SamFlow:
    Type: AWS::Serverless::StateMachine
    Properties:
      Role: !GetAtt Role.Arn
      Logging:
        Destinations:
          - CloudWatchLogsLogGroup:
              LogGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/flow:*"
)");
  CHECK(g.edges(EdgeKind::StateMachineRole) == Strings{"Flow -> Role", "SamFlow -> Role"});
  CHECK(g.edges(EdgeKind::StateMachineLogGroup) == Strings{"Flow -> Logs", "SamFlow -> Logs"});
  CHECK(g.paths(EdgeKind::StateMachineLogGroup)[0] ==
        "Resources.Flow.Properties.LoggingConfiguration.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn");
}
