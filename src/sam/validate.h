// The translator's own validations of a SAM resource, before anything is generated.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "sam/context.h"

namespace cfn::sam {

// Throws SamError at the offending value when `resource` is not valid SAM.
void validate_resource(const SamResource& resource);

// Each property `resource` writes that SAM does not define for its type, with SAM's words
// for it ("property X not defined for resource of type AWS::Serverless::T"); none for a
// type without a list.
void for_each_undefined_property(const SamResource& resource,
                                 const std::function<void(const Value::Entry&, const std::string&)>& visit);

}  // namespace cfn::sam
