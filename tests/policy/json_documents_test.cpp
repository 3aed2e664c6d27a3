// Documents written as JSON text (policies, EMR security configurations) become mappings
// for the checks.
#include <catch2/catch.hpp>

#include "model/loader.h"
#include "policy/json_documents.h"

using namespace cfn;

namespace {

Value properties_of(const std::string& yaml) {
  Document document = load_yaml(std::make_shared<const SourceFile>("t.yaml", yaml));
  REQUIRE(document.root);
  return *document.root;
}

}  // namespace

TEST_CASE("a JSON-text PolicyDocument is parsed, with the string's range everywhere", "[policy][json]") {
  Value properties = properties_of(
      "RoleName: r\n"
      "AssumeRolePolicyDocument: '{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\"}]}'\n");
  auto parsed = parse_json_text_documents(properties);
  REQUIRE(parsed);
  const Value* document = parsed->find("AssumeRolePolicyDocument");
  REQUIRE(document);
  REQUIRE(document->is_mapping());
  const Value& statement = document->find("Statement")->items().at(0);
  CHECK(statement.find("Action")->as_string() == "sts:AssumeRole");
  Range string_range = properties.find("AssumeRolePolicyDocument")->range();
  CHECK(statement.find("Action")->range().begin.line == string_range.begin.line);
  CHECK(statement.find("Action")->range().begin.column == string_range.begin.column);
  CHECK(parsed->find("RoleName")->as_string() == "r");  // the rest is kept
}

TEST_CASE("inline Policies entries are parsed too", "[policy][json]") {
  Value properties = properties_of(
      "Policies:\n"
      "  - PolicyName: p\n"
      "    PolicyDocument: |\n"
      "      {\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}}\n");
  auto parsed = parse_json_text_documents(properties);
  REQUIRE(parsed);
  const Value& policy = parsed->find("Policies")->items().at(0);
  REQUIRE(policy.find("PolicyDocument")->is_mapping());
  CHECK(policy.find("PolicyDocument")->find("Statement")->find("Action")->as_string() == "*");
}

TEST_CASE("a backup vault's AccessPolicy written as JSON text is parsed", "[policy][json]") {
  Value properties = properties_of(
      "BackupVaultName: vault\n"
      "AccessPolicy: |\n"
      "  {\"Statement\": [{\"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": \"backup:DeleteRecoveryPoint\"}]}\n");
  auto parsed = parse_json_text_documents(properties);
  REQUIRE(parsed);
  const Value* document = parsed->find("AccessPolicy");
  REQUIRE(document);
  REQUIRE(document->is_mapping());
  CHECK(document->find("Statement")->items().at(0).find("Effect")->as_string() == "Deny");
}

TEST_CASE("an EMR SecurityConfiguration written as JSON text is parsed", "[policy][json]") {
  Value properties = properties_of(
      "Name: emr\n"
      "SecurityConfiguration: >-\n"
      "  {\"EncryptionConfiguration\": {\"EnableAtRestEncryption\": false, \"EnableInTransitEncryption\": true}}\n");
  auto parsed = parse_json_text_documents(properties);
  REQUIRE(parsed);
  const Value* encryption = parsed->find("SecurityConfiguration")->find("EncryptionConfiguration");
  REQUIRE(encryption);
  CHECK(encryption->find("EnableAtRestEncryption")->as_bool() == false);
  CHECK(encryption->find("EnableInTransitEncryption")->as_bool() == true);
}

TEST_CASE("mappings, intrinsics, other text and broken JSON are left alone", "[policy][json]") {
  CHECK_FALSE(parse_json_text_documents(properties_of("PolicyDocument: {Statement: []}\n")));
  CHECK_FALSE(parse_json_text_documents(properties_of("PolicyDocument: !Sub '{\"a\": \"${X}\"}'\n")));
  CHECK_FALSE(parse_json_text_documents(properties_of("Description: '{\"not\": \"a policy\"}'\n")));
  CHECK_FALSE(parse_json_text_documents(properties_of("PolicyDocument: '{\"Statement\": ['\n")));
  CHECK_FALSE(parse_json_text_documents(properties_of("PolicyDocument: '[1, 2]'\n")));
}
