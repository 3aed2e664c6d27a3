// The pure parts of CloudFormation's intrinsic functions: string and address arithmetic
// that needs no template. The Evaluator resolves the arguments (Refs, nested functions)
// and calls these with plain values; keeping them free of Value trees makes each one
// testable on its own.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "model/value.h"

namespace cfn::intrinsics {

// Fn::Base64: standard alphabet, padded.
std::string base64(std::string_view text);

// Fn::Split: every occurrence of `delimiter` separates two items, so "a||b" split on "|"
// is ["a", "", "b"] and "" is [""]. An empty delimiter yields nullopt (CloudFormation
// rejects it).
std::optional<std::vector<std::string>> split(std::string_view text, std::string_view delimiter);

// Fn::Cidr for an IPv4 block ("10.0.0.0/16"): `count` blocks of 2^cidr_bits addresses,
// consecutive from the start of the block. nullopt when the block is not IPv4 CIDR text,
// count is outside 1..256, or the blocks do not fit (CloudFormation fails those). IPv6
// blocks are not computed (nullopt): their input is almost always a GetAtt of the VPC,
// unknown anyway.
std::optional<std::vector<std::string>> cidr(std::string_view ip_block, long long count,
                                             long long cidr_bits);

// Fn::Sub's template language: `${Name}` and `${Resource.Attribute}` call `variable`,
// `${!Literal}` is written as `${Literal}`. nullopt when a variable is unknown (the
// lookup returned nullopt) or a `${` is never closed.
// The lookup is called, never kept: a view of the caller's function, valid during the
// call only. (A std::function copied the resolver's lambda, which holds more references
// than it stores inline, into a heap block at every Fn::Sub.)
class SubLookup {
 public:
  template <class F, class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, SubLookup>>>
  SubLookup(F&& lookup)  // implicit, as std::function's is: callers pass a lambda
      : function_(const_cast<void*>(static_cast<const void*>(std::addressof(lookup)))),
        call_([](void* function, std::string_view name) -> std::optional<std::string> {
          return (*static_cast<std::remove_reference_t<F>*>(function))(name);
        }) {}
  std::optional<std::string> operator()(std::string_view name) const { return call_(function_, name); }

 private:
  void* function_;
  std::optional<std::string> (*call_)(void*, std::string_view);
};
std::optional<std::string> substitute(std::string_view text, const SubLookup& variable);
// The text with each variable `variable` knows replaced by its value, the others kept as
// ${Name} (blanks around the name dropped) and escapes as ${!...}: a Sub text that gives
// the same string. nullopt when a ${ is never closed.
std::optional<std::string> substitute_some(std::string_view text, const SubLookup& variable);
// For a Fn::Sub that stays unknown: the text with the variables `variable` knows filled in
// and the others kept as ${Name} (escapes kept as ${!...}), so rules can still read the
// known parts ("arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess"). nullopt when
// no variable is known, a known value holds "${" (it would read as a variable), or a ${
// is never closed.
std::optional<std::string> substitute_known(std::string_view text, const SubLookup& variable);

// The literal runs of a Fn::Sub string, split where a variable stands (so one more run
// than variables; `${!Literal}` is the literal text `${Literal}`): the parts of the
// result that are known whatever the variables hold. nullopt when a ${ is never closed.
std::optional<std::vector<std::string>> sub_literal_runs(std::string_view text);
// The same for a value that is a Fn::Sub call (`text` or `[text, variables]`); nullopt for
// any other value.
std::optional<std::vector<std::string>> sub_literal_runs(const Value& call);

// The same for a Fn::Join call whose delimiter is known and whose parts are literals,
// Fn::Sub calls, nested joins, or a Ref or Fn::GetAtt (each one unknown part): the CDK's way
// of writing an ARN, `["", [{Fn::GetAtt: [B, Arn]}, "/*"]]` giving {"", "/*"}. nullopt for
// any other value, or a part of another kind (an Fn::If, an import), which may hold anything.
std::optional<std::vector<std::string>> join_literal_runs(const Value& call);
// Any of those: a literal string (one run), a Fn::Sub or a Fn::Join; nullopt otherwise.
std::optional<std::vector<std::string>> literal_runs(const Value& value);
// A value as far as the template writes it: its literal runs joined by a stand-in,
// kUnknownPart, where each unknown part goes (`!Sub arn:${AWS::Partition}:iam::*:role/${Name}`
// is "arn:?:iam::*:role/?" with ? the stand-in). The stand-in is no wildcard, no separator
// and no character a template writes, so what is found in the text is what the author
// wrote, and a reader can tell where a part is unknown. nullopt when literal_runs is.
inline constexpr char kUnknownPart = '\x1f';
std::optional<std::string> written_text(const Value& value);

// The names (parameters, or other Ref targets) that decide a value as written: a Ref's;
// the Refs that choose a Mappings entry when the entries they may choose differ (`mappings`
// is the template's section, or null); a Select's chosen item, or its index when the items
// differ; a Sub that is one variable ("${Account}", or a variable of its map); a Join that
// adds no text around its one other part. Not a name that is one part of a text
// ("arn:aws:kms:${Region}:...:alias/aws/s3" is about aws/s3 whatever the Region), nor
// anything inside an Fn::If, whose branch may not be the one deployed. Used to say that a
// finding holds for a parameter's Default.
std::vector<std::string> deciding_parameters(const Value& value, const Value* mappings);

// The names a Fn::Sub string refers to ("X" or "X.Attr"), in order of appearance, read
// as substitute() reads them: `${!...}` escapes excluded, nothing after a ${ that is never
// closed. Views into `text`. The graph builder makes them Ref / GetAtt edges.
std::vector<std::string_view> sub_variable_names(std::string_view text);

// What the argument of an intrinsic function call must be, when the call's argument is not
// that ("a list of a condition name and two values" for `!If [C, x]`): CloudFormation
// rejects the template, and the evaluator can only leave the call unknown. nullopt when
// the shape is right, when the argument is itself a call (whose result may be what the
// function takes), for a Fn::GetAtt with nothing after it (a reference by an empty name),
// and for functions whose argument takes any shape (Fn::Base64, Fn::GetAZs,
// Fn::ImportValue...). Checked: Ref, Fn::If, Fn::Equals, Fn::Not, Fn::And, Fn::Or,
// Fn::Select, Fn::Join, Fn::Split, Fn::FindInMap, Fn::Cidr, Fn::GetAtt, Fn::GetStackOutput
// and Fn::Sub, each argument where the function takes one value, a string or a condition.
// An Fn:: name CloudFormation does not know (`Fn::GetAtts`) gets kNoSuchFunction.
std::optional<std::string_view> wrong_shape(const Value::Entry& call);
inline constexpr std::string_view kNoSuchFunction = "a function CloudFormation knows";

// What a call needs the AWS::LanguageExtensions transform for, when it does: Fn::Length and
// Fn::ToJsonString exist only under it (kTransformFunction), and so does Fn::FindInMap's
// DefaultValue (kTransformDefaultValue). nullopt otherwise.
std::optional<std::string_view> needs_language_extensions(const Value::Entry& call);
inline constexpr std::string_view kTransformFunction = "the AWS::LanguageExtensions transform in the template's Transform";
inline constexpr std::string_view kTransformDefaultValue =
    "the AWS::LanguageExtensions transform in the template's Transform for its DefaultValue";

// Fn::ToJsonString of a value with no intrinsic left in it: compact JSON, mapping keys
// in template order. Plain (unquoted) scalars that read as JSON numbers, true/false or
// null are written bare, as CloudFormation's own YAML-to-JSON step does; every other
// scalar is a string.
std::string to_json_string(const Value& value);

// The Fn::Sub template that produces the same string as `value`, so that every way of
// writing a name or ARN compares alike: "my-fn", "${Fn}", "${Fn.Arn}", "/aws/lambda/${Fn}"
// (a literal, a Ref, a GetAtt, a Sub, a Join of those, a Select); nullopt for anything else
// (Fn::If is resolved per branch).
std::optional<std::string> canonical_text(const Value& value);
// A literal written as Fn::Sub template text: `${` is escaped as `${!`.
std::string escape_literal(std::string_view text);

}  // namespace cfn::intrinsics
