// The SAM policy templates (DynamoDBCrudPolicy, S3ReadPolicy, ...) as data: a table generated
// from the SAM project's policy_templates.json by tools/gen_sam_policy_templates.py.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cfn::sam {

struct PolicyTemplate {
  std::string_view name;
  std::vector<std::string_view> parameters;  // sorted
  std::string_view definition_json;          // {"Statement": [...]} with {"Ref": "<parameter>"} placeholders
};

const std::vector<PolicyTemplate>& policy_templates();
std::string_view policy_templates_version();
// Null when `name` is not a SAM policy template.
const PolicyTemplate* find_policy_template(std::string_view name);

}  // namespace cfn::sam
