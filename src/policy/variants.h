// The variants of each resource a check sees: its Properties resolved by the evaluator
// under each assignment of the conditions it depends on (at most 16). Computed once per
// resource and shared by every rule.
#pragma once

#include <span>

#include <functional>
#include <map>
#include <memory>
#include <optional>
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

  // Every variant of the same original, this one included: ResourceVariants keeps them in
  // one vector, in index order.
  std::span<const ResourceVariant> siblings() const { return {this - index, count}; }
};

class ResourceVariants {
 public:
  explicit ResourceVariants(const Evaluator& evaluator);

  // Every variant of one resource; none when its Condition is statically false. Inline
  // for a template resource already resolved: every rule asks, for every resource of its
  // types, and the call should not bring the resolution's code into the cache.
  const std::vector<ResourceVariant>& of(const Resource& original) {
    if (std::optional<size_t> place = place_of(original); place && by_place_[*place]) return *by_place_[*place];
    return resolve(original);
  }
  // The variant a pointer from of() belongs to, or null for any other Resource.
  const ResourceVariant* find(const Resource* resource) const;
  // A condition's truth wherever the variant is deployed (Evaluator::condition_under).
  std::optional<bool> condition_under(std::string_view name, const ResourceVariant& variant) const {
    return evaluator_.condition_under(name, variant.assumptions);
  }
  // A condition's truth with the parameters as given (their defaults, --parameter values),
  // whatever the variant: nullopt when that leaves it undecided.
  std::optional<bool> static_condition(std::string_view name) const { return evaluator_.condition(name); }
  // That truth when it rests on a parameter's Default (Evaluator::reads_parameter_defaults):
  // what a finding names, since the deployer may give another value; nullopt otherwise.
  std::optional<bool> decided_by_default(std::string_view condition) const {
    std::optional<bool> truth = static_condition(condition);
    return truth && evaluator_.reads_parameter_defaults(condition) ? truth : std::nullopt;
  }
  // Whether a parameter's value is its Default (Evaluator::value_from_default).
  bool value_from_default(std::string_view parameter) const { return evaluator_.value_from_default(parameter); }
  // A value written outside Properties (Metadata, say) resolved as the variant's
  // properties are: under its conditions, an Fn::If to AWS::NoValue dropping its key.
  Value resolve_with(const Value& value, const ResourceVariant& variant) const {
    return evaluator_.resolve(value, variant.assumptions);
  }
  // Whether two variants (of two resources) can be deployed in the same stack.
  bool may_coexist(const ResourceVariant& a, const ResourceVariant& b) const {
    return evaluator_.consistent(a.assumptions, b.assumptions);
  }

 private:
  const std::vector<ResourceVariant>& resolve(const Resource& original);
  // Where `resource` is in Template::resources(), when it is one of them. Compared as
  // addresses with std::less, a total order on pointers (unlike `<`).
  std::optional<size_t> place_of(const Resource& resource) const {
    std::less<const Resource*> before;
    if (!first_resource_ || before(&resource, first_resource_) ||
        !before(&resource, first_resource_ + by_place_.size()))
      return std::nullopt;
    return static_cast<size_t>(&resource - first_resource_);
  }

  const Evaluator& evaluator_;
  // The template's resources' variants by their place in Template::resources() (every
  // rule asks for every resource of its types: a tree lookup each was a tenth of the
  // variants' cost), and those of any other resource by address.
  const Resource* first_resource_ = nullptr;
  std::vector<std::optional<std::vector<ResourceVariant>>> by_place_;
  std::map<const Resource*, std::vector<ResourceVariant>> others_;
  std::unordered_map<const Resource*, const ResourceVariant*> by_pointer_;
};

}  // namespace cfn
