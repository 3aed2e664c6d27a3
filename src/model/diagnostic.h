// A problem found while reading a template, before any rule runs. It names a
// `template-*` rule; the engine turns it into a finding with that rule's metadata.
#pragma once

#include <string>

#include "model/source.h"

namespace cfn {

struct Diagnostic {
  std::string rule_id;        // e.g. "template-parse-error"
  Range range;                // where the problem is
  std::string message;        // complete sentence, names what is wrong
  std::string logical_id;     // resource/parameter/output id when there is one
  std::string property_path;  // e.g. "Resources.Bucket.Properties"
};

}  // namespace cfn
