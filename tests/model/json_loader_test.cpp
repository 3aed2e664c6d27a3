#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <random>
#include <string>
#include <vector>

#include "model/loader.h"

using namespace cfn;

namespace {

Document load(std::string text, const LoadLimits& limits = {}) {
  return load_json(std::make_shared<SourceFile>("t.json", std::move(text)), limits);
}

// "line:column-line:column", so an expected range reads like the source.
std::string span(Range range) {
  return std::to_string(range.begin.line) + ":" + std::to_string(range.begin.column) + "-" +
         std::to_string(range.end.line) + ":" + std::to_string(range.end.column);
}

const Diagnostic& only_diagnostic(const Document& document) {
  REQUIRE(document.diagnostics.size() == 1);
  return document.diagnostics.front();
}

// A parse error: its rule, where it is, what it says, and that no tree was kept.
void check_parse_error(const std::string& text, const std::string& where, const std::string& message) {
  INFO("input: " << text);
  Document document = load(text);
  const Diagnostic& diagnostic = only_diagnostic(document);
  CHECK(diagnostic.rule_id == "template-parse-error");
  CHECK(span(diagnostic.range) == where);
  CHECK(diagnostic.message == message);
  CHECK(document.root == nullptr);
}

// An independent tokenizer for well-formed JSON: each token's byte range in source order.
struct Token {
  size_t begin;
  size_t end;
};

std::vector<Token> tokenize(const std::string& text) {
  std::vector<Token> tokens;
  size_t at = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  while (at < text.size()) {
    char c = text[at];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ':') {
      ++at;
    } else if (c == '"') {
      size_t end = at + 1;
      while (text[end] != '"') end += text[end] == '\\' ? 2 : 1;
      tokens.push_back({at, end + 1});
      at = end + 1;
    } else if (c == '{' || c == '}' || c == '[' || c == ']') {
      tokens.push_back({at, at + 1});
      ++at;
    } else {
      size_t end = at;
      while (end < text.size() && std::string_view("0123456789+-.eEtruefalsn").find(text[end]) != std::string_view::npos)
        ++end;
      tokens.push_back({at, end});
      at = end;
    }
  }
  return tokens;
}

// The tree's ranges in source order: containers give their brackets, entries their key.
void collect_ranges(const Value& value, std::vector<Range>& ranges) {
  if (value.is_scalar()) {
    ranges.push_back(value.range());
    return;
  }
  ranges.push_back(value.range());  // stands for the opening bracket
  for (const Value& item : value.items()) collect_ranges(item, ranges);
  for (const Value::Entry& entry : value.entries()) {
    ranges.push_back(entry.key_range);
    collect_ranges(entry.value, ranges);
  }
  ranges.push_back(value.range());  // stands for the closing bracket
}

// Every value and key has the range SourceFile::position_at gives for its token's bytes.
void check_every_range(const std::string& text) {
  INFO("input: " << text);
  auto source = std::make_shared<SourceFile>("t.json", text);
  Document document = load_json(source);
  REQUIRE(document.diagnostics.empty());
  REQUIRE(document.root);
  std::vector<Range> ranges;
  collect_ranges(*document.root, ranges);
  std::vector<Token> tokens = tokenize(text);
  REQUIRE(ranges.size() == tokens.size());
  // A container's range runs from its opening token to the end of its closing token.
  std::vector<size_t> open_tokens;
  for (size_t i = 0; i < tokens.size(); ++i) {
    INFO("token " << i << ": " << text.substr(tokens[i].begin, tokens[i].end - tokens[i].begin));
    char first = text[tokens[i].begin];
    if (first == '{' || first == '[') {
      open_tokens.push_back(i);
      CHECK(ranges[i].begin == source->position_at(tokens[i].begin));
    } else if (first == '}' || first == ']') {
      size_t open = open_tokens.back();
      open_tokens.pop_back();
      CHECK(ranges[i].begin == source->position_at(tokens[open].begin));
      CHECK(ranges[i].end == source->position_at(tokens[i].end));
    } else {
      CHECK(ranges[i].begin == source->position_at(tokens[i].begin));
      CHECK(ranges[i].end == source->position_at(tokens[i].end));
    }
  }
}

}  // namespace

TEST_CASE("json: scalars keep their source text and quoting", "[json]") {
  Document document = load(R"({"s": "x\"y\u00e9", "i": 42, "f": 1.50, "e": -3E+02, "t": true, "n": null, "b": false})");
  REQUIRE(document.diagnostics.empty());
  REQUIRE(document.root);
  const Value& root = *document.root;
  REQUIRE(root.is_mapping());
  CHECK(root.find("s")->text() == "x\"y\xC3\xA9");
  CHECK(root.find("s")->quoted());
  CHECK(root.find("i")->text() == "42");
  CHECK_FALSE(root.find("i")->quoted());
  CHECK(root.find("f")->text() == "1.50");
  CHECK(root.find("f")->as_number() == 1.5);
  CHECK(root.find("e")->text() == "-3E+02");
  CHECK(root.find("t")->text() == "true");
  CHECK(root.find("t")->as_bool() == true);
  CHECK(root.find("b")->as_bool() == false);
  CHECK(root.find("n")->text() == "null");
  CHECK(root.find("n")->is_null());
  CHECK_FALSE(root.find("s")->is_null());
}

TEST_CASE("json: a quoted \"null\" is a string, not null", "[json]") {
  Document document = load(R"(["null", "true"])");
  REQUIRE(document.root);
  CHECK_FALSE(document.root->items()[0].is_null());
  CHECK(document.root->items()[0].quoted());
  CHECK(document.root->items()[1].as_bool() == true);
}

TEST_CASE("json: \"yes\" and \"on\" are strings: YAML 1.1 booleans are YAML's", "[json]") {
  Document document = load(R"({"a": "yes", "b": "Off"})");
  REQUIRE(document.root);
  CHECK(document.root->find("a")->text() == "yes");
  CHECK_FALSE(document.root->find("a")->as_bool().has_value());
  CHECK(document.root->find("b")->text() == "Off");
}

TEST_CASE("json: exact ranges of every kind of token", "[json]") {
  //                        1234567890123456789012345678901234567890123456789012345678
  Document document = load(R"({"a": [1, 2.50, -3e2, true, false, null, "x\"y"], "b": {}})");
  REQUIRE(document.diagnostics.empty());
  REQUIRE(document.root);
  const Value& root = *document.root;
  CHECK(span(root.range()) == "1:1-1:59");
  const Value::Entry& a = root.entries()[0];
  CHECK(span(a.key_range) == "1:2-1:5");
  CHECK(span(a.value.range()) == "1:7-1:49");
  const std::vector<Value>& items = a.value.items();
  REQUIRE(items.size() == 7);
  CHECK(span(items[0].range()) == "1:8-1:9");    // 1
  CHECK(span(items[1].range()) == "1:11-1:15");  // 2.50
  CHECK(span(items[2].range()) == "1:17-1:21");  // -3e2
  CHECK(span(items[3].range()) == "1:23-1:27");  // true
  CHECK(span(items[4].range()) == "1:29-1:34");  // false
  CHECK(span(items[5].range()) == "1:36-1:40");  // null
  CHECK(span(items[6].range()) == "1:42-1:48");  // "x\"y": quote to quote, escapes as written
  CHECK(items[6].text() == "x\"y");
  const Value::Entry& b = root.entries()[1];
  CHECK(span(b.key_range) == "1:51-1:54");
  CHECK(span(b.value.range()) == "1:56-1:58");
}

TEST_CASE("json: a top-level scalar and its range", "[json]") {
  // A number at the very end of the input: the lexer's lookahead finds end of input.
  Document number = load("  12");
  REQUIRE(number.root);
  CHECK(number.root->text() == "12");
  CHECK(span(number.root->range()) == "1:3-1:5");
  Document followed = load("12\n");
  REQUIRE(followed.root);
  CHECK(span(followed.root->range()) == "1:1-1:3");
  Document string = load("\"s\"");
  REQUIRE(string.root);
  CHECK(span(string.root->range()) == "1:1-1:4");
  Document literal = load("\n false ");
  REQUIRE(literal.root);
  CHECK(span(literal.root->range()) == "2:2-2:7");
}

TEST_CASE("json: numbers directly before a bracket, comma or end", "[json]") {
  Document document = load("[0,-0,1e5,[7],{\"k\":8}]");
  REQUIRE(document.root);
  const std::vector<Value>& items = document.root->items();
  CHECK(span(items[0].range()) == "1:2-1:3");
  CHECK(span(items[1].range()) == "1:4-1:6");
  CHECK(span(items[2].range()) == "1:7-1:10");
  CHECK(span(items[3].items()[0].range()) == "1:12-1:13");
  CHECK(span(items[3].range()) == "1:11-1:14");
  CHECK(span(items[4].entries()[0].value.range()) == "1:20-1:21");
  CHECK(span(items[4].range()) == "1:15-1:22");
  CHECK(span(document.root->range()) == "1:1-1:23");
}

TEST_CASE("json: a UTF-8 byte-order mark is not a column", "[json]") {
  Document document = load("\xEF\xBB\xBF{\"a\": 1}");
  REQUIRE(document.diagnostics.empty());
  REQUIRE(document.root);
  CHECK(span(document.root->range()) == "1:1-1:9");
  CHECK(span(document.root->entries()[0].key_range) == "1:2-1:5");
  CHECK(span(document.root->entries()[0].value.range()) == "1:7-1:8");
}

TEST_CASE("json: a tab is one column", "[json]") {
  Document document = load("{\n\t\"a\":\t{\n\t\t\"b\": \"c\"\n\t}\n}");
  REQUIRE(document.diagnostics.empty());
  REQUIRE(document.root);
  const Value::Entry& a = document.root->entries()[0];
  CHECK(span(a.key_range) == "2:2-2:5");
  CHECK(span(a.value.range()) == "2:7-4:3");
  const Value::Entry& b = a.value.entries()[0];
  CHECK(span(b.key_range) == "3:3-3:6");
  CHECK(span(b.value.range()) == "3:8-3:11");
  CHECK(span(document.root->range()) == "1:1-5:2");
}

TEST_CASE("json: CRLF line endings", "[json]") {
  Document document = load("{\r\n  \"a\": 1,\r\n  \"b\": [\r\n    true\r\n  ]\r\n}\r\n");
  REQUIRE(document.diagnostics.empty());
  REQUIRE(document.root);
  const Value& root = *document.root;
  CHECK(span(root.entries()[0].key_range) == "2:3-2:6");
  CHECK(span(root.entries()[0].value.range()) == "2:8-2:9");
  CHECK(span(root.entries()[1].key_range) == "3:3-3:6");
  CHECK(span(root.entries()[1].value.range()) == "3:8-5:4");
  CHECK(span(root.entries()[1].value.items()[0].range()) == "4:5-4:9");
  CHECK(span(root.range()) == "1:1-6:2");
}

TEST_CASE("json: BOM, tabs and CRLF together", "[json]") {
  Document document = load("\xEF\xBB\xBF{\r\n\t\"Name\":\t\"x\"\r\n}");
  REQUIRE(document.root);
  CHECK(span(document.root->entries()[0].key_range) == "2:2-2:8");
  CHECK(span(document.root->entries()[0].value.range()) == "2:10-2:13");
  CHECK(span(document.root->range()) == "1:1-3:2");
}

TEST_CASE("json: columns count characters, not bytes", "[json]") {
  // é is 2 bytes, € 3, 😀 4: each is one column.
  Document document = load("{\"é\": \"€😀\", \"k\": 1}");
  REQUIRE(document.root);
  CHECK(span(document.root->entries()[0].key_range) == "1:2-1:5");
  CHECK(span(document.root->entries()[0].value.range()) == "1:7-1:11");
  CHECK(span(document.root->entries()[1].key_range) == "1:13-1:16");
  CHECK(span(document.root->entries()[1].value.range()) == "1:18-1:19");
  CHECK(document.root->entries()[0].value.text() == "€😀");
}

TEST_CASE("json: every range matches the token's bytes", "[json]") {
  check_every_range(R"({"a": [1, 2.50, -3e2, true, false, null, "x\"y\\"], "b": {}, "c": [[], {}, [{}]]})");
  check_every_range("\xEF\xBB\xBF{\"Resources\":{\"B\":{\"Type\":\"AWS::S3::Bucket\"}}}");
  check_every_range("{\r\n\t\"é€\" :\t[ 1 ,\r\"😀\" ,\n\r\n\t-0.5e-3 ] ,\"\\u00e9\\\"\":null}\r\n");
  check_every_range("[\"\\\\\",\"\\\"\",\"a\\nb\",\"\\/\",\"\\ud83d\\ude00\"]");
  check_every_range("  \n\n  [ \t\r\n ]  \r\n");
  check_every_range("0");
  check_every_range("{\"a\":{\"b\":{\"c\":{\"d\":[1,[2,[3,[4]]]]}}}}");

  // A minified template on a single line, and the same template pretty-printed.
  std::string minified = "{\"Resources\":{";
  std::string pretty = "{\n  \"Resources\": {\n";
  for (int i = 0; i < 200; ++i) {
    std::string id = "\"Bucket" + std::to_string(i) + "\"";
    std::string body = "{\"Type\":\"AWS::S3::Bucket\",\"Properties\":{\"Tags\":[{\"Key\":\"n\",\"Value\":" +
                       std::to_string(i) + ".0}],\"Versioning\":true}}";
    minified += (i ? "," : "") + id + ":" + body;
    pretty += std::string(i ? ",\n" : "") + "    " + id + ": {\n      \"Type\": \"AWS::S3::Bucket\",\n" +
              "      \"Properties\": { \"Tags\": [ { \"Key\": \"n\", \"Value\": " + std::to_string(i) +
              ".0 } ], \"Versioning\": true }\n    }";
  }
  minified += "}}";
  pretty += "\n  }\n}\n";
  check_every_range(minified);
  check_every_range(pretty);
}

TEST_CASE("json: empty or blank input is no document and no error", "[json]") {
  for (std::string text : {"", "   ", "\n\r\n\t ", "\xEF\xBB\xBF", "\xEF\xBB\xBF \n"}) {
    Document document = load(text);
    CHECK(document.root == nullptr);
    CHECK(document.diagnostics.empty());
    CHECK(document.source);
  }
}

TEST_CASE("json: duplicate keys", "[json]") {
  Document document = load("{\n  \"Bucket\": {\n    \"BucketName\": \"a\",\n    \"Other\": 1,\n"
                           "    \"BucketName\": {\"x\": [1]}\n  }\n}");
  REQUIRE(document.root);
  const Diagnostic& diagnostic = only_diagnostic(document);
  CHECK(diagnostic.rule_id == "template-duplicate-key");
  CHECK(span(diagnostic.range) == "5:5-5:17");
  CHECK(diagnostic.message == "Duplicate key 'BucketName' (first defined on line 3).");
  // CloudFormation deploys the last definition: it replaces the first, in its place.
  const Value& bucket = *document.root->find("Bucket");
  REQUIRE(bucket.entries().size() == 2);
  CHECK(bucket.find("BucketName")->is_mapping());
  CHECK(span(bucket.entries()[0].key_range) == "5:5-5:17");
  CHECK(bucket.entries()[1].key == "Other");
  CHECK(span(bucket.range()) == "2:13-6:4");
}

TEST_CASE("json: a key repeated three times is reported twice, against the first; the third wins", "[json]") {
  Document document = load("{\"a\":1,\n\"a\":2,\n\"a\":3,\"b\":4}");
  REQUIRE(document.root);
  REQUIRE(document.diagnostics.size() == 2);
  CHECK(span(document.diagnostics[0].range) == "2:1-2:4");
  CHECK(span(document.diagnostics[1].range) == "3:1-3:4");
  CHECK(document.diagnostics[1].message == "Duplicate key 'a' (first defined on line 1).");
  REQUIRE(document.root->entries().size() == 2);
  CHECK(document.root->find("a")->text() == "3");
  CHECK(document.root->find("b")->text() == "4");
}

TEST_CASE("json: the same key in different objects is not a duplicate", "[json]") {
  Document document = load(R"({"a": {"a": 1}, "b": {"a": 2}, "c": [{"a": 3}, {"a": 4}]})");
  CHECK(document.diagnostics.empty());
}

TEST_CASE("json: duplicates in a large object (indexed lookup)", "[json]") {
  std::string text = "{";
  for (int i = 0; i < 100; ++i) text += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ",\n";
  text += "\"k7\": \"again\",\n\"k99\": 0,\n\"k100\": 100}";
  Document document = load(text);
  REQUIRE(document.root);
  REQUIRE(document.diagnostics.size() == 2);
  CHECK(document.diagnostics[0].message == "Duplicate key 'k7' (first defined on line 8).");
  CHECK(span(document.diagnostics[0].range) == "101:1-101:5");
  CHECK(document.diagnostics[1].message == "Duplicate key 'k99' (first defined on line 100).");
  CHECK(document.root->entries().size() == 101);
  CHECK(document.root->find("k7")->text() == "again");
  CHECK(document.root->find("k100")->text() == "100");
}

TEST_CASE("json: keys that differ only in escapes compare decoded", "[json]") {
  Document document = load(R"({"\u0041": 1, "A": 2})");
  REQUIRE(document.diagnostics.size() == 1);
  CHECK(document.diagnostics[0].message == "Duplicate key 'A' (first defined on line 1).");
  CHECK(span(document.diagnostics[0].range) == "1:15-1:18");
}

TEST_CASE("json: syntax errors in the wrong place", "[json]") {
  check_parse_error("{\"a\" 1}", "1:6-1:7",
                    "JSON syntax error: expected ':' after the property name, found the number 1.");
  check_parse_error("{\"a\": 1 \"b\": 2}", "1:9-1:12",
                    "JSON syntax error: expected ',' or '}' after an object member, found the string \"b\".");
  check_parse_error("{\"a\": 1 x}", "1:9-1:10",
                    "JSON syntax error: expected ',' or '}' after an object member, found 'x'.");
  check_parse_error("[1 2]", "1:4-1:5",
                    "JSON syntax error: expected ',' or ']' after an array element, found the number 2.");
  check_parse_error("[true}", "1:6-1:7",
                    "JSON syntax error: expected ',' or ']' after an array element, found '}'.");
  check_parse_error("{,}", "1:2-1:3",
                    "JSON syntax error: expected a property name in double quotes, found ','.");
  check_parse_error("{\"a\",}", "1:5-1:6", "JSON syntax error: expected ':' after the property name, found ','.");
  check_parse_error("[,]", "1:2-1:3", "JSON syntax error: expected a value, found ','.");
  check_parse_error("[1,,2]", "1:4-1:5", "JSON syntax error: expected a value, found ','.");
  check_parse_error("{\"a\":]", "1:6-1:7", "JSON syntax error: expected a value, found ']'.");
  check_parse_error("{\"a\": :}", "1:7-1:8", "JSON syntax error: expected a value, found ':'.");
  check_parse_error("{\"a\":{\"b\":1}}}", "1:14-1:15",
                    "JSON syntax error: expected end of file after the top-level value, found '}'.");
  check_parse_error("{} \"tail\"", "1:4-1:10",
                    "JSON syntax error: expected end of file after the top-level value, found the string \"tail\".");
  check_parse_error("{}\n[1]", "2:1-2:2",
                    "JSON syntax error: expected end of file after the top-level value, found '['.");
  check_parse_error("{1: 2}", "1:2-1:3",
                    "JSON syntax error: expected a property name in double quotes, found the number 1.");
  check_parse_error("{true: 2}", "1:2-1:6",
                    "JSON syntax error: expected a property name in double quotes, found 'true'.");
}

TEST_CASE("json: a trailing comma", "[json]") {
  check_parse_error("[1, 2,\n]", "2:1-2:2", "JSON syntax error: unexpected ']' after ','; remove the trailing comma.");
  check_parse_error("{\"a\": 1,\n  }", "2:3-2:4",
                    "JSON syntax error: unexpected '}' after ','; remove the trailing comma.");
}

TEST_CASE("json: a long string is shortened in messages", "[json]") {
  check_parse_error("[1 \"" + std::string(50, 'x') + "\"]", "1:4-1:56",
                    "JSON syntax error: expected ',' or ']' after an array element, found the string \"" +
                        std::string(39, 'x') + "....");
}

TEST_CASE("json: unexpected end of file", "[json]") {
  // At the bracket or quote left open: the end of a file that ends with a line break is a
  // line past the last one, where a report shows nothing.
  check_parse_error("{\"a\":", "1:1-1:2",
                    "JSON syntax error: the object that starts here is not closed before the end of the file.");
  check_parse_error("{\n  \"a\": [\n    1", "2:8-2:9",
                    "JSON syntax error: the array that starts here is not closed before the end of the file.");
  check_parse_error("[1,\n", "1:1-1:2",
                    "JSON syntax error: the array that starts here is not closed before the end of the file.");
  check_parse_error("{\"a\"", "1:1-1:2",
                    "JSON syntax error: the object that starts here is not closed before the end of the file.");
  check_parse_error("{", "1:1-1:2",
                    "JSON syntax error: the object that starts here is not closed before the end of the file.");
  // The innermost one still open: B and its Properties closed, Resources not.
  check_parse_error("{\n  \"Resources\": {\n    \"B\": {\"Properties\": {}\n    }\n", "2:16-2:17",
                    "JSON syntax error: the object that starts here is not closed before the end of the file.");
  check_parse_error("{\"a\": \"b", "1:7-1:8",
                    "JSON syntax error: the string that starts here is not closed before the end of the file.");
  check_parse_error("[\"\\", "1:2-1:3",
                    "JSON syntax error: the string that starts here is not closed before the end of the file.");
  check_parse_error("[-", "1:3-1:3", "JSON syntax error: invalid number, expected a digit after '-', found end of file.");
}

TEST_CASE("json: words that are not values", "[json]") {
  // The whole bad word is the range, from its first letter.
  check_parse_error("{\"a\": nope}", "1:7-1:11", "JSON syntax error: expected a value, found 'nope'.");
  check_parse_error("{\"a\": tru}", "1:7-1:10", "JSON syntax error: expected a value, found 'tru'.");
  check_parse_error("[ture]", "1:2-1:6", "JSON syntax error: expected a value, found 'ture'.");
  check_parse_error("[yes]", "1:2-1:5", "JSON syntax error: expected a value, found 'yes'.");
  check_parse_error("[tr", "1:2-1:4", "JSON syntax error: expected a value, found 'tr'.");
  check_parse_error("[truex]", "1:6-1:7",
                    "JSON syntax error: expected ',' or ']' after an array element, found 'x'.");
  check_parse_error("{Foo: 1}", "1:2-1:5", "JSON syntax error: expected a property name in double quotes, found 'Foo'.");
  check_parse_error("{'a': 1}", "1:2-1:3",
                    "JSON syntax error: expected a property name in double quotes, found a single quote ('); "
                    "JSON strings use double quotes.");
  check_parse_error("[@]", "1:2-1:3", "JSON syntax error: expected a value, found '@'.");
  check_parse_error("{\n  // the bucket\n  \"a\": 1}", "2:3-2:5",
                    "JSON syntax error: expected a property name in double quotes, found '//'; JSON has no comments.");
  check_parse_error("[1, /* two */ 2]", "1:5-1:7",
                    "JSON syntax error: expected a value, found '/*'; JSON has no comments.");
  check_parse_error("[é]", "1:2-1:3", "JSON syntax error: expected a value, found 'é'.");
  // A merge left unresolved: a marker at a line's start is named; the same characters
  // elsewhere are only text.
  check_parse_error("{\n<<<<<<< HEAD\n  \"a\": 1\n=======\n  \"a\": 2\n>>>>>>> x\n}", "2:1-2:8",
                    "JSON syntax error: expected a property name in double quotes, found '<<<<<<<', a merge conflict "
                    "marker: the file holds both sides of an unresolved merge; resolve the conflict and remove the "
                    "markers.");
  check_parse_error("{\n  \"a\": 1\n=======\n}", "3:1-3:8",
                    "JSON syntax error: expected ',' or '}' after an object member, found '=======', a merge conflict "
                    "marker: the file holds both sides of an unresolved merge; resolve the conflict and remove the "
                    "markers.");
  check_parse_error("{ <<<<<<< x}", "1:3-1:10",
                    "JSON syntax error: expected a property name in double quotes, found '<<<<<<<'.");
  check_parse_error("{\"a\": 1} x", "1:10-1:11",
                    "JSON syntax error: expected end of file after the top-level value, found 'x'.");
}

TEST_CASE("json: malformed numbers point at the offending character", "[json]") {
  check_parse_error("[-x]", "1:3-1:4", "JSON syntax error: invalid number, expected a digit after '-', found 'x'.");
  check_parse_error("[1.]", "1:4-1:5", "JSON syntax error: invalid number, expected a digit after '.', found ']'.");
  check_parse_error("[1e+]", "1:5-1:6",
                    "JSON syntax error: invalid number, expected a digit after exponent sign, found ']'.");
  check_parse_error("[1ex]", "1:4-1:5",
                    "JSON syntax error: invalid number, expected '+', '-' or a digit after exponent, found 'x'.");
  check_parse_error("[1-2]", "1:3-1:5",
                    "JSON syntax error: expected ',' or ']' after an array element, found the number -2.");
  check_parse_error("[0.5.3]", "1:5-1:7", "JSON syntax error: expected ',' or ']' after an array element, found '.3'.");
  // A leading zero ends the number; the next digit is a second value.
  check_parse_error("[01]", "1:3-1:4",
                    "JSON syntax error: expected ',' or ']' after an array element, found the number 1.");
  check_parse_error("[1e999]", "1:2-1:7", "JSON number 1e999 is out of range.");
  check_parse_error("{\"a\":\n  -1e400}", "2:3-2:9", "JSON number -1e400 is out of range.");
}

TEST_CASE("json: very large integers are kept as written", "[json]") {
  Document document = load("[123456789012345678901234567890, -9223372036854775809]");
  REQUIRE(document.root);
  CHECK(document.root->items()[0].text() == "123456789012345678901234567890");
  CHECK(document.root->items()[1].text() == "-9223372036854775809");
}

TEST_CASE("json: problems inside strings", "[json]") {
  // A line break is reported as an empty range just past the line's last character, the
  // same for \n and \r\n (a \r\n belongs to the line it ends; tests/hostile/limits_test.cpp).
  check_parse_error("{\"a\": \"x\ny\"}", "1:9-1:9",
                    "JSON syntax error: line break inside a string; close the string with '\"' or write the line "
                    "break as \\n.");
  check_parse_error("{\"a\": \"x\r\ny\"}", "1:9-1:9",
                    "JSON syntax error: line break inside a string; close the string with '\"' or write the line "
                    "break as \\n.");
  check_parse_error("[\"a\tb\"]", "1:4-1:5",
                    "JSON syntax error: control character U+0009 (HT) inside a string must be escaped to \\u0009 "
                    "or \\t.");
  check_parse_error(std::string("[\"a\0b\"]", 7), "1:4-1:5",
                    "JSON syntax error: control character U+0000 (NUL) inside a string must be escaped to \\u0000.");
  check_parse_error("[\"\\q\"]", "1:4-1:5",
                    "JSON syntax error: invalid escape in a string, found 'q' after '\\'; write a backslash as \\\\.");
  check_parse_error("[\"\\u12G4\"]", "1:7-1:8",
                    "JSON syntax error: '\\u' in a string must be followed by 4 hex digits, found 'G'.");
  check_parse_error("[\"\\ud800\"]", "1:9-1:10",
                    "JSON syntax error: invalid \\u escape in a string: surrogate U+D800..U+DBFF must be followed by "
                    "U+DC00..U+DFFF.");
  check_parse_error("[\"\\udc00\"]", "1:8-1:9",
                    "JSON syntax error: invalid \\u escape in a string: surrogate U+DC00..U+DFFF must follow "
                    "U+D800..U+DBFF.");
}

TEST_CASE("json: invalid UTF-8 is reported where it is", "[json]") {
  check_parse_error("{\"a\": \"ok\xFFno\"}", "1:10-1:11",
                    "JSON syntax error: byte 0xFF inside a string is not valid UTF-8; save the file as UTF-8.");
  // nlohmann stops at the '(' after it; the report names the lead byte.
  check_parse_error("[\"\xC3(\"]", "1:3-1:4",
                    "JSON syntax error: byte 0xC3 inside a string is not valid UTF-8; save the file as UTF-8.");
  // A second byte out of range for its lead (an overlong form): the range covers both bytes.
  check_parse_error("[\"\xE0\x80\x80\"]", "1:3-1:4",
                    "JSON syntax error: byte 0xE0 inside a string is not valid UTF-8; save the file as UTF-8.");
  // A stray continuation byte after a complete character is itself the problem.
  check_parse_error("[\"\xC3\xA9\x80\"]", "1:3-1:4",
                    "JSON syntax error: byte 0x80 inside a string is not valid UTF-8; save the file as UTF-8.");
  // Overlong encoding of '/'.
  check_parse_error("[\"\xC0\xAF\"]", "1:3-1:4",
                    "JSON syntax error: byte 0xC0 inside a string is not valid UTF-8; save the file as UTF-8.");
  // Latin-1 text saved as such, on the second line after valid UTF-8.
  check_parse_error("{\"é\":\n \"caf\xE9\"}", "2:6-2:7",
                    "JSON syntax error: byte 0xE9 inside a string is not valid UTF-8; save the file as UTF-8.");
  check_parse_error("[\"\xE2\x82", "1:2-1:3",
                    "JSON syntax error: the string that starts here is not closed before the end of the file.");
  check_parse_error("[\xFF]", "1:2-1:3", "JSON syntax error: expected a value, found byte 0xFF, which is not UTF-8.");
}

TEST_CASE("json: NUL bytes", "[json]") {
  // nlohmann takes a NUL byte for the end of the input; the rest of the file is not ignored.
  check_parse_error(std::string("{}\0{\"a\": 1}", 11), "1:3-1:4",
                    "JSON syntax error: expected end of file after the top-level value, found a NUL byte (U+0000).");
  check_parse_error(std::string("{\"a\": 1}\n\0", 10), "2:1-2:2",
                    "JSON syntax error: expected end of file after the top-level value, found a NUL byte (U+0000).");
  check_parse_error(std::string("[1\0]", 4), "1:3-1:4",
                    "JSON syntax error: expected ',' or ']' after an array element, found a NUL byte (U+0000).");
  check_parse_error(std::string("\0", 1), "1:1-1:2", "JSON syntax error: expected a value, found a NUL byte (U+0000).");
}

TEST_CASE("json: error positions with a BOM, tabs and CRLF", "[json]") {
  check_parse_error("\xEF\xBB\xBF{\"a\" 1}", "1:6-1:7",
                    "JSON syntax error: expected ':' after the property name, found the number 1.");
  check_parse_error("\xEF\xBB\xBFx", "1:1-1:2", "JSON syntax error: expected a value, found 'x'.");
  check_parse_error("{\r\n\t\"a\":\t1\r\n\t\"b\": 2\r\n}", "3:2-3:5",
                    "JSON syntax error: expected ',' or '}' after an object member, found the string \"b\".");
  check_parse_error("{\r\n\t\"a\": [1,\r\n\t]\r\n}", "3:2-3:3",
                    "JSON syntax error: unexpected ']' after ','; remove the trailing comma.");
  check_parse_error("{\"€\": x}", "1:7-1:8", "JSON syntax error: expected a value, found 'x'.");
  check_parse_error("\xEF\xBB{}", "1:2-1:3", "JSON syntax error: the file starts with an incomplete UTF-8 byte-order mark.");
}

TEST_CASE("json: errors after a duplicate key keep both diagnostics", "[json]") {
  Document document = load("{\"a\": 1, \"a\": 2 \"b\"}");
  REQUIRE(document.diagnostics.size() == 2);
  CHECK(document.diagnostics[0].rule_id == "template-duplicate-key");
  CHECK(document.diagnostics[1].rule_id == "template-parse-error");
  CHECK(document.root == nullptr);
}

TEST_CASE("json: nesting limit", "[json][limits]") {
  SECTION("exactly max_depth levels are read") {
    Document document = load(std::string(256, '[') + std::string(256, ']'));
    CHECK(document.diagnostics.empty());
    CHECK(document.root);
  }
  SECTION("one more level stops reading at the bracket") {
    Document document = load(std::string(257, '[') + std::string(257, ']'));
    const Diagnostic& diagnostic = only_diagnostic(document);
    CHECK(diagnostic.rule_id == "template-limit-exceeded");
    CHECK(span(diagnostic.range) == "1:257-1:258");
    CHECK(diagnostic.message == "The template nests objects and arrays more than 256 levels deep; reading stopped here.");
    CHECK(document.root == nullptr);
  }
  SECTION("a custom limit, objects") {
    LoadLimits limits;
    limits.max_depth = 2;
    Document document = load("{\"a\": {\"b\": {\"c\": 1}}}", limits);
    const Diagnostic& diagnostic = only_diagnostic(document);
    CHECK(diagnostic.rule_id == "template-limit-exceeded");
    CHECK(span(diagnostic.range) == "1:13-1:14");
    CHECK(diagnostic.message == "The template nests objects and arrays more than 2 levels deep; reading stopped here.");
  }
}

TEST_CASE("json: 100,000 nested brackets stop at the limit, quickly", "[json][limits]") {
  // Timing is not asserted (DESIGN.md); this finishes in microseconds, and must not recurse.
  for (std::string open : {"[", "{\"a\":"}) {
    std::string text;
    for (int i = 0; i < 100000; ++i) text += open;
    Document document = load(text);
    const Diagnostic& diagnostic = only_diagnostic(document);
    CHECK(diagnostic.rule_id == "template-limit-exceeded");
    CHECK(diagnostic.range.begin.column == 1 + 256 * open.size());
    CHECK(document.root == nullptr);
  }
}

TEST_CASE("json: value count limit", "[json][limits]") {
  LoadLimits limits;
  limits.max_nodes = 3;
  SECTION("at the limit") {
    Document document = load("[1, 2]", limits);
    CHECK(document.diagnostics.empty());
    CHECK(document.root);
  }
  SECTION("over the limit: the first value too many") {
    Document document = load("[1, 2, \"three\"]", limits);
    const Diagnostic& diagnostic = only_diagnostic(document);
    CHECK(diagnostic.rule_id == "template-limit-exceeded");
    CHECK(span(diagnostic.range) == "1:8-1:9");
    CHECK(diagnostic.message == "The template holds more than 3 values; reading stopped here.");
    CHECK(document.root == nullptr);
  }
  SECTION("containers count, keys do not") {
    Document document = load("{\"a\": {\"b\": 1}}", limits);
    CHECK(document.diagnostics.empty());
    Document over = load("{\"a\": {\"b\": [1]}}", limits);
    CHECK(span(only_diagnostic(over).range) == "1:14-1:15");
  }
}

TEST_CASE("json: the document keeps its source", "[json]") {
  auto source = std::make_shared<SourceFile>("dir/t.json", "{}");
  Document document = load_json(source);
  CHECK(document.source == source);
  REQUIRE(document.root);
  CHECK(document.root->is_mapping());
  CHECK(document.root->entries().empty());
}

TEST_CASE("json: mutated templates: errors exactly when nlohmann rejects, well-formed diagnostics", "[json]") {
  const std::vector<std::string> seeds = {
      "{\n  \"Resources\": {\n    \"B\": {\"Type\": \"AWS::S3::Bucket\", \"Properties\": {\"Tags\": [{\"Key\": "
      "\"k\", \"Value\": 1.5e3}], \"X\": [true, false, null, -0, \"é€😀\\n\\u00e9\"]}}\n  }\n}\n",
      "\xEF\xBB\xBF{\r\n\t\"a\": [1, 2, {\"b\": \"c\"}],\r\n\t\"d\": {}\r\n}",
      "[[[{\"a\":[]}]],\"\\\"\",0.5,1E+2]"};
  const std::string alphabet = "{}[]:,\"\\ \t\r\nte0-1.eEnul\xC3\xA9\xFF\x80\xE2\x82'x";
  std::mt19937 random(7);
  for (int i = 0; i < 3000; ++i) {
    std::string text = seeds[random() % seeds.size()];
    for (int edit = 0; edit < 2; ++edit) {
      size_t at = random() % text.size();
      char c = alphabet[random() % alphabet.size()];
      if (random() % 2) {
        text.insert(at, 1, c);
      } else {
        text.erase(at, 1);
      }
    }
    auto source = std::make_shared<SourceFile>("t.json", text);
    Document document = load_json(source);
    bool parse_error = false;
    for (const Diagnostic& diagnostic : document.diagnostics) {
      INFO("input: " << text << "\nmessage: " << diagnostic.message);
      parse_error = parse_error || diagnostic.rule_id == "template-parse-error";
      CHECK(diagnostic.range.begin.known());
      CHECK_FALSE(diagnostic.range.end < diagnostic.range.begin);
      CHECK_FALSE(source->position_at(text.size()) < diagnostic.range.end);
      CHECK(diagnostic.message.back() == '.');
      CHECK_NOTHROW(nlohmann::json(diagnostic.message).dump());  // throws on invalid UTF-8
    }
    INFO("input: " << text);
    CHECK(parse_error == !nlohmann::json::accept(text));
    CHECK((document.root == nullptr) == parse_error);
  }
}

// load_document: which parser reads the bytes.

TEST_CASE("loader: '{' with valid JSON is read as JSON", "[loader]") {
  auto source = std::make_shared<SourceFile>("t.json", "\xEF\xBB\xBF \n {\"Resources\": {}}");
  Document document = load_document(source);
  CHECK(document.diagnostics.empty());
  REQUIRE(document.root);
  CHECK(span(document.root->range()) == "2:2-2:19");
}

TEST_CASE("loader: JSON with only duplicate keys or limits stays JSON", "[loader]") {
  Document duplicates = load_document(std::make_shared<SourceFile>("t.json", "{\"a\": 1, \"a\": 2}"));
  REQUIRE(duplicates.diagnostics.size() == 1);
  CHECK(duplicates.diagnostics[0].rule_id == "template-duplicate-key");
  CHECK(duplicates.root);
  LoadLimits limits;
  limits.max_depth = 1;
  Document deep = load_document(std::make_shared<SourceFile>("t.json", "{\"a\": {}}"), limits);
  REQUIRE(deep.diagnostics.size() == 1);
  CHECK(deep.diagnostics[0].rule_id == "template-limit-exceeded");
}

TEST_CASE("loader: broken JSON that is not YAML either reports the JSON error", "[loader]") {
  Document document = load_document(std::make_shared<SourceFile>("t.json", "{\n  \"a\": [1, 2}\n"));
  const Diagnostic& diagnostic = only_diagnostic(document);
  CHECK(diagnostic.rule_id == "template-parse-error");
  CHECK(span(diagnostic.range) == "2:13-2:14");
  CHECK(diagnostic.message == "JSON syntax error: expected ',' or ']' after an array element, found '}'.");
  CHECK(document.root == nullptr);
}

TEST_CASE("loader: YAML flow mappings and other starts go to YAML", "[loader][yaml]") {
  Document flow = load_document(std::make_shared<SourceFile>("t.yaml", "{Resources: {}}"));
  CHECK(flow.diagnostics.empty());
  REQUIRE(flow.root);
  REQUIRE(flow.root->find("Resources"));
  Document block = load_document(std::make_shared<SourceFile>("t.yaml", "# {\"a\": 1}\nResources: {}\n"));
  CHECK(block.diagnostics.empty());
  REQUIRE(block.root);
  CHECK(block.root->find("Resources"));
}

TEST_CASE("json: every collection knows whether an intrinsic is written below it", "[json]") {
  Document document = load(R"({"Tags": [{"Key": "a", "Value": "b"}], "Deep": {"A": [1, {"B": {"Ref": "X"}}]}})");
  REQUIRE(document.root);
  const Value& root = *document.root;
  CHECK(root.known_to_contain_intrinsic() == true);
  CHECK(root.find("Tags")->known_to_contain_intrinsic() == false);
  CHECK(root.find("Deep")->find("A")->items()[1].known_to_contain_intrinsic() == true);
  CHECK(root.find("Deep")->find("A")->items()[1].find("B")->find("Ref")->known_to_contain_intrinsic() == false);
}

TEST_CASE("json: every collection knows whether a null is written below it", "[json]") {
  Document document = load(R"({"Tags": [{"Key": "a", "Value": "null"}], "Deep": {"A": [1, {"B": null}]}})");
  REQUIRE(document.root);
  const Value& root = *document.root;
  CHECK(root.known_to_contain_null() == true);
  CHECK(root.find("Tags")->known_to_contain_null() == false);  // the string "null" is no null
  CHECK(root.find("Deep")->find("A")->items()[0].known_to_contain_null() == false);
  CHECK(root.find("Deep")->find("A")->items()[1].known_to_contain_null() == true);
  Value copy = *root.find("Deep");
  copy.entries();  // a change may come: what was known is forgotten
  CHECK(copy.known_to_contain_null() == std::nullopt);
}
