// `cfn-scan expand FILE`: what the checks see, as a JSON CloudFormation template: SAM
// expanded, Globals merged, each generated resource with Metadata."cfn-scan:origin".
#pragma once

#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "model/value.h"

namespace cfn {

// 0 when the template was printed (problems found on the way go to `err` as
// FILE:LINE:COLUMN: RULE: message lines); 2 when the file cannot be read or parsed, or a
// `parameters` argument (KEY=VALUE, as scan's --parameter) is malformed. `file` "-"
// reads the template from `in`.
int run_expand(const std::string& file, const std::vector<std::string>& parameters, std::istream& in, std::ostream& out,
               std::ostream& err);

// A Value tree as JSON text. Quoted scalars are strings; plain scalars that YAML and
// CloudFormation read as null, booleans or numbers are written as such.
std::string value_to_json(const Value& value, int indent = 2);

}  // namespace cfn
