// `cfn-scan graph` as run_graph sees it: formats, findings in red, and the errors.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/graph_command.h"

namespace fs = std::filesystem;

namespace {

struct Result {
  int status = -1;
  std::string out;
  std::string err;
};

// `input` is what standard input holds, for the file "-".
Result graph(const std::string& file, const std::string& format, const std::string& input = "") {
  std::istringstream in(input);
  std::ostringstream out, err;
  Result result;
  result.status = cfn::run_graph(file, format, in, out, err);
  result.out = out.str();
  result.err = err.str();
  return result;
}

// A file in a per-process temporary folder, removed with it.
struct TempFiles {
  fs::path dir = fs::temp_directory_path() / ("cfn-scan-graph-" + std::to_string(::getpid()));
  TempFiles() { fs::create_directories(dir); }
  ~TempFiles() { fs::remove_all(dir); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(dir / name, std::ios::binary) << text;
    return (dir / name).string();
  }
};

constexpr const char* kTemplate = R"(AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Data:
    Type: AWS::S3::Bucket
  Reader:
    Type: AWS::S3::BucketPolicy
    Properties: {Bucket: !Ref Data, PolicyDocument: {}}
)";

}  // namespace

TEST_CASE("graph draws the template and marks resources with findings") {
  TempFiles files;
  std::string path = files.write("t.yaml", kTemplate);
  Result dot = graph(path, "dot");
  CHECK(dot.status == 0);
  CHECK(dot.err.empty());
  CHECK(dot.out.find("\"Resources.Data\" [label=\"Data\\nAWS::S3::Bucket\", color=\"#cc0000\"") != std::string::npos);
  CHECK(dot.out.find("Data: ") != std::string::npos);
  CHECK(dot.out.find("s3-bucket-no-encryption") != std::string::npos);
  CHECK(dot.out.find("\"Resources.Reader\" [label=\"Reader\\nAWS::S3::BucketPolicy\"];") != std::string::npos);

  Result mermaid = graph(path, "mermaid");
  CHECK(mermaid.status == 0);
  CHECK(mermaid.out.find("class r_Data finding") != std::string::npos);

  Result json = graph(path, "json");
  CHECK(json.status == 0);
  CHECK(json.out.find("\"s3-bucket-no-encryption\"") != std::string::npos);
}

TEST_CASE("graph refuses what it cannot draw, with status 2 and a reason") {
  TempFiles files;
  Result format = graph(files.write("t.yaml", kTemplate), "png");
  CHECK(format.status == 2);
  CHECK(format.err == "cfn-scan graph: unknown format 'png' (expected dot, mermaid or json)\n");

  Result missing = graph((files.dir / "missing.yaml").string(), "dot");
  CHECK(missing.status == 2);
  CHECK(missing.err.find("missing.yaml: cannot read:") != std::string::npos);

  Result folder = graph(files.dir.string(), "dot");
  CHECK(folder.status == 2);
  CHECK(folder.err == "cfn-scan graph: " + files.dir.string() + ": is a directory; graph reads one template file\n");

  Result other = graph(files.write("config.yaml", "name: not a template\nitems: [1, 2]\n"), "dot");
  CHECK(other.status == 2);
  CHECK(other.err.find("config.yaml: not a CloudFormation template") != std::string::npos);

  Result broken = graph(files.write("broken.yaml", "Resources:\n  A: {Type: [unclosed\n"), "dot");
  CHECK(broken.status == 2);
  CHECK(broken.err.find("broken.yaml:") != std::string::npos);
  CHECK(broken.out.empty());
  INFO(broken.err);
  CHECK(broken.err.find("broken.yaml:2:13: ") != std::string::npos);  // the '[' left open
}

TEST_CASE("graph draws a SAM template as CloudFormation deploys it") {
  TempFiles files;
  std::string path = files.write("sam.yaml", R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: python3.12
      CodeUri: s3://bucket/code.zip
)");
  Result dot = graph(path, "dot");
  CHECK(dot.status == 0);
  CHECK(dot.out.find("\"Resources.Fn\" [label=\"Fn\\nAWS::Lambda::Function\"") != std::string::npos);
  CHECK(dot.out.find("\"Resources.Fn\" -> \"Resources.FnRole\" [label=\"ExecutionRole\"") != std::string::npos);
}

TEST_CASE("graph - reads the template from standard input") {
  Result piped = graph("-", "mermaid", kTemplate);
  CHECK(piped.status == 0);
  CHECK(piped.out.find("class r_Data finding") != std::string::npos);
  Result broken = graph("-", "dot", "Resources:\n  A: {Type: [unclosed\n");
  CHECK(broken.status == 2);
  CHECK(broken.err.find("<stdin>:2:13: ") != std::string::npos);
}
