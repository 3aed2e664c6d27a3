// The advice a YAML syntax error carries (model/yaml_hints.h), read through the loader:
// the text yaml-cpp rejects, the message, and where it points.
#include "model/yaml_hints.h"

#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "model/loader.h"

namespace {

struct Reported {
  std::string message;
  uint32_t line = 0;
  uint32_t column = 0;
};

Reported parse_error(std::string text) {
  cfn::Document document = cfn::load_yaml(std::make_shared<cfn::SourceFile>("t.yaml", std::move(text)), {});
  REQUIRE(document.diagnostics.size() == 1);
  const cfn::Diagnostic& diagnostic = document.diagnostics.front();
  CHECK(diagnostic.rule_id == "template-parse-error");
  return Reported{diagnostic.message, diagnostic.range.begin.line, diagnostic.range.begin.column};
}

// The one diagnostic of `text`: a parse error at `where` ("line:column") saying `message`.
void check_advice(std::string text, const std::string& where, const std::string& message) {
  INFO("input: " << text);
  Reported reported = parse_error(std::move(text));
  CHECK(std::to_string(reported.line) + ":" + std::to_string(reported.column) == where);
  CHECK(reported.message == message);
}

const std::string kStatement =
    "Statement:\n"
    "  - Effect: Allow\n";

}  // namespace

TEST_CASE("yaml hints: an unquoted IAM wildcard", "[yaml][hints]") {
  const std::string advice =
      "YAML syntax error: a '*' alone starts an alias in YAML; write the wildcard in quotes: '*'.";
  check_advice(kStatement + "    Action: *\n    Resource: '*'\n", "3:13", advice);  // at the star, not past it
  check_advice(kStatement + "    Action:\n      - s3:GetObject\n      - *\n", "5:9", advice);
  check_advice(kStatement + "    Action: [s3:GetObject, *]\n", "3:28", advice);
  // A star inside a value is text, and a named alias that is missing is another error.
  CHECK(cfn::load_yaml(std::make_shared<cfn::SourceFile>("t.yaml", kStatement + "    Action: s3:*\n"), {})
            .diagnostics.empty());
  CHECK(parse_error(kStatement + "    Action: *actions\n").message.find("anchor") != std::string::npos);
}

TEST_CASE("yaml hints: characters that cannot start a plain value", "[yaml][hints]") {
  check_advice("Name: @team\n", "1:7",
               "YAML syntax error: '@' cannot start a plain value in YAML; put the value in quotes.");
  CHECK(parse_error("Name: `x`\n").message ==
        "YAML syntax error: '`' cannot start a plain value in YAML; put the value in quotes.");
  // A build step's placeholder (AWS Solutions templates write %%BUCKET_NAME%%).
  CHECK(parse_error("Code:\n  S3Bucket: !Sub %DIST_BUCKET%-${AWS::Region}\n").message ==
        "YAML syntax error: '%' cannot start a plain value in YAML; put the value in quotes.");
  // A project template's Jinja tag (sam init's cookiecutter templates): no quoting helps.
  check_advice("Globals:\n  Function:\n    Timeout: 3\n    {%- if cookiecutter.tracing %}\n    Tracing: Active\n",
               "4:5",
               "YAML syntax error: '{%' starts a Jinja template tag (cookiecutter, sam init); render the template "
               "first, then scan what it writes.");
}

TEST_CASE("yaml hints: a regular expression's backslash in double quotes", "[yaml][hints]") {
  check_advice("Name:\n  AllowedPattern: \"^[a-z]\\d+$\"\n", "2:26",
               "YAML syntax error: '\\d' is not an escape in a double-quoted YAML string; write \\\\d inside "
               "double quotes, or put the value in single quotes.");  // at the backslash
  // Escapes YAML knows are read, in single quotes a backslash is text.
  CHECK(cfn::load_yaml(std::make_shared<cfn::SourceFile>("t.yaml", "a: \"\\t\\\\d\"\nb: '\\d'\n"), {})
            .diagnostics.empty());
}

TEST_CASE("yaml hints: a ': ' inside a plain value", "[yaml][hints]") {
  check_advice("Properties:\n  AlarmDescription: Backlog: over 100 messages\n", "2:28",
               "YAML syntax error: a ': ' inside a plain value starts a mapping; put the whole value in quotes.");
  // Not for the colons of a flow mapping written after a key that lost its own ':'.
  Reported flow = parse_error("Properties:\n  Variants [{Name: main, Model: m}]\n  Other: x\n");
  CHECK(flow.message.find("inside a plain value") == std::string::npos);
}

TEST_CASE("yaml hints: a tab in the indentation", "[yaml][hints]") {
  check_advice("Resources:\n  Bucket:\n\tType: AWS::S3::Bucket\n", "3:1",
               "YAML syntax error: this line is indented with a tab; YAML indents with spaces only.");
}

TEST_CASE("yaml hints: keys out of line", "[yaml][hints]") {
  check_advice(
      "Resources:\n  B:\n    Type: AWS::S3::Bucket\n     Properties:\n      BucketName: x\n", "4:6",
      "YAML syntax error: this key is indented deeper than the key above it, which already has a value; keys of "
      "one mapping must be lined up.");
  check_advice("Resources:\n  B:\n    Type: AWS::S3::Bucket\n   Properties:\n      BucketName: x\n", "4:4",
               "YAML syntax error: this line's indentation lines up with no key above it; keys of one mapping must be "
               "lined up.");
  // A statement's Resource lined up with the dashes of its Action list.
  check_advice(kStatement + "    Action:\n      - s3:GetObject\n      Resource: '*'\n", "5:7",
               "YAML syntax error: this key is lined up with the '-' of the list item above it, where only list items "
               "go; line it up with the key that holds the list, or with the item's keys after '- '.");
  check_advice(
      "Tags:\n  - Key: a\n    Value: b\n   - Key: c\n    Value: d\n", "4:4",
      "YAML syntax error: this item is not lined up with the items above it; give every item of a list the same "
      "indentation.");
}

TEST_CASE("yaml hints: a key without its ':'", "[yaml][hints]") {
  // The line below the key is where yaml-cpp stops; the key is on the line above.
  check_advice(
      "Resources:\n  B:\n    Type AWS::S3::Bucket\n    Properties:\n      BucketName: x\n", "3:5",
      "YAML syntax error: this line has no ':' after its key, so the line below was read as more of its text.");
  // A sibling of keys above it, ended by a comment (which ends a plain scalar): reported there.
  check_advice(
      "Resources:\n  B:\n    Properties:\n      Definition:\n        StartAt: Done\n      Role arn:x\n  # C\n  C:\n",
      "6:7", "YAML syntax error: this line has no ':' after its key.");
}

TEST_CASE("yaml hints: text after a quoted value", "[yaml][hints]") {
  check_advice("Properties:\n  BucketName: \"logs\" -archive\n", "2:22",
               "YAML syntax error: text after a quoted value; put all of the value inside the quotes.");
}

TEST_CASE("yaml hints: no advice, yaml-cpp's words", "[yaml][hints]") {
  // yaml-cpp's message for what no hint recognises.
  CHECK(cfn::yaml_syntax_hint("a: b\n", 2, "some other message") == std::nullopt);
  CHECK(parse_error("a: \"\\xZZ\"\n").message.find("YAML syntax error: bad character found while scanning hex") == 0);
}

TEST_CASE("yaml hints: lines another tool left in the file", "[yaml][hints]") {
  // A diff's + marks (fixtures/hostile/diff-marker.yaml): at the first, though yaml-cpp
  // stops at the key after them.
  check_advice(
      "Resources:\n  B:\n    Properties:\n      Name: x\n+     Encryption:\n+       Algorithm: kms\n"
      "  Policy:\n    Type: P\n",
      "5:1",
      "YAML syntax error: this line starts with '+', a diff's mark of an added line; remove the diff's marks "
      "('+' and '-' in the first column).");
  // A merge left unresolved: at its first marker, whichever yaml-cpp stopped at.
  const std::string conflict =
      "Resources:\n  B:\n    Type: AWS::S3::Bucket\n<<<<<<< HEAD\n    Properties:\n      BucketName: a\n=======\n"
      "    Properties:\n      BucketName: b\n>>>>>>> feature\n";
  check_advice(conflict, "4:1",
               "YAML syntax error: '<<<<<<<' is a merge conflict marker: the file holds both sides of an unresolved "
               "merge; resolve the conflict and remove the markers.");
  check_advice("Resources:\n  B:\n    Type: A\n=======\n  C:\n    Type: B\n", "4:1",
               "YAML syntax error: '=======' is a merge conflict marker: the file holds both sides of an unresolved "
               "merge; resolve the conflict and remove the markers.");
  // Not markers: six '<', a '+' with no blank after it, a marker below where yaml-cpp stopped.
  CHECK(parse_error("A: [1\n<<<<<< x\n").message.find("merge conflict") == std::string::npos);
  CHECK(parse_error("A:\n  B: *\n+x: 1\n").message.find("diff's mark") == std::string::npos);
  CHECK(parse_error("A: *\nB: 1\n<<<<<<< HEAD\n").message.find("merge conflict") == std::string::npos);
}

TEST_CASE("yaml hints: where yaml-cpp stops at a line's first character", "[yaml][hints]") {
  // A key deeper than the "Key: value" above it, a comment between them.
  Reported deeper = parse_error("KeyArn:\n  Type: String\n  Default: \"\"\n  # what it is\n    Description: A key\n");
  CHECK(deeper.message.find("this key is indented deeper than the key above it") != std::string::npos);
  CHECK(deeper.line == 5);
  CHECK(deeper.column == 5);
  // A key of a list item's mapping one column short ("end of sequence not found").
  Reported short_key =
      parse_error("Origins:\n  - Id: site\n    S3OriginConfig:\n      Identity: \"\"\n   ControlId: y\n");
  CHECK(short_key.message ==
        "YAML syntax error: this line's indentation lines up with no key above it; keys of one mapping must be "
        "lined up.");
  CHECK(short_key.line == 5);
  // A key that lost its ':' above a list: not "an item out of line", there is no item above.
  check_advice(
      "Metadata:\n  checkov:\n    skip\n      - id: CKV_AWS_19\n        comment: public\n", "3:5",
      "YAML syntax error: this line has no ':' after its key, so the line below was read as more of its text.");
}
