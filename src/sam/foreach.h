// The AWS::LanguageExtensions step for Fn::ForEach: turns loops into the entries they
// stand for, so every later stage (SAM, rules) sees plain CloudFormation.
#pragma once

#include "model/loader.h"

namespace cfn {

// When the document's Transform names AWS::LanguageExtensions (a string or a list naming
// it), replaces every `Fn::ForEach::<Loop>: [Identifier, Collection, {OutputKey: Value}]`
// entry in Resources, Conditions, Outputs and inside resource Properties (at any mapping
// depth) by the entries it expands to; nested loops are expanded too. Otherwise returns the
// document unchanged.
//
// Collection: a literal list of scalars, or {Ref: P} where P is a CommaDelimitedList or
// List<...> parameter with a Default. Any other collection (no default, another intrinsic)
// is unknown: the loop is left as written and nothing is reported.
//
// In output keys and all strings and mapping keys of output values, ${Identifier} becomes
// the item and &{Identifier} the item without its non-alphanumeric characters; a value
// {Ref: Identifier} becomes the item (a scalar at the Ref's range). Generated keys get the
// range of the OutputKey they come from; values keep their source ranges.
//
// A loop of the wrong shape becomes a template-invalid-structure diagnostic at the loop's
// key and is left as written; the rest of the document is still expanded.
Document expand_foreach(Document document);

// Whether a template root declares the AWS::LanguageExtensions transform.
bool declares_language_extensions(const Value& root);

}  // namespace cfn
