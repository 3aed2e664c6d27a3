// `cfn-scan graph FILE --format dot|mermaid|json`: the template's resource graph, with
// the resources that have findings drawn in red and named in a legend.
#pragma once

#include <istream>
#include <ostream>
#include <string>

namespace cfn {

// Status 0 when the graph was written; 2 (with a message on err) for an unknown format,
// a file that cannot be read, is not a CloudFormation template, or does not parse.
// `file` "-" reads the template from `in`.
int run_graph(const std::string& file, const std::string& format, std::istream& in, std::ostream& out,
              std::ostream& err);

}  // namespace cfn
