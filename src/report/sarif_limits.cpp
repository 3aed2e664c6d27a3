#include "report/sarif_limits.h"

#include <algorithm>
#include <charconv>
#include <sstream>
#include <streambuf>
#include <vector>

namespace cfn {

namespace {

struct FindingRef {
  size_t file = 0;
  size_t index = 0;
};

double security_severity(const Finding& finding) {
  if (!finding.rule) return 0;
  std::string_view text = finding.rule->security_severity;
  double score = 0;
  std::from_chars(text.data(), text.data() + text.size(), score);
  return score;
}

// All findings, most important first; ties keep report order, so the cut is deterministic.
std::vector<FindingRef> by_importance(const ScanReport& report) {
  std::vector<FindingRef> refs;
  for (size_t f = 0; f < report.files.size(); ++f)
    for (size_t i = 0; i < report.files[f].findings.size(); ++i) refs.push_back({f, i});
  auto rank = [&](const FindingRef& ref) {
    const Finding& finding = report.files[ref.file].findings[ref.index];
    return std::tuple(finding.suppressions.empty(), static_cast<int>(finding.level), security_severity(finding));
  };
  std::stable_sort(refs.begin(), refs.end(), [&](const FindingRef& a, const FindingRef& b) { return rank(a) > rank(b); });
  return refs;
}

// The report with only the `keep` most important findings, each file's kept findings in
// their original order. Files stay even without findings: they were still analysed.
ScanReport keep_most_important(const ScanReport& report, const std::vector<FindingRef>& ranked, size_t keep) {
  std::vector<std::vector<bool>> kept(report.files.size());
  for (size_t f = 0; f < report.files.size(); ++f) kept[f].assign(report.files[f].findings.size(), false);
  for (size_t r = 0; r < keep && r < ranked.size(); ++r) kept[ranked[r].file][ranked[r].index] = true;
  ScanReport smaller;
  smaller.rules = report.rules;
  smaller.skipped_files = report.skipped_files;
  smaller.sarif_category = report.sarif_category;
  smaller.files.reserve(report.files.size());
  for (size_t f = 0; f < report.files.size(); ++f) {
    FileReport& file = smaller.files.emplace_back(FileReport{report.files[f].source, {}, report.files[f].unchecked});
    for (size_t i = 0; i < report.files[f].findings.size(); ++i)
      if (kept[f][i]) file.findings.push_back(report.files[f].findings[i]);
  }
  return smaller;
}

// Keeps what is written to it while the total stays within `keep_up_to` bytes, then only
// counts: sizing a log never holds more than one log that fits.
class BoundedBuffer : public std::streambuf {
 public:
  explicit BoundedBuffer(size_t keep_up_to) : keep_up_to_(keep_up_to) {}
  size_t size() const { return size_; }
  bool kept_all() const { return size_ <= keep_up_to_; }
  std::string& text() { return text_; }

 protected:
  std::streamsize xsputn(const char* data, std::streamsize count) override {
    size_ += static_cast<size_t>(count);
    if (size_ <= keep_up_to_) {
      text_.append(data, static_cast<size_t>(count));
    } else if (!text_.empty()) {
      std::string().swap(text_);  // over the limit: the text is of no use
    }
    return count;
  }
  int_type overflow(int_type c) override {
    if (c == traits_type::eof()) return traits_type::not_eof(c);
    char one = traits_type::to_char_type(c);
    xsputn(&one, 1);
    return c;
  }

 private:
  size_t keep_up_to_;
  size_t size_ = 0;
  std::string text_;
};

// The size of the report's log; its text too when it is at most `keep_up_to` bytes.
size_t sarif_size(const ScanReport& report, BoundedBuffer& buffer) {
  std::ostream stream(&buffer);
  write_sarif(report, stream);
  return buffer.size();
}

size_t sarif_size(const ScanReport& report) {
  BoundedBuffer counter(0);
  return sarif_size(report, counter);
}

// The largest number of findings whose log fits in max_bytes (binary search: the log's
// size grows with every finding kept).
size_t largest_fitting(const ScanReport& report, const std::vector<FindingRef>& ranked, size_t upper,
                       size_t max_bytes) {
  size_t low = 0, high = upper;  // invariant: low fits (an empty run is small), high+1 does not
  while (low < high) {
    size_t middle = low + (high - low + 1) / 2;
    if (sarif_size(keep_most_important(report, ranked, middle)) <= max_bytes) {
      low = middle;
    } else {
      high = middle - 1;
    }
  }
  return low;
}

std::string warning_text(size_t kept, size_t total, const SarifLimits& limits, bool by_size) {
  std::ostringstream text;
  text << "cfn-scan: warning: the SARIF log would exceed GitHub's limit of ";
  if (by_size) text << limits.max_bytes << " bytes per file";
  else text << limits.max_results << " results per run";
  text << "; it holds the " << kept << " most severe of " << total << " findings, "
       << total - kept << " less severe ones left out (use --format json or text for all of them)";
  return text.str();
}

size_t finding_count(const ScanReport& report) {
  size_t count = 0;
  for (const FileReport& file : report.files) count += file.findings.size();
  return count;
}

}  // namespace

SarifLimitOutcome write_sarif_within_limits(const ScanReport& report, std::ostream& out, const SarifLimits& limits) {
  size_t total = finding_count(report);
  SarifLimitOutcome outcome;
  if (total <= limits.max_results) {
    // One serialisation when the log fits (the common case), kept until it is known to fit.
    BoundedBuffer buffer(limits.max_bytes);
    sarif_size(report, buffer);
    if (buffer.kept_all()) {
      out << buffer.text();
      outcome.kept = total;
      return outcome;
    }
  }
  std::vector<FindingRef> ranked = by_importance(report);
  size_t keep = std::min(total, limits.max_results);
  bool by_size = false;
  if (sarif_size(keep_most_important(report, ranked, keep)) > limits.max_bytes) {
    keep = largest_fitting(report, ranked, keep, limits.max_bytes);
    by_size = true;
  }
  write_sarif(keep_most_important(report, ranked, keep), out);
  outcome.kept = keep;
  outcome.dropped = total - keep;
  outcome.warning = warning_text(keep, total, limits, by_size);
  return outcome;
}

}  // namespace cfn
