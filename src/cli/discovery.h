// Which files `cfn-scan scan [PATH...]` looks at: the paths named on the command line,
// folders walked recursively, --exclude globs applied. Plain C++ (no CLI11) so the scan
// command and the tests call it the same way. Whether a candidate is a CloudFormation
// template is decided later, by content; discovery only decides which files to open.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace cfn::cli {

struct Candidate {
  // What to open: the working directory joined with the path as given, plus the names
  // found below it while walking (symlinks are not resolved, so `..` keeps its meaning).
  std::string path_on_disk;
  // How reports name the file: relative to the working directory when it lies under it,
  // '/'-separated, no leading "./"; otherwise the path as given, lexically normalised.
  std::string display_path;
  // Named on the command line (any extension) rather than found in a folder walk.
  bool explicitly_named = false;
  // `-`: the template is read from standard input, not from path_on_disk (which is empty).
  bool from_stdin = false;

  friend bool operator==(const Candidate&, const Candidate&) = default;
};

struct DiscoveryProblem {
  // The argument as typed for a path named on the command line; the display path of
  // the entry for a problem met while walking.
  std::string path;
  std::string message;
  // True for a path named on the command line that does not exist or cannot be read
  // (the scan exits with status 2); false for anything met while walking, which is
  // reported and walked past.
  bool fatal = false;

  friend bool operator==(const DiscoveryProblem&, const DiscoveryProblem&) = default;
};

struct Discovery {
  std::vector<Candidate> files;             // sorted by display_path (byte order), no duplicates
  std::vector<DiscoveryProblem> problems;   // sorted by path, then message
  bool has_fatal_problem() const;
};

// Finds the files to scan. `paths` are files or folders as typed (relative ones are taken
// from `working_directory`); `exclude_globs` are --exclude patterns (see is_excluded).
// Never throws for file-system trouble: every failure becomes a DiscoveryProblem.
//
// - A file named on the command line is a candidate whatever its extension; a file found
//   while walking is one when its extension is .yaml .yml .json or .template (any case).
//   Only regular files are taken from walks: a FIFO or device named *.yaml would block or
//   never end when read; named explicitly (e.g. `<(cat t.yaml)`) it is taken.
// - While walking, folders named .git .hg .svn node_modules and .aws-sam are not entered
//   (version-control data, package trees, SAM build output that copies the templates).
//   A folder named on the command line is walked even if it has one of those names.
// - Symlinks are followed. Links to folders are entered after every root has been walked
//   without them, so a folder reachable both directly and through a link is walked (and
//   its files named) by its real path. A folder already entered during this call is not
//   entered again: when it is an ancestor on the link's walk path, that is a loop and it is
//   reported ("symlink loop: <link> leads back to <ancestor>; not followed"); otherwise it
//   is a second route to files already listed and is skipped silently. This bounds the walk
//   by the number of folders, even for link trees built to multiply routes.
// - A broken entry met while walking (dangling link, link to itself, stat failure) is a
//   non-fatal problem unless --exclude drops its name.
// - One file reached by several names (symlinks, hard links, named twice) is listed once:
//   scanning the same bytes twice would only duplicate findings. The name kept is one
//   reached without following a link in a walk, then the smallest display path; the file
//   is explicitly_named if any of its names was.
// - Excludes also apply to paths named on the command line (a pre-commit hook passes files
//   one by one, and its user still expects --exclude to hold); an excluded path is dropped
//   silently, before any check that it exists.
// - Roots are walked in display-path order and folder entries in name order, so the result
//   depends neither on the order of `paths` nor on the order the OS lists folders in.
Discovery discover(const std::vector<std::string>& paths,
                   const std::vector<std::string>& exclude_globs,
                   const std::filesystem::path& working_directory);

// Adds standard input (`-` on the command line) to what discover() found. `stdin_filename`
// (--stdin-filename, may be empty; kStdinDisplayPath then) names it in reports, displayed as discovery displays a
// path, so that the config's per-path settings, the baseline and suppressions match the
// file an editor is showing. A file of that name found on disk is dropped: the text on
// standard input is its newer version. --exclude applies to the name as to a named path.
void add_stdin(Discovery& discovery, const std::string& stdin_filename, const std::vector<std::string>& exclude_globs,
               const std::filesystem::path& working_directory);

// Whole-string glob match, case-sensitive, byte-wise:
//   ?      one character other than '/'
//   [...]  one character other than '/' from a set: ranges a-z, negation [!...] or [^...],
//          ']' first is literal; an unclosed '[' is a literal '['
//   *      any run of characters other than '/'
//   **     any run of characters including '/'; "**/" at the start of the pattern or after
//          a '/' also matches nothing, so "a/**/b" matches "a/b" and "**/x" matches "x"
//   \c     the character c literally
// Runs in O(pattern x path) time (a set of pattern positions advanced per character), so
// patterns such as "*a*a*a*a*b" cannot blow up.
bool glob_match(std::string_view pattern, std::string_view path);

// Whether --exclude patterns drop an entry, given its display path. Each pattern is tried
// against the whole display path and against every suffix starting at a path component,
// so "*.json", "node_modules" and "tests/**" match at any depth. A pattern starting with
// "./" is anchored: tried only against the whole display path ("./build" is the top-level
// build only). A folder is also tried with a trailing '/', so "tests/**" and "build/"
// exclude the folder itself and it is not entered.
bool is_excluded(std::string_view display_path, bool is_folder,
                 const std::vector<std::string>& exclude_globs);

}  // namespace cfn::cli
