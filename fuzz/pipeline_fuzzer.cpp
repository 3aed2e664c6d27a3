// libFuzzer target: the whole pipeline, bytes to SARIF, as `cfn-scan scan --format sarif`
// runs it on one file (fuzz/README.md): load_document (JSON or YAML by content),
// template recognition, SAM expansion, every built-in rule, the report excerpt the CLI
// keeps, then the SARIF, JSON and text reporters.
// Beyond the sanitizers it checks that every finding's region exists in the file and
// that the SARIF and JSON reports are well-formed JSON.
#include <cstddef>
#include <cstdint>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/scanner.h"
#include "fuzz_checks.h"
#include "policy/rule.h"
#include "report/report.h"

namespace {

void check_json(const std::string& text, const char* what) {
  if (!nlohmann::json::accept(text)) {
    std::fprintf(stderr, "fuzz invariant violated: the %s report is not valid JSON\n", what);
    std::abort();
  }
}

// The rules this file's findings name, in the catalogue's order: the report `cfn-scan scan`
// writes when only those rules are enabled. The descriptors of the other 400 do not depend
// on the input (tests/report and CI's SARIF validation cover the whole catalogue); writing
// them and parsing the 1.2 MB log again took three quarters of this target's time.
std::vector<cfn::RuleMeta> rules_named_by(const cfn::FileReport& file) {
  std::set<std::string_view> ids;
  for (const cfn::Finding& finding : file.findings) ids.insert(finding.rule->id);
  std::vector<cfn::RuleMeta> rules;
  for (const cfn::RuleMeta& rule : cfn::builtin_rules()) {
    if (ids.count(rule.id)) rules.push_back(rule);
  }
  return rules;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cfn::ScanOptions options;  // the CLI's defaults: every rule, default limits
  options.filter.enabled = [](const cfn::RuleMeta&) { return true; };
  cfn::ScannedFile scanned =
      cfn::scan_text(std::string(reinterpret_cast<const char*>(data), size), "fuzz/template.yaml", options);
  if (scanned.outcome != cfn::FileOutcome::Template) return 0;

  cfn::FileReport& file = scanned.report;
  if (!file.source) {
    std::fprintf(stderr, "fuzz invariant violated: a template report without its source\n");
    std::abort();
  }
  std::vector<uint32_t> lines;
  cfn::fuzz::LineColumns columns(*file.source);
  for (const cfn::Finding& finding : file.findings) {
    if (!finding.rule) cfn::fuzz::fail("finding without a rule", finding.range, finding.message);
    if (finding.message.empty()) cfn::fuzz::fail("finding without a message", finding.range, finding.rule->id);
    // SAM-generated findings may carry no position only if they name their source; every
    // finding the scanner emits for a file is expected to point into it.
    if (!finding.range.known()) cfn::fuzz::fail("finding without a position", finding.range, finding.rule->id);
    cfn::fuzz::check_range(*file.source, columns, finding.range, "finding range");
    lines.push_back(finding.range.begin.line);
  }
  // What scan_command does before reporting: keep only the lines findings point at.
  file.source = file.source->excerpt(lines);

  const std::vector<cfn::RuleMeta> rules = rules_named_by(file);
  cfn::ScanReport report;
  report.rules = rules;
  report.files.push_back(std::move(scanned.report));

  std::ostringstream sarif;
  cfn::write_sarif(report, sarif);
  check_json(sarif.str(), "SARIF");
  std::ostringstream json;
  cfn::write_json(report, json);
  check_json(json.str(), "JSON");
  std::ostringstream text;
  cfn::write_text(report, cfn::TextOptions{.color = true, .show_source = true}, text);
  return 0;
}
