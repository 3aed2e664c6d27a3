#include "report/baseline.h"

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <tuple>

namespace cfn {

namespace {

using Json = nlohmann::ordered_json;
using Key = std::tuple<std::string, std::string, std::string>;  // rule, file, property path

constexpr int kFormatVersion = 1;

Key key_of(const Finding& finding, const FileReport& file) {
  return {std::string(finding.rule ? finding.rule->id : std::string_view{}), file.source->path(),
          finding.property_path};
}

std::string describe_json_error(const std::string& path, const std::string& what) {
  return path + ": not a cfn-scan baseline: " + what;
}

// One "findings" item; returns an error text, or "" when valid.
std::string read_entry(const Json& item, BaselineEntry& entry) {
  if (!item.is_object()) return "each item of 'findings' must be an object";
  for (const char* field : {"rule", "file", "path"}) {
    if (!item.contains(field) || !item[field].is_string()) return std::string("each finding needs a string '") + field + "'";
  }
  if (!item.contains("count") || !item["count"].is_number_unsigned() || item["count"].get<size_t>() == 0)
    return "each finding needs a positive integer 'count'";
  entry = {item["rule"].get<std::string>(), item["file"].get<std::string>(), item["path"].get<std::string>(),
           item["count"].get<size_t>()};
  return "";
}

}  // namespace

Baseline make_baseline(const ScanReport& report) {
  std::map<Key, size_t> counts;  // ordered: the file is sorted without a further step
  for (const FileReport& file : report.files) {
    for (const Finding& finding : file.findings) {
      if (finding.suppressions.empty()) ++counts[key_of(finding, file)];
    }
  }
  Baseline baseline;
  for (const auto& [key, count] : counts)
    baseline.entries.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), count});
  return baseline;
}

void write_baseline(const Baseline& baseline, std::ostream& out) {
  Json findings = Json::array();
  for (const BaselineEntry& entry : baseline.entries) {
    findings.push_back(
        {{"rule", entry.rule}, {"file", entry.file}, {"path", entry.property_path}, {"count", entry.count}});
  }
  Json document = {{"version", kFormatVersion}, {"tool", "cfn-scan"}, {"findings", findings}};
  out << document.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

BaselineRead parse_baseline(const std::string& text, const std::string& path) {
  BaselineRead read;
  Json document = Json::parse(text, nullptr, false);
  if (document.is_discarded()) {
    read.error = describe_json_error(path, "the file is not valid JSON");
    return read;
  }
  if (!document.is_object() || !document.contains("version") || document["version"] != kFormatVersion ||
      !document.contains("findings") || !document["findings"].is_array()) {
    read.error = describe_json_error(path, "expected {\"version\": 1, \"findings\": [...]}");
    return read;
  }
  std::map<Key, size_t> counts;  // a hand-merged file may repeat a key: counts add up
  for (const Json& item : document["findings"]) {
    BaselineEntry entry;
    std::string problem = read_entry(item, entry);
    if (!problem.empty()) {
      read.error = describe_json_error(path, problem);
      return read;
    }
    counts[{entry.rule, entry.file, entry.property_path}] += entry.count;
  }
  for (const auto& [key, count] : counts)
    read.baseline.entries.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), count});
  return read;
}

BaselineRead read_baseline_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in || in.bad()) {
    BaselineRead read;
    read.error = path + ": cannot read the baseline file";
    return read;
  }
  return parse_baseline(text.str(), path);
}

size_t apply_baseline(ScanReport& report, const Baseline& baseline) {
  std::map<Key, size_t> remaining;
  for (const BaselineEntry& entry : baseline.entries)
    remaining[{entry.rule, entry.file, entry.property_path}] += entry.count;
  size_t marked = 0;
  for (FileReport& file : report.files) {
    for (Finding& finding : file.findings) {
      if (!finding.suppressions.empty()) continue;
      auto budget = remaining.find(key_of(finding, file));
      if (budget == remaining.end() || budget->second == 0) continue;
      --budget->second;
      finding.suppressions.push_back(Suppression{"external", std::string(kBaselineJustification)});
      ++marked;
    }
  }
  return marked;
}

std::string baseline_summary(size_t baselined) {
  if (baselined == 1) return "cfn-scan: 1 finding is in the baseline and not reported as new.";
  return "cfn-scan: " + std::to_string(baselined) + " findings are in the baseline and not reported as new.";
}

}  // namespace cfn
