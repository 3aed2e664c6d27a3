// Lookup in the generated built-in catalog (kept apart from rule.cpp so that the
// policy generator, which links rule.cpp, does not need the catalog it generates).
#include <algorithm>

#include "policy/rule.h"

namespace cfn {

const RuleMeta* find_builtin_rule(std::string_view id) {
  auto rules = builtin_rules();
  auto it = std::lower_bound(rules.begin(), rules.end(), id,
                             [](const RuleMeta& rule, std::string_view key) { return rule.id < key; });
  return it != rules.end() && it->id == id ? &*it : nullptr;
}

}  // namespace cfn
