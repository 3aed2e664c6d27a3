// Keeping a SARIF log within what GitHub code scanning accepts. GitHub rejects an upload
// with more than 25,000 results in a run, or a file above 10 MB (gzip-compressed, as the
// upload action sends it), and displays only the top 5,000 results by severity:
// https://docs.github.com/code-security/code-scanning/troubleshooting-sarif-uploads/results-exceed-limit
// https://docs.github.com/code-security/code-scanning/troubleshooting-sarif-uploads/file-too-large
// When a log would break a limit, the least severe findings are left out and the caller
// prints the warning; nothing is dropped silently.
#pragma once

#include <ostream>
#include <string>

#include "report/report.h"

namespace cfn {

struct SarifLimits {
  size_t max_results = 25'000;            // results per run
  // Bytes of the uncompressed log. Bounding the uncompressed size by GitHub's limit on
  // the compressed one is conservative: it holds whatever the compression achieves, and
  // needs no zlib.
  size_t max_bytes = 10 * 1024 * 1024;
};

struct SarifLimitOutcome {
  size_t kept = 0;
  size_t dropped = 0;
  std::string warning;  // "" when the log fits; otherwise one line for stderr
};

// Writes write_sarif(report) when it fits; otherwise writes the log of the largest set of
// findings that fits, keeping the most important ones: unsuppressed before suppressed,
// then by level (error first), then by security-severity, then report order. The kept
// findings stay in report order. Serialises once when the log fits.
SarifLimitOutcome write_sarif_within_limits(const ScanReport& report, std::ostream& out,
                                            const SarifLimits& limits = {});

}  // namespace cfn
