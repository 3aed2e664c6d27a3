// The SAM step (DESIGN.md, data flow): turns a SAM template into the CloudFormation the
// SAM translator would produce, so every rule written for CloudFormation types covers SAM.
#pragma once

#include "eval/parameters.h"
#include "model/loader.h"

namespace cfn {

// When the document's Transform names AWS::Serverless-2016-10-31, returns a new Document
// whose root is the CloudFormation SAM would produce: SAM resources replaced by what they
// expand to, Globals merged and removed, Transform kept. Otherwise returns the document
// unchanged. Invalid SAM becomes template-invalid-structure diagnostics at the SAM source
// position; the rest of the template is still expanded.
//
// Generated values keep the ranges of the SAM values they come from; synthesized values and
// the logical-id keys of generated resources get the range of the SAM node that caused them,
// and each generated resource carries Metadata."cfn-scan:origin" {Resource, Line, Column}.
//
// Where SAM itself resolves a Ref to a parameter (AutoPublishAlias, a domain's names), a value
// in `given` (--parameter) comes before the parameter's Default.
Document expand_sam(Document document, const ParameterValues& given = {});

// Whether a template root declares the SAM transform (a string or a list naming it).
bool declares_sam_transform(const Value& root);

}  // namespace cfn
