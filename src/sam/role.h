// The IAM role SAM creates for a function or state machine that has no Role: managed
// policies, inline documents and SAM policy templates from Policies, plus what the
// resource's features need (X-Ray, VPC, event sources, dead-letter queue).
#pragma once

#include <string>
#include <vector>

#include "sam/context.h"

namespace cfn::sam {

struct RoleSpec {
  std::string service;                    // "lambda.amazonaws.com"
  std::vector<Value> managed_before;      // ARNs SAM puts ahead of the user's Policies
  std::vector<Value> managed_after;       // and after them (a state machine's X-Ray policy)
  std::vector<Value> inline_policies;     // complete {PolicyName, PolicyDocument} entries
  std::string tag_key;                    // "lambda:createdBy"; "" for none
  const Value* tags = nullptr;            // the resource's own Tags mapping, copied onto the role
};

// A managed policy name or ARN as SAM writes it in ManagedPolicyArns ("AWSLambdaRole" is
// arn:aws:iam::aws:policy/service-role/AWSLambdaRole).
Value managed_policy_arn(const Value& name);
// The ARN of an AWS managed policy, by name, with its path.
std::string aws_managed_policy(std::string_view name);

// The trust policy SAM writes for a role a service assumes: Allow sts:AssumeRole to it.
Value assume_role_document(const std::string& service, Range range);

// Adds `<resource>Role` to the output and returns it.
Value& build_role(Context& context, const SamResource& owner, const RoleSpec& spec);

// {"Key": key, "Value": value} list: SAM's own tag first, then the resource's Tags mapping.
Value tag_list(const std::string& sam_key, const std::string& sam_value, const Value* tags, Range range);

}  // namespace cfn::sam
