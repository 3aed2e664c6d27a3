// The variants of each resource a check sees: its Properties resolved by the evaluator
// under each assignment of the conditions it depends on (at most 16). Computed once per
// resource and shared by every rule.
#pragma once

#include <map>
#include <memory>
#include <unordered_map>
#include <vector>

#include "eval/evaluator.h"
#include "model/template.h"

namespace cfn {

struct ResourceVariant {
  Resource resource;                   // the original with `properties` resolved
  Assumptions assumptions;             // under which this variant is deployed
  const Resource* original = nullptr;
  size_t index = 0;                    // among the original's variants
  size_t count = 0;                    // how many variants the original has
  std::shared_ptr<const Value> owned;  // storage of resolved properties, when rewritten
};

class ResourceVariants {
 public:
  explicit ResourceVariants(const Evaluator& evaluator) : evaluator_(evaluator) {}

  // Every variant of one resource; none when its Condition is statically false.
  const std::vector<ResourceVariant>& of(const Resource& original);
  // The variant a pointer from of() belongs to, or null for any other Resource.
  const ResourceVariant* find(const Resource* resource) const;
  // A condition's truth wherever the variant is deployed (Evaluator::condition_under).
  std::optional<bool> condition_under(std::string_view name, const ResourceVariant& variant) const {
    return evaluator_.condition_under(name, variant.assumptions);
  }
  // Whether two variants (of two resources) can be deployed in the same stack.
  bool may_coexist(const ResourceVariant& a, const ResourceVariant& b) const {
    return evaluator_.consistent(a.assumptions, b.assumptions);
  }

 private:
  const Evaluator& evaluator_;
  std::map<const Resource*, std::vector<ResourceVariant>> variants_;
  std::unordered_map<const Resource*, const ResourceVariant*> by_pointer_;
};

}  // namespace cfn
