// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers (DESIGN.md, "SARIF").
// The log must be byte-for-byte reproducible: ordered_json keeps keys in insertion
// order, findings arrive sorted, and nothing machine-specific (time, absolute paths)
// is written.
#include <algorithm>
#include <cassert>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "report/fingerprint.h"
#include "report/json_stream.h"
#include "report/report.h"

namespace cfn {

namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kSchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr std::string_view kInformationUri = "https://github.com/cfn-scan/cfn-scan";
constexpr std::string_view kRuleDocsUri = "https://github.com/cfn-scan/cfn-scan/blob/main/docs/rules/";
constexpr std::string_view kSourceRoot = "%SRCROOT%";
constexpr size_t kGithubDescriptionLimit = 1024;  // GitHub rejects longer descriptions

std::string str(std::string_view text) { return std::string(text); }

// "s3-bucket-no-encryption" -> "S3BucketNoEncryption" (SARIF's reportingDescriptor.name).
std::string pascal_case(std::string_view id) {
  std::string name;
  bool word_start = true;
  for (char c : id) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum) {
      word_start = true;
      continue;
    }
    name += word_start && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    word_start = false;
  }
  return name;
}

// Cuts at a UTF-8 character boundary and marks the cut; short text is returned as is.
std::string truncated(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return str(text);
  constexpr std::string_view kEllipsis = "...";
  size_t cut = max_bytes - kEllipsis.size();
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return str(text.substr(0, cut)) + str(kEllipsis);
}

std::string_view first_non_empty(std::string_view preferred, std::string_view fallback) {
  return preferred.empty() ? fallback : preferred;
}

// A fence longer than any backtick run in the snippet, so the snippet cannot close it.
std::string code_fence(std::string_view snippet) {
  size_t longest = 0;
  size_t run = 0;
  for (char c : snippet) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return std::string(std::max<size_t>(3, longest + 1), '`');
}

std::string without_trailing_newlines(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  return str(text);
}

void append_section(std::string& doc, std::string_view heading, std::string_view body) {
  if (body.empty()) return;
  doc += "\n\n";
  doc += heading;
  doc += '\n';
  doc += without_trailing_newlines(body);
}

// help.text: the same sections as help.markdown, for viewers that show plain text.
std::string help_text(const RuleMeta& rule) {
  std::string doc = str(first_non_empty(rule.description, rule.title));
  append_section(doc, "Why it matters:", rule.rationale);
  append_section(doc, "AWS default:", rule.aws_default);
  append_section(doc, "How to fix:", rule.remediation);
  append_section(doc, "Example:", rule.snippet);
  std::string references;
  for (std::string_view url : rule.references) references += "- " + str(url) + "\n";
  append_section(doc, "References:", references);
  return doc + '\n';
}

std::string help_markdown(const RuleMeta& rule) {
  std::string doc = "# " + str(first_non_empty(rule.title, rule.id)) + "\n\n";
  doc += without_trailing_newlines(first_non_empty(rule.description, rule.title));
  append_section(doc, "## Why it matters\n", rule.rationale);
  append_section(doc, "## AWS default\n", rule.aws_default);
  append_section(doc, "## How to fix\n", rule.remediation);
  if (!rule.snippet.empty()) {
    std::string fence = code_fence(rule.snippet);
    append_section(doc, "## Example\n",
                   fence + "yaml\n" + without_trailing_newlines(rule.snippet) + "\n" + fence);
  }
  std::string references;
  for (std::string_view url : rule.references) references += "- <" + str(url) + ">\n";
  append_section(doc, "## References\n", references);
  return doc + '\n';
}

// Tool name -> that tool's ids, tools in the rule's order (a repeated tool is merged).
Json equivalents(const RuleMeta& rule) {
  Json tools = Json::object();
  for (const RuleEquivalent& equivalent : rule.equivalents) {
    Json& ids = tools[str(equivalent.tool)];
    if (ids.is_null()) ids = Json::array();
    for (std::string_view id : equivalent.ids) ids.push_back(str(id));
  }
  return tools;
}

Json rule_properties(const RuleMeta& rule) {
  Json properties = Json::object();
  properties["tags"] = Json::array();
  for (std::string_view tag : rule.tags) properties["tags"].push_back(str(tag));
  if (!rule.precision.empty()) properties["precision"] = str(rule.precision);
  // A string, as GitHub wants; it only counts for rules tagged "security".
  if (!rule.security_severity.empty())
    properties["security-severity"] = str(rule.security_severity);
  properties["equivalents"] = equivalents(rule);
  return properties;
}

Json rule_descriptor(const RuleMeta& rule) {
  std::string_view title = first_non_empty(rule.title, rule.id);
  return Json{
      {"id", str(rule.id)},
      {"name", pascal_case(rule.id)},
      {"shortDescription", {{"text", truncated(title, kGithubDescriptionLimit)}}},
      {"fullDescription",
       {{"text", truncated(first_non_empty(rule.description, title), kGithubDescriptionLimit)}}},
      {"help", {{"text", help_text(rule)}, {"markdown", help_markdown(rule)}}},
      {"helpUri", str(kRuleDocsUri) + str(rule.id) + ".md"},
      {"defaultConfiguration", {{"level", str(level_name(rule.level))}}},
      {"properties", rule_properties(rule)},
  };
}

bool is_uri_unreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '.' || c == '_' || c == '~';
}

// Percent-encodes every byte except RFC 3986 unreserved characters and '/'. That also
// encodes ':' so a first segment like "C:" cannot be read as a URI scheme.
std::string percent_encoded(std::string_view path) {
  static constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string uri;
  for (unsigned char c : path) {
    if (is_uri_unreserved(c) || c == '/') {
      uri += static_cast<char>(c);
    } else {
      uri += '%';
      uri += kHex[c >> 4];
      uri += kHex[c & 0xF];
    }
  }
  return uri;
}

// Report paths are relative to the working directory, which is %SRCROOT% (GitHub maps
// it to the checkout). An absolute path (a file outside the working directory) cannot
// take a base id, so it becomes a file URI of its own.
struct ArtifactUri {
  std::string uri;
  bool under_source_root = false;  // relative: takes uriBaseId %SRCROOT%
};

ArtifactUri artifact_uri(std::string_view path) {
  if (!path.empty() && path.front() == '/') return {"file://" + percent_encoded(path), false};
  return {percent_encoded(path), true};
}

// An artifactLocation as artifacts[] holds it (results write the same members, json_stream).
Json artifact_location(std::string_view path) {
  ArtifactUri artifact = artifact_uri(path);
  Json location = Json{{"uri", artifact.uri}};
  if (artifact.under_source_root) location["uriBaseId"] = str(kSourceRoot);
  return location;
}

// A parameter's finding names a parameter; everything else lives in a resource or is
// reported against one (outputs, conditions).
std::string_view logical_kind(std::string_view property_path) {
  return property_path.starts_with("Parameters.") ? "parameter" : "resource";
}

// Line and column fields are written only when known: SARIF forbids 0. A finding
// without a position concerns the whole file: GitHub needs a startLine, and the SARIF
// validator (SARIF2017) asks for this form, { startLine: 1, endLine: last }.
void write_region(json_stream::Object& physical, const Finding& finding, const SourceFile& source) {
  json_stream::Object region(physical, "region");
  const Range& range = finding.range;
  if (!range.known()) {
    size_t lines = source.line_count();
    if (lines > 1 && source.line(static_cast<uint32_t>(lines)).empty()) --lines;  // final newline
    region.number("startLine", 1);
    region.number("endLine", lines);
  } else {
    region.number("startLine", range.begin.line);
    if (range.begin.column != 0) region.number("startColumn", range.begin.column);
    if (range.end.known()) {
      region.number("endLine", range.end.line);
      if (range.end.column != 0) region.number("endColumn", range.end.column);
    }
  }
  region.close();
}

// The file (artifact_uri, with the artifact's index) and the region.
void write_physical_location(json_stream::Object& location, const Finding& finding, const SourceFile& source,
                             size_t artifact_index) {
  json_stream::Object physical(location, "physicalLocation");
  json_stream::Object artifact(physical, "artifactLocation");
  ArtifactUri uri = artifact_uri(source.path());
  artifact.string("uri", uri.uri);
  if (uri.under_source_root) artifact.string("uriBaseId", kSourceRoot);
  artifact.number("index", artifact_index);
  artifact.close();
  write_region(physical, finding, source);
  physical.close();
}

void write_logical_location(json_stream::List& list, std::string_view name, std::string_view qualified_name,
                            std::string_view kind) {
  json_stream::Object logical = list.object();
  logical.string("name", name);
  if (!qualified_name.empty()) logical.string("fullyQualifiedName", qualified_name);
  logical.string("kind", kind);
  logical.close();
}

void write_location(json_stream::List& locations, const Finding& finding, const SourceFile& source,
                    size_t artifact_index) {
  json_stream::Object location = locations.object();
  write_physical_location(location, finding, source, artifact_index);
  if (!finding.logical_id.empty()) {
    json_stream::List logical(location, "logicalLocations");
    write_logical_location(logical, finding.logical_id, finding.property_path, logical_kind(finding.property_path));
    if (!finding.sam_resource.empty() && finding.sam_resource != finding.logical_id) {
      // The SAM resource the finding's resource was generated from (DESIGN.md).
      write_logical_location(logical, finding.sam_resource, "Resources." + finding.sam_resource, "resource");
    }
    logical.close();
  }
  location.close();
}

Json suppressions(const Finding& finding) {
  Json list = Json::array();
  for (const Suppression& suppression : finding.suppressions) {
    Json entry = Json{{"kind", suppression.kind}};
    if (!suppression.justification.empty()) entry["justification"] = suppression.justification;
    list.push_back(entry);
  }
  return list;
}

// Everything a result needs besides the finding itself.
struct ResultContext {
  std::map<std::string_view, size_t> rule_index;  // rule id -> index in rules[]
  FingerprintSequence fingerprints;
};

// One result, written as dump(2) prints it at `depth` without building it as a tree
// (json_stream::Object): results are most of a large log, and writing them is serial.
void write_result(std::ostream& out, size_t depth, const Finding& finding, const SourceFile& source,
                  size_t artifact_index, ResultContext& context) {
  json_stream::Object result(out, depth);
  std::string_view rule_id = finding.rule ? finding.rule->id : std::string_view{};
  result.string("ruleId", rule_id);
  // Precondition: every finding's rule is in report.rules (the engine only runs enabled
  // rules). Should one slip through in a release build, the result keeps only its
  // ruleId, which is still valid SARIF.
  auto index = context.rule_index.find(rule_id);
  assert(index != context.rule_index.end() && "finding's rule missing from ScanReport::rules");
  if (index != context.rule_index.end()) result.number("ruleIndex", index->second);
  result.string("level", level_name(finding.level));
  json_stream::Object message(result, "message");
  message.string("text", finding.message);
  message.close();
  json_stream::List locations(result, "locations");
  write_location(locations, finding, source, artifact_index);
  locations.close();
  json_stream::Object fingerprints(result, "partialFingerprints");
  fingerprints.string("primaryLocationLineHash", context.fingerprints.next(finding, source.path()));
  fingerprints.close();
  if (!finding.suppressions.empty()) result.member("suppressions", suppressions(finding));
  result.close();
}

Json driver(const ScanReport& report) {
  Json rules = Json::array();
  for (const RuleMeta& rule : report.rules) rules.push_back(rule_descriptor(rule));
  return Json{
      {"name", "cfn-scan"},
      {"semanticVersion", str(cfn_scan_version())},
      {"version", str(cfn_scan_version())},
      {"informationUri", str(kInformationUri)},
      {"rules", rules},
  };
}

// Every scanned template, findings or not: the record of what was analysed.
Json artifacts(const ScanReport& report) {
  Json list = Json::array();
  for (const FileReport& file : report.files) {
    list.push_back({{"location", artifact_location(file.source->path())},
                    {"length", file.source->size()},
                    {"roles", {"analysisTarget"}}});
  }
  return list;
}

// The run without its results, which write_sarif streams after it.
Json run_head(const ScanReport& report) {
  Json run = Json{{"tool", {{"driver", driver(report)}}}};
  // GitHub reads "<category>/" as the category with no run id.
  if (!report.sarif_category.empty()) {
    std::string id = report.sarif_category;
    if (id.back() != '/') id += '/';
    run["automationDetails"] = {{"id", id}};
  }
  // The base is declared but left without a uri: its absolute location differs per
  // machine, and consumers (GitHub: the checkout) supply it.
  run["originalUriBaseIds"] = {
      {str(kSourceRoot),
       {{"description", {{"text", "The directory cfn-scan ran in; file URIs are relative to it."}}}}}};
  run["columnKind"] = "unicodeCodePoints";
  run["artifacts"] = artifacts(report);
  return run;
}

}  // namespace

// Streamed (json_stream.h): results are written one by one, never held as one tree.
void write_sarif(const ScanReport& report, std::ostream& out) {
  Json head = Json{{"$schema", str(kSchemaUri)}, {"version", "2.1.0"}};
  json_stream::open_object(out, head, 0);
  json_stream::add_member(out, "runs", 0);
  out << "[\n    ";  // one run
  json_stream::open_object(out, run_head(report), 2);
  json_stream::add_member(out, "results", 2);
  json_stream::Array results(out, 3);
  ResultContext context;
  for (size_t i = 0; i < report.rules.size(); ++i) context.rule_index.emplace(report.rules[i].id, i);
  for (size_t file_index = 0; file_index < report.files.size(); ++file_index) {
    const FileReport& file = report.files[file_index];
    for (const Finding& finding : file.findings) {
      results.add_with([&](std::ostream& stream, size_t depth) {
        write_result(stream, depth, finding, *file.source, file_index, context);
      });
    }
  }
  results.close();
  json_stream::close_object(out, 2);
  out << "\n  ]";
  json_stream::close_object(out, 0);
  out << '\n';
}

}  // namespace cfn
