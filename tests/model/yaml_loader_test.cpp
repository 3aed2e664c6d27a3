#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "model/loader.h"

namespace Catch {
template <>
struct StringMaker<cfn::Range> {
  static std::string convert(const cfn::Range& r) {
    return std::to_string(r.begin.line) + ":" + std::to_string(r.begin.column) + "-" +
           std::to_string(r.end.line) + ":" + std::to_string(r.end.column);
  }
};
template <>
struct StringMaker<cfn::Position> {
  static std::string convert(const cfn::Position& p) {
    return std::to_string(p.line) + ":" + std::to_string(p.column);
  }
};
}  // namespace Catch

namespace {

using cfn::Document;
using cfn::LoadLimits;
using cfn::Position;
using cfn::Range;
using cfn::Value;

Document load(std::string text, LoadLimits limits = {}) {
  return cfn::load_yaml(std::make_shared<cfn::SourceFile>("t.yaml", std::move(text)), limits);
}

Range span(uint32_t line, uint32_t column, uint32_t end_line, uint32_t end_column) {
  return Range{Position{line, column}, Position{end_line, end_column}};
}

const Value& get(const Value& mapping, std::string_view key) {
  const Value* value = mapping.find(key);
  INFO("key " << key);
  REQUIRE(value != nullptr);
  return *value;
}

const Value::Entry& entry(const Value& mapping, std::string_view key) {
  const Value::Entry* found = mapping.find_entry(key);
  INFO("key " << key);
  REQUIRE(found != nullptr);
  return *found;
}

std::vector<std::string> keys_of(const Value& mapping) {
  std::vector<std::string> keys;
  for (const auto& e : mapping.entries()) keys.push_back(e.key);
  return keys;
}

std::vector<std::string> rule_ids(const Document& doc) {
  std::vector<std::string> ids;
  for (const auto& d : doc.diagnostics) ids.push_back(d.rule_id);
  return ids;
}

// The intrinsic {Key: value} a short-form tag became.
const Value& intrinsic_arg(const Value& value, std::string_view key) {
  const Value::Entry* call = value.intrinsic();
  REQUIRE(call != nullptr);
  CHECK(call->key == key);
  return call->value;
}

}  // namespace

// ---------------------------------------------------------------------------------
// Tree shape and ranges

TEST_CASE("yaml: block mapping keys, values and exact ranges", "[yaml]") {
  Document doc = load("Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n");
  REQUIRE(doc.root);
  CHECK(doc.diagnostics.empty());
  const Value& root = *doc.root;
  CHECK(root.is_mapping());
  CHECK(root.range() == span(1, 1, 3, 26));
  CHECK(entry(root, "Resources").key_range == span(1, 1, 1, 10));
  const Value& resources = get(root, "Resources");
  CHECK(resources.range() == span(2, 3, 3, 26));
  CHECK(entry(resources, "Bucket").key_range == span(2, 3, 2, 9));
  const Value& type = get(get(resources, "Bucket"), "Type");
  CHECK(type.text() == "AWS::S3::Bucket");
  CHECK_FALSE(type.quoted());
  CHECK(type.range() == span(3, 11, 3, 26));
}

TEST_CASE("yaml: block sequences end at their last item", "[yaml]") {
  Document doc = load("List:\n  - a\n  - b: 1\n    c: 2\nNext: x\n");
  REQUIRE(doc.root);
  const Value& list = get(*doc.root, "List");
  REQUIRE(list.is_sequence());
  REQUIRE(list.items().size() == 2);
  CHECK(list.range() == span(2, 3, 4, 9));
  CHECK(list.items()[0].range() == span(2, 5, 2, 6));
  CHECK(list.items()[1].is_mapping());
  CHECK(list.items()[1].range() == span(3, 5, 4, 9));
  CHECK(keys_of(list.items()[1]) == std::vector<std::string>{"b", "c"});
}

TEST_CASE("yaml: quoted scalars end after the closing quote and are marked quoted", "[yaml]") {
  Document doc = load("a: 'it''s'\nb: \"x\\\"y\"  # c\nc: \"\"\nd: plain\n");
  REQUIRE(doc.root);
  const Value& a = get(*doc.root, "a");
  CHECK(a.text() == "it's");
  CHECK(a.quoted());
  CHECK(a.range() == span(1, 4, 1, 11));
  const Value& b = get(*doc.root, "b");
  CHECK(b.text() == "x\"y");
  CHECK(b.range() == span(2, 4, 2, 10));
  const Value& c = get(*doc.root, "c");
  CHECK(c.text().empty());
  CHECK(c.quoted());
  CHECK_FALSE(c.is_null());
  CHECK(c.range() == span(3, 4, 3, 6));
  CHECK_FALSE(get(*doc.root, "d").quoted());
}

TEST_CASE("yaml: plain yes/no/on/off/True/FALSE are YAML 1.1 booleans, as CloudFormation reads them", "[yaml]") {
  Document doc = load(
      "a: Yes\nb: no\nc: ON\nd: Off\ne: 'yes'\nf: !!str no\ng: !Ref Yes\nh: y\ni: Yess\nj: [on, off]\n"
      "k: |\n  yes\nl: True\nm: FALSE\nn: 'True'\no: Truee\n");
  REQUIRE(doc.root);
  CHECK(get(*doc.root, "a").text() == "true");
  CHECK(get(*doc.root, "a").range() == span(1, 4, 1, 7));  // where Yes is written
  CHECK(get(*doc.root, "b").text() == "false");
  CHECK(get(*doc.root, "c").text() == "true");
  CHECK(get(*doc.root, "d").text() == "false");
  // Quoted, tagged, block and other spellings stay text.
  CHECK(get(*doc.root, "e").text() == "yes");
  CHECK(get(*doc.root, "f").text() == "no");
  CHECK(intrinsic_arg(get(*doc.root, "g"), "Ref").text() == "Yes");
  CHECK(get(*doc.root, "h").text() == "y");
  CHECK(get(*doc.root, "i").text() == "Yess");
  const Value& list = get(*doc.root, "j");
  REQUIRE(list.items().size() == 2);
  CHECK(list.items()[0].text() == "true");
  CHECK(list.items()[1].text() == "false");
  CHECK(get(*doc.root, "k").text() == "yes\n");
  // True and FALSE are booleans in YAML 1.1 too: the same text as true and false.
  CHECK(get(*doc.root, "l").text() == "true");
  CHECK(get(*doc.root, "m").text() == "false");
  CHECK(get(*doc.root, "n").text() == "True");
  CHECK(get(*doc.root, "o").text() == "Truee");
  // Keys too, so that a Mappings key written yes is found by a FindInMap written yes;
  // quoted, it stays text.
  Document keyed = load("Yes: 1\n'No': 2\n&k off: 3\n");
  REQUIRE(keyed.root);
  CHECK(keys_of(*keyed.root) == std::vector<std::string>{"true", "No", "false"});
}

TEST_CASE("yaml: multi-line quoted scalars end on their last line", "[yaml]") {
  Document doc = load("a: \"one\n  two\"\nb: 'x\n\n  y'\n");
  REQUIRE(doc.root);
  CHECK(get(*doc.root, "a").text() == "one two");
  CHECK(get(*doc.root, "a").range() == span(1, 4, 2, 7));
  CHECK(get(*doc.root, "b").text() == "x\ny");
  CHECK(get(*doc.root, "b").range() == span(3, 4, 5, 5));
}

TEST_CASE("yaml: multi-line plain scalars end at their last text, not spaces or comments",
          "[yaml]") {
  Document doc = load("a: one\n  two  \n  three   # note\nb: x\n");
  REQUIRE(doc.root);
  const Value& a = get(*doc.root, "a");
  CHECK(a.text() == "one two three");
  CHECK_FALSE(a.quoted());
  CHECK(a.range() == span(1, 4, 3, 8));
  CHECK(get(*doc.root, "b").range() == span(4, 4, 4, 5));
}

TEST_CASE("yaml: block scalars end at their last content line", "[yaml]") {
  Document doc = load(
      "lit: |\n  line 1\n  line 2\n\n\nfold: >-\n    f1\n    f2\n  # not content\n"
      "keep: |+\n  k\n\nexplicit: |2\n   x\n  y\nlast: 1\n");
  REQUIRE(doc.root);
  const Value& lit = get(*doc.root, "lit");
  CHECK(lit.text() == "line 1\nline 2\n");
  CHECK(lit.quoted());
  CHECK(lit.range() == span(1, 6, 3, 9));
  const Value& fold = get(*doc.root, "fold");
  CHECK(fold.text() == "f1 f2");
  CHECK(fold.quoted());
  CHECK(fold.range() == span(6, 7, 8, 7));
  CHECK(get(*doc.root, "keep").text() == "k\n\n");
  CHECK(get(*doc.root, "keep").range() == span(10, 7, 11, 4));
  const Value& explicit_indent = get(*doc.root, "explicit");
  CHECK(explicit_indent.text() == " x\ny\n");
  CHECK(explicit_indent.range() == span(13, 11, 15, 4));
  CHECK(get(*doc.root, "last").range() == span(16, 7, 16, 8));
}

TEST_CASE("yaml: block scalars in sequences and compact mappings", "[yaml]") {
  Document doc = load("- |\n  a\n- k: >\n    b\n  j: 1\n- x\n");
  REQUIRE(doc.root);
  const auto& items = doc.root->items();
  REQUIRE(items.size() == 3);
  CHECK(items[0].text() == "a\n");
  CHECK(items[0].range() == span(1, 3, 2, 4));
  CHECK(get(items[1], "k").text() == "b\n");
  CHECK(get(items[1], "k").range() == span(3, 6, 4, 6));
  CHECK(get(items[1], "j").range() == span(5, 6, 5, 7));
  CHECK(items[2].range() == span(6, 3, 6, 4));
}

// yaml-cpp 0.7 rejects these (its issue 1163) though YAML allows them; the loader reads
// the file again with the tags hidden from yaml-cpp and puts them back.
TEST_CASE("yaml: a tagged block scalar as a sequence item, indented less than four past the dash", "[yaml]") {
  Document doc = load("a:\n  - !Sub |\n    x ${AWS::Region}\n  - - !Ref >-  # c\n      B\n  - c\n");
  REQUIRE(doc.root);
  CHECK(doc.diagnostics.empty());
  const auto& items = get(*doc.root, "a").items();
  REQUIRE(items.size() == 3);
  CHECK(intrinsic_arg(items[0], "Fn::Sub").text() == "x ${AWS::Region}\n");
  CHECK(items[0].range() == span(2, 5, 3, 21));
  CHECK(intrinsic_arg(items[0], "Fn::Sub").range() == span(2, 10, 3, 21));
  REQUIRE(items[1].items().size() == 1);
  CHECK(intrinsic_arg(items[1].items()[0], "Ref").text() == "B");
  CHECK(items[2].text() == "c");
}

TEST_CASE("yaml: with a tagged block item and a real error, the real error is reported", "[yaml]") {
  Document doc = load("L:\n  - !Sub |\n    a\n  - b\nZ: \"x\n");
  REQUIRE(rule_ids(doc) == std::vector<std::string>{"template-parse-error"});
  CHECK(doc.diagnostics[0].range.begin == Position{5, 4});  // the unclosed quote, not the item
  REQUIRE(doc.root);
  CHECK(intrinsic_arg(get(*doc.root, "L").items()[0], "Fn::Sub").text() == "a\n");
}

TEST_CASE("yaml: a line inside a block scalar that looks like a tagged item is not changed", "[yaml]") {
  // The file fails to parse for another reason (the unclosed flow sequence): the second
  // reading, which would blank `!Sub` inside the script, is not kept.
  Document doc = load("Script: |\n  - !Sub |\n  x\nBad: [1, 2\n");
  CHECK(rule_ids(doc) == std::vector<std::string>{"template-parse-error"});
  REQUIRE(doc.root);
  CHECK(get(*doc.root, "Script").text() == "- !Sub |\nx\n");
  // Beside a real one, the lookalike in the script keeps its text and the item its tag.
  doc = load("Script: |\n  - !Sub |\n  x\nList:\n  - !Sub |\n    y\n");
  CHECK(doc.diagnostics.empty());
  REQUIRE(doc.root);
  CHECK(get(*doc.root, "Script").text() == "- !Sub |\nx\n");
  REQUIRE(get(*doc.root, "List").items().size() == 1);
  CHECK(intrinsic_arg(get(*doc.root, "List").items()[0], "Fn::Sub").text() == "y\n");
}

TEST_CASE("yaml: an empty block scalar ends after its indicator", "[yaml]") {
  Document doc = load("a: |\nb: 1\n");
  REQUIRE(doc.root);
  CHECK(get(*doc.root, "a").text().empty());
  CHECK(get(*doc.root, "a").range() == span(1, 4, 1, 5));
  CHECK(get(*doc.root, "b").text() == "1");
}

TEST_CASE("yaml: flow collections end after their closing bracket", "[yaml]") {
  Document doc =
      load("a: [1, 2, ]  # c\nb: {x: [\n  1, # one\n  2\n  ]\n}\nc: []\nd: {}\ne: [p: q, r]\n");
  REQUIRE(doc.root);
  const Value& a = get(*doc.root, "a");
  REQUIRE(a.items().size() == 2);
  CHECK(a.range() == span(1, 4, 1, 12));
  const Value& b = get(*doc.root, "b");
  CHECK(b.range() == span(2, 4, 6, 2));
  CHECK(get(b, "x").range() == span(2, 8, 5, 4));
  CHECK(get(*doc.root, "c").range() == span(7, 4, 7, 6));
  CHECK(get(*doc.root, "c").items().empty());
  CHECK(get(*doc.root, "d").range() == span(8, 4, 8, 6));
  CHECK(get(*doc.root, "d").entries().empty());
  // A compact mapping inside a flow sequence has no braces: it ends at its value.
  const Value& e = get(*doc.root, "e");
  REQUIRE(e.items().size() == 2);
  CHECK(e.items()[0].is_mapping());
  CHECK(e.items()[0].range() == span(9, 5, 9, 9));
  CHECK(e.range() == span(9, 4, 9, 13));
}

TEST_CASE("yaml: a # inside a plain scalar is text, after a space a comment", "[yaml]") {
  Document doc = load("a: x#y\nb: x #y\nc: [p#q, r] # s\n");
  REQUIRE(doc.root);
  CHECK(get(*doc.root, "a").text() == "x#y");
  CHECK(get(*doc.root, "a").range() == span(1, 4, 1, 7));
  CHECK(get(*doc.root, "b").text() == "x");
  CHECK(get(*doc.root, "b").range() == span(2, 4, 2, 5));
  CHECK(get(*doc.root, "c").items()[0].text() == "p#q");
  CHECK(get(*doc.root, "c").range() == span(3, 4, 3, 12));
}

TEST_CASE("yaml: multi-line plain scalars inside flow collections", "[yaml]") {
  Document doc = load("[a\n b, \"c\n d\"]\n");
  REQUIRE(doc.root);
  REQUIRE(doc.root->items().size() == 2);
  CHECK(doc.root->items()[0].text() == "a b");
  CHECK(doc.root->items()[0].range() == span(1, 2, 2, 3));
  CHECK(doc.root->items()[1].range() == span(2, 5, 3, 4));
  CHECK(doc.root->range() == span(1, 1, 3, 5));
}

// ---------------------------------------------------------------------------------
// Nulls

TEST_CASE("yaml: an empty value is a null scalar just after its colon", "[yaml]") {
  Document doc = load("a:\nb: ~\nc: null\nd:   # comment\ne: NULL\n");
  REQUIRE(doc.root);
  CHECK(doc.diagnostics.empty());
  const Value& a = get(*doc.root, "a");
  CHECK(a.is_scalar());
  CHECK(a.is_null());
  CHECK(a.text().empty());
  CHECK(a.range() == span(1, 3, 1, 3));
  CHECK(get(*doc.root, "b").text() == "~");
  CHECK(get(*doc.root, "b").is_null());
  CHECK(get(*doc.root, "b").range() == span(2, 4, 2, 5));
  CHECK(get(*doc.root, "c").text() == "null");
  CHECK(get(*doc.root, "c").range() == span(3, 4, 3, 8));
  CHECK(get(*doc.root, "d").is_null());
  CHECK(get(*doc.root, "d").range() == span(4, 3, 4, 3));
  CHECK(get(*doc.root, "e").text() == "NULL");
}

TEST_CASE("yaml: a key named null after an empty value is not taken for it", "[yaml]") {
  Document doc = load("a:\nnull: 1\n");
  REQUIRE(doc.root);
  CHECK(keys_of(*doc.root) == std::vector<std::string>{"a", "null"});
  CHECK(get(*doc.root, "a").text().empty());
  CHECK(get(*doc.root, "a").range() == span(1, 3, 1, 3));
  CHECK(entry(*doc.root, "null").key_range == span(2, 1, 2, 5));
}

TEST_CASE("yaml: empty sequence items and flow values", "[yaml]") {
  Document doc = load("s:\n  - a\n  -\n  - c\nf: {x, y: }\n");
  REQUIRE(doc.root);
  const Value& s = get(*doc.root, "s");
  REQUIRE(s.items().size() == 3);
  CHECK(s.items()[1].is_null());
  CHECK(s.items()[1].range() == span(3, 4, 3, 4));
  const Value& f = get(*doc.root, "f");
  CHECK(keys_of(f) == std::vector<std::string>{"x", "y"});
  CHECK(get(f, "x").is_null());
  CHECK(get(f, "x").range() == span(5, 6, 5, 6));
  CHECK(get(f, "y").is_null());
  CHECK(get(f, "y").range() == span(5, 10, 5, 10));
  CHECK(f.range() == span(5, 4, 5, 12));
}

TEST_CASE("yaml: empty input, comments only and a bare --- have no root and no findings",
          "[yaml]") {
  for (const char* text :
       {"", "\n\n", "# just a comment\n# another\n", "---\n", "--- # c\n", "\xEF\xBB\xBF"}) {
    INFO("text: " << text);
    Document doc = load(text);
    CHECK_FALSE(doc.root);
    CHECK(doc.diagnostics.empty());
  }
}

TEST_CASE("yaml: a document that is a null scalar keeps it", "[yaml]") {
  Document doc = load("~\n");
  REQUIRE(doc.root);
  CHECK(doc.root->is_null());
  CHECK(doc.root->text() == "~");
  CHECK(doc.root->range() == span(1, 1, 1, 2));
}

// ---------------------------------------------------------------------------------
// Short-form tags

TEST_CASE("yaml: !Ref and !Condition become single-entry mappings", "[yaml]") {
  Document doc = load("a: !Ref Bucket\nb: !Condition IsProd\n");
  REQUIRE(doc.root);
  CHECK(doc.diagnostics.empty());
  const Value& a = get(*doc.root, "a");
  REQUIRE(a.is_mapping());
  CHECK(a.range() == span(1, 4, 1, 15));
  REQUIRE(a.entries().size() == 1);
  CHECK(a.entries()[0].key == "Ref");
  CHECK(a.entries()[0].key_range == span(1, 4, 1, 8));
  const Value& name = intrinsic_arg(a, "Ref");
  CHECK(name.text() == "Bucket");
  CHECK(name.range() == span(1, 9, 1, 15));
  CHECK(intrinsic_arg(get(*doc.root, "b"), "Condition").text() == "IsProd");
}

TEST_CASE("yaml: !GetAtt splits at the first dot only", "[yaml]") {
  Document doc = load(
      "a: !GetAtt Db.Endpoint.Address\nb: !GetAtt [Fn, Arn]\nc: !GetAtt \"R.A\"\n"
      "d: !GetAtt NoDot\n");
  REQUIRE(doc.root);
  const Value& a = intrinsic_arg(get(*doc.root, "a"), "Fn::GetAtt");
  REQUIRE(a.is_sequence());
  REQUIRE(a.items().size() == 2);
  CHECK(a.items()[0].text() == "Db");
  CHECK(a.items()[1].text() == "Endpoint.Address");
  CHECK(a.range() == span(1, 12, 1, 31));
  CHECK(a.items()[0].range() == span(1, 12, 1, 14));
  CHECK(a.items()[1].range() == span(1, 15, 1, 31));
  CHECK(get(*doc.root, "a").range() == span(1, 4, 1, 31));

  const Value& b = intrinsic_arg(get(*doc.root, "b"), "Fn::GetAtt");
  REQUIRE(b.is_sequence());
  REQUIRE(b.items().size() == 2);
  CHECK(b.items()[0].text() == "Fn");
  CHECK(b.items()[1].text() == "Arn");
  CHECK(b.range() == span(2, 12, 2, 21));
  CHECK(get(*doc.root, "b").range() == span(2, 4, 2, 21));

  const Value& c = intrinsic_arg(get(*doc.root, "c"), "Fn::GetAtt");
  REQUIRE(c.items().size() == 2);
  CHECK(c.items()[0].quoted());
  CHECK(c.items()[0].range() == span(3, 13, 3, 14));
  CHECK(c.items()[1].range() == span(3, 15, 3, 16));

  const Value& d = intrinsic_arg(get(*doc.root, "d"), "Fn::GetAtt");
  CHECK(d.is_scalar());
  CHECK(d.text() == "NoDot");
}

TEST_CASE("yaml: every short-form tag maps to its long form", "[yaml]") {
  const std::vector<std::pair<std::string, std::string>> forms = {
      {"!Sub", "Fn::Sub"},
      {"!Join", "Fn::Join"},
      {"!Select", "Fn::Select"},
      {"!Split", "Fn::Split"},
      {"!FindInMap", "Fn::FindInMap"},
      {"!ImportValue", "Fn::ImportValue"},
      {"!Base64", "Fn::Base64"},
      {"!Cidr", "Fn::Cidr"},
      {"!GetAZs", "Fn::GetAZs"},
      {"!If", "Fn::If"},
      {"!Equals", "Fn::Equals"},
      {"!Not", "Fn::Not"},
      {"!And", "Fn::And"},
      {"!Or", "Fn::Or"},
      {"!Transform", "Fn::Transform"},
      {"!Length", "Fn::Length"},
      {"!ToJsonString", "Fn::ToJsonString"},
      {"!Contains", "Fn::Contains"},
      {"!EachMemberEquals", "Fn::EachMemberEquals"},
      {"!EachMemberIn", "Fn::EachMemberIn"},
      {"!RefAll", "Fn::RefAll"},
      {"!ValueOf", "Fn::ValueOf"},
      {"!ValueOfAll", "Fn::ValueOfAll"}};
  for (const auto& [tag, key] : forms) {
    INFO(tag);
    Document doc = load("v: " + tag + " [a, b]\n");
    REQUIRE(doc.root);
    CHECK(doc.diagnostics.empty());
    const Value& v = get(*doc.root, "v");
    const Value& arg = intrinsic_arg(v, key);
    CHECK(arg.is_sequence());
    CHECK(v.entries()[0].key_range == span(1, 4, 1, 4 + static_cast<uint32_t>(tag.size())));
    CHECK(v.range().begin == Position{1, 4});
    CHECK(v.range().end == arg.range().end);
  }
}

TEST_CASE("yaml: tagged block collections span from the tag to their last child", "[yaml]") {
  Document doc =
      load("x: !Join\n  - \"\"\n  - - a\n    - b\ny: !If\n  - C\n  - !Ref A\n  - !Ref B\n");
  REQUIRE(doc.root);
  const Value& x = get(*doc.root, "x");
  CHECK(x.range() == span(1, 4, 4, 8));
  CHECK(x.entries()[0].key_range == span(1, 4, 1, 9));
  const Value& join = intrinsic_arg(x, "Fn::Join");
  CHECK(join.range() == span(2, 3, 4, 8));
  const Value& branches = intrinsic_arg(get(*doc.root, "y"), "Fn::If");
  REQUIRE(branches.items().size() == 3);
  CHECK(intrinsic_arg(branches.items()[2], "Ref").text() == "B");
  CHECK(branches.items()[2].range() == span(8, 5, 8, 11));
}

TEST_CASE("yaml: !Sub with a block scalar", "[yaml]") {
  Document doc = load("Code: !Sub |\n  echo ${AWS::Region}\n  done\nNext: 1\n");
  REQUIRE(doc.root);
  const Value& code = get(*doc.root, "Code");
  CHECK(code.range() == span(1, 7, 3, 7));
  const Value& body = intrinsic_arg(code, "Fn::Sub");
  CHECK(body.text() == "echo ${AWS::Region}\ndone\n");
  CHECK(body.quoted());
  CHECK(body.range() == span(1, 12, 3, 7));
}

TEST_CASE("yaml: a short-form tag with nothing after it wraps an empty scalar", "[yaml]") {
  Document doc = load("k: !Ref\nj: 1\n");
  REQUIRE(doc.root);
  const Value& k = get(*doc.root, "k");
  CHECK(k.range() == span(1, 4, 1, 8));
  const Value& arg = intrinsic_arg(k, "Ref");
  CHECK(arg.text().empty());
  CHECK(arg.range() == span(1, 8, 1, 8));
  // The empty string, not a null: `!GetAZs` alone is Fn::GetAZs "", the stack's region.
  CHECK_FALSE(arg.is_null());
  CHECK(k.known_to_contain_null() == false);
  CHECK(get(*doc.root, "j").text() == "1");

  Document at_end = load("k: !GetAtt");
  REQUIRE(at_end.root);
  CHECK(intrinsic_arg(get(*at_end.root, "k"), "Fn::GetAtt").text().empty());

  // A tag alone at the very end of the file (yaml-cpp drops it; it is read back).
  Document alone = load("!Ref");
  REQUIRE(alone.root);
  CHECK(alone.root->range() == span(1, 1, 1, 5));
  CHECK(intrinsic_arg(*alone.root, "Ref").range() == span(1, 5, 1, 5));
}

TEST_CASE("yaml: a tag whose value is on the next line", "[yaml]") {
  Document doc = load("k: !Ref\n  Bucket\n");
  REQUIRE(doc.root);
  const Value& k = get(*doc.root, "k");
  CHECK(k.range() == span(1, 4, 2, 9));
  CHECK(intrinsic_arg(k, "Ref").range() == span(2, 3, 2, 9));
}

TEST_CASE("yaml: standard tags are accepted silently", "[yaml]") {
  Document doc = load(
      "a: !!str 123\nb: !!int 5\nc: !<tag:yaml.org,2002:str> x\nd: ! 7\n"
      "e: !!map {k: v}\n");
  REQUIRE(doc.root);
  CHECK(doc.diagnostics.empty());
  CHECK(get(*doc.root, "a").text() == "123");
  CHECK(get(*doc.root, "a").quoted());
  CHECK(get(*doc.root, "a").range() == span(1, 10, 1, 13));
  CHECK(get(*doc.root, "b").text() == "5");
  CHECK_FALSE(get(*doc.root, "b").quoted());
  CHECK(get(*doc.root, "c").quoted());
  CHECK(get(*doc.root, "d").quoted());
  CHECK(get(*doc.root, "e").is_mapping());
  CHECK(get(*doc.root, "e").intrinsic() == nullptr);
}

TEST_CASE("yaml: an unknown tag is reported at the tag and the value kept untagged", "[yaml]") {
  Document doc = load("a: !Foo x\nb: !Bar [1]\nc: !ForEach y\n");
  REQUIRE(doc.root);
  REQUIRE(doc.diagnostics.size() == 3);
  const cfn::Diagnostic& d = doc.diagnostics[0];
  CHECK(d.rule_id == "template-unknown-tag");
  CHECK(d.range == span(1, 4, 1, 8));
  CHECK(d.message ==
        "Unknown tag '!Foo'; CloudFormation accepts only its intrinsic-function tags "
        "(!Ref, !GetAtt, !Sub, ...).");
  CHECK(get(*doc.root, "a").is_scalar());
  CHECK(get(*doc.root, "a").text() == "x");
  CHECK(get(*doc.root, "a").range() == span(1, 9, 1, 10));
  CHECK(doc.diagnostics[1].range == span(2, 4, 2, 8));
  CHECK(get(*doc.root, "b").is_sequence());
  CHECK(get(*doc.root, "b").range() == span(2, 9, 2, 12));
  CHECK(doc.diagnostics[2].message.find("'!ForEach'") != std::string::npos);
}

TEST_CASE("yaml: a tag of the rain tool says rain pkg replaces it", "[yaml]") {
  Document doc = load("a: !Rain::Embed index.html\nb: !Rainy x\n");
  REQUIRE(doc.diagnostics.size() == 2);
  CHECK(doc.diagnostics[0].message.ends_with(
      " Tags of the rain tool are replaced by `rain pkg`: scan the template it writes."));
  CHECK(doc.diagnostics[1].message.find("rain") == std::string::npos);
}

// ---------------------------------------------------------------------------------
// Keys

TEST_CASE("yaml: a duplicate key is reported at its second occurrence; the last wins, in the first's place", "[yaml]") {
  Document doc = load("Props:\n  BucketName: first\n  Other: 1\n  BucketName: second\n");
  REQUIRE(doc.root);
  REQUIRE(doc.diagnostics.size() == 1);
  const cfn::Diagnostic& d = doc.diagnostics[0];
  CHECK(d.rule_id == "template-duplicate-key");
  CHECK(d.range == span(4, 3, 4, 13));
  CHECK(d.message == "Duplicate key 'BucketName' (first defined on line 2).");
  const Value& props = get(*doc.root, "Props");
  CHECK(keys_of(props) == std::vector<std::string>{"BucketName", "Other"});
  // CloudFormation deploys the last occurrence: the rules judge it, and point at its key.
  CHECK(get(props, "BucketName").text() == "second");
  CHECK(props.entries()[0].key_range == span(4, 3, 4, 13));
  CHECK(props.range() == span(2, 3, 4, 21));
}

TEST_CASE("yaml: duplicate keys in a large mapping are found", "[yaml]") {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "Key" + std::to_string(i) + ": " + std::to_string(i) + "\n";
  text += "Key7: again\nKey39: again\n\"Key12\": quoted\n";
  Document doc = load(text);
  REQUIRE(doc.root);
  CHECK(doc.root->entries().size() == 40);
  REQUIRE(doc.diagnostics.size() == 3);
  CHECK(doc.diagnostics[0].message == "Duplicate key 'Key7' (first defined on line 8).");
  CHECK(doc.diagnostics[0].range == span(41, 1, 41, 5));
  CHECK(doc.diagnostics[1].message == "Duplicate key 'Key39' (first defined on line 40).");
  CHECK(doc.diagnostics[2].message == "Duplicate key 'Key12' (first defined on line 13).");
  CHECK(doc.diagnostics[2].range == span(43, 1, 43, 8));
  CHECK(get(*doc.root, "Key7").text() == "again");
}

TEST_CASE("yaml: a key repeated three times names its first line each time; the third wins", "[yaml]") {
  Document doc = load("a: 1\na: 2\na: 3\nb: 4\n");
  REQUIRE(doc.root);
  REQUIRE(doc.diagnostics.size() == 2);
  CHECK(doc.diagnostics[0].message == "Duplicate key 'a' (first defined on line 1).");
  CHECK(doc.diagnostics[1].message == "Duplicate key 'a' (first defined on line 1).");
  CHECK(keys_of(*doc.root) == std::vector<std::string>{"a", "b"});
  CHECK(get(*doc.root, "a").text() == "3");
}

TEST_CASE("yaml: a duplicate key's collection value replaces the earlier one", "[yaml]") {
  Document doc = load("a: [1]\na:\n  - 2\n  - 3\nb: x\n");
  REQUIRE(doc.root);
  CHECK(rule_ids(doc) == std::vector<std::string>{"template-duplicate-key"});
  CHECK(keys_of(*doc.root) == std::vector<std::string>{"a", "b"});
  CHECK(get(*doc.root, "a").items().size() == 2);
}

TEST_CASE("yaml: complex keys are reported and skipped", "[yaml]") {
  Document doc = load("? [a, b]\n: value\nnext: 1\n");
  REQUIRE(doc.root);
  REQUIRE(doc.diagnostics.size() == 1);
  CHECK(doc.diagnostics[0].rule_id == "template-parse-error");
  CHECK(doc.diagnostics[0].message == "Mapping keys must be scalars.");
  CHECK(doc.diagnostics[0].range == span(1, 3, 1, 9));
  CHECK(keys_of(*doc.root) == std::vector<std::string>{"next"});
  // Once per file, however many (a flow list of !Ref turned into a flow mapping).
  Document many = load("a: {!Ref x, !Ref y, !Ref z}\nb: {[1]: 2}\n");
  CHECK(rule_ids(many) == std::vector<std::string>{"template-parse-error"});
  CHECK(many.diagnostics.at(0).range.begin == Position{1, 5});
}

TEST_CASE("yaml: quoted keys keep their quotes in the key range", "[yaml]") {
  Document doc = load("\"Quoted Key\": 1\n'single': 2\n");
  REQUIRE(doc.root);
  CHECK(entry(*doc.root, "Quoted Key").key_range == span(1, 1, 1, 13));
  CHECK(entry(*doc.root, "single").key_range == span(2, 1, 2, 9));
}

// ---------------------------------------------------------------------------------
// Anchors and aliases

TEST_CASE("yaml: an alias is a copy of the anchored value", "[yaml]") {
  Document doc =
      load("Tags: &tags\n  - Key: env\n    Value: prod\nMore: *tags\nName: &n x\nAgain: *n\n");
  REQUIRE(doc.root);
  CHECK(doc.diagnostics.empty());
  const Value& tags = get(*doc.root, "Tags");
  CHECK(tags.range() == span(2, 3, 3, 16));
  const Value& more = get(*doc.root, "More");
  REQUIRE(more.is_sequence());
  CHECK(more.range() == span(4, 7, 4, 12));  // the alias itself
  REQUIRE(more.items().size() == 1);
  CHECK(get(more.items()[0], "Value").text() == "prod");
  CHECK(get(more.items()[0], "Value").range() == span(3, 12, 3, 16));  // the anchor's insides
  CHECK(get(*doc.root, "Name").range() == span(5, 10, 5, 11));
  CHECK(get(*doc.root, "Again").text() == "x");
  CHECK(get(*doc.root, "Again").range() == span(6, 8, 6, 10));
}

TEST_CASE("yaml: an anchored short form is copied whole", "[yaml]") {
  Document doc = load("a: &r !Ref Bucket\nb: *r\n");
  REQUIRE(doc.root);
  const Value& b = get(*doc.root, "b");
  CHECK(intrinsic_arg(b, "Ref").text() == "Bucket");
  CHECK(b.range() == span(2, 4, 2, 6));
}

TEST_CASE("yaml: an anchored empty value and its alias", "[yaml]") {
  Document doc = load("- &a\n- *a\n");
  REQUIRE(doc.root);
  CHECK(doc.diagnostics.empty());
  REQUIRE(doc.root->items().size() == 2);
  CHECK(doc.root->items()[0].is_null());
  CHECK(doc.root->items()[0].range() == span(1, 5, 1, 5));  // just after the anchor
  CHECK(doc.root->items()[1].is_null());
  CHECK(doc.root->items()[1].range() == span(2, 3, 2, 5));
}

TEST_CASE("yaml: an alias used as a key", "[yaml]") {
  Document doc = load("k: &name Bucket\n*name : 1\n");
  REQUIRE(doc.root);
  CHECK(keys_of(*doc.root) == std::vector<std::string>{"k", "Bucket"});
  CHECK(entry(*doc.root, "Bucket").key_range == span(2, 1, 2, 6));
}

TEST_CASE("yaml: merge keys bring in the anchor's entries, as the AWS CLI's PyYAML does", "[yaml]") {
  Document doc = load(
      "base: &base {A: 1, B: 2}\n"
      "other: &other {B: 3, C: 4}\n"
      "written_wins:\n  <<: *base\n  A: 9\n"
      "first_of_list_wins:\n  <<: [*other, *base]\n"
      "later_merge_wins:\n  <<: *base\n  <<: *other\n"
      "quoted:\n  \"<<\": *base\n");
  REQUIRE(doc.root);
  CHECK(doc.diagnostics.empty());  // a repeated `<<` is no duplicate key
  const Value& written = get(*doc.root, "written_wins");
  CHECK(keys_of(written) == std::vector<std::string>{"A", "B"});
  CHECK(get(written, "A").text() == "9");
  CHECK(get(written, "B").range() == span(1, 23, 1, 24));  // the anchor's place
  const Value& list = get(*doc.root, "first_of_list_wins");
  CHECK(get(list, "B").text() == "3");
  CHECK(get(list, "A").text() == "1");
  CHECK(get(list, "C").text() == "4");
  CHECK(get(get(*doc.root, "later_merge_wins"), "B").text() == "3");
  CHECK(keys_of(get(*doc.root, "quoted")) == std::vector<std::string>{"<<"});
}

TEST_CASE("yaml: merge keys into a big mapping consult its key index", "[yaml]") {
  std::string text = "base: &base {K3: merged, New: merged}\nbig:\n  <<: *base\n";
  for (int i = 0; i < 40; ++i) text += "  K" + std::to_string(i) + ": written\n";
  Document doc = load(text);
  REQUIRE(doc.root);
  CHECK(doc.diagnostics.empty());
  const Value& big = get(*doc.root, "big");
  CHECK(big.entries().size() == 41);
  CHECK(get(big, "K3").text() == "written");
  CHECK(get(big, "New").text() == "merged");
}

TEST_CASE("yaml: a merge key's value that is not a mapping is a parse error at the value", "[yaml]") {
  for (const char* text : {"a:\n  <<: 1\n  b: 2\n", "a:\n  <<: [x]\n  b: 2\n", "a:\n  <<: !Ref X\n  b: 2\n"}) {
    INFO(text);
    Document doc = load(text);
    REQUIRE(doc.root);
    REQUIRE(rule_ids(doc) == std::vector<std::string>{"template-parse-error"});
    CHECK(doc.diagnostics[0].range.begin == Position{2, 7});
    CHECK(keys_of(get(*doc.root, "a")) == std::vector<std::string>{"b"});
  }
}

TEST_CASE("yaml: an alias inside its own anchor is reported and read as null", "[yaml]") {
  Document doc = load("a: &s [1, *s]\nb: 2\n");
  REQUIRE(doc.root);
  REQUIRE(doc.diagnostics.size() == 1);
  CHECK(doc.diagnostics[0].rule_id == "template-parse-error");
  CHECK(doc.diagnostics[0].range == span(1, 11, 1, 13));
  CHECK(doc.diagnostics[0].message.find("'*s'") != std::string::npos);
  const Value& a = get(*doc.root, "a");
  REQUIRE(a.items().size() == 2);
  CHECK(a.items()[1].is_null());
  CHECK(get(*doc.root, "b").text() == "2");
}

TEST_CASE("yaml: an alias to an unknown anchor is reported and read as null", "[yaml]") {
  Document doc = load("a: 1\nb: *nope\nc: 3\n");
  REQUIRE(doc.root);
  REQUIRE(doc.diagnostics.size() == 1);
  CHECK(doc.diagnostics[0].rule_id == "template-parse-error");
  CHECK(doc.diagnostics[0].range == span(2, 4, 2, 9));
  CHECK(doc.diagnostics[0].message ==
        "Alias '*nope' refers to an anchor that is not defined; the rest of the file was not "
        "read.");
  CHECK(get(*doc.root, "a").text() == "1");
  CHECK(get(*doc.root, "b").is_null());
  CHECK(doc.root->find("c") == nullptr);  // yaml-cpp stops at the alias
}

TEST_CASE("yaml: billion laughs stops at the alias budget without expanding", "[yaml]") {
  std::string text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int i = 1; i < 10; ++i) {
    std::string prev = "*a" + std::to_string(i - 1);
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < 9; ++j) text += (j ? ", " : "") + prev;
    text += "]\n";
  }
  Document doc = load(text);  // default limits: 5 million values allowed
  REQUIRE(doc.diagnostics.size() == 1);
  CHECK(doc.diagnostics[0].rule_id == "template-limit-exceeded");
  CHECK(doc.diagnostics[0].range == span(5, 10, 5, 13));  // the first *a3 of a4
  REQUIRE(doc.root);
  CHECK(get(*doc.root, "a3").items().size() == 9);
  CHECK(doc.root->find("a5") == nullptr);
}

TEST_CASE("yaml: max_nodes counts aliased values", "[yaml]") {
  LoadLimits limits;
  limits.max_nodes = 12;
  Document doc = load("a: &x [1, 2, 3]\nb: *x\nc: *x\n", limits);
  REQUIRE(doc.diagnostics.size() == 1);
  CHECK(doc.diagnostics[0].rule_id == "template-limit-exceeded");
  CHECK(doc.diagnostics[0].range == span(3, 4, 3, 5));
  CHECK(doc.diagnostics[0].message ==
        "The template holds more than 12 values (aliases expanded); the rest of the file was "
        "not read.");
  REQUIRE(doc.root);
  CHECK(get(*doc.root, "b").items().size() == 3);
  CHECK(doc.root->find("c") == nullptr);
}

TEST_CASE("yaml: an alias may not deepen the tree past max_depth", "[yaml]") {
  LoadLimits limits;
  limits.max_depth = 4;
  Document doc = load("a: &x [[[1]]]\nb: [*x]\n", limits);
  REQUIRE(doc.diagnostics.size() == 1);
  CHECK(doc.diagnostics[0].rule_id == "template-limit-exceeded");
  CHECK(doc.diagnostics[0].range == span(2, 5, 2, 6));
  REQUIRE(doc.root);
  CHECK(get(*doc.root, "b").items().empty());
}

// ---------------------------------------------------------------------------------
// Depth

TEST_CASE("yaml: nesting past max_depth is reported where it happens", "[yaml]") {
  LoadLimits limits;
  limits.max_depth = 3;
  Document doc = load("a:\n  b:\n    c:\n      d: 1\n", limits);
  REQUIRE(doc.diagnostics.size() == 1);
  CHECK(doc.diagnostics[0].rule_id == "template-limit-exceeded");
  CHECK(doc.diagnostics[0].range == span(4, 7, 4, 8));
  CHECK(doc.diagnostics[0].message ==
        "The template nests mappings and sequences deeper than 3 levels; the rest of the file "
        "was not read.");
  REQUIRE(doc.root);
  const Value& b = get(get(*doc.root, "a"), "b");
  CHECK(b.is_mapping());
  CHECK(b.entries().empty());  // `c` lost its value when building stopped
}

TEST_CASE("yaml: short-form wrappers count as a level", "[yaml]") {
  LoadLimits limits;
  limits.max_depth = 2;
  CHECK(load("a: !Ref x\n", limits).diagnostics.empty());
  Document doc = load("a: !If [c, x, y]\n", limits);
  CHECK(rule_ids(doc) == std::vector<std::string>{"template-limit-exceeded"});
}

TEST_CASE("yaml: 10,000 nested flow sequences do not crash", "[yaml]") {
  Document doc = load(std::string(10000, '['));
  CHECK(rule_ids(doc) == std::vector<std::string>{"template-limit-exceeded"});
  Document closed = load(std::string(10000, '[') + std::string(10000, ']'));
  CHECK(rule_ids(closed) == std::vector<std::string>{"template-limit-exceeded"});
  Document mappings = load(std::string("{a: ") + std::string(40000, '{'));
  CHECK_FALSE(mappings.diagnostics.empty());
}

TEST_CASE("yaml: 10,000 nested block sequences and deep block mappings do not crash", "[yaml]") {
  std::string dashes;
  for (int i = 0; i < 10000; ++i) dashes += "- ";
  Document doc = load(dashes + "x\n");
  REQUIRE(doc.diagnostics.size() == 1);
  CHECK(doc.diagnostics[0].rule_id == "template-limit-exceeded");
  CHECK(doc.diagnostics[0].range == span(1, 513, 1, 514));  // the 257th dash

  std::string mappings;
  for (int i = 0; i < 1000; ++i) mappings += std::string(i, ' ') + "a:\n";
  Document deep = load(mappings);
  CHECK(rule_ids(deep) == std::vector<std::string>{"template-limit-exceeded"});
  CHECK(deep.diagnostics[0].range.begin == Position{257, 257});
}

TEST_CASE("yaml: yaml-cpp's own nesting guard is a limit finding too", "[yaml]") {
  LoadLimits limits;
  limits.max_depth = 1'000'000;
  std::string dashes;
  for (int i = 0; i < 10000; ++i) dashes += "- ";
  Document doc = load(dashes + "x\n", limits);
  REQUIRE(doc.diagnostics.size() == 1);
  CHECK(doc.diagnostics[0].rule_id == "template-limit-exceeded");
  CHECK(doc.diagnostics[0].message ==
        "The template nests deeper than the YAML parser allows; the rest of the file was not "
        "read.");
  CHECK(doc.root);
}

TEST_CASE("yaml: aliases cannot build a tree too deep to destroy, whatever max_depth says",
          "[yaml]") {
  // Each level nests the previous one 200 deep; 40 levels would be 8,000 deep.
  LoadLimits limits;
  limits.max_depth = 1'000'000;
  std::string text = "l0: &l0 " + std::string(200, '[') + std::string(200, ']') + "\n";
  for (int i = 1; i < 40; ++i) {
    text += "l" + std::to_string(i) + ": &l" + std::to_string(i) + " " + std::string(199, '[') +
            "*l" + std::to_string(i - 1) + std::string(199, ']') + "\n";
  }
  Document doc = load(text, limits);
  REQUIRE(rule_ids(doc) == std::vector<std::string>{"template-limit-exceeded"});
  CHECK(doc.diagnostics[0].message ==
        "The template nests mappings and sequences deeper than 4096 levels; the rest of the "
        "file was not read.");
  CHECK(doc.root);  // destroyed at the end of the test: must not overflow the stack
}

// ---------------------------------------------------------------------------------
// Documents

TEST_CASE("yaml: a second document with content is reported at its start", "[yaml]") {
  Document doc = load("a: 1\n---\nb: 2\n");
  REQUIRE(doc.root);
  CHECK(keys_of(*doc.root) == std::vector<std::string>{"a"});
  REQUIRE(doc.diagnostics.size() == 1);
  CHECK(doc.diagnostics[0].rule_id == "template-multiple-documents");
  CHECK(doc.diagnostics[0].range == span(2, 1, 2, 4));

  Document after_end = load("a: 1\n...\nb: 2\n");
  REQUIRE(after_end.diagnostics.size() == 1);
  CHECK(after_end.diagnostics[0].rule_id == "template-multiple-documents");
  CHECK(after_end.diagnostics[0].range == span(3, 1, 3, 5));

  Document after_comment = load("a: 1\n...\n# next\n\nb: 2\n");
  REQUIRE(after_comment.diagnostics.size() == 1);
  CHECK(after_comment.diagnostics[0].rule_id == "template-multiple-documents");
}

TEST_CASE("yaml: text after a document's end without --- is a syntax error, not a document", "[yaml]") {
  // A JSON template whose opening brace went missing.
  Document doc = load("\"Resources\" {\n  \"Queue\": {}\n}\n");
  CHECK(rule_ids(doc) == std::vector<std::string>{"template-parse-error"});
  CHECK(doc.diagnostics.at(0).message == "YAML syntax error: unexpected '{' after the end of the document.");
  CHECK(doc.diagnostics.at(0).range == span(1, 13, 1, 14));
  // An indented "..." inside a multi-line scalar is text, not a document end.
  CHECK(rule_ids(load("{a: \"x\n ...\"}\n{b: 1}\n")) == std::vector<std::string>{"template-parse-error"});
}

TEST_CASE("yaml: leading and trailing document markers are fine", "[yaml]") {
  for (const char* text : {"---\na: 1\n", "---\na: 1\n---\n", "a: 1\n...\n", "# c\n---\na: 1\n",
                           "a: 1\n---\n# nothing\n---\n"}) {
    INFO(text);
    Document doc = load(text);
    REQUIRE(doc.root);
    CHECK(doc.diagnostics.empty());
    CHECK(get(*doc.root, "a").text() == "1");
  }
}

TEST_CASE("yaml: a broken second document is a parse error", "[yaml]") {
  Document doc = load("a: 1\n---\nb: [1\n");
  REQUIRE(doc.root);
  CHECK(get(*doc.root, "a").text() == "1");
  CHECK_FALSE(doc.diagnostics.empty());
}

// ---------------------------------------------------------------------------------
// Parse errors

TEST_CASE("yaml: syntax errors are reported at yaml-cpp's mark with a sentence", "[yaml]") {
  // The sentence is advice where the mistake is recognised (tests/model/yaml_hints_test.cpp).
  Document doc = load("a: b: c\n");
  REQUIRE(doc.diagnostics.size() == 1);
  CHECK(doc.diagnostics[0].rule_id == "template-parse-error");
  CHECK(doc.diagnostics[0].message ==
        "YAML syntax error: a ': ' inside a plain value starts a mapping; put the whole value in quotes.");
  CHECK(doc.diagnostics[0].range == span(1, 5, 1, 6));
  REQUIRE(doc.root);  // what was read before the error
  CHECK(get(*doc.root, "a").text() == "b");
}

TEST_CASE("yaml: an unclosed flow mapping is named where the parser stops", "[yaml]") {
  // At the end of the file: the innermost '{' still open.
  Document at_end = load("A:\n  B: {C: [1, 2], D: !Sub \"x\"\n");
  REQUIRE(at_end.diagnostics.size() == 1);
  CHECK(at_end.diagnostics[0].message ==
        "YAML syntax error: the flow mapping that starts here is not closed before the end of the file.");
  CHECK(at_end.diagnostics[0].range == span(2, 6, 2, 7));
  // Before it: where yaml-cpp gave up, naming the bracket's line.
  Document inside = load("Resources:\n  B:\n    Properties: {BucketName: x\n  C:\n    Type: AWS::SNS::Topic\n");
  REQUIRE(inside.diagnostics.size() == 1);
  CHECK(inside.diagnostics[0].message ==
        "YAML syntax error: end of map flow not found; the '{' on line 3 is not closed.");
  CHECK(inside.diagnostics[0].range == span(4, 4, 4, 5));
}

TEST_CASE("yaml: an unclosed flow sequence keeps what was read", "[yaml]") {
  // Reported at its '[': the end of the file, where yaml-cpp stops, is past the last line.
  Document doc = load("Top: 1\nList: [1, 2\n# a comment\n\n");
  REQUIRE(doc.diagnostics.size() == 1);
  CHECK(doc.diagnostics[0].rule_id == "template-parse-error");
  CHECK(doc.diagnostics[0].message ==
        "YAML syntax error: the flow sequence that starts here is not closed before the end of the file.");
  CHECK(doc.diagnostics[0].range == span(2, 7, 2, 8));
  REQUIRE(doc.root);
  CHECK(get(*doc.root, "Top").text() == "1");
  CHECK(get(*doc.root, "List").is_sequence());
}

TEST_CASE("yaml: a stray comma yaml-cpp cannot consume is an error, not a hang", "[yaml]") {
  // yaml-cpp 0.7 returns an empty document at the `,` on every call, forever.
  Document doc = load(",: x\n");
  CHECK_FALSE(doc.root);
  REQUIRE(doc.diagnostics.size() == 1);
  CHECK(doc.diagnostics[0].rule_id == "template-parse-error");
  CHECK(doc.diagnostics[0].message == "YAML syntax error: unexpected ','.");
  CHECK(doc.diagnostics[0].range == span(1, 1, 1, 2));

  Document later = load("---\na: 1\n---\n,\n");
  REQUIRE(later.root);
  CHECK(get(*later.root, "a").text() == "1");
  REQUIRE(later.diagnostics.size() == 1);
  CHECK(later.diagnostics[0].range == span(4, 1, 4, 2));
}

TEST_CASE("yaml: malformed inputs never crash", "[yaml]") {
  const std::string inputs[] = {
      "[",
      "]",
      "{",
      "}",
      "{a: [}",
      "a: \"unterminated\n",
      "'",
      "a: 'x\n",
      "- a\nb: c\n",
      "a:\n  - b\n c: d\n",
      "&",
      "*",
      "!",
      "!<",
      "? ",
      ":",
      ": :",
      "a: |\n\tx\n",
      "\t- x\n",
      "%YAML 1.2\n%YAML 1.2\n---\na\n",
      "--- |\n",
      "a: &a &b x\n",
      "a: !x !y z\n",
      "a: *a\n",
      "- *a\n- &a 1\n",
      "\"\\u12\"",
      "\"\\x\"",
      "a: b\n\xff\xfe: c\n",
      std::string("a: 1\0b: 2", 9),  // a NUL byte inside the text
      "a: >9\n x\n",
      "{a: 1, a: 2, a}\n",
      "[a: b: c]\n",
      "? a\n? b\n",
      "a: !Ref\n",
      "!Ref",
      "&x",
      "*x",
      "a: !<!Ref> b\n",
      "\r\r\r",
      "\r\n\r\n",
  };
  for (const std::string& input : inputs) {
    INFO("input: " << input);
    Document doc = load(input);
    for (const auto& d : doc.diagnostics) {
      CHECK(d.range.known());
      CHECK_FALSE(d.message.empty());
      CHECK(d.message.back() == '.');
      CHECK(std::isupper(static_cast<unsigned char>(d.message.front())));
    }
  }
}

// ---------------------------------------------------------------------------------
// Positions: bytes, lines and columns agree with SourceFile (and so with JSON)

TEST_CASE("yaml: a UTF-8 byte-order mark is not a column", "[yaml][positions]") {
  Document doc = load(
      "\xEF\xBB\xBF"
      "a: 1\nb: x\n");
  REQUIRE(doc.root);
  CHECK(entry(*doc.root, "a").key_range == span(1, 1, 1, 2));
  CHECK(get(*doc.root, "a").range() == span(1, 4, 1, 5));
  CHECK(get(*doc.root, "b").range() == span(2, 4, 2, 5));
}

TEST_CASE("yaml: CRLF line endings", "[yaml][positions]") {
  Document doc = load("a: 1\r\nb: |\r\n  l1\r\n  l2\r\n\r\nc: one\r\n  two\r\nd: [x,\r\n  y]\r\n");
  REQUIRE(doc.root);
  CHECK(doc.diagnostics.empty());
  CHECK(get(*doc.root, "a").range() == span(1, 4, 1, 5));
  CHECK(get(*doc.root, "b").text() == "l1\nl2\n");
  CHECK(get(*doc.root, "b").range() == span(2, 4, 4, 5));
  CHECK(get(*doc.root, "c").text() == "one two");
  CHECK(get(*doc.root, "c").range() == span(6, 4, 7, 6));
  CHECK(get(*doc.root, "d").range() == span(8, 4, 9, 5));
}

TEST_CASE("yaml: lone CR line endings", "[yaml][positions]") {
  Document doc = load("a: 1\rb: \"x\r  y\"\rc:\r  - z\r");
  REQUIRE(doc.root);
  CHECK(doc.diagnostics.empty());
  CHECK(keys_of(*doc.root) == std::vector<std::string>{"a", "b", "c"});
  CHECK(get(*doc.root, "a").text() == "1");
  CHECK(get(*doc.root, "b").text() == "x y");
  CHECK(get(*doc.root, "b").range() == span(2, 4, 3, 5));
  CHECK(get(*doc.root, "c").items()[0].range() == span(5, 5, 5, 6));
}

TEST_CASE("yaml: a tab counts as one column", "[yaml][positions]") {
  Document doc = load("a:\t1\nb: [\tx,\ty]\n");
  REQUIRE(doc.root);
  CHECK(get(*doc.root, "a").range() == span(1, 4, 1, 5));
  const Value& b = get(*doc.root, "b");
  CHECK(b.items()[0].range() == span(2, 6, 2, 7));
  CHECK(b.items()[1].range() == span(2, 9, 2, 10));
  CHECK(b.range() == span(2, 4, 2, 11));
}

TEST_CASE("yaml: columns count code points, not bytes", "[yaml][positions]") {
  // é is 2 bytes, € is 3, 😀 is 4.
  Document doc = load(
      "\xC3\xA9: \xE2\x82\xAC"
      "1\nb: [\xF0\x9F\x98\x80, \"\xC3\xA9\", z]\n");
  REQUIRE(doc.root);
  CHECK(entry(*doc.root, "\xC3\xA9").key_range == span(1, 1, 1, 2));
  CHECK(get(*doc.root, "\xC3\xA9").range() == span(1, 4, 1, 6));
  const Value& b = get(*doc.root, "b");
  CHECK(b.items()[0].range() == span(2, 5, 2, 6));
  CHECK(b.items()[1].range() == span(2, 8, 2, 11));
  CHECK(b.items()[2].range() == span(2, 13, 2, 14));
  CHECK(b.range() == span(2, 4, 2, 15));
}

TEST_CASE("yaml: ranges agree with SourceFile::position_at on a long mixed line",
          "[yaml][positions]") {
  // One long flow line with multi-byte text, then more lines: every scalar's range must be
  // exactly what SourceFile computes for the bytes where its text is found.
  std::string text = "\xEF\xBB\xBFitems: [";
  std::vector<std::string> words;
  for (int i = 0; i < 300; ++i) {
    words.push_back("w\xC3\xA9" + std::to_string(i) + "\xE2\x82\xAC");
    text += (i ? ", " : "") + words.back();
  }
  text += "]\r\nlast: \xF0\x9F\x98\x80z\r\n";
  auto source = std::make_shared<cfn::SourceFile>("t.yaml", text);
  Document doc = cfn::load_yaml(source);
  REQUIRE(doc.root);
  const Value& items = get(*doc.root, "items");
  REQUIRE(items.items().size() == words.size());
  size_t from = 0;
  for (size_t i = 0; i < words.size(); ++i) {
    size_t at = text.find(words[i], from);
    from = at + words[i].size();
    INFO("item " << i);
    CHECK(items.items()[i].range() ==
          Range{source->position_at(at), source->position_at(at + words[i].size())});
  }
  size_t last = text.find("\xF0\x9F\x98\x80z");
  CHECK(get(*doc.root, "last").range() ==
        Range{source->position_at(last), source->position_at(last + 5)});
}

TEST_CASE("yaml: every collection knows whether an intrinsic is written below it", "[yaml]") {
  Document doc = load(
      "Literal: &tags [{Key: a, Value: b}]\n"
      "Copy: *tags\n"
      "Short: !GetAtt Queue.Arn\n"
      "Deep:\n  A: [1, {B: !Ref X}]\n"
      "Condition: {Condition: IsProd}\n");
  REQUIRE(doc.root);
  const Value& root = *doc.root;
  CHECK(root.known_to_contain_intrinsic() == true);
  CHECK(get(root, "Literal").known_to_contain_intrinsic() == false);
  CHECK(get(root, "Copy").known_to_contain_intrinsic() == false);  // an alias's copy too
  CHECK(get(root, "Short").known_to_contain_intrinsic() == true);  // a tag's own list included
  CHECK(get(root, "Short").find("Fn::GetAtt")->known_to_contain_intrinsic() == false);
  CHECK(get(get(root, "Deep"), "A").known_to_contain_intrinsic() == true);
  CHECK(get(root, "Condition").known_to_contain_intrinsic() == true);
  CHECK(root.known_to_contain_null() == false);
}

TEST_CASE("yaml: the escapes \\N and \\_ are U+0085 and U+00A0 in UTF-8", "[yaml]") {
  // yaml-cpp 0.7 gives single bytes 0x85 and 0xA0 (not UTF-8): `cfn-scan expand` stopped
  // with an internal error, and reports held invalid UTF-8.
  Document doc = load(
      "Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n"
      "      DisplayName: \"Alerts\\_Prod\\Nnext \\u00e9\\x41\"\n      \"Topic\\NName\": a\n");
  REQUIRE(doc.root);
  const cfn::Value* properties = doc.root->find("Resources")->find("T")->find("Properties");
  REQUIRE(properties);
  CHECK(properties->find("DisplayName")->text() == "Alerts\xC2\xA0Prod\xC2\x85next \xC3\xA9\x41");
  REQUIRE(properties->entries().size() == 2);
  CHECK(properties->entries()[1].key == "Topic\xC2\x85Name");
  CHECK(rule_ids(doc).empty());
}

TEST_CASE("yaml: !!bool yes and !!bool \"no\" are booleans, as PyYAML reads them", "[yaml]") {
  Document doc = load(
      "Resources:\n  V:\n    Type: AWS::EC2::Volume\n    Properties:\n"
      "      Encrypted: !!bool yes\n      MultiAttachEnabled: !!bool \"No\"\n"
      "      AutoEnableIO: !!str yes\n");
  REQUIRE(doc.root);
  const cfn::Value* properties = doc.root->find("Resources")->find("V")->find("Properties");
  REQUIRE(properties);
  CHECK(properties->find("Encrypted")->as_bool() == true);
  CHECK(properties->find("MultiAttachEnabled")->as_bool() == false);
  CHECK(properties->find("AutoEnableIO")->text() == "yes");  // a string, as tagged
}
