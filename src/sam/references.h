// SAM's referenceable properties: `!Ref MyFunction.Alias`, `!Ref MyApi.Stage`,
// `!GetAtt MyFunction.Alias.Arn` (or [MyFunction.Alias, Arn]) and `${MyHttpApi.Stage}` in a
// Fn::Sub name a resource SAM generates for that SAM resource. SAM replaces them by the
// generated logical id before CloudFormation sees the template, so the graph (and every
// rule that follows a reference) must see the generated resource too.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "model/value.h"

namespace cfn::sam {

// "MyFunction.Alias" -> "MyFunctionAliaslive".
using ReferenceableProperties = std::map<std::string, std::string, std::less<>>;

// The referenceable property a generated resource stands for ("Alias", "Stage"), by the
// SAM resource type ("Function") and the generated CloudFormation type; "" when none.
std::string_view referenceable_property(std::string_view sam_type, std::string_view generated_type);

// `root` with every Ref, Fn::GetAtt and Fn::Sub variable that names a referenceable
// property rewritten to the generated logical id, positions kept. `written` is the
// template's text: only a name written there can be such a reference (the SAM step writes
// none), and most templates write none, so most are not walked at all.
void resolve_referenceable_properties(Value& root, const ReferenceableProperties& properties, std::string_view written);

}  // namespace cfn::sam
