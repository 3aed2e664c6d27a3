// The advice a YAML syntax error carries (model/yaml_hints.h), read through the loader:
// the text yaml-cpp rejects, the message, and where it points.
#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "model/loader.h"
#include "model/yaml_hints.h"

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

const std::string kStatement =
    "Statement:\n"
    "  - Effect: Allow\n";

}  // namespace

TEST_CASE("yaml hints: an unquoted IAM wildcard", "[yaml][hints]") {
  const std::string advice = "YAML syntax error: a '*' alone starts an alias in YAML; write the wildcard in quotes: '*'.";
  Reported scalar = parse_error(kStatement + "    Action: *\n    Resource: '*'\n");
  CHECK(scalar.message == advice);
  CHECK(scalar.line == 3);
  CHECK(scalar.column == 13);  // at the star, not past it
  Reported item = parse_error(kStatement + "    Action:\n      - s3:GetObject\n      - *\n");
  CHECK(item.message == advice);
  CHECK(item.line == 5);
  CHECK(item.column == 9);
  Reported flow = parse_error(kStatement + "    Action: [s3:GetObject, *]\n");
  CHECK(flow.message == advice);
  CHECK(flow.line == 3);
  CHECK(flow.column == 28);
  // A star inside a value is text, and a named alias that is missing is another error.
  CHECK(cfn::load_yaml(std::make_shared<cfn::SourceFile>("t.yaml", kStatement + "    Action: s3:*\n"), {})
            .diagnostics.empty());
  CHECK(parse_error(kStatement + "    Action: *actions\n").message.find("anchor") != std::string::npos);
}

TEST_CASE("yaml hints: characters that cannot start a plain value", "[yaml][hints]") {
  Reported at = parse_error("Name: @team\n");
  CHECK(at.message == "YAML syntax error: '@' cannot start a plain value in YAML; put the value in quotes.");
  CHECK(at.line == 1);
  CHECK(at.column == 7);
  CHECK(parse_error("Name: `x`\n").message ==
        "YAML syntax error: '`' cannot start a plain value in YAML; put the value in quotes.");
  // A build step's placeholder (AWS Solutions templates write %%BUCKET_NAME%%).
  CHECK(parse_error("Code:\n  S3Bucket: !Sub %DIST_BUCKET%-${AWS::Region}\n").message ==
        "YAML syntax error: '%' cannot start a plain value in YAML; put the value in quotes.");
}

TEST_CASE("yaml hints: a regular expression's backslash in double quotes", "[yaml][hints]") {
  Reported escape = parse_error("Name:\n  AllowedPattern: \"^[a-z]\\d+$\"\n");
  CHECK(escape.message ==
        "YAML syntax error: '\\d' is not an escape in a double-quoted YAML string; write \\\\d inside double "
        "quotes, or put the value in single quotes.");
  CHECK(escape.line == 2);
  CHECK(escape.column == 26);  // the backslash
  // Escapes YAML knows are read, in single quotes a backslash is text.
  CHECK(cfn::load_yaml(std::make_shared<cfn::SourceFile>("t.yaml", "a: \"\\t\\\\d\"\nb: '\\d'\n"), {})
            .diagnostics.empty());
}

TEST_CASE("yaml hints: a ': ' inside a plain value", "[yaml][hints]") {
  Reported colon = parse_error("Properties:\n  AlarmDescription: Backlog: over 100 messages\n");
  CHECK(colon.message ==
        "YAML syntax error: a ': ' inside a plain value starts a mapping; put the whole value in quotes.");
  CHECK(colon.line == 2);
  CHECK(colon.column == 28);
  // Not for the colons of a flow mapping written after a key that lost its own ':'.
  Reported flow = parse_error("Properties:\n  Variants [{Name: main, Model: m}]\n  Other: x\n");
  CHECK(flow.message.find("inside a plain value") == std::string::npos);
}

TEST_CASE("yaml hints: a tab in the indentation", "[yaml][hints]") {
  Reported tab = parse_error("Resources:\n  Bucket:\n\tType: AWS::S3::Bucket\n");
  CHECK(tab.message == "YAML syntax error: this line is indented with a tab; YAML indents with spaces only.");
  CHECK(tab.line == 3);
  CHECK(tab.column == 1);
}

TEST_CASE("yaml hints: keys out of line", "[yaml][hints]") {
  Reported deeper = parse_error("Resources:\n  B:\n    Type: AWS::S3::Bucket\n     Properties:\n      BucketName: x\n");
  CHECK(deeper.message ==
        "YAML syntax error: this key is indented deeper than the key above it, which already has a value; keys of "
        "one mapping must be lined up.");
  CHECK(deeper.line == 4);
  CHECK(deeper.column == 6);
  Reported between = parse_error("Resources:\n  B:\n    Type: AWS::S3::Bucket\n   Properties:\n      BucketName: x\n");
  CHECK(between.message ==
        "YAML syntax error: this line's indentation lines up with no key above it; keys of one mapping must be "
        "lined up.");
  CHECK(between.line == 4);
  CHECK(between.column == 4);
  Reported item = parse_error("Tags:\n  - Key: a\n    Value: b\n   - Key: c\n    Value: d\n");
  CHECK(item.message ==
        "YAML syntax error: this item is not lined up with the items above it; give every item of a list the same "
        "indentation.");
  CHECK(item.line == 4);
  CHECK(item.column == 4);
}

TEST_CASE("yaml hints: a key without its ':'", "[yaml][hints]") {
  // The line below the key is where yaml-cpp stops; the key is on the line above.
  Reported above = parse_error("Resources:\n  B:\n    Type AWS::S3::Bucket\n    Properties:\n      BucketName: x\n");
  CHECK(above.message ==
        "YAML syntax error: this line has no ':' after its key, so the line below was read as more of its text.");
  CHECK(above.line == 3);
  CHECK(above.column == 5);
  // A sibling of keys above it, ended by a comment (which ends a plain scalar): reported there.
  Reported itself = parse_error(
      "Resources:\n  B:\n    Properties:\n      Definition:\n        StartAt: Done\n      Role arn:x\n  # C\n  C:\n");
  CHECK(itself.message == "YAML syntax error: this line has no ':' after its key.");
  CHECK(itself.line == 6);
  CHECK(itself.column == 7);
}

TEST_CASE("yaml hints: text after a quoted value", "[yaml][hints]") {
  Reported after = parse_error("Properties:\n  BucketName: \"logs\" -archive\n");
  CHECK(after.message == "YAML syntax error: text after a quoted value; put all of the value inside the quotes.");
  CHECK(after.line == 2);
  CHECK(after.column == 22);
}

TEST_CASE("yaml hints: no advice, yaml-cpp's words", "[yaml][hints]") {
  // yaml-cpp's message for what no hint recognises.
  CHECK(cfn::yaml_syntax_hint("a: b\n", 2, "some other message") == std::nullopt);
  CHECK(parse_error("a: \"\\xZZ\"\n").message.find("YAML syntax error: bad character found while scanning hex") == 0);
  // Lines of text are not keys: a diff's + markers left in (fixtures/hostile/diff-marker.yaml).
  CHECK(parse_error("Resources:\n  B:\n    Properties:\n      Name: x\n+     Encryption:\n+       Algorithm: kms\n"
                    "  Policy:\n    Type: P\n")
            .message == "YAML syntax error: illegal map value.");
}

TEST_CASE("yaml hints: where yaml-cpp stops at a line's first character", "[yaml][hints]") {
  // A key deeper than the "Key: value" above it, a comment between them.
  Reported deeper = parse_error("KeyArn:\n  Type: String\n  Default: \"\"\n  # what it is\n    Description: A key\n");
  CHECK(deeper.message.find("this key is indented deeper than the key above it") != std::string::npos);
  CHECK(deeper.line == 5);
  CHECK(deeper.column == 5);
  // A key of a list item's mapping one column short ("end of sequence not found").
  Reported short_key = parse_error("Origins:\n  - Id: site\n    S3OriginConfig:\n      Identity: \"\"\n   ControlId: y\n");
  CHECK(short_key.message ==
        "YAML syntax error: this line's indentation lines up with no key above it; keys of one mapping must be "
        "lined up.");
  CHECK(short_key.line == 5);
  // A key that lost its ':' above a list: not "an item out of line", there is no item above.
  Reported lost = parse_error("Metadata:\n  checkov:\n    skip\n      - id: CKV_AWS_19\n        comment: public\n");
  CHECK(lost.message ==
        "YAML syntax error: this line has no ':' after its key, so the line below was read as more of its text.");
  CHECK(lost.line == 3);
  CHECK(lost.column == 5);
}
