#include "cli/scan_command.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "cli/config.h"
#include "cli/discovery.h"
#include "cli/progress.h"
#include "cli/scanner.h"
#include "policy/suppression.h"
#include "policy/user_policies.h"
#include "report/baseline.h"
#include "report/more_formats.h"
#include "report/report.h"
#include "report/sarif_limits.h"

namespace cfn {

namespace {

// Today's date in UTC as YYYY-MM-DD: a trivy ignore comment's `:exp:` date ends it.
std::string utc_date_today() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &utc);
  return text;
}

namespace fs = std::filesystem;

// `-` at most once, and --stdin-filename only with it.
bool check_stdin_use(const ScanCommand& command, std::ostream& err) {
  auto dashes = std::count(command.paths.begin(), command.paths.end(), kStdinPath);
  if (dashes > 1) {
    err << "cfn-scan: error: - (standard input) is named " << dashes << " times; it holds one template\n";
    return false;
  }
  // A closed standard input reads as empty, which would pass as "not a template".
  if (dashes == 1 && fcntl(STDIN_FILENO, F_GETFD) == -1) {
    err << "cfn-scan: error: -: cannot read standard input: " << std::strerror(errno) << '\n';
    return false;
  }
  if (dashes == 0 && !command.stdin_filename.empty()) {
    err << "cfn-scan: error: --stdin-filename names the template read from standard input, but no path is -"
        << " (cfn-scan scan --stdin-filename " << command.stdin_filename << " -)\n";
    return false;
  }
  return true;
}

// Everything a scan decides before it reads a template: config file and command line
// merged (command line first), and the parameter values given on the command line.
struct Settings {
  EffectiveSettings effective;
  ParameterValues cli_parameters;
};

bool read_cli_parameters(const ScanCommand& command, ParameterValues& parameters, std::ostream& err) {
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

CommandLineSettings command_line_settings(const ScanCommand& command) {
  CommandLineSettings cli;
  cli.fail_on = command.fail_on;
  if (!command.min_level.empty()) cli.min_level = parse_level(command.min_level);
  cli.enable = command.enable;
  cli.disable = command.disable;
  cli.excludes = command.excludes;
  cli.policies = command.policies;
  if (command.no_foreign_suppressions) cli.foreign_suppressions = false;
  if (!command.baseline.empty()) cli.baseline = command.baseline;
  return cli;
}

bool is_selector(const std::string& text, std::span<const RuleMeta> rules) {
  return is_category_tag(text) ||
         std::any_of(rules.begin(), rules.end(), [&](const RuleMeta& rule) { return rule.id == text; });
}

// A selector that names no rule and no category is a typo the user wants to hear about.
bool check_selectors(const std::vector<std::string>& selectors, std::span<const RuleMeta> rules,
                     std::ostream& err) {
  for (const std::string& selector : selectors) {
    if (!is_selector(selector, rules)) {
      err << "cfn-scan: error: '" << selector << "' is neither a rule id nor a category (see `cfn-scan rules`)\n";
      return false;
    }
  }
  return true;
}

// `--disable a b` gives one value to --disable and takes b for a path: a path that does
// not exist but names a rule or category was meant as a selector.
bool check_paths_are_not_selectors(const std::vector<std::string>& paths, std::span<const RuleMeta> rules,
                                   std::ostream& err) {
  for (const std::string& path : paths) {
    std::error_code error;
    if (fs::exists(path, error) || !is_selector(path, rules)) continue;
    err << "cfn-scan: error: '" << path << "' is a rule id or category, not a file or folder: --enable and "
        << "--disable take one value each time (--disable A --disable B) or a list with commas (--disable A,B)\n";
    return false;
  }
  return true;
}

// Where the search for .cfn-scan.yaml starts: the first path; for standard input, the
// file --stdin-filename names, else the working directory.
fs::path config_anchor(const ScanCommand& command, const std::vector<std::string>& paths) {
  if (paths.front() != kStdinPath) return fs::absolute(paths.front());
  return fs::absolute(command.stdin_filename.empty() ? "." : command.stdin_filename);
}

// A configuration found by the upward search is named as a user would name it: relative
// to the working directory when it is in it (`.cfn-scan.yaml:3:1: unknown key ...`).
fs::path as_given_near_cwd(const fs::path& found) {
  std::error_code error;
  fs::path cwd = fs::current_path(error);
  if (error) return found;
  fs::path relative = found.lexically_proximate(cwd);
  bool inside = !relative.empty() && *relative.begin() != "..";
  return inside ? relative : found;
}

std::optional<Config> read_config(const ScanCommand& command, const std::vector<std::string>& paths,
                                  std::ostream& err) {
  std::optional<fs::path> path;
  if (!command.config.empty()) {
    path = command.config;
  } else if ((path = find_config(config_anchor(command, paths)))) {
    path = as_given_near_cwd(*path);
  }
  if (!path) return Config{};
  ConfigLoad load = load_config(path->string());
  for (const std::string& error : load.errors) err << "cfn-scan: error: " << error << '\n';
  if (!load.errors.empty()) return std::nullopt;
  return load.config;
}

// The built-in rules and the user policies of --policies and the config's `policies:`;
// null after printing the errors of a policy file that is not valid.
std::unique_ptr<UserPolicies> read_user_policies(const EffectiveSettings& settings, std::ostream& err) {
  UserPolicyLoad load = load_user_policies(settings.policies());
  for (const std::string& error : load.errors) err << error << '\n';
  if (!load.errors.empty()) return nullptr;
  return std::move(load.policies);
}

// Every rule that runs, sorted by id (SARIF lists them so).
std::vector<RuleMeta> enabled_rules(const RuleFilter& filter) {
  std::vector<RuleMeta> rules;
  for (auto catalog : {builtin_rules(), filter.user_rules}) {
    for (const RuleMeta& rule : catalog) {
      if (filter.enabled(rule)) rules.push_back(rule);
    }
  }
  std::sort(rules.begin(), rules.end(), [](const RuleMeta& a, const RuleMeta& b) { return a.id < b.id; });
  return rules;
}

// The selectors of the config file and the command line must each name a rule or a category.
bool check_all_selectors(const ScanCommand& command, const Config& config, const UserPolicies& user,
                         std::ostream& err) {
  std::vector<RuleMeta> rules(builtin_rules().begin(), builtin_rules().end());
  rules.insert(rules.end(), user.rules().begin(), user.rules().end());
  std::vector<std::string> errors = check_config_selectors(config, rules);
  for (const std::string& error : errors) err << "cfn-scan: error: " << error << '\n';
  return errors.empty() && check_selectors(command.enable, rules, err) && check_selectors(command.disable, rules, err) &&
         check_paths_are_not_selectors(command.paths, rules, err);
}

unsigned worker_count(unsigned requested, size_t files) {
  unsigned workers = requested ? requested : std::max(1u, std::thread::hardware_concurrency());
  return static_cast<unsigned>(std::min<size_t>(workers, std::max<size_t>(files, 1)));
}

// Memory stays bounded by the templates in flight: once a file is analysed, only the
// lines its findings point at are kept for the report.
void keep_reported_lines(FileReport& report) {
  if (!report.source) return;
  std::vector<uint32_t> lines;
  for (const Finding& finding : report.findings) lines.push_back(finding.range.begin.line);
  report.source = report.source->excerpt(lines);
}

// Values given for parameters that a template cannot take (outside its AllowedValues), and
// names given on the command line that no scanned template declares (a typo, or the wrong
// folder): warnings, since the scan still ran, but a user who sees "no findings" should
// know the scan did not check what they meant.
void warn_about_parameters(const std::vector<ScannedFile>& scanned_files, const ParameterValues& cli_parameters,
                           std::ostream& err) {
  std::set<std::string, std::less<>> declared;
  bool any_template = false, all_read = true;
  for (const ScannedFile& scanned : scanned_files) {
    if (scanned.outcome != FileOutcome::Template) continue;
    any_template = true;
    all_read &= scanned.parameters_read;
    declared.insert(scanned.parameter_names.begin(), scanned.parameter_names.end());
    for (const std::string& problem : scanned.parameter_problems)
      err << "cfn-scan: warning: " << scanned.report.source->path() << ": " << problem << '\n';
  }
  if (!any_template || !all_read) return;  // a template that does not parse may declare it
  for (const auto& [name, value] : cli_parameters.values) {
    if (name.starts_with("AWS::") || declared.contains(name)) continue;  // pseudo parameters are everyone's
    err << "cfn-scan: warning: parameter " << name << " (given on the command line): no scanned template declares it\n";
  }
}

// The options for one file: the config's parameters for its path, the command line's
// over them.
ScanOptions options_for(const cli::Candidate& file, const ScanOptions& base, const Settings& settings) {
  ScanOptions options = base;
  for (const auto& [key, value] : settings.effective.parameters_for(file.display_path))
    options.parameters.values[key] = value;
  for (const auto& [key, value] : settings.cli_parameters.values) options.parameters.values[key] = value;
  return options;
}

// --min-level: the findings below it are dropped (before only their lines are kept), and counted.
void drop_below_min_level(ScannedFile& scanned, Level min_level) {
  std::erase_if(scanned.report.findings, [&](const Finding& finding) {
    if (finding.level >= min_level) return false;
    ++scanned.below_min_level[static_cast<size_t>(finding.level)];
    return true;
  });
}

// "cfn-scan: 3 warnings and 12 notes are below min-level error: not reported." (nothing when none are)
void say_what_is_below_min_level(const std::vector<ScannedFile>& scanned_files, Level min_level, std::ostream& err) {
  std::array<size_t, 3> below{};
  for (const ScannedFile& scanned : scanned_files)
    for (size_t level = 0; level < below.size(); ++level) below[level] += scanned.below_min_level[level];
  std::vector<std::string> counts;
  for (Level level : {Level::Warning, Level::Note}) {
    if (size_t count = below[static_cast<size_t>(level)]) counts.push_back(quantity(count, level_name(level)));
  }
  if (counts.empty()) return;
  size_t total = below[0] + below[1] + below[2];
  err << "cfn-scan: " << counts.front() << (counts.size() > 1 ? " and " + counts.back() : "")
      << (total == 1 ? " is" : " are") << " below min-level " << level_name(min_level) << ": not reported.\n";
}

ScannedFile scan_one(const cli::Candidate& file, const ScanOptions& base, const Settings& settings, std::istream& in) {
  ScanOptions options = options_for(file, base, settings);
  ScannedFile scanned = file.from_stdin ? scan_stream(in, file.display_path, options)
                                        : scan_file(file.path_on_disk, file.display_path, options);
  apply_severity_overrides(settings.effective, scanned.report.findings);
  drop_below_min_level(scanned, settings.effective.min_level());
  keep_reported_lines(scanned.report);
  return scanned;
}

// Scans every candidate on `jobs` threads; results keep the candidates' order, so the
// output does not depend on scheduling. `in` is read by the one thread that takes `-`.
std::vector<ScannedFile> scan_all(const std::vector<cli::Candidate>& files, const ScanOptions& options,
                                  const Settings& settings, std::istream& in, unsigned jobs, cli::Progress& progress) {
  std::vector<ScannedFile> results(files.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < files.size(); i = next++) {
      results[i] = scan_one(files[i], options, settings, in);
      progress.file_done();
    }
  };
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(work);
  work();
  for (std::thread& thread : threads) thread.join();
  return results;
}

// -o -, as most command-line tools read it, is standard output too.
bool writes_to_stdout(const ScanCommand& command) { return command.output.empty() || command.output == "-"; }

bool use_color(const ScanCommand& command) {
  if (command.color == "always") return true;
  if (command.color == "never" || !writes_to_stdout(command)) return false;
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

void write_report(const ScanReport& report, const ScanCommand& command, std::ostream& out,
                  std::ostream& err) {
  if (command.format == "sarif") {
    SarifLimitOutcome outcome = write_sarif_within_limits(report, out);
    if (!outcome.warning.empty()) err << outcome.warning << '\n';  // it starts with "cfn-scan: warning: "
  } else if (command.format == "json") {
    write_json(report, out);
  } else if (command.format == "junit") {
    write_junit(report, out);
  } else if (command.format == "github") {
    write_github(report, out);
  } else if (command.format == "gitlab") {
    write_gitlab(report, out);
  } else {
    TextOptions options{.color = use_color(command), .show_source = true,
                        .show_suppressed = command.show_suppressed};
    write_text(report, options, out);
  }
}

bool write_output(const ScanReport& report, const ScanCommand& command, std::ostream& out, std::ostream& err) {
  if (writes_to_stdout(command)) {
    write_report(report, command, out, err);
    return true;
  }
  std::ofstream file(command.output, std::ios::binary);
  write_report(report, command, file, err);
  if (file) return true;
  err << "cfn-scan: error: cannot write " << command.output << '\n';
  return false;
}

// --baseline: marks known findings as suppressed (external), says how many.
bool apply_baseline_file(ScanReport& report, const std::optional<std::string>& path, std::ostream& err) {
  if (!path) return true;
  BaselineRead read = read_baseline_file(*path);
  if (!read.error.empty()) {
    err << "cfn-scan: error: " << read.error << '\n';
    return false;
  }
  err << baseline_summary(apply_baseline(report, read.baseline)) << '\n';  // it starts with "cfn-scan: "
  return true;
}

int write_baseline_file(const ScanReport& report, const std::string& path, std::ostream& err) {
  std::ofstream file(path, std::ios::binary);
  write_baseline(make_baseline(report), file);
  if (!file) {
    err << "cfn-scan: error: cannot write " << path << '\n';
    return 2;
  }
  return 0;
}

}  // namespace

int run_scan(const ScanCommand& command, std::istream& in, std::ostream& out, std::ostream& err) {
  if (!check_stdin_use(command, err)) return 2;
  std::vector<std::string> paths = command.paths.empty() ? std::vector<std::string>{"."} : command.paths;
  std::optional<Config> config = read_config(command, paths, err);
  if (!config) return 2;
  Settings settings{EffectiveSettings{*config, command_line_settings(command)}, {}};
  std::unique_ptr<UserPolicies> user_policies = read_user_policies(settings.effective, err);
  if (!user_policies || !check_all_selectors(command, *config, *user_policies, err)) return 2;
  if (!read_cli_parameters(command, settings.cli_parameters, err)) return 2;

  std::error_code cwd_error;
  const fs::path working_directory = fs::current_path(cwd_error);
  std::vector<std::string> on_disk = paths;
  std::erase(on_disk, kStdinPath);
  cli::Discovery discovery = cli::discover(on_disk, settings.effective.excludes(), working_directory);
  if (on_disk.size() < paths.size())
    cli::add_stdin(discovery, command.stdin_filename, settings.effective.excludes(), working_directory);
  bool failed_to_read = false;
  for (const cli::DiscoveryProblem& problem : discovery.problems) {
    err << "cfn-scan: " << (problem.fatal ? "error" : "warning") << ": " << problem.path << ": "
        << problem.message << '\n';
    failed_to_read |= problem.fatal;
  }

  ScanOptions options;
  if (command.max_file_bytes) options.max_file_bytes = command.max_file_bytes;
  if (command.max_depth) options.limits.max_depth = command.max_depth;
  if (command.max_nodes) options.limits.max_nodes = command.max_nodes;
  if (command.max_alias_values) options.limits.max_alias_values = command.max_alias_values;
  if (command.max_eval_steps) options.eval_limits.max_steps = command.max_eval_steps;
  options.filter.enabled = [&settings](const RuleMeta& rule) { return settings.effective.rule_enabled(rule); };
  options.filter.user_rules = user_policies->rules();
  options.foreign_suppressions = settings.effective.foreign_suppressions();
  options.today = utc_date_today();
  std::vector<RuleMeta> rules = enabled_rules(options.filter);
  ScanReport report;
  report.rules = rules;
  report.sarif_category = command.sarif_category;
  unsigned jobs = worker_count(command.jobs, discovery.files.size());
  const char* ci = std::getenv("CI");
  cli::Progress progress(cli::progress_mode(command.progress, isatty(STDERR_FILENO), ci && *ci),
                         discovery.files.size(), err);
  std::vector<ScannedFile> scanned_files = scan_all(discovery.files, options, settings, in, jobs, progress);
  progress.finish();
  warn_about_parameters(scanned_files, settings.cli_parameters, err);
  say_what_is_below_min_level(scanned_files, settings.effective.min_level(), err);
  for (ScannedFile& scanned : scanned_files) {
    if (scanned.outcome == FileOutcome::Template) {
      report.files.push_back(std::move(scanned.report));
    } else if (scanned.outcome == FileOutcome::NotTemplate) {
      ++report.skipped_files;
    } else {
      err << "cfn-scan: error: " << scanned.error << '\n';
      failed_to_read = true;
    }
  }

  if (!command.write_baseline.empty()) return write_baseline_file(report, command.write_baseline, err);
  if (!apply_baseline_file(report, settings.effective.baseline(), err)) return 2;
  if (!write_output(report, command, out, err)) return 2;
  if (failed_to_read) return 2;
  return fails(report, settings.effective.fail_on()) ? 1 : 0;
}

int run_init(const std::string& folder, std::ostream& out, std::ostream& err) {
  fs::path path = fs::path(folder) / std::string(kConfigFileName);
  std::error_code error;
  if (fs::exists(path, error)) {
    err << "cfn-scan: error: " << path.string() << " already exists; not overwritten\n";
    return 2;
  }
  std::ofstream file(path, std::ios::binary);
  file << starter_config();
  if (!file) {
    err << "cfn-scan: error: cannot write " << path.string() << '\n';
    return 2;
  }
  out << "Wrote " << path.string() << '\n';
  return 0;
}

}  // namespace cfn
