// The report people read in a terminal: one clang-style line per finding, the source
// line with a caret under the offending column, and a one-line summary.
#include <algorithm>
#include <string>

#include "report/report.h"

namespace cfn {

namespace {

constexpr std::string_view kSourceIndent = "    ";
constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kDim = "\x1b[2m";

std::string_view level_colour(Level level) {
  switch (level) {
    case Level::Error: return "\x1b[31m";    // red
    case Level::Warning: return "\x1b[33m";  // yellow
    case Level::Note: return "\x1b[36m";     // cyan
  }
  return "";
}

bool is_continuation_byte(unsigned char c) { return (c & 0xC0) == 0x80; }

// Templates are untrusted input: a control character (C0, DEL, or C1 such as the
// 8-bit CSI) copied to a terminal could move the cursor or recolour the screen. Each
// becomes one '?', so columns (code points) still line up with the caret.
std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    auto byte = static_cast<unsigned char>(text[i]);
    bool c1_control = byte == 0xC2 && i + 1 < text.size() &&
                      static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                      static_cast<unsigned char>(text[i + 1]) <= 0x9F;
    if (c1_control) {
      out += '?';
      ++i;
    } else if ((byte < 0x20 && byte != '\t') || byte == 0x7F) {
      out += '?';
    } else {
      out += static_cast<char>(byte);
    }
  }
  return out;
}

// The whitespace that puts a caret under `column` (1-based code points) of `line`:
// a tab where the line has a tab, so the caret lines up whatever the tab width.
std::string caret_padding(std::string_view line, uint32_t column) {
  std::string padding;
  uint32_t current = 1;
  for (size_t i = 0; i < line.size() && current < column; ++i) {
    if (is_continuation_byte(static_cast<unsigned char>(line[i]))) continue;
    padding += line[i] == '\t' ? '\t' : ' ';
    ++current;
  }
  padding.append(column > current ? column - current : 0, ' ');  // past the line's end
  return padding;
}

// "^" under the start, "~" under the rest of a range that stays on one line.
std::string caret_marker(const Range& range) {
  std::string marker = "^";
  const Position& begin = range.begin;
  const Position& end = range.end;
  if (end.line == begin.line && end.column > begin.column + 1)
    marker.append(end.column - begin.column - 1, '~');
  return marker;
}

void write_location(const SourceFile& source, const Range& range, std::ostream& out) {
  out << printable(source.path()) << ':';
  if (!range.begin.known()) return;
  out << range.begin.line << ':';
  if (range.begin.column != 0) out << range.begin.column << ':';
}

void write_headline(const SourceFile& source, const Finding& finding, bool color,
                    std::ostream& out) {
  write_location(source, finding.range, out);
  std::string_view level = level_name(finding.level);
  std::string_view rule_id = finding.rule ? finding.rule->id : std::string_view{"unknown-rule"};
  if (color)
    out << ' ' << level_colour(finding.level) << level << kReset << ' ' << kDim << rule_id
        << kReset;
  else
    out << ' ' << level << ' ' << rule_id;
  out << ' ' << printable(finding.message) << '\n';
}

// A long line (a minified JSON template is one line) is shown as a window of this many
// code points around the finding, this many of them before it: every finding on such a
// line would otherwise print all of it.
constexpr uint32_t kExcerptWidth = 160;
constexpr uint32_t kExcerptLead = 60;
constexpr std::string_view kCut = "...";

// The code points [first, last] (1-based, inclusive) of `line`.
std::string code_points(std::string_view line, uint32_t first, uint32_t last) {
  std::string out;
  uint32_t current = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    if (!is_continuation_byte(static_cast<unsigned char>(line[i]))) ++current;
    if (current > last) break;
    if (current >= first) out += line[i];
  }
  return out;
}

uint32_t code_point_count(std::string_view line) {
  return static_cast<uint32_t>(std::count_if(line.begin(), line.end(), [](char c) {
    return !is_continuation_byte(static_cast<unsigned char>(c));
  }));
}

void write_source_excerpt(const SourceFile& source, const Range& range, std::ostream& out) {
  if (!range.begin.known() || range.begin.line > source.line_count()) return;
  std::string line = printable(source.line(range.begin.line));
  const uint32_t length = code_point_count(line);
  uint32_t first = 1;
  uint32_t last = length;
  if (length > kExcerptWidth) {
    first = range.begin.column > kExcerptLead ? range.begin.column - kExcerptLead : 1;
    first = std::min(first, length - kExcerptWidth + 1);  // a full window near the end too
    last = first + kExcerptWidth - 1;
    line = code_points(line, first, last);
  }
  const std::string_view cut_left = first > 1 ? kCut : "";
  out << kSourceIndent << cut_left << line << (last < length ? kCut : "") << '\n';
  if (range.begin.column == 0) return;
  Range shown = range;  // columns within the window
  shown.begin.column = range.begin.column - first + 1;
  if (shown.end.line == shown.begin.line) shown.end.column = std::min(range.end.column, last + 1) - first + 1;
  out << kSourceIndent << std::string(cut_left.size(), ' ') << caret_padding(line, shown.begin.column)
      << caret_marker(shown) << '\n';
}

struct Tally {
  size_t errors = 0;
  size_t warnings = 0;
  size_t notes = 0;
  size_t suppressed = 0;
  size_t shown() const { return errors + warnings + notes; }
};

void count(const Finding& finding, Tally& tally) {
  if (!finding.suppressions.empty()) {
    ++tally.suppressed;
    return;
  }
  switch (finding.level) {
    case Level::Error: ++tally.errors; break;
    case Level::Warning: ++tally.warnings; break;
    case Level::Note: ++tally.notes; break;
  }
}

void write_summary(const Tally& tally, size_t templates, size_t skipped, size_t unchecked, std::ostream& out) {
  if (tally.shown() == 0)
    out << "No findings";
  else
    out << quantity(tally.shown(), "finding") << " (" << quantity(tally.errors, "error") << ", "
        << quantity(tally.warnings, "warning") << ", " << quantity(tally.notes, "note") << ")";
  out << " in " << quantity(templates, "template");
  // Zero counts of the optional clauses are noise on every clean run: left out.
  if (tally.suppressed != 0) out << "; " << tally.suppressed << " suppressed";
  if (skipped != 0) out << "; " << quantity(skipped, "file") << " skipped (not templates)";
  if (unchecked != 0)
    out << "; " << quantity(unchecked, "resource")
        << " not checked (Condition false with the parameters' Defaults in AWS's commercial partition; --parameter "
           "chooses others)";
  out << ".\n";
}

}  // namespace

std::string quantity(size_t n, std::string_view noun) {
  return std::to_string(n) + ' ' + std::string(noun) + (n == 1 ? "" : "s");
}

void write_text(const ScanReport& report, const TextOptions& options, std::ostream& out) {
  Tally tally;
  for (const FileReport& file : report.files) {
    for (const Finding& finding : file.findings) {
      count(finding, tally);
      // Suppressed findings are only counted, unless --show-suppressed asks for them.
      bool suppressed = !finding.suppressions.empty();
      if ((suppressed && !options.show_suppressed) || !file.source) continue;
      write_headline(*file.source, finding, options.color, out);
      if (suppressed) {
        out << "    suppressed: " << finding.suppressions.front().justification << '\n';
      }
      if (options.show_source) write_source_excerpt(*file.source, finding.range, out);
    }
  }
  if (tally.shown() != 0) out << '\n';  // sets the summary apart from the last excerpt
  write_summary(tally, report.files.size(), report.skipped_files, report.unchecked_resources(), out);
}

}  // namespace cfn
