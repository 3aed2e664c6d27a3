#include "policy/variants.h"

#include "policy/json_documents.h"

namespace cfn {

const std::vector<ResourceVariant>& ResourceVariants::of(const Resource& original) {
  auto found = variants_.find(&original);
  if (found != variants_.end()) return found->second;
  std::vector<ResourceVariant>& list = variants_[&original];
  std::vector<Scenario> scenarios = evaluator_.scenarios(original);
  list.reserve(scenarios.size());
  for (size_t i = 0; i < scenarios.size(); ++i) {
    ResourceVariant variant;
    variant.resource = original;
    variant.resource.properties = scenarios[i].properties;
    variant.assumptions = std::move(scenarios[i].assumptions);
    variant.original = &original;
    variant.index = i;
    variant.count = scenarios.size();
    variant.owned = std::move(scenarios[i].owned);
    if (variant.resource.properties) {
      if (auto parsed = parse_json_text_documents(*variant.resource.properties)) {
        variant.resource.properties = parsed.get();
        variant.owned = std::move(parsed);
      }
    }
    list.push_back(std::move(variant));
  }
  for (const ResourceVariant& variant : list) by_pointer_[&variant.resource] = &variant;
  return list;
}

const ResourceVariant* ResourceVariants::find(const Resource* resource) const {
  auto found = by_pointer_.find(resource);
  return found == by_pointer_.end() ? nullptr : found->second;
}

}  // namespace cfn
