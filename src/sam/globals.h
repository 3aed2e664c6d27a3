// The Globals section: which properties each SAM resource type accepts there, and the merge.
#pragma once

#include <string>
#include <string_view>

#include "sam/context.h"

namespace cfn::sam {

// Reads Globals into context.globals (section name -> mapping); problems become diagnostics
// and the offending section or key is left out.
void read_globals(Context& context, const Value* globals);
// The resource's properties with its type's Globals merged in, honouring IgnoreGlobals.
Value properties_with_globals(Context& context, std::string_view sam_type, const Value& resource,
                              std::string_view logical_id);

}  // namespace cfn::sam
