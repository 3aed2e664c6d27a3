// Documents written as JSON text. CloudFormation accepts a PolicyDocument (and
// AssumeRolePolicyDocument, KeyPolicy, AccessPolicies..., and EMR's SecurityConfiguration)
// as a JSON string as well as a mapping; templates converted from older tools often use
// the string. Checks read one shape, so the variants a check sees hold the parsed
// document instead of the text. So is the SDK call of a CDK AwsCustomResource (its Create
// and Update), with the documents in the call's parameters.
#pragma once

#include <memory>

#include "model/value.h"

namespace cfn {

// `properties` with each such property that is a JSON object in text form (a string, or a
// Fn::Sub whose variables stay unknown: the strings holding them become Fn::Sub calls of
// their own) replaced by the parsed document. When the text is a YAML literal block scalar (`|`) in `source`, the
// template it was read from, each value keeps the line and column where it is written
// there; otherwise every value has the string's range (a finding inside it points at the
// string). Null when there is nothing to replace.
std::shared_ptr<const Value> parse_json_text_documents(const Value& properties, const SourceFile* source = nullptr);

}  // namespace cfn
