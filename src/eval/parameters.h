// What the command line gives evaluation: parameter values (`--parameter KEY=VALUE`,
// `--parameters FILE`) and its limits (`--max-eval-steps`).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/source.h"
#include "model/value.h"

namespace cfn {

// Values by parameter name. Pseudo parameters may be given too ("AWS::Region"); list
// parameters take their comma-separated text ("subnet-1,subnet-2").
struct ParameterValues {
  std::map<std::string, std::string, std::less<>> values;
};

// A parameter type whose value is a list: CommaDelimitedList, List<...>, and the SSM types
// that hold one (AWS::SSM::Parameter::Value<List<String>>).
bool is_list_parameter_type(std::string_view type);
// A parameter type whose Default names an SSM parameter, whose content is the value, read
// at deploy time (AWS::SSM::Parameter::Value<...>).
bool is_ssm_parameter_type(std::string_view type);

// Limits on evaluation (docs/limits.md). Running out is a template-limit-exceeded finding
// at the value where evaluation stopped; what was left unresolved is unknown.
struct EvalLimits {
  size_t max_steps = 100'000;  // rewrites per resolution (one resource variant, one condition)
};

// A list parameter's text as CloudFormation reads it: comma-separated, each item trimmed
// of spaces and tabs; "" is no item.
std::vector<std::string> split_list_parameter(std::string_view text);

// What a template's Parameters section cannot take from `given`: one message per value
// outside a parameter's AllowedValues ("parameter Env: 'prod' is not one of its
// AllowedValues (dev, production)"), each item of a list parameter judged alone.
// CloudFormation rejects such a value; the scan still uses it.
std::vector<std::string> disallowed_parameter_values(const Value* parameters, const ParameterValues& given);

// Adds one `--parameter KEY=VALUE` (the value may be empty and may hold '='). Returns an
// error message when the argument has no '=' or an empty key. A later value for the same
// key replaces an earlier one, so apply a file first and single arguments after it.
std::optional<std::string> add_parameter_argument(ParameterValues& into, std::string_view argument);

// Adds the values of a parameters file, in any of the forms the AWS tools write:
//   [{"ParameterKey": "K", "ParameterValue": "V"}, ...]   (aws cloudformation create-stack)
//   {"Parameters": {"K": "V"}}                              (deploy / CodePipeline config)
//   ["K=V", ...]                                            (aws cloudformation deploy)
// Numbers and booleans are taken as their text, a list as its items joined by commas.
// Returns one message per problem, "FILE:LINE:COLUMN: what is wrong"; the well-formed
// entries are still added.
std::vector<std::string> add_parameters_file(ParameterValues& into, const SourcePtr& source);
// Reads the file from disk first; an unreadable file is one message.
std::vector<std::string> read_parameters_file(ParameterValues& into, const std::string& path);

}  // namespace cfn
