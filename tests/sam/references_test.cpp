// SAM's referenceable properties (src/sam/references.cpp): `MyFunction.Alias` and the like
// in Ref, Fn::GetAtt and Fn::Sub name the resources the SAM step generates.
#include "sam/references.h"

#include <catch2/catch.hpp>

#include "model/loader.h"
#include "model/value.h"
#include "sam/expand.h"

using namespace cfn;

namespace {

constexpr const char* kTemplate = R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: s3://bucket/key
      AutoPublishAlias: live
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
  Permission:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref Fn.Alias
      Principal: !GetAtt [Fn.Version, Version]
      SourceArn: !Sub "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/${Api.Stage}/*"
      SourceAccount: !Sub ["${Account}-${!Fn.Alias}-${Fn.Unknown}", {Account: !GetAtt Fn.Alias.Arn}]
Outputs:
  Stage:
    Value: !Ref Api.Stage
)";

const Value& property(const Document& document, std::string_view name) {
  const Value* value = document.root->find("Resources")->find("Permission")->find("Properties")->find(name);
  REQUIRE(value);
  return *value;
}

}  // namespace

TEST_CASE("a generated resource stands for its SAM resource's referenceable property", "[sam]") {
  CHECK(sam::referenceable_property("Function", "AWS::Lambda::Alias") == "Alias");
  CHECK(sam::referenceable_property("Function", "AWS::Lambda::Version") == "Version");
  CHECK(sam::referenceable_property("Api", "AWS::ApiGateway::Stage") == "Stage");
  CHECK(sam::referenceable_property("HttpApi", "AWS::ApiGatewayV2::Stage") == "Stage");
  CHECK(sam::referenceable_property("Api", "AWS::ApiGatewayV2::Stage").empty());
  CHECK(sam::referenceable_property("Function", "AWS::IAM::Role").empty());
}

TEST_CASE("Ref, Fn::GetAtt and Fn::Sub of a referenceable property name the generated resource", "[sam]") {
  Document document = expand_sam(load_yaml(std::make_shared<SourceFile>("t.yaml", kTemplate)));
  REQUIRE(document.root);
  CHECK(property(document, "FunctionName").find("Ref")->text() == "FnAliaslive");
  const Value& version = *property(document, "Principal").find("Fn::GetAtt");
  CHECK(version.items()[0].text().starts_with("FnVersion"));
  CHECK(version.items()[1].text() == "Version");
  CHECK(property(document, "SourceArn").find("Fn::Sub")->text() ==
        "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/${ApiprodStage}/*");
  // The literal escape and a property SAM does not define are left as written; a Sub's
  // own variables are resolved like any other value.
  const Value& sub = *property(document, "SourceAccount").find("Fn::Sub");
  CHECK(sub.items()[0].text() == "${Account}-${!Fn.Alias}-${Fn.Unknown}");
  const Value& alias_arn = *sub.items()[1].find("Account")->find("Fn::GetAtt");
  REQUIRE(alias_arn.items().size() == 2);
  CHECK(alias_arn.items()[0].text() == "FnAliaslive");
  CHECK(alias_arn.items()[1].text() == "Arn");
  // The reference keeps its place in the file.
  CHECK(property(document, "FunctionName").find("Ref")->range().begin.line == 18);
  CHECK(document.root->find("Outputs")->find("Stage")->find("Value")->find("Ref")->text() == "ApiprodStage");
}

TEST_CASE("a referenceable property written with a JSON escape is resolved too", "[sam]") {
  // The text never spells "Fn.Alias": the walk must not be skipped for its absence.
  const std::string text = R"({"Transform": "AWS::Serverless-2016-10-31", "Resources": {
    "Fn": {"Type": "AWS::Serverless::Function", "Properties": {"Runtime": "python3.12",
      "Handler": "app.handler", "CodeUri": "s3://bucket/key", "AutoPublishAlias": "live"}},
    "Permission": {"Type": "AWS::Lambda::Permission", "Properties": {"Action": "lambda:InvokeFunction",
      "FunctionName": {"Ref": "Fn\u002eAlias"}, "Principal": "sns.amazonaws.com"}}}})";
  Document document = expand_sam(load_json(std::make_shared<SourceFile>("t.json", text)));
  REQUIRE(document.root);
  CHECK(property(document, "FunctionName").find("Ref")->text() == "FnAliaslive");
}
