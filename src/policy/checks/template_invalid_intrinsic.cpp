// template-invalid-intrinsic: an intrinsic function call whose argument has the wrong shape
// (`!If [IsProd, false]`), or an Fn:: name CloudFormation does not know (`Fn::GetAtts`, the
// long form of what template-unknown-tag reports for `!GetAtts`). The graph records them
// as it walks the references; this check words them. A template whose values a macro may
// still rewrite (a Transform other than SAM and AWS::LanguageExtensions, a Fn::Transform)
// is not judged.
#include <cstdint>
#include <set>
#include <string>
#include <utility>

#include "eval/intrinsics.h"
#include "graph/graph.h"
#include "policy/checks/checks.h"

namespace cfn::checks {

void template_invalid_intrinsic(CheckContext& ctx) {
  const Template& tmpl = ctx.tmpl();
  if (!tmpl.root() || macro_may_rewrite(tmpl)) return;
  const ResourceGraph& graph = ctx.graph();
  // A call the SAM step copies into several generated resources is written once: reported once.
  std::set<std::pair<uint32_t, uint32_t>> reported;
  for (const MalformedCall& call : graph.malformed()) {
    // CloudFormation does not validate what a resource's Metadata holds: a tool's own
    // "Fn::" keys there may be data, and so are Fn::Length or Fn::ToJsonString without the
    // transform that makes them functions.
    bool not_a_function = call.expected == intrinsics::kNoSuchFunction || call.expected == intrinsics::kTransformFunction;
    if (not_a_function && resource_attribute(call.property_path) == "Metadata") continue;
    if (!call.range.known() || !reported.emplace(call.range.begin.line, call.range.begin.column).second) continue;
    std::string subject = call.expected == intrinsics::kNoSuchFunction
                              ? call.function + " is not a function CloudFormation knows"
                              : call.function + " needs " + std::string(call.expected);
    ctx.report_at(std::string(graph.at(call.from).logical_id), std::move(subject), call.range, call.property_path);
  }
}

}  // namespace cfn::checks
