// Reading one policy file (policies/<service>/<id>.yaml, or a user's --policies file)
// into owned metadata. The generator turns built-in ones into constant RuleMeta data;
// user policies will go through the same function, with the same errors.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/diagnostic.h"
#include "model/source.h"
#include "policy/predicate.h"

namespace cfn {

struct PolicyFile {
  std::string id;
  std::string service;             // the folder the file is in
  std::string title;
  std::string severity;            // error | warning | note
  std::string security_severity;   // "0.1".."10.0"
  std::string precision;           // very-high | high | medium | low
  std::vector<std::string> tags;
  std::vector<std::string> resource_types;
  std::vector<std::pair<std::string, std::vector<std::string>>> equivalents;  // tool -> ids
  std::string message;
  std::string description;
  std::string rationale;
  std::string aws_default;
  std::string remediation;
  std::string snippet;
  std::vector<std::string> references;
  std::string check;               // "native": src/policy/checks/<id>.cpp; "loader": a template-* rule;
                                   // "" for a declarative policy
  std::optional<PredicateSpec> when;     // the resources the rule applies to (all when absent)
  std::optional<PredicateSpec> require;  // what each of them must satisfy
  std::map<std::string, Range, std::less<>> key_ranges;  // each top-level key, for later errors
};

struct PolicyReadResult {
  PolicyFile policy;
  std::vector<Diagnostic> errors;  // with positions in the policy file; empty when valid
};

// `service` is the name of the folder holding the file.
PolicyReadResult read_policy_file(SourcePtr source, std::string service);

// Where a policy comes from decides what it may hold: built-in ones live in
// policies/<service>/ and may be native; user ones are declarative only.
enum class PolicyOrigin : uint8_t { Builtin, User };

// Checks beyond the shape of each key: id equals the file name, severity, precision,
// security-severity, tags, equivalents, and which of check / require is present. Errors
// point at the offending key (or the top of the file when it is missing).
std::vector<Diagnostic> validate_policy(const PolicyFile& policy, std::string_view file_stem, PolicyOrigin origin);

}  // namespace cfn
