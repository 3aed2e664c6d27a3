// Hostile input that the annotated fixtures cannot express: each limit at a small value
// (file size, nesting depth, values, alias expansion), with the exact position and
// message of the finding, and exact columns on CRLF and UTF-16 input. fixtures/hostile/
// holds the rest of the suite (docs/limits.md lists every limit).
#include <catch2/catch.hpp>
#include <string>

#include "cli/scanner.h"
#include "model/loader.h"

using namespace cfn;

namespace {

const char* kHeader = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Queue:\n    Type: AWS::SQS::Queue\n";

const Finding* find_rule(const ScannedFile& scanned, std::string_view rule) {
  for (const Finding& finding : scanned.report.findings) {
    if (finding.rule && finding.rule->id == rule) return &finding;
  }
  return nullptr;
}

std::string repeat(std::string_view text, size_t times) {
  std::string out;
  for (size_t i = 0; i < times; ++i) out += text;
  return out;
}

}  // namespace

TEST_CASE("hostile: a file over max_file_bytes is one finding at 1:1, not read", "[hostile][limits]") {
  ScanOptions options;
  options.max_file_bytes = 64;
  std::string text = std::string(kHeader) + repeat("# padding\n", 10);
  ScannedFile scanned = scan_text(text, "big.yaml", options);
  REQUIRE(scanned.outcome == FileOutcome::Template);
  REQUIRE(scanned.report.findings.size() == 1);
  const Finding& finding = scanned.report.findings.front();
  CHECK(finding.rule->id == "template-limit-exceeded");
  CHECK(finding.range.begin == Position{1, 1});
  CHECK(finding.message == "The file is " + std::to_string(text.size()) +
                               " bytes, above the limit of 64 bytes; it was not scanned.");
}

TEST_CASE("hostile: the default file-size limit is well above CloudFormation's 1 MB", "[hostile][limits]") {
  CHECK(ScanOptions{}.max_file_bytes >= 4 * 1024 * 1024);
  // A 2 MB template (twice what CloudFormation accepts) is still scanned.
  std::string text = std::string(kHeader) + "Metadata:\n  Blob: " + std::string(2 * 1024 * 1024, 'x') + "\n";
  ScannedFile scanned = scan_text(text, "two-mb.yaml", ScanOptions{});
  REQUIRE(scanned.outcome == FileOutcome::Template);
  CHECK(find_rule(scanned, "template-limit-exceeded") == nullptr);
}

TEST_CASE("hostile: max_depth is configurable and reported where it is crossed", "[hostile][limits]") {
  ScanOptions options;
  options.limits.max_depth = 5;
  SECTION("YAML flow") {
    // the root (1) > Metadata (2) > [ (3) [ (4) [ (5) [ (6: over the limit)
    ScannedFile scanned = scan_text(std::string(kHeader) + "Metadata:\n  Deep: [[[[[[x]]]]]]\n", "deep.yaml", options);
    const Finding* finding = find_rule(scanned, "template-limit-exceeded");
    REQUIRE(finding);
    CHECK(finding->range.begin.line == 6);
    CHECK(finding->message ==
          "The template nests mappings and sequences deeper than 5 levels; the rest of the file was not read.");
  }
  SECTION("JSON") {
    ScannedFile scanned = scan_text(
        "{\"AWSTemplateFormatVersion\": \"2010-09-09\",\n \"Metadata\": [[[[[[[1]]]]]]]}\n", "deep.json", options);
    const Finding* finding = find_rule(scanned, "template-limit-exceeded");
    REQUIRE(finding);
    CHECK(finding->range.begin.line == 2);
    CHECK(finding->message == "The template nests objects and arrays more than 5 levels deep; reading stopped here.");
  }
}

TEST_CASE("hostile: 10,000-deep nesting ends in a finding, never a stack overflow", "[hostile][limits]") {
  for (std::string deep : {std::string(kHeader) + "Metadata:\n  D: " + repeat("[", 10000) + repeat("]", 10000) + "\n",
                           std::string(kHeader) + "Metadata:\n  D:\n    " + repeat("- ", 10000) + "x\n",
                           std::string(kHeader) + "Metadata:\n  D: " + repeat("{a: ", 10000) + "x" + repeat("}", 10000) + "\n",
                           "{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"M\": " + repeat("[", 10000) + repeat("]", 10000) + "}",
                           "{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"M\": " + repeat("{\"a\":", 10000) + "1" + repeat("}", 10000) + "}"}) {
    ScannedFile scanned = scan_text(deep, "deep.yaml", ScanOptions{});
    INFO(deep.substr(0, 120));
    REQUIRE(scanned.outcome == FileOutcome::Template);
    const Finding* finding = find_rule(scanned, "template-limit-exceeded");
    REQUIRE(finding);
    CHECK(finding->range.begin.line >= 1);
  }
}

TEST_CASE("hostile: max_nodes is configurable and counts aliases expanded", "[hostile][limits]") {
  ScanOptions options;
  options.limits.max_nodes = 40;
  std::string list = "Metadata:\n  List:\n" + repeat("    - item\n", 50);
  ScannedFile scanned = scan_text(std::string(kHeader) + list, "many.yaml", options);
  const Finding* finding = find_rule(scanned, "template-limit-exceeded");
  REQUIRE(finding);
  CHECK(finding->message == "The template holds more than 40 values (aliases expanded); the rest of the file was not read.");
  CHECK(finding->range.begin.line > 6);

  ScannedFile json = scan_text("{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"L\": [" + repeat("1, ", 50) + "1]}", "many.json", options);
  const Finding* json_finding = find_rule(json, "template-limit-exceeded");
  REQUIRE(json_finding);
  CHECK(json_finding->message == "The template holds more than 40 values; reading stopped here.");
}

TEST_CASE("hostile: billion laughs stops at the alias budget within the default limits", "[hostile][limits]") {
  std::string text = std::string(kHeader) + "Metadata:\n  l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 10; ++i) {
    text += "  l" + std::to_string(i) + ": &l" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) text += (k ? ", *l" : "*l") + std::to_string(i - 1);
    text += "]\n";
  }
  ScannedFile scanned = scan_text(text, "laughs.yaml", ScanOptions{});
  const Finding* finding = find_rule(scanned, "template-limit-exceeded");
  REQUIRE(finding);
  CHECK(finding->range.begin.line == 9);  // l3: the first level whose copies pass 10,000 values
  CHECK(finding->message.starts_with("Aliases expand to more than 10000 values"));
}

TEST_CASE("hostile: max_alias_values is configurable and reported at the alias", "[hostile][limits]") {
  // Two aliases copy 11 values each: 22 values, past a limit of 15 at the second alias.
  std::string text = std::string(kHeader) +
                     "Metadata:\n  Ten: &ten [a, b, c, d, e, f, g, h, i, j]\n  One: *ten\n  Two: *ten\n";
  ScanOptions options;
  options.limits.max_alias_values = 15;
  ScannedFile scanned = scan_text(text, "aliases.yaml", options);
  const Finding* finding = find_rule(scanned, "template-limit-exceeded");
  REQUIRE(finding);
  CHECK(finding->range.begin == Position{8, 8});
  CHECK(finding->range.end == Position{8, 12});
  CHECK(finding->message == "Aliases expand to more than 15 values; the rest of the file was not read.");
  // What was read before the limit is still checked.
  CHECK(find_rule(scanned, "sqs-queue-no-cmk") != nullptr);

  options.limits.max_alias_values = 22;  // exactly enough
  CHECK(find_rule(scan_text(text, "aliases.yaml", options), "template-limit-exceeded") == nullptr);
}

TEST_CASE("hostile: max_steps of evaluation is configurable and ends in a finding", "[hostile][limits]") {
  // A resource whose properties hold intrinsics is resolved value by value (literal
  // subtrees are copied whole, for no step): 23 steps pass a budget of 20 inside Tags.
  std::string text = std::string(kHeader) + "    Properties:\n      QueueName: !Ref AWS::StackName\n      Tags:\n" +
                     repeat("        - {Key: k, Value: !Ref AWS::StackName}\n", 10);
  ScanOptions options;
  options.eval_limits.max_steps = 20;
  ScannedFile scanned = scan_text(text, "steps.yaml", options);
  const Finding* finding = find_rule(scanned, "template-limit-exceeded");
  REQUIRE(finding);
  CHECK(finding->logical_id == "Queue");
  CHECK(finding->property_path == "Resources.Queue.Properties");
  CHECK(finding->message ==
        "Evaluating the properties of Queue took more than 20 steps; the rest was left unresolved and not checked.");
  CHECK(finding->range.begin.line > 7);  // inside Tags, where the budget ran out
  CHECK(finding->range.begin.line <= 17);
  size_t limit_findings = 0;
  for (const Finding& each : scanned.report.findings) limit_findings += each.rule->id == "template-limit-exceeded";
  CHECK(limit_findings == 1);  // once, however many variants ran out at the same place
  // The other checks still ran on what was resolved.
  CHECK(find_rule(scanned, "sqs-queue-no-cmk") != nullptr);

  // The default budget is far above what this template needs.
  CHECK(find_rule(scan_text(text, "steps.yaml", ScanOptions{}), "template-limit-exceeded") == nullptr);

  // A queue that no enabled rule checks is not resolved, so it cannot run out of steps.
  ScanOptions s3_only = options;
  s3_only.filter.enabled = [](const RuleMeta& rule) {
    return rule.id.starts_with("s3-") || rule.id.starts_with("template-");
  };
  CHECK(find_rule(scan_text(text, "steps.yaml", s3_only), "template-limit-exceeded") == nullptr);
}

TEST_CASE("hostile: a self-referencing alias ends cleanly", "[hostile][limits]") {
  for (std::string text : {std::string(kHeader) + "Metadata: &m\n  Self: *m\n",
                           std::string(kHeader) + "Metadata: &m [*m, *m]\n",
                           std::string("&r {AWSTemplateFormatVersion: x, Self: *r}\n")}) {
    INFO(text);
    ScannedFile scanned = scan_text(text, "self.yaml", ScanOptions{});
    const Finding* finding = find_rule(scanned, "template-parse-error");
    REQUIRE(finding);
    CHECK(finding->message.find("is used inside the node it refers to") != std::string::npos);
  }
}

// An offset on the \n of a \r\n was given the column after the \r: one past the end of
// its line plus one. Found by json_loader_fuzzer (a line break inside a JSON string) and by
// yaml_loader_fuzzer (yaml-cpp's mark on a NUL byte before a CRLF). Fixed in
// src/model/source.cpp (SourceFile::position_at), src/model/yaml_loader.cpp
// (PositionCursor::at) and src/model/json_loader.cpp (TreeBuilder::end_of_character).
TEST_CASE("hostile: a position at a CRLF line break stays on its line", "[hostile][positions]") {
  SECTION("SourceFile") {
    SourceFile file("crlf.yaml", "ab\r\ncd\r\n");
    CHECK(file.position_at(2) == Position{1, 3});  // the \r
    CHECK(file.position_at(3) == Position{1, 3});  // the \n of the same line break
    CHECK(file.position_at(4) == Position{2, 1});
  }
  SECTION("JSON: a line break inside a string") {
    auto source = std::make_shared<const SourceFile>("crlf.json", std::string("{\"a\": \"b\r\n}"));
    Document document = load_json(source);
    REQUIRE(document.diagnostics.size() == 1);
    Range range = document.diagnostics.front().range;
    CHECK(range.begin == Position{1, 9});
    CHECK(range.end == Position{1, 9});  // line 1 has 8 columns: the break is just past them
  }
  SECTION("YAML: yaml-cpp's mark on the \n of a CRLF") {
    auto source = std::make_shared<const SourceFile>("nul.yaml", std::string("a: b\0\r\n", 7));
    Document document = load_yaml(source);
    REQUIRE(!document.diagnostics.empty());
    for (const Diagnostic& diagnostic : document.diagnostics) {
      CHECK(diagnostic.range.end.line == 1);
      CHECK(diagnostic.range.end.column <= 6);  // "a: b" and the NUL: 5 columns
    }
  }
}

TEST_CASE("hostile: CRLF and mixed line endings keep YAML and JSON positions right", "[hostile][positions]") {
  std::string yaml = "AWSTemplateFormatVersion: \"2010-09-09\"\r\nResources:\r  Bucket:\n    Type: AWS::S3::Bucket\r\n";
  ScannedFile scanned = scan_text(yaml, "mixed.yaml", ScanOptions{});
  const Finding* finding = find_rule(scanned, "s3-bucket-no-encryption");
  REQUIRE(finding);
  CHECK(finding->range.begin == Position{3, 3});
  CHECK(finding->range.end == Position{3, 9});
  std::string json = "{\r\n\"Resources\": {\r\"Bucket\": {\n\"Type\": \"AWS::S3::Bucket\"}}}\r\n";
  ScannedFile json_scanned = scan_text(json, "mixed.json", ScanOptions{});
  const Finding* json_finding = find_rule(json_scanned, "s3-bucket-no-encryption");
  REQUIRE(json_finding);
  CHECK(json_finding->range.begin == Position{3, 1});
}

// UTF-16/32 input: yaml-cpp decoded it itself, so positions were in UTF-16 units, and the
// scanner then missed it as a template. Fixed in src/model/yaml_loader.cpp (load_yaml)
// and src/cli/scanner.cpp (text_mentions_template); found by yaml_loader_fuzzer.
TEST_CASE("hostile: UTF-16 and UTF-32 are one parse error at 1:1", "[hostile][encoding]") {
  std::string utf16le("\xFF\xFE", 2);
  for (char c : std::string(kHeader)) utf16le += std::string{c, '\0'};
  ScannedFile scanned = scan_text(utf16le, "utf16.yaml", ScanOptions{});
  REQUIRE(scanned.outcome == FileOutcome::Template);
  REQUIRE(scanned.report.findings.size() == 1);
  CHECK(scanned.report.findings.front().rule->id == "template-parse-error");
  CHECK(scanned.report.findings.front().range.begin == Position{1, 1});
  CHECK(scanned.report.findings.front().message.find("UTF-8") != std::string::npos);
}

TEST_CASE("hostile: a file without the words of a template is passed over; escaped keys are not", "[hostile][speed]") {
  ScanOptions options;
  // Kubernetes-like YAML, no "Resources" and no "AWSTemplateFormatVersion": not parsed
  // (bench/README.md: a 7 MB one took a second), and still counted as not a template.
  std::string manifests = "items:\n" + repeat("  - kind: Deployment\n    spec: {replicas: 3, resources: {}}\n", 1000);
  CHECK(scan_text(manifests, "k8s.yaml", options).outcome == FileOutcome::NotTemplate);
  // The same words written with escapes are still read as the keys they spell.
  ScannedFile escaped_json =
      scan_text(R"({"Resour\u0063es": {"Queue": {"Type": "AWS::SQS::Queue"}}})", "escaped.json", options);
  CHECK(escaped_json.outcome == FileOutcome::Template);
  CHECK(find_rule(escaped_json, "sqs-queue-no-cmk"));
  ScannedFile escaped_yaml = scan_text(
      "\"AWSTemplateFormat\\x56ersion\": '2010-09-09'\n\"Resour\\x63es\":\n  Queue: {Type: AWS::SQS::Queue}\n",
      "escaped.yaml", options);
  CHECK(escaped_yaml.outcome == FileOutcome::Template);
  CHECK(find_rule(escaped_yaml, "sqs-queue-no-cmk"));
}

TEST_CASE("hostile: a section left empty is reported at its key, not past its line", "[hostile][positions]") {
  // `Conditions:` with nothing after it is a null with an empty range at the end of the
  // line; a finding there would point at nothing.
  ScannedFile scanned = scan_text(std::string(kHeader) + "Conditions:\n", "null-section.yaml", ScanOptions{});
  const Finding* finding = find_rule(scanned, "template-invalid-structure");
  REQUIRE(finding);
  CHECK(finding->range.begin == Position{5, 1});
  CHECK(finding->range.end == Position{5, 11});
  CHECK(finding->message ==
        "Section 'Conditions' is empty (null); CloudFormation rejects null values: remove the section or give it "
        "entries.");
}
