// The predicate language construct by construct (docs/policy-language.md): each test runs
// one declarative rule, read from YAML by the policy reader, over a small template and
// checks where its findings point (line, column, property path) and that unknown values
// give none.
#include <catch2/catch.hpp>
#include <sstream>

#include "model/loader.h"
#include "model/template.h"
#include "policy/engine.h"
#include "policy/predicate_eval.h"
#include "policy/user_policies.h"

using namespace cfn;

namespace {

const char* kHeader = R"(id: test-rule
title: Test rule
severity: warning
security-severity: "5.0"
precision: high
tags: [security]
message: "{resource} at {path}"
description: A rule under test.
remediation: None.
)";

// "line:column path" for each finding of the rule `types` + `predicates` (YAML holding
// `require:` and maybe `when:`) over `template_text`, in report order.
std::vector<std::string> findings(const std::string& types, const std::string& predicates,
                                  const std::string& template_text) {
  std::string policy = std::string(kHeader) + "resource-types: [" + types + "]\n" + predicates;
  auto source = std::make_shared<SourceFile>("test-rule.yaml", policy);
  PolicyReadResult read = read_policy_file(source, "test");
  for (const Diagnostic& error : read.errors) FAIL(error.message);
  UserPolicies store;
  REQUIRE(store.add(read.policy));
  Template tmpl = Template::build(load_document(std::make_shared<SourceFile>("t.yaml", template_text)));
  RuleFilter filter{.enabled = [](const RuleMeta& rule) { return rule.id == "test-rule"; }, .user_rules = store.rules()};
  std::vector<std::string> found;
  for (const Finding& finding : analyze(tmpl, filter)) {
    std::ostringstream text;
    text << finding.range.begin.line << ':' << finding.range.begin.column << ' ' << finding.property_path;
    if (finding.message.find("(when") != std::string::npos) text << finding.message.substr(finding.message.find(" (when"));
    found.push_back(text.str());
  }
  return found;
}

using Strings = std::vector<std::string>;

const char* kBuckets = R"(Parameters:
  Unknown:
    Type: String
Resources:
  Missing:
    Type: AWS::S3::Bucket
  Blocked:
    Type: AWS::S3::Bucket
    Properties:
      Config:
        Other: 1
  Enabled:
    Type: AWS::S3::Bucket
    Properties:
      Flag: "True"
      Config:
        Level: 3
  Disabled:
    Type: AWS::S3::Bucket
    Properties:
      Flag: false
      Config:
        Level: 0
  Intrinsic:
    Type: AWS::S3::Bucket
    Properties:
      Flag: !Ref Unknown
      Config: !Ref Unknown
)";

}  // namespace

TEST_CASE("exists: a missing property points at the deepest mapping's key, else the logical id", "[predicate]") {
  CHECK(findings("AWS::S3::Bucket", "require:\n  path: Config.Level\n  exists: true\n", kBuckets) ==
        Strings{"5:3 Resources.Missing.Properties.Config.Level", "10:7 Resources.Blocked.Properties.Config.Level"});
  CHECK(findings("AWS::S3::Bucket", "require:\n  path: Flag\n  exists: false\n", kBuckets) ==
        Strings{"15:13 Resources.Enabled.Properties.Flag", "21:13 Resources.Disabled.Properties.Flag",
                "27:13 Resources.Intrinsic.Properties.Flag"});
}

TEST_CASE("truthy: CloudFormation booleans; unknown values never report", "[predicate]") {
  CHECK(findings("AWS::S3::Bucket", "require:\n  path: Flag\n  truthy: true\n", kBuckets) ==
        Strings{"5:3 Resources.Missing.Properties.Flag", "7:3 Resources.Blocked.Properties.Flag",
                "21:13 Resources.Disabled.Properties.Flag"});
  CHECK(findings("AWS::S3::Bucket", "require:\n  not:\n    path: Flag\n    truthy: true\n", kBuckets) ==
        Strings{"15:13 Resources.Enabled.Properties.Flag"});
  CHECK(findings("AWS::S3::Bucket", "require:\n  not:\n    path: Flag\n    truthy: false\n", kBuckets) ==
        Strings{"21:13 Resources.Disabled.Properties.Flag"});
}

TEST_CASE("equals, in, matches, greater-than, less-than", "[predicate]") {
  CHECK(findings("AWS::S3::Bucket", "require:\n  not:\n    path: Config.Level\n    equals: 3.0\n", kBuckets) ==
        Strings{"17:16 Resources.Enabled.Properties.Config.Level"});
  CHECK(findings("AWS::S3::Bucket", "require:\n  not:\n    path: Flag\n    in: [yes, TRUE]\n", kBuckets) ==
        Strings{"15:13 Resources.Enabled.Properties.Flag"});
  CHECK(findings("AWS::S3::Bucket", "require:\n  not:\n    path: Flag\n    matches: '^tr'\n    ignore-case: true\n",
                 kBuckets) == Strings{"15:13 Resources.Enabled.Properties.Flag"});
  CHECK(findings("AWS::S3::Bucket", "require:\n  not:\n    path: Flag\n    matches: '^tr'\n", kBuckets).empty());
  CHECK(findings("AWS::S3::Bucket", "when:\n  path: Config.Level\n  exists: true\nrequire:\n  path: Config.Level\n  greater-than: 1\n",
                 kBuckets) == Strings{"23:16 Resources.Disabled.Properties.Config.Level"});
  CHECK(findings("AWS::S3::Bucket", "when:\n  path: Config.Level\n  exists: true\nrequire:\n  path: Config.Level\n  less-than: 1\n",
                 kBuckets) == Strings{"17:16 Resources.Enabled.Properties.Config.Level"});
}

TEST_CASE("matches reads the literal runs of a Fn::Sub that stays unknown", "[predicate]") {
  const char* subs = R"(Parameters:
  Name:
    Type: String
Resources:
  Each:
    Type: AWS::SNS::Topic
    Properties:
      Start: !Sub "arn:${AWS::Partition}:kms:${Name}"
      End: !Sub "arn:${AWS::Partition}:alias/aws/sns"
      Middle: !Sub "${Name}-alias/aws/sns-${Name}"
      Listed: !Sub ["${A}/secret/${Name}", {A: !Ref Name}]
      Escaped: !Sub "${!Literal}/x"
)";
  auto reported = [&](const std::string& path, const std::string& pattern) {
    return !findings("AWS::SNS::Topic", "require:\n  not:\n    path: " + path + "\n    matches: '" + pattern + "'\n", subs).empty();
  };
  CHECK(reported("Start", "^arn:"));                // the first run starts the string
  CHECK_FALSE(reported("Start", "^kms"));          // a later run never does
  CHECK(reported("End", "alias/aws/sns$"));         // the last run ends it
  CHECK_FALSE(reported("Middle", "sns$"));          // an earlier run never does
  CHECK(reported("Middle", "alias/aws/sns"));       // unanchored: inside a run
  CHECK_FALSE(reported("Middle", "^-alias"));       // the string starts with a variable
  CHECK_FALSE(reported("Start", "partition"));      // a variable's name is not its value
  CHECK(reported("Listed", "/secret/"));            // the [text, variables] form
  CHECK_FALSE(reported("Listed", "^/secret"));
  CHECK(reported("Escaped", "^\\$\\{Literal\\}/x$"));  // ${!Literal} is the text ${Literal}
  CHECK(reported("Start", ":kms\\b"));             // a boundary inside a run
  CHECK_FALSE(reported("Start", "\\b:kms"));       // a boundary next to a variable: unknown
}

TEST_CASE("empty: an empty list points at its key", "[predicate]") {
  const char* text = R"(Resources:
  None:
    Type: AWS::RDS::DBInstance
    Properties:
      Exports: []
  Some:
    Type: AWS::RDS::DBInstance
    Properties:
      Exports: [audit]
)";
  CHECK(findings("AWS::RDS::DBInstance", "require:\n  path: Exports\n  empty: false\n", text) ==
        Strings{"5:7 Resources.None.Properties.Exports"});
}

TEST_CASE("all reports each failing part; any its first alternative", "[predicate]") {
  std::string all = "require:\n  all:\n    - path: Flag\n      truthy: true\n    - path: Config.Level\n      exists: true\n";
  CHECK(findings("AWS::S3::Bucket", all, kBuckets) ==
        Strings{"5:3 Resources.Missing.Properties.Config.Level", "5:3 Resources.Missing.Properties.Flag",
                "7:3 Resources.Blocked.Properties.Flag", "10:7 Resources.Blocked.Properties.Config.Level",
                "21:13 Resources.Disabled.Properties.Flag"});
  std::string any = "require:\n  any:\n    - path: Flag\n      truthy: true\n    - path: Config.Level\n      exists: true\n";
  CHECK(findings("AWS::S3::Bucket", any, kBuckets) ==
        Strings{"5:3 Resources.Missing.Properties.Flag", "7:3 Resources.Blocked.Properties.Flag"});
}

TEST_CASE("every and some walk a list; each failing item is a finding", "[predicate]") {
  const char* text = R"(Resources:
  Group:
    Type: AWS::EC2::SecurityGroup
    Properties:
      Rules:
        - Cidr: 0.0.0.0/0
        - Cidr: 10.0.0.0/8
        - {}
        - Cidr: 0.0.0.0/0
)";
  CHECK(findings("AWS::EC2::SecurityGroup", "require:\n  path: Rules\n  every:\n    not:\n      path: Cidr\n      equals: 0.0.0.0/0\n",
                 text) == Strings{"6:17 Resources.Group.Properties.Rules[0].Cidr", "9:17 Resources.Group.Properties.Rules[3].Cidr"});
  CHECK(findings("AWS::EC2::SecurityGroup", "require:\n  path: Rules\n  every:\n    path: Cidr\n    exists: true\n", text) ==
        Strings{"8:11 Resources.Group.Properties.Rules[2].Cidr"});
  CHECK(findings("AWS::EC2::SecurityGroup", "require:\n  path: Rules\n  some:\n    path: Cidr\n    equals: 192.168.0.0/16\n",
                 text) == Strings{"5:7 Resources.Group.Properties.Rules"});
}

TEST_CASE("when: only resources for which it is true are judged", "[predicate]") {
  CHECK(findings("AWS::S3::Bucket", "when:\n  path: Config\n  exists: true\nrequire:\n  path: Flag\n  truthy: true\n", kBuckets) ==
        Strings{"7:3 Resources.Blocked.Properties.Flag", "21:13 Resources.Disabled.Properties.Flag"});
}

TEST_CASE("resource-type tests the resource's type", "[predicate]") {
  const char* text = R"(Resources:
  Queue:
    Type: AWS::SQS::Queue
  Topic:
    Type: AWS::SNS::Topic
)";
  CHECK(findings("AWS::SQS::Queue, AWS::SNS::Topic", "require:\n  resource-type: AWS::SQS::Queue\n", text) ==
        Strings{"4:3 Resources.Topic"});
}

TEST_CASE("Fn::If branches are judged apart and named in the message", "[predicate]") {
  const char* text = R"(Parameters:
  Env:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      Flag: !If [IsProd, true, false]
  Dynamic:
    Type: AWS::S3::Bucket
    Properties: !If [IsProd, {Flag: true}, !Ref AWS::NoValue]
)";
  CHECK(findings("AWS::S3::Bucket", "require:\n  path: Flag\n  truthy: true\n", text) ==
        Strings{"10:32 Resources.Bucket.Properties.Flag (when IsProd is false)",
                "11:3 Resources.Dynamic.Properties.Flag (when IsProd is false)"});
}

TEST_CASE("target follows a Ref or GetAtt to the resource it names", "[predicate]") {
  const char* text = R"(Resources:
  Bounded:
    Type: AWS::IAM::Role
    Properties:
      PermissionsBoundary: arn:aws:iam::111122223333:policy/b
  Open:
    Type: AWS::IAM::Role
  A:
    Type: AWS::Lambda::Function
    Properties:
      Role: !GetAtt Bounded.Arn
  B:
    Type: AWS::Lambda::Function
    Properties:
      Role: !Ref Open
  C:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::111122223333:role/elsewhere
  D:
    Type: AWS::Lambda::Function
)";
  CHECK(findings("AWS::Lambda::Function",
                 "require:\n  path: Role\n  target:\n    path: PermissionsBoundary\n    exists: true\n",
                 text) == Strings{"15:13 Resources.B.Properties.Role", "20:3 Resources.D.Properties.Role"});
}

TEST_CASE("referenced-by finds the resources that refer to this one", "[predicate]") {
  const char* text = R"(Resources:
  Covered:
    Type: AWS::S3::Bucket
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Covered
      PolicyDocument: {}
  Named:
    Type: AWS::S3::Bucket
  Other:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !Ref Named
  Lonely:
    Type: AWS::S3::Bucket
)";
  CHECK(findings("AWS::S3::Bucket", "require:\n  referenced-by: AWS::S3::BucketPolicy\n  path: Bucket\n", text) ==
        Strings{"9:3 Resources.Named", "15:3 Resources.Lonely"});
  CHECK(findings("AWS::S3::Bucket",
                 "require:\n  referenced-by: AWS::S3::BucketPolicy\n  where:\n    path: PolicyDocument.Statement\n    exists: true\n",
                 text) == Strings{"2:3 Resources.Covered", "9:3 Resources.Named", "15:3 Resources.Lonely"});
}

TEST_CASE("native predicates: literal-secret, secret-shape, public-statement, wildcard-action", "[predicate]") {
  const char* text = R"(Parameters:
  Hidden:
    Type: String
    NoEcho: true
Resources:
  Literal:
    Type: AWS::IAM::User
    Properties:
      Password: hunter2
  Resolved:
    Type: AWS::IAM::User
    Properties:
      Password: "{{resolve:secretsmanager:db}}"
  Echoless:
    Type: AWS::IAM::User
    Properties:
      Password: !Ref Hidden
      Key: AKIAIOSFODNN7EXAMPLE
)";
  CHECK(findings("AWS::IAM::User", "require:\n  not:\n    path: Password\n    native: literal-secret\n", text) ==
        Strings{"9:17 Resources.Literal.Properties.Password"});
  CHECK(findings("AWS::IAM::User", "require:\n  not:\n    path: Key\n    native: secret-shape\n", text) ==
        Strings{"18:12 Resources.Echoless.Properties.Key"});
  const char* policies = R"(Resources:
  Open:
    Type: AWS::SQS::QueuePolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: sqs:SendMessage
          - Effect: Allow
            Principal: "*"
            Action: sqs:SendMessage
            Condition: {StringEquals: {aws:SourceAccount: "111122223333"}}
)";
  CHECK(findings("AWS::SQS::QueuePolicy", "require:\n  not:\n    path: PolicyDocument\n    native: public-statement\n",
                 policies) == Strings{"8:24 Resources.Open.Properties.PolicyDocument.Statement[0].Principal"});
  const char* wildcards = R"(Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: [s3:GetObject, "*"]
            Resource: arn:aws:s3:::b/*
          - Effect: Deny
            Action: "*"
            Resource: "*"
          - Effect: Allow
            Action: s3:*
            Resource: "*"
)";
  CHECK(findings("AWS::IAM::ManagedPolicy", "require:\n  not:\n    path: PolicyDocument\n    native: wildcard-action\n",
                 wildcards) == Strings{"8:36 Resources.Policy.Properties.PolicyDocument.Statement[0].Action[1]"});
}

TEST_CASE("native predicate conditional-deny reads one statement or a list", "[predicate]") {
  const char* apis = R"(Parameters:
  Effect:
    Type: String
Resources:
  Single:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Policy:
        Statement:
          Effect: Deny
          Principal: "*"
          Action: execute-api:Invoke
          Condition: {NotIpAddress: {aws:SourceIp: 10.0.0.0/8}}
  Listed:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Policy:
        Statement:
          - Effect: Allow
            Principal: "*"
          - Effect: Deny
            Principal: "*"
            Condition: {NotIpAddress: {aws:SourceIp: 10.0.0.0/8}}
  PlainDeny:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Policy:
        Statement:
          Effect: Deny
          Principal: "*"
  AllowOnly:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Policy:
        Statement:
          - Effect: Allow
            Principal: "*"
            Condition: {IpAddress: {aws:SourceIp: 10.0.0.0/8}}
  UnknownEffect:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Policy:
        Statement:
          Effect: !Ref Effect
          Condition: {IpAddress: {aws:SourceIp: 10.0.0.0/8}}
  NoPolicy:
    Type: AWS::ApiGateway::RestApi
)";
  // Reported: no Deny with a Condition (a missing document has none); unknown is not.
  CHECK(findings("AWS::ApiGateway::RestApi", "require:\n  path: Policy\n  native: conditional-deny\n", apis) ==
        Strings{"27:7 Resources.PlainDeny.Properties.Policy", "34:7 Resources.AllowOnly.Properties.Policy",
                "46:3 Resources.NoPolicy.Properties.Policy"});
}

TEST_CASE("every native predicate name has an implementation, in the same order", "[predicate]") {
  auto names = native_predicate_names();
  auto natives = native_predicates();
  REQUIRE(names.size() == natives.size());
  for (size_t i = 0; i < names.size(); ++i) CHECK(names[i] == natives[i].name);
}

TEST_CASE("a quoted path step names a key that holds a dot", "[predicate]") {
  const char* groups = R"(Resources:
  Forced:
    Type: AWS::RDS::DBParameterGroup
    Properties:
      Family: postgres14
      Parameters:
        rds.force_ssl: 1
  Relaxed:
    Type: AWS::RDS::DBParameterGroup
    Properties:
      Family: postgres14
      Parameters:
        rds.force_ssl: 0
  Nested:
    Type: AWS::RDS::DBParameterGroup
    Properties:
      Family: postgres14
      Parameters:
        rds:
          force_ssl: 1
)";
  // Off is found at its value; Nested has no key "rds.force_ssl" (a dot inside quotes is
  // not a step), so it is missing there, blamed on Parameters.
  CHECK(findings("AWS::RDS::DBParameterGroup", "require:\n  path: 'Parameters.\"rds.force_ssl\"'\n  equals: 1\n",
                 groups) == Strings{"13:24 Resources.Relaxed.Properties.Parameters.rds.force_ssl",
                                    "18:7 Resources.Nested.Properties.Parameters.rds.force_ssl"});
}

