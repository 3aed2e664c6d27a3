#include "cli/discovery.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <bitset>
#include <cerrno>
#include <compare>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <system_error>
#include <tuple>
#include <utility>

#include "cli/scanner.h"

namespace cfn::cli {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------
// Glob matching: the pattern is compiled to a token list, then run as an NFA whose states
// are token positions. Each text character advances the whole set of live positions at
// once, so the cost is bounded by pattern length x text length, with no backtracking.

namespace {

enum class TokenKind {
  kLiteral,       // one given character
  kOneChar,       // '?': one character, not '/'
  kCharClass,     // "[...]": one character from a set, never '/'
  kStar,          // '*': a run of non-'/' characters
  kDoubleStar,    // "**": a run of any characters
  kFoldersEntry,  // "**/" at a component start: nothing, or anything ending in '/' ...
  kFoldersLoop,   // ... its second state, past the point where "nothing" was possible
};

struct GlobToken {
  TokenKind kind = TokenKind::kLiteral;
  char literal = 0;
  std::bitset<256> members;  // for kCharClass
};

unsigned char byte_of(char c) { return static_cast<unsigned char>(c); }

// Parses "[...]" starting at pattern[open]; returns the set and the index of the closing
// ']', or nothing when the bracket is never closed (it is then a literal '[').
std::optional<std::pair<std::bitset<256>, size_t>> parse_char_class(std::string_view pattern,
                                                                      size_t open) {
  size_t i = open + 1;
  bool negated = i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^');
  if (negated) ++i;
  std::bitset<256> members;
  bool first = true;
  for (; i < pattern.size(); ++i, first = false) {
    char c = pattern[i];
    if (c == ']' && !first) {
      if (negated) members.flip();
      members.reset(byte_of('/'));  // like '?', a class never matches the separator
      return std::make_pair(members, i);
    }
    bool is_range = i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']';
    if (!is_range) {
      members.set(byte_of(c));
      continue;
    }
    for (unsigned b = byte_of(c); b <= byte_of(pattern[i + 2]); ++b) members.set(b);
    i += 2;
  }
  return std::nullopt;
}

GlobToken literal_token(char c) { return GlobToken{TokenKind::kLiteral, c, {}}; }

// Appends the tokens for a run of stars starting at pattern[i]; returns the index after it.
size_t compile_stars(std::string_view pattern, size_t i, std::vector<GlobToken>& tokens) {
  size_t end = pattern.find_first_not_of('*', i);
  if (end == std::string_view::npos) end = pattern.size();
  if (end - i == 1) {
    tokens.push_back({TokenKind::kStar, 0, {}});
    return end;
  }
  bool starts_component = i == 0 || pattern[i - 1] == '/';
  bool ends_component = end < pattern.size() && pattern[end] == '/';
  if (starts_component && ends_component) {
    tokens.push_back({TokenKind::kFoldersEntry, 0, {}});
    tokens.push_back({TokenKind::kFoldersLoop, 0, {}});
    return end + 1;  // the '/' belongs to the token pair
  }
  tokens.push_back({TokenKind::kDoubleStar, 0, {}});
  return end;
}

std::vector<GlobToken> compile_glob(std::string_view pattern) {
  std::vector<GlobToken> tokens;
  size_t i = 0;
  while (i < pattern.size()) {
    char c = pattern[i];
    if (c == '*') {
      i = compile_stars(pattern, i, tokens);
    } else if (c == '?') {
      tokens.push_back({TokenKind::kOneChar, 0, {}});
      ++i;
    } else if (c == '[') {
      auto char_class = parse_char_class(pattern, i);
      if (char_class) {
        tokens.push_back({TokenKind::kCharClass, 0, char_class->first});
        i = char_class->second + 1;
      } else {
        tokens.push_back(literal_token(c));
        ++i;
      }
    } else if (c == '\\' && i + 1 < pattern.size()) {
      tokens.push_back(literal_token(pattern[i + 1]));
      i += 2;
    } else {
      tokens.push_back(literal_token(c));
      ++i;
    }
  }
  return tokens;
}

// Adds the positions reachable without consuming a character. Those moves only go
// forward, so one ascending pass reaches the closure.
void add_empty_matches(const std::vector<GlobToken>& tokens, std::vector<char>& live) {
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (!live[i]) continue;
    switch (tokens[i].kind) {
      case TokenKind::kStar:
      case TokenKind::kDoubleStar: live[i + 1] = 1; break;
      case TokenKind::kFoldersEntry: live[i + 2] = 1; break;
      default: break;
    }
  }
}

// Moves every live position over the character c; returns whether any position survives.
bool advance(const std::vector<GlobToken>& tokens, const std::vector<char>& live, char c,
             std::vector<char>& next) {
  std::fill(next.begin(), next.end(), 0);
  bool any = false;
  auto mark = [&](size_t position) { next[position] = 1; any = true; };
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (!live[i]) continue;
    const GlobToken& token = tokens[i];
    switch (token.kind) {
      case TokenKind::kLiteral: if (c == token.literal) mark(i + 1); break;
      case TokenKind::kOneChar: if (c != '/') mark(i + 1); break;
      case TokenKind::kCharClass: if (token.members.test(byte_of(c))) mark(i + 1); break;
      case TokenKind::kStar: if (c != '/') mark(i); break;
      case TokenKind::kDoubleStar: mark(i); break;
      case TokenKind::kFoldersEntry:
      case TokenKind::kFoldersLoop: {
        size_t loop = token.kind == TokenKind::kFoldersEntry ? i + 1 : i;
        mark(loop);
        if (c == '/') mark(loop + 1);  // a '/' may end the folders part
        break;
      }
    }
  }
  return any;
}

bool run_glob(const std::vector<GlobToken>& tokens, std::string_view path) {
  std::vector<char> live(tokens.size() + 1, 0);  // last position: the whole pattern matched
  std::vector<char> next(live.size(), 0);
  live[0] = 1;
  add_empty_matches(tokens, live);
  for (char c : path) {
    if (!advance(tokens, live, c, next)) return false;
    live.swap(next);
    add_empty_matches(tokens, live);
  }
  return live.back() != 0;
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view path) {
  return run_glob(compile_glob(pattern), path);
}

// ---------------------------------------------------------------------------------------
// Excludes

namespace {

bool pattern_excludes(std::string_view pattern, std::string_view display_path,
                      std::string_view folder_form) {
  bool anchored = pattern.starts_with("./");
  if (anchored) pattern.remove_prefix(2);
  const std::vector<GlobToken> tokens = compile_glob(pattern);  // once for all suffixes
  for (size_t start = 0; start < display_path.size();) {
    if (run_glob(tokens, display_path.substr(start))) return true;
    if (!folder_form.empty() && run_glob(tokens, folder_form.substr(start))) return true;
    if (anchored) return false;
    size_t slash = display_path.find('/', start);
    if (slash == std::string_view::npos) return false;
    start = slash + 1;
  }
  return false;
}

}  // namespace

bool is_excluded(std::string_view display_path, bool is_folder,
                 const std::vector<std::string>& exclude_globs) {
  // "" is the working directory itself (scan .): excluding it would make no sense.
  if (display_path.empty()) return false;
  std::string folder_form = is_folder ? std::string(display_path) + "/" : std::string();
  return std::any_of(exclude_globs.begin(), exclude_globs.end(), [&](const std::string& glob) {
    return pattern_excludes(glob, display_path, folder_form);
  });
}

// ---------------------------------------------------------------------------------------
// Paths

namespace {

// Not entered during walks: version-control data, package trees, SAM build output (a copy
// of the templates it was built from). Everything else, cdk.out included, is walked.
constexpr std::array<std::string_view, 5> kSkippedFolderNames = {".git", ".hg", ".svn",
                                                                "node_modules", ".aws-sam"};

constexpr std::array<std::string_view, 4> kTemplateExtensions = {".yaml", ".yml", ".json",
                                                                ".template"};

bool is_skipped_folder_name(std::string_view name) {
  return std::find(kSkippedFolderNames.begin(), kSkippedFolderNames.end(), name) !=
         kSkippedFolderNames.end();
}

bool has_template_extension(const fs::path& name) {
  std::string extension = name.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return std::find(kTemplateExtensions.begin(), kTemplateExtensions.end(), extension) !=
             kTemplateExtensions.end();
}

std::string without_trailing_slash(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

bool has_parent_component(const fs::path& path) {
  return std::any_of(path.begin(), path.end(), [](const fs::path& part) { return part == ".."; });
}

// The path to open. "." components and doubled separators go, but a path with ".." is left
// as it is: "link/.." is not the folder holding "link" when link points elsewhere.
fs::path path_to_open(const fs::path& given, const fs::path& working_directory) {
  fs::path joined = given.is_absolute() ? given : working_directory / given;
  return has_parent_component(joined) ? joined : joined.lexically_normal();
}

std::string display_path_of(const fs::path& given, const fs::path& working_directory) {
  fs::path absolute = (given.is_absolute() ? given : working_directory / given).lexically_normal();
  fs::path relative = absolute.lexically_relative(working_directory.lexically_normal());
  bool under_working_directory = !relative.empty() && *relative.begin() != "..";
  if (!under_working_directory) return without_trailing_slash(given.lexically_normal().generic_string());
  std::string display = without_trailing_slash(relative.generic_string());
  return display == "." ? std::string() : display;
}

std::string child_display_path(const std::string& folder_display, const std::string& name) {
  if (folder_display.empty()) return name;
  if (folder_display.back() == '/') return folder_display + name;  // the folder is "/"
  return folder_display + "/" + name;
}

// A root's display path names the folders above it too; --exclude applies to them as if
// they had been walked (tests/** drops tests/a.yaml named on the command line).
bool root_is_excluded(const std::string& display, bool is_folder,
                      const std::vector<std::string>& exclude_globs) {
  if (is_excluded(display, is_folder, exclude_globs)) return true;
  for (size_t slash = display.find('/'); slash != std::string::npos;
       slash = display.find('/', slash + 1)) {
    std::string folder = display.substr(0, slash);
    bool names_a_real_folder = !folder.empty() && folder != ".." && !folder.ends_with("/..");
    if (names_a_real_folder && is_excluded(folder, true, exclude_globs)) return true;
  }
  return false;
}

std::string error_text(int error_number) {
  return std::error_code(error_number, std::generic_category()).message();
}

// Why the file cannot be read, or nothing when it can. Asks the kernel with the effective
// ids instead of opening: opening a FIFO named on the command line could block.
std::optional<std::string> read_error(const fs::path& path) {
  if (::faccessat(AT_FDCWD, path.c_str(), R_OK, AT_EACCESS) == 0) return std::nullopt;
  return error_text(errno);
}

// Device and inode: what makes two names the same file or folder.
struct FileId {
  dev_t device = 0;
  ino_t inode = 0;
  friend auto operator<=>(const FileId&, const FileId&) = default;
};

std::optional<FileId> file_id_of(const fs::path& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return std::nullopt;
  return FileId{info.st_dev, info.st_ino};
}

fs::path absolute_working_directory(const fs::path& working_directory) {
  std::error_code ignored;
  if (working_directory.empty()) {
    fs::path current = fs::current_path(ignored);
    return ignored ? fs::path(".") : current;
  }
  fs::path absolute = fs::absolute(working_directory, ignored);
  return ignored ? working_directory : absolute;
}

// ---------------------------------------------------------------------------------------
// The walk

struct Root {
  std::string as_typed;
  fs::path on_disk;
  std::string display;
};

struct Ancestor {
  FileId id;
  std::string display;
};

// A symlink to a folder met while walking. Links are entered only after every root has
// been walked without them, so a folder reachable both directly and through a link is
// listed under its real path whatever the names sort like.
struct PendingLink {
  fs::path on_disk;
  std::string display;
  std::vector<Ancestor> ancestors;  // the walk path above the link, for loop detection
};

struct FoundFile {
  Candidate candidate;
  std::optional<FileId> id;
  bool through_link = false;  // reached by following a symlink in a walk
};

struct FolderVisit {
  const fs::path& on_disk;
  const std::string& display;
  const std::string& problem_path;  // how problems name it
  bool is_root = false;             // a root that cannot be read is fatal
  bool through_link = false;
};

class Walker {
 public:
  explicit Walker(const std::vector<std::string>& exclude_globs) : exclude_globs_(exclude_globs) {}

  void add_root(const Root& root);
  void follow_pending_links();
  Discovery finish();

 private:
  void enter_folder(const FolderVisit& visit);
  std::optional<std::vector<fs::directory_entry>> list_folder(const FolderVisit& visit);
  void visit_entry(const fs::directory_entry& entry, const std::string& folder_display,
                   bool through_link);
  void visit_broken_entry(const std::string& display, bool is_link, std::error_code error);
  void visit_file(const fs::path& on_disk, const std::string& display, bool through_link);
  const Ancestor* ancestor_with(FileId id) const;
  void report(std::string path, std::string message, bool fatal);

  const std::vector<std::string>& exclude_globs_;
  std::set<FileId> entered_folders_;
  std::vector<Ancestor> walk_path_;  // the folders from the current root down to here
  std::deque<PendingLink> pending_links_;
  std::vector<FoundFile> found_;
  std::vector<DiscoveryProblem> problems_;
};

void Walker::report(std::string path, std::string message, bool fatal) {
  problems_.push_back({std::move(path), std::move(message), fatal});
}

void Walker::add_root(const Root& root) {
  if (root.as_typed.empty()) return report("", "an empty path names no file", true);
  std::error_code error;
  fs::file_status status = fs::status(root.on_disk, error);
  bool is_folder = !error && fs::is_directory(status);
  if (root_is_excluded(root.display, is_folder, exclude_globs_)) return;
  if (error) return report(root.as_typed, error.message(), true);
  if (is_folder) {
    walk_path_.clear();
    return enter_folder({root.on_disk, root.display, root.as_typed, true, false});
  }
  if (auto why = read_error(root.on_disk)) return report(root.as_typed, "cannot read: " + *why, true);
  Candidate candidate{root.on_disk.string(), root.display, true};
  found_.push_back({std::move(candidate), file_id_of(root.on_disk), false});
}

void Walker::follow_pending_links() {
  while (!pending_links_.empty()) {
    PendingLink link = std::move(pending_links_.front());
    pending_links_.pop_front();
    walk_path_ = std::move(link.ancestors);
    enter_folder({link.on_disk, link.display, link.display, false, true});
  }
}

const Ancestor* Walker::ancestor_with(FileId id) const {
  auto found = std::find_if(walk_path_.begin(), walk_path_.end(),
                            [&](const Ancestor& ancestor) { return ancestor.id == id; });
  return found == walk_path_.end() ? nullptr : &*found;
}

void Walker::enter_folder(const FolderVisit& visit) {
  std::optional<FileId> id = file_id_of(visit.on_disk);
  if (!id) {
    int stat_error = errno;
    return report(visit.problem_path, "cannot read folder: " + error_text(stat_error), visit.is_root);
  }
  if (const Ancestor* ancestor = ancestor_with(*id)) {
    std::string target = ancestor->display.empty() ? "." : ancestor->display;
    return report(visit.display, "symlink loop: " + visit.display + " leads back to " + target +
                                     "; not followed", false);
  }
  // Entered already by another route: its files are listed; walking again would only
  // multiply work (a tree of links can make the routes exponential).
  if (!entered_folders_.insert(*id).second) return;
  auto entries = list_folder(visit);
  if (!entries) return;
  walk_path_.push_back({*id, visit.display});
  for (const fs::directory_entry& entry : *entries) visit_entry(entry, visit.display, visit.through_link);
  walk_path_.pop_back();
}

// The folder's entries sorted by name, so the walk does not depend on the OS's order.
std::optional<std::vector<fs::directory_entry>> Walker::list_folder(const FolderVisit& visit) {
  std::error_code error;
  fs::directory_iterator next(visit.on_disk, error);
  if (error) {
    report(visit.problem_path, "cannot read folder: " + error.message(), visit.is_root);
    return std::nullopt;
  }
  std::vector<fs::directory_entry> entries;
  for (; next != fs::directory_iterator(); next.increment(error)) {
    entries.push_back(*next);
  }
  // An error mid-listing ends the iterator; keep what was read and say the rest is missing.
  if (error) report(visit.problem_path, "cannot read folder: " + error.message(), false);
  std::sort(entries.begin(), entries.end(), [](const auto& left, const auto& right) {
    return left.path().filename().native() < right.path().filename().native();
  });
  return entries;
}

void Walker::visit_entry(const fs::directory_entry& entry, const std::string& folder_display,
                         bool through_link) {
  std::string name = entry.path().filename().string();
  std::string display = child_display_path(folder_display, name);
  std::error_code error;
  bool is_link = entry.is_symlink(error);
  fs::file_status status = fs::status(entry.path(), error);  // follows the link
  if (error) return visit_broken_entry(display, is_link, error);
  if (fs::is_directory(status)) {
    if (is_skipped_folder_name(name) || is_excluded(display, true, exclude_globs_)) return;
    if (is_link) {
      pending_links_.push_back({entry.path(), display, walk_path_});
      return;
    }
    return enter_folder({entry.path(), display, display, false, through_link});
  }
  // FIFOs, sockets and devices are never opened from a walk: reading could block or never end.
  if (!fs::is_regular_file(status) || !has_template_extension(name)) return;
  if (is_excluded(display, false, exclude_globs_)) return;
  visit_file(entry.path(), display, through_link || is_link);
}

void Walker::visit_broken_entry(const std::string& display, bool is_link, std::error_code error) {
  // Whether it was meant as a file or a folder is unknown; try the file form.
  if (is_excluded(display, false, exclude_globs_)) return;
  if (is_link && error == std::errc::no_such_file_or_directory) {
    return report(display, "dangling symlink: its target does not exist; skipped", false);
  }
  report(display, "cannot read: " + error.message(), false);
}

void Walker::visit_file(const fs::path& on_disk, const std::string& display, bool through_link) {
  if (auto why = read_error(on_disk)) return report(display, "cannot read: " + *why, false);
  Candidate candidate{on_disk.string(), display, false};
  found_.push_back({std::move(candidate), file_id_of(on_disk), through_link});
}

// Lists each file once. Among its names the one reached without following a link wins
// (where the user edits it), then the smallest display path; it counts as explicitly
// named when any of its names was.
std::vector<Candidate> merge_names_of_same_file(std::vector<FoundFile> found) {
  // The on-disk path ends the order only so that the name kept is the same on every run.
  auto preference = [](const FoundFile& file) {
    return std::make_tuple(file.through_link, std::cref(file.candidate.display_path),
                           file.candidate.path_on_disk.size(), std::cref(file.candidate.path_on_disk));
  };
  std::sort(found.begin(), found.end(), [&](const FoundFile& left, const FoundFile& right) {
    return preference(left) < preference(right);
  });
  std::vector<Candidate> files;
  std::map<FileId, size_t> index_by_id;
  std::map<std::string, size_t> index_by_display;
  for (FoundFile& file : found) {
    auto by_display = index_by_display.find(file.candidate.display_path);
    auto by_id = file.id ? index_by_id.find(*file.id) : index_by_id.end();
    std::optional<size_t> kept;
    if (by_display != index_by_display.end()) kept = by_display->second;
    if (by_id != index_by_id.end()) kept = by_id->second;
    if (kept) {
      files[*kept].explicitly_named |= file.candidate.explicitly_named;
      continue;
    }
    index_by_display[file.candidate.display_path] = files.size();
    if (file.id) index_by_id[*file.id] = files.size();
    files.push_back(std::move(file.candidate));
  }
  std::sort(files.begin(), files.end(), [](const Candidate& left, const Candidate& right) {
    return left.display_path < right.display_path;
  });
  return files;
}

Discovery Walker::finish() {
  Discovery discovery;
  discovery.files = merge_names_of_same_file(std::move(found_));
  auto key = [](const DiscoveryProblem& problem) {
    return std::tie(problem.path, problem.message, problem.fatal);
  };
  std::sort(problems_.begin(), problems_.end(),
            [&](const auto& left, const auto& right) { return key(left) < key(right); });
  problems_.erase(std::unique(problems_.begin(), problems_.end()), problems_.end());
  discovery.problems = std::move(problems_);
  return discovery;
}

}  // namespace

bool Discovery::has_fatal_problem() const {
  return std::any_of(problems.begin(), problems.end(),
                     [](const DiscoveryProblem& problem) { return problem.fatal; });
}

Discovery discover(const std::vector<std::string>& paths,
                   const std::vector<std::string>& exclude_globs,
                   const std::filesystem::path& working_directory) {
  const fs::path base = absolute_working_directory(working_directory);
  std::vector<Root> roots;
  for (const std::string& path : paths) {
    roots.push_back({path, path_to_open(path, base), display_path_of(path, base)});
  }
  // Walked in display order so which route first reaches a shared folder does not depend
  // on the order the paths were typed in.
  std::sort(roots.begin(), roots.end(), [](const Root& left, const Root& right) {
    return std::tie(left.display, left.as_typed) < std::tie(right.display, right.as_typed);
  });
  Walker walker(exclude_globs);
  for (const Root& root : roots) walker.add_root(root);
  walker.follow_pending_links();
  return walker.finish();
}

void add_stdin(Discovery& discovery, const std::string& stdin_filename, const std::vector<std::string>& exclude_globs,
               const std::filesystem::path& working_directory) {
  Candidate input{"", std::string(cfn::kStdinDisplayPath), true, true};
  if (!stdin_filename.empty()) {
    std::string display = display_path_of(stdin_filename, absolute_working_directory(working_directory));
    if (!display.empty()) input.display_path = std::move(display);  // not for "."
    if (is_excluded(input.display_path, false, exclude_globs)) return;
  }
  std::vector<Candidate>& files = discovery.files;
  std::erase_if(files, [&](const Candidate& file) { return file.display_path == input.display_path; });
  auto place = std::lower_bound(files.begin(), files.end(), input, [](const Candidate& left, const Candidate& right) {
    return left.display_path < right.display_path;
  });
  files.insert(place, std::move(input));
}

}  // namespace cfn::cli
