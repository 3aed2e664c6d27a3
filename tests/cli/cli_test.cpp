// The command line as users run it: exit statuses, options, and the text report,
// driving the real binary.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "support/fixtures.h"
#include "support/process.h"

namespace fs = std::filesystem;

namespace {

using Run = cfn::testing::ProcessResult;  // stdout and stderr together

// Runs cfn-scan with `arguments` (shell words) in `dir`.
Run run_cli(const std::string& arguments, const std::string& dir = cfn::testing::source_dir(),
            const std::string& env = "NO_COLOR=1") {
  return cfn::testing::run_shell("cd '" + dir + "' && " + env + " '" + CFN_SCAN_BINARY + "' " + arguments +
                                 " 2>&1");
}

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("cfn-scan-cli-" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  void write(const std::string& name, const std::string& text) const {
    fs::create_directories((path / name).parent_path());
    std::ofstream(path / name, std::ios::binary) << text;
  }
};

const char* kWildcardRole = R"(AWSTemplateFormatVersion: '2010-09-09'
Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: all
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: '*'
                Resource: '*'
)";

// A template no rule has anything to say about.
const char* kCleanQueue = R"(Resources:
  Queue:
    Type: AWS::CloudFormation::WaitConditionHandle
)";

}  // namespace

TEST_CASE("exit status follows --fail-on", "[cli]") {
  TempDir dir;
  dir.write("role.yaml", kWildcardRole);
  dir.write("clean.yaml", kCleanQueue);
  CHECK(run_cli("scan role.yaml", dir.path).status == 1);
  CHECK(run_cli("scan role.yaml --fail-on never", dir.path).status == 0);
  CHECK(run_cli("scan clean.yaml", dir.path).status == 0);
  CHECK(run_cli("scan clean.yaml --fail-on note", dir.path).status == 0);
}

TEST_CASE("-o - writes the report to standard output, not to a file named -", "[cli]") {
  TempDir dir;
  dir.write("role.yaml", kWildcardRole);
  Run run = run_cli("scan role.yaml --format json -o - --fail-on never", dir.path);
  CHECK(run.status == 0);
  CHECK(run.out.find("\"format_version\"") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.path / "-"));
  Run to_file = run_cli("scan role.yaml --format json -o report.json --fail-on never", dir.path);
  CHECK(to_file.out.find("\"format_version\"") == std::string::npos);
  CHECK(std::filesystem::exists(dir.path / "report.json"));
}

TEST_CASE("usage errors and missing paths exit with 2", "[cli]") {
  TempDir dir;
  dir.write("clean.yaml", kCleanQueue);
  CHECK(run_cli("scan --format xml", dir.path).status == 2);
  CHECK(run_cli("frobnicate", dir.path).status == 2);
  CHECK(run_cli("", dir.path).status == 2);
  Run missing = run_cli("scan clean.yaml nowhere.yaml", dir.path);
  CHECK(missing.status == 2);
  CHECK(missing.out.find("nowhere.yaml") != std::string::npos);
  CHECK(missing.out.find("No findings in 1 template") != std::string::npos);  // the rest still scanned
  CHECK(run_cli("scan --disable no-such-rule", dir.path).status == 2);
  CHECK(run_cli("explain no-such-rule", dir.path).status == 2);
  CHECK(run_cli("--help", dir.path).status == 0);
}

TEST_CASE("text report: location, source line, caret and summary", "[cli]") {
  TempDir dir;
  dir.write("role.yaml", kWildcardRole);
  Run run = run_cli("scan role.yaml", dir.path);
  CHECK(run.out.find("role.yaml:16:25: error iam-policy-wildcard-action ") == 0);
  std::string indent(4, ' ');  // the report indents source lines by four spaces
  CHECK(run.out.find("\n" + indent + std::string(16, ' ') + "Action: '*'\n" + indent + std::string(24, ' ') +
                     "^~~\n") != std::string::npos);
  CHECK(run.out.find("\x1b[") == std::string::npos);  // NO_COLOR and not a terminal
  CHECK(run.out.find("1 finding (1 error, 0 warnings, 0 notes) in 1 template") != std::string::npos);
}

TEST_CASE("folders: templates found by content, other YAML and JSON skipped and counted", "[cli]") {
  TempDir dir;
  dir.write("stacks/role.yaml", kWildcardRole);
  dir.write("stacks/nested/queue.json", R"({"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}})");
  dir.write(".github/workflows/ci.yml", "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n");
  dir.write("package.json", R"({"name": "app", "version": "1.0.0"})");
  dir.write("docker-compose.yml", "services:\n  web:\n    image: nginx\n");
  dir.write("README.md", "# not scanned\n");
  Run run = run_cli("scan . --format json --fail-on never", dir.path);
  CHECK(run.status == 0);
  CHECK(run.out.find("\"templates\": 2") != std::string::npos);
  CHECK(run.out.find("\"skipped_files\": 3") != std::string::npos);
  Run excluded = run_cli("scan . --exclude 'stacks/**' --format json --fail-on never", dir.path);
  CHECK(excluded.out.find("\"templates\": 0") != std::string::npos);
}

TEST_CASE("folders: Resources of only Fn::ForEach loops or an AWS::Include are a template", "[cli]") {
  // No AWSTemplateFormatVersion and no entry with a Type of its own: the loop expands into
  // resources (AWS::LanguageExtensions), the Include adds them at deploy time. Both were
  // counted as "not a template" and skipped without a word.
  TempDir dir;
  dir.write("loops.yaml", R"(Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]
Resources:
  Fn::ForEach::Workers:
    - Name
    - [Orders, Invoices]
    - ${Name}Worker:
        Type: AWS::Serverless::Function
        Properties:
          CodeUri: !Sub src/${Name}/
          Runtime: python3.12
          Handler: app.handler
          FunctionUrlConfig:
            AuthType: NONE
)");
  dir.write("included.yaml", R"(Resources:
  Fn::Transform:
    Name: AWS::Include
    Parameters:
      Location: s3://example-templates/shared.yaml
)");
  dir.write("other.yaml", "Resources:\n  Fn::ForEach::Loop: not-a-list\n");
  Run run = run_cli("scan . --format json --fail-on never", dir.path);
  CHECK(run.status == 0);
  CHECK(run.out.find("\"templates\": 2") != std::string::npos);
  CHECK(run.out.find("\"skipped_files\": 1") != std::string::npos);
  CHECK(run.out.find("lambda-url-no-auth") != std::string::npos);
}

TEST_CASE("folders: a resource whose Type line slipped out of it is a template", "[cli]") {
  // The bucket's `Type:` outdented to the Resources level left no entry with a Type: the
  // file was skipped as "not a template", exit 0, its public ACL never seen. Properties
  // under a Resources entry is CloudFormation's shape; a Resources mapping without it is
  // still someone else's YAML.
  TempDir dir;
  dir.write("outdented.yaml", "Resources:\n  Bucket:\n    Properties:\n      AccessControl: PublicRead\n"
                              "  Type: AWS::S3::Bucket\n");
  dir.write("inventory.yaml", "Resources:\n  web01:\n    cpu: 2\n    memory: 4Gi\n");
  Run run = run_cli("scan . --fail-on never", dir.path);
  CHECK(run.status == 0);
  CHECK(run.out.find("outdented.yaml:2:3: error template-invalid-structure Resource 'Bucket' has no Type.") !=
        std::string::npos);
  CHECK(run.out.find("outdented.yaml:5:9: error template-invalid-structure 'Type: AWS::S3::Bucket' is at the "
                     "Resources level, not inside a resource; indent it under the resource it belongs to.") !=
        std::string::npos);
  CHECK(run.out.find("in 1 template; 1 file skipped (not templates)") != std::string::npos);
}

TEST_CASE("folders: a macro's input with Resources in a form of its own is a template", "[cli]") {
  // AWS's ShortHand macro example writes Resources as a list, with no
  // AWSTemplateFormatVersion: it was skipped as "not a template", and with the version it
  // was a template-invalid-structure error, though the macro rewrites it before
  // CloudFormation reads it.
  TempDir dir;
  dir.write("shorthand.yaml", "Transform: ShortHand\nResources:\n  - S3::Bucket:\n      BucketName: assets\n");
  dir.write("versioned.yaml",
            "AWSTemplateFormatVersion: \"2010-09-09\"\nTransform: ShortHand\nResources:\n  - S3::Bucket\n"
            "Outputs:\n  - Name: BucketName\n");
  Run run = run_cli("scan . --format json --fail-on never", dir.path);
  CHECK(run.status == 0);
  CHECK(run.out.find("\"templates\": 2") != std::string::npos);
  CHECK(run.out.find("\"skipped_files\": 0") != std::string::npos);
  CHECK(run.out.find("\"findings\": 0") != std::string::npos);
}

TEST_CASE("--parameter: a value outside AllowedValues and a name no template declares are warnings", "[cli]") {
  // `-p Create=Yes` on a template whose AllowedValues are [true, false] quietly gave "No
  // findings": CloudFormation would reject the value, and the resources under it were
  // never checked.
  TempDir dir;
  dir.write("stack.yaml", R"(Parameters:
  Create: {Type: String, AllowedValues: ["true", "false"], Default: "false"}
Conditions:
  Creates: !Equals [!Ref Create, "true"]
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Condition: Creates
    Properties:
      SqsManagedSseEnabled: false
)");
  Run run = run_cli("scan stack.yaml -p Create=Yes -p Craete=true -p AWS::Region=eu-west-1", dir.path);
  CHECK(run.status == 0);
  CHECK(run.out.find("cfn-scan: warning: stack.yaml: parameter Create: 'Yes' is not one of its AllowedValues "
                     "(true, false); CloudFormation rejects it, and the scan used it as given\n") != std::string::npos);
  CHECK(run.out.find("cfn-scan: warning: parameter Craete (given on the command line): no scanned template declares "
                     "it\n") != std::string::npos);
  CHECK(run.out.find("AWS::Region") == std::string::npos);  // pseudo parameters belong to every template
  dir.write("broken.yaml", "AWSTemplateFormatVersion: \"2010-09-09\"\nResources: [\n");  // names unknown
  Run with_broken = run_cli("scan . -p Craete=true --fail-on never", dir.path);
  CHECK(with_broken.out.find("Craete") == std::string::npos);
  Run fine = run_cli("scan stack.yaml -p Create=true", dir.path);
  CHECK(fine.status == 1);
  CHECK(fine.out.find("warning:") == std::string::npos);
}

TEST_CASE("--progress always counts every file found on stderr; the default stays quiet off a terminal", "[cli]") {
  TempDir dir;
  dir.write("a.yaml", kCleanQueue);
  dir.write("b/c.yaml", kCleanQueue);
  dir.write("package.json", R"({"name": "app"})");
  Run quiet = run_cli("scan . --format json -o /dev/null --fail-on never", dir.path);
  CHECK(quiet.status == 0);
  CHECK(quiet.out.empty());
  Run counted = run_cli("scan . --format json -o /dev/null --fail-on never --progress always", dir.path);
  CHECK(counted.status == 0);
  CHECK(counted.out == "cfn-scan: scanned 3 of 3 files\n");
  Run rejected = run_cli("scan . --progress sometimes", dir.path);
  CHECK(rejected.status == 2);
}

TEST_CASE("a broken template is a finding and the other files are still scanned", "[cli]") {
  TempDir dir;
  dir.write("a-broken.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Bucket: [unclosed\n");
  dir.write("b-role.yaml", kWildcardRole);
  Run run = run_cli("scan .", dir.path);
  CHECK(run.status == 1);
  CHECK(run.out.find("a-broken.yaml:") != std::string::npos);
  CHECK(run.out.find("template-parse-error") != std::string::npos);
  CHECK(run.out.find("b-role.yaml:16:25: error iam-policy-wildcard-action") != std::string::npos);
}

TEST_CASE("output does not depend on -j", "[cli]") {
  TempDir dir;
  for (int i = 0; i < 12; ++i) {
    dir.write("t" + std::to_string(i) + ".yaml", i % 2 ? kWildcardRole : kCleanQueue);
  }
  Run one = run_cli("scan . -j 1 --format sarif", dir.path);
  Run four = run_cli("scan . -j 4 --format sarif", dir.path);
  CHECK(one.status == 1);
  CHECK(one.out == four.out);
}

TEST_CASE("rules and explain come from the policy metadata", "[cli]") {
  Run rules = run_cli("rules");
  CHECK(rules.status == 0);
  CHECK(rules.out.find("s3-bucket-no-encryption") != std::string::npos);
  Run json = run_cli("rules --format json");
  CHECK(json.out.find("\"equivalents\"") != std::string::npos);
  Run explain = run_cli("explain iam-policy-wildcard-action");
  CHECK(explain.status == 0);
  CHECK(explain.out.find("How to fix:") != std::string::npos);
}

TEST_CASE("a repeatable option takes one value and never swallows the paths after it", "[cli]") {
  TempDir dir;
  dir.write("role.yaml", kWildcardRole);
  Run run = run_cli("scan --enable iam-policy-wildcard-action role.yaml --disable tracing", dir.path);
  CHECK(run.status == 1);
  CHECK(run.out.find("role.yaml:16:25: error iam-policy-wildcard-action") == 0);
}

TEST_CASE("--enable and --disable take a list with commas; a second value given bare is named", "[cli]") {
  TempDir dir;
  dir.write("role.yaml", kWildcardRole);
  Run listed = run_cli("scan --disable 'tracing, iam-policy-wildcard-action' role.yaml", dir.path);
  CHECK(listed.status == 0);
  CHECK(listed.out.find("iam-policy-wildcard-action") == std::string::npos);
  Run bare = run_cli("scan --disable tracing iam-policy-wildcard-action role.yaml", dir.path);
  CHECK(bare.status == 2);
  CHECK(bare.out.find("'iam-policy-wildcard-action' is a rule id or category, not a file or folder") !=
        std::string::npos);
}

TEST_CASE("limits are configurable and end in a finding, the other files still scanned", "[cli]") {
  TempDir dir;
  dir.write("a-role.yaml", kWildcardRole);
  dir.write("b-deep.yaml", "Resources:\n  R:\n    Type: AWS::SNS::Topic\n    Metadata: {a: {b: {c: {d: 1}}}}\n");
  Run deep = run_cli("scan --max-depth 4 --format json --fail-on never .", dir.path);
  CHECK(deep.status == 0);
  CHECK(deep.out.find("template-limit-exceeded") != std::string::npos);
  CHECK(deep.out.find("iam-policy-wildcard-action") != std::string::npos);
  Run large = run_cli("scan --max-file-size 100 --fail-on never a-role.yaml", dir.path);
  CHECK(large.out.find("a-role.yaml:1:1: error template-limit-exceeded The file is") == 0);
  CHECK(run_cli("scan --max-depth 0 .", dir.path).status == 2);
}

TEST_CASE("a limit of 0 or below is a usage error that says so, never the default or a wrapped number", "[cli]") {
  TempDir dir;
  dir.write("a-role.yaml", kWildcardRole);
  for (std::string option : {"--max-file-size", "--max-nodes", "--max-alias-values", "--max-eval-steps"}) {
    for (std::string value : {"0", "-3"}) {
      Run run = run_cli("scan " + option + " " + value + " a-role.yaml", dir.path);
      CHECK(run.status == 2);
      CHECK(run.out.find(option + ": a limit is a whole number of 1 or more, not '" + value + "'") == 0);
    }
  }
}
