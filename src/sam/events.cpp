// Function event sources: each event becomes the resources that connect its source to the
// function, named <Function><Event>..., anchored at the event's key.
#include <cctype>
#include <map>

#include "sam/function.h"
#include "sam/role.h"
#include "sam/values.h"

namespace cfn::sam {

namespace {

struct Event {
  std::string id;        // the event's key
  Range range;           // the event's key range
  std::string type;
  Value properties;      // mapping, empty when absent
  std::string logical_id() const { return owner_id + id; }
  std::string owner_id;

  const Value* property(std::string_view name) const { return properties.find(name); }
  const Value& required(std::string_view name) const {
    const Value* value = properties.find(name);
    if (!value) throw SamError(range, "event " + id + " (" + type + ") needs the property " + std::string(name));
    return *value;
  }
};

Value& add_generated(Context& context, const EventTarget& target, const std::string& id, const std::string& type,
                     const Event& event) {
  Value& resource = context.add(*target.owner, id, type, event.range);
  context.copy_attributes(*target.owner, resource, false);
  return put(resource, "Properties", mapping(event.range), event.range);
}

void copy_properties(Value& into, const Event& event, std::initializer_list<const char*> names) {
  for (const char* name : names)
    if (const Value::Entry* entry = event.properties.find_entry(name)) put(into, name, entry->value, entry->key_range);
}

// --- stream and queue pollers: one event source mapping each ---

void event_source_mapping(Context& context, const EventTarget& target, const Event& event, const char* source_key,
                          std::initializer_list<const char*> copied) {
  Value& properties = add_generated(context, target, event.logical_id(), "AWS::Lambda::EventSourceMapping", event);
  if (source_key) put(properties, "EventSourceArn", event.required(source_key), event.range);
  put(properties, "FunctionName", target.name, event.range);
  copy_properties(properties, event, copied);
}

#define POLLER_PROPERTIES                                                                                      \
  "BatchSize", "Enabled", "FilterCriteria", "MaximumBatchingWindowInSeconds", "FunctionResponseTypes",         \
      "KmsKeyArn", "MetricsConfig", "ProvisionedPollerConfig", "StartingPosition", "StartingPositionTimestamp", \
      "MaximumRecordAgeInSeconds", "MaximumRetryAttempts", "BisectBatchOnFunctionError", "DestinationConfig",  \
      "ParallelizationFactor", "TumblingWindowInSeconds", "ScalingConfig"

void sqs(Context& context, const EventTarget& target, const Event& event, EventNeeds& needs) {
  event_source_mapping(context, target, event, "Queue", {POLLER_PROPERTIES});
  needs.managed.push_back(text(aws_managed_policy("AWSLambdaSQSQueueExecutionRole"), event.range));
}

void kinesis(Context& context, const EventTarget& target, const Event& event, EventNeeds& needs) {
  event_source_mapping(context, target, event, "Stream", {POLLER_PROPERTIES});
  needs.managed.push_back(text(aws_managed_policy("AWSLambdaKinesisExecutionRole"), event.range));
}

void dynamodb(Context& context, const EventTarget& target, const Event& event, EventNeeds& needs) {
  event_source_mapping(context, target, event, "Stream", {POLLER_PROPERTIES});
  needs.managed.push_back(text(aws_managed_policy("AWSLambdaDynamoDBExecutionRole"), event.range));
}

void msk(Context& context, const EventTarget& target, const Event& event, EventNeeds& needs) {
  event_source_mapping(context, target, event, "Stream",
                       {POLLER_PROPERTIES, "Topics", "ConsumerGroupId", "SourceAccessConfigurations",
                        "AmazonManagedKafkaEventSourceConfig", "SchemaRegistryConfig"});
  needs.managed.push_back(text(aws_managed_policy("AWSLambdaMSKExecutionRole"), event.range));
}

Value statement(std::vector<Value> actions, Value resource, Range range) {
  Value result = mapping(range);
  put(result, "Action", sequence_of(std::move(actions), range), range);
  put(result, "Effect", text("Allow", range), range);
  put(result, "Resource", std::move(resource), range);
  return result;
}

Value policy(std::string name, std::vector<Value> statements, Range range) {
  Value document = mapping(range);
  put(document, "Statement", sequence_of(std::move(statements), range), range);
  Value result = mapping(range);
  put(result, "PolicyName", text(std::move(name), range), range);
  put(result, "PolicyDocument", std::move(document), range);
  return result;
}

std::vector<Value> texts(std::initializer_list<const char*> items, Range range) {
  std::vector<Value> out;
  for (const char* item : items) out.push_back(text(item, range));
  return out;
}

// The secret a poller reads, from SourceAccessConfigurations (BASIC_AUTH, SASL_*, ...).
Value secret_resource(const Event& event, bool required) {
  const Value* configurations = event.property("SourceAccessConfigurations");
  if (configurations && configurations->is_sequence()) {
    for (const Value& configuration : configurations->items()) {
      auto type = configuration.is_mapping() ? scalar_text(configuration.find("Type")) : std::nullopt;
      if (!type) throw SamError(configuration.range(), "a SourceAccessConfigurations entry needs a Type");
      bool secret = *type == "BASIC_AUTH" || type->starts_with("SASL_") || *type == "CLIENT_CERTIFICATE_TLS_AUTH" ||
                    *type == "VIRTUAL_HOST";
      if (secret && *type != "VIRTUAL_HOST") {
        const Value* uri = configuration.find("URI");
        if (!uri) throw SamError(configuration.range(), "the " + *type + " entry needs a URI");
        return *uri;
      }
    }
  }
  if (required) throw SamError(event.range, "event " + event.id + " needs SourceAccessConfigurations with a secret");
  return Value{};
}

// Pollers whose permissions SAM writes inline: the broker or cluster, and its secrets.
void mq(Context& context, const EventTarget& target, const Event& event, EventNeeds& needs) {
  event_source_mapping(context, target, event, "Broker",
                       {POLLER_PROPERTIES, "Queues", "SourceAccessConfigurations"});
  Range at = event.range;
  needs.inline_policies.push_back(
      policy(event.property("SecretsManagerKmsKeyId") ? "SamAutoGeneratedAMQPolicy" : "SamAutoGeneratedAMQPolicy",
             {statement(texts({"secretsmanager:GetSecretValue"}, at), secret_resource(event, true), at),
              statement(texts({"mq:DescribeBroker"}, at), event.required("Broker"), at)},
             at));
}

void self_managed_kafka(Context& context, const EventTarget& target, const Event& event, EventNeeds& needs) {
  event_source_mapping(context, target, event, nullptr,
                       {POLLER_PROPERTIES, "Topics", "ConsumerGroupId", "SourceAccessConfigurations",
                        "KafkaBootstrapServers", "SelfManagedKafkaEventSourceConfig", "SchemaRegistryConfig"});
  Range at = event.range;
  needs.inline_policies.push_back(policy(
      "SelfManagedKafkaExecutionRolePolicy",
      {statement(texts({"secretsmanager:GetSecretValue"}, at), secret_resource(event, true), at)}, at));
}

void documentdb(Context& context, const EventTarget& target, const Event& event, EventNeeds& needs) {
  event_source_mapping(context, target, event, "Cluster",
                       {POLLER_PROPERTIES, "SourceAccessConfigurations", "DocumentDBEventSourceConfig"});
  Range at = event.range;
  needs.inline_policies.push_back(policy(
      "SamAutoGeneratedDocumentDBPolicy",
      {statement(texts({"rds:DescribeDBClusters", "rds:DescribeDBClusterParameters", "rds:DescribeDBSubnetGroups"},
                       at),
                 event.required("Cluster"), at),
       statement(texts({"secretsmanager:GetSecretValue"}, at), secret_resource(event, true), at)},
      at));
}

// --- push sources: a permission, plus the resource that delivers ---

void s3(Context& context, const EventTarget& target, const Event& event, EventNeeds&) {
  const Value& bucket = event.required("Bucket");
  auto bucket_id = ref_target(bucket);
  if (!bucket_id || context.input_type(*bucket_id) != "AWS::S3::Bucket")
    throw SamError(bucket.range(), "the S3 event's Bucket must be a Ref to an AWS::S3::Bucket in this template");
  std::string permission_id = event.logical_id() + "Permission";
  Value& permission = add_permission(context, target, permission_id, "s3.amazonaws.com",
                                     ref("AWS::AccountId", event.range), event.range, "SourceAccount");
  (void)permission;
  const Value& events = event.required("Events");
  auto add_configuration = [&](const Value& name) {
    Value configuration = mapping(event.range);
    put(configuration, "Event", name, event.range);
    put(configuration, "Function", target.arn, event.range);
    if (const Value::Entry* filter = event.properties.find_entry("Filter"))
      put(configuration, "Filter", filter->value, filter->key_range);
    context.bucket_notifications[*bucket_id].push_back(std::move(configuration));
  };
  if (events.is_sequence()) {
    for (const Value& name : events.items()) add_configuration(name);
  } else {
    add_configuration(events);
  }
  context.bucket_depends_on[*bucket_id].push_back(permission_id);
}

void sns(Context& context, const EventTarget& target, const Event& event, EventNeeds& needs) {
  const Value& topic = event.required("Topic");
  const Value* sqs_subscription = event.property("SqsSubscription");
  bool through_queue = sqs_subscription && (sqs_subscription->is_mapping() || sqs_subscription->as_bool() == true);
  Value& subscription = add_generated(context, target, event.logical_id(), "AWS::SNS::Subscription", event);
  put(subscription, "TopicArn", topic, event.range);
  copy_properties(subscription, event, {"Region", "FilterPolicy", "FilterPolicyScope", "RedrivePolicy"});
  if (!through_queue) {
    put(subscription, "Endpoint", target.arn, event.range);
    put(subscription, "Protocol", text("lambda", event.range), event.range);
    add_permission(context, target, event.logical_id() + "Permission", "sns.amazonaws.com", topic, event.range);
    return;
  }
  put(subscription, "Protocol", text("sqs", event.range), event.range);
  const Value* queue_arn = sqs_subscription->is_mapping() ? sqs_subscription->find("QueueArn") : nullptr;
  Value queue = queue_arn ? *queue_arn : get_att(event.logical_id() + "Queue", "Arn", event.range);
  if (!queue_arn) add_generated(context, target, event.logical_id() + "Queue", "AWS::SQS::Queue", event);
  put(subscription, "Endpoint", queue, event.range);
  Value& queue_policy = add_generated(context, target, event.logical_id() + "QueuePolicy", "AWS::SQS::QueuePolicy", event);
  put(queue_policy, "Queues", sequence_of({queue_arn ? *sqs_subscription->find("QueueUrl") : ref(event.logical_id() + "Queue", event.range)}, event.range), event.range);
  Value& mapping_properties = add_generated(context, target, event.logical_id() + "EventSourceMapping",
                                            "AWS::Lambda::EventSourceMapping", event);
  put(mapping_properties, "EventSourceArn", queue, event.range);
  put(mapping_properties, "FunctionName", target.name, event.range);
  if (sqs_subscription->is_mapping()) {
    for (const char* name : {"BatchSize", "Enabled"})
      if (const Value* value = sqs_subscription->find(name)) put(mapping_properties, name, *value, event.range);
  }
  needs.managed.push_back(text(aws_managed_policy("AWSLambdaSQSQueueExecutionRole"), event.range));
}

// Rules (Schedule, CloudWatchEvent, EventBridgeRule): an Events::Rule targeting the function.
void rule(Context& context, const EventTarget& target, const Event& event, bool schedule) {
  Value& rule_properties = add_generated(context, target, event.logical_id(), "AWS::Events::Rule", event);
  if (event.property("State") && event.property("Enabled"))
    throw SamError(event.range, "event " + event.id + " sets both State and Enabled");
  if (schedule) {
    put(rule_properties, "ScheduleExpression", event.required("Schedule"), event.range);
    if (const Value* enabled = event.property("Enabled"))
      put(rule_properties, "State", text(enabled->as_bool() == false ? "DISABLED" : "ENABLED", enabled->range()));
    copy_properties(rule_properties, event, {"State", "Description", "Name"});
  } else {
    put(rule_properties, "EventPattern", event.required("Pattern"), event.range);
    copy_properties(rule_properties, event, {"EventBusName", "State", "RuleName"});
    if (Value* name = find_mutable(rule_properties, "RuleName")) {
      put(rule_properties, "Name", *name, event.range);
      erase(rule_properties, "RuleName");
    }
  }
  Value target_entry = mapping(event.range);
  put(target_entry, "Arn", target.arn, event.range);
  std::string target_id = event.logical_id() + (target.is_function ? "LambdaTarget" : "StepFunctionsTarget");
  if (const Value* id = event.property("Target"); id && id->is_mapping() && id->find("Id")) {
    put(target_entry, "Id", *id->find("Id"), event.range);
  } else {
    put(target_entry, "Id", text(target_id, event.range), event.range);
  }
  copy_properties(target_entry, event, {"Input", "InputPath", "InputTransformer", "RetryPolicy"});
  const Value* dead_letter = event.property("DeadLetterConfig");
  if (dead_letter && dead_letter->is_mapping()) {
    Value config = mapping(dead_letter->range());
    if (const Value* arn = dead_letter->find("Arn")) {
      put(config, "Arn", *arn, dead_letter->range());
    } else {
      std::string queue_id = event.logical_id() + "Queue";
      if (const Value* name = dead_letter->find("QueueLogicalId")) queue_id = scalar_text(name).value_or(queue_id);
      add_generated(context, target, queue_id, "AWS::SQS::Queue", event);
      Value& queue_policy = add_generated(context, target, queue_id + "Policy", "AWS::SQS::QueuePolicy", event);
      put(queue_policy, "Queues", sequence_of({ref(queue_id, event.range)}, event.range), event.range);
      put(config, "Arn", get_att(queue_id, "Arn", event.range), event.range);
    }
    put(target_entry, "DeadLetterConfig", std::move(config), dead_letter->range());
  }
  put(rule_properties, "Targets", sequence_of({std::move(target_entry)}, event.range), event.range);
  if (target.is_function)
    add_permission(context, target, event.logical_id() + "Permission", "events.amazonaws.com",
                   get_att(event.logical_id(), "Arn", event.range), event.range);
}

void schedule(Context& context, const EventTarget& target, const Event& event, EventNeeds&) {
  rule(context, target, event, true);
}
void pattern_rule(Context& context, const EventTarget& target, const Event& event, EventNeeds&) {
  rule(context, target, event, false);
}

// EventBridge Scheduler: the schedule and the role it assumes to invoke the target.
void schedule_v2(Context& context, const EventTarget& target, const Event& event, EventNeeds&) {
  Value& properties = add_generated(context, target, event.logical_id(), "AWS::Scheduler::Schedule", event);
  copy_properties(properties, event, {"ScheduleExpression", "FlexibleTimeWindow", "Name", "Description", "GroupName",
                                      "StartDate", "EndDate", "ScheduleExpressionTimezone", "State", "KmsKeyArn"});
  if (!properties.find("FlexibleTimeWindow")) {
    Value window = mapping(event.range);
    put(window, "Mode", text("OFF", event.range), event.range);
    put(properties, "FlexibleTimeWindow", std::move(window), event.range);
  }
  Value schedule_target = mapping(event.range);
  put(schedule_target, "Arn", target.arn, event.range);
  if (event.property("RoleArn")) {
    put(schedule_target, "RoleArn", *event.property("RoleArn"), event.range);
  } else {
    std::string role_id = event.logical_id() + "Role";
    put(schedule_target, "RoleArn", get_att(role_id, "Arn", event.range), event.range);
    Value& role = add_generated(context, target, role_id, "AWS::IAM::Role", event);
    Range at = event.range;
    Value assume = mapping(at);
    Value principal = mapping(at);
    put(principal, "Service", sequence_of({text("scheduler.amazonaws.com", at)}, at), at);
    Value assume_statement = mapping(at);
    put(assume_statement, "Action", sequence_of({text("sts:AssumeRole", at)}, at), at);
    put(assume_statement, "Effect", text("Allow", at), at);
    put(assume_statement, "Principal", std::move(principal), at);
    put(assume, "Version", text("2012-10-17", at), at);
    put(assume, "Statement", sequence_of({std::move(assume_statement)}, at), at);
    put(role, "AssumeRolePolicyDocument", std::move(assume), at);
    const char* action = target.is_function ? "lambda:InvokeFunction" : "states:StartExecution";
    put(role, "Policies",
        sequence_of({policy(event.logical_id() + (target.is_function ? "LambdaPolicy" : "StartExecutionPolicy"),
                            {statement(texts({action}, at), target.arn, at)}, at)},
                    at),
        at);
  }
  put(properties, "Target", std::move(schedule_target), event.range);
}

void cloudwatch_logs(Context& context, const EventTarget& target, const Event& event, EventNeeds&) {
  std::string permission_id = event.logical_id() + "Permission";
  Value log_group_arn = sub_with("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${__LogGroupName__}:*",
                                 {{"__LogGroupName__", event.required("LogGroupName")}}, event.range);
  add_permission(context, target, permission_id, "logs.amazonaws.com", std::move(log_group_arn), event.range);
  Value& properties = add_generated(context, target, event.logical_id(), "AWS::Logs::SubscriptionFilter", event);
  put(properties, "DestinationArn", target.arn, event.range);
  copy_properties(properties, event, {"FilterPattern", "LogGroupName"});
  Value* filter = context.output_resource(event.logical_id());
  put(*filter, "DependsOn", sequence_of({text(permission_id, event.range)}, event.range), event.range);
}

void iot_rule(Context& context, const EventTarget& target, const Event& event, EventNeeds&) {
  Value& properties = add_generated(context, target, event.logical_id(), "AWS::IoT::TopicRule", event);
  Value payload = mapping(event.range);
  Value lambda_action = mapping(event.range);
  put(lambda_action, "FunctionArn", target.arn, event.range);
  Value action = mapping(event.range);
  put(action, "Lambda", std::move(lambda_action), event.range);
  put(payload, "Actions", sequence_of({std::move(action)}, event.range), event.range);
  put(payload, "RuleDisabled", plain("false", event.range), event.range);
  put(payload, "Sql", event.required("Sql"), event.range);
  copy_properties(payload, event, {"AwsIotSqlVersion"});
  put(properties, "TopicRulePayload", std::move(payload), event.range);
  add_permission(context, target, event.logical_id() + "Permission", "iot.amazonaws.com",
                 sub_with("arn:${AWS::Partition}:iot:${AWS::Region}:${AWS::AccountId}:rule/${RuleName}",
                          {{"RuleName", ref(event.logical_id(), event.range)}}, event.range),
                 event.range);
}

void alexa_skill(Context& context, const EventTarget& target, const Event& event, EventNeeds&) {
  Value& permission = add_permission(context, target, event.logical_id() + "Permission", "alexa-appkit.amazon.com",
                                     Value{}, event.range, nullptr);
  if (const Value* skill = event.property("SkillId"))
    put(*find_mutable(permission, "Properties"), "EventSourceToken", *skill, event.range);
}

void cognito(Context& context, const EventTarget& target, const Event& event, EventNeeds&) {
  const Value& pool = event.required("UserPool");
  // One permission per function, whatever the number of triggers.
  std::string permission_id = event.owner_id + "CognitoPermission";
  if (context.has_output(permission_id)) return;
  add_permission(context, target, permission_id, "cognito-idp.amazonaws.com",
                 get_att(ref_target(pool).value_or(""), "Arn", event.range), event.range);
}

// Api and HttpApi events: routes were collected beforehand; here only the permission.
std::string rest_stage_of(Context& context, const Event& event) {
  const Value* api = event.property("RestApiId");
  auto api_id = api ? ref_target(*api) : std::nullopt;
  if (!api_id && api) api_id = scalar_text(api);
  if (!api_id) return "Prod";
  const Value* resources = context.root().find("Resources");
  const Value* resource = resources ? resources->find(*api_id) : nullptr;
  const Value* properties = resource ? resource->find("Properties") : nullptr;
  const Value* stage = properties ? properties->find("StageName") : nullptr;
  if (!stage) return "Prod";
  auto name = scalar_text(&resolve_parameter(context, *stage));
  return name.value_or("Prod");
}

std::string permission_path(const std::string& path) {
  std::string out;
  for (size_t at = 0; at < path.size();) {
    if (path[at] == '{') {
      out += '*';
      size_t close = path.find('}', at);
      at = close == std::string::npos ? path.size() : close + 1;
    } else {
      out += path[at++];
    }
  }
  return out;
}

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

Value api_source_arn(const Event& event, const std::string& api_id, bool http) {
  auto path = scalar_text(event.property("Path"));
  auto method = scalar_text(event.property("Method"));
  std::string resource = "*";
  if (path && method) {
    std::string verb = upper(*method) == "ANY" ? "*" : upper(*method);
    resource = verb + permission_path(*path);
  }
  std::string partition = http ? "${AWS::Partition}" : "aws";
  return sub_with("arn:" + partition + ":execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/${__Stage__}/" + resource,
                  {{"__ApiId__", ref(api_id, event.range)}, {"__Stage__", text("*", event.range)}}, event.range);
}

// An event names its API by Ref or by logical id; anything else is invalid SAM.
std::string api_reference(const Event& event, const char* key, const char* implicit) {
  const Value* api = event.property(key);
  if (!api) return implicit;
  if (auto id = ref_target(*api)) return *id;
  if (auto id = scalar_text(api)) return *id;
  if (is_intrinsic(*api)) return "";
  throw SamError(api->range(), std::string("the event's ") + key + " must be a string or a Ref");
}

void api(Context& context, const EventTarget& target, const Event& event, EventNeeds&) {
  const Value* api = event.property("RestApiId");
  std::string api_id = api_reference(event, "RestApiId", "ServerlessRestApi");
  std::string stage = rest_stage_of(context, event);
  if (api && api_id.empty()) return;  // an API outside this template: nothing to generate here
  add_permission(context, target, event.logical_id() + "Permission" + stage, "apigateway.amazonaws.com",
                 api_source_arn(event, api_id, false), event.range);
}

void http_api(Context& context, const EventTarget& target, const Event& event, EventNeeds&) {
  const Value* api = event.property("ApiId");
  std::string api_id = api_reference(event, "ApiId", "ServerlessHttpApi");
  if (api && api_id.empty()) return;
  add_permission(context, target, event.logical_id() + "Permission", "apigateway.amazonaws.com",
                 api_source_arn(event, api_id, true), event.range);
}

using Handler = void (*)(Context&, const EventTarget&, const Event&, EventNeeds&);

const std::map<std::string, Handler, std::less<>>& handlers() {
  static const std::map<std::string, Handler, std::less<>> table = {
      {"S3", s3},
      {"SNS", sns},
      {"SQS", sqs},
      {"Kinesis", kinesis},
      {"DynamoDB", dynamodb},
      {"MSK", msk},
      {"MQ", mq},
      {"SelfManagedKafka", self_managed_kafka},
      {"DocumentDB", documentdb},
      {"Schedule", schedule},
      {"ScheduleV2", schedule_v2},
      {"CloudWatchEvent", pattern_rule},
      {"EventBridgeRule", pattern_rule},
      {"CloudWatchLogs", cloudwatch_logs},
      {"IoTRule", iot_rule},
      {"AlexaSkill", alexa_skill},
      {"Cognito", cognito},
      {"Api", api},
      {"HttpApi", http_api},
  };
  return table;
}

Event read_event(const SamResource& owner, const Value::Entry& entry) {
  if (!entry.value.is_mapping()) throw SamError(entry.key_range, "event " + entry.key + " must be a mapping");
  auto type = scalar_text(entry.value.find("Type"));
  if (!type) throw SamError(entry.key_range, "event " + entry.key + " has no Type");
  const Value* properties = entry.value.find("Properties");
  if (properties && !properties->is_null() && !properties->is_mapping())
    throw SamError(properties->range(), "the Properties of event " + entry.key + " must be a mapping");
  Event event{entry.key, entry.key_range, *type,
              properties && properties->is_mapping() ? *properties : mapping(entry.key_range), owner.logical_id};
  return event;
}

}  // namespace

const Value* events_of(const SamResource& resource) {
  const Value* events = resource.property("Events");
  if (!events || events->is_null()) return nullptr;
  if (!events->is_mapping() || is_intrinsic(*events)) throw SamError(events->range(), "Events must be a mapping");
  return events;
}

const Value& resolve_parameter(const Context& context, const Value& value) {
  auto target = ref_target(value);
  if (!target) return value;
  const Value* fallback = context.parameter_default(*target);
  return fallback ? *fallback : value;
}

Value& add_permission(Context& context, const EventTarget& target, const std::string& logical_id,
                      const std::string& principal, Value source_arn, Range cause, const char* source_key) {
  Value& resource = context.add(*target.owner, logical_id, "AWS::Lambda::Permission", cause);
  context.copy_attributes(*target.owner, resource, false);
  Value& properties = put(resource, "Properties", mapping(cause), cause);
  put(properties, "Action", text("lambda:InvokeFunction", cause), cause);
  put(properties, "FunctionName", target.name, cause);
  put(properties, "Principal", text(principal, cause), cause);
  if (source_key) put(properties, source_key, std::move(source_arn), cause);
  return resource;
}

EventNeeds expand_function_events(Context& context, const EventTarget& target) {
  EventNeeds needs;
  const Value* events = events_of(*target.owner);
  if (!events) return needs;
  for (const Value::Entry& entry : events->entries()) {
    Event event = read_event(*target.owner, entry);
    auto handler = handlers().find(event.type);
    if (handler == handlers().end())
      throw SamError(entry.key_range, "event type " + event.type + " is not supported for a function");
    handler->second(context, target, event, needs);
  }
  return needs;
}

}  // namespace cfn::sam
