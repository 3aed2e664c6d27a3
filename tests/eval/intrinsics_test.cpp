// Each intrinsic function: the pure helpers, then through Evaluator::resolve on inline
// templates.
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

std::string json(const Value& value) { return intrinsics::to_json_string(value); }

// A template whose resource `Thing` has the given properties (indented under Properties),
// with a few parameters and mappings the cases below use.
std::string with_properties(std::string_view properties) {
  return std::string(R"(
Transform: AWS::LanguageExtensions
Parameters:
  Env: {Type: String, Default: prod}
  Unknown: {Type: String}
  Names: {Type: CommaDelimitedList, Default: "a,b,c"}
  Secret: {Type: String, NoEcho: true}
Mappings:
  RegionMap:
    us-east-1: {Ami: ami-1, Zones: [a, b]}
    eu-west-1: {Ami: ami-2}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  Mystery: !Equals [!Ref Unknown, x]
Resources:
  Other: {Type: AWS::SQS::Queue}
  Thing:
    Type: Test::Thing
    Properties:
)") + std::string(properties);
}

// The resolved properties of `Thing`, as compact JSON.
std::string resolve_thing(std::string_view properties, ParameterValues parameters = {}) {
  Template tmpl = parse(with_properties(properties));
  Evaluator evaluator(tmpl, std::move(parameters));
  return json(evaluator.resolve(*tmpl.resource("Thing")->properties));
}

TEST_CASE("intrinsics::base64") {
  CHECK(intrinsics::base64("") == "");
  CHECK(intrinsics::base64("f") == "Zg==");
  CHECK(intrinsics::base64("fo") == "Zm8=");
  CHECK(intrinsics::base64("foo") == "Zm9v");
  CHECK(intrinsics::base64("#!/bin/bash\n") == "IyEvYmluL2Jhc2gK");
}

TEST_CASE("intrinsics::split") {
  using List = std::vector<std::string>;
  CHECK(intrinsics::split("a|b|c", "|") == List{"a", "b", "c"});
  CHECK(intrinsics::split("a||b", "|") == List{"a", "", "b"});
  CHECK(intrinsics::split("", ",") == List{""});
  CHECK(intrinsics::split("a::b", "::") == List{"a", "b"});
  CHECK_FALSE(intrinsics::split("abc", "").has_value());
}

TEST_CASE("intrinsics::cidr computes the AWS documentation example") {
  using List = std::vector<std::string>;
  CHECK(intrinsics::cidr("192.168.0.0/24", 6, 5) ==
        List{"192.168.0.0/27", "192.168.0.32/27", "192.168.0.64/27", "192.168.0.96/27",
             "192.168.0.128/27", "192.168.0.160/27"});
  CHECK(intrinsics::cidr("10.0.0.0/16", 2, 8) == List{"10.0.0.0/24", "10.0.1.0/24"});
  CHECK(intrinsics::cidr("10.0.0.0/16", 1, 16) == List{"10.0.0.0/16"});
  CHECK_FALSE(intrinsics::cidr("192.168.0.0/24", 9, 5).has_value());   // only 8 fit
  CHECK_FALSE(intrinsics::cidr("192.168.0.0/24", 1, 9).has_value());   // larger than the block
  CHECK_FALSE(intrinsics::cidr("192.168.0.0/24", 0, 5).has_value());
  CHECK_FALSE(intrinsics::cidr("192.168.0.0/24", 257, 0).has_value());
  CHECK_FALSE(intrinsics::cidr("300.1.1.1/8", 1, 1).has_value());
  CHECK_FALSE(intrinsics::cidr("10.0.0.0", 1, 1).has_value());
  CHECK_FALSE(intrinsics::cidr("2001:db8::/56", 1, 64).has_value());  // IPv6: not computed
}

TEST_CASE("intrinsics::substitute and sub_variable_names") {
  auto lookup = [](std::string_view name) -> std::optional<std::string> {
    if (name == "Name") return "bucket";
    return std::nullopt;
  };
  CHECK(intrinsics::substitute("arn:${Name}/*", lookup) == "arn:bucket/*");
  CHECK(intrinsics::substitute("${!Literal}-${Name}", lookup) == "${Literal}-bucket");
  CHECK(intrinsics::substitute("no variables", lookup) == "no variables");
  CHECK_FALSE(intrinsics::substitute("${Missing}", lookup).has_value());
  CHECK_FALSE(intrinsics::substitute("${Name", lookup).has_value());
  CHECK(intrinsics::sub_variable_names("${A}-${!B}-${C.Arn}-${AWS::Region}") ==
        std::vector<std::string_view>{"A", "C.Arn", "AWS::Region"});
  // Read as substitute() reads them: after ${! the text is literal up to the next ${.
  CHECK(intrinsics::sub_variable_names("${!${A}}") == std::vector<std::string_view>{"A"});
  CHECK(intrinsics::sub_variable_names("${B}-${C") == std::vector<std::string_view>{"B"});
  // Blanks inside the braces are not part of the name.
  CHECK(intrinsics::sub_variable_names("${ A }-${\tAWS::Region}") == std::vector<std::string_view>{"A", "AWS::Region"});
  CHECK(intrinsics::substitute("arn:${ Name }/*", lookup) == "arn:bucket/*");
}

TEST_CASE("intrinsics::sub_literal_runs: the text between variables") {
  using Runs = std::vector<std::string>;
  CHECK(intrinsics::sub_literal_runs("arn:${AWS::Partition}:kms:${Id}") == Runs{"arn:", ":kms:", ""});
  CHECK(intrinsics::sub_literal_runs("${A}${B}") == Runs{"", "", ""});
  CHECK(intrinsics::sub_literal_runs("${!Literal}/x") == Runs{"${Literal}/x"});
  CHECK(intrinsics::sub_literal_runs("plain") == Runs{"plain"});
  CHECK_FALSE(intrinsics::sub_literal_runs("open ${never").has_value());
  Value call = Value::mapping();
  call.entries().push_back(Value::Entry{"Fn::Sub", {}, Value::scalar("a${B}c", true)});
  CHECK(intrinsics::sub_literal_runs(call) == Runs{"a", "c"});
  CHECK_FALSE(intrinsics::sub_literal_runs(Value::scalar("a${B}c", true)).has_value());  // not a call
}

TEST_CASE("intrinsics::written_text: the literal runs, a stand-in where each unknown part goes") {
  auto written = [](std::string_view yaml) {
    Document document = load_yaml(std::make_shared<SourceFile>("written.yaml", std::string(yaml)));
    REQUIRE(document.root);
    return intrinsics::written_text(*document.root);
  };
  const std::string unknown(1, intrinsics::kUnknownPart);
  CHECK(written(R"(Fn::Sub: "arn:${AWS::Partition}:iam::*:role/${Name}")") ==
        "arn:" + unknown + ":iam::*:role/" + unknown);
  CHECK(written(R"(Fn::Join: ["", ["repo:", {Ref: Repo}, "*"]])") == "repo:" + unknown + "*");
  CHECK(written("plain text") == "plain text");
  // A stand-in no template writes: a literal "x" stays an "x".
  CHECK(written(R"(Fn::Sub: "x${A}x")") == "x" + unknown + "x");
  CHECK_FALSE(written(R"(Fn::If: [C, a, b])").has_value());
}

TEST_CASE("intrinsics::join_literal_runs: the known text of a Join, split at its unknown parts") {
  using Runs = std::vector<std::string>;
  auto read = [](std::string_view yaml) {
    Document document = load_yaml(std::make_shared<SourceFile>("join.yaml", std::string(yaml)));
    REQUIRE(document.root);
    return intrinsics::join_literal_runs(*document.root);
  };
  CHECK(read(R"(Fn::Join: ["", [{Fn::GetAtt: [B, Arn]}, "/*"]])") == Runs{"", "/*"});
  CHECK(read(R"(Fn::Join: [":", [arn, {Ref: AWS::Partition}, s3, "", {Ref: B}]])") == Runs{"arn:", ":s3::", ""});
  // A Sub's runs and a nested Join's continue the text around them.
  CHECK(read(R"(Fn::Join: ["/", [{Fn::Sub: "a${X}b"}, {Fn::Join: ["", [c, {Ref: Y}]]}, "*"]])") ==
        Runs{"a", "b/c", "/*"});
  CHECK(read(R"(Fn::Join: ["", []])") == Runs{""});
  // Parts that may hold anything, and calls of the wrong shape.
  CHECK_FALSE(read(R"(Fn::Join: ["", [{Fn::If: [C, a, b]}, "/*"]])").has_value());
  CHECK_FALSE(read(R"(Fn::Join: ["", [{Fn::ImportValue: Shared}]])").has_value());
  CHECK_FALSE(read(R"(Fn::Join: [{Ref: D}, [a, b]])").has_value());
  CHECK_FALSE(read(R"(Fn::Join: ["", a])").has_value());
  CHECK_FALSE(read(R"(Fn::Sub: "a${B}")").has_value());
}

TEST_CASE("Fn::Sub: string form, map form, escapes and unknown variables") {
  CHECK(resolve_thing(R"(      A: !Sub "${Env}-${AWS::Region}-${!Literal}"
)", {{{"AWS::Region", "eu-west-1"}}}) == R"({"A":"prod-eu-west-1-${Literal}"})");
  CHECK(resolve_thing(R"(      A: !Sub
        - "arn:aws:s3:::${Bucket}/${Env}/*"
        - Bucket: !Join ["-", [logs, !Ref Env]]
)") == R"({"A":"arn:aws:s3:::logs-prod/prod/*"})");
  // Unknown variables: a parameter without value, a pseudo parameter, a resource attribute.
  CHECK(resolve_thing(R"(      A: !Sub "${Unknown}"
      B: !Sub "${AWS::AccountId}"
      C: !Sub "${Other.Arn}"
      D: !Sub "${Other}"
)") == R"({"A":{"Fn::Sub":"${Unknown}"},"B":{"Fn::Sub":"${AWS::AccountId}"},)"
       R"("C":{"Fn::Sub":"${Other.Arn}"},"D":{"Fn::Sub":"${Other}"}})");
  // A map variable that is unknown leaves the call, with what is known filled in and its
  // map resolved as far as it goes.
  CHECK(resolve_thing(R"(      A: !Sub ["${X}-${Y}", {X: !Ref Env, Y: !Ref Unknown}]
)") == R"({"A":{"Fn::Sub":["prod-${Y}",{"X":"prod","Y":{"Ref":"Unknown"}}]}})");
  // Known parameters are filled in beside an unknown pseudo parameter; escapes stay escaped.
  CHECK(resolve_thing(R"(      A: !Sub "arn:${AWS::Partition}:iam::aws:policy/${Env}"
      B: !Sub "${!Literal}-${Env}-${AWS::Region}"
)") == R"({"A":{"Fn::Sub":"arn:${AWS::Partition}:iam::aws:policy/prod"},)"
       R"("B":{"Fn::Sub":"${!Literal}-prod-${AWS::Region}"}})");
}

TEST_CASE("Fn::Join, with AWS::NoValue inside its list") {
  CHECK(resolve_thing(R"(      A: !Join [",", [a, !Ref AWS::NoValue, !Ref Env]]
      B: !Join ["", [!Ref Names]]
      C: !Join [":", !Ref Names]
      D: !Join ["-", [a, !Ref Unknown]]
      E: !Join ["-", [a, !If [IsProd, p, !Ref AWS::NoValue]]]
)") == R"({"A":"a,prod","B":{"Fn::Join":["",[["a","b","c"]]]},"C":"a:b:c",)"
       R"("D":{"Fn::Join":["-",["a",{"Ref":"Unknown"}]]},"E":"a-p"})");
}

// The CDK writes AWS ARNs as Joins of literal parts and pseudo parameters; as the Sub of the
// same text their known parts can be read (a managed policy's name, an alias).
TEST_CASE("Fn::Join whose only unknown items are pseudo parameters becomes the Fn::Sub of its text") {
  CHECK(resolve_thing(R"(      A: !Join ["", ["arn:", !Ref AWS::Partition, ":iam::aws:policy/", !Ref Env]]
      B: !Join [":", [arn, !Ref AWS::Partition, kms, !Ref AWS::Region, !Ref AWS::AccountId, alias/aws/sns]]
)") == R"({"A":{"Fn::Sub":"arn:${AWS::Partition}:iam::aws:policy/prod"},)"
       R"("B":{"Fn::Sub":"arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/aws/sns"}})");
  // Known pseudo parameters are filled in; another unknown item, or "${" in the known text
  // or the delimiter (a Sub would read a variable there), leaves the Join.
  CHECK(resolve_thing(R"(      A: !Join ["", ["arn:", !Ref AWS::Partition, ":s3:::", !Ref Other]]
      B: !Join ["", ["${literal}", !Ref AWS::AccountId]]
      C: !Join ["${", [a, !Ref AWS::AccountId]]
      D: !Join ["-", [!Ref AWS::Region, !GetAtt Other.Arn]]
      E: !Join ["-", [!Ref AWS::Region, !Ref AWS::AccountId]]
)", {{{"AWS::Region", "eu-west-1"}}}) ==
        R"({"A":{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":s3:::",{"Ref":"Other"}]]},)"
        R"("B":{"Fn::Join":["",["${literal}",{"Ref":"AWS::AccountId"}]]},)"
        R"("C":{"Fn::Join":["${",["a",{"Ref":"AWS::AccountId"}]]},)"
        R"("D":{"Fn::Join":["-",["eu-west-1",{"Fn::GetAtt":["Other","Arn"]}]]},)"
        R"("E":{"Fn::Sub":"eu-west-1-${AWS::AccountId}"}})");
}

TEST_CASE("Fn::Select: in range, out of range, and past an undecided Fn::If") {
  CHECK(resolve_thing(R"(      A: !Select [1, [x, y, z]]
      B: !Select ["2", !Ref Names]
      C: !Select [3, [x, y, z]]
      D: !Select [-1, [x, y]]
      E: !Select [1, [!If [Mystery, x, !Ref AWS::NoValue], y, z]]
      F: !Select [0, [x, !If [Mystery, y, z]]]
)") == R"({"A":"y","B":"c","C":{"Fn::Select":[3,["x","y","z"]]},"D":{"Fn::Select":[-1,["x","y"]]},)"
       R"("E":{"Fn::Select":[1,[{"Fn::If":["Mystery","x",{"Ref":"AWS::NoValue"}]},"y","z"]]},"F":"x"})");
}

TEST_CASE("Fn::Split") {
  CHECK(resolve_thing(R"(      A: !Split ["|", "a|b|c"]
      B: !Split [",", !Ref Unknown]
      C: !Select [1, !Split ["/", !Sub "${Env}/app/web"]]
)") == R"({"A":["a","b","c"],"B":{"Fn::Split":[",",{"Ref":"Unknown"}]},"C":"app"})");
}

TEST_CASE("Fn::FindInMap, with a DefaultValue") {
  CHECK(resolve_thing(R"(      A: !FindInMap [RegionMap, us-east-1, Ami]
      B: !FindInMap [RegionMap, !Ref AWS::Region, Ami]
      C: !FindInMap [RegionMap, ap-south-1, Ami, {DefaultValue: ami-default}]
      D: !FindInMap [RegionMap, us-east-1, Zones]
      E: !FindInMap [RegionMap, ap-south-1, Ami]
      F: !FindInMap [RegionMap, !Ref AWS::Region, Ami, {DefaultValue: ami-default}]
)") == R"({"A":"ami-1","B":{"Fn::FindInMap":["RegionMap",{"Ref":"AWS::Region"},"Ami"]},)"
       R"("C":"ami-default","D":["a","b"],"E":{"Fn::FindInMap":["RegionMap","ap-south-1","Ami"]},)"
       R"("F":{"Fn::FindInMap":["RegionMap",{"Ref":"AWS::Region"},"Ami",{"DefaultValue":"ami-default"}]}})");
  CHECK(resolve_thing(R"(      B: !FindInMap [RegionMap, !Ref AWS::Region, Ami]
)", {{{"AWS::Region", "eu-west-1"}}}) == R"({"B":"ami-2"})");
}

TEST_CASE("FindInMap results point at the FindInMap") {
  Template tmpl = parse(with_properties("      A: !FindInMap [RegionMap, us-east-1, Zones]\n"));
  Evaluator evaluator(tmpl);
  const Value& properties = *tmpl.resource("Thing")->properties;
  Value resolved = evaluator.resolve(properties);
  Range call = properties.find("A")->range();
  CHECK(resolved.find("A")->range() == call);
  CHECK(resolved.find("A")->items().at(1).range() == call);
}

TEST_CASE("Fn::Cidr inside a template") {
  CHECK(resolve_thing(R"(      A: !Cidr ["192.168.0.0/24", 6, 5]
      B: !Select [1, !Cidr ["10.0.0.0/16", "3", "8"]]
      C: !Cidr [!GetAtt Other.CidrBlock, 2, 8]
)") == R"({"A":["192.168.0.0/27","192.168.0.32/27","192.168.0.64/27","192.168.0.96/27",)"
       R"("192.168.0.128/27","192.168.0.160/27"],"B":"10.0.1.0/24",)"
       R"("C":{"Fn::Cidr":[{"Fn::GetAtt":["Other","CidrBlock"]},2,8]}})");
}

TEST_CASE("Fn::Length") {
  CHECK(resolve_thing(R"(      A: !Length [a, b, c]
      B: {"Fn::Length": !Split ["|", "a|b|c"]}
      C: {"Fn::Length": !Ref Names}
      D: !Length [a, !Ref AWS::NoValue]
      E: !Length [a, !If [Mystery, b, !Ref AWS::NoValue]]
      F: !Length [a, !GetAtt Other.Arn]
)") == R"({"A":3,"B":3,"C":3,"D":1,"E":{"Fn::Length":["a",{"Fn::If":["Mystery","b",{"Ref":"AWS::NoValue"}]}]},"F":2})");
}

TEST_CASE("Fn::ToJsonString, as in the AWS documentation") {
  CHECK(resolve_thing(R"(      A: !ToJsonString
        key1: value1
        key2: !Ref Unknown
      B: !ToJsonString [a, 1, true, "2", {k: !Ref AWS::NoValue}]
      C: !ToJsonString {key: !Ref Secret}
)", {{{"Unknown", "resolvedValue"}}}) ==
        R"({"A":"{\"key1\":\"value1\",\"key2\":\"resolvedValue\"}","B":"[\"a\",1,true,\"2\",{}]",)"
        R"("C":{"Fn::ToJsonString":{"key":{"Ref":"Secret"}}}})");
}

TEST_CASE("Fn::Base64") {
  CHECK(resolve_thing(R"(      A: !Base64 "#!/bin/bash\n"
      B:
        Fn::Base64: !Sub "${Env}"
      C: {"Fn::Base64": !Ref Unknown}
)") == R"({"A":"IyEvYmluL2Jhc2gK","B":"cHJvZA==","C":{"Fn::Base64":{"Ref":"Unknown"}}})");
}

TEST_CASE("Fn::GetAtt of an attribute the template sets as a property echoes it") {
  Template tmpl = parse(R"(
Parameters:
  Name: {Type: String}
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: orders
      KmsMasterKeyId: !Ref Name
  Thing:
    Type: Test::Thing
    Properties:
      A: !GetAtt Queue.QueueName
      B: {"Fn::GetAtt": [Queue, QueueName]}
      C: !GetAtt Queue.KmsMasterKeyId
      D: !GetAtt Queue.Arn
      E: !GetAtt Missing.QueueName
      F: !Sub "${Queue.QueueName}-dlq ${Queue.Arn}"
      G: !Sub "${Queue.QueueName}-dlq"
)");
  Evaluator evaluator(tmpl);
  const Value& properties = *tmpl.resource("Thing")->properties;
  Value resolved = evaluator.resolve(properties);
  CHECK(json(resolved) == R"({"A":"orders","B":"orders","C":{"Fn::GetAtt":["Queue","KmsMasterKeyId"]},)"
                          R"("D":{"Fn::GetAtt":["Queue","Arn"]},"E":{"Fn::GetAtt":["Missing","QueueName"]},)"
                          R"("F":{"Fn::Sub":"orders-dlq ${Queue.Arn}"},"G":"orders-dlq"})");
  // The echoed value points at the GetAtt, where the finding belongs.
  CHECK(resolved.find("A")->range().begin.line == properties.find("A")->range().begin.line);
  CHECK(resolved.find("A")->range().begin.column == properties.find("A")->range().begin.column);
}

TEST_CASE("Fn::GetAtt, Fn::ImportValue and Fn::GetAZs are unknown") {
  CHECK(resolve_thing(R"(      A: !GetAtt Other.Arn
      B: !ImportValue shared-vpc
      C: !GetAZs ""
      D: !Select [0, !GetAZs ""]
      E:
        Fn::ImportValue: !Sub "${Env}-vpc"
)", {{{"AWS::Region", "us-east-1"}}}) ==
        R"({"A":{"Fn::GetAtt":["Other","Arn"]},"B":{"Fn::ImportValue":"shared-vpc"},"C":{"Fn::GetAZs":""},)"
        R"("D":{"Fn::Select":[0,{"Fn::GetAZs":""}]},"E":{"Fn::ImportValue":{"Fn::Sub":"${Env}-vpc"}}})");
}

TEST_CASE("Fn::If: known, unknown, nested and NoValue branches") {
  CHECK(resolve_thing(R"(      A: !If [IsProd, !If [Mystery, x, y], z]
      B: !If [Mystery, !Ref AWS::NoValue, !Ref Env]
      C: !If [IsProd, !Ref AWS::NoValue, kept]
      D: [!If [IsProd, !Ref AWS::NoValue, kept], last]
)") == R"({"A":{"Fn::If":["Mystery","x","y"]},"B":{"Fn::If":["Mystery",{"Ref":"AWS::NoValue"},"prod"]},"D":["last"]})");
}

TEST_CASE("a value that is itself AWS::NoValue is returned unchanged") {
  Template tmpl = parse(with_properties("      A: !Ref AWS::NoValue\n"));
  Evaluator evaluator(tmpl);
  const Value& value = *tmpl.resource("Thing")->properties->find("A");
  CHECK(json(evaluator.resolve(value)) == R"({"Ref":"AWS::NoValue"})");
}

TEST_CASE("intrinsics::to_json_string escapes strings") {
  Value value = Value::mapping();
  value.entries().push_back(Value::Entry{"k\"", {}, Value::scalar("a\\b\n\t\x01", true)});
  value.entries().push_back(Value::Entry{"n", {}, Value::scalar("", false)});
  value.entries().push_back(Value::Entry{"q", {}, Value::scalar("12", true)});
  value.entries().push_back(Value::Entry{"v", {}, Value::scalar("1.5e3", false)});
  value.entries().push_back(Value::Entry{"s", {}, Value::scalar("0x1F", false)});
  CHECK(intrinsics::to_json_string(value) ==
        R"({"k\"":"a\\b\n\t\u0001","n":null,"q":"12","v":1.5e3,"s":"0x1F"})");
}

}  // namespace
TEST_CASE("wrong_shape: each checked function's argument, right and wrong", "[intrinsics]") {
  auto shape = [](std::string_view yaml) {
    Document document = load_yaml(std::make_shared<SourceFile>("call.yaml", std::string(yaml)));
    REQUIRE(document.root);
    const Value::Entry* call = document.root->intrinsic();
    REQUIRE(call);
    return intrinsics::wrong_shape(*call).has_value();
  };
  CHECK_FALSE(shape("!If [C, a, b]"));
  CHECK(shape("!If [C, a]"));
  CHECK(shape("!If [[C], a, b]"));  // the condition is a name
  CHECK(shape("!If C"));
  CHECK_FALSE(shape("!Equals [a, b]"));
  CHECK(shape("!Equals [a, b, c]"));
  CHECK_FALSE(shape("!Not [!Condition C]"));
  CHECK(shape("!Not [!Condition C, !Condition D]"));
  CHECK_FALSE(shape("!And [!Condition C, !Condition D]"));
  CHECK(shape("!Or [!Condition C]"));
  CHECK(shape("!Or [a, b, c, d, e, f, g, h, i, j, k]"));
  CHECK_FALSE(shape("!Select [0, !GetAZs '']"));
  CHECK(shape("!Select [0]"));
  CHECK_FALSE(shape("!Join ['', [a, b]]"));
  CHECK(shape("!Join [',', a, b]"));
  CHECK(shape("!Join [',', a]"));  // the values are a list
  CHECK_FALSE(shape("!Join [',', !Ref Subnets]"));  // or a call that returns one
  CHECK(shape("!Select [0, a]"));
  CHECK_FALSE(shape("!Select [0, !Split [',', !Ref L]]"));
  CHECK(shape("!Split [',', [a, b]]"));
  CHECK_FALSE(shape("!Split [',', !Ref L]"));
  CHECK(shape("!Split ','"));
  CHECK_FALSE(shape("!FindInMap [M, a, b]"));
  CHECK_FALSE(shape("!FindInMap [M, a, b, {DefaultValue: x}]"));  // AWS::LanguageExtensions
  CHECK(shape("!FindInMap [M, a]"));
  CHECK_FALSE(shape("!Cidr [10.0.0.0/16, 4, 8]"));
  CHECK(shape("!Cidr [10.0.0.0/16, 4]"));
  CHECK_FALSE(shape("!GetAtt B.Arn"));
  CHECK_FALSE(shape("!GetAtt [B, Arn]"));
  CHECK_FALSE(shape("!GetAtt ''"));  // names nothing: an undefined reference, not a shape
  CHECK(shape("!GetAtt B"));
  CHECK(shape("!GetAtt [B]"));
  CHECK_FALSE(shape("!Sub 'a-${AWS::Region}'"));
  CHECK_FALSE(shape("!Sub ['a-${X}', {X: b}]"));
  CHECK(shape("!Sub ['a-${X}', [b]]"));
  CHECK(shape("!Sub ['a-${X}']"));
  // A whole argument that is another call may evaluate to the right shape.
  CHECK_FALSE(shape("{Fn::Select: {Fn::Split: [',', '0,a']}}"));
  CHECK_FALSE(shape("!Base64 [anything]"));  // not a checked function
}

}  // namespace cfn
