#include "report/fingerprint.h"

namespace cfn {

namespace {

constexpr uint64_t kFnvOffsetBasis = 0xcbf29ce484222325ULL;
constexpr uint64_t kFnvPrime = 0x100000001b3ULL;

uint64_t fnv1a64_continue(uint64_t hash, std::string_view bytes) {
  for (unsigned char byte : bytes) {
    hash ^= byte;
    hash *= kFnvPrime;
  }
  return hash;
}

std::string hex16(uint64_t value) {
  static constexpr std::string_view kDigits = "0123456789abcdef";
  std::string hex(16, '0');
  for (size_t i = 16; i-- > 0; value >>= 4) hex[i] = kDigits[value & 0xF];
  return hex;
}

}  // namespace

uint64_t fnv1a64(std::string_view bytes) { return fnv1a64_continue(kFnvOffsetBasis, bytes); }

std::string location_hash(std::string_view rule_id, std::string_view file_path,
                          std::string_view property_path) {
  // '\0' separators keep ("ab","c") and ("a","bc") apart.
  static constexpr std::string_view kSeparator{"\0", 1};
  uint64_t hash = kFnvOffsetBasis;
  for (std::string_view part : {rule_id, kSeparator, file_path, kSeparator, property_path})
    hash = fnv1a64_continue(hash, part);
  return hex16(hash);
}

std::string FingerprintSequence::next(const Finding& finding, std::string_view file_path) {
  std::string_view rule_id = finding.rule ? finding.rule->id : std::string_view{};
  std::string hash = location_hash(rule_id, file_path, finding.property_path);
  uint32_t occurrence = ++seen_[hash];
  return hash + ":" + std::to_string(occurrence);
}

}  // namespace cfn
