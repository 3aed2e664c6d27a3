// The SAM step: Globals rules, origins of generated resources, the policy template table,
// the annotated SAM fixtures and SAM / plain-CloudFormation pairs.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "cli/expand_command.h"
#include "model/template.h"
#include "policy/engine.h"
#include "sam/expand.h"
#include "sam/policy_templates.h"
#include "sam/values.h"
#include "support/fixtures.h"

using namespace cfn;

namespace {

Document expand_text(const std::string& text) {
  return expand_sam(load_yaml(std::make_shared<SourceFile>("t.yaml", text)));
}

const Value& resource(const Document& document, std::string_view id) {
  const Value* found = document.root->find("Resources")->find(id);
  INFO("resource " << id);
  REQUIRE(found);
  return *found;
}

const Value* property(const Document& document, std::string_view id, std::string_view name) {
  return resource(document, id).find("Properties")->find(name);
}

// A zip function needs Runtime and Handler (SAM rejects it otherwise): the helper adds
// them locally unless the test sets them itself.
std::string with_globals(const std::string& globals, const std::string& properties,
                         const std::string& attributes = "") {
  std::string required;
  if (properties.find("Runtime:") == std::string::npos) required += "      Runtime: python3.12\n";
  if (properties.find("Handler:") == std::string::npos && globals.find("Handler:") == std::string::npos)
    required += "      Handler: app.handler\n";
  return "Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n" + globals +
         "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n" + attributes +
         "    Properties:\n      CodeUri: s3://b/k\n" + required + properties;
}

std::vector<Finding> findings_after_sam(const std::string& relative_path) {
  std::string path = cfn::testing::source_dir() + "/" + relative_path;
  auto source = std::make_shared<SourceFile>(relative_path, cfn::testing::read_text(path));
  Template tmpl = Template::build(expand_sam(load_document(source)));
  return analyze(tmpl);
}

}  // namespace

TEST_CASE("without the SAM transform the document is unchanged", "[sam]") {
  Document document = expand_text("Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n");
  CHECK(resource(document, "Fn").find("Type")->text() == "AWS::Serverless::Function");
}

TEST_CASE("Globals: a local scalar wins over the global one", "[sam][globals]") {
  Document document = expand_text(with_globals("    Runtime: python3.11\n    Handler: a.b\n", "      Runtime: python3.12\n"));
  CHECK(property(document, "Fn", "Runtime")->text() == "python3.12");
  CHECK(property(document, "Fn", "Handler")->text() == "a.b");
  CHECK(!document.root->find("Globals"));
}

TEST_CASE("Globals: maps merge key by key, the local value winning", "[sam][globals]") {
  Document document = expand_text(with_globals("    Environment:\n      Variables:\n        A: global\n        B: global\n",
                                               "      Environment:\n        Variables:\n          B: local\n          C: local\n"));
  const Value* variables = property(document, "Fn", "Environment")->find("Variables");
  CHECK(variables->find("A")->text() == "global");
  CHECK(variables->find("B")->text() == "local");
  CHECK(variables->find("C")->text() == "local");
}

TEST_CASE("Globals: lists concatenate, global items first", "[sam][globals]") {
  Document document = expand_text(with_globals("    Layers: [arn:global]\n", "      Layers: [arn:local]\n"));
  const Value* layers = property(document, "Fn", "Layers");
  REQUIRE(layers->items().size() == 2);
  CHECK(layers->items()[0].text() == "arn:global");
  CHECK(layers->items()[1].text() == "arn:local");
}

TEST_CASE("Globals: an intrinsic is a scalar, never merged into", "[sam][globals]") {
  Document document = expand_text(with_globals("    Environment:\n      Variables:\n        A: x\n",
                                               "      Environment: !Ref EnvParam\n"));
  CHECK(property(document, "Fn", "Environment")->find("Ref"));
}

TEST_CASE("Globals: IgnoreGlobals drops all or the named properties", "[sam][globals]") {
  Document all = expand_text(with_globals("    Tracing: Active\n    MemorySize: 256\n", "", "    IgnoreGlobals: '*'\n"));
  CHECK(all.diagnostics.empty());
  CHECK(!property(all, "Fn", "TracingConfig"));
  CHECK(!property(all, "Fn", "MemorySize"));
  Document some = expand_text(with_globals("    Tracing: Active\n    MemorySize: 256\n", "", "    IgnoreGlobals: [Tracing]\n"));
  CHECK(!property(some, "Fn", "TracingConfig"));
  CHECK(property(some, "Fn", "MemorySize"));
}

TEST_CASE("Globals: an unsupported property is a diagnostic", "[sam][globals]") {
  Document document = expand_text(with_globals("    Role: arn:aws:iam::1:role/x\n", ""));
  REQUIRE(!document.diagnostics.empty());
  CHECK(document.diagnostics[0].rule_id == "template-invalid-structure");
  CHECK(document.diagnostics[0].range.begin.line == 4);
}

TEST_CASE("Globals of Api reach the implicit API's stage", "[sam][globals]") {
  Document document = expand_text(
      "Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Api:\n    TracingEnabled: true\nResources:\n"
      "  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: s3://b/k\n      Events:\n"
      "        Get:\n          Type: Api\n          Properties:\n            Path: /\n            Method: get\n"
      "      Runtime: python3.12\n      Handler: app.handler\n");
  CHECK(property(document, "ServerlessRestApiProdStage", "TracingEnabled")->text() == "true");
  // The implicit API is anchored at the event that created it, and names the function.
  const Value::Entry* stage = document.root->find("Resources")->find_entry("ServerlessRestApiProdStage");
  CHECK(stage->key_range.begin.line == 11);
  const Value* origin = stage->value.find("Metadata")->find("cfn-scan:origin");
  CHECK(origin->find("Resource")->text() == "Fn");
}

TEST_CASE("a generated role points at Policies and carries its origin", "[sam][origin]") {
  Document document = expand_text(
      "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n"
      "    Metadata:\n      Owner: team\n    Properties:\n      CodeUri: s3://b/k\n"
      "      Policies:\n        - S3ReadPolicy:\n            BucketName: data\n"
      "      Runtime: python3.12\n      Handler: app.handler\n");
  const Value::Entry* role = document.root->find("Resources")->find_entry("FnRole");
  REQUIRE(role);
  CHECK(role->key_range.begin.line == 9);
  const Value* metadata = role->value.find("Metadata");
  CHECK(metadata->find("cfn-scan:origin")->find("Line")->text() == "9");
  const Value* policy = role->value.find("Properties")->find("Policies");
  REQUIRE(policy->items().size() == 1);
  CHECK(policy->items()[0].find("PolicyName")->text() == "FnRolePolicy0");
  // The function keeps its own Metadata next to the origin.
  CHECK(resource(document, "Fn").find("Metadata")->find("Owner"));
}

TEST_CASE("a function's Policies: names become managed policy ARNs, references stay", "[sam]") {
  Document document = expand_text(
      "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n"
      "    Properties:\n      CodeUri: s3://b/k\n      Runtime: python3.12\n      Handler: app.handler\n"
      "      Policies:\n        - AmazonS3ReadOnlyAccess\n        - AWSLambdaVPCAccessExecutionRole\n"
      "        - arn:aws:iam::123456789012:policy/team\n        - '{{resolve:ssm:/policies/fn}}'\n");
  const Value* arns = resource(document, "FnRole").find("Properties")->find("ManagedPolicyArns");
  REQUIRE(arns);
  std::vector<std::string> texts;
  for (const Value& arn : arns->items()) texts.push_back(arn.text());
  // (SAM translator test managed_policies_everything: the dynamic reference is kept.)
  CHECK(texts == std::vector<std::string>{"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                                          "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
                                          "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
                                          "arn:aws:iam::123456789012:policy/team", "{{resolve:ssm:/policies/fn}}"});
}

TEST_CASE("invalid SAM is a diagnostic at the SAM position, never a crash", "[sam]") {
  Document document = expand_text(
      "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n"
      "    Properties:\n      CodeUri: s3://b/k\n      Policies:\n        - NoSuchTemplate: {}\n"
      "      Runtime: python3.12\n      Handler: app.handler\n");
  REQUIRE(document.diagnostics.size() == 1);
  CHECK(document.diagnostics[0].range.begin.line == 8);
  CHECK(document.diagnostics[0].logical_id == "Fn");
}

TEST_CASE("the policy template table equals sam-policy-templates.json", "[sam][policy-templates]") {
  std::ifstream in(CFN_SCAN_SOURCE_DIR "/../shared/data/sam-policy-templates.json");
  REQUIRE(in);
  nlohmann::json data = nlohmann::json::parse(in);
  const auto& templates = data["Templates"];
  CHECK(sam::policy_templates().size() == templates.size());
  for (auto& [name, entry] : templates.items()) {
    INFO("policy template " << name << " (re-run tools/gen_sam_policy_templates.py)");
    const sam::PolicyTemplate* table = sam::find_policy_template(name);
    REQUIRE(table);
    CHECK(nlohmann::json::parse(table->definition_json) == entry["Definition"]);
    std::set<std::string> parameters;
    nlohmann::json declared = entry.value("Parameters", nlohmann::json::object());
    for (auto& [parameter, ignored] : declared.items()) parameters.insert(parameter);
    CHECK(std::set<std::string>(table->parameters.begin(), table->parameters.end()) == parameters);
  }
  CHECK(sam::policy_templates_version() == data.value("Version", ""));
}

TEST_CASE("SAM fixtures report exactly their annotated findings", "[sam][fixtures]") {
  for (const std::string& file : cfn::testing::fixture_files()) {
    if (!file.starts_with("fixtures/sam/")) continue;
    auto expected = cfn::testing::read_expectations(file);
    std::set<cfn::testing::Expectation> found;
    for (const Finding& finding : findings_after_sam(file))
      found.emplace(finding.range.begin.line, std::string(finding.rule->id));
    INFO(file);
    CHECK(found == expected.expect);
    for (const auto& item : found) CHECK(!expected.ok.count(item));
  }
}

TEST_CASE("a SAM template and its plain CloudFormation give the same findings", "[sam][fixtures]") {
  auto summary = [](const std::string& file) {
    std::multiset<std::pair<std::string, std::string>> rules;  // (rule, logical id)
    for (const Finding& finding : findings_after_sam(file))
      rules.emplace(std::string(finding.rule->id), finding.logical_id);
    return rules;
  };
  // Every folder under fixtures/sam/equivalent holds one pair: sam.yaml and plain.yaml.
  int pairs = 0;
  for (const auto& entry : std::filesystem::directory_iterator(cfn::testing::source_dir() + "/fixtures/sam/equivalent")) {
    if (!entry.is_directory()) continue;
    std::string folder = "fixtures/sam/equivalent/" + entry.path().filename().string();
    INFO(folder);
    auto sam_findings = summary(folder + "/sam.yaml");
    CHECK(!sam_findings.empty());
    CHECK(sam_findings == summary(folder + "/plain.yaml"));
    ++pairs;
  }
  CHECK(pairs >= 3);
}

TEST_CASE("expand prints JSON CloudFormation with origins", "[sam][expand]") {
  std::istringstream no_input;  // standard input, read for "-" only
  std::ostringstream out, err;
  int status = run_expand(cfn::testing::source_dir() + "/fixtures/sam/implicit-api.yaml", {}, no_input, out, err);
  CHECK(status == 0);
  nlohmann::json printed = nlohmann::json::parse(out.str());
  const auto& stage = printed["Resources"]["ServerlessRestApiProdStage"];
  CHECK(stage["Type"] == "AWS::ApiGateway::Stage");
  CHECK(stage["Metadata"]["cfn-scan:origin"]["Resource"] == "ApiFunction");
  // The implicit API's stage comes from the GetOrders event: its origin is that line.
  std::istringstream fixture(cfn::testing::read_text(cfn::testing::source_dir() + "/fixtures/sam/implicit-api.yaml"));
  int event_line = 0;
  std::string line;
  for (int number = 1; std::getline(fixture, line); ++number) {
    if (line.find("GetOrders:") != std::string::npos) event_line = number;
  }
  CHECK(stage["Metadata"]["cfn-scan:origin"]["Line"] == event_line);
  std::ostringstream missing_err;
  CHECK(run_expand("/nonexistent.yaml", {}, no_input, out, missing_err) == 2);
  CHECK(missing_err.str() == "cfn-scan expand: /nonexistent.yaml: cannot read: No such file or directory\n");
  // "-" reads the template from standard input; positions name it <stdin>.
  std::istringstream piped(cfn::testing::read_text(cfn::testing::source_dir() + "/fixtures/sam/implicit-api.yaml"));
  std::ostringstream piped_out, piped_err;
  CHECK(run_expand("-", {}, piped, piped_out, piped_err) == 0);
  CHECK(nlohmann::json::parse(piped_out.str()) == nlohmann::json::parse(out.str()));
  // A file that does not parse, or is no template, prints nothing and fails: no rule runs on it.
  for (const auto& [input, why] : std::vector<std::pair<std::string, std::string>>{
           {"Resources:\n  Q: {Type: [unclosed\n", "cfn-scan expand: <stdin>:2:"},
           {"on: push\njobs: {}\n", "cfn-scan expand: <stdin>: not a CloudFormation template"}}) {
    std::istringstream unusable(input);
    std::ostringstream unusable_out, unusable_err;
    CHECK(run_expand("-", {}, unusable, unusable_out, unusable_err) == 2);
    CHECK(unusable_out.str().empty());
    CHECK(unusable_err.str().starts_with(why));
  }
  // A parameter's value reaches the SAM step, as it does for scan.
  std::ostringstream alias_out, alias_err;
  const std::string loops = cfn::testing::source_dir() + "/fixtures/template-invalid-structure/foreach-unknown-collection.yaml";
  CHECK(run_expand(loops, {"Tenants=acme,globex"}, no_input, alias_out, alias_err) == 0);
  nlohmann::json unrolled = nlohmann::json::parse(alias_out.str());
  CHECK(unrolled["Resources"].contains("Queueacme"));
  CHECK(unrolled["Resources"].contains("DeadLettersglobex"));
  CHECK(run_expand(loops, {"no-equals-sign"}, no_input, alias_out, alias_err) == 2);
}

namespace {

// The 1-based line of the first line of a fixture that contains `text`.
uint32_t line_of(const std::string& relative_path, const std::string& text) {
  std::istringstream lines(cfn::testing::read_text(cfn::testing::source_dir() + "/" + relative_path));
  std::string line;
  for (uint32_t number = 1; std::getline(lines, line); ++number)
    if (line.find(text) != std::string::npos) return number;
  return 0;
}

const Finding* find_finding(const std::vector<Finding>& findings, std::string_view rule, std::string_view logical_id) {
  for (const Finding& finding : findings)
    if (finding.rule->id == rule && finding.logical_id == logical_id) return &finding;
  return nullptr;
}

}  // namespace

TEST_CASE("findings on implicit resources point at the SAM line that caused them", "[sam][origin]") {
  // The implicit HTTP API's stage: at the event that created it, naming the function.
  auto http = findings_after_sam("fixtures/sam/http-api.yaml");
  const Finding* stage = find_finding(http, "apigatewayv2-stage-no-access-logging", "ServerlessHttpApiApiGatewayDefaultStage");
  REQUIRE(stage);
  CHECK(stage->range.begin.line == line_of("fixtures/sam/http-api.yaml", "Webhook:"));
  CHECK(stage->sam_resource == "WebhookFunction");
  CHECK(stage->message.find("WebhookFunction") != std::string::npos);

  // A policy statement of a generated role: at the statement inside Policies.
  auto functions = findings_after_sam("fixtures/sam/function-tracing-and-policies.yaml");
  const Finding* wildcard = find_finding(functions, "iam-policy-wildcard-action", "OrdersFunctionRole");
  REQUIRE(wildcard);
  CHECK(wildcard->range.begin.line == line_of("fixtures/sam/function-tracing-and-policies.yaml", "Action: \"*\""));
  CHECK(wildcard->sam_resource == "OrdersFunction");

  // A secret that Globals hands to a function: at the Globals line, named for the function.
  auto globals = findings_after_sam("fixtures/sam/globals-maps-and-lists.yaml");
  const Finding* secret = find_finding(globals, "lambda-function-hardcoded-secret", "CheckoutFunction");
  REQUIRE(secret);
  CHECK(secret->range.begin.line == line_of("fixtures/sam/globals-maps-and-lists.yaml", "PAYMENT_API_KEY:"));
  CHECK(!find_finding(globals, "lambda-function-hardcoded-secret", "ReportFunction"));

  // The $connect route SAM generates for a WebSocket API: at the route's key.
  auto websocket = findings_after_sam("fixtures/sam/websocket-api.yaml");
  const Finding* route = find_finding(websocket, "apigatewayv2-route-no-auth", "ChatApiConnectRoute");
  REQUIRE(route);
  CHECK(route->range.begin.line == line_of("fixtures/sam/websocket-api.yaml", "$connect:"));
}

TEST_CASE("SAM logical-id hashes are the translator's", "[sam]") {
  // Ten hex digits of SHA-1: of a string as it is, of anything else as sorted compact JSON.
  CHECK(sam::sha1_hex("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d");
  CHECK(sam::sha1_hex("") == "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  CHECK(sam::logical_id_hash(sam::text("admin.one.amazon.com", {})) == "5fe29fe649");
  Value reference = sam::mapping({});
  sam::put(reference, "Ref", sam::text("HostedZoneId", {}));
  CHECK(sam::logical_id_hash(reference) == "1194dea82a");
}

TEST_CASE("custom domains, CodeDeploy and connectors expand to what SAM generates", "[sam]") {
  Document document = expand_text(
      "Transform: AWS::Serverless-2016-10-31\nResources:\n"
      "  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n"
      "      Domain:\n        DomainName: api.example.com\n        CertificateArn: arn:aws:acm:us-east-1:1:certificate/x\n"
      "        BasePath: [/v1]\n        Route53:\n          HostedZoneId: Z123\n"
      "  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: s3://b/k\n"
      "      Runtime: python3.12\n      Handler: app.handler\n      AutoPublishAlias: live\n"
      "      DeploymentPreference:\n        Type: Canary10Percent5Minutes\n"
      "  Table:\n    Type: AWS::Serverless::SimpleTable\n"
      "  Link:\n    Type: AWS::Serverless::Connector\n    Properties:\n      Source:\n        Id: Fn\n"
      "      Destination:\n        Id: Table\n      Permissions: [Read]\n");
  CHECK(document.diagnostics.empty());
  std::string domain_id = "ApiGatewayDomainName" + sam::logical_id_hash(sam::text("api.example.com", {}));
  CHECK(resource(document, domain_id).find("Type")->text() == "AWS::ApiGateway::DomainName");
  CHECK(resource(document, "Apiv1BasePathMapping").find("Type")->text() == "AWS::ApiGateway::BasePathMapping");
  CHECK(resource(document, "RecordSetGroup" + sam::logical_id_hash(sam::text("Z123", {}))).find("Type")->text() ==
        "AWS::Route53::RecordSetGroup");
  CHECK(resource(document, "FnDeploymentGroup").find("Type")->text() == "AWS::CodeDeploy::DeploymentGroup");
  CHECK(resource(document, "CodeDeployServiceRole").find("Type")->text() == "AWS::IAM::Role");
  CHECK(resource(document, "FnAliaslive").find("UpdatePolicy"));
  const Value* roles = property(document, "LinkPolicy", "Roles");
  REQUIRE(roles);
  CHECK(sam::ref_target(roles->items()[0]) == std::optional<std::string>("FnRole"));
}

TEST_CASE("AutoPublishAlias named by a parameter: its given value, else a stand-in", "[sam]") {
  const std::string text =
      "Transform: AWS::Serverless-2016-10-31\nParameters:\n  Stage:\n    Type: String\n"
      "    AllowedValues: [beta, prod]\nResources:\n"
      "  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: s3://b/k\n"
      "      Runtime: python3.12\n      Handler: app.handler\n      AutoPublishAlias: !Ref Stage\n";
  // No Default and no value: the deployment names the alias; the template is valid.
  Document unknown = expand_text(text);
  CHECK(unknown.diagnostics.empty());
  CHECK(sam::ref_target(*property(unknown, "FnAlias{Stage}", "Name")) == std::optional<std::string>("Stage"));
  ParameterValues given;
  given.values["Stage"] = "prod";
  Document passed = expand_sam(load_yaml(std::make_shared<SourceFile>("t.yaml", text)), given);
  CHECK(passed.diagnostics.empty());
  CHECK(property(passed, "FnAliasprod", "Name")->text() == "prod");
}

TEST_CASE("an authorizer without a function or user pool is a diagnostic, not a crash", "[sam]") {
  // Found by mutating the translator's cases: the generated Swagger read FunctionArn blindly.
  Document document = expand_text(
      "Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::Api\n"
      "    Properties:\n      StageName: prod\n      Auth:\n        Authorizers:\n          Broken:\n"
      "            Identity:\n              Header: Authorization\n");
  REQUIRE(document.diagnostics.size() == 1);
  CHECK(document.diagnostics[0].logical_id == "Api");
  CHECK(document.diagnostics[0].message.find("FunctionArn") != std::string::npos);
}

TEST_CASE("Auth.ResourcePolicy becomes the API's x-amazon-apigateway-policy", "[sam]") {
  Document document = expand_text(
      "Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::Api\n"
      "    Properties:\n      StageName: prod\n      Auth:\n        ResourcePolicy:\n"
      "          SourceVpcWhitelist: [vpc-1234]\n");
  REQUIRE(document.diagnostics.empty());
  const Value* policy = property(document, "Api", "Body")->find("x-amazon-apigateway-policy");
  REQUIRE(policy);
  const auto& statements = policy->find("Statement")->items();
  REQUIRE(statements.size() == 2);
  CHECK(statements[0].find("Effect")->text() == "Allow");
  CHECK(statements[1].find("Effect")->text() == "Deny");
  // Requests from anywhere but the VPC are denied.
  CHECK(statements[1].find("Condition")->find("StringNotEquals")->find("aws:SourceVpc"));
}

TEST_CASE("a function before packaging: no CodeUri, or an image without ImageUri, is expanded", "[sam]") {
  Document zip = expand_text(
      "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n"
      "    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      AutoPublishAlias: live\n");
  REQUIRE(zip.diagnostics.empty());
  CHECK(resource(zip, "Fn").find("Type")->text() == "AWS::Lambda::Function");
  // The directory the packager uploads, as with `CodeUri: .`.
  CHECK(property(zip, "Fn", "Code")->text() == ".");
  CHECK(resource(zip, "FnRole").find("Type")->text() == "AWS::IAM::Role");
  CHECK(resource(zip, "FnAliaslive").find("Type")->text() == "AWS::Lambda::Alias");

  Document image = expand_text(
      "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n"
      "    Properties:\n      PackageType: Image\n    Metadata:\n      Dockerfile: Dockerfile\n");
  REQUIRE(image.diagnostics.empty());
  const Value* code = property(image, "Fn", "Code");
  REQUIRE(code);
  CHECK(code->is_mapping());
  CHECK(!code->find("ImageUri"));  // known only after `sam build`
  CHECK(property(image, "Fn", "PackageType")->text() == "Image");
}

TEST_CASE("with AutoPublishAlias an API event's integration invokes the alias", "[sam]") {
  Document document = expand_text(
      "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n"
      "    Properties:\n      CodeUri: s3://b/k\n      Runtime: python3.12\n      Handler: app.handler\n"
      "      AutoPublishAlias: live\n      Events:\n        Rest:\n          Type: Api\n"
      "          Properties: {Path: /a, Method: get}\n        Http:\n          Type: HttpApi\n"
      "          Properties: {Path: /a, Method: get}\n");
  REQUIRE(document.diagnostics.empty());
  for (const char* api : {"ServerlessRestApi", "ServerlessHttpApi"}) {
    INFO(api);
    const Value* uri =
        property(document, api, "Body")->find("paths")->find("/a")->find("get")->find("x-amazon-apigateway-integration")->find("uri");
    REQUIRE(uri);
    CHECK(uri->find("Fn::Sub")->text() ==
          "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${FnAliaslive}/invocations");
  }
}

// SAM's deployment makes an extra stage named "Stage" unless OpenApiVersion is set, in
// Globals.Api or on the API, whatever its value (api_with_open_api_version_2).
TEST_CASE("OpenApiVersion removes the extra \"Stage\" stage of SAM's deployments", "[sam]") {
  auto deployment_stage_names = [](const std::string& globals) {
    Document document = expand_text(
        "Transform: AWS::Serverless-2016-10-31\n" + globals +
        "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n"
        "    Properties:\n      CodeUri: s3://b/k\n      Runtime: python3.12\n      Handler: app.handler\n"
        "      Events:\n        Rest:\n          Type: Api\n          Properties: {Path: /a, Method: get}\n");
    std::vector<std::string> names;
    for (const Value::Entry& entry : document.root->find("Resources")->entries()) {
      if (entry.value.find("Type")->text() != "AWS::ApiGateway::Deployment") continue;
      const Value* name = entry.value.find("Properties")->find("StageName");
      names.push_back(name ? name->text() : "(none)");
    }
    return names;
  };
  CHECK(deployment_stage_names("") == std::vector<std::string>{"Stage"});
  CHECK(deployment_stage_names("Globals:\n  Api:\n    OpenApiVersion: 3.0.1\n") == std::vector<std::string>{"(none)"});
  CHECK(deployment_stage_names("Globals:\n  Api:\n    OpenApiVersion: '2.0'\n") == std::vector<std::string>{"(none)"});
}

TEST_CASE("an Api's DefaultAuthorizer and ApiKeyRequired reach the operations of its DefinitionBody", "[sam]") {
  Document document = expand_text(
      "Transform: AWS::Serverless-2016-10-31\nConditions:\n  C: !Equals [a, b]\nResources:\n"
      "  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n      Auth:\n"
      "        ApiKeyRequired: true\n        DefaultAuthorizer: Auth\n        AddDefaultAuthorizerToCorsPreflight: false\n"
      "        Authorizers:\n          Auth:\n            FunctionArn: arn:aws:lambda:us-east-1:1:function:a\n"
      "      DefinitionBody:\n        swagger: '2.0'\n        paths:\n"
      "          /a:\n            Fn::If:\n              - C\n"
      "              - get: {x-amazon-apigateway-integration: {type: mock}}\n"
      "              - get: {x-amazon-apigateway-integration: {type: mock}}\n"
      "                options: {x-amazon-apigateway-integration: {type: mock}}\n"
      "          /own:\n            get:\n              security: [{AWS_IAM: []}]\n"
      "              x-amazon-apigateway-integration: {type: mock}\n"
      "          /none:\n            get: {security: [{NONE: []}], x-amazon-apigateway-integration: {type: mock}}\n"
      "          /no-integration:\n            get: {}\n");
  REQUIRE(document.diagnostics.empty());
  const Value* body = property(document, "Api", "Body");
  auto names = [](const Value* operation) {
    std::vector<std::string> found;
    if (const Value* security = operation->find("security"))
      for (const Value& requirement : security->items()) found.push_back(requirement.entries().front().key);
    return found;
  };
  using Names = std::vector<std::string>;
  const Value& branches = *body->find("paths")->find("/a")->find("Fn::If");
  CHECK(names(branches.items()[1].find("get")) == Names{"Auth", "api_key"});
  CHECK(names(branches.items()[2].find("get")) == Names{"Auth", "api_key"});
  CHECK(names(branches.items()[2].find("options")) == Names{"api_key"});  // no authorizer on the preflight
  CHECK(names(body->find("paths")->find("/own")->find("get")) == Names{"AWS_IAM", "api_key"});
  CHECK(names(body->find("paths")->find("/none")->find("get")) == Names{"NONE", "api_key"});
  CHECK(names(body->find("paths")->find("/no-integration")->find("get")).empty());
  CHECK(body->find("securityDefinitions")->find("Auth"));
  CHECK(body->find("securityDefinitions")->find("api_key"));
}

TEST_CASE("an HttpApi's DefaultAuthorizer reaches the operations of its DefinitionBody without security", "[sam]") {
  Document document = expand_text(
      "Transform: AWS::Serverless-2016-10-31\nResources:\n"
      "  Api:\n    Type: AWS::Serverless::HttpApi\n    Properties:\n      Auth:\n"
      "        DefaultAuthorizer: Jwt\n        Authorizers:\n          Jwt:\n            AuthorizationScopes: [read]\n"
      "            JwtConfiguration: {issuer: https://example.com, audience: [a]}\n"
      "            IdentitySource: $request.header.Authorization\n"
      "      DefinitionBody:\n        openapi: 3.0.1\n        paths:\n"
      "          /a:\n            get: {x-amazon-apigateway-integration: {type: aws_proxy}}\n"
      "            options: {x-amazon-apigateway-integration: {type: aws_proxy}}\n"
      "            post: {security: [{Other: []}], x-amazon-apigateway-integration: {type: aws_proxy}}\n");
  REQUIRE(document.diagnostics.empty());
  const Value* path = property(document, "Api", "Body")->find("paths")->find("/a");
  const Value* security = path->find("get")->find("security");
  REQUIRE(security);
  REQUIRE(security->items().size() == 1);
  CHECK(security->items()[0].find("Jwt")->items()[0].text() == "read");
  CHECK(!path->find("options")->find("security"));
  CHECK(path->find("post")->find("security")->items()[0].find("Other"));
}

TEST_CASE("an implicit API's methods and routes are named for the function whose event created them", "[sam][origin]") {
  const std::string fixture = "fixtures/sam/implicit-api-several-functions.yaml";
  auto findings = findings_after_sam(fixture);
  auto at = [&](std::string_view rule, const std::string& line_text) -> const Finding* {
    for (const Finding& finding : findings)
      if (finding.rule->id == rule && finding.range.begin.line == line_of(fixture, line_text)) return &finding;
    return nullptr;
  };
  for (const char* rule : {"apigateway-method-no-auth", "apigatewayv2-route-no-auth"}) {
    INFO(rule);
    const Finding* first = at(rule, std::string(rule).starts_with("apigatewayv2") ? "ListItemsHttp:" : "ListItems:");
    const Finding* second = at(rule, std::string(rule).starts_with("apigatewayv2") ? "PutItemHttp:" : "PutItem:");
    REQUIRE(first);
    REQUIRE(second);
    CHECK(first->sam_resource == "ListFunction");
    CHECK(first->message.find("generated by SAM for ListFunction") != std::string::npos);
    CHECK(second->sam_resource == "PutFunction");
    CHECK(second->message.find("generated by SAM for PutFunction") != std::string::npos);
  }
  // The API itself (its stage) stays named for the event that created it.
  const Finding* stage = find_finding(findings, "apigateway-stage-no-tracing", "ServerlessRestApiProdStage");
  REQUIRE(stage);
  CHECK(stage->sam_resource == "ListFunction");
}

TEST_CASE("ApiKeyRequired of an event adds the api_key requirement; an intrinsic counts as true, as in SAM", "[sam]") {
  Document document = expand_text(
      "Transform: AWS::Serverless-2016-10-31\nParameters:\n  NeedsKey: {Type: String}\nResources:\n"
      "  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: s3://b/k\n"
      "      Runtime: python3.12\n      Handler: app.handler\n      Events:\n"
      "        Keyed:\n          Type: Api\n          Properties: {Path: /k, Method: get, Auth: {ApiKeyRequired: true}}\n"
      "        Maybe:\n          Type: Api\n          Properties: {Path: /m, Method: get, Auth: {ApiKeyRequired: !Ref NeedsKey}}\n"
      "        Open:\n          Type: Api\n          Properties: {Path: /o, Method: get}\n");
  REQUIRE(document.diagnostics.empty());
  const Value* body = property(document, "ServerlessRestApi", "Body");
  for (const char* path : {"/k", "/m"}) {
    INFO(path);
    const Value* security = body->find("paths")->find(path)->find("get")->find("security");
    REQUIRE(security);
    CHECK(security->items()[0].find("api_key"));
  }
  CHECK(!body->find("paths")->find("/o")->find("get")->find("security"));
  CHECK(body->find("securityDefinitions")->find("api_key")->find("name")->text() == "x-api-key");
}

TEST_CASE("an event's Auth replaces its operation's security in a DefinitionBody with OverrideApiAuth or MergeDefinitions",
          "[sam]") {
  auto security_of = [](const std::string& api_properties, const std::string& event_auth) {
    Document document = expand_text(
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::Api\n"
        "    Properties:\n      StageName: prod\n" + api_properties +
        "      Auth:\n        DefaultAuthorizer: Pool\n        Authorizers:\n          Pool: {UserPoolArn: arn:aws:cognito-idp:us-east-1:1:userpool/p}\n"
        "      DefinitionBody:\n        swagger: '2.0'\n        paths:\n"
        "          /a:\n            get: {x-amazon-apigateway-integration: {type: aws_proxy}}\n"
        "  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: s3://b/k\n"
        "      Runtime: python3.12\n      Handler: app.handler\n      Events:\n        Get:\n          Type: Api\n"
        "          Properties: {RestApiId: !Ref Api, Path: /a, Method: get, Auth: " + event_auth + "}\n");
    REQUIRE(document.diagnostics.empty());
    const Value* security = property(document, "Api", "Body")->find("paths")->find("/a")->find("get")->find("security");
    REQUIRE(security);
    REQUIRE(security->items().size() == 1);
    return security->items()[0].entries().front().key;
  };
  CHECK(security_of("", "{Authorizer: NONE, OverrideApiAuth: true}") == "NONE");
  CHECK(security_of("", "{Authorizer: AWS_IAM}") == "Pool");  // without the override the API's default stays
  CHECK(security_of("      MergeDefinitions: true\n", "{Authorizer: AWS_IAM}") == "AWS_IAM");
}

TEST_CASE("a Cognito event's trigger goes into its user pool's LambdaConfig, beside the template's", "[sam]") {
  Document expanded = expand_text(R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: s3://b/k
      Runtime: python3.12
      Handler: app.handler
      Events:
        SignUp:
          Type: Cognito
          Properties:
            UserPool: !Ref Pool
            Trigger: [PreSignUp, PostConfirmation]
  Pool:
    Type: AWS::Cognito::UserPool
    Properties:
      LambdaConfig:
        CustomMessage: arn:aws:lambda:eu-west-1:111122223333:function:messages
)");
  REQUIRE(expanded.root);
  const Value* config = property(expanded, "Pool", "LambdaConfig");
  REQUIRE(config);
  REQUIRE(config->find("PreSignUp"));
  const Value::Entry* call = config->find("PreSignUp")->intrinsic();
  REQUIRE(call);
  CHECK(call->key == "Fn::GetAtt");
  CHECK(config->find("PostConfirmation"));
  CHECK(config->find("CustomMessage"));  // what the template sets stays
  CHECK(resource(expanded, "FnCognitoPermission").find("Type")->text() == "AWS::Lambda::Permission");
}

TEST_CASE("a state machine's role lists its Policies before the X-Ray policy, as SAM does", "[sam]") {
  Document document = expand_text(
      "Transform: AWS::Serverless-2016-10-31\n"
      "Resources:\n"
      "  Flow:\n"
      "    Type: AWS::Serverless::StateMachine\n"
      "    Properties:\n"
      "      DefinitionUri: s3://bucket/flow.asl.json\n"
      "      Tracing: {Enabled: true}\n"
      "      Policies: AdministratorAccess\n");
  const Value* arns = resource(document, "FlowRole").find("Properties")->find("ManagedPolicyArns");
  REQUIRE(arns);
  REQUIRE(arns->items().size() == 2);
  CHECK(arns->items()[0].text() == "arn:aws:iam::aws:policy/AdministratorAccess");
  CHECK(arns->items()[1].text() == "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess");
}

TEST_CASE("a SAM resource whose Properties is not a mapping is reported once", "[sam]") {
  size_t reported = 0;
  for (const Finding& finding : findings_after_sam("fixtures/template-invalid-structure/sam-properties-not-mapping.yaml"))
    reported += finding.rule->id == "template-invalid-structure";
  CHECK(reported == 1);
}

TEST_CASE("a key beside Properties is reported by the SAM step only for a resource it expands", "[sam]") {
  // Expanded: SAM drops Tracing, and says so.
  Document expanded = expand_text(R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties: {Runtime: python3.12, Handler: app.handler, InlineCode: "x = 1"}
    Tracing: Active
)");
  REQUIRE(expanded.diagnostics.size() == 1);
  CHECK(expanded.diagnostics[0].range.begin.line == 6);
  CHECK(expanded.diagnostics[0].message.find("which SAM drops") != std::string::npos);
  // Not expanded (invalid SAM): kept as written, and the template's own reading reports
  // its unknown keys; the SAM step reports only why it could not expand it.
  Document kept = expand_text(R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    properties: {Runtime: python3.12}
    Tracing: Active
)");
  REQUIRE(kept.diagnostics.size() == 1);
  CHECK(kept.diagnostics[0].message.find("is not valid SAM") != std::string::npos);
}
