// Invariants every fuzz target checks on top of the sanitizers: whatever the bytes,
// the loaders must produce positions that exist in the file, ranges that do not run
// backwards, and diagnostics that name a template-* rule with a message. A violation
// is reported on stderr and aborts, so libFuzzer keeps the input as a crash.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "model/diagnostic.h"
#include "model/source.h"
#include "model/value.h"

namespace cfn::fuzz {

[[noreturn]] inline void fail(const char* what, const Range& range, std::string_view detail = {}) {
  std::fprintf(stderr, "fuzz invariant violated: %s at %u:%u-%u:%u %.*s\n", what, range.begin.line,
               range.begin.column, range.end.line, range.end.column, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

// Code points on each line, counted as SourceFile counts columns (continuation bytes are
// not columns; SourceFile::line already leaves out the byte-order mark). Counted once per
// line and input (share one LineColumns for all the checks of an input): a file of many values on one long line (fixtures/hostile/eval-steps.yaml, 100,000
// alias copies pointing into a 30 KB line) made a per-value count quadratic, and the
// harness itself timed out.
class LineColumns {
 public:
  explicit LineColumns(const SourceFile& file) : file_(file), counts_(file.line_count() + 1, kUnknown) {}

  size_t operator()(uint32_t line) {
    if (line >= counts_.size()) return 0;
    if (counts_[line] == kUnknown) {
      size_t columns = 0;
      for (char c : file_.line(line)) columns += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
      counts_[line] = columns;
    }
    return counts_[line];
  }

 private:
  static constexpr size_t kUnknown = static_cast<size_t>(-1);
  const SourceFile& file_;
  std::vector<size_t> counts_;
};

inline void check_position(const SourceFile& file, LineColumns& columns, const Position& position,
                           const Range& range, const char* what) {
  if (position.line < 1 || position.line > file.line_count()) fail(what, range, "line outside the file");
  if (position.column < 1) fail(what, range, "column 0");
  if (position.column > columns(position.line) + 1) fail(what, range, "column past the end of its line");
}

inline void check_range(const SourceFile& file, LineColumns& columns, const Range& range, const char* what) {
  if (!range.known()) return;  // generated values have no position
  check_position(file, columns, range.begin, range, what);
  check_position(file, columns, range.end, range, what);
  if (range.end < range.begin) fail(what, range, "range ends before it begins");
}

inline void check_range(const SourceFile& file, const Range& range, const char* what) {
  LineColumns columns(file);
  check_range(file, columns, range, what);
}

inline void check_value(const SourceFile& file, LineColumns& columns, const Value& value) {
  check_range(file, columns, value.range(), "value range");
  if (value.is_sequence()) {
    for (const Value& item : value.items()) check_value(file, columns, item);
  } else if (value.is_mapping()) {
    for (const Value::Entry& entry : value.entries()) {
      check_range(file, columns, entry.key_range, "key range");
      check_value(file, columns, entry.value);
    }
  }
}

inline void check_value(const SourceFile& file, const Value& value) {
  LineColumns columns(file);
  check_value(file, columns, value);
}

inline void check_diagnostic(const SourceFile& file, LineColumns& columns, const Diagnostic& diagnostic) {
  if (!diagnostic.rule_id.starts_with("template-")) fail("diagnostic rule", diagnostic.range, diagnostic.rule_id);
  if (diagnostic.message.empty()) fail("diagnostic without a message", diagnostic.range, diagnostic.rule_id);
  if (!diagnostic.range.known()) fail("diagnostic without a position", diagnostic.range, diagnostic.message);
  check_range(file, columns, diagnostic.range, "diagnostic range");
}

inline void check_diagnostic(const SourceFile& file, const Diagnostic& diagnostic) {
  LineColumns columns(file);
  check_diagnostic(file, columns, diagnostic);
}

}  // namespace cfn::fuzz
