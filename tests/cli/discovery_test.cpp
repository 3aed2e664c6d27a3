#include "cli/discovery.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <atomic>
#include <fstream>
#include <random>
#include <string>
#include <system_error>
#include <vector>

namespace fs = std::filesystem;
using cfn::cli::Candidate;
using cfn::cli::discover;
using cfn::cli::Discovery;
using cfn::cli::DiscoveryProblem;
using cfn::cli::glob_match;
using cfn::cli::is_excluded;

namespace {

// A scratch folder under the system temp folder, removed when the test ends (folders and
// files locked with chmod 000 are unlocked first so removal can go through them).
class ScratchTree {
 public:
  ScratchTree() {
    static std::atomic<int> counter{0};
    std::random_device random;
    root_ = fs::temp_directory_path() /
            ("cfn-scan-discovery-" + std::to_string(::getpid()) + "-" +
             std::to_string(counter++) + "-" + std::to_string(random()));
    fs::create_directories(root_);
  }
  ~ScratchTree() {
    std::error_code ignored;
    for (const fs::path& locked : locked_) fs::permissions(locked, fs::perms::owner_all, ignored);
    fs::remove_all(root_, ignored);
  }
  ScratchTree(const ScratchTree&) = delete;
  ScratchTree& operator=(const ScratchTree&) = delete;

  const fs::path& root() const { return root_; }
  fs::path at(const std::string& relative) const { return root_ / relative; }

  void file(const std::string& relative, const std::string& text = "Resources: {}\n") {
    fs::create_directories(at(relative).parent_path());
    std::ofstream(at(relative)) << text;
  }
  void folder(const std::string& relative) { fs::create_directories(at(relative)); }
  void link(const std::string& relative, const std::string& target) {
    fs::create_directories(at(relative).parent_path());
    fs::create_symlink(target, at(relative));
  }
  void lock(const std::string& relative) {
    fs::permissions(at(relative), fs::perms::none);
    locked_.push_back(at(relative));
  }

 private:
  fs::path root_;
  std::vector<fs::path> locked_;
};

std::vector<std::string> display_paths(const Discovery& discovery) {
  std::vector<std::string> paths;
  for (const Candidate& file : discovery.files) paths.push_back(file.display_path);
  return paths;
}

std::string os_text(std::errc error) { return std::make_error_code(error).message(); }

// Root, or a process with CAP_DAC_OVERRIDE, reads through chmod 000; then the unreadable
// cases cannot be produced and are not asserted.
bool permissions_are_enforced(const fs::path& locked_folder) {
  std::error_code error;
  fs::directory_iterator probe(locked_folder, error);
  return static_cast<bool>(error);
}

}  // namespace

// ---------------------------------------------------------------------------------------
// glob_match

TEST_CASE("glob_match: literals, ? and *", "[discovery][glob]") {
  CHECK(glob_match("a.yaml", "a.yaml"));
  CHECK_FALSE(glob_match("a.yaml", "a.yml"));
  CHECK_FALSE(glob_match("a.yaml", "A.yaml"));  // case-sensitive
  CHECK(glob_match("", ""));
  CHECK_FALSE(glob_match("", "a"));
  CHECK_FALSE(glob_match("a", ""));

  CHECK(glob_match("*", ""));
  CHECK(glob_match("*", "template.yaml"));
  CHECK_FALSE(glob_match("*", "a/b"));
  CHECK(glob_match("*.yaml", ".yaml"));
  CHECK(glob_match("*.yaml", "t.yaml"));
  CHECK_FALSE(glob_match("*.yaml", "dir/t.yaml"));
  CHECK(glob_match("dir/*.yaml", "dir/t.yaml"));
  CHECK(glob_match("a*b*c", "abc"));
  CHECK(glob_match("a*b*c", "aXbYbZc"));
  CHECK_FALSE(glob_match("a*b*c", "aXbYcZ"));

  CHECK(glob_match("?.json", "a.json"));
  CHECK_FALSE(glob_match("?.json", "ab.json"));
  CHECK_FALSE(glob_match("?.json", ".json"));
  CHECK_FALSE(glob_match("a?b", "a/b"));

  CHECK(glob_match("\\*.yaml", "*.yaml"));
  CHECK_FALSE(glob_match("\\*.yaml", "t.yaml"));
  CHECK(glob_match("a\\", "a\\"));  // a trailing backslash is itself
}

TEST_CASE("glob_match: character classes", "[discovery][glob]") {
  CHECK(glob_match("[abc].yaml", "b.yaml"));
  CHECK_FALSE(glob_match("[abc].yaml", "d.yaml"));
  CHECK(glob_match("[a-c]x", "bx"));
  CHECK_FALSE(glob_match("[a-c]x", "dx"));
  CHECK(glob_match("[!a-c]x", "dx"));
  CHECK_FALSE(glob_match("[!a-c]x", "ax"));
  CHECK(glob_match("[^a]x", "bx"));
  CHECK(glob_match("[]]", "]"));
  CHECK(glob_match("[a-]", "-"));
  CHECK_FALSE(glob_match("[!a]", "/"));  // never the separator, even negated
  CHECK_FALSE(glob_match("[/]", "/"));
  CHECK(glob_match("a[b", "a[b"));  // unclosed: a literal '['
  CHECK_FALSE(glob_match("a[b", "ab"));
}

TEST_CASE("glob_match: ** crosses folders", "[discovery][glob]") {
  CHECK(glob_match("**", ""));
  CHECK(glob_match("**", "a/b/c.yaml"));
  CHECK(glob_match("tests/**", "tests/a/b.yaml"));
  CHECK(glob_match("tests/**", "tests/"));
  CHECK_FALSE(glob_match("tests/**", "tests"));
  CHECK_FALSE(glob_match("tests/**", "other/a.yaml"));

  CHECK(glob_match("**/x.yaml", "x.yaml"));
  CHECK(glob_match("**/x.yaml", "a/b/x.yaml"));
  CHECK_FALSE(glob_match("**/x.yaml", "ax.yaml"));
  CHECK(glob_match("a/**/b", "a/b"));
  CHECK(glob_match("a/**/b", "a/x/b"));
  CHECK(glob_match("a/**/b", "a/x/y/b"));
  CHECK_FALSE(glob_match("a/**/b", "ab"));
  CHECK_FALSE(glob_match("a/**/b", "a/xb"));
  CHECK_FALSE(glob_match("a/**/b", "a/x/yb"));

  CHECK(glob_match("a**b", "a/x/b"));  // not a whole component: any characters
  CHECK(glob_match("**.json", "a/b.json"));
  CHECK(glob_match("***", "a/b"));
}

TEST_CASE("glob_match: patterns that make backtracking matchers explode stay fast",
          "[discovery][glob]") {
  const std::string many_a(200, 'a');
  CHECK_FALSE(glob_match("*a*a*a*a*a*a*a*a*a*a*a*a*b", many_a));
  CHECK(glob_match("*a*a*a*a*a*a*a*a*a*a*a*a*b", many_a + "b"));
  CHECK_FALSE(glob_match("**a**a**a**a**a**a**a**a**b", many_a));
  CHECK_FALSE(glob_match("**/a/**/a/**/a/**/a/**/b", "a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/c"));
  CHECK(glob_match("**/a/**/a/**/a/**/a/**/b", "a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/b"));
}

// ---------------------------------------------------------------------------------------
// is_excluded

TEST_CASE("is_excluded: patterns match the path or any suffix starting at a component",
          "[discovery][exclude]") {
  const std::vector<std::string> json{"*.json"};
  CHECK(is_excluded("a/b/c.json", false, json));
  CHECK(is_excluded("c.json", false, json));
  CHECK_FALSE(is_excluded("a/b/c.Json", false, json));
  CHECK_FALSE(is_excluded("a.json/t.yaml", false, json));

  const std::vector<std::string> node_modules{"node_modules"};
  CHECK(is_excluded("node_modules", true, node_modules));
  CHECK(is_excluded("pkg/node_modules", true, node_modules));
  CHECK_FALSE(is_excluded("pkg/node_modules_x", true, node_modules));

  const std::vector<std::string> tests{"tests/**"};
  CHECK(is_excluded("tests", true, tests));  // the folder itself: not entered
  CHECK(is_excluded("src/tests", true, tests));
  CHECK(is_excluded("tests/unit/a.yaml", false, tests));
  CHECK_FALSE(is_excluded("tests", false, tests));
  CHECK_FALSE(is_excluded("tests.yaml", false, tests));

  const std::vector<std::string> folder_only{"build/"};
  CHECK(is_excluded("build", true, folder_only));
  CHECK_FALSE(is_excluded("build", false, folder_only));

  const std::vector<std::string> anchored{"./build"};
  CHECK(is_excluded("build", true, anchored));
  CHECK_FALSE(is_excluded("sub/build", true, anchored));

  const std::vector<std::string> nested{"a/*.yaml"};
  CHECK(is_excluded("x/a/t.yaml", false, nested));
  CHECK_FALSE(is_excluded("a/b/t.yaml", false, nested));

  CHECK_FALSE(is_excluded("", true, {"*", "**"}));  // the working directory itself
  CHECK_FALSE(is_excluded("t.yaml", false, {}));
  CHECK(is_excluded("t.yaml", false, {"x", "t.*"}));
}

// ---------------------------------------------------------------------------------------
// discover: walking

namespace {

void make_project(ScratchTree& tree) {
  for (const char* path :
       {"template.yaml", "b.YML", "c.Json", "d.TEMPLATE", "notes.txt", "Makefile", ".hidden.yaml",
        "nested/deep/e.yaml", "nested/deep/readme.md", ".git/config.yaml", ".git/objects/x.json",
        ".hg/t.yaml", ".svn/t.yaml", "node_modules/pkg/t.yaml", ".aws-sam/build/template.yaml",
        "cdk.out/Stack.template.json", ".github/workflows/ci.yml", "tests/fixture.yaml",
        "tests/unit/x.yaml"}) {
    tree.file(path);
  }
  tree.folder("empty");
}

}  // namespace

TEST_CASE("discover: walks folders for template extensions in any case", "[discovery]") {
  ScratchTree tree;
  make_project(tree);

  Discovery found = discover({"."}, {}, tree.root());

  CHECK(display_paths(found) == std::vector<std::string>{
                                    ".github/workflows/ci.yml", ".hidden.yaml", "b.YML", "c.Json",
                                    "cdk.out/Stack.template.json", "d.TEMPLATE",
                                    "nested/deep/e.yaml", "template.yaml", "tests/fixture.yaml",
                                    "tests/unit/x.yaml"});
  for (const Candidate& file : found.files) {
    CHECK(file.path_on_disk == (tree.root() / file.display_path).string());
    CHECK_FALSE(file.explicitly_named);
  }
  CHECK(found.problems.empty());
  CHECK_FALSE(found.has_fatal_problem());
}

TEST_CASE("discover: a folder named on the command line is walked even with a skipped name",
          "[discovery]") {
  ScratchTree tree;
  make_project(tree);

  Discovery found = discover({"node_modules", ".git/"}, {}, tree.root());

  CHECK(display_paths(found) ==
        std::vector<std::string>{".git/config.yaml", ".git/objects/x.json", "node_modules/pkg/t.yaml"});
  CHECK(found.problems.empty());
}

TEST_CASE("discover: --exclude drops files and keeps excluded folders unentered", "[discovery]") {
  ScratchTree tree;
  make_project(tree);
  // Would be reported if the walk went into nested/.
  tree.link("nested/broken.yaml", "nowhere.yaml");

  Discovery found = discover({"."}, {"tests/**", "*.json", "nested"}, tree.root());

  CHECK(display_paths(found) == std::vector<std::string>{".github/workflows/ci.yml",
                                                         ".hidden.yaml", "b.YML",
                                                         "c.Json",  // globs are case-sensitive
                                                         "d.TEMPLATE", "template.yaml"});
  CHECK(found.problems.empty());
}

TEST_CASE("discover: the result does not depend on argument order; overlaps are listed once",
          "[discovery]") {
  ScratchTree tree;
  make_project(tree);

  Discovery forward = discover({".", "nested", "nested/deep/e.yaml"}, {}, tree.root());
  Discovery backward = discover({"nested/deep/e.yaml", "nested", "."}, {}, tree.root());

  CHECK(forward.files == backward.files);
  CHECK(forward.problems == backward.problems);
  CHECK(display_paths(forward).size() == 10);
  auto e = std::find_if(forward.files.begin(), forward.files.end(),
                        [](const Candidate& file) { return file.display_path == "nested/deep/e.yaml"; });
  REQUIRE(e != forward.files.end());
  CHECK(e->explicitly_named);  // named once explicitly, once found by a walk
}

// ---------------------------------------------------------------------------------------
// discover: paths named on the command line

TEST_CASE("discover: named files are candidates whatever their extension", "[discovery]") {
  ScratchTree tree;
  for (const char* path : {"work/template.yaml", "work/notes.txt", "work/sub/t.yaml",
                           "work/tests/x.yaml", "outside/o.yaml"}) {
    tree.file(path);
  }
  const fs::path work = tree.at("work");

  Discovery found = discover({"notes.txt", "./template.yaml", "template.yaml", (work / "sub/t.yaml").string(),
                              "../outside/o.yaml", "tests/x.yaml", "sub/../template.yaml",
                              "sub//t.yaml"},
                             {"tests"}, work);

  const std::vector<Candidate> expected{
      {(work / "../outside/o.yaml").string(), "../outside/o.yaml", true},
      {(work / "notes.txt").string(), "notes.txt", true},
      {(work / "sub/t.yaml").string(), "sub/t.yaml", true},
      {(work / "template.yaml").string(), "template.yaml", true},
  };
  CHECK(found.files == expected);
  CHECK(found.problems.empty());
}

TEST_CASE("discover: a named path that does not exist is fatal; the others are still found",
          "[discovery]") {
  ScratchTree tree;
  tree.file("template.yaml");

  Discovery found = discover({"template.yaml", "missing.yaml", "", "gone/**", "gone/x.yaml"},
                             {"gone"}, tree.root());

  CHECK(display_paths(found) == std::vector<std::string>{"template.yaml"});
  // An excluded path is dropped before any existence check: "gone/..." says nothing.
  const std::vector<DiscoveryProblem> expected{
      {"", "an empty path names no file", true},
      {"missing.yaml", os_text(std::errc::no_such_file_or_directory), true},
  };
  CHECK(found.problems == expected);
  CHECK(found.has_fatal_problem());
}

// ---------------------------------------------------------------------------------------
// discover: symlinks

TEST_CASE("discover: symlinks are followed; loops, dangling links and self-links reported",
          "[discovery][symlink]") {
  ScratchTree tree;
  tree.file("work/template.yaml");
  tree.link("work/alias.yaml", "template.yaml");       // same file: listed once, real name
  tree.link("work/dangling.yaml", "missing.yaml");
  tree.link("work/self", "self");                      // ELOOP when followed
  tree.file("work/a/b/t.yaml");
  tree.link("work/a/b/link", "../..");                 // back to the walk's root
  tree.file("work/shared/s.yaml");
  tree.link("work/a/shortcut", "../shared");           // a second route, sorted first
  tree.file("external/ext.yaml");
  tree.link("work/z_ext", "../external");              // the only route to its files
  const fs::path work = tree.at("work");

  Discovery found = discover({"."}, {}, work);

  CHECK(display_paths(found) ==
        std::vector<std::string>{"a/b/t.yaml", "shared/s.yaml", "template.yaml", "z_ext/ext.yaml"});
  const std::vector<DiscoveryProblem> expected{
      {"a/b/link", "symlink loop: a/b/link leads back to .; not followed", false},
      {"dangling.yaml", "dangling symlink: its target does not exist; skipped", false},
      {"self", "cannot read: " + os_text(std::errc::too_many_symbolic_link_levels), false},
  };
  CHECK(found.problems == expected);
  CHECK_FALSE(found.has_fatal_problem());

  SECTION("a loop met from two roots is reported once") {
    Discovery again = discover({"a", "."}, {}, work);
    CHECK(again.files == found.files);
    CHECK(again.problems == found.problems);
  }
  SECTION("walking a subfolder, a link up out of it is followed until it comes back") {
    // From a/, a/b/link leads to the working directory, which is not on the walk path;
    // it is walked through the link until its folder a/ is met again.
    Discovery from_a = discover({"a"}, {}, work);
    CHECK(display_paths(from_a) ==
          std::vector<std::string>{"a/b/link/alias.yaml",  // both names are through links
                                   "a/b/link/shared/s.yaml", "a/b/link/z_ext/ext.yaml",
                                   "a/b/t.yaml"});
    const std::vector<DiscoveryProblem> expected_from_a{
        {"a/b/link/a", "symlink loop: a/b/link/a leads back to a; not followed", false},
        {"a/b/link/dangling.yaml", "dangling symlink: its target does not exist; skipped", false},
        {"a/b/link/self", "cannot read: " + os_text(std::errc::too_many_symbolic_link_levels),
         false},
    };
    CHECK(from_a.problems == expected_from_a);
  }
  SECTION("a link named on the command line keeps its own name") {
    Discovery named = discover({"alias.yaml"}, {}, work);
    REQUIRE(named.files.size() == 1);
    CHECK(named.files[0].display_path == "alias.yaml");
    CHECK(named.files[0].explicitly_named);
  }
  SECTION("an excluded dangling link is not reported") {
    Discovery excluded = discover({"."}, {"dangling.*", "self"}, work);
    REQUIRE(excluded.problems.size() == 1);
    CHECK(excluded.problems[0].path == "a/b/link");
  }
}

TEST_CASE("discover: links that multiply routes do not multiply the walk", "[discovery][symlink]") {
  // level0/{x,y} -> level1, level1/{x,y} -> level2, ...: 2^24 routes to level24, one folder.
  ScratchTree tree;
  const int depth = 24;
  for (int level = 0; level < depth; ++level) {
    std::string next = "../level" + std::to_string(level + 1);
    tree.link("level" + std::to_string(level) + "/x", next);
    tree.link("level" + std::to_string(level) + "/y", next);
  }
  tree.file("level" + std::to_string(depth) + "/t.yaml");

  Discovery found = discover({"."}, {}, tree.root());

  CHECK(display_paths(found) == std::vector<std::string>{"level24/t.yaml"});
  CHECK(found.problems.empty());
}

// ---------------------------------------------------------------------------------------
// discover: permissions

TEST_CASE("discover: unreadable folders and files", "[discovery][permissions]") {
  ScratchTree tree;
  tree.file("open.yaml");
  tree.file("secret.yaml");
  tree.file("locked/t.yaml");
  tree.lock("locked");
  tree.lock("secret.yaml");
  if (!permissions_are_enforced(tree.at("locked"))) {
    // Running as root (or with CAP_DAC_OVERRIDE): chmod 000 does not stop reads, so the
    // unreadable cases cannot be produced here. Check only that nothing breaks.
    WARN("permissions not enforced for this user; unreadable-path assertions skipped");
    Discovery found = discover({"."}, {}, tree.root());
    CHECK(display_paths(found) ==
          std::vector<std::string>{"locked/t.yaml", "open.yaml", "secret.yaml"});
    return;
  }
  const std::string denied = os_text(std::errc::permission_denied);

  SECTION("met while walking: reported, the walk goes on") {
    Discovery found = discover({"."}, {}, tree.root());
    CHECK(display_paths(found) == std::vector<std::string>{"open.yaml"});
    const std::vector<DiscoveryProblem> expected{
        {"locked", "cannot read folder: " + denied, false},
        {"secret.yaml", "cannot read: " + denied, false},
    };
    CHECK(found.problems == expected);
    CHECK_FALSE(found.has_fatal_problem());
  }
  SECTION("named on the command line: fatal") {
    Discovery found = discover({"locked", "secret.yaml", "open.yaml"}, {}, tree.root());
    CHECK(display_paths(found) == std::vector<std::string>{"open.yaml"});
    const std::vector<DiscoveryProblem> expected{
        {"locked", "cannot read folder: " + denied, true},
        {"secret.yaml", "cannot read: " + denied, true},
    };
    CHECK(found.problems == expected);
    CHECK(found.has_fatal_problem());
  }
}

TEST_CASE("add_stdin: standard input takes its place among the files by the name it is given", "[discovery]") {
  ScratchTree tree;
  tree.file("a.yaml");
  tree.file("c/app.yaml");
  tree.file("z.yaml");
  auto with_stdin = [&](const std::string& name, const std::vector<std::string>& excludes = {}) {
    Discovery found = discover({"."}, {}, tree.root());
    cfn::cli::add_stdin(found, name, excludes, tree.root());
    return found;
  };
  CHECK(display_paths(with_stdin("")) == std::vector<std::string>{"<stdin>", "a.yaml", "c/app.yaml", "z.yaml"});
  CHECK(display_paths(with_stdin("b/new.yaml")) ==
        std::vector<std::string>{"a.yaml", "b/new.yaml", "c/app.yaml", "z.yaml"});
  // Named as a file on disk: the buffer replaces it (./ and .. are read as discovery reads them).
  Discovery replaced = with_stdin("./c/../c/app.yaml");
  CHECK(display_paths(replaced) == std::vector<std::string>{"a.yaml", "c/app.yaml", "z.yaml"});
  CHECK(replaced.files[1].from_stdin);
  CHECK(replaced.files[1].path_on_disk.empty());
  CHECK(display_paths(with_stdin("gen/x.yaml", {"gen/**"})) ==
        std::vector<std::string>{"a.yaml", "c/app.yaml", "z.yaml"});
  CHECK(display_paths(with_stdin(".")) == std::vector<std::string>{"<stdin>", "a.yaml", "c/app.yaml", "z.yaml"});
}
