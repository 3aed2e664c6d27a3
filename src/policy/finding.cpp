#include "policy/finding.h"

#include <algorithm>
#include <numeric>
#include <tuple>

namespace cfn {

bool finding_less(const Finding& a, const Finding& b) {
  auto key = [](const Finding& f) {
    return std::tie(f.range.begin.line, f.range.begin.column, f.rule->id, f.property_path,
                    f.message);
  };
  return key(a) < key(b);
}

// The order std::stable_sort would give, without a second block of findings (its
// temporary buffer, or a sorted copy: a large block whose allocation made malloc merge
// its free lists, on every scan) and without moving each finding several times: indices
// are sorted, ties in file order, and the findings moved into place along the cycles of
// that permutation.
void sort_findings(std::vector<Finding>& findings) {
  std::vector<size_t> order(findings.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (finding_less(findings[a], findings[b])) return true;
    if (finding_less(findings[b], findings[a])) return false;
    return a < b;
  });
  // Place `at` takes the finding now at order[at]; a place done points at itself.
  for (size_t start = 0; start < order.size(); ++start) {
    if (order[start] == start) continue;
    Finding held = std::move(findings[start]);
    size_t at = start;
    while (order[at] != start) {
      size_t from = order[at];
      findings[at] = std::move(findings[from]);
      order[at] = at;
      at = from;
    }
    findings[at] = std::move(held);
    order[at] = at;
  }
}

}  // namespace cfn
