#include "cli/graph_command.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "cli/scanner.h"
#include "graph/export.h"
#include "graph/graph.h"
#include "model/template.h"
#include "sam/expand.h"
#include "sam/foreach.h"

namespace cfn {

namespace {

constexpr int kUsageError = 2;

// Logical id -> the rules it fails, through the same pipeline as `cfn-scan scan`.
// Suppressed findings do not colour a resource.
GraphFindings findings_by_logical_id(std::string text, const std::string& file, const ScanOptions& options) {
  GraphFindings grouped;
  ScannedFile scanned = scan_text(std::move(text), file, options);
  for (const Finding& finding : scanned.report.findings) {
    if (finding.logical_id.empty() || !finding.suppressions.empty() || !finding.rule) continue;
    grouped[finding.logical_id].emplace_back(finding.rule->id);
  }
  for (auto& [logical_id, rules] : grouped) {
    std::sort(rules.begin(), rules.end());
    rules.erase(std::unique(rules.begin(), rules.end()), rules.end());
  }
  return grouped;
}

}  // namespace

int run_graph(const std::string& file, const std::string& format, std::istream& in, std::ostream& out,
              std::ostream& err) {
  std::optional<GraphFormat> graph_format = parse_graph_format(format);
  if (!graph_format) {
    err << "cfn-scan graph: unknown format '" << format << "' (expected dot, mermaid or json)\n";
    return kUsageError;
  }
  const ScanOptions options;
  std::optional<std::string> text = read_one_template(file, "graph", options.max_file_bytes, in, err);
  if (!text) return kUsageError;
  const std::string name = name_of_input(file);
  Document document = load_document(std::make_shared<SourceFile>(name, *text), options.limits);
  if (report_unusable_template(document, "graph", name, err)) return kUsageError;
  // The graph of what CloudFormation deploys: SAM resources expanded, as the checks see them.
  Template tmpl = Template::build(expand_sam(expand_foreach(std::move(document))));
  ResourceGraph graph = ResourceGraph::build(tmpl);
  write_graph(graph, *graph_format, findings_by_logical_id(std::move(*text), name, options), out);
  return 0;
}

}  // namespace cfn
