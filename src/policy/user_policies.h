// User policies (`--policies DIR`, the config file's `policies:`): every *.yaml / *.yml
// file under the folders, read by the reader built-in policies go through
// (read_policy_file, validate_policy) and held as RuleMeta like the built-in catalog, so
// that the engine, the reporters and `cfn-scan rules` cannot tell them apart.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "policy/policy_file.h"
#include "policy/predicate.h"
#include "policy/rule.h"

namespace cfn {

class UserPolicies {
 public:
  UserPolicies() = default;
  UserPolicies(const UserPolicies&) = delete;
  UserPolicies& operator=(const UserPolicies&) = delete;

  // The rules, sorted by id; views into this object, valid while it lives.
  std::span<const RuleMeta> rules() const { return rules_; }
  const RuleMeta* find(std::string_view id) const;

  // Adds a policy that passed validation; false (and nothing added) when its id is taken.
  bool add(const PolicyFile& policy);
  void sort();

 private:
  std::string_view keep(const std::string& text) { return predicates_.keep(text); }

  PredicateStore predicates_;
  std::deque<std::vector<RuleEquivalent>> equivalents_;
  std::vector<RuleMeta> rules_;
};

struct UserPolicyLoad {
  std::unique_ptr<UserPolicies> policies;
  // Each one "path:line:col: error: message", then the line and a caret under the column.
  std::vector<std::string> errors;
};

// Reads every policy file under `folders` (recursively, sorted). A user rule id must not
// be a built-in one nor repeat another user rule's.
UserPolicyLoad load_user_policies(const std::vector<std::string>& folders);

}  // namespace cfn
