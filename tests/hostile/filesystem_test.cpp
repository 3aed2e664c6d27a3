// Hostile file systems under a scanned folder, through the real binary: a symlink loop,
// a dangling link, a file that disappears while the scan runs, and a file that cannot be
// read. In each case the other files are still scanned and reported.
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "support/process.h"

namespace fs = std::filesystem;

namespace {

using Run = cfn::testing::ProcessResult;

struct TempTree {
  fs::path path;
  explicit TempTree(const std::string& name) {
    path = fs::temp_directory_path() / ("cfn-scan-hostile-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempTree() {
    std::error_code ignored;
    fs::permissions(path / "locked.yaml", fs::perms::owner_all, ignored);
    fs::remove_all(path, ignored);
  }
  void write(const std::string& name, const std::string& text) const {
    fs::create_directories((path / name).parent_path());
    std::ofstream(path / name, std::ios::binary) << text;
  }
};

// `cfn-scan scan --format json ARGS` in `dir`.
Run scan(const fs::path& dir, const std::string& arguments) {
  return cfn::testing::run_shell_with_stderr("cd '" + dir.string() + "' && '" + CFN_SCAN_BINARY +
                                                 "' scan --format json --fail-on never " + arguments,
                                             dir.parent_path() / (dir.filename().string() + ".stderr"));
}

std::string bucket(const std::string& name) {
  return "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  " + name + ":\n    Type: AWS::S3::Bucket\n";
}

}  // namespace

TEST_CASE("hostile fs: a symlink loop in a scanned folder is a warning; the files are scanned", "[hostile][fs]") {
  TempTree tree("loop");
  tree.write("app/a.yaml", bucket("A"));
  tree.write("app/nested/b.yaml", bucket("B"));
  fs::create_directory_symlink("..", tree.path / "app/nested/up");    // app/nested/up -> app
  fs::create_directory_symlink("loop", tree.path / "app/loop");        // a link to itself
  Run run = scan(tree.path, "app");
  INFO(run.err);
  CHECK(run.status == 0);  // a loop is a warning, not a failure to read
  CHECK(run.out.find("\"app/a.yaml\"") != std::string::npos);
  CHECK(run.out.find("\"app/nested/b.yaml\"") != std::string::npos);
  CHECK(run.err.find("warning") != std::string::npos);
  CHECK(run.err.find("symlink loop") != std::string::npos);
  // Each file once, however many ways the loop leads back to it.
  CHECK(run.out.find("\"templates\": 2") != std::string::npos);
}

TEST_CASE("hostile fs: a dangling link (a file gone before it is read) is a warning", "[hostile][fs]") {
  TempTree tree("dangling");
  tree.write("a.yaml", bucket("A"));
  fs::create_symlink("deleted.yaml", tree.path / "gone.yaml");
  Run run = scan(tree.path, ".");
  INFO(run.err);
  CHECK(run.status != -1);
  CHECK(run.out.find("\"a.yaml\"") != std::string::npos);
  CHECK(run.err.find("gone.yaml") != std::string::npos);
}

TEST_CASE("hostile fs: a file named on the command line that does not exist is exit status 2", "[hostile][fs]") {
  TempTree tree("missing");
  tree.write("a.yaml", bucket("A"));
  Run run = scan(tree.path, "a.yaml missing.yaml");
  INFO(run.err);
  CHECK(run.status == 2);
  CHECK(run.out.find("\"a.yaml\"") != std::string::npos);  // the other file is still reported
  CHECK(run.err.find("missing.yaml") != std::string::npos);
}

TEST_CASE("hostile fs: files that disappear and reappear during the scan never crash it", "[hostile][fs]") {
  TempTree tree("flicker");
  for (int i = 0; i < 100; ++i) tree.write("stable/s" + std::to_string(i) + ".yaml", bucket("S" + std::to_string(i)));
  std::atomic<bool> done{false};
  std::thread flicker([&] {
    // Bounded: stops when the scans are done, or after 30 s whatever happens.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    for (int i = 0; !done && std::chrono::steady_clock::now() < deadline; ++i) {
      std::string name = "flicker/f" + std::to_string(i % 20) + ".yaml";
      if (i % 2)
        tree.write(name, bucket("F"));
      else
        fs::remove(tree.path / name);
    }
  });
  int runs_with_a_vanished_file = 0;
  for (int run_index = 0; run_index < 5; ++run_index) {
    Run run = scan(tree.path, ". -j 2");
    INFO(run.err);
    REQUIRE(run.status != -1);                // never killed by a signal
    CHECK((run.status == 0 || run.status == 2));  // 2 only when a file vanished mid-read
    CHECK(run.out.find("\"stable/s99.yaml\"") != std::string::npos);
    if (run.status == 2) {
      ++runs_with_a_vanished_file;
      CHECK(run.err.find("flicker/") != std::string::npos);
    }
  }
  done = true;
  flicker.join();
  WARN(runs_with_a_vanished_file << " of 5 scans met a file that vanished between discovery and reading");
}

TEST_CASE("hostile fs: an unreadable file is an error naming it; the others are scanned", "[hostile][fs]") {
  TempTree tree("unreadable");
  tree.write("a.yaml", bucket("A"));
  tree.write("locked.yaml", bucket("Locked"));
  fs::permissions(tree.path / "locked.yaml", fs::perms::none);
  if (::geteuid() == 0) {
    WARN("running as root: permission bits do not stop reads, so the unreadable-file case is not exercised");
    return;
  }
  Run run = scan(tree.path, ".");
  INFO(run.err);
  CHECK(run.status == 2);
  CHECK(run.out.find("\"a.yaml\"") != std::string::npos);
  CHECK(run.err.find("locked.yaml") != std::string::npos);
  CHECK(run.err.find("cannot read") != std::string::npos);
}
