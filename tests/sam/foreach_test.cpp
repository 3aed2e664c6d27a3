// The Fn::ForEach step (AWS::LanguageExtensions): loops in Resources, Conditions, Outputs
// and resource properties, collections from lists and parameter defaults, key ranges, and
// the annotated fixture.
#include <catch2/catch.hpp>
#include <set>

#include "model/template.h"
#include "policy/engine.h"
#include "sam/foreach.h"
#include "support/fixtures.h"

using namespace cfn;

namespace {

Document expand(const std::string& text) {
  return expand_foreach(load_yaml(std::make_shared<SourceFile>("t.yaml", text)));
}

const Value* resources(const Document& document) { return document.root->find("Resources"); }

std::vector<std::string> keys(const Value* mapping) {
  std::vector<std::string> out;
  if (mapping)
    for (const Value::Entry& entry : mapping->entries()) out.push_back(entry.key);
  return out;
}

size_t invalid_count(const Document& document) {
  size_t count = 0;
  for (const Diagnostic& diagnostic : document.diagnostics)
    count += diagnostic.rule_id == "template-invalid-structure";
  return count;
}

const std::string kHeader = "Transform: AWS::LanguageExtensions\n";

}  // namespace

TEST_CASE("ForEach: without the transform nothing changes", "[foreach]") {
  Document document = expand(
      "Resources:\n"
      "  Fn::ForEach::B:\n"
      "    - N\n"
      "    - [A, B]\n"
      "    - Bucket${N}:\n"
      "        Type: AWS::S3::Bucket\n");
  CHECK(keys(resources(document)) == std::vector<std::string>{"Fn::ForEach::B"});
  CHECK(document.diagnostics.empty());
}

TEST_CASE("ForEach: a literal collection expands resources, keys at the output key", "[foreach]") {
  Document document = expand(
      "Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]\n"
      "Resources:\n"
      "  Before:\n"
      "    Type: AWS::SNS::Topic\n"
      "  Fn::ForEach::Buckets:\n"
      "    - Name\n"
      "    - [Logs, Data]\n"
      "    - Bucket${Name}:\n"
      "        Type: AWS::S3::Bucket\n"
      "        Properties:\n"
      "          BucketName: !Sub 'b-${Name}-${AWS::Region}'\n"
      "          Tags:\n"
      "            - Key: Name\n"
      "              Value: !Ref Name\n"
      "  After:\n"
      "    Type: AWS::SNS::Topic\n");
  REQUIRE(document.diagnostics.empty());
  CHECK(keys(resources(document)) == std::vector<std::string>{"Before", "BucketLogs", "BucketData", "After"});
  const Value::Entry* logs = resources(document)->find_entry("BucketLogs");
  const Value::Entry* data = resources(document)->find_entry("BucketData");
  REQUIRE(logs);
  REQUIRE(data);
  // Generated keys point at the output key `Bucket${Name}:` (line 8, column 7).
  CHECK(logs->key_range.begin == Position{8, 7});
  CHECK(data->key_range == logs->key_range);
  // Values keep their source ranges.
  CHECK(logs->value.find("Type")->range().begin == Position{9, 15});
  const Value* name = logs->value.find("Properties")->find("BucketName")->find("Fn::Sub");
  REQUIRE(name);
  CHECK(name->text() == "b-Logs-${AWS::Region}");
  CHECK(name->range().begin.line == 11);
  CHECK(data->value.find("Properties")->find("BucketName")->find("Fn::Sub")->text() == "b-Data-${AWS::Region}");
  // Ref to the identifier becomes the item, at the Ref's position.
  const Value& tag = data->value.find("Properties")->find("Tags")->items()[0];
  REQUIRE(tag.find("Value")->is_scalar());
  CHECK(tag.find("Value")->text() == "Data");
  CHECK(tag.find("Value")->range().begin.line == 14);
  // The template stage sees the generated resources.
  Template tmpl = Template::build(std::move(document));
  REQUIRE(tmpl.resource("BucketData"));
  CHECK(tmpl.resource("BucketData")->type == "AWS::S3::Bucket");
  CHECK(tmpl.resource("BucketData")->key_range.begin == Position{8, 7});
}

TEST_CASE("ForEach: a CommaDelimitedList parameter's default is the collection; &{} strips", "[foreach]") {
  Document document = expand(kHeader +
      "Parameters:\n"
      "  Teams:\n"
      "    Type: CommaDelimitedList\n"
      "    Default: 'billing, data-lake,ops.eu'\n"
      "  Ids:\n"
      "    Type: List<AWS::EC2::Subnet::Id>\n"
      "    Default: subnet-1,subnet-2\n"
      "Resources:\n"
      "  Fn::ForEach::Teams:\n"
      "    - Team\n"
      "    - !Ref Teams\n"
      "    - '&{Team}Queue':\n"
      "        Type: AWS::SQS::Queue\n"
      "        Properties:\n"
      "          QueueName: !Sub '${Team}-&{Team}'\n"
      "  Fn::ForEach::Subnets:\n"
      "    - Subnet\n"
      "    - !Ref Ids\n"
      "    - Sg&{Subnet}:\n"
      "        Type: AWS::EC2::SecurityGroup\n");
  REQUIRE(document.diagnostics.empty());
  CHECK(keys(resources(document)) ==
        std::vector<std::string>{"billingQueue", "datalakeQueue", "opseuQueue", "Sgsubnet1", "Sgsubnet2"});
  // The Sub has nothing left to substitute: AWS::LanguageExtensions leaves its text.
  CHECK(resources(document)->find("datalakeQueue")->find("Properties")->find("QueueName")->text() ==
        "data-lake-datalake");
  CHECK(resources(document)->find_entry("opseuQueue")->key_range.begin == Position{13, 7});
}

TEST_CASE("ForEach: nested loops expand in both identifiers", "[foreach]") {
  Document document = expand(kHeader +
      "Resources:\n"
      "  Fn::ForEach::Outer:\n"
      "    - Region\n"
      "    - [East, West]\n"
      "    - Fn::ForEach::Inner:\n"
      "        - Tier\n"
      "        - [Hot, Cold]\n"
      "        - ${Region}${Tier}Bucket:\n"
      "            Type: AWS::S3::Bucket\n"
      "            Properties:\n"
      "              BucketName: !Sub '${Region}-${Tier}'\n");
  REQUIRE(document.diagnostics.empty());
  CHECK(keys(resources(document)) ==
        std::vector<std::string>{"EastHotBucket", "EastColdBucket", "WestHotBucket", "WestColdBucket"});
  const Value::Entry* entry = resources(document)->find_entry("WestColdBucket");
  CHECK(entry->key_range.begin == Position{9, 11});
  CHECK(entry->value.find("Properties")->find("BucketName")->text() == "West-Cold");  // nothing left to Sub
}

TEST_CASE("ForEach: Conditions, Outputs and resource properties", "[foreach]") {
  Document document = expand(kHeader +
      "Conditions:\n"
      "  Fn::ForEach::Envs:\n"
      "    - Env\n"
      "    - [Dev, Prod]\n"
      "    - Is${Env}: !Equals [!Ref AWS::Region, !Ref Env]\n"
      "Resources:\n"
      "  Table:\n"
      "    Type: AWS::DynamoDB::Table\n"
      "    Properties:\n"
      "      Fn::ForEach::Flags:\n"
      "        - Flag\n"
      "        - [DeletionProtectionEnabled]\n"
      "        - ${Flag}: true\n"
      "      Nested:\n"
      "        Fn::ForEach::Deep:\n"
      "          - K\n"
      "          - [a, b]\n"
      "          - Key${K}: ${K}\n"
      "Outputs:\n"
      "  Fn::ForEach::Out:\n"
      "    - Env\n"
      "    - [Dev]\n"
      "    - ${Env}Name:\n"
      "        Value: !Ref Env\n");
  REQUIRE(document.diagnostics.empty());
  const Value* conditions = document.root->find("Conditions");
  CHECK(keys(conditions) == std::vector<std::string>{"IsDev", "IsProd"});
  CHECK(conditions->find("IsProd")->find("Fn::Equals")->items()[1].text() == "Prod");
  const Value* properties = resources(document)->find("Table")->find("Properties");
  CHECK(properties->find("DeletionProtectionEnabled")->as_bool() == true);
  CHECK(keys(properties->find("Nested")) == std::vector<std::string>{"Keya", "Keyb"});
  CHECK(properties->find("Nested")->find("Keyb")->text() == "b");
  CHECK(document.root->find("Outputs")->find("DevName")->find("Value")->text() == "Dev");
}

TEST_CASE("ForEach: an unknown collection expands once, for a stand-in item", "[foreach]") {
  Document document = expand(kHeader +
      "Parameters:\n"
      "  Names:\n"
      "    Type: CommaDelimitedList\n"
      "Resources:\n"
      "  Fn::ForEach::NoDefault:\n"
      "    - N\n"
      "    - !Ref Names\n"
      "    - B${N}:\n"
      "        Type: AWS::S3::Bucket\n"
      "        Properties:\n"
      "          BucketName: !Ref N\n"
      "          Tags: [{Key: name, Value: !Sub 'logs-${N}-&{N}'}]\n"
      "          Encrypted: '${N}'\n"
      "          Prefix: 'logs/${N}/${Literal}'\n"
      "          Switched: !If ['Use${N}', a, b]\n"
      "          Target: !GetAtt B${N}.Arn\n"
      "          Arn: !Sub '${B${N}.Arn}'\n"
      "        DependsOn: B${N}\n"
      "  Fn::ForEach::Split:\n"
      "    - N\n"
      "    - !Split [',', !ImportValue names]\n"
      "    - C${N}:\n"
      "        Type: AWS::S3::Bucket\n");
  CHECK(document.diagnostics.empty());
  CHECK(keys(resources(document)) == std::vector<std::string>{"B{N}", "C{N}"});
  const Value* properties = resources(document)->find("B{N}")->find("Properties");
  // A Ref to the identifier is the collection's first item: a value no rule judges.
  const Value* name = properties->find("BucketName");
  REQUIRE(name->find("Fn::Select"));
  CHECK(name->find("Fn::Select")->items()[1].find("Ref")->text() == "Names");
  CHECK(name->range().begin == Position{12, 23});
  // In a value, the item is unknown too, never the text "{N}": a Sub binds ${N} to it in
  // its own variable map; a plain string becomes such a Sub, its other "${" escaped.
  const Value* sub = properties->find("Tags")->items()[0].find("Value")->find("Fn::Sub");
  REQUIRE(sub);
  REQUIRE(sub->items().size() == 2);
  CHECK(sub->items()[0].text() == "logs-${N}-{N}");
  CHECK(sub->items()[1].find("N")->find("Fn::Select"));
  CHECK(properties->find("Encrypted")->find("Fn::Select"));
  const Value* prefix = properties->find("Prefix")->find("Fn::Sub");
  REQUIRE(prefix);
  REQUIRE(prefix->items().size() == 2);
  CHECK(prefix->items()[0].text() == "logs/${N}/${!Literal}");
  CHECK(prefix->items()[1].find("N")->find("Fn::Select"));
  // An Fn::If names a condition: its first argument keeps the stand-in.
  CHECK(properties->find("Switched")->find("Fn::If")->items()[0].text() == "Use{N}");
  // Names of the loop's own resources keep the stand-in, so references still meet them.
  CHECK(properties->find("Target")->find("Fn::GetAtt")->items()[0].text() == "B{N}");
  CHECK(properties->find("Arn")->find("Fn::Sub")->text() == "${B{N}.Arn}");
  CHECK(resources(document)->find("B{N}")->find("DependsOn")->text() == "B{N}");
}

TEST_CASE("ForEach: a list found in Mappings, or given to the scan for a parameter", "[foreach]") {
  const std::string text = kHeader +
      "Parameters:\n"
      "  Names:\n"
      "    Type: CommaDelimitedList\n"
      "Mappings:\n"
      "  Queues:\n"
      "    prod: {Names: [Orders, Refunds]}\n"
      "Resources:\n"
      "  Fn::ForEach::Mapped:\n"
      "    - Q\n"
      "    - !FindInMap [Queues, prod, Names]\n"
      "    - Q${Q}:\n"
      "        Type: AWS::SQS::Queue\n"
      "  Fn::ForEach::Given:\n"
      "    - N\n"
      "    - !Ref Names\n"
      "    - B${N}:\n"
      "        Type: AWS::S3::Bucket\n";
  ParameterValues given;
  given.values["Names"] = "logs, data";
  Document document = expand_foreach(load_yaml(std::make_shared<SourceFile>("t.yaml", text)), given);
  CHECK(document.diagnostics.empty());
  CHECK(keys(resources(document)) == std::vector<std::string>{"QOrders", "QRefunds", "Blogs", "Bdata"});
}

TEST_CASE("ForEach: a loop of the wrong shape is reported at its key and left as is", "[foreach]") {
  auto check_invalid = [](const std::string& loop) {
    INFO(loop);
    Document document = expand(kHeader + "Resources:\n  Fn::ForEach::Bad:\n" + loop +
                               "  Fn::ForEach::Good:\n    - N\n    - [A]\n    - X${N}:\n        Type: AWS::SNS::Topic\n");
    REQUIRE(invalid_count(document) == 1);
    CHECK(document.diagnostics[0].range.begin == Position{3, 3});
    CHECK(document.diagnostics[0].logical_id == "Bad");
    CHECK(keys(resources(document)) == std::vector<std::string>{"Fn::ForEach::Bad", "XA"});
  };
  check_invalid("    - N\n    - [A]\n");                                          // two items
  check_invalid("    Type: AWS::S3::Bucket\n");                                  // not a list
  check_invalid("    - {N: M}\n    - [A]\n    - B${N}: {}\n");                  // identifier not a string
  check_invalid("    - [N, [M]]\n    - [A]\n    - B${N}: {}\n");                // nor a list of strings
  check_invalid("    - N\n    - A\n    - B${N}: {}\n");                          // collection a scalar
  check_invalid("    - N\n    - [A]\n    - [B]\n");                              // fragment not a mapping
  check_invalid("    - N\n    - [A, B]\n    - Bucket:\n        Type: AWS::SNS::Topic\n");  // no ${N} in key
}

TEST_CASE("ForEach: several identifiers take a list item's elements, or a mapping's key and value", "[foreach]") {
  Document document = expand(kHeader +
                             "Parameters:\n  IdName:\n    Type: String\n    Default: Env\n"
                             "Resources:\n"
                             "  Fn::ForEach::Queues:\n    - [Name, Delay]\n    - [[Orders, 0], [Invoices, 5]]\n"
                             "    - Queue${Name}:\n        Type: AWS::SQS::Queue\n"
                             "        Properties: {DelaySeconds: !Ref Delay}\n"
                             "  Fn::ForEach::Topics:\n    - [Name, Display]\n    - {Alerts: Alerts topic, Audit: Audit topic}\n"
                             "    - Topic${Name}:\n        Type: AWS::SNS::Topic\n"
                             "        Properties: {DisplayName: !Ref Display}\n"
                             "  Fn::ForEach::Buckets:\n    - [!Ref IdName, Suffix]\n    - [[Dev, d], [Prod, p]]\n"
                             "    - Bucket${Env}:\n        Type: AWS::S3::Bucket\n"
                             "        Properties: {BucketName: !Sub 'logs-${Suffix}'}\n"
                             "  Fn::ForEach::Odd:\n    - [A, B]\n    - [[x, 1], [y]]\n"
                             "    - Odd${A}:\n        Type: AWS::SNS::Topic\n");
  CHECK(invalid_count(document) == 0);
  const Value* all = resources(document);
  CHECK(keys(all) == std::vector<std::string>{"QueueOrders", "QueueInvoices", "TopicAlerts", "TopicAudit",
                                              "BucketDev", "BucketProd", "Odd{A}"});
  CHECK(all->find("QueueInvoices")->find("Properties")->find("DelaySeconds")->text() == "5");
  CHECK(all->find("TopicAudit")->find("Properties")->find("DisplayName")->text() == "Audit topic");
  const Value* name = all->find("BucketProd")->find("Properties")->find("BucketName");
  CHECK(name->text() == "logs-p");  // the Sub has nothing left to substitute
}

TEST_CASE("ForEach: the generated-entries limit is reported once, however many loops pass it", "[foreach]") {
  std::string items = "[";
  for (int i = 0; i < 50; ++i) items += (i ? ", v" : "v") + std::to_string(i);
  items += "]";
  Document document = expand(kHeader + "Resources:\n  Fn::ForEach::A:\n    - a\n    - " + items +
                             "\n    - Fn::ForEach::B:\n        - b\n        - " + items +
                             "\n        - Fn::ForEach::C:\n            - c\n            - " + items +
                             "\n            - Q${a}${b}${c}:\n                Type: AWS::SQS::Queue\n");
  REQUIRE(invalid_count(document) == 1);  // 50 x 50 x 50 entries: C passes the limit first
  CHECK(document.diagnostics[0].message == "Fn::ForEach loop 'C' generates more than 100000 entries.");
}

TEST_CASE("ForEach: the annotated fixture's generated buckets and findings", "[foreach][fixtures]") {
  const std::string file = "fixtures/s3-bucket-no-encryption/foreach.yaml";
  auto source = std::make_shared<SourceFile>(file, cfn::testing::read_text(cfn::testing::source_dir() + "/" + file));
  Document document = expand_foreach(load_document(source));
  REQUIRE(document.diagnostics.empty());
  CHECK(keys(resources(document)) ==
        std::vector<std::string>{"AccessLogsBucket", "S3BucketUploads", "S3BucketExports", "billingBucket", "datalakeBucket",
                                 "EastHotBucket", "EastColdBucket", "WestHotBucket", "WestColdBucket"});
  CHECK(keys(document.root->find("Outputs")) == std::vector<std::string>{"UploadsBucketName", "ExportsBucketName"});

  Template tmpl = Template::build(std::move(document));
  std::set<cfn::testing::Expectation> found;
  for (const Finding& finding : analyze(tmpl)) found.emplace(finding.range.begin.line, std::string(finding.rule->id));
  auto expected = cfn::testing::read_expectations(file);
  std::string listed;
  for (const auto& [line, rule] : found) listed += std::to_string(line) + " " + rule + "\n";
  INFO("findings:\n" << listed);
  CHECK(found == expected.expect);
  for (const auto& item : expected.ok) CHECK(!found.count(item));
}

TEST_CASE("LanguageExtensions: a Ref or GetAtt of a Sub that spells a name becomes that name", "[foreach]") {
  Document document = expand(kHeader +
                             "Resources:\n"
                             "  Fn::ForEach::Q:\n"
                             "    - N\n"
                             "    - [Orders]\n"
                             "    - ${N}Alarm:\n"
                             "        Type: AWS::CloudWatch::Alarm\n"
                             "        Properties:\n"
                             "          AlarmActions: [!Ref {Fn::Sub: '${N}Topic'}]\n"
                             "          Dimensions:\n"
                             "            - Value: !GetAtt [!Sub '${N}Queue', QueueName]\n"
                             "            - Value: !Ref {Fn::Sub: '${N}-${AWS::Region}'}\n");
  const Value* properties = resources(document)->find("OrdersAlarm")->find("Properties");
  const Value& topic = properties->find("AlarmActions")->items()[0];
  REQUIRE(topic.find("Ref"));
  CHECK(topic.find("Ref")->text() == "OrdersTopic");
  CHECK(topic.find("Ref")->range().begin.line == 9);  // the Sub's text, where the name is written
  const Value& queue = *properties->find("Dimensions")->items()[0].find("Value");
  CHECK(queue.find("Fn::GetAtt")->items()[0].text() == "OrdersQueue");
  // What is left to substitute is for CloudFormation to resolve: the Sub stays.
  const Value& regional = *properties->find("Dimensions")->items()[1].find("Value");
  CHECK(regional.find("Ref")->intrinsic()->key == "Fn::Sub");
}

TEST_CASE("ForEach: a FindInMap collection keyed by a parameter or a given pseudo parameter", "[foreach]") {
  const std::string text = kHeader +
      "Parameters:\n"
      "  Env: {Type: String, Default: prod}\n"
      "  Pair: {Type: CommaDelimitedList, Default: 'a,b'}\n"
      "Mappings:\n"
      "  Queues:\n"
      "    prod: {Names: [Orders, Refunds]}\n"
      "    us-east-1: {Names: [East]}\n"
      "Resources:\n"
      "  Fn::ForEach::ByEnv:\n"
      "    - Q\n"
      "    - !FindInMap [Queues, !Ref Env, Names]\n"
      "    - Q${Q}:\n"
      "        Type: AWS::SQS::Queue\n"
      "  Fn::ForEach::ByRegion:\n"
      "    - R\n"
      "    - !FindInMap [Queues, !Ref AWS::Region, Names]\n"
      "    - R${R}:\n"
      "        Type: AWS::SQS::Queue\n"
      "  Fn::ForEach::SplitList:\n"
      "    - S\n"
      "    - !Split [',', !Ref Pair]\n"  // a list parameter is no text to split
      "    - S${S}:\n"
      "        Type: AWS::SQS::Queue\n";
  auto source = std::make_shared<SourceFile>("t.yaml", text);
  CHECK(keys(resources(expand_foreach(load_yaml(source)))) ==
        std::vector<std::string>{"QOrders", "QRefunds", "R{R}", "S{S}"});
  ParameterValues given;
  given.values["AWS::Region"] = "us-east-1";
  CHECK(keys(resources(expand_foreach(load_yaml(source), given))) ==
        std::vector<std::string>{"QOrders", "QRefunds", "REast", "S{S}"});
}
