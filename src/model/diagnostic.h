// A problem found while reading a template, before any rule runs. It names a
// `template-*` rule; the engine turns it into a finding with that rule's metadata.
#pragma once

#include <string>
#include <string_view>

#include "model/source.h"

namespace cfn {

struct Diagnostic {
  std::string rule_id;        // e.g. "template-parse-error"
  Range range;                // where the problem is
  std::string message;        // complete sentence, names what is wrong
  std::string logical_id;     // resource/parameter/output id when there is one
  std::string property_path;  // e.g. "Resources.Bucket.Properties"
};

// How a loader words a quote or bracket the file ends inside, reported where it opens (the
// end of a file that ends with a line break is past its last line, where a report shows
// nothing): "the <what> that starts here is not closed before the end of the file".
inline std::string not_closed_before_end(std::string_view what) {
  return "the " + std::string(what) + " that starts here is not closed before the end of the file";
}

}  // namespace cfn
