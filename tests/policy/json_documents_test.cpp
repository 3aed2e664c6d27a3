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
  CHECK_FALSE(parse_json_text_documents(properties_of("PolicyDocument: !Sub '{\"a\": \"${X}'\n")));  // unclosed
  CHECK_FALSE(parse_json_text_documents(properties_of("PolicyDocument: !GetAtt Other.Document\n")));
  CHECK_FALSE(parse_json_text_documents(properties_of("Description: '{\"not\": \"a policy\"}'\n")));
  CHECK_FALSE(parse_json_text_documents(properties_of("PolicyDocument: '{\"Statement\": ['\n")));
  CHECK_FALSE(parse_json_text_documents(properties_of("PolicyDocument: '[1, 2]'\n")));
}

TEST_CASE("JSON in a literal block scalar keeps the lines and columns it is written at", "[policy][json]") {
  auto source = std::make_shared<const SourceFile>(
      "t.yaml",
      "RoleName: r\n"                             // 1
      "AssumeRolePolicyDocument: |\n"             // 2
      "  {\n"                                     // 3
      "    \"Statement\": [\n"                    // 4
      "      {\"Effect\": \"Allow\",\n"           // 5
      "       \"Principal\": {\"AWS\": \"*\"}}\n"  // 6
      "    ]\n"                                   // 7
      "  }\n"                                     // 8
      "PolicyDocument: >\n"                       // 9
      "  {\"Statement\": [\n"                     // 10
      "  {\"Effect\": \"Deny\"}]}\n");            // 11
  Document document = load_yaml(source);
  REQUIRE(document.root);
  auto parsed = parse_json_text_documents(*document.root, source.get());
  REQUIRE(parsed);
  const Value& trust = parsed->find("AssumeRolePolicyDocument")->find("Statement")->items().at(0);
  const Value::Entry* principal = trust.find_entry("Principal");
  REQUIRE(principal);
  CHECK(principal->key_range.begin == Position{6, 8});
  const Value* anyone = principal->value.find("AWS");
  REQUIRE(anyone);
  CHECK(anyone->range().begin == Position{6, 29});
  CHECK(anyone->range().end == Position{6, 32});
  CHECK(trust.find("Effect")->range().begin.line == 5);
  // Folded: the text has no line breaks of the source; every value is the string's.
  const Value* folded = parsed->find("PolicyDocument");
  const Value& deny = folded->find("Statement")->items().at(0);
  CHECK(deny.find("Effect")->range() == document.root->find("PolicyDocument")->range());
  // Without the template's source, positions are the string's as before.
  auto unplaced = parse_json_text_documents(*document.root);
  REQUIRE(unplaced);
  const Value* unplaced_principal = unplaced->find("AssumeRolePolicyDocument")->find("Statement")->items().at(0).find("Principal");
  CHECK(unplaced_principal->range() == document.root->find("AssumeRolePolicyDocument")->range());
}

TEST_CASE("a Fn::Sub of JSON text is parsed; the strings its unknown variables are in stay unknown",
          "[policy][json]") {
  Value properties = properties_of(
      "PolicyDocument: !Sub '{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", "
      "\"Resource\": \"arn:${AWS::Partition}:s3:::${Bucket}/*\", \"Condition\": {\"NumericLessThan\": "
      "{\"s3:max-keys\": ${Limit}}, \"StringEquals\": {\"${Prefix}:sub\": \"x\"}}, \"Sid\": \"${!Literal}\"}]}'\n"
      "KeyPolicy:\n"
      "  Fn::Sub:\n"
      "    - '{\"Statement\": [{\"Resource\": \"${Key}\"}]}'\n"
      "    - Key: !GetAtt Key.Arn\n");
  auto parsed = parse_json_text_documents(properties);
  REQUIRE(parsed);
  const Value& statement = parsed->find("PolicyDocument")->find("Statement")->items().at(0);
  CHECK(statement.find("Principal")->as_string() == "*");  // known: judged
  const Value* resource = statement.find("Resource");
  REQUIRE(resource->intrinsic());
  CHECK(resource->intrinsic()->key == "Fn::Sub");
  CHECK(resource->intrinsic()->value.as_string() == "arn:${AWS::Partition}:s3:::${Bucket}/*");
  // A variable written where a number goes is an unknown value too.
  const Value* limit = statement.find("Condition")->find("NumericLessThan")->find("s3:max-keys");
  REQUIRE(limit->intrinsic());
  CHECK(limit->intrinsic()->value.as_string() == "${Limit}");
  // A key keeps its variable as written; ${!Literal} is no variable but the text ${Literal}.
  CHECK(statement.find("Condition")->find("StringEquals")->find("${Prefix}:sub"));
  CHECK(statement.find("Sid")->as_string() == "${Literal}");
  CHECK(parsed->find("PolicyDocument")->known_to_contain_intrinsic() == true);
  // With the Sub's own variable map, the string's Sub keeps it.
  const Value* key = parsed->find("KeyPolicy")->find("Statement")->items().at(0).find("Resource");
  REQUIRE(key->intrinsic());
  const Value& argument = key->intrinsic()->value;
  REQUIRE(argument.is_sequence());
  CHECK(argument.items().at(0).as_string() == "${Key}");
  CHECK(argument.items().at(1).find("Key"));
}
