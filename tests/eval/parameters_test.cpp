// --parameter arguments and --parameters files in every form the AWS tools write.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

#include <unistd.h>

#include "eval/parameters.h"
#include "model/loader.h"

namespace cfn {
namespace {

using Values = std::map<std::string, std::string, std::less<>>;

std::vector<std::string> read_text(ParameterValues& into, std::string text) {
  return add_parameters_file(into, std::make_shared<SourceFile>("params.json", std::move(text)));
}

TEST_CASE("--parameter KEY=VALUE") {
  ParameterValues values;
  CHECK_FALSE(add_parameter_argument(values, "Env=prod").has_value());
  CHECK_FALSE(add_parameter_argument(values, "Empty=").has_value());
  CHECK_FALSE(add_parameter_argument(values, "Query=a=b").has_value());
  CHECK_FALSE(add_parameter_argument(values, "AWS::Region=eu-west-1").has_value());
  CHECK_FALSE(add_parameter_argument(values, "Env=staging").has_value());  // later wins
  CHECK(values.values ==
        Values{{"AWS::Region", "eu-west-1"}, {"Empty", ""}, {"Env", "staging"}, {"Query", "a=b"}});
  CHECK(add_parameter_argument(values, "NoEquals") == "'NoEquals' is not KEY=VALUE.");
  CHECK(add_parameter_argument(values, "=value") == "'=value' has an empty parameter name.");
}

TEST_CASE("a value outside a parameter's AllowedValues is named, each item of a list alone") {
  Document document = load_yaml(std::make_shared<SourceFile>("t.yaml", R"(Parameters:
  Env: {Type: String, AllowedValues: [dev, production]}
  Enabled: {Type: String, AllowedValues: [yes, "false"]}
  Zones: {Type: CommaDelimitedList, AllowedValues: [a, b]}
  Image: {Type: "AWS::SSM::Parameter::Value<String>", AllowedValues: [/ami/x]}
  Free: {Type: String}
)"));
  REQUIRE(document.root);
  const Value* parameters = document.root->find("Parameters");
  ParameterValues given;
  given.values = {{"Env", "prod"}, {"Enabled", "true"}, {"Zones", "a, c"}, {"Image", "/ami/y"}, {"Free", "x"},
                  {"Undeclared", "y"}};
  CHECK(disallowed_parameter_values(parameters, given) ==
        std::vector<std::string>{
            "parameter Env: 'prod' is not one of its AllowedValues (dev, production); CloudFormation rejects it, "
            "and the scan used it as given",
            "parameter Zones: 'c' is not one of its AllowedValues (a, b); CloudFormation rejects it, and the scan "
            "used it as given"});
  given.values = {{"Enabled", "True"}};  // YAML's yes is the text "true"; CloudFormation compares text
  CHECK(disallowed_parameter_values(parameters, given).size() == 1);
  CHECK(disallowed_parameter_values(nullptr, given).empty());
}

TEST_CASE("parameters file: the create-stack list of ParameterKey/ParameterValue") {
  ParameterValues values;
  auto errors = read_text(values, R"([
  {"ParameterKey": "Env", "ParameterValue": "prod"},
  {"ParameterKey": "Port", "ParameterValue": 8080},
  {"ParameterKey": "Kept", "UsePreviousValue": true}
])");
  CHECK(errors.empty());
  CHECK(values.values == Values{{"Env", "prod"}, {"Port", "8080"}});
}

TEST_CASE("parameters file: the Parameters object form") {
  ParameterValues values;
  auto errors = read_text(values, R"({
  "Parameters": {"Env": "prod", "Subnets": ["subnet-1", "subnet-2"], "Debug": false},
  "Tags": {"team": "storage"}
})");
  CHECK(errors.empty());
  CHECK(values.values == Values{{"Debug", "false"}, {"Env", "prod"}, {"Subnets", "subnet-1,subnet-2"}});
}

TEST_CASE("parameters file: the deploy list of KEY=VALUE strings") {
  ParameterValues values;
  auto errors = read_text(values, R"(["Env=prod", "Name=a=b"])");
  CHECK(errors.empty());
  CHECK(values.values == Values{{"Env", "prod"}, {"Name", "a=b"}});
}

TEST_CASE("parameters file errors carry the file and position") {
  ParameterValues values;
  auto errors = read_text(values, R"([
  {"ParameterKey": "Env", "ParameterValue": "prod"},
  {"ParameterValue": "orphan"},
  {"ParameterKey": "NoValue"},
  {"ParameterKey": "Nested", "ParameterValue": {"a": 1}},
  "missing-equals",
  [1, 2]
])");
  CHECK(errors == std::vector<std::string>{
                      "params.json:3:3: \"ParameterKey\" is missing or not a non-empty string.",
                      "params.json:4:3: parameter 'NoValue' has no \"ParameterValue\".",
                      "params.json:5:48: the value of parameter 'Nested' must be a string.",
                      "params.json:6:3: 'missing-equals' is not KEY=VALUE.",
                      "params.json:7:3: a list item must be {\"ParameterKey\": ..., "
                      "\"ParameterValue\": ...} or \"KEY=VALUE\".",
                  });
  CHECK(values.values == Values{{"Env", "prod"}});  // the good entries still count

  ParameterValues more;
  CHECK(read_text(more, R"({"Env": "prod"})") ==
        std::vector<std::string>{
            "params.json:1:1: an object parameters file needs a \"Parameters\" object."});
  CHECK(read_text(more, R"({"Parameters": ["Env=prod"]})") ==
        std::vector<std::string>{
            "params.json:1:16: \"Parameters\" must be an object of names to values."});
  CHECK(read_text(more, R"("text")").size() == 1);
  auto syntax = read_text(more, "[\n  {\"ParameterKey\": }\n]");
  REQUIRE(syntax.size() == 1);
  CHECK(syntax[0].rfind("params.json:2:", 0) == 0);
}

TEST_CASE("read_parameters_file reads from disk, and reports an unreadable file") {
  std::string path = "/tmp/cfn-scan-parameters-test-" + std::to_string(::getpid()) + ".json";
  {
    std::ofstream out(path);
    out << R"({"Parameters": {"Env": "prod"}})";
  }
  ParameterValues values;
  CHECK(read_parameters_file(values, path).empty());
  CHECK(values.values == Values{{"Env", "prod"}});
  std::remove(path.c_str());
  CHECK(read_parameters_file(values, path) ==
        std::vector<std::string>{path + ": cannot read the parameters file."});
}

}  // namespace
}  // namespace cfn
