// Stable identities for findings, so that GitHub code scanning (SARIF partialFingerprints)
// and baselines recognise the same problem after unrelated edits move it to another line.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "policy/finding.h"

namespace cfn {

// 64-bit FNV-1a: tiny, fast, and its output is fixed by definition (no seed, no
// platform dependence), which is what a fingerprint stored across runs needs.
uint64_t fnv1a64(std::string_view bytes);

// 16 lower-case hex digits of hash(rule id '\0' file path '\0' property path).
// The line is deliberately left out: alerts must survive edits above them.
std::string location_hash(std::string_view rule_id, std::string_view file_path,
                          std::string_view property_path);

// Hands out "<location_hash>:<N>", N counting the findings with the same hash in the
// order they are asked for (1-based), so two findings with the same key stay distinct.
// Ask in output order: the same report then yields the same fingerprints.
class FingerprintSequence {
 public:
  std::string next(const Finding& finding, std::string_view file_path);

 private:
  std::map<std::string, uint32_t> seen_;  // location hash -> occurrences so far
};

}  // namespace cfn
