// Building and copying Value trees for the SAM step. Every value made here takes a range
// from the SAM node that caused it, so a finding on generated CloudFormation lands on the
// SAM line that asked for it.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/value.h"

namespace cfn::sam {

// A quoted string scalar (the form CloudFormation strings take in JSON output).
Value text(std::string content, Range range);
// An unquoted scalar: numbers and booleans SAM writes itself.
Value plain(std::string content, Range range);
Value mapping(Range range);
Value sequence(Range range);
Value sequence_of(std::vector<Value> items, Range range);

// Sets `key` in a mapping, replacing an existing entry in place (order kept) or appending.
Value& put(Value& map, std::string_view key, Value value, Range key_range = {});
// Removes `key` from a mapping when present.
void erase(Value& map, std::string_view key);
Value* find_mutable(Value& map, std::string_view key);
// The mapping at `key` of a mapping, put there (at `range`) when missing or not a mapping:
// where SAM adds to a resource it does not own (a bucket's notifications, a pool's triggers).
Value& mapping_at(Value& map, std::string_view key, Range range);

// {"Action": [actions], "Effect": "Allow", "Resource": resources}, as SAM writes statements.
Value allow_statement(const std::vector<const char*>& actions, Value resources, Range range);
// {function: argument}: an intrinsic function call.
Value call(std::string_view function, Value argument, Range range);
Value ref(std::string_view logical_id, Range range);
Value get_att(std::string_view logical_id, std::string_view attribute, Range range);
Value sub(std::string format, Range range);
// {"Fn::Sub": [format, {name: value, ...}]}
Value sub_with(std::string format, std::vector<std::pair<std::string, Value>> variables, Range range);
Value fn_if(std::string_view condition, Value then_value, Value else_value, Range range);
Value no_value(Range range);

// A mapping that is an intrinsic function call ({Ref: X}, {Fn::...: ...}).
bool is_intrinsic(const Value& value);
// The scalar text of a non-null scalar, or nullopt.
std::optional<std::string> scalar_text(const Value* value);
// The logical id a {Ref: X} points at, or nullopt.
std::optional<std::string> ref_target(const Value& value);
// The logical id of {Fn::GetAtt: [X, Y]} or {Fn::GetAtt: "X.Y"}, or nullopt.
std::optional<std::string> get_att_target(const Value& value);

// Compact canonical JSON text of a tree (keys in order written); used for hashing.
std::string canonical_text(const Value& value);
// A route as execute-api ARNs and resource policies name it: "GET/items/*" for get
// /items/{id}; ANY is "*", each path parameter "*".
std::string route_in_arn(std::string_view method, std::string_view path);
// Ten lower-case hex digits of a stable hash: SAM's Deployment and Version ids carry one.
std::string short_hash(std::string_view content);
// SHA-1 of `content` as 40 lower-case hex digits.
std::string sha1_hex(std::string_view content);
// The hash SAM puts in some generated logical ids (ApiGatewayDomainName<hash>,
// RecordSetGroup<hash>): ten hex digits of the SHA-1 of a string as it is, or of any other
// value as compact JSON with sorted keys, as the translator writes it.
std::string logical_id_hash(const Value& value);

// Deep merge as SAM's Globals do it: maps merge key by key, lists concatenate (global
// first), anything else (scalars, intrinsics, mismatched kinds) takes the local value.
Value merge_globals(const Value& global, const Value& local);

}  // namespace cfn::sam
