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

// The order std::stable_sort would give, without its temporary buffer of findings (a
// large block whose allocation made malloc merge its free lists, on every scan) and
// without moving each finding several times: indices are sorted, ties in file order.
void sort_findings(std::vector<Finding>& findings) {
  std::vector<size_t> order(findings.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (finding_less(findings[a], findings[b])) return true;
    if (finding_less(findings[b], findings[a])) return false;
    return a < b;
  });
  std::vector<Finding> sorted;
  sorted.reserve(findings.size());
  for (size_t index : order) sorted.push_back(std::move(findings[index]));
  findings.swap(sorted);
}

}  // namespace cfn
