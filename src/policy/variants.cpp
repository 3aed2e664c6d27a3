#include "policy/variants.h"

#include "policy/json_documents.h"

namespace cfn {

ResourceVariants::ResourceVariants(const Evaluator& evaluator) : evaluator_(evaluator) {
  const std::vector<Resource>& resources = evaluator.tmpl().resources();
  if (!resources.empty()) first_resource_ = resources.data();
  by_place_.resize(resources.size());
  by_pointer_.reserve(resources.size() + resources.size() / 2);
}

// of() found no variants of a template resource; one from elsewhere may have them already.
const std::vector<ResourceVariant>& ResourceVariants::resolve(const Resource& original) {
  std::optional<size_t> place = place_of(original);
  if (!place) {
    if (auto found = others_.find(&original); found != others_.end()) return found->second;
  }
  std::vector<ResourceVariant>& list = place ? by_place_[*place].emplace() : others_[&original];
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
      if (auto parsed = parse_json_text_documents(*variant.resource.properties, &evaluator_.tmpl().source())) {
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
