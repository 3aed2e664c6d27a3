#include <catch2/catch.hpp>

#include <string>
#include <utility>

#include "model/value.h"

using namespace cfn;

namespace {

Value plain(std::string text) { return Value::scalar(std::move(text), false); }
Value quoted(std::string text) { return Value::scalar(std::move(text), true); }

Value mapping_of(std::initializer_list<std::pair<std::string, Value>> entries) {
  Value mapping = Value::mapping();
  for (const auto& [key, value] : entries) mapping.entries().push_back(Value::Entry{key, {}, value});
  return mapping;
}

}  // namespace

TEST_CASE("value: factories set kind, quoting and range", "[value]") {
  Range range{{2, 3}, {2, 7}};
  Value scalar = Value::scalar("text", true, range);
  CHECK(scalar.is_scalar());
  CHECK(scalar.kind() == Value::Kind::Scalar);
  CHECK(scalar.text() == "text");
  CHECK(scalar.quoted());
  CHECK(scalar.range() == range);
  Value sequence = Value::sequence(range);
  CHECK(sequence.is_sequence());
  CHECK(sequence.items().empty());
  CHECK(sequence.range() == range);
  Value mapping = Value::mapping();
  CHECK(mapping.is_mapping());
  CHECK(mapping.entries().empty());
  CHECK_FALSE(mapping.range().known());
  mapping.set_range(range);
  CHECK(mapping.range() == range);
}

TEST_CASE("value: is_null", "[value]") {
  for (std::string text : {"", "~", "null", "Null", "NULL"}) {
    INFO(text);
    CHECK(plain(text).is_null());
    CHECK_FALSE(quoted(text).is_null());  // '' and "null" are strings
  }
  for (std::string text : {"nULL", "nul", "none", "None", "0", "false", " "}) {
    INFO(text);
    CHECK_FALSE(plain(text).is_null());
  }
  CHECK_FALSE(Value::mapping().is_null());
  CHECK_FALSE(Value::sequence().is_null());
}

TEST_CASE("value: as_bool takes true/false in any letter case, quoted or not", "[value]") {
  for (std::string text : {"true", "True", "TRUE", "tRuE"}) {
    INFO(text);
    CHECK(plain(text).as_bool() == true);
    CHECK(quoted(text).as_bool() == true);
  }
  for (std::string text : {"false", "False", "FALSE", "fAlSe"}) {
    INFO(text);
    CHECK(plain(text).as_bool() == false);
    CHECK(quoted(text).as_bool() == false);
  }
  // YAML 1.1 spellings are not CloudFormation booleans.
  for (std::string text : {"yes", "no", "on", "off", "1", "0", "", "truee", " true", "t"}) {
    INFO(text);
    CHECK_FALSE(plain(text).as_bool().has_value());
  }
  CHECK_FALSE(Value::mapping().as_bool().has_value());
  CHECK_FALSE(Value::sequence().as_bool().has_value());
}

TEST_CASE("value: as_number", "[value]") {
  CHECK(plain("0").as_number() == 0.0);
  CHECK(plain("42").as_number() == 42.0);
  CHECK(plain("-7").as_number() == -7.0);
  CHECK(plain("+5").as_number() == 5.0);
  CHECK(plain("1.50").as_number() == 1.5);
  CHECK(plain("-3e2").as_number() == -300.0);
  CHECK(plain("2.5E-1").as_number() == 0.25);
  CHECK(quoted("443").as_number() == 443.0);  // CloudFormation reads "443" as a number too
  for (std::string text : {"", "abc", "1 ", " 1", "1,000", "0x1F", "12abc", "+", "-", "1.2.3", "inf", "-inf", "nan",
                           "infinity", "1e999"}) {
    INFO(text);
    CHECK_FALSE(plain(text).as_number().has_value());
  }
  CHECK_FALSE(Value::mapping().as_number().has_value());
  CHECK_FALSE(Value::sequence().as_number().has_value());
}

TEST_CASE("value: as_string", "[value]") {
  CHECK(plain("abc").as_string() == "abc");
  CHECK(quoted("null").as_string() == "null");
  CHECK(quoted("").as_string() == "");
  CHECK_FALSE(plain("null").as_string().has_value());
  CHECK_FALSE(plain("~").as_string().has_value());
  CHECK_FALSE(Value::mapping().as_string().has_value());
}

TEST_CASE("value: find and find_entry", "[value]") {
  Value mapping = mapping_of({{"Type", plain("AWS::S3::Bucket")}, {"Properties", Value::mapping()}});
  mapping.entries()[0].key_range = Range{{3, 5}, {3, 9}};
  REQUIRE(mapping.find("Type"));
  CHECK(mapping.find("Type")->text() == "AWS::S3::Bucket");
  CHECK(mapping.find("Properties")->is_mapping());
  CHECK(mapping.find("type") == nullptr);  // keys are case-sensitive
  CHECK(mapping.find("") == nullptr);
  const Value::Entry* entry = mapping.find_entry("Type");
  REQUIRE(entry);
  CHECK(entry->key == "Type");
  CHECK(entry->key_range == Range{{3, 5}, {3, 9}});
  CHECK(mapping.find_entry("Missing") == nullptr);
}

TEST_CASE("value: find returns the first of repeated keys", "[value]") {
  Value mapping = mapping_of({{"A", plain("first")}, {"A", plain("second")}});
  CHECK(mapping.find("A")->text() == "first");
}

TEST_CASE("value: find on a scalar or sequence finds nothing", "[value]") {
  CHECK(plain("A").find("A") == nullptr);
  Value sequence = Value::sequence();
  sequence.items().push_back(plain("A"));
  CHECK(sequence.find("A") == nullptr);
  CHECK(sequence.find_entry("A") == nullptr);
}

TEST_CASE("value: intrinsic recognises one-entry Ref, Condition and Fn:: mappings", "[value]") {
  for (std::string key : {"Ref", "Condition", "Fn::GetAtt", "Fn::Sub", "Fn::If", "Fn::ForEach::Items"}) {
    INFO(key);
    Value call = mapping_of({{key, plain("X")}});
    const Value::Entry* intrinsic = call.intrinsic();
    REQUIRE(intrinsic);
    CHECK(intrinsic->key == key);
    CHECK(intrinsic->value.text() == "X");
  }
}

TEST_CASE("value: intrinsic rejects everything else", "[value]") {
  CHECK(mapping_of({{"ref", plain("X")}}).intrinsic() == nullptr);
  CHECK(mapping_of({{"Fn:GetAtt", plain("X")}}).intrinsic() == nullptr);
  CHECK(mapping_of({{"Fn", plain("X")}}).intrinsic() == nullptr);
  CHECK(mapping_of({{"Type", plain("X")}}).intrinsic() == nullptr);
  CHECK(mapping_of({{"Ref", plain("X")}, {"Other", plain("Y")}}).intrinsic() == nullptr);
  CHECK(Value::mapping().intrinsic() == nullptr);
  CHECK(plain("Ref").intrinsic() == nullptr);
  Value sequence = Value::sequence();
  sequence.items().push_back(mapping_of({{"Ref", plain("X")}}));
  CHECK(sequence.intrinsic() == nullptr);
}

TEST_CASE("value: a tree can be built and walked", "[value]") {
  Value list = Value::sequence();
  list.items().push_back(plain("a"));
  list.items().push_back(mapping_of({{"Ref", plain("Param")}}));
  Value root = mapping_of({{"List", list}});
  const Value* found = root.find("List");
  REQUIRE(found);
  REQUIRE(found->items().size() == 2);
  CHECK(found->items()[0].text() == "a");
  CHECK(found->items()[1].intrinsic()->value.text() == "Param");
}

TEST_CASE("value: set_range_everywhere gives every node and key one range", "[value]") {
  Value list = Value::sequence(Range{{1, 1}, {1, 2}});
  list.items().push_back(plain("a"));
  Value root = mapping_of({{"List", list}, {"Ref", plain("X")}});
  Range at{{7, 3}, {7, 9}};
  set_range_everywhere(root, at);
  CHECK(root.range() == at);
  for (const Value::Entry& entry : root.entries()) {
    CHECK(entry.key_range == at);
    CHECK(entry.value.range() == at);
  }
  CHECK(root.find("List")->items()[0].range() == at);
}

TEST_CASE("value: what it knows of intrinsics below it, and forgets on change", "[value]") {
  CHECK(plain("x").known_to_contain_intrinsic() == false);  // a scalar never holds one

  Value tags = Value::sequence();
  tags.items().push_back(mapping_of({{"Key", plain("a")}, {"Value", plain("b")}}));
  Value properties = mapping_of({{"Tags", tags}});
  CHECK(properties.known_to_contain_intrinsic() == std::nullopt);  // built by hand: not known
  properties.remember_intrinsics();
  CHECK(properties.known_to_contain_intrinsic() == false);
  CHECK(properties.entries().front().value.known_to_contain_intrinsic() == false);  // the child was not asked
  CHECK(properties.known_to_contain_intrinsic() == std::nullopt);  // the parent was, mutably: forgotten
  properties.remember_intrinsics();

  // A change deep down passes through each ancestor's mutable accessor, which forgets.
  Value& first_tag = properties.entries().front().value.items().front();
  first_tag.entries().back().value = mapping_of({{"Ref", plain("Name")}});
  CHECK(properties.known_to_contain_intrinsic() == std::nullopt);
  properties.remember_intrinsics();
  CHECK(properties.known_to_contain_intrinsic() == true);

  // A copy keeps what is known; an intrinsic at the top counts too.
  Value copy = properties;
  CHECK(copy.known_to_contain_intrinsic() == true);
  Value ref = mapping_of({{"Fn::GetAtt", plain("Queue.Arn")}});
  ref.remember_intrinsics();
  CHECK(ref.known_to_contain_intrinsic() == true);
}

TEST_CASE("value: copies share children until one is changed", "[value]") {
  Value tags = Value::sequence();
  tags.items().push_back(mapping_of({{"Key", plain("a")}, {"Value", plain("b")}}));
  Value original = mapping_of({{"Tags", tags}});
  original.remember_intrinsics();

  const Value copy = original;
  const Value& read_back = original;
  // Shared: the copy's children are the original's, not copies of them.
  CHECK(&copy.entries() == &read_back.entries());
  CHECK(copy.known_to_contain_intrinsic() == false);

  // Changing the copy gives it children of its own; the original does not see the change.
  Value changed = copy;
  changed.entries().front().value.items().front().entries().back().value = mapping_of({{"Ref", plain("Name")}});
  CHECK(&changed.entries() != &copy.entries());
  CHECK(read_back.find("Tags")->items().front().find("Value")->text() == "b");
  CHECK(copy.find("Tags")->items().front().find("Value")->text() == "b");
  CHECK(changed.find("Tags")->items().front().find("Value")->intrinsic());
  changed.remember_intrinsics();
  CHECK(changed.known_to_contain_intrinsic() == true);
  CHECK(read_back.known_to_contain_intrinsic() == false);
}

TEST_CASE("value: is_unchanged_copy_of tells a copy from a changed or rebuilt value", "[value]") {
  Value original = mapping_of({{"Tags", Value::sequence()}, {"Name", quoted("a")}});
  const Value copy = original;
  CHECK(copy.is_unchanged_copy_of(original));
  CHECK(original.find("Name")->is_unchanged_copy_of(*copy.find("Name")));

  Value changed = copy;
  changed.entries().back().value = quoted("b");
  CHECK_FALSE(changed.is_unchanged_copy_of(original));  // children of its own now
  CHECK_FALSE(changed.find("Name")->is_unchanged_copy_of(*original.find("Name")));

  // Equal content is not enough: a mapping rebuilt entry by entry is a new value.
  Value rebuilt = mapping_of({{"Tags", Value::sequence()}, {"Name", quoted("a")}});
  CHECK_FALSE(rebuilt.is_unchanged_copy_of(original));
  // A scalar compares its text, quoting and place.
  CHECK_FALSE(plain("a").is_unchanged_copy_of(quoted("a")));
  Value moved = quoted("a");
  moved.set_range(Range{{2, 1}, {2, 4}});
  CHECK_FALSE(moved.is_unchanged_copy_of(quoted("a")));
}

TEST_CASE("value: remember_intrinsics leaves children shared with another copy untouched", "[value]") {
  // A tree built by hand knows nothing yet; a copy of it shares its children. Learning
  // on the copy must not write into them: the SAM policy templates are shared this way
  // between scanning threads.
  Value inner = Value::sequence();
  inner.items().push_back(mapping_of({{"Ref", plain("P")}}));
  Value original = mapping_of({{"List", inner}});
  const Value& read_back = original;
  Value copy = original;
  copy.remember_intrinsics();
  CHECK(copy.known_to_contain_intrinsic() == true);
  CHECK(&std::as_const(copy).entries() != &read_back.entries());  // it learnt on children of its own
  CHECK(read_back.entries().front().value.known_to_contain_intrinsic() == std::nullopt);

  // Once everything below is known, a copy learns without copying anything.
  original.remember_intrinsics();
  Value second = read_back;
  second.remember_intrinsics();
  CHECK(&std::as_const(second).entries() == &read_back.entries());  // const access: no copy
  CHECK(second.known_to_contain_intrinsic() == true);
}

TEST_CASE("value: find_path follows keys (dots in keys too) and list indices", "[value]") {
  Value list = Value::sequence();
  list.items().push_back(plain("first"));
  list.items().push_back(mapping_of({{"Name", plain("second")}}));
  Value root = mapping_of({{"Properties", mapping_of({{"Tags", list}, {"a.json", plain("file")}})}});
  REQUIRE(find_path(root, ".Properties.Tags[1].Name"));
  CHECK(find_path(root, ".Properties.Tags[1].Name")->text() == "second");
  CHECK(find_path(root, ".Properties.Tags[0]")->text() == "first");
  CHECK(find_path(root, ".Properties.a.json")->text() == "file");
  CHECK(find_path(root, "") == &root);
  CHECK(find_path(root, ".Properties.Tags[2]") == nullptr);
  CHECK(find_path(root, ".Missing") == nullptr);
}
