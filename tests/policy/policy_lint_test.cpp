// Lint over every built-in policy file (DESIGN.md, Tests): fields present, id equals
// the file name, tags from the vocabulary, the message names the resource, and every
// equivalent exists in the peer catalog. Also: docs/rules/ is what the metadata generates.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "iam/policy_document.h"
#include "policy/check.h"
#include "policy/checks/checks_observability.h"
#include "policy/policy_file.h"
#include "policy/rule.h"
#include "report/rule_docs.h"
#include "support/fixtures.h"

namespace fs = std::filesystem;
using namespace cfn;

namespace {

std::vector<fs::path> policy_paths() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(testing::source_dir()) / "policies"))
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

// Rows of a peer catalogue (tab-separated; # comments and the header row skipped).
std::vector<std::vector<std::string>> catalogue_rows(const std::string& path) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream tsv(testing::read_text(path));
  std::string row;
  while (std::getline(tsv, row)) {
    if (row.empty() || row[0] == '#') continue;
    std::vector<std::string> cells;
    std::istringstream fields(row);
    for (std::string cell; std::getline(fields, cell, '\t');) cells.push_back(cell);
    if (cells.size() >= 4 && cells[0] != "tool") rows.push_back(std::move(cells));
  }
  return rows;
}

std::string shared_catalogue() { return testing::source_dir() + "/../shared/peer-rules.tsv"; }
// Peer rules the shared catalogue lacks, each with the source it was read in.
std::string extra_catalogue() { return testing::source_dir() + "/policies/peer-rules-extra.tsv"; }

// (tool, id) pairs of both catalogues: what an equivalent may name.
std::set<std::pair<std::string, std::string>> peer_rules() {
  std::set<std::pair<std::string, std::string>> rules;
  for (const std::string& path : {shared_catalogue(), extra_catalogue()}) {
    for (const auto& row : catalogue_rows(path)) rules.emplace(row[0], row[1]);
  }
  return rules;
}

// (tool, id) pairs that some built-in rule lists in its equivalents.
std::set<std::pair<std::string, std::string>> claimed_equivalents() {
  std::set<std::pair<std::string, std::string>> claimed;
  for (const RuleMeta& rule : builtin_rules()) {
    for (const RuleEquivalent& equivalent : rule.equivalents) {
      for (std::string_view id : equivalent.ids) claimed.emplace(equivalent.tool, id);
    }
  }
  return claimed;
}

// Rows of ../shared/peer-rules.tsv: tool, id, title, category, resource types, severity.
std::vector<std::vector<std::string>> peer_rows() { return catalogue_rows(shared_catalogue()); }

using PeerId = std::pair<std::string, std::string>;  // (tool, rule id)

// Adjacent cells (tool, rule id) of every table row of one docs/coverage-*.md page,
// backticks removed, with the row's last cell (the claiming rules, or why none claims it):
// a peer rule is "named" there when its tool and id stand side by side.
std::map<PeerId, std::string> coverage_page_pairs(const fs::path& page) {
  std::map<PeerId, std::string> pairs;
  std::istringstream text(testing::read_text(page.string()));
  for (std::string line; std::getline(text, line);) {
    if (!line.starts_with("|")) continue;
    std::vector<std::string> cells;
    std::istringstream fields(line);
    for (std::string cell; std::getline(fields, cell, '|');) {
      std::erase(cell, '`');
      size_t first = cell.find_first_not_of(' '), last = cell.find_last_not_of(' ');
      cells.push_back(first == std::string::npos ? "" : cell.substr(first, last - first + 1));
    }
    std::string reason = cells.empty() ? "" : cells.back();  // getline leaves no cell after the last |
    for (size_t i = 0; i + 1 < cells.size(); ++i) pairs.emplace(PeerId{cells[i], cells[i + 1]}, reason);
  }
  return pairs;
}

std::vector<fs::path> coverage_pages() {
  std::vector<fs::path> pages;
  for (const auto& entry : fs::directory_iterator(fs::path(testing::source_dir()) / "docs")) {
    std::string name = entry.path().filename().string();
    if (name.starts_with("coverage-") && entry.path().extension() == ".md") pages.push_back(entry.path());
  }
  std::sort(pages.begin(), pages.end());
  return pages;
}

// The pairs of every coverage page together.
std::map<PeerId, std::string> coverage_doc_pairs() {
  std::map<PeerId, std::string> pairs;
  for (const fs::path& page : coverage_pages()) pairs.merge(coverage_page_pairs(page));
  return pairs;
}

// Whether `text` names `rule_id` as a whole id (not as part of a longer one).
bool names_rule(std::string_view text, std::string_view rule_id) {
  auto is_id_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; };
  for (size_t at = text.find(rule_id); at != std::string_view::npos; at = text.find(rule_id, at + 1)) {
    size_t end = at + rule_id.size();
    if ((at == 0 || !is_id_char(text[at - 1])) && (end == text.size() || !is_id_char(text[end]))) return true;
  }
  return false;
}

// The claiming rules of each claimed peer rule, from the policies' equivalents.
std::map<PeerId, std::set<std::string>> claimants() {
  std::map<PeerId, std::set<std::string>> found;
  for (const RuleMeta& rule : builtin_rules()) {
    for (const RuleEquivalent& equivalent : rule.equivalents) {
      for (std::string_view id : equivalent.ids) found[{std::string(equivalent.tool), std::string(id)}].insert(std::string(rule.id));
    }
  }
  return found;
}

}  // namespace

// The catalogue's categories the coverage pages cover.
const std::set<std::string> kCoveredCategories = {"encryption-at-rest", "encryption-in-transit", "iam-wildcard",
                                                  "public-access",      "tracing",               "logging",
                                                  "secrets",            "api-auth"};

TEST_CASE("every peer rule of the security and observability categories is claimed or explained",
          "[policy][lint][coverage]") {
  auto claimants_of = claimants();
  auto documented = coverage_doc_pairs();
  size_t checked = 0;
  for (const auto& row : peer_rows()) {
    if (!kCoveredCategories.count(row[3])) continue;
    ++checked;
    PeerId peer{row[0], row[1]};
    INFO(row[0] << " " << row[1] << " (" << row[3] << "): give it a row in docs/coverage-*.md, naming the rule "
                << "that claims it in its equivalents or saying why none does");
    REQUIRE(documented.count(peer));
    const std::string& cell = documented.at(peer);
    INFO("its row says: " << cell);
    if (auto claimed = claimants_of.find(peer); claimed != claimants_of.end()) {
      CHECK(std::any_of(claimed->second.begin(), claimed->second.end(),
                        [&](const std::string& rule) { return names_rule(cell, rule); }));
      continue;
    }
    // Unclaimed: the reason must be one the catalogue accepts (a duplicate, obsolete AWS
    // behaviour, not expressible statically, another category), not a to-do.
    std::string reason = cell;
    std::transform(reason.begin(), reason.end(), reason.begin(), [](unsigned char c) { return std::tolower(c); });
    CHECK(reason.find("not yet implemented") == std::string::npos);
    CHECK(reason.find("should add") == std::string::npos);
  }
  CHECK(checked >= 500);  // the catalogue is beside the checkout and was read
}

TEST_CASE("each coverage page counts its rows as the policies claim them", "[policy][lint][coverage]") {
  std::set<PeerId> catalogue;
  for (const auto& row : peer_rows()) {
    if (kCoveredCategories.count(row[3])) catalogue.emplace(row[0], row[1]);
  }
  auto claimants_of = claimants();
  const std::regex sentence(R"((\d+) of (\d+) peer rules are claimed, by (\d+) cfn-scan rules; each of the other (\d+) )");
  auto pages = coverage_pages();
  CHECK(pages.size() == 3);
  for (const fs::path& page : pages) {
    size_t rows = 0, claimed = 0;
    std::set<std::string> claiming_rules;
    for (const auto& [peer, cell] : coverage_page_pairs(page)) {
      if (!catalogue.count(peer)) continue;
      ++rows;
      if (auto found = claimants_of.find(peer); found != claimants_of.end()) {
        ++claimed;
        claiming_rules.insert(found->second.begin(), found->second.end());
      }
    }
    std::string text = testing::read_text(page.string());
    std::smatch counts;
    INFO(page.filename().string() << ": " << claimed << " of " << rows << " peer rules are claimed, by "
                                  << claiming_rules.size() << " cfn-scan rules; each of the other " << rows - claimed);
    REQUIRE(std::regex_search(text, counts, sentence));
    CHECK(std::stoul(counts[1]) == claimed);
    CHECK(std::stoul(counts[2]) == rows);
    CHECK(std::stoul(counts[3]) == claiming_rules.size());
    CHECK(std::stoul(counts[4]) == rows - claimed);
  }
}

TEST_CASE("the extra peer catalogue holds only claimed rules the shared one lacks, with a source",
          "[policy][lint][coverage]") {
  auto claimed = claimed_equivalents();
  std::set<std::pair<std::string, std::string>> shared;
  for (const auto& row : peer_rows()) shared.emplace(row[0], row[1]);
  auto extra = catalogue_rows(extra_catalogue());
  REQUIRE_FALSE(extra.empty());
  for (const auto& row : extra) {
    INFO(row[0] << " " << row[1]);
    REQUIRE(row.size() == 6);
    CHECK(claimed.count({row[0], row[1]}) == 1);  // listed to be an equivalent
    CHECK(shared.count({row[0], row[1]}) == 0);   // not already in the shared catalogue
    CHECK_FALSE(row[2].empty());
    CHECK(row[5].find('/') != std::string::npos);  // where the peer defines it
  }
}

TEST_CASE("every policy file is complete and consistent", "[policy][lint]") {
  auto peers = peer_rules();
  REQUIRE_FALSE(peers.empty());  // ../shared/peer-rules.tsv must be beside the checkout
  auto paths = policy_paths();
  REQUIRE(paths.size() == builtin_rules().size());
  const std::regex ends_in_hyphen(R"(\w-$)");
  for (const fs::path& path : paths) {
    INFO(path.string());
    auto source = std::make_shared<SourceFile>(path.string(), testing::read_text(path.string()));
    PolicyReadResult result = read_policy_file(source, path.parent_path().filename().string());
    CHECK(result.errors.empty());
    // A folded (>-) line ending in a hyphen joins the next with a space: the rendered
    // TLS policy read "Policy-Min- TLS-1-0-2019-07", a name no one can paste.
    std::istringstream lines(source->text());
    for (std::string line; std::getline(lines, line);) {
      INFO(line);
      CHECK_FALSE(std::regex_search(line, ends_in_hyphen));
    }
    const PolicyFile& policy = result.policy;
    CHECK(policy.id == path.stem().string());
    CHECK(find_builtin_rule(policy.id) != nullptr);
    for (auto* text : {&policy.title, &policy.message, &policy.description, &policy.rationale,
                       &policy.remediation, &policy.security_severity})
      CHECK_FALSE(text->empty());
    CHECK_FALSE(policy.tags.empty());
    for (const std::string& tag : policy.tags) CHECK(is_category_tag(tag));
    bool security = std::count(policy.tags.begin(), policy.tags.end(), "security") > 0;
    bool observability = std::count(policy.tags.begin(), policy.tags.end(), "observability") > 0;
    CHECK((security || observability || policy.service == "template"));
    if (policy.check != "loader") {
      CHECK(policy.message.find("{resource}") != std::string::npos);
      CHECK_FALSE(policy.snippet.empty());
      CHECK_FALSE(policy.aws_default.empty());
      // Template-wide rules (cycles) look at every resource; the others name their types.
      if (policy.service != "template") CHECK_FALSE(policy.resource_types.empty());
    }
    for (const auto& [tool, ids] : policy.equivalents) {
      for (const std::string& id : ids) {
        INFO(tool << " " << id);
        CHECK(peers.count({tool, id}) == 1);
      }
    }
  }
}

// The public-policy rules each spell out the condition keys that narrow an Allow for
// everyone (a reader of one rule's page needs the whole list); the list is the code's.
TEST_CASE("each rule that lists the restricting condition keys lists all the code knows", "[policy][lint]") {
  int listing = 0;
  for (const RuleMeta& rule : builtin_rules()) {
    std::string description = ascii_lower(rule.description);
    if (description.find("aws:principalorgid") == std::string::npos) continue;
    ++listing;
    INFO(rule.id);
    for (std::string_view key : iam::restricting_condition_keys()) {
      INFO(key);
      CHECK(description.find(key) != std::string::npos);
    }
  }
  CHECK(listing >= 11);
}

// lambda-function-no-log-permission's page names each managed policy its code takes as
// allowing logs, each as a whole word (CloudWatchFullAccess and CloudWatchFullAccessV2).
TEST_CASE("lambda-function-no-log-permission lists every managed policy its code knows", "[policy][lint]") {
  const RuleMeta* rule = find_builtin_rule("lambda-function-no-log-permission");
  REQUIRE(rule != nullptr);
  const std::string description(rule->description);
  std::set<std::string> words;
  std::regex word("[A-Za-z0-9]+");
  for (std::sregex_iterator it(description.begin(), description.end(), word), end; it != end; ++it)
    words.insert(it->str());
  for (std::string_view name : checks::log_granting_managed_policies()) {
    INFO(name);
    CHECK(words.count(std::string(name)) == 1);
  }
}

TEST_CASE("each native policy has its C++ check and each check its native policy", "[policy][lint]") {
  std::set<std::string> native_policies;
  for (const fs::path& path : policy_paths()) {
    auto source = std::make_shared<SourceFile>(path.string(), testing::read_text(path.string()));
    PolicyReadResult result = read_policy_file(source, path.parent_path().filename().string());
    if (result.policy.check == "native") native_policies.insert(result.policy.id);
    const RuleMeta* rule = find_builtin_rule(result.policy.id);
    REQUIRE(rule != nullptr);
    INFO(result.policy.id);
    CHECK((rule->require != nullptr) == result.policy.require.has_value());
    CHECK((rule->when != nullptr) == result.policy.when.has_value());
  }
  std::set<std::string> checks;
  for (const NativeCheck& check : native_checks()) checks.emplace(check.rule_id);
  CHECK(checks == native_policies);
}

TEST_CASE("docs/rules is generated from the policies and up to date", "[policy][docs]") {
  fs::path dir = fs::path(testing::source_dir()) / "docs" / "rules";
  size_t pages = 0;
  for (const auto& entry : fs::directory_iterator(dir)) pages += entry.path().extension() == ".md";
  INFO("regenerate with: build/cfn-scan rules --format markdown --output-dir docs/rules");
  CHECK(pages == builtin_rules().size() + 1);
  CHECK(testing::read_text((dir / "README.md").string()) == rules_index_markdown(builtin_rules()));
  for (const RuleMeta& rule : builtin_rules()) {
    INFO(rule.id);
    CHECK(testing::read_text((dir / (std::string(rule.id) + ".md")).string()) == rule_page_markdown(rule));
  }
}
