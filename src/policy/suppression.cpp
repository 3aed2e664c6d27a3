#include "policy/suppression.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>

namespace cfn {

namespace {

constexpr std::string_view kUnusedRule = "template-suppression-unused";
constexpr std::string_view kNoReasonRule = "template-suppression-no-reason";

// Who a suppression was written for. The names are RuleEquivalent::tool's.
enum class Tool { CfnScan, Checkov, CfnNag, CfnLint, Trivy, Kics };

std::string_view tool_name(Tool tool) {
  switch (tool) {
    case Tool::CfnScan: return "cfn-scan";
    case Tool::Checkov: return "checkov";
    case Tool::CfnNag: return "cfn_nag";
    case Tool::CfnLint: return "cfn-lint";
    case Tool::Trivy: return "trivy";
    case Tool::Kics: return "kics";
  }
  return "";
}

// Lines: the comment's line and the next. Block: the lines of the YAML node a foreign
// comment belongs to (the resource or property that tool would apply it to).
enum class Scope { Lines, Block, Resource, File };

// The id a foreign directive matches when it names every rule of its tool: trivy's
// `trivy:ignore:*`, and KICS's comments that name no query (ignore-line, ignore-block,
// ignore), which apply to all of KICS's; here, to every rule with an equivalent of that tool.
constexpr std::string_view kEveryPeerRule = "*";

// One suppressed id as written in the template, with what it covers and where it is.
struct Directive {
  Tool tool = Tool::CfnScan;
  std::string id;                 // rule id or category (cfn-scan), or the peer tool's id
  std::string match_id;           // `id` as rules spell it (trivy's AVD-AWS-0132 is AWS-0132)
  std::string reason;             // trimmed; empty when missing
  bool has_reason_field = true;   // cfn-lint's ignore_checks has no place for a reason
  Scope scope = Scope::File;
  uint32_t line = 0;              // Scope::Lines: the comment's line (covers it and the next)
  uint32_t last_line = 0;         // Scope::Block: the block's lines are line..last_line
  std::string logical_id;         // Scope::Resource: the resource; also names the finding
  Range written_at;               // where the directive's own findings point
  std::string property_path;      // Metadata path of the entry; "" for comments
  size_t matches = 0;
};

std::string_view trim(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  size_t end = text.find_last_not_of(" \t\r");
  return text.substr(begin, end - begin + 1);
}

std::vector<std::string> split_ids(std::string_view list) {
  std::vector<std::string> ids;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string_view::npos) comma = list.size();
    std::string_view id = trim(list.substr(start, comma - start));
    if (!id.empty()) ids.emplace_back(id);
    start = comma + 1;
  }
  return ids;
}

// ---- Comments ---------------------------------------------------------------------

// A quote opens a quoted scalar only where a value can start; elsewhere (it's) it is
// just a character of a plain scalar and must not hide a comment after it.
bool value_can_start_after(std::string_view line, size_t pos) {
  size_t before = line.find_last_not_of(" \t", pos == 0 ? std::string_view::npos : pos - 1);
  if (pos == 0 || before == std::string_view::npos) return true;
  return std::string_view(":-[{,").find(line[before]) != std::string_view::npos;
}

// Byte offset of the `#` that starts a YAML comment on this line, or npos. A `#` is a
// comment only at the line start or after a blank, and never inside a quoted scalar.
size_t comment_start(std::string_view line) {
  char quote = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if ((c == '\'' || c == '"') && value_can_start_after(line, i)) {
      quote = c;
    } else if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) {
      return i;
    }
  }
  return std::string_view::npos;
}

bool consume(std::string_view& text, std::string_view prefix) {
  if (!text.starts_with(prefix)) return false;
  text.remove_prefix(prefix.size());
  return true;
}

struct ParsedComment {
  Tool tool = Tool::CfnScan;
  std::vector<std::string> ids;
  std::string reason;
  bool has_reason_field = true;
  // What the comment covers when its tool says (KICS: the next line, the block below, the
  // file); otherwise decided by its place.
  std::optional<Scope> scope;
};

// `cfn-scan: ignore ID[,ID] reason...` (the blank after the colon is optional).
std::optional<ParsedComment> parse_cfn_scan_comment(std::string_view body) {
  if (!consume(body, "cfn-scan:")) return std::nullopt;
  body = trim(body);
  if (!consume(body, "ignore")) return std::nullopt;
  if (!body.empty() && body[0] != ' ' && body[0] != '\t') return std::nullopt;
  body = trim(body);
  size_t blank = body.find_first_of(" \t");
  ParsedComment parsed;
  parsed.ids = split_ids(body.substr(0, blank));
  if (blank != std::string_view::npos) parsed.reason = std::string(trim(body.substr(blank)));
  return parsed;
}

// `checkov:skip=ID:reason` (or `bridgecrew:skip=`) anywhere in the comment, read as
// checkov reads it: one id of capitals, digits and underscores, blanks allowed before it,
// and a reason only after a colon right behind it (`CKV_AWS_18,CKV_AWS_19:...` skips
// CKV_AWS_18 alone, without a reason).
std::optional<ParsedComment> parse_checkov_comment(std::string_view body) {
  size_t at = std::string_view::npos;
  for (std::string_view marker : {"checkov:skip=", "bridgecrew:skip="}) {
    if (size_t found = body.find(marker); found != std::string_view::npos && found < at) at = found + marker.size();
  }
  if (at == std::string_view::npos) return std::nullopt;
  body.remove_prefix(at);
  body.remove_prefix(std::min(body.find_first_not_of(' '), body.size()));
  size_t end = 0;
  while (end < body.size() && (std::isupper(static_cast<unsigned char>(body[end])) ||
                               std::isdigit(static_cast<unsigned char>(body[end])) || body[end] == '_'))
    ++end;
  if (end == 0) return std::nullopt;
  ParsedComment parsed;
  parsed.tool = Tool::Checkov;
  parsed.ids.emplace_back(body.substr(0, end));
  if (end < body.size() && body[end] == ':') parsed.reason = std::string(trim(body.substr(end + 1)));
  return parsed;
}

// Whether an ignore with `:exp:` date `expiry` still applies on `today` (both YYYY-MM-DD;
// `today` empty: always). Trivy reads the date as midnight UTC and applies the ignore
// only before it; a date it cannot read ends it at once.
bool before_expiry(std::string_view expiry, std::string_view today) {
  auto date_character = [](char c) { return c == '-' || std::isdigit(static_cast<unsigned char>(c)); };
  bool valid = expiry.size() == 10 && expiry[4] == '-' && expiry[7] == '-' &&
               std::all_of(expiry.begin(), expiry.end(), date_character);
  return valid && (today.empty() || today < expiry);
}

// `trivy:ignore:AVD-AWS-0132` (or tfsec's `tfsec:ignore:`), every blank-separated word
// of the comment that is one, each optionally ending in `:exp:YYYY-MM-DD`. The form has no
// reason.
std::optional<ParsedComment> parse_trivy_comment(std::string_view body, std::string_view today) {
  ParsedComment parsed;
  parsed.tool = Tool::Trivy;
  parsed.has_reason_field = false;
  bool any = false;
  while (!body.empty()) {
    size_t end = body.find_first_of(" \t");
    std::string_view word = body.substr(0, end);
    body = end == std::string_view::npos ? std::string_view{} : trim(body.substr(end));
    if (!consume(word, "trivy:ignore:") && !consume(word, "tfsec:ignore:")) continue;
    any = true;
    size_t expiry = word.find(":exp:");
    std::string_view id = word.substr(0, expiry);
    bool applies = expiry == std::string_view::npos || before_expiry(word.substr(expiry + 5), today);
    if (!id.empty() && applies) parsed.ids.emplace_back(id);
  }
  if (!any || parsed.ids.empty()) return std::nullopt;  // none, or only expired ones
  return parsed;
}

// `kics-scan ignore-line` (the line below), `kics-scan ignore-block` (the block below) and
// `kics-scan ignore` (the file) name no query: they apply to all of KICS's. `kics-scan
// disable=ID[,ID]` turns those queries off in the file. The forms have no reason.
std::optional<ParsedComment> parse_kics_comment(std::string_view body) {
  if (!consume(body, "kics-scan")) return std::nullopt;
  body = trim(body);
  ParsedComment parsed;
  parsed.tool = Tool::Kics;
  parsed.has_reason_field = false;
  if (consume(body, "disable=")) {
    parsed.ids = split_ids(body.substr(0, body.find_first_of(" \t")));
    parsed.scope = Scope::File;
    return parsed.ids.empty() ? std::nullopt : std::optional(parsed);
  }
  std::string_view word = body.substr(0, body.find_first_of(" \t"));
  if (word == "ignore-line") {
    parsed.scope = Scope::Lines;
  } else if (word == "ignore-block") {
    parsed.scope = Scope::Block;
  } else if (word == "ignore") {
    parsed.scope = Scope::File;
  } else {
    return std::nullopt;
  }
  parsed.ids.emplace_back(word);
  return parsed;
}

// Lines that lie inside a multi-line scalar (a block scalar, a folded quoted string):
// a `#` there is text, not a comment. The scalar's first line is outside: a comment
// after `Code: |` is a real comment.
void collect_scalar_lines(const Value& value, std::vector<std::pair<uint32_t, uint32_t>>& spans) {
  if (value.is_scalar()) {
    Range range = value.range();
    uint32_t last = range.end.column <= 1 ? range.end.line - 1 : range.end.line;
    if (range.known() && last > range.begin.line) spans.emplace_back(range.begin.line + 1, last);
    return;
  }
  for (const Value& item : value.items()) collect_scalar_lines(item, spans);
  for (const Value::Entry& entry : value.entries()) collect_scalar_lines(entry.value, spans);
}

bool inside_scalar(uint32_t line, const std::vector<std::pair<uint32_t, uint32_t>>& spans) {
  return std::any_of(spans.begin(), spans.end(),
                     [line](const auto& span) { return line >= span.first && line <= span.second; });
}

bool is_json(const SourceFile& source) {
  size_t first = source.text().find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  return first != std::string::npos && source.text()[first] == '{';
}

// The resources' nodes by the lines they span, built once per template at its first
// foreign comment, so that each comment is placed by a binary search (a hostile file may
// hold thousands of comments).
class Blocks {
 public:
  struct Span {
    uint32_t first = 0, last = 0;
    bool found() const { return first != 0; }
  };

  explicit Blocks(const Template& tmpl) {
    const Value* root = tmpl.root();
    const Value::Entry* resources = root && root->is_mapping() ? root->find_entry("Resources") : nullptr;
    if (!resources || !resources->value.is_mapping()) return;
    collect(resources->value, 0);
    std::sort(nodes_.begin(), nodes_.end(), [](const Node& a, const Node& b) {
      return std::tie(a.span.first, a.depth) < std::tie(b.span.first, b.depth);
    });
    for (const Resource& resource : tmpl.resources())
      if (resource.named_by_author() && resource.key_range.known())
        resources_.push_back({resource.key_range.begin.line, &resource.logical_id});
    std::sort(resources_.begin(), resources_.end());
    // The last resource's lines run to the next section, as checkov reads them.
    uint32_t section = resources->key_range.begin.line;
    for (const Value::Entry& entry : root->entries()) {
      uint32_t at = entry.key_range.begin.line;
      if (at > section && at - 1 < resources_end_) resources_end_ = at - 1;
    }
  }

  // The resource whose lines hold `line`, as checkov reads them: from its logical id to
  // the line before the next resource's (comments between two resources belong to the one
  // above); none above the first.
  const std::string* resource_around(uint32_t line) const {
    auto after = std::upper_bound(resources_.begin(), resources_.end(), line,
                                  [](uint32_t at, const auto& resource) { return at < resource.first; });
    if (after == resources_.begin()) return nullptr;
    uint32_t last = after == resources_.end() ? resources_end_ : after->first - 1;
    return line <= last ? std::prev(after)->second : nullptr;
  }

  // The outermost resource, property or list item that starts on `line`.
  Span starting_on(uint32_t line) const {
    auto first = std::lower_bound(nodes_.begin(), nodes_.end(), line,
                                  [](const Node& node, uint32_t at) { return node.span.first < at; });
    return first != nodes_.end() && first->span.first == line ? first->span : Span{};
  }

 private:
  struct Node {
    Span span;
    uint32_t depth = 0;  // 0: a resource
  };

  // Records the entries and items below `value`; returns the last line its text reaches
  // (a node the SAM step made has no range: its children may).
  uint32_t collect(const Value& value, uint32_t depth) {
    uint32_t last = 0;
    if (Range range = value.range(); range.known()) last = range.end.column <= 1 ? range.end.line - 1 : range.end.line;
    for (const Value::Entry& entry : value.entries()) last = std::max(last, add(entry.key_range, entry.value, depth));
    for (const Value& item : value.items()) last = std::max(last, add(item.range(), item, depth));
    return last;
  }

  uint32_t add(Range start, const Value& value, uint32_t depth) {
    uint32_t first = start.begin.line;
    uint32_t last = std::max(first, collect(value, depth + 1));
    if (first != 0) nodes_.push_back(Node{{first, last}, depth});
    return last;
  }

  std::vector<Node> nodes_;                                       // by first line, outermost first
  std::vector<std::pair<uint32_t, const std::string*>> resources_;  // logical-id lines and names
  uint32_t resources_end_ = UINT32_MAX;
};

// Where a comment applies.
struct Placement {
  Scope scope = Scope::Lines;
  uint32_t first = 0, last = 0;  // Lines: the comment's line (covers it and the next); Block: its lines
  std::string logical_id;        // Resource
};

bool comment_only(std::string_view line) {
  std::string_view text = trim(line);
  return !text.empty() && text[0] == '#';
}

// Places each comment as the tool it was written for reads it.
class CommentPlacer {
 public:
  explicit CommentPlacer(const Template& tmpl) : tmpl_(tmpl), source_(tmpl.source()) {}

  // Nullopt: the comment applies nowhere (a checkov comment outside every resource, a
  // KICS file command below the file's first line of content).
  std::optional<Placement> place(const ParsedComment& parsed, uint32_t line) {
    switch (parsed.tool) {
      case Tool::Checkov: {
        const std::string* logical_id = blocks().resource_around(line);
        if (!logical_id) return std::nullopt;
        return Placement{Scope::Resource, 0, 0, *logical_id};
      }
      case Tool::Trivy: return block_below(line, true);
      case Tool::Kics:
        if (parsed.scope == Scope::Block) return block_below(line, false);
        if (parsed.scope != Scope::File) break;
        // "Must be in the file's start": KICS ignores one with any content above it.
        if (line < first_content_line()) return Placement{Scope::File, 0, 0, {}};
        return std::nullopt;
      default: break;
    }
    return Placement{Scope::Lines, line, line + 1, {}};
  }

 private:
  const Blocks& blocks() {
    if (!blocks_) blocks_.emplace(tmpl_);
    return *blocks_;
  }

  uint32_t first_content_line() {
    if (!first_content_) {
      uint32_t line = 1;
      while (line <= source_.line_count() && (comment_only(source_.line(line)) || trim(source_.line(line)).empty())) ++line;
      first_content_ = line;
    }
    return *first_content_;
  }

  // The block a comment applies to: the node that starts on the comment's own line (a
  // comment after a key), else on the line below it, or with `below_stack` below the run of
  // comment lines it is part of (trivy gives stacked ignores the block of the last); its
  // line and the next when no node starts there.
  Placement block_below(uint32_t line, bool below_stack) {
    Blocks::Span span = blocks().starting_on(line);
    if (!span.found()) {
      uint32_t below = line + 1;
      while (below_stack && below <= source_.line_count() && comment_only(source_.line(below))) ++below;
      span = blocks().starting_on(below);
    }
    if (!span.found()) return Placement{Scope::Lines, line, line + 1, {}};
    return Placement{Scope::Block, span.first, span.last, {}};
  }

  const Template& tmpl_;
  const SourceFile& source_;
  std::optional<Blocks> blocks_;
  std::optional<uint32_t> first_content_;
};

void add_comment_directives(const SourceFile& source, uint32_t line, size_t hash_column, const ParsedComment& parsed,
                            const Placement& placement, std::vector<Directive>& out) {
  size_t line_offset = source.offset_of(Position{line, 1});
  Range at{source.position_at(line_offset + hash_column),
           source.position_at(line_offset + source.line(line).size())};
  std::vector<std::string> ids = parsed.ids;
  if (ids.empty()) ids.emplace_back();  // `# cfn-scan: ignore` alone: reported as naming nothing
  for (std::string& id : ids) {
    Directive directive;
    directive.tool = parsed.tool;
    directive.id = std::move(id);
    directive.reason = parsed.reason;
    directive.has_reason_field = parsed.has_reason_field;
    directive.scope = placement.scope;
    directive.line = placement.first;
    directive.last_line = placement.last;
    directive.logical_id = placement.logical_id;
    directive.written_at = at;
    out.push_back(std::move(directive));
  }
}

void collect_comment_directives(const Template& tmpl, bool foreign, std::string_view today,
                                std::vector<Directive>& out) {
  const SourceFile& source = tmpl.source();
  if (is_json(source)) return;  // JSON has no comments; a `#` there is inside a string
  std::optional<std::vector<std::pair<uint32_t, uint32_t>>> scalar_lines;  // built on first need
  CommentPlacer placer(tmpl);
  // Only lines holding a `#` can hold a comment: jump from one to the next.
  const std::string& whole = source.text();
  for (size_t hash_at = whole.find('#'); hash_at != std::string::npos;) {
    uint32_t line = source.position_at(hash_at).line;
    hash_at = line < source.line_count() ? whole.find('#', source.offset_of(Position{line + 1, 1})) : std::string::npos;
    std::string_view text = source.line(line);
    // The forms hold a colon, but for KICS's.
    if (text.find(':') == std::string_view::npos && text.find("kics-scan") == std::string_view::npos) continue;
    size_t hash = comment_start(text);
    if (hash == std::string_view::npos) continue;
    std::string_view body = trim(text.substr(hash + 1));
    auto parsed = parse_cfn_scan_comment(body);
    if (!parsed) parsed = parse_checkov_comment(body);
    if (!parsed) parsed = parse_trivy_comment(body, today);
    if (!parsed) parsed = parse_kics_comment(body);
    if (!parsed) continue;
    if (!scalar_lines) {
      scalar_lines.emplace();
      if (tmpl.root()) collect_scalar_lines(*tmpl.root(), *scalar_lines);
    }
    if (inside_scalar(line, *scalar_lines)) continue;
    if (parsed->tool != Tool::CfnScan && !foreign) continue;
    if (auto placement = placer.place(*parsed, line)) add_comment_directives(source, line, hash, *parsed, *placement, out);
  }
}

// ---- Metadata ---------------------------------------------------------------------

std::string scalar_text(const Value* value) {
  if (!value || !value->is_scalar() || value->is_null()) return "";
  return std::string(trim(value->text()));
}

// Where a Metadata section is, and so what its directives cover: the template's (no
// resource) or a resource's. Its path is made only for a directive found there: most
// resources' Metadata holds none (every resource SAM generates has one, for its origin).
struct MetadataPlace {
  const Resource* resource = nullptr;

  Scope scope() const { return resource ? Scope::Resource : Scope::File; }
  std::string path() const { return resource ? resource->path() + ".Metadata" : "Metadata"; }
};

// A list of {id, <reason_key>} mappings (a bare string is an id without reason).
void add_entry_list(const Value* list, Tool tool, std::string_view reason_key, const MetadataPlace& place,
                    std::string_view list_in_metadata, std::vector<Directive>& out) {
  if (!list || !list->is_sequence()) return;
  const std::string list_path = place.path() + std::string(list_in_metadata);
  for (size_t i = 0; i < list->items().size(); ++i) {
    const Value& item = list->items()[i];
    const Value* id_value = item.is_mapping() ? item.find("id") : &item;
    Directive directive;
    directive.tool = tool;
    directive.id = scalar_text(id_value);
    if (item.is_mapping()) directive.reason = scalar_text(item.find(reason_key));
    directive.scope = place.scope();
    if (place.resource) directive.logical_id = place.resource->logical_id;
    directive.written_at = (id_value ? *id_value : item).range();
    directive.property_path = list_path + "[" + std::to_string(i) + "]";
    out.push_back(std::move(directive));
  }
}

// cfn-lint's `config: {ignore_checks: [E3012, ...]}`: ids only, no reason field.
void add_cfn_lint(const Value* cfn_lint, const MetadataPlace& place, std::vector<Directive>& out) {
  const Value* config = cfn_lint && cfn_lint->is_mapping() ? cfn_lint->find("config") : nullptr;
  const Value* checks = config && config->is_mapping() ? config->find("ignore_checks") : nullptr;
  if (!checks || !checks->is_sequence()) return;
  size_t before = out.size();
  add_entry_list(checks, Tool::CfnLint, "", place, ".cfn-lint.config.ignore_checks", out);
  for (size_t i = before; i < out.size(); ++i) out[i].has_reason_field = false;
}

const Value* child(const Value* mapping, std::string_view key) {
  return mapping && mapping->is_mapping() ? mapping->find(key) : nullptr;
}

void collect_metadata(const Value* metadata, const MetadataPlace& place, bool foreign,
                      std::vector<Directive>& out) {
  if (!metadata || !metadata->is_mapping()) return;
  add_entry_list(child(child(metadata, "cfn-scan"), "skip"), Tool::CfnScan, "reason", place, ".cfn-scan.skip", out);
  if (!foreign) return;
  // checkov and cfn_nag read these only on resources; cfn-lint on both levels.
  if (place.scope() == Scope::Resource) {
    add_entry_list(child(child(metadata, "checkov"), "skip"), Tool::Checkov, "comment", place, ".checkov.skip", out);
    add_entry_list(child(child(metadata, "bridgecrew"), "skip"), Tool::Checkov, "comment", place, ".bridgecrew.skip",
                   out);
    add_entry_list(child(child(metadata, "cfn_nag"), "rules_to_suppress"), Tool::CfnNag, "reason", place,
                   ".cfn_nag.rules_to_suppress", out);
  }
  add_cfn_lint(child(metadata, "cfn-lint"), place, out);
}

// Trivy writes its ids AVD-AWS-0132 in comments, in either case; equivalents hold AWS-0132.
// KICS's ignore-line, ignore-block and ignore name every query.
std::string match_id(const Directive& directive) {
  if (directive.tool == Tool::Kics && directive.id.starts_with("ignore")) return std::string(kEveryPeerRule);
  if (directive.tool != Tool::Trivy) return directive.id;
  std::string id = directive.id;
  std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return std::toupper(c); });
  return id.starts_with("AVD-") ? id.substr(4) : id;
}

std::vector<Directive> collect_directives(const Template& tmpl, bool foreign, std::string_view today) {
  std::vector<Directive> directives;
  collect_metadata(tmpl.metadata, MetadataPlace{}, foreign, directives);
  for (const Resource& resource : tmpl.resources())
    collect_metadata(resource.metadata, MetadataPlace{&resource}, foreign, directives);
  collect_comment_directives(tmpl, foreign, today, directives);
  for (Directive& directive : directives) directive.match_id = match_id(directive);
  return directives;
}

// ---- Matching ---------------------------------------------------------------------

bool has_tag(const RuleMeta& rule, std::string_view tag) {
  return std::find(rule.tags.begin(), rule.tags.end(), tag) != rule.tags.end();
}

bool names_rule(const Directive& directive, const RuleMeta& rule) {
  const std::string& id = directive.match_id;
  if (id.empty()) return false;
  if (directive.tool == Tool::CfnScan) return rule.id == id || has_tag(rule, id);
  for (const RuleEquivalent& equivalent : rule.equivalents) {
    if (equivalent.tool != tool_name(directive.tool)) continue;
    if (id == kEveryPeerRule && !equivalent.ids.empty()) return true;
    if (std::find(equivalent.ids.begin(), equivalent.ids.end(), id) != equivalent.ids.end()) return true;
  }
  return false;
}

// The last line a line-scoped directive covers.
uint32_t last_covered(const Directive& directive) {
  return directive.scope == Scope::Lines ? directive.line + 1 : directive.last_line;
}

bool in_scope(const Directive& directive, const Finding& finding) {
  switch (directive.scope) {
    case Scope::Lines:
    case Scope::Block:
      return finding.range.known() && finding.range.begin.line >= directive.line &&
             finding.range.begin.line <= last_covered(directive);
    case Scope::Resource: return finding.logical_id == directive.logical_id;
    case Scope::File: return true;
  }
  return false;
}

std::string justification(const Directive& directive) {
  if (directive.tool == Tool::CfnScan) return directive.reason;
  std::string source = std::string(tool_name(directive.tool)) + " " + directive.id;
  return directive.reason.empty() ? source : source + ": " + directive.reason;
}

bool line_scoped(const Directive& directive) {
  return directive.scope == Scope::Lines || directive.scope == Scope::Block;
}

// Finds the directives that cover a finding without trying each: a template may hold
// thousands of comments and findings. The directives naming a rule are found once per
// rule; the resource-scoped ones are kept by logical id, the line-scoped ones by first
// line with the farthest line any of them reaches so far, so a finding's line bounds the
// search.
class DirectiveIndex {
 public:
  explicit DirectiveIndex(std::vector<Directive>& directives) : directives_(directives) {}

  // Indices of the directives that cover `finding`, in the order they were written.
  std::vector<size_t> covering(const Finding& finding) {
    const Named& named = of(*finding.rule);
    std::vector<size_t> found = named.file;
    if (auto resource = named.by_resource.find(finding.logical_id); resource != named.by_resource.end())
      found.insert(found.end(), resource->second.begin(), resource->second.end());
    // Only those that start on or above the line, and of them only back to where none
    // reaches it any more.
    if (finding.range.known()) {
      uint32_t line = finding.range.begin.line;
      auto after = std::upper_bound(named.lines.begin(), named.lines.end(), line,
                                    [&](uint32_t at, size_t index) { return at < directives_[index].line; });
      for (size_t k = static_cast<size_t>(after - named.lines.begin()); k > 0 && named.reach[k - 1] >= line; --k) {
        if (in_scope(directives_[named.lines[k - 1]], finding)) found.push_back(named.lines[k - 1]);
      }
    }
    std::sort(found.begin(), found.end());
    return found;
  }

 private:
  struct Named {
    std::vector<size_t> lines;    // line-scoped, by first line
    std::vector<uint32_t> reach;  // reach[k]: the last line any of lines[0..k] covers
    std::vector<size_t> file;     // file scoped
    std::unordered_map<std::string, std::vector<size_t>> by_resource;  // resource scoped, by logical id
  };

  const Named& of(const RuleMeta& rule) {
    auto [it, added] = by_rule_.try_emplace(&rule);
    if (!added) return it->second;
    Named& named = it->second;
    for (size_t i = 0; i < directives_.size(); ++i) {
      const Directive& directive = directives_[i];
      if (!names_rule(directive, rule)) continue;
      if (line_scoped(directive)) {
        named.lines.push_back(i);
      } else if (directive.scope == Scope::Resource) {
        named.by_resource[directive.logical_id].push_back(i);
      } else {
        named.file.push_back(i);
      }
    }
    std::stable_sort(named.lines.begin(), named.lines.end(),
                     [&](size_t a, size_t b) { return directives_[a].line < directives_[b].line; });
    uint32_t reach = 0;
    for (size_t index : named.lines) named.reach.push_back(reach = std::max(reach, last_covered(directives_[index])));
    return named;
  }

  std::vector<Directive>& directives_;
  std::unordered_map<const RuleMeta*, Named> by_rule_;
};

// Marks every finding each directive covers; returns how many findings were newly marked.
size_t mark(std::vector<Directive>& directives, DirectiveIndex& index, std::span<Finding> findings) {
  size_t newly_suppressed = 0;
  for (Finding& finding : findings) {
    if (!finding.rule) continue;
    for (size_t covering : index.covering(finding)) {
      Directive& directive = directives[covering];
      if (finding.suppressions.empty()) ++newly_suppressed;
      finding.suppressions.push_back(Suppression{"inSource", justification(directive)});
      ++directive.matches;
    }
  }
  return newly_suppressed;
}

// ---- Findings about the suppressions --------------------------------------------

bool is_suppression_rule(std::string_view id) { return id == kUnusedRule || id == kNoReasonRule; }

struct RuleUse {
  bool known = false;    // the id names at least one rule
  bool enabled = false;  // ... and one of them ran
};

RuleUse rule_use(const Directive& directive, const SuppressionOptions& options) {
  RuleUse use;
  for (const RuleMeta& rule : options.rules) {
    if (!names_rule(directive, rule)) continue;
    use.known = true;
    use.enabled = use.enabled || options.rule_enabled(rule);
  }
  return use;
}

// Built by appending: `"'" + std::string(...)` trips GCC 12's false -Wrestrict warning.
std::string quoted(std::string_view text) {
  std::string out(1, '\'');
  out.append(text);
  out += '\'';
  return out;
}

std::string scope_words(const Directive& directive) {
  switch (directive.scope) {
    case Scope::Lines: return "on this line or the next";
    case Scope::Block: return "on lines " + std::to_string(directive.line) + "-" + std::to_string(directive.last_line);
    case Scope::Resource: return "on resource " + directive.logical_id;
    case Scope::File: return "in this template";
  }
  return "";
}

Finding suppression_finding(const RuleMeta& rule, const Directive& directive, std::string message) {
  Finding finding;
  finding.rule = &rule;
  finding.level = rule.level;
  finding.range = directive.written_at;
  finding.logical_id = directive.logical_id;
  finding.property_path = directive.property_path;
  finding.message = std::move(message);
  return finding;
}

// Own suppressions only: one written for another tool may still serve that tool.
std::optional<std::string> unused_message(const Directive& directive, const SuppressionOptions& options) {
  if (directive.tool != Tool::CfnScan || directive.matches > 0 || is_suppression_rule(directive.id))
    return std::nullopt;
  if (directive.id.empty()) return "This cfn-scan suppression names no rule id or category; it suppresses nothing.";
  RuleUse use = rule_use(directive, options);
  if (!use.known)
    return "The suppression names " + quoted(directive.id) +
           ", which is neither a rule id nor a category (see `cfn-scan rules`); it suppresses nothing.";
  if (!use.enabled) return std::nullopt;  // its rules did not run: no evidence either way
  return "The suppression of " + quoted(directive.id) + " matches no finding " + scope_words(directive) +
         "; remove it, or move it next to the finding it was meant for.";
}

// A reason is required where the form has a field for one; a foreign suppression that
// maps to no cfn-scan rule is that tool's business.
std::optional<std::string> missing_reason_message(const Directive& directive, const SuppressionOptions& options) {
  if (!directive.reason.empty() || !directive.has_reason_field || directive.id.empty()) return std::nullopt;
  if (directive.tool != Tool::CfnScan && !rule_use(directive, options).known) return std::nullopt;
  std::string field = directive.tool == Tool::Checkov ? "comment" : "reason";
  return "The " + std::string(tool_name(directive.tool)) + " suppression of " + quoted(directive.id) +
         " gives no " + field + "; say why the finding is acceptable, so a reviewer can judge it.";
}

const RuleMeta* enabled_rule(std::string_view id, const SuppressionOptions& options) {
  const RuleMeta* rule = find_builtin_rule(id);
  return rule && options.rule_enabled(*rule) ? rule : nullptr;
}

std::vector<Finding> findings_about(const std::vector<Directive>& directives, const SuppressionOptions& options,
                                    SuppressionSummary& summary) {
  std::vector<Finding> extra;
  const RuleMeta* unused_rule = enabled_rule(kUnusedRule, options);
  const RuleMeta* no_reason_rule = enabled_rule(kNoReasonRule, options);
  for (const Directive& directive : directives) {
    if (unused_rule) {
      if (auto message = unused_message(directive, options)) {
        extra.push_back(suppression_finding(*unused_rule, directive, std::move(*message)));
        ++summary.unused;
      }
    }
    if (no_reason_rule) {
      if (auto message = missing_reason_message(directive, options)) {
        extra.push_back(suppression_finding(*no_reason_rule, directive, std::move(*message)));
        ++summary.missing_reason;
      }
    }
  }
  return extra;
}

}  // namespace

SuppressionSummary apply_suppressions(const Template& tmpl, std::vector<Finding>& findings,
                                      const SuppressionOptions& options) {
  SuppressionSummary summary;
  std::vector<Directive> directives = collect_directives(tmpl, options.foreign, options.today);
  if (directives.empty()) return summary;
  DirectiveIndex index(directives);
  summary.suppressed = mark(directives, index, findings);
  std::vector<Finding> extra = findings_about(directives, options, summary);
  // The findings about suppressions can themselves be suppressed (a template-level skip
  // of template-suppression-no-reason, say); they are never reported unused for that.
  summary.suppressed += mark(directives, index, extra);
  findings.insert(findings.end(), std::make_move_iterator(extra.begin()), std::make_move_iterator(extra.end()));
  sort_findings(findings);
  return summary;
}

}  // namespace cfn
