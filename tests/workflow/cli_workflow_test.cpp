// The workflow features end to end through the real binary: --config and the file found
// upward, `cfn-scan init`, --write-baseline/--baseline, --format junit|github,
// --show-suppressed and --no-foreign-suppressions. Each test first asks `--help` whether
// the binary has the option yet and is skipped with a warning if not, so the test suite
// stays green while the command line is being wired.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "support/process.h"

namespace fs = std::filesystem;

namespace {

using Run = cfn::testing::ProcessResult;

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Runs cfn-scan with `arguments` (shell words) in `dir`.
// The baseline, format and suppression tests follow one rule's findings through the
// workflow; other rules firing on the same small template would only add noise.
const std::string kOneRule = "--enable lambda-function-no-tracing ";

Run cfn_scan(const std::string& arguments, const fs::path& dir) {
  return cfn::testing::run_shell_with_stderr(
      "cd '" + dir.string() + "' && NO_COLOR=1 '" + CFN_SCAN_BINARY + "' " + arguments, dir / ".stderr");
}

bool binary_has(const std::string& help_arguments, const std::string& option) {
  Run help = cfn_scan(help_arguments + " --help", fs::temp_directory_path());
  return help.out.find(option) != std::string::npos;
}

#define REQUIRE_WIRED(help_arguments, option)                                           \
  if (!binary_has(help_arguments, option)) {                                            \
    WARN("cfn-scan " help_arguments " has no " option " yet: test skipped until wired"); \
    return;                                                                             \
  }

// A fresh project folder, removed at the end of the test.
struct Project {
  fs::path root;
  explicit Project(const std::string& name) {
    root = fs::temp_directory_path() / ("cfn-scan-wf-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(root);
    fs::create_directories(root);
  }
  ~Project() { fs::remove_all(root); }
  void write(const std::string& relative, const std::string& text) const {
    fs::create_directories((root / relative).parent_path());
    std::ofstream(root / relative, std::ios::binary) << text;
  }
};

// One finding at warning level (lambda-function-no-tracing) on line 3.
const std::string kFunction =
    "AWSTemplateFormatVersion: '2010-09-09'\n"
    "Resources:\n"
    "  Worker:%s\n"
    "    Type: AWS::Lambda::Function\n"
    "    Properties:\n"
    "      Runtime: python3.12\n"
    "      Handler: index.handler\n"
    "      Role: arn:aws:iam::123456789012:role/worker\n"
    "      Code: {ZipFile: 'def handler(e, c): return None'}\n";

std::string function_with(const std::string& trailing_comment) {
  std::string text = kFunction;
  text.replace(text.find("%s"), 2, trailing_comment);
  return text;
}

}  // namespace

TEST_CASE("cli workflow: cfn-scan init writes the starter file and will not overwrite it", "[workflow][cli]") {
  REQUIRE_WIRED("init", "init");
  Project project("init");
  Run first = cfn_scan("init", project.root);
  CHECK(first.status == 0);
  std::string written = slurp(project.root / ".cfn-scan.yaml");
  CHECK(written.find("fail-on: warning") != std::string::npos);
  Run second = cfn_scan("init", project.root);
  CHECK(second.status == 2);
  CHECK(slurp(project.root / ".cfn-scan.yaml") == written);
}

TEST_CASE("cli workflow: the configuration found upward, and the command line over it", "[workflow][cli]") {
  REQUIRE_WIRED("scan", "--config");
  Project project("config");
  project.write(".cfn-scan.yaml", "fail-on: never\n");
  project.write("stacks/app.yaml", function_with(""));
  CHECK(cfn_scan("scan stacks", project.root).status == 0);                     // file over default
  CHECK(cfn_scan("scan --fail-on warning stacks", project.root).status == 1);   // CLI over file
  project.write("strict.yaml", "fail-on: warning\n");
  CHECK(cfn_scan("scan --config strict.yaml stacks", project.root).status == 1);  // --config over the found one
  project.write(".cfn-scan.yaml", "fail-on: never\ndisable: [tracing]\nfial: 1\n");
  Run bad = cfn_scan("scan stacks", project.root);
  CHECK(bad.status == 2);
  // Named as the user would name it, from the working folder, not as an absolute path.
  CHECK(bad.err.starts_with("cfn-scan: error: .cfn-scan.yaml:3:1: unknown key 'fial'"));
  Run from_below = cfn_scan("scan app.yaml", project.root / "stacks");
  CHECK(from_below.err.find(" " + (project.root / ".cfn-scan.yaml").string() + ":3:1: unknown key 'fial'") !=
        std::string::npos);
}

TEST_CASE("cli workflow: --write-baseline, then --baseline reports only new findings", "[workflow][cli]") {
  REQUIRE_WIRED("scan", "--write-baseline");
  Project project("baseline");
  project.write("app.yaml", function_with(""));
  Run write = cfn_scan("scan " + kOneRule + "--write-baseline baseline.json app.yaml", project.root);
  CHECK(fs::exists(project.root / "baseline.json"));
  CHECK(write.status == 0);  // a freshly written baseline accepts everything it holds
  project.write("app.yaml", "# moved\n\n" + function_with(""));
  Run same = cfn_scan("scan " + kOneRule + "--baseline baseline.json app.yaml", project.root);
  CHECK(same.status == 0);
  CHECK(same.err == "cfn-scan: 1 finding is in the baseline and not reported as new.\n");
  std::string grown = function_with("");
  grown += "  Other:\n    Type: AWS::Lambda::Function\n    Properties: {Runtime: python3.12}\n";
  project.write("app.yaml", grown);
  CHECK(cfn_scan("scan " + kOneRule + "--baseline baseline.json app.yaml", project.root).status == 1);
}

TEST_CASE("cli workflow: --format junit and --format github", "[workflow][cli]") {
  REQUIRE_WIRED("scan", "junit");
  Project project("formats");
  project.write("app.yaml", function_with(""));
  Run junit = cfn_scan("scan " + kOneRule + "--format junit app.yaml", project.root);
  CHECK(junit.status == 1);
  CHECK(junit.out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"cfn-scan\""));
  Run github = cfn_scan("scan " + kOneRule + "--format github app.yaml", project.root);
  CHECK(github.status == 1);
  CHECK(github.out.starts_with("::warning file=app.yaml,line=3,endLine=3,col=3,"));
  Run gitlab = cfn_scan("scan " + kOneRule + "--format gitlab app.yaml", project.root);
  CHECK(gitlab.status == 1);
  CHECK(
      gitlab.out.starts_with("[\n  {\n    \"type\": \"issue\",\n    \"check_name\": \"lambda-function-no-tracing\","));
}

TEST_CASE("cli workflow: suppressions, --show-suppressed and --no-foreign-suppressions", "[workflow][cli]") {
  REQUIRE_WIRED("scan", "--no-foreign-suppressions");
  Project project("suppress");
  project.write("own.yaml", function_with(" # cfn-scan: ignore lambda-function-no-tracing Batch job, no callers."));
  project.write("checkov.yaml", function_with(" # checkov:skip=CKV2_AWS_26:Batch job, no callers."));
  CHECK(cfn_scan("scan " + kOneRule + "own.yaml", project.root).status == 0);
  CHECK(cfn_scan("scan " + kOneRule + "checkov.yaml", project.root).status == 0);
  CHECK(cfn_scan("scan " + kOneRule + "--no-foreign-suppressions checkov.yaml", project.root).status == 1);
  CHECK(cfn_scan("scan " + kOneRule + "--no-foreign-suppressions own.yaml", project.root).status == 0);
  Run hidden = cfn_scan("scan " + kOneRule + "own.yaml", project.root);
  CHECK(hidden.out.find("lambda-function-no-tracing") == std::string::npos);
  Run shown = cfn_scan("scan " + kOneRule + "--show-suppressed own.yaml", project.root);
  CHECK(shown.out.find("lambda-function-no-tracing") != std::string::npos);
  Run sarif = cfn_scan("scan " + kOneRule + "--format sarif own.yaml", project.root);
  CHECK(sarif.out.find("\"justification\": \"Batch job, no callers.\"") != std::string::npos);
}

TEST_CASE("cli workflow: - reads the template from standard input, --stdin-filename names it", "[workflow][cli]") {
  REQUIRE_WIRED("scan", "--stdin-filename");
  Project project("stdin");
  project.write("buffer.yaml", function_with(""));
  Run unnamed = cfn_scan("scan " + kOneRule + "- < buffer.yaml", project.root);
  CHECK(unnamed.status == 1);
  CHECK(unnamed.out.starts_with("<stdin>:3:3: warning lambda-function-no-tracing "));

  // The name decides the config found upward, --exclude and the per-path settings.
  project.write("stacks/.cfn-scan.yaml", "disable: [tracing]\n");
  CHECK(cfn_scan("scan --stdin-filename stacks/app.yaml - < buffer.yaml", project.root).status == 0);
  Run excluded = cfn_scan("scan --exclude 'gen/**' --stdin-filename gen/app.yaml - < buffer.yaml", project.root);
  CHECK(excluded.status == 0);
  CHECK(excluded.out == "No findings in 0 templates.\n");

  // The buffer is the newer text of the file it names: scanned instead of it, not as well.
  project.write("app.yaml", "Resources:\n  Handle:\n    Type: AWS::CloudFormation::WaitConditionHandle\n");
  Run both =
      cfn_scan("scan " + kOneRule + "--format github --stdin-filename app.yaml - app.yaml < buffer.yaml", project.root);
  CHECK(both.status == 1);
  CHECK(both.out.starts_with("::warning file=app.yaml,line=3,"));
  CHECK(both.out.find("::warning", 1) == std::string::npos);  // one finding: app.yaml was not scanned twice

  // A baseline written from the file on disk holds the buffer's findings too.
  project.write("app.yaml", function_with(""));
  CHECK(cfn_scan("scan " + kOneRule + "--write-baseline baseline.json app.yaml", project.root).status == 0);
  Run baselined =
      cfn_scan("scan " + kOneRule + "--baseline baseline.json --stdin-filename app.yaml - < buffer.yaml", project.root);
  CHECK(baselined.status == 0);
  CHECK(baselined.err == "cfn-scan: 1 finding is in the baseline and not reported as new.\n");
}

TEST_CASE("cli workflow: standard input misused or too large", "[workflow][cli]") {
  REQUIRE_WIRED("scan", "--stdin-filename");
  Project project("stdin-errors");
  project.write("buffer.yaml", function_with(""));
  Run twice = cfn_scan("scan - - < buffer.yaml", project.root);
  CHECK(twice.status == 2);
  CHECK(twice.err == "cfn-scan: error: - (standard input) is named 2 times; it holds one template\n");
  Run unused = cfn_scan("scan --stdin-filename app.yaml buffer.yaml", project.root);
  CHECK(unused.status == 2);
  CHECK(unused.err.starts_with("cfn-scan: error: --stdin-filename names the template read from standard input"));
  // A closed standard input is an error, not an empty file passed over as no template.
  Run closed = cfn_scan("scan - <&-", project.root);
  CHECK(closed.status == 2);
  CHECK(closed.err == "cfn-scan: error: -: cannot read standard input: Bad file descriptor\n");
  // Read no further than the limit (the stream may never end), and said so.
  Run endless = cfn_scan("scan --max-file-size 1000 - < /dev/zero", project.root);
  CHECK(endless.status == 1);
  CHECK(
      endless.out.starts_with("<stdin>:1:1: error template-limit-exceeded Standard input holds more than the limit "
                              "of 1000 bytes; it was not scanned.\n"));
}

TEST_CASE("cli workflow: --min-level and min-level report only what is at or above it", "[workflow][cli]") {
  REQUIRE_WIRED("scan", "--min-level");
  Project project("min-level");
  project.write("app.yaml", function_with(""));  // one warning (tracing), with --enable below
  project.write("bucket.yaml", "Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n");  // notes and a warning
  const std::string rules = "--enable lambda-function-no-tracing,s3-bucket-no-encryption,s3-bucket-no-access-logging ";
  Run all = cfn_scan("scan " + rules + "--format github app.yaml bucket.yaml", project.root);
  CHECK(all.status == 1);
  CHECK(all.out.ends_with("cfn-scan: 3 findings (0 errors, 1 warning, 2 notes) in 2 templates.\n"));
  CHECK(all.err.empty());
  Run warnings = cfn_scan("scan " + rules + "--format github --min-level warning app.yaml bucket.yaml", project.root);
  CHECK(warnings.status == 1);
  CHECK(warnings.out.ends_with("cfn-scan: 1 finding (0 errors, 1 warning, 0 notes) in 2 templates.\n"));
  CHECK(warnings.err == "cfn-scan: 2 notes are below min-level warning: not reported.\n");
  // What is not reported does not fail the scan either.
  project.write(".cfn-scan.yaml", "min-level: error\n");
  Run errors = cfn_scan("scan " + rules + "app.yaml bucket.yaml", project.root);
  CHECK(errors.status == 0);
  CHECK(errors.out == "No findings in 2 templates.\n");
  CHECK(errors.err == "cfn-scan: 1 warning and 2 notes are below min-level error: not reported.\n");
  CHECK(cfn_scan("scan " + rules + "--min-level note app.yaml bucket.yaml", project.root).status == 1);  // CLI wins
}
