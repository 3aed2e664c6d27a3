#include "cli/scan_command.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "cli/discovery.h"
#include "cli/scanner.h"
#include "report/report.h"

namespace cfn {

namespace {

bool rule_matches(const RuleMeta& rule, const std::string& selector) {
  if (rule.id == selector) return true;
  return std::find(rule.tags.begin(), rule.tags.end(), selector) != rule.tags.end();
}

bool matches_any(const RuleMeta& rule, const std::vector<std::string>& selectors) {
  return std::any_of(selectors.begin(), selectors.end(),
                     [&](const std::string& selector) { return rule_matches(rule, selector); });
}

// A selector that names no rule and no category is a typo the user wants to hear about.
bool check_selectors(const std::vector<std::string>& selectors, std::ostream& err) {
  for (const std::string& selector : selectors) {
    bool known = is_category_tag(selector) || find_builtin_rule(selector);
    if (!known) {
      err << "cfn-scan: error: '" << selector << "' is neither a rule id nor a category (see `cfn-scan rules`)\n";
      return false;
    }
  }
  return true;
}

// Template errors always run unless named in --disable: a parse error must never be
// hidden by an --enable list that forgot it.
RuleFilter make_filter(const ScanCommand& command) {
  RuleFilter filter;
  filter.enabled = [&command](const RuleMeta& rule) {
    if (matches_any(rule, command.disable)) return false;
    if (command.enable.empty()) return true;
    return matches_any(rule, command.enable) || rule_matches(rule, "template-error");
  };
  return filter;
}

std::vector<RuleMeta> enabled_rules(const RuleFilter& filter) {
  std::vector<RuleMeta> rules;
  for (const RuleMeta& rule : builtin_rules()) {
    if (filter.enabled(rule)) rules.push_back(rule);
  }
  return rules;
}

// Memory stays bounded by the templates in flight: once a file is analysed, only the
// lines its findings point at are kept for the report.
void keep_reported_lines(FileReport& report) {
  if (!report.source) return;
  std::vector<uint32_t> lines;
  for (const Finding& finding : report.findings) lines.push_back(finding.range.begin.line);
  report.source = report.source->excerpt(lines);
}

unsigned worker_count(unsigned requested, size_t files) {
  unsigned workers = requested ? requested : std::max(1u, std::thread::hardware_concurrency());
  return static_cast<unsigned>(std::min<size_t>(workers, std::max<size_t>(files, 1)));
}

// Scans every candidate on `jobs` threads; results keep the candidates' order, so the
// output does not depend on scheduling.
std::vector<ScannedFile> scan_all(const std::vector<cli::Candidate>& files, const ScanOptions& options,
                                  unsigned jobs) {
  std::vector<ScannedFile> results(files.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < files.size(); i = next++) {
      results[i] = scan_file(files[i].path_on_disk, files[i].display_path, options);
      keep_reported_lines(results[i].report);
    }
  };
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(work);
  work();
  for (std::thread& thread : threads) thread.join();
  return results;
}

bool use_color(const ScanCommand& command) {
  if (command.color == "always") return true;
  if (command.color == "never" || !command.output.empty()) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  if (term && std::string_view(term) == "dumb") return false;
  return isatty(STDOUT_FILENO);
}

bool fails(const ScanReport& report, const std::string& fail_on) {
  if (fail_on == "never") return false;
  Level threshold = *parse_level(fail_on);
  for (const FileReport& file : report.files) {
    for (const Finding& finding : file.findings) {
      if (finding.suppressions.empty() && finding.level >= threshold) return true;
    }
  }
  return false;
}

void write_report(const ScanReport& report, const ScanCommand& command, std::ostream& out) {
  if (command.format == "sarif") {
    write_sarif(report, out);
  } else if (command.format == "json") {
    write_json(report, out);
  } else {
    write_text(report, TextOptions{.color = use_color(command), .show_source = true}, out);
  }
}

bool read_parameters(const ScanCommand& command, ParameterValues& parameters, std::ostream& err) {
  bool ok = true;
  if (!command.parameters_file.empty()) {
    for (const std::string& error : read_parameters_file(parameters, command.parameters_file)) {
      err << "cfn-scan: error: " << error << '\n';
      ok = false;
    }
  }
  for (const std::string& argument : command.parameters) {
    if (auto error = add_parameter_argument(parameters, argument)) {
      err << "cfn-scan: error: --parameter " << argument << ": " << *error << '\n';
      ok = false;
    }
  }
  return ok;
}

}  // namespace

int run_scan(const ScanCommand& command, std::ostream& out, std::ostream& err) {
  if (!check_selectors(command.enable, err) || !check_selectors(command.disable, err)) return 2;
  std::vector<std::string> paths = command.paths.empty() ? std::vector<std::string>{"."} : command.paths;
  std::error_code cwd_error;
  cli::Discovery discovery = cli::discover(paths, command.excludes, std::filesystem::current_path(cwd_error));
  bool failed_to_read = false;
  for (const cli::DiscoveryProblem& problem : discovery.problems) {
    err << "cfn-scan: " << (problem.fatal ? "error" : "warning") << ": " << problem.path << ": " << problem.message << '\n';
    failed_to_read |= problem.fatal;
  }

  ScanOptions options;
  options.filter = make_filter(command);
  if (!read_parameters(command, options.parameters, err)) return 2;
  std::vector<RuleMeta> rules = enabled_rules(options.filter);
  ScanReport report;
  report.rules = rules;
  report.sarif_category = command.sarif_category;
  auto results = scan_all(discovery.files, options, worker_count(command.jobs, discovery.files.size()));
  for (ScannedFile& scanned : results) {
    if (scanned.outcome == FileOutcome::Template) {
      report.files.push_back(std::move(scanned.report));
    } else if (scanned.outcome == FileOutcome::NotTemplate) {
      ++report.skipped_files;
    } else {
      err << "cfn-scan: error: " << scanned.error << '\n';
      failed_to_read = true;
    }
  }

  if (command.output.empty()) {
    write_report(report, command, out);
  } else {
    std::ofstream file(command.output, std::ios::binary);
    write_report(report, command, file);
    if (!file) {
      err << "cfn-scan: error: cannot write " << command.output << '\n';
      return 2;
    }
  }
  if (failed_to_read) return 2;
  return fails(report, command.fail_on) ? 1 : 0;
}

}  // namespace cfn
