// The AWS::LanguageExtensions step for Fn::ForEach: turns loops into the entries they
// stand for, so every later stage (SAM, rules) sees plain CloudFormation.
#pragma once

#include "eval/parameters.h"
#include "model/loader.h"

namespace cfn {

// When the document's Transform names AWS::LanguageExtensions (a string or a list naming
// it), replaces every `Fn::ForEach::<Loop>: [Identifier, Collection, {OutputKey: Value}]`
// entry in Resources, Conditions, Outputs and inside resource Properties (at any mapping
// depth) by the entries it expands to; nested loops are expanded too. Otherwise returns the
// document unchanged.
//
// Collection: a literal list of scalars; {Ref: P} where P is a CommaDelimitedList or
// List<...> parameter with a value in `given` (--parameter) or a Default; or
// Fn::FindInMap that finds a list in Mappings, its names literal or Refs to parameters with
// a value (given or Default); or Fn::Split of such a text.
//
// In output keys and all strings and mapping keys of output values, ${Identifier} becomes
// the item and &{Identifier} the item without its non-alphanumeric characters; a value
// {Ref: Identifier} becomes the item (a scalar at the Ref's range). Generated keys get the
// range of the OutputKey they come from; values keep their source ranges.
//
// Any other collection (a parameter without a value, Fn::GetAZs, an import...) is unknown:
// the body is expanded once for a stand-in item, with ${Identifier} and &{Identifier} as
// "{Identifier}" (the generated logical id reads Queue{Name}) and {Ref: Identifier} as
// {Fn::Select: [0, Collection]}, a value no rule judges. Text that names the identifier
// (`!Sub "orders-${Tenant}"`) is judged with "{Tenant}" in it, as a name would be. So the
// resources a loop creates are checked whatever its items, and nothing is reported about
// the loop itself.
//
// A loop of the wrong shape becomes a template-invalid-structure diagnostic at the loop's
// key and is left as written; the rest of the document is still expanded.
Document expand_foreach(Document document, const ParameterValues& given = {});

// Whether a template root declares the AWS::LanguageExtensions transform.
bool declares_language_extensions(const Value& root);

}  // namespace cfn
