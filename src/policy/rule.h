// A rule's metadata. Built-in rules are generated at build time from policies/**.yaml
// into constant data (see tools/policygen); user policies fill the same struct from a
// UserPolicies store that owns their strings (policy/user_policies.h). Docs, SARIF and `cfn-scan rules` read only this.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "policy/predicate.h"

namespace cfn {

enum class Level : uint8_t { Note, Warning, Error };

std::string_view level_name(Level level);           // "note" | "warning" | "error"
std::optional<Level> parse_level(std::string_view name);

struct RuleEquivalent {
  std::string_view tool;                            // checkov, cfn_nag, kics, trivy, control-tower, cfn-lint
  std::span<const std::string_view> ids;            // as ../shared/peer-rules.tsv spells them
};

struct RuleMeta {
  std::string_view id;                              // <service>-<what-is-wrong>, equals the file name
  std::string_view service;                         // the policies/ folder it lives in
  std::string_view title;                           // one line, used as SARIF shortDescription
  Level level = Level::Warning;
  std::string_view security_severity;               // "0.1".."10.0", a string as SARIF wants
  std::string_view precision;                       // very-high | high | medium | low
  std::span<const std::string_view> tags;           // category vocabulary + security/observability
  std::span<const std::string_view> resource_types;
  std::span<const RuleEquivalent> equivalents;
  std::string_view message;                         // finding text; {resource} {path} {value} filled in
  std::string_view description;                     // what the rule checks
  std::string_view rationale;                       // why it matters
  std::string_view aws_default;                     // what AWS does when the property is absent
  std::string_view remediation;                     // how to fix it
  std::string_view snippet;                         // YAML that passes the rule
  std::span<const std::string_view> references;     // documentation URLs
  // A declarative rule: `require` holds for every resource of resource_types for which
  // `when` (null: always) holds. Null `require`: a native check or a loader diagnostic.
  const Predicate* when = nullptr;
  const Predicate* require = nullptr;
};

// The built-in catalog, sorted by id (generated code).
std::span<const RuleMeta> builtin_rules();
const RuleMeta* find_builtin_rule(std::string_view id);

// The category vocabulary of DESIGN.md.
bool is_category_tag(std::string_view tag);
std::span<const std::string_view> category_tags();

}  // namespace cfn
