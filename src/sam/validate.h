// The translator's own validations of a SAM resource, before anything is generated.
#pragma once

#include <string_view>

#include "sam/context.h"

namespace cfn::sam {

// Throws SamError at the offending value when `resource` is not valid SAM.
void validate_resource(const SamResource& resource);

}  // namespace cfn::sam
