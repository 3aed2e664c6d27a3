#include "support/fixtures.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace cfn::testing {

namespace {

std::string trim(std::string text) {
  auto not_space = [](unsigned char c) { return !std::isspace(c); };
  text.erase(text.begin(), std::find_if(text.begin(), text.end(), not_space));
  text.erase(std::find_if(text.rbegin(), text.rend(), not_space).base(), text.end());
  return text;
}

std::vector<std::string> split_ids(const std::string& list) {
  std::vector<std::string> ids;
  std::stringstream stream(list);
  std::string id;
  while (std::getline(stream, id, ',')) {
    id = trim(id);
    if (!id.empty()) ids.push_back(id);
  }
  return ids;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::string line;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '\n' || text[i] == '\r') {
      lines.push_back(line);
      line.clear();
      if (i + 1 < text.size() && text[i] == '\r' && text[i + 1] == '\n') ++i;
    } else {
      line += text[i];
    }
  }
  return lines;
}

// A comment annotation `# KIND: ids`, or `# KIND: ids (why)`, or nothing. The reason is
// for the reader; the ids before it are the rules.
bool annotation(const std::string& line, const std::string& kind, std::vector<std::string>& ids) {
  std::string text = trim(line);
  std::string prefix = "# " + kind + ":";
  if (text.rfind(prefix, 0) != 0) return false;
  std::string listed = text.substr(prefix.size());
  ids = split_ids(listed.substr(0, listed.find('(')));
  return true;
}

bool is_annotation(const std::string& line) {
  std::vector<std::string> ids;
  return annotation(line, "expect", ids) || annotation(line, "ok", ids);
}

void read_yaml_annotations(const std::string& text, FixtureExpectations& result) {
  auto lines = lines_of(text);
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find("# cfn-scan-fixture: not-a-template") != std::string::npos) result.not_a_template = true;
    std::vector<std::string> ids;
    bool expect = annotation(lines[i], "expect", ids);
    if (!expect && !annotation(lines[i], "ok", ids)) continue;
    size_t target = i + 1;
    while (target < lines.size() && is_annotation(lines[target])) ++target;
    auto line_number = static_cast<uint32_t>(target + 1);
    for (const std::string& id : ids) (expect ? result.expect : result.ok).emplace(line_number, id);
  }
}

void read_expect_file(const std::string& text, FixtureExpectations& result) {
  std::stringstream stream(text);
  std::string row;
  while (std::getline(stream, row)) {
    row = trim(row);
    if (row.empty() || row[0] == '#') continue;
    if (row == "not-a-template") {
      result.not_a_template = true;
      continue;
    }
    std::stringstream fields(row);
    uint32_t line = 0;
    std::string id;
    fields >> line >> id;
    if (id.rfind("ok:", 0) == 0) {
      result.ok.emplace(line, id.substr(3));
    } else {
      result.expect.emplace(line, id);
    }
  }
}

}  // namespace

std::string source_dir() {
#ifdef CFN_SCAN_SOURCE_DIR
  return CFN_SCAN_SOURCE_DIR;
#else
  return ".";
#endif
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> fixture_files() {
  std::vector<std::string> files;
  fs::path root = fs::path(source_dir()) / "fixtures";
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    std::string extension = entry.path().extension().string();
    if (extension == ".yaml" || extension == ".yml" || extension == ".template" || extension == ".json")
      files.push_back(fs::relative(entry.path(), source_dir()).generic_string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

FixtureExpectations read_expectations(const std::string& relative_path) {
  FixtureExpectations result;
  std::string path = source_dir() + "/" + relative_path;
  if (relative_path.ends_with(".json")) {
    read_expect_file(read_text(path + ".expect"), result);
  } else {
    read_yaml_annotations(read_text(path), result);
    // Lines a comment cannot precede (inside a block scalar): listed beside the file.
    if (std::filesystem::exists(path + ".expect")) read_expect_file(read_text(path + ".expect"), result);
  }
  return result;
}

}  // namespace cfn::testing
