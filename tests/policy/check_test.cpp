// What CheckContext's helpers promise that checks and the fixtures do not show directly.
#include <catch2/catch.hpp>

#include <map>

#include "cli/scanner.h"
#include "policy/check.h"
#include "support/fixtures.h"

using namespace cfn;

namespace {

// The messages of one rule's findings in a fixture, by logical id.
std::map<std::string, std::string> messages_by_logical_id(const std::string& file, std::string_view rule_id) {
  ScannedFile scanned = scan_file(cfn::testing::source_dir() + "/" + file, file, ScanOptions{});
  std::map<std::string, std::string> messages;
  for (const Finding& finding : scanned.report.findings)
    if (finding.rule->id == rule_id) messages[finding.logical_id] = finding.message;
  return messages;
}

}  // namespace

TEST_CASE("format_message fills every {resource} and {path}, and leaves other braces", "[policy][message]") {
  CHECK(format_message("{resource} has no {path}.", "Bucket", "Resources.Bucket.Properties.X") ==
        "Bucket has no Resources.Bucket.Properties.X.");
  CHECK(format_message("{resource}{resource}", "A", "") == "AA");
  CHECK(format_message("{path} at the end {path}", "A", "P") == "P at the end P");
  CHECK(format_message("a {literal} brace, {resource} and {", "Q", "") == "a {literal} brace, Q and {");
  CHECK(format_message("no placeholder", "Q", "P") == "no placeholder");
  CHECK(format_message("", "Q", "P").empty());
  CHECK(format_message("{{resource}}", "R", "") == "{R}");
}

TEST_CASE("a sentence added to one finding's message stays with that finding", "[policy][message]") {
  auto origin_messages =
      messages_by_logical_id("fixtures/cloudfront-distribution-http-origin/distributions.yaml",
                             "cloudfront-distribution-http-origin");
  const std::string website = "An S3 website endpoint speaks HTTP only";
  REQUIRE(origin_messages.size() == 4);
  CHECK(origin_messages["WebsiteDistribution"].ends_with(website + ": point the origin at the bucket's REST endpoint "
                                                         "with origin access control instead."));
  CHECK(origin_messages["SiteDistribution"].find(website) != std::string::npos);     // written with !Sub
  CHECK(origin_messages["CdkSiteDistribution"].find(website) != std::string::npos);  // from WebsiteURL
  CHECK(origin_messages["ApiDistribution"].find(website) == std::string::npos);
}

TEST_CASE("a public permission behind an IAM-authenticated function URL says what IAM still admits",
          "[policy][message]") {
  auto messages = messages_by_logical_id("fixtures/lambda-permission-public/permissions.yaml", "lambda-permission-public");
  const std::string iam_url = "Its function URL asks for IAM authentication, which any AWS account's principals pass.";
  REQUIRE(messages.count("PublicIamUrl") == 1);
  CHECK(messages["PublicIamUrl"].ends_with(iam_url));
  size_t with_sentence = 0;
  for (const auto& [id, message] : messages) with_sentence += message.find(iam_url) != std::string::npos;
  CHECK(with_sentence == 1);  // the other public permissions have no URL
}

TEST_CASE("a load balancer's log bucket without encryption is told to use SSE-S3", "[policy][message]") {
  const std::string sse_s3 = "It receives load balancer logs, which are delivered only to buckets encrypted with "
                             "SSE-S3: choose AES256 here, not SSE-KMS.";
  auto logs = messages_by_logical_id("fixtures/s3-bucket-no-encryption/load-balancer-logs.yaml", "s3-bucket-no-encryption");
  REQUIRE(logs.count("AccessLogs") == 1);
  CHECK(logs["AccessLogs"].ends_with(sse_s3));
  for (const auto& [id, message] : messages_by_logical_id("fixtures/s3-bucket-no-encryption/buckets.yaml",
                                                          "s3-bucket-no-encryption")) {
    INFO(id);
    CHECK(message.find(sse_s3) == std::string::npos);  // buckets no load balancer writes to
  }
}

TEST_CASE("an HTTP listener names the condition a Default decides among its actions", "[policy][message]") {
  auto messages = messages_by_logical_id("fixtures/elbv2-listener-plaintext/default-decided-actions.yaml",
                                         "elbv2-listener-plaintext");
  REQUIRE(messages.count("HttpListener") == 1);
  CHECK(messages["HttpListener"].ends_with("(when HasCertificate is false)"));
  REQUIRE(messages.count("HttpFieldsListener") == 1);  // the Fn::If inside the action's Type
  CHECK(messages["HttpFieldsListener"].ends_with("(when HasCertificate is false)"));
}

TEST_CASE("an old TLS policy on a listener says which case it is: none, or one without a TLS 1.2 minimum",
          "[policy][message]") {
  auto messages = messages_by_logical_id("fixtures/elbv2-listener-old-tls-policy/intrinsics.yaml",
                                         "elbv2-listener-old-tls-policy");
  const std::string absent = "Without SslPolicy, a listener CloudFormation creates gets ELBSecurityPolicy-2016-08";
  REQUIRE(messages.count("AdminListener") == 1);
  CHECK(messages["AdminListener"].find(absent) != std::string::npos);
  REQUIRE(messages.count("CheckoutListener") == 1);
  CHECK(messages["CheckoutListener"].find("The policy ELBSecurityPolicy-2016-08 has no TLS 1.2 minimum.") !=
        std::string::npos);
  CHECK(messages["CheckoutListener"].find(absent) == std::string::npos);
}

TEST_CASE("an OpenSearch domain is told only the endpoint setting it gets wrong", "[policy][message]") {
  // A domain enforcing HTTPS with the default TLS policy was told to set EnforceHTTPS to
  // true, and one with a TLS 1.2 policy but plain HTTP to pick a TLS 1.2 policy.
  auto messages = messages_by_logical_id("fixtures/opensearch-domain-https-not-enforced/domains.yaml",
                                         "opensearch-domain-https-not-enforced");
  const std::string enforce = "set DomainEndpointOptions.EnforceHTTPS to true";
  const std::string tls12 = "TLSSecurityPolicy to Policy-Min-TLS-1-2-PFS-2023-10.";
  REQUIRE(messages.size() == 4);
  CHECK(messages["AppSearch"].find("It answers plain HTTP: " + enforce + " and " + tls12) != std::string::npos);
  CHECK(messages["PlainHttpSearch"].ends_with("It answers plain HTTP: " + enforce + "."));
  CHECK(messages["DashboardSearch"].find("Without TLSSecurityPolicy it accepts TLS 1.0 and 1.1") != std::string::npos);
  CHECK(messages["LegacySearch"].find("Policy-Min-TLS-1-0-2019-07 accepts TLS 1.0 and 1.1") != std::string::npos);
  for (const char* https_enforced : {"DashboardSearch", "LegacySearch"}) {
    INFO(https_enforced);
    CHECK(messages[https_enforced].find("EnforceHTTPS") == std::string::npos);
    CHECK(messages[https_enforced].ends_with("set DomainEndpointOptions." + tls12));
  }
}

TEST_CASE("a public DB instance is told which case makes it public", "[policy][message]") {
  // One message covered both ("PubliclyAccessible is true, or absent with no DB subnet
  // group or the one named default"): a reader had to work out which applied.
  auto messages = messages_by_logical_id("fixtures/rds-instance-publicly-accessible/instances.yaml",
                                         "rds-instance-publicly-accessible");
  REQUIRE(messages.size() == 4);
  CHECK(messages["DemoDatabase"].ends_with(
      "(Resources.DemoDatabase.Properties.PubliclyAccessible). PubliclyAccessible is true: set it to false and "
      "reach the database from inside the VPC."));
  CHECK(messages["QuickstartDatabase"].find("Without PubliclyAccessible and DBSubnetGroupName, RDS places it in "
                                            "the default VPC") != std::string::npos);
  CHECK(messages["DefaultSubnetGroupDatabase"].find("in the subnet group named default") != std::string::npos);
  for (const auto& [logical_id, message] : messages) {
    INFO(message);
    CHECK(message.find(" or ") == std::string::npos);
  }
}

TEST_CASE("a secret parameter without NoEcho says so; one with NoEcho false or a Default does not",
          "[policy][message]") {
  auto messages = messages_by_logical_id("fixtures/cloudformation-parameter-secret-no-noecho/parameters.yaml",
                                         "cloudformation-parameter-secret-no-noecho");
  const std::string no_key = "The parameter has no NoEcho.";
  REQUIRE(messages.count("GithubToken") == 1);
  CHECK(messages["GithubToken"].ends_with(no_key));
  REQUIRE(messages.count("ApiSecret") == 1);  // NoEcho: false
  CHECK(messages["ApiSecret"].find(no_key) == std::string::npos);
  REQUIRE(messages.count("AdminPassword") == 1);
  CHECK(messages["AdminPassword"].find(no_key) == std::string::npos);
}

TEST_CASE("resources whose Condition is false only with the Defaults are listed as not checked", "[policy]") {
  const std::string text = R"(Transform: AWS::Serverless-2016-10-31
Parameters:
  Env: {Type: String, Default: dev}
  AppType: {Type: String, AllowedValues: [Public]}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  Never: !Equals [a, b]
  IsPrivate: !Equals [!Ref AppType, Private]
Resources:
  ProdQueue:
    Type: AWS::SQS::Queue
    Condition: IsProd
  NeverQueue:
    Type: AWS::SQS::Queue
    Condition: Never
  ProdFunction:
    Type: AWS::Serverless::Function
    Condition: IsProd
    Properties: {Runtime: python3.12, Handler: app.handler, CodeUri: src/}
  PrivateQueue:
    Type: AWS::SQS::Queue
    Condition: IsPrivate
  ProdLayer:
    Type: AWS::Serverless::LayerVersion
    Condition: IsProd
    Properties: {ContentUri: layer/}
  ProdConnector:
    Type: AWS::Serverless::Connector
    Condition: IsProd
    Properties:
      Source: {Id: ProdFunction}
      Destination: {Id: ProdQueue}
      Permissions: [Write]
  Always:
    Type: AWS::SQS::Queue
)";
  auto ids = [](const ScannedFile& scanned) {
    std::vector<std::string> found;
    for (const UncheckedResource& resource : scanned.report.unchecked)
      found.push_back(resource.logical_id + "/" + resource.condition);
    return found;
  };
  // Never is false whatever the parameters, IsPrivate for every value AppType's AllowedValues
  // let a stack take (it has no Default); ProdFunction's role is SAM's, not listed. A SAM
  // resource none of whose resources keeps its id (the layer's is hashed, the connector
  // makes policies) is listed by its own id, once.
  CHECK(
      ids(scan_text(text, "t.yaml", ScanOptions{})) ==
      std::vector<std::string>{"ProdQueue/IsProd", "ProdFunction/IsProd", "ProdLayer/IsProd", "ProdConnector/IsProd"});
  ScanOptions given;
  given.parameters.values = {{"Env", "dev"}};  // chosen, not a Default
  CHECK(ids(scan_text(text, "t.yaml", given)).empty());
}

TEST_CASE("lambda-permission-service-no-source keeps its property path: baselines match on it", "[policy]") {
  ScannedFile scanned = scan_file(cfn::testing::source_dir() + "/fixtures/lambda-permission-service-no-source/permissions.yaml",
                                  "permissions.yaml", ScanOptions{});
  std::map<std::string, std::string> paths;
  for (const Finding& finding : scanned.report.findings)
    if (finding.rule->id == "lambda-permission-service-no-source") paths[finding.logical_id] = finding.property_path;
  CHECK(paths["ApiInvoke"] == "Resources.ApiInvoke.Properties.SourceArn");
  CHECK(paths["UploadsInvokeByArnOnly"] == "Resources.UploadsInvokeByArnOnly.Properties.SourceAccount");
}
