// The outputs the docs show are real: every block marked `<!-- checked: DIR: ARGS -->` in
// README.md and docs/*.md is what `cfn-scan ARGS` prints when run in DIR (relative to the
// source folder), and every block marked `<!-- checked: file PATH -->` is that file. A first
// line `$ ...` is the command as shown; a line `...` stands for any lines; in JSON, an array
// whose last item is "..." starts with the items before it.
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support/fixtures.h"
#include "support/process.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct CheckedBlock {
  std::string doc;       // the Markdown file, relative to the source folder
  size_t line = 0;       // the marker's line
  std::string marker;    // what follows "checked: "
  std::string language;  // the fence's info string
  std::string text;      // the block's lines, each ending in '\n'
};

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<CheckedBlock> checked_blocks(const std::string& doc) {
  constexpr std::string_view kOpen = "<!-- checked: ", kClose = " -->";
  std::vector<std::string> lines = lines_of(cfn::testing::read_text(cfn::testing::source_dir() + "/" + doc));
  std::vector<CheckedBlock> blocks;
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (!line.starts_with(kOpen) || !line.ends_with(kClose) || !lines[i + 1].starts_with("```")) continue;
    CheckedBlock block{doc, i + 1, line.substr(kOpen.size(), line.size() - kOpen.size() - kClose.size()),
                       lines[i + 1].substr(3), ""};
    for (size_t j = i + 2; j < lines.size() && lines[j] != "```"; ++j) block.text += lines[j] + "\n";
    blocks.push_back(block);
  }
  return blocks;
}

std::vector<CheckedBlock> all_checked_blocks() {
  std::vector<CheckedBlock> blocks = checked_blocks("README.md");
  for (const auto& entry : fs::directory_iterator(cfn::testing::source_dir() + "/docs")) {
    if (entry.path().extension() != ".md") continue;
    for (CheckedBlock& block : checked_blocks("docs/" + entry.path().filename().string())) blocks.push_back(block);
  }
  return blocks;
}

// What the marker names: the file's text, or the command's standard output.
std::string actual_output(const std::string& marker) {
  const std::string source = cfn::testing::source_dir();
  if (marker.starts_with("file ")) return cfn::testing::read_text(source + "/" + marker.substr(5));
  size_t colon = marker.find(": ");
  if (colon == std::string::npos) return "(marker is neither 'file PATH' nor 'DIR: ARGS')";
  std::string command = "cd '" + source + "/" + marker.substr(0, colon) + "' && NO_COLOR=1 '" + CFN_SCAN_BINARY + "' " +
                        marker.substr(colon + 2) + " 2>/dev/null";
  return cfn::testing::run_shell(command).out;
}

// Whether `run` is in `got` at `start`.
bool run_at(const std::vector<std::string>& run, const std::vector<std::string>& got, size_t start) {
  return start + run.size() <= got.size() &&
         std::equal(run.begin(), run.end(), got.begin() + static_cast<std::ptrdiff_t>(start));
}

// `shown` (with `...` lines) describes `actual`: its runs of lines appear in order, the
// first at the start and the last at the end (an empty run: a `...` stands there).
bool text_matches(const std::string& shown, const std::string& actual) {
  std::vector<std::string> want = lines_of(shown), got = lines_of(actual);
  if (!want.empty() && want.front().starts_with("$ ")) want.erase(want.begin());
  std::vector<std::vector<std::string>> runs(1);
  for (const std::string& line : want) {
    if (line == "...")
      runs.emplace_back();
    else
      runs.back().push_back(line);
  }
  if (runs.size() == 1) return want == got;
  const auto& first = runs.front();
  const auto& last = runs.back();
  if (!run_at(first, got, 0) || got.size() < first.size() + last.size()) return false;
  size_t last_at = got.size() - last.size();
  if (!run_at(last, got, last_at)) return false;
  size_t at = first.size();
  for (size_t r = 1; r + 1 < runs.size(); ++r) {  // the runs between, in order
    while (at + runs[r].size() <= last_at && !run_at(runs[r], got, at)) ++at;
    if (at + runs[r].size() > last_at) return false;
    at += runs[r].size();
  }
  return true;
}

bool json_matches(const json& shown, const json& actual) {
  if (shown.is_array() && !shown.empty() && shown.back() == "..." && actual.is_array()) {
    if (actual.size() < shown.size() - 1) return false;
    for (size_t i = 0; i + 1 < shown.size(); ++i)
      if (!json_matches(shown[i], actual[i])) return false;
    return true;
  }
  if (shown.is_object() && actual.is_object()) {
    if (shown.size() != actual.size()) return false;
    for (auto& [key, value] : shown.items())
      if (!actual.contains(key) || !json_matches(value, actual[key])) return false;
    return true;
  }
  if (shown.is_array() && actual.is_array()) {
    if (shown.size() != actual.size()) return false;
    for (size_t i = 0; i < shown.size(); ++i)
      if (!json_matches(shown[i], actual[i])) return false;
    return true;
  }
  return shown == actual;
}

}  // namespace

TEST_CASE("docs: every checked example is what cfn-scan prints", "[docs][cli]") {
  std::vector<CheckedBlock> blocks = all_checked_blocks();
  CHECK(blocks.size() >= 7);  // README, output-formats (2), integrations, graph (3)
  for (const CheckedBlock& block : blocks) {
    INFO(block.doc << ":" << block.line << ": checked: " << block.marker);
    std::string actual = actual_output(block.marker);
    INFO("actual output:\n" << actual);
    if (block.language == "json") {
      CHECK(json_matches(json::parse(block.text), json::parse(actual)));
    } else {
      CHECK(text_matches(block.text, actual));
    }
  }
}

TEST_CASE("docs: a checked example's '...' stands for lines, and nothing else is loose", "[docs]") {
  const std::string actual = "a\nb\nc\nd\n";
  CHECK(text_matches("$ cmd\na\nb\nc\nd\n", actual));
  CHECK(text_matches("a\n...\nd\n", actual));
  CHECK(text_matches("a\nb\n...\n", actual));
  CHECK(text_matches("...\nc\nd\n", actual));
  CHECK_FALSE(text_matches("a\nb\nc\n", actual));    // the end is checked
  CHECK_FALSE(text_matches("b\nc\nd\n", actual));    // and the start
  CHECK_FALSE(text_matches("a\n...\nc\n", actual));  // a last run ends the output
  CHECK_FALSE(text_matches("d\n...\na\n", actual));
  CHECK(json_matches(json::parse(R"({"r": ["x", "..."]})"), json::parse(R"({"r": ["x", "y"]})")));
  CHECK_FALSE(json_matches(json::parse(R"({"r": ["y", "..."]})"), json::parse(R"({"r": ["x", "y"]})")));
  CHECK_FALSE(json_matches(json::parse(R"({"r": ["x"]})"), json::parse(R"({"r": ["x", "y"]})")));
  CHECK_FALSE(json_matches(json::parse(R"({"r": 1})"), json::parse(R"({"r": 1, "s": 2})")));
}
