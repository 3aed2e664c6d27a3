#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "iam/policy_document.h"
#include "model/loader.h"

using namespace cfn;
using namespace cfn::iam;

namespace {

// A document parsed from YAML; the Document keeps the tree alive.
struct Parsed {
  explicit Parsed(std::string yaml) : document(load_yaml(std::make_shared<SourceFile>("p.yaml", std::move(yaml)))) {}
  const Value& root() const { return *document.root; }
  Document document;
};

}  // namespace

TEST_CASE("iam: statements of a document, single or listed, with paths", "[iam]") {
  Parsed listed(R"(
Statement:
  - Effect: Allow
    Action: s3:GetObject
  - !If [Cond, {Effect: Allow}, {Effect: Deny}]
  - Effect: Deny
    NotAction: iam:*
)");
  auto found = statements(listed.root(), "P");
  REQUIRE(found.size() == 2);  // the Fn::If statement is unknown and skipped
  CHECK(found[0].path() == "P.Statement[0]");
  CHECK(found[0].allows());
  CHECK(found[1].path() == "P.Statement[2]");
  CHECK(found[1].denies());
  CHECK(found[1].element("NotAction")->path() == "P.Statement[2].NotAction");
  CHECK_FALSE(found[1].element("Action"));

  Parsed single("Statement: {Effect: Allow, Action: '*'}");
  auto one = statements(single.root(), "P");
  REQUIRE(one.size() == 1);
  CHECK(one[0].path() == "P.Statement");

  Parsed unknown("!Ref Document");
  CHECK(statements(unknown.root(), "P").empty());
}

TEST_CASE("iam: Effect is case-sensitive and must be known", "[iam]") {
  Parsed doc("Statement: [{Effect: allow}, {Effect: !Ref E}, {Effect: Allow}]");
  auto found = statements(doc.root(), "P");
  REQUIRE(found.size() == 3);
  CHECK_FALSE(found[0].allows());
  CHECK_FALSE(found[1].allows());
  CHECK_FALSE(found[1].denies());
  CHECK(found[2].allows());
}

TEST_CASE("iam: action wildcard matching", "[iam]") {
  CHECK(action_matches("iam:PassRole", "iam:PassRole"));
  CHECK(action_matches("IAM:passrole", "iam:PassRole"));
  CHECK(action_matches("iam:Pass*", "iam:PassRole"));
  CHECK(action_matches("iam:*", "iam:PassRole"));
  CHECK(action_matches("*", "iam:PassRole"));
  CHECK(action_matches("iam:Pass?ole", "iam:PassRole"));
  CHECK(action_matches("i*:*Role", "iam:PassRole"));
  CHECK_FALSE(action_matches("iam:Get*", "iam:PassRole"));
  CHECK_FALSE(action_matches("iam:PassRoles", "iam:PassRole"));
  CHECK_FALSE(action_matches("s3:*", "iam:PassRole"));

  CHECK(is_full_wildcard_action("*"));
  CHECK(is_full_wildcard_action("*:*"));
  CHECK(is_full_wildcard_action("**"));
  CHECK_FALSE(is_full_wildcard_action("s3:*"));
  CHECK_FALSE(is_full_wildcard_action("*:Get*"));
  CHECK_FALSE(is_full_wildcard_action(""));
}

TEST_CASE("iam: items of string-or-list elements skip unknowns", "[iam]") {
  Parsed doc("Action: [s3:GetObject, !Ref Extra, '*']");
  const Value& action = *doc.root().find("Action");
  const Located element(action, "A");
  auto listed = items(element);
  REQUIRE(listed.size() == 2);
  CHECK(listed[1].path() == "A[2]");
  auto wildcard = find_full_wildcard_action(element);
  REQUIRE(wildcard);
  CHECK(wildcard->path() == "A[2]");
  auto get = find_action(element, "s3:GetObject");
  REQUIRE(get);
  CHECK(get->path() == "A[0]");
  CHECK(find_action(element, "s3:PutObject")->path() == "A[2]");  // "*" matches it
}

// Elements and items of a statement refer to the statement's path until one is asked for.
TEST_CASE("iam: paths of a statement's elements and their items", "[iam]") {
  Parsed doc(R"(
Statement:
  - Effect: Allow
    Action: [s3:GetObject, '*']
    Resource: '*'
    Principal: {AWS: [arn:aws:iam::111122223333:root, '*']}
)");
  auto found = statements(doc.root(), "Resources.R.Properties.PolicyDocument");
  REQUIRE(found.size() == 1);
  auto action = found[0].element("Action");
  REQUIRE(action);
  CHECK(action->key_range.known());
  auto listed = items(*action);
  REQUIRE(listed.size() == 2);
  CHECK(listed[0].path() == "Resources.R.Properties.PolicyDocument.Statement[0].Action[0]");
  CHECK_FALSE(listed[0].key_range.known());
  CHECK(find_full_wildcard_action(*action)->path() == "Resources.R.Properties.PolicyDocument.Statement[0].Action[1]");
  auto resource = found[0].element("Resource");
  auto whole = find_wildcard_resource(*resource);
  REQUIRE(whole);
  CHECK(whole->path() == "Resources.R.Properties.PolicyDocument.Statement[0].Resource");
  CHECK_FALSE(whole->key_range.known());
  CHECK(find_public_principal(*found[0].element("Principal"))->path() ==
        "Resources.R.Properties.PolicyDocument.Statement[0].Principal.AWS[1]");
}

TEST_CASE("iam: wildcard resources", "[iam]") {
  Parsed doc("{One: '*', Many: [arn:aws:s3:::b, '*'], None: arn:aws:s3:::b/*}");
  CHECK(find_wildcard_resource(Located(*doc.root().find("One"), "R")));
  CHECK(find_wildcard_resource(Located(*doc.root().find("Many"), "R"))->path() == "R[1]");
  CHECK_FALSE(find_wildcard_resource(Located(*doc.root().find("None"), "R")));
}

TEST_CASE("iam: public principals", "[iam]") {
  Parsed doc(R"(
Star: "*"
Aws: {AWS: "*"}
AwsList: {AWS: [arn:aws:iam::111122223333:root, "*"]}
Canonical: {CanonicalUser: "*"}
Service: {Service: lambda.amazonaws.com}
Account: {AWS: arn:aws:iam::111122223333:root}
Unknown: !Ref Principal
UnknownAws: {AWS: !Ref Principal}
)");
  auto at = [&](const char* key) { return find_public_principal(Located(*doc.root().find(key), key)); };
  CHECK(at("Star")->path() == "Star");
  CHECK(at("Aws")->path() == "Aws.AWS");
  CHECK(at("AwsList")->path() == "AwsList.AWS[1]");
  CHECK(at("Canonical"));
  CHECK_FALSE(at("Service"));
  CHECK_FALSE(at("Account"));
  CHECK_FALSE(at("Unknown"));
  CHECK_FALSE(at("UnknownAws"));
}

TEST_CASE("iam: conditions that narrow a public principal", "[iam]") {
  Parsed doc(R"(
SourceArn: {ArnLike: {aws:SourceArn: arn:aws:s3:::bucket}}
OrgId: {StringEquals: {AWS:PrincipalOrgID: o-abc123}}
CallerAccount: {StringEquals: {kms:CallerAccount: "111122223333", kms:ViaService: s3.eu-west-1.amazonaws.com}}
SourceIp: {IpAddress: {aws:SourceIp: [203.0.113.0/24]}}
AnyValue: {ForAnyValue:StringEquals: {aws:SourceVpce: vpce-1a2b3c4d}}
VpceAccount: {StringEquals: {aws:VpceAccount: "111122223333"}}
VpceOrgId: {StringEquals: {aws:VpceOrgID: o-abc123}}
VpceOrgPaths: {ForAnyValue:StringLike: {aws:VpceOrgPaths: "o-abc123/r-ab12/ou-ab12-11111111/*"}}
Unknown: !If [Restrict, {StringEquals: {aws:SourceAccount: "1"}}, !Ref AWS::NoValue]
UnknownValue: {StringEquals: {aws:SourceAccount: !Ref AWS::AccountId}}
SecureTransport: {Bool: {aws:SecureTransport: "true"}}
IfExists: {StringEqualsIfExists: {aws:SourceAccount: "111122223333"}}
AllValues: {ForAllValues:StringEquals: {aws:SourceVpce: [vpce-1]}}
Negative: {StringNotEquals: {aws:SourceAccount: "111122223333"}}
StarValue: {StringLike: {aws:SourceArn: "*"}}
OpenRange: {IpAddress: {aws:SourceIp: 0.0.0.0/0}}
ViaServiceOnly: {StringEquals: {kms:ViaService: s3.eu-west-1.amazonaws.com}}
AnyValueMixedCase: {forAnyValue:stringequals: {AWS:SOURCEVPCE: vpce-1a2b3c4d}}
IfExistsMixedCase: {STRINGEQUALSIFEXISTS: {aws:SourceAccount: "111122223333"}}
AllValuesMixedCase: {forallvalues:StringEquals: {aws:SourceVpce: [vpce-1]}}
AnyTopic: {ArnLike: {aws:SourceArn: "arn:aws:sns:*:*:*"}}
OwnTopics: {ArnLike: {aws:SourceArn: "arn:aws:sns:*:111122223333:*"}}
AnyBucket: {ArnLike: {aws:SourceArn: "arn:aws:s3:::logs-*"}}
OneBucket: {ArnLike: {aws:SourceArn: "arn:aws:s3:::logs-111122223333/*"}}
AnyEndpoint: {StringLike: {aws:SourceVpce: "vpce-*"}}
AnyAccountLike: {StringLike: {aws:PrincipalAccount: "1111*"}}
OneEndpointEquals: {StringEquals: {aws:SourceVpce: "vpce-*"}}
AnyRoleSession: {StringLike: {aws:userid: "AROAEXAMPLEID:*"}}
AnyUserId: {StringLike: {aws:userid: "*:alice"}}
AnyOrgPath: {ForAnyValue:StringLike: {aws:PrincipalOrgPaths: "o-*/*"}}
NotAnArn: {ArnLike: {aws:SourceArn: "prefix-*"}}
ShortArn: {ArnLike: {aws:SourceArn: "arn:aws:*"}}
)");
  auto restricts = [&](const char* key) { return condition_restricts_principal(doc.root().find(key)); };
  CHECK(restricts("SourceArn"));
  CHECK(restricts("OrgId"));
  CHECK(restricts("CallerAccount"));
  CHECK(restricts("SourceIp"));
  CHECK(restricts("AnyValue"));
  CHECK(restricts("VpceAccount"));
  CHECK(restricts("VpceOrgId"));
  CHECK(restricts("VpceOrgPaths"));
  CHECK(restricts("Unknown"));
  CHECK(restricts("UnknownValue"));
  CHECK_FALSE(restricts("SecureTransport"));
  CHECK_FALSE(restricts("IfExists"));
  CHECK_FALSE(restricts("AllValues"));
  CHECK_FALSE(restricts("Negative"));
  CHECK_FALSE(restricts("StarValue"));
  CHECK_FALSE(restricts("OpenRange"));
  CHECK_FALSE(restricts("ViaServiceOnly"));
  // Keys are case-insensitive in IAM; operators are read in any letter case too, so an
  // odd spelling never makes a restricting condition look absent.
  CHECK(restricts("AnyValueMixedCase"));
  CHECK_FALSE(restricts("IfExistsMixedCase"));
  CHECK_FALSE(restricts("AllValuesMixedCase"));
  CHECK_FALSE(condition_restricts_principal(nullptr));
  // A pattern narrows when it fixes the owner (account, organization, bucket, endpoint).
  CHECK_FALSE(restricts("AnyTopic"));
  CHECK(restricts("OwnTopics"));
  CHECK_FALSE(restricts("AnyBucket"));
  CHECK(restricts("OneBucket"));
  CHECK_FALSE(restricts("AnyEndpoint"));
  CHECK_FALSE(restricts("AnyAccountLike"));
  CHECK(restricts("OneEndpointEquals"));  // StringEquals: the text itself, not a pattern
  CHECK(restricts("AnyRoleSession"));
  CHECK_FALSE(restricts("AnyUserId"));
  CHECK_FALSE(restricts("AnyOrgPath"));
  CHECK(restricts("NotAnArn"));  // no ARN to read: not judged
  CHECK_FALSE(restricts("ShortArn"));  // every ARN of every account
}
