// Reading one policy file (policies/<service>/<id>.yaml, or a user's --policies file)
// into owned metadata. The generator turns built-in ones into constant RuleMeta data;
// user policies will go through the same function, with the same errors.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "model/diagnostic.h"
#include "model/source.h"

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
  std::string check;               // "native": implemented in src/policy/checks/<id>.cpp
};

struct PolicyReadResult {
  PolicyFile policy;
  std::vector<Diagnostic> errors;  // with positions in the policy file; empty when valid
};

// `service` is the name of the folder holding the file.
PolicyReadResult read_policy_file(SourcePtr source, std::string service);

}  // namespace cfn
