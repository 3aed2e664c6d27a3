// Shared between the function expansion and its event sources.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sam/context.h"

namespace cfn::sam {

// What a function's events add to the function's own role.
struct EventNeeds {
  std::vector<Value> managed;          // managed policy ARNs
  std::vector<Value> inline_policies;  // {PolicyName, PolicyDocument}
  bool has_mq_policy = false;          // the first MQ event's policy has SAM's fixed name
};

// What the events of a function or state machine target.
struct EventTarget {
  const SamResource* owner = nullptr;
  Value arn;         // the target's ARN (GetAtt Fn.Arn, or the alias)
  Value name;        // Ref of the function (permissions' FunctionName)
  bool is_function = true;
};

// Generates each event's resources for a function (S3, SNS, SQS, Kinesis, DynamoDB, MSK,
// MQ, SelfManagedKafka, DocumentDB, Schedule, ScheduleV2, CloudWatchEvent, EventBridgeRule,
// CloudWatchLogs, IoTRule, AlexaSkill, Cognito, Api, HttpApi) and returns what its role needs.
EventNeeds expand_function_events(Context& context, const EventTarget& target);

// Generates the resources of a state machine's events (Schedule, ScheduleV2,
// CloudWatchEvent, EventBridgeRule, Api), each with the role that starts executions.
void expand_state_machine_events(Context& context, const EventTarget& target);

// The events mapping of a resource, validated (null when absent).
const Value* events_of(const SamResource& resource);

// Resolves a Ref to a parameter with a default, as SAM does for a few properties
// (AutoPublishAlias, Tracing, StageName...). Returns the value itself otherwise.
const Value& resolve_parameter(const Context& context, const Value& value);

// The logical id of the alias AutoPublishAlias gives a function (<Fn>Alias<name>), if any.
std::optional<std::string> alias_logical_id(const Context& context, const SamResource& function);

// Adds a Lambda::Permission letting `principal` invoke the target.
Value& add_permission(Context& context, const EventTarget& target, const std::string& logical_id,
                      const std::string& principal, Value source_arn, Range cause, const char* source_key = "SourceArn");

}  // namespace cfn::sam
