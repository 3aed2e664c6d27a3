#include "policy/finding.h"

#include <tuple>

namespace cfn {

bool finding_less(const Finding& a, const Finding& b) {
  auto key = [](const Finding& f) {
    return std::tie(f.range.begin.line, f.range.begin.column, f.rule->id, f.property_path,
                    f.message);
  };
  return key(a) < key(b);
}

}  // namespace cfn
