// The SAM translator's own test cases (../shared/data/sam-translator-tests) as the ground
// truth for expand_sam: for each valid input the same resources (logical ids and types;
// Deployment, Version and LayerVersion ids without their content hash) and the same values
// for the properties checks read. Invalid inputs must give a diagnostic, never a crash.
// The match rate may only go up: tests/sam/translator_floor.txt records it.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/expand_command.h"
#include "model/loader.h"
#include "model/template.h"
#include "sam/expand.h"
#include "sam/values.h"

using nlohmann::json;

namespace {

const std::string kData = CFN_SCAN_SOURCE_DIR "/../shared/data/sam-translator-tests";

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The properties security checks read, compared value for value.
const char* const kCompared[] = {"TracingConfig", "Environment", "Policies", "ManagedPolicyArns",
                                 "AccessLogSetting", "AccessLogSettings", "MethodSettings", "TracingEnabled",
                                 "SSESpecification", "LoggingConfiguration", "TracingConfiguration",
                                 // read by the AppSync, HTTP/WebSocket route, domain TLS, public
                                 // permission and function URL rules
                                 "LogConfig", "XrayEnabled", "AuthenticationType", "AuthorizationType",
                                 "SecurityPolicy", "Principal", "AuthType", "DeadLetterConfig",
                                 // the roles a generated policy (a connector's) is attached to
                                 "Roles",
                                 // of queue, topic and bucket policies and of connectors' managed
                                 // policies, read by the resource-policy and IAM rules
                                 "PolicyDocument"};

// Scalars compared as text: YAML keeps `10` as text, JSON as a number; both mean the same.
json normalized(const json& value) {
  if (value.is_object()) {
    json out = json::object();
    for (auto& [key, item] : value.items()) out[key] = normalized(item);
    return out;
  }
  if (value.is_array()) {
    json out = json::array();
    for (const json& item : value) out.push_back(normalized(item));
    return out;
  }
  if (value.is_string()) return value;
  return value.dump();
}

// Order carries no meaning in ManagedPolicyArns and in a role's Policies.
json as_set(const json& list) {
  if (!list.is_array()) return list;
  std::vector<std::string> items;
  for (const json& item : list) items.push_back(item.dump());
  std::sort(items.begin(), items.end());
  return items;
}

// Every list sorted, at every depth: an IAM policy document means the same in any order.
json unordered(const json& value) {
  if (value.is_object()) {
    json out = json::object();
    for (auto& [key, item] : value.items()) out[key] = unordered(item);
    return out;
  }
  if (!value.is_array()) return value;
  std::vector<json> items;
  for (const json& item : value) items.push_back(unordered(item));
  std::sort(items.begin(), items.end(), [](const json& a, const json& b) { return a.dump() < b.dump(); });
  return items;
}

std::string stripped_id(const std::string& id, const std::string& type) {
  bool hashed = type == "AWS::ApiGateway::Deployment" || type == "AWS::Lambda::Version" ||
                type == "AWS::Lambda::LayerVersion";
  if (!hashed || id.size() < 10) return id;
  std::string tail = id.substr(id.size() - 10);
  bool hex = std::all_of(tail.begin(), tail.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
  return hex ? id.substr(0, id.size() - 10) : id;
}

std::map<std::string, json> by_stripped_id(const json& resources) {
  std::map<std::string, json> out;
  if (!resources.is_object()) return out;
  for (auto& [id, resource] : resources.items()) {
    std::string type = resource.is_object() && resource.contains("Type") && resource["Type"].is_string()
                           ? resource["Type"].get<std::string>() : "";
    out[stripped_id(id, type)] = resource;
  }
  return out;
}

json compared_property(const json& resource, const char* name) {
  if (!resource.is_object() || !resource.contains("Properties") || !resource["Properties"].is_object()) return nullptr;
  const json& properties = resource["Properties"];
  if (!properties.contains(name)) return nullptr;
  json value = normalized(properties[name]);
  std::string property = name;
  if (property == "PolicyDocument") return unordered(value);  // the order of statements, actions, resources
  if (property == "ManagedPolicyArns" || (property == "Policies" && resource.value("Type", "") == "AWS::IAM::Role")) {
    if (value.is_array() && value.empty()) return nullptr;
    return as_set(value);
  }
  return value;
}

std::string compare_resources(const json& expected, const json& actual) {
  std::ostringstream problems;
  auto want = by_stripped_id(expected), got = by_stripped_id(actual);
  for (auto& [id, resource] : want) {
    auto found = got.find(id);
    if (found == got.end()) {
      problems << "  missing " << id << " (" << resource.value("Type", json("?")).dump() << ")\n";
      continue;
    }
    if (resource["Type"] != found->second["Type"])
      problems << "  " << id << ": type " << found->second["Type"].dump() << ", expected " << resource["Type"].dump() << "\n";
    for (const char* name : kCompared) {
      json a = compared_property(resource, name), b = compared_property(found->second, name);
      if (a != b) problems << "  " << id << "." << name << ": got " << b.dump() << "\n      expected " << a.dump() << "\n";
    }
  }
  for (auto& [id, resource] : got)
    if (!want.count(id)) problems << "  extra " << id << " (" << resource.value("Type", json("?")).dump() << ")\n";
  return problems.str();
}

struct Outcome {
  bool valid = true;
  bool passed = false;
  std::string detail;
};

Outcome run_case(const std::string& name) {
  Outcome outcome;
  json expected = json::parse(read(kData + "/output/" + name + ".json"));
  outcome.valid = !expected.contains("errorMessage");
  auto source = std::make_shared<cfn::SourceFile>(name + ".yaml", read(kData + "/input/" + name + ".yaml"));
  cfn::Document document = cfn::load_yaml(source);
  // The translator's tests apply the transform whether or not the input declares it.
  if (document.root && document.root->is_mapping() && !cfn::declares_sam_transform(*document.root))
    cfn::sam::put(*document.root, "Transform", cfn::sam::text("AWS::Serverless-2016-10-31", {}));
  cfn::Document expanded = cfn::expand_sam(std::move(document));
  if (!outcome.valid) {
    // Diagnosed by the SAM step, or by the template's own reading of what it kept (a
    // SAM resource whose Properties is not a mapping is reported once, there).
    outcome.passed = !cfn::Template::build(std::move(expanded)).diagnostics().empty();
    if (!outcome.passed) outcome.detail = "  no diagnostic; expected: " + expected["errorMessage"].dump() + "\n";
    return outcome;
  }
  if (!expanded.root) {
    outcome.detail = "  not parsed\n";
    return outcome;
  }
  json actual = json::parse(cfn::value_to_json(*expanded.root));
  outcome.detail = compare_resources(expected.value("Resources", json::object()), actual.value("Resources", json::object()));
  for (const cfn::Diagnostic& diagnostic : expanded.diagnostics)
    outcome.detail += "  diagnostic " + std::to_string(diagnostic.range.begin.line) + ": " + diagnostic.message + "\n";
  outcome.passed = outcome.detail.empty();
  return outcome;
}

std::vector<std::string> case_names() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(kData + "/input"))
    if (entry.path().extension() == ".yaml") names.push_back(entry.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("SAM translator test cases: resources and security properties match", "[sam][translator]") {
  int valid = 0, valid_passed = 0, invalid = 0, invalid_passed = 0;
  std::ostringstream report;
  for (const std::string& name : case_names()) {
    Outcome outcome = run_case(name);
    (outcome.valid ? valid : invalid) += 1;
    (outcome.valid ? valid_passed : invalid_passed) += outcome.passed ? 1 : 0;
    if (!outcome.passed) report << (outcome.valid ? "FAIL " : "FAIL-INVALID ") << name << "\n" << outcome.detail;
  }
  if (const char* path = std::getenv("CFN_SCAN_SAM_REPORT")) std::ofstream(path) << report.str();
  WARN("SAM translator cases: valid " << valid_passed << "/" << valid << " match, invalid " << invalid_passed << "/"
                                      << invalid << " diagnosed");
  std::istringstream floor(read(CFN_SCAN_SOURCE_DIR "/tests/sam/translator_floor.txt"));
  int valid_floor = 0, invalid_floor = 0;
  floor >> valid_floor >> invalid_floor;
  CHECK(valid_passed >= valid_floor);
  CHECK(invalid_passed >= invalid_floor);
}

namespace {

// The security schemes of an API's Body (securityDefinitions, or OpenAPI 3's
// components.securitySchemes), with the partition written as the translator's tests
// resolve it: the expansion keeps ${AWS::Partition}.
json security_schemes_of(const json& resources, const std::string& api) {
  const json& body = resources.at(api).at("Properties").at("Body");
  json schemes =
      body.contains("securityDefinitions") ? body["securityDefinitions"] : body.at("components").at("securitySchemes");
  std::string text = schemes.dump();
  cfn::replace_all(text, "arn:${AWS::Partition}:apigateway", "arn:aws:apigateway");
  return normalized(json::parse(text));
}

}  // namespace

TEST_CASE("SAM translator test cases: authorizers become the security schemes SAM writes", "[sam][translator]") {
  // (case, API): Cognito and Lambda TOKEN/REQUEST authorizers with every Identity setting;
  // an HTTP API's Lambda request authorizer and JWT authorizer; AWS_IAM where used.
  const std::pair<const char*, const char*> cases[] = {{"api_with_auth_all_maximum", "MyApi"},
                                                       {"http_api_lambda_auth_full", "MyApi"},
                                                       {"http_api_multiple_authorizers", "MyApi"},
                                                       {"api_with_default_aws_iam_auth", "MyApiWithAwsIamAuth"},
                                                       {"api_http_paths_with_if_condition", "MyApi"}};
  for (auto [name, api] : cases) {
    INFO(name);
    json expected = json::parse(read(kData + "/output/" + name + ".json"));
    auto source =
        std::make_shared<cfn::SourceFile>(std::string(name) + ".yaml", read(kData + "/input/" + name + ".yaml"));
    cfn::Document document = cfn::load_yaml(source);
    if (!cfn::declares_sam_transform(*document.root))
      cfn::sam::put(*document.root, "Transform", cfn::sam::text("AWS::Serverless-2016-10-31", {}));
    json actual = json::parse(cfn::value_to_json(*cfn::expand_sam(std::move(document)).root));
    CHECK(security_schemes_of(actual["Resources"], api) == security_schemes_of(expected["Resources"], api));
  }
}
