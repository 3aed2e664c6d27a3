// The Evaluator on inline templates: parameters, Ref, Fn::If, conditions and scenarios.
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <string_view>

#include "eval/evaluator.h"
#include "eval/intrinsics.h"
#include "model/loader.h"
#include "model/template.h"

namespace cfn {
namespace {

Template parse(std::string_view yaml) {
  Document document = load_yaml(std::make_shared<SourceFile>("test.yaml", std::string(yaml)));
  for (const Diagnostic& diagnostic : document.diagnostics) INFO(diagnostic.message);
  REQUIRE(document.root);
  REQUIRE(document.diagnostics.empty());
  return Template::build(std::move(document));
}

// Values compared as compact JSON: short, exact and readable in a failure.
std::string json(const Value& value) { return intrinsics::to_json_string(value); }
std::string json(const Value* value) { return value ? json(*value) : "<none>"; }

const Resource& resource(const Template& tmpl, std::string_view logical_id) {
  const Resource* found = tmpl.resource(logical_id);
  REQUIRE(found);
  return *found;
}

// The resolved Properties of a resource without assumptions.
std::string resolved_properties(const Template& tmpl, std::string_view logical_id,
                                ParameterValues parameters = {}) {
  Evaluator evaluator(tmpl, std::move(parameters));
  return json(evaluator.resolve(*resource(tmpl, logical_id).properties));
}

constexpr std::string_view kVersioningTemplate = R"(
Parameters:
  VersioningStatus:
    Type: String
    Default: Suspended
  NoDefault:
    Type: String
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration:
        Status: !Ref VersioningStatus
      BucketName: !Ref NoDefault
)";

TEST_CASE("Ref to a parameter takes its default and keeps the Ref's range") {
  Template tmpl = parse(kVersioningTemplate);
  Evaluator evaluator(tmpl);
  const Value& properties = *resource(tmpl, "Bucket").properties;
  Value resolved = evaluator.resolve(properties);
  const Value* status = resolved.find("VersioningConfiguration")->find("Status");
  REQUIRE(status);
  CHECK(status->text() == "Suspended");
  CHECK(status->intrinsic() == nullptr);
  CHECK(status->range() == properties.find("VersioningConfiguration")->find("Status")->range());
  CHECK(status->range().begin.line == 13);
}

TEST_CASE("--parameter overrides a parameter's default") {
  Template tmpl = parse(kVersioningTemplate);
  CHECK(resolved_properties(tmpl, "Bucket", {{{"VersioningStatus", "Enabled"}}}) ==
        R"({"VersioningConfiguration":{"Status":"Enabled"},"BucketName":{"Ref":"NoDefault"}})");
}

TEST_CASE("Ref to a parameter without default or value stays in place (unknown)") {
  Template tmpl = parse(kVersioningTemplate);
  Evaluator evaluator(tmpl);
  Value resolved = evaluator.resolve(*resource(tmpl, "Bucket").properties);
  const Value* name = resolved.find("BucketName");
  REQUIRE(name);
  REQUIRE(name->intrinsic());
  CHECK(name->intrinsic()->key == "Ref");
  CHECK(is_unknown(*name));
  CHECK(resolved_properties(tmpl, "Bucket", {{{"NoDefault", "logs"}}}) ==
        R"({"VersioningConfiguration":{"Status":"Suspended"},"BucketName":"logs"})");
}

TEST_CASE("Ref to list parameters, pseudo parameters, resources and SSM parameters") {
  Template tmpl = parse(R"(
Parameters:
  Subnets: {Type: "List<AWS::EC2::Subnet::Id>", Default: "subnet-1, subnet-2"}
  Names: {Type: CommaDelimitedList, Default: "a,b,c"}
  FromSsm: {Type: "AWS::SSM::Parameter::Value<String>", Default: /config/kms-key}
Resources:
  Queue: {Type: AWS::SQS::Queue}
  Thing:
    Type: Test::Thing
    Properties:
      Subnets: !Ref Subnets
      Names: !Ref Names
      Region: !Ref AWS::Region
      Account: !Ref AWS::AccountId
      Queue: !Ref Queue
      Key: !Ref FromSsm
)");
  CHECK(resolved_properties(tmpl, "Thing", {{{"AWS::Region", "eu-west-1"}}}) ==
        R"({"Subnets":["subnet-1","subnet-2"],"Names":["a","b","c"],"Region":"eu-west-1",)"
        R"("Account":{"Ref":"AWS::AccountId"},"Queue":{"Ref":"Queue"},"Key":{"Ref":"FromSsm"}})");
}

TEST_CASE("Ref AWS::NoValue removes a mapping entry and a list item") {
  Template tmpl = parse(R"(
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Ref AWS::NoValue
      Tags:
        - {Key: a, Value: "1"}
        - !Ref AWS::NoValue
        - {Key: b, Value: "2"}
)");
  CHECK(resolved_properties(tmpl, "Bucket") ==
        R"({"Tags":[{"Key":"a","Value":"1"},{"Key":"b","Value":"2"}]})");
}

constexpr std::string_view kTwoConditions = R"(
Parameters:
  Env: {Type: String}
  Kms: {Type: String}
  Stage: {Type: String, Default: dev}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  UseKms: !Equals [!Ref Kms, "yes"]
  IsStaging: !Equals [!Ref Stage, staging]
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      Versioning: !If [IsStaging, Enabled, Suspended]
      Logging: !If [IsProd, {Target: logs}, !Ref AWS::NoValue]
      Encryption: !If [UseKms, aws:kms, AES256]
  Plain:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: plain
)";

TEST_CASE("Fn::If with a known condition takes its branch") {
  Template tmpl = parse(kTwoConditions);
  Evaluator evaluator(tmpl);
  CHECK(evaluator.condition("IsStaging") == false);
  Value resolved = evaluator.resolve(*resource(tmpl, "Bucket").properties);
  CHECK(json(resolved.find("Versioning")) == R"("Suspended")");
  // The chosen branch keeps its own position in the source.
  CHECK(resolved.find("Versioning")->range().begin.column == 44);
}

TEST_CASE("Fn::If with an unknown condition stays in place with both branches") {
  Template tmpl = parse(kTwoConditions);
  Evaluator evaluator(tmpl);
  CHECK_FALSE(evaluator.condition("IsProd").has_value());
  Value resolved = evaluator.resolve(*resource(tmpl, "Bucket").properties);
  CHECK(json(resolved.find("Logging")) ==
        R"({"Fn::If":["IsProd",{"Target":"logs"},{"Ref":"AWS::NoValue"}]})");
  // An assumption decides it.
  Value assumed = evaluator.resolve(*resource(tmpl, "Bucket").properties, {{"IsProd", false}});
  CHECK(assumed.find("Logging") == nullptr);
}

TEST_CASE("scenarios: two unknown conditions give four variants") {
  Template tmpl = parse(kTwoConditions);
  Evaluator evaluator(tmpl);
  std::vector<Scenario> scenarios = evaluator.scenarios(resource(tmpl, "Bucket"));
  REQUIRE(scenarios.size() == 4);
  std::vector<std::string> seen;
  for (const Scenario& scenario : scenarios) {
    REQUIRE(scenario.owned);
    CHECK(scenario.properties == scenario.owned.get());
    seen.push_back(describe(scenario.assumptions) + " -> " + json(scenario.properties));
  }
  CHECK(seen == std::vector<std::string>{
                    R"(when IsProd is true and UseKms is true -> {"Versioning":"Suspended","Logging":{"Target":"logs"},"Encryption":"aws:kms"})",
                    R"(when IsProd is true and UseKms is false -> {"Versioning":"Suspended","Logging":{"Target":"logs"},"Encryption":"AES256"})",
                    R"(when IsProd is false and UseKms is true -> {"Versioning":"Suspended","Encryption":"aws:kms"})",
                    R"(when IsProd is false and UseKms is false -> {"Versioning":"Suspended","Encryption":"AES256"})",
                });
}

TEST_CASE("scenarios: literal properties are not copied") {
  Template tmpl = parse(kTwoConditions);
  Evaluator evaluator(tmpl);
  const Resource& plain = resource(tmpl, "Plain");
  std::vector<Scenario> scenarios = evaluator.scenarios(plain);
  REQUIRE(scenarios.size() == 1);
  CHECK(scenarios[0].properties == plain.properties);
  CHECK_FALSE(scenarios[0].owned);
  CHECK(scenarios[0].assumptions.empty());
}

TEST_CASE("scenarios: properties whose intrinsics all stay unknown are not copied") {
  Template tmpl = parse(R"(
Parameters:
  Env: {Type: String}
  Stage: {Type: String, Default: prod}
Resources:
  Key: {Type: AWS::KMS::Key}
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      KmsMasterKeyId: !GetAtt Key.Arn
      QueueName: !Sub "${Env}-${AWS::Region}-queue"
      Tags:
        - {Key: env, Value: !Ref Env}
        - {Key: fixed, Value: literal}
      RedrivePolicy: {deadLetterTargetArn: !Join ["", [!Ref Key, "-dlq"]]}
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      KmsMasterKeyId: !Ref Key
      TopicName: !Sub "${Stage}-topic"
      Tags: [{Key: env, Value: !Ref Env}]
)");
  Evaluator evaluator(tmpl);
  const Resource& queue = resource(tmpl, "Queue");
  std::vector<Scenario> unchanged = evaluator.scenarios(queue);
  REQUIRE(unchanged.size() == 1);
  CHECK(unchanged[0].properties == queue.properties);
  CHECK_FALSE(unchanged[0].owned);

  // One known value (the Stage default) rewrites the properties: a copy in which only
  // the rewritten entry differs, the rest still as written.
  const Resource& topic = resource(tmpl, "Topic");
  std::vector<Scenario> rewritten = evaluator.scenarios(topic);
  REQUIRE(rewritten.size() == 1);
  REQUIRE(rewritten[0].owned);
  CHECK(rewritten[0].properties == rewritten[0].owned.get());
  CHECK(json(rewritten[0].properties) ==
        R"({"KmsMasterKeyId":{"Ref":"Key"},"TopicName":"prod-topic","Tags":[{"Key":"env","Value":{"Ref":"Env"}}]})");
  const Value* tags = rewritten[0].properties->find("Tags");
  REQUIRE(tags);
  CHECK(tags->is_unchanged_copy_of(*topic.properties->find("Tags")));  // shared, not copied
  CHECK_FALSE(rewritten[0].properties->find("TopicName")->is_unchanged_copy_of(*topic.properties->find("TopicName")));
}

TEST_CASE("scenarios: the resource's own Condition is assumed true") {
  Template tmpl = parse(R"(
Parameters:
  Env: {Type: String}
  Mode: {Type: String, Default: off}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  IsOn: !Equals [!Ref Mode, on]
Resources:
  ProdOnly:
    Type: AWS::S3::Bucket
    Condition: IsProd
    Properties:
      Versioning: !If [IsProd, Enabled, Suspended]
      Retain: !If [IsDev, short, long]
  Never:
    Type: AWS::S3::Bucket
    Condition: IsOn
    Properties:
      Versioning: !If [IsProd, Enabled, Suspended]
  LiteralProd:
    Type: AWS::S3::Bucket
    Condition: IsProd
    Properties:
      Versioning: Enabled
)");
  Evaluator evaluator(tmpl);
  std::vector<Scenario> scenarios = evaluator.scenarios(resource(tmpl, "ProdOnly"));
  REQUIRE(scenarios.size() == 1);
  CHECK(describe(scenarios[0].assumptions) == "when IsProd is true");
  CHECK(json(scenarios[0].properties) == R"({"Versioning":"Enabled","Retain":"long"})");

  CHECK(evaluator.scenarios(resource(tmpl, "Never")).empty());  // never created

  std::vector<Scenario> literal = evaluator.scenarios(resource(tmpl, "LiteralProd"));
  REQUIRE(literal.size() == 1);
  CHECK(literal[0].properties == resource(tmpl, "LiteralProd").properties);
  CHECK(describe(literal[0].assumptions) == "when IsProd is true");
}

TEST_CASE("scenarios: nested Fn::If splits only where the branch is taken") {
  Template tmpl = parse(R"(
Parameters:
  A: {Type: String}
  B: {Type: String}
Conditions:
  CondA: !Equals [!Ref A, "1"]
  CondB: !Equals [!Ref B, "1"]
Resources:
  Thing:
    Type: Test::Thing
    Properties:
      Value: !If [CondA, !If [CondB, both, only-a], neither]
)");
  Evaluator evaluator(tmpl);
  std::vector<std::string> seen;
  for (const Scenario& scenario : evaluator.scenarios(resource(tmpl, "Thing"))) {
    seen.push_back(describe(scenario.assumptions) + " -> " + json(scenario.properties));
  }
  CHECK(seen == std::vector<std::string>{
                    R"(when CondA is true and CondB is true -> {"Value":"both"})",
                    R"(when CondA is true and CondB is false -> {"Value":"only-a"})",
                    R"(when CondA is false -> {"Value":"neither"})",
                });
}

TEST_CASE("scenarios: implied conditions stay consistent") {
  Template tmpl = parse(R"(
Parameters:
  Env: {Type: String}
  Kms: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Equals [!Ref Env, dev]
  UseKms: !Equals [!Ref Kms, "yes"]
  ProdWithKms: !And [!Condition IsProd, !Condition UseKms]
Resources:
  Thing:
    Type: Test::Thing
    Properties:
      Encrypted: !If [ProdWithKms, kms, other]
      Tier: !If [IsProd, gold, silver]
      Name: !Sub "${Env}-thing"
  ByEnvironment:
    Type: Test::Thing
    Properties:
      Prod: !If [IsProd, "yes", "no"]
      Dev: !If [IsDev, "yes", "no"]
      Name: !Sub "${Env}-thing"
)");
  Evaluator evaluator(tmpl);
  std::vector<std::string> seen;
  for (const Scenario& scenario : evaluator.scenarios(resource(tmpl, "Thing"))) {
    seen.push_back(describe(scenario.assumptions) + " -> " + json(scenario.properties));
  }
  // ProdWithKms true implies IsProd true (and Env = prod): never "ProdWithKms and not IsProd".
  CHECK(seen == std::vector<std::string>{
                    R"(when ProdWithKms is true -> {"Encrypted":"kms","Tier":"gold","Name":"prod-thing"})",
                    R"(when IsProd is true and ProdWithKms is false -> {"Encrypted":"other","Tier":"gold","Name":"prod-thing"})",
                    R"(when IsProd is false and ProdWithKms is false -> {"Encrypted":"other","Tier":"silver","Name":{"Fn::Sub":"${Env}-thing"}})",
                });

  seen.clear();
  for (const Scenario& scenario : evaluator.scenarios(resource(tmpl, "ByEnvironment"))) {
    seen.push_back(describe(scenario.assumptions) + " -> " + json(scenario.properties));
  }
  // Env = prod rules out Env = dev: three variants, not four.
  CHECK(seen == std::vector<std::string>{
                    R"(when IsProd is true -> {"Prod":"yes","Dev":"no","Name":"prod-thing"})",
                    R"(when IsDev is true and IsProd is false -> {"Prod":"no","Dev":"yes","Name":"dev-thing"})",
                    R"(when IsDev is false and IsProd is false -> {"Prod":"no","Dev":"no","Name":{"Fn::Sub":"${Env}-thing"}})",
                });
}

TEST_CASE("scenarios: whole Properties under Fn::If, and an Fn::If inside a function") {
  Template tmpl = parse(R"(
Parameters:
  Env: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Whole:
    Type: Test::Thing
    Properties: !If [IsProd, {Tier: gold}, !Ref AWS::NoValue]
  Inside:
    Type: Test::Thing
    Properties:
      Name: !Join ["-", [app, !If [IsProd, live, test]]]
      Other: !Sub ["${X}", {X: !Ref AWS::NoValue}]
)");
  Evaluator evaluator(tmpl);
  std::vector<std::string> seen;
  for (const char* id : {"Whole", "Inside"}) {
    for (const Scenario& scenario : evaluator.scenarios(resource(tmpl, id))) {
      seen.push_back(describe(scenario.assumptions) + " -> " + json(scenario.properties));
    }
  }
  CHECK(seen == std::vector<std::string>{
                    R"(when IsProd is true -> {"Tier":"gold"})",
                    R"(when IsProd is false -> <none>)",
                    R"(when IsProd is true -> {"Name":"app-live","Other":{"Fn::Sub":["${X}",{}]}})",
                    R"(when IsProd is false -> {"Name":"app-test","Other":{"Fn::Sub":["${X}",{}]}})",
                });
}

TEST_CASE("scenarios: at most four conditions split; the rest stay unknown") {
  std::string yaml = "Parameters:\n  P: {Type: String}\nConditions:\n";
  for (int i = 0; i < 6; ++i) {
    yaml += "  C" + std::to_string(i) + ": !Equals [!Ref P, v" + std::to_string(i) + "]\n";
  }
  yaml += "Resources:\n  Thing:\n    Type: Test::Thing\n    Properties:\n";
  for (int i = 0; i < 6; ++i) {
    yaml += "      K" + std::to_string(i) + ": !If [C" + std::to_string(i) + ", a, b]\n";
  }
  Template tmpl = parse(yaml);
  Evaluator evaluator(tmpl);
  std::vector<Scenario> scenarios = evaluator.scenarios(resource(tmpl, "Thing"));
  // Each Ci binds P, so Ci true decides all the others: the splits go C0, C1, C2, C3.
  REQUIRE(scenarios.size() == 5);
  const Scenario& last = scenarios.back();
  CHECK(describe(last.assumptions) == "when C0 is false, C1 is false, C2 is false and C3 is false");
  CHECK(json(last.properties->find("K4")) == R"({"Fn::If":["C4","a","b"]})");
}

TEST_CASE("scenarios: independent conditions stop at sixteen variants") {
  std::string yaml = "Parameters:\n";
  for (int i = 0; i < 6; ++i) yaml += "  P" + std::to_string(i) + ": {Type: String}\n";
  yaml += "Conditions:\n";
  for (int i = 0; i < 6; ++i) {
    yaml += "  C" + std::to_string(i) + ": !Equals [!Ref P" + std::to_string(i) + ", x]\n";
  }
  yaml += "Resources:\n  Thing:\n    Type: Test::Thing\n    Properties:\n";
  for (int i = 0; i < 6; ++i) {
    yaml += "      K" + std::to_string(i) + ": !If [C" + std::to_string(i) + ", a, b]\n";
  }
  Template tmpl = parse(yaml);
  Evaluator evaluator(tmpl);
  std::vector<Scenario> scenarios = evaluator.scenarios(resource(tmpl, "Thing"));
  REQUIRE(scenarios.size() == 16);
  for (const Scenario& scenario : scenarios) {
    CHECK(scenario.assumptions.size() == 4);
    CHECK(is_unknown(*scenario.properties->find("K5")));
  }
}

TEST_CASE("scenarios stay bounded on 60 conditions and 500 resources") {
  std::string yaml = "Parameters:\n";
  for (int i = 0; i < 60; ++i) yaml += "  P" + std::to_string(i) + ": {Type: String}\n";
  yaml += "Conditions:\n";
  for (int i = 0; i < 60; ++i) {
    std::string n = std::to_string(i);
    if (i % 3 == 2) {  // some conditions built from others
      yaml += "  C" + n + ": !And [!Condition C" + std::to_string(i - 1) + ", !Not [!Condition C" +
              std::to_string(i - 2) + "]]\n";
    } else {
      yaml += "  C" + n + ": !Equals [!Ref P" + n + ", on]\n";
    }
  }
  yaml += "Resources:\n";
  for (int r = 0; r < 500; ++r) {
    yaml += "  R" + std::to_string(r) + ":\n    Type: Test::Thing\n";
    if (r % 4 == 0) yaml += "    Condition: C" + std::to_string((r * 7) % 60) + "\n";
    yaml += "    Properties:\n";
    int uses = 2 + r % 2;
    for (int k = 0; k < uses; ++k) {
      std::string condition = std::string("C").append(std::to_string((r * 13 + k * 17) % 60));
      yaml += "      K" + std::to_string(k) + ": !If [" + condition + ", !If [C" +
              std::to_string((r + k) % 60) + ", a, b], !Ref AWS::NoValue]\n";
    }
  }
  Template tmpl = parse(yaml);
  Evaluator evaluator(tmpl);
  size_t total = 0;
  for (const Resource& each : tmpl.resources()) {
    std::vector<Scenario> scenarios = evaluator.scenarios(each);
    CHECK(!scenarios.empty());
    CHECK(scenarios.size() <= 16);
    total += scenarios.size();
  }
  CHECK(total >= 500);
}

TEST_CASE("condition functions: Equals, And, Or, Not, Condition") {
  Template tmpl = parse(R"(
Parameters:
  Env: {Type: String, Default: prod}
  Unknown: {Type: String}
  Count: {Type: Number, Default: 3}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsThree: !Equals [!Ref Count, 3]
  NotProd: !Not [!Condition IsProd]
  Mystery: !Equals [!Ref Unknown, x]
  AndFalse: !And [!Condition Mystery, !Condition NotProd]
  AndUnknown: !And [!Condition Mystery, !Condition IsProd]
  OrTrue: !Or [!Condition Mystery, !Condition IsProd]
  OrUnknown: !Or [!Condition Mystery, !Condition NotProd]
  NotUnknown: !Not [!Condition Mystery]
  EqualsLists: !Equals [[a, b], !Split [",", "a,b"]]
  EqualsRegion: !Equals [!Ref AWS::Region, us-east-1]
Resources:
  Q: {Type: AWS::SQS::Queue}
)");
  Evaluator evaluator(tmpl);
  CHECK(evaluator.condition("IsProd") == true);
  CHECK(evaluator.condition("IsThree") == true);
  CHECK(evaluator.condition("NotProd") == false);
  CHECK_FALSE(evaluator.condition("Mystery").has_value());
  CHECK(evaluator.condition("AndFalse") == false);
  CHECK_FALSE(evaluator.condition("AndUnknown").has_value());
  CHECK(evaluator.condition("OrTrue") == true);
  CHECK_FALSE(evaluator.condition("OrUnknown").has_value());
  CHECK_FALSE(evaluator.condition("NotUnknown").has_value());
  CHECK(evaluator.condition("EqualsLists") == true);
  CHECK_FALSE(evaluator.condition("EqualsRegion").has_value());
  CHECK_FALSE(evaluator.condition("Undefined").has_value());

  Evaluator in_region(tmpl, {{{"AWS::Region", "us-east-1"}}});
  CHECK(in_region.condition("EqualsRegion") == true);
}

TEST_CASE("Equals against a value a parameter's AllowedValues leave out is false") {
  Template tmpl = parse(R"(
Parameters:
  StorageType: {Type: String, AllowedValues: [General Purpose (SSD), Provisioned IOPS]}
  Tier: {Type: String, AllowedValues: [small, large]}
  Free: {Type: String}
Conditions:
  UseIo1: !Equals [!Ref StorageType, io1]
  IsIops: !Equals [Provisioned IOPS, !Ref StorageType]
  IsLarge: !Equals [!Ref Tier, large]
  IsHuge: !Equals [huge, !Ref Tier]
  FreeIsX: !Equals [!Ref Free, x]
  NeverBoth: !And [!Condition IsLarge, !Condition IsHuge]
Resources:
  Q: {Type: AWS::SQS::Queue}
)");
  Evaluator evaluator(tmpl);
  CHECK(evaluator.condition("UseIo1") == false);  // CloudFormation accepts no other value
  CHECK(evaluator.condition("IsHuge") == false);  // either order
  CHECK(evaluator.condition("NeverBoth") == false);
  CHECK_FALSE(evaluator.condition("IsIops").has_value());  // an allowed value: still open
  CHECK_FALSE(evaluator.condition("IsLarge").has_value());
  CHECK_FALSE(evaluator.condition("FreeIsX").has_value());  // no AllowedValues

  Evaluator given(tmpl, {{{"Tier", "large"}}});
  CHECK(given.condition("IsLarge") == true);
}

TEST_CASE("assuming a parameter is none of its AllowedValues is a contradiction") {
  Template tmpl = parse(R"(
Parameters:
  Env: {Type: String, AllowedValues: [dev, prod]}
  Free: {Type: String}
Conditions:
  IsDev: !Equals [!Ref Env, dev]
  IsProd: !Equals [prod, !Ref Env]
  IsOther: !Not [!Or [!Condition IsDev, !Condition IsProd]]
  IsNotDev: !Not [!Condition IsDev]
  FreeIsX: !Equals [!Ref Free, x]
  FreeIsY: !Equals [!Ref Free, y]
Resources:
  Q: {Type: AWS::SQS::Queue}
)");
  Evaluator evaluator(tmpl);
  CHECK_FALSE(evaluator.condition("IsOther").has_value());  // undecided alone
  CHECK_FALSE(evaluator.consistent({{"IsOther", true}}, {}));
  CHECK(evaluator.consistent({{"IsOther", false}}, {}));
  CHECK(evaluator.consistent({{"IsNotDev", true}}, {}));                         // prod is left
  CHECK_FALSE(evaluator.consistent({{"IsNotDev", true}}, {{"IsProd", false}}));  // nothing is
  CHECK_FALSE(evaluator.consistent({{"IsDev", true}}, {{"IsNotDev", true}}));
  CHECK(evaluator.consistent({{"FreeIsX", false}}, {{"FreeIsY", false}}));  // no AllowedValues: z is left
}

TEST_CASE("pseudo parameters nobody gave are those of the commercial partition in Equals") {
  Template tmpl = parse(R"(
Conditions:
  ChinaRegion: !Or [!Equals [!Ref AWS::Region, cn-north-1], !Equals [cn-northwest-1, !Ref AWS::Region]]
  GovRegion: !Equals [!Ref AWS::Region, us-gov-west-1]
  Virginia: !Equals [!Ref AWS::Region, us-east-1]
  AwsPartition: !Equals [!Ref AWS::Partition, aws]
  ChinaPartition: !Equals [aws-cn, !Ref AWS::Partition]
  ChinaSuffix: !Equals [!Ref AWS::URLSuffix, amazonaws.com.cn]
  AccountIsX: !Equals [!Ref AWS::AccountId, "123456789012"]
Resources:
  Q: {Type: AWS::SQS::Queue}
)");
  Evaluator evaluator(tmpl);
  CHECK(evaluator.condition("ChinaRegion") == false);
  CHECK(evaluator.condition("GovRegion") == false);
  CHECK_FALSE(evaluator.condition("Virginia").has_value());  // one commercial region of many
  CHECK(evaluator.condition("AwsPartition") == true);
  CHECK(evaluator.condition("ChinaPartition") == false);
  CHECK(evaluator.condition("ChinaSuffix") == false);
  CHECK_FALSE(evaluator.condition("AccountIsX").has_value());

  Evaluator in_china(tmpl, {{{"AWS::Region", "cn-north-1"}, {"AWS::Partition", "aws-cn"}}});
  CHECK(in_china.condition("ChinaRegion") == true);
  CHECK(in_china.condition("ChinaPartition") == true);
  CHECK(in_china.condition("AwsPartition") == false);

  // One given: the others are not read as commercial (cn-north-1 in partition aws).
  Evaluator region_only(tmpl, {{{"AWS::Region", "cn-north-1"}}});
  CHECK(region_only.condition("ChinaRegion") == true);
  CHECK_FALSE(region_only.condition("ChinaPartition").has_value());
  Evaluator partition_only(tmpl, {{{"AWS::Partition", "aws-us-gov"}}});
  CHECK_FALSE(partition_only.condition("GovRegion").has_value());
}

TEST_CASE("condition cycles are unknown and never hang") {
  std::string yaml = R"(
Parameters:
  Env: {Type: String, Default: prod}
Conditions:
  A: !Condition B
  B: !Not [!Condition A]
  Self: !And [!Condition Self, !Condition Self]
  SafeOr: !Or [!Condition A, !Equals [!Ref Env, prod]]
)";
  // A long chain: deeper than the nesting bound, still answered.
  for (int i = 0; i < 400; ++i) {
    yaml += "  Chain" + std::to_string(i) + ": !Not [!Condition Chain" + std::to_string(i + 1) + "]\n";
  }
  yaml += "  Chain400: !Equals [!Ref Env, prod]\n";
  yaml += R"(Resources:
  Thing:
    Type: Test::Thing
    Properties:
      Value: !If [A, x, y]
      After: !Ref Env
)";
  Template tmpl = parse(yaml);
  Evaluator evaluator(tmpl);
  CHECK_FALSE(evaluator.condition("A").has_value());
  CHECK_FALSE(evaluator.condition("B").has_value());
  CHECK_FALSE(evaluator.condition("Self").has_value());
  CHECK(evaluator.condition("SafeOr") == true);  // true whatever A is
  CHECK(evaluator.condition("Chain399") == false);
  auto deep = evaluator.condition("Chain0");  // bounded: known or unknown, never wrong
  if (deep) CHECK(*deep == true);
  // A = B = not A: neither value is consistent, so A stays unknown in one variant.
  std::vector<Scenario> scenarios = evaluator.scenarios(resource(tmpl, "Thing"));
  REQUIRE(scenarios.size() == 1);
  CHECK(scenarios[0].assumptions.empty());
  CHECK(is_unknown(*scenarios[0].properties->find("Value")));
  // ...and the rest of the properties are still resolved (the split's probe stopped at A).
  CHECK(scenarios[0].properties->find("After")->text() == "prod");
}

TEST_CASE("resolution stops after its step budget and leaves the rest unknown") {
  Template tmpl = parse("Parameters:\n  P: {Type: String, Default: v}\nResources:\n  Q: {Type: AWS::SQS::Queue}\n");
  Evaluator evaluator(tmpl);
  Value list = Value::sequence();
  for (size_t i = 0; i < Evaluator::kStepLimit + 10; ++i) {
    Value ref = Value::mapping();
    ref.entries().push_back(Value::Entry{"Ref", {}, Value::scalar("P", false)});
    list.items().push_back(std::move(ref));
  }
  Value resolved = evaluator.resolve(list);
  REQUIRE(resolved.items().size() == list.items().size());
  CHECK(resolved.items().front().text() == "v");
  CHECK(is_unknown(resolved.items().back()));
  // Running out is recorded once, at the value where it happened (this list has no range).
  REQUIRE(evaluator.diagnostics().size() == 1);
  CHECK(evaluator.diagnostics().front().rule_id == "template-limit-exceeded");
  CHECK(evaluator.diagnostics().front().message ==
        "Evaluating this value took more than 100000 steps; the rest was left unresolved and not checked.");
}

TEST_CASE("the step budget is configurable, per resolution, and names the resource") {
  Template tmpl = parse(R"(
Parameters:
  P: {Type: String, Default: a}
Conditions:
  Big: !Equals [!Join ["", [!Ref P, !Ref P, !Ref P, !Ref P, !Ref P]], aaaaa]
Resources:
  Q:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Ref AWS::StackName
      Tags: [{Key: a, Value: !Ref P}, {Key: c, Value: !Ref P}, {Key: e, Value: !Ref P}]
)");
  Evaluator evaluator(tmpl, {}, EvalLimits{6});
  CHECK(evaluator.diagnostics().empty());
  std::vector<Scenario> scenarios = evaluator.scenarios(resource(tmpl, "Q"));
  REQUIRE(scenarios.size() == 1);
  // The first tag is resolved; past the budget the rest is copied as written.
  CHECK(json(scenarios[0].properties->find("Tags")) ==
        R"([{"Key":"a","Value":"a"},{"Key":"c","Value":{"Ref":"P"}},{"Key":"e","Value":{"Ref":"P"}}])");
  std::vector<Diagnostic> diagnostics = evaluator.diagnostics();
  REQUIRE(diagnostics.size() == 1);
  const Diagnostic& diagnostic = diagnostics.front();
  CHECK(diagnostic.logical_id == "Q");
  CHECK(diagnostic.property_path == "Resources.Q.Properties");
  // Steps: Properties, the Ref, Tags, the first tag, its Ref, the second tag; the 7th is
  // the second tag's Ref (literal keys are copied whole, for no step).
  CHECK(diagnostic.range.begin == Position{11, 55});
  CHECK(diagnostic.message ==
        "Evaluating the properties of Q took more than 6 steps; the rest was left unresolved and not checked.");
  // A second resolution of the same resource has its own budget and the same place: one record.
  evaluator.scenarios(resource(tmpl, "Q"));
  CHECK(evaluator.diagnostics().size() == 1);
  // Past the budget, values are copied as written: literals stay known, intrinsics do not.
  // A condition whose Refs are left unresolved is unknown, and recorded where it stopped.
  CHECK(evaluator.condition("Big") == std::nullopt);
  CHECK(evaluator.diagnostics().size() == 2);
  CHECK(Evaluator(tmpl).condition("Big") == true);
}

TEST_CASE("describe names the assumptions") {
  CHECK(describe({}).empty());
  CHECK(describe({{"IsProd", false}}) == "when IsProd is false");
  CHECK(describe({{"IsProd", false}, {"UseKms", true}}) == "when IsProd is false and UseKms is true");
  CHECK(describe({{"A", true}, {"B", false}, {"C", true}}) == "when A is true, B is false and C is true");
}

TEST_CASE("dynamic references are recognised and unknown") {
  CHECK(is_dynamic_reference("{{resolve:ssm:/app/flag}}"));
  CHECK(is_dynamic_reference("{{resolve:ssm:/app/flag:3}}"));
  CHECK(is_dynamic_reference("prefix-{{resolve:secretsmanager:MySecret:SecretString:password}}"));
  CHECK(is_dynamic_reference("{{resolve:ssm-secure:/db/password:1}}"));
  CHECK_FALSE(is_dynamic_reference("{{resolve:s3:bucket}}"));
  CHECK_FALSE(is_dynamic_reference("{{resolve:ssm:unterminated"));
  CHECK_FALSE(is_dynamic_reference("plain text"));
  CHECK(is_secret_dynamic_reference("{{resolve:secretsmanager:MySecret}}"));
  CHECK(is_secret_dynamic_reference("{{resolve:ssm-secure:/db/password:1}}"));
  CHECK_FALSE(is_secret_dynamic_reference("{{resolve:ssm:/app/flag}}"));
  CHECK(is_unknown(Value::scalar("{{resolve:ssm:/app/flag}}", true)));
  CHECK_FALSE(is_unknown(Value::scalar("true", false)));
}

TEST_CASE("a value that can be only one thing is known: one AllowedValue, a map that agrees") {
  Template tmpl = parse(R"(
Parameters:
  Env: {Type: String, AllowedValues: [dev, prod]}
  Only: {Type: String, AllowedValues: ["false"]}
  Two: {Type: String, AllowedValues: ["false", "no"]}
  Given: {Type: String, AllowedValues: ["x"], Default: "x"}
Mappings:
  Same: {dev: {Flag: "false", Size: "1"}, prod: {Flag: "false", Size: "2"}}
  Keyed: {dev: {A: "on", B: "on"}}
Resources:
  Q:
    Type: AWS::SQS::Queue
    Properties:
      ByEnv: !FindInMap [Same, !Ref Env, Flag]
      Differs: !FindInMap [Same, !Ref Env, Size]
      BySecondKey: !FindInMap [Keyed, dev, !Ref Env]
      WithDefault: !FindInMap [Same, !Ref Env, Flag, {DefaultValue: "true"}]
      OnlyValue: !Ref Only
      TwoValues: !Ref Two
)");
  Evaluator evaluator(tmpl);
  Value resolved = evaluator.resolve(*tmpl.resources()[0].properties, {});
  CHECK(resolved.find("ByEnv")->text() == "false");
  CHECK(is_unknown(*resolved.find("Differs")));
  CHECK(resolved.find("BySecondKey")->text() == "on");
  CHECK(is_unknown(*resolved.find("WithDefault")));  // the DefaultValue differs
  CHECK(resolved.find("OnlyValue")->text() == "false");
  CHECK(is_unknown(*resolved.find("TwoValues")));
}

}  // namespace
}  // namespace cfn
