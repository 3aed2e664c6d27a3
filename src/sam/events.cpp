// Function event sources: each event becomes the resources that connect its source to the
// function, named <Function><Event>..., anchored at the event's key.
#include <algorithm>
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

// A stream's OnFailure destination: SAM drops its Type and lets the function deliver there.
void on_failure_destination(Value& properties, const Event& event, EventNeeds& needs) {
  Value* config = find_mutable(properties, "DestinationConfig");
  Value* on_failure = config && config->is_mapping() ? find_mutable(*config, "OnFailure") : nullptr;
  const Value* type = on_failure && on_failure->is_mapping() ? on_failure->find("Type") : nullptr;
  if (!type) return;
  auto kind = scalar_text(type).value_or("");
  if (kind == "Kafka" && (event.type == "MSK" || event.type == "SelfManagedKafka")) return;  // a topic: no IAM
  const char* action = kind == "SQS" ? "sqs:SendMessage" : kind == "SNS" ? "sns:publish" : kind == "S3" ? "s3:PutObject" : nullptr;
  if (!action) throw SamError(type->range(), "The only valid values for 'Type' are 'SQS', 'SNS', 'S3'");
  const Value* destination = on_failure->find("Destination");
  if (!destination) throw SamError(on_failure->range(), "Destination is required in OnFailure");
  Range at = type->range();
  Value statement = mapping(at);
  put(statement, "Action", text(action, at), at);
  put(statement, "Effect", text("Allow", at), at);
  put(statement, "Resource", *destination, at);
  Value document = mapping(at);
  put(document, "Statement", sequence_of({std::move(statement)}, at), at);
  Value policy = mapping(at);
  put(policy, "PolicyName", text(event.logical_id() + kind + "Policy", at), at);
  put(policy, "PolicyDocument", std::move(document), at);
  needs.inline_policies.push_back(std::move(policy));
  erase(*on_failure, "Type");
}

void event_source_mapping(Context& context, const EventTarget& target, const Event& event, const char* source_key,
                          std::initializer_list<const char*> copied, EventNeeds& needs) {
  Value& properties = add_generated(context, target, event.logical_id(), "AWS::Lambda::EventSourceMapping", event);
  if (source_key) put(properties, "EventSourceArn", event.required(source_key), event.range);
  put(properties, "FunctionName", target.name, event.range);
  copy_properties(properties, event, copied);
  on_failure_destination(properties, event, needs);
}

#define POLLER_PROPERTIES                                                                                      \
  "BatchSize", "Enabled", "FilterCriteria", "MaximumBatchingWindowInSeconds", "FunctionResponseTypes",         \
      "KmsKeyArn", "MetricsConfig", "ProvisionedPollerConfig", "StartingPosition", "StartingPositionTimestamp", \
      "MaximumRecordAgeInSeconds", "MaximumRetryAttempts", "BisectBatchOnFunctionError", "DestinationConfig",  \
      "ParallelizationFactor", "TumblingWindowInSeconds", "ScalingConfig"

void sqs(Context& context, const EventTarget& target, const Event& event, EventNeeds& needs) {
  event_source_mapping(context, target, event, "Queue", {POLLER_PROPERTIES}, needs);
  needs.managed.push_back(text(aws_managed_policy("AWSLambdaSQSQueueExecutionRole"), event.range));
}

void kinesis(Context& context, const EventTarget& target, const Event& event, EventNeeds& needs) {
  event_source_mapping(context, target, event, "Stream", {POLLER_PROPERTIES}, needs);
  needs.managed.push_back(text(aws_managed_policy("AWSLambdaKinesisExecutionRole"), event.range));
}

void dynamodb(Context& context, const EventTarget& target, const Event& event, EventNeeds& needs) {
  event_source_mapping(context, target, event, "Stream", {POLLER_PROPERTIES}, needs);
  needs.managed.push_back(text(aws_managed_policy("AWSLambdaDynamoDBExecutionRole"), event.range));
}

Value statement(std::vector<Value> actions, Value resource, Range range) {
  Value result = mapping(range);
  put(result, "Action", sequence_of(std::move(actions), range), range);
  put(result, "Effect", text("Allow", range), range);
  put(result, "Resource", std::move(resource), range);
  return result;
}

// A statement whose Action is one string, as SAM writes it for destinations and rules.
Value single_action_statement(const char* action, Value resource, Range range) {
  Value result = mapping(range);
  put(result, "Action", text(action, range), range);
  put(result, "Effect", text("Allow", range), range);
  put(result, "Resource", std::move(resource), range);
  return result;
}

Value policy(std::string name, std::vector<Value> statements, Range range, bool versioned = false) {
  Value document = mapping(range);
  put(document, "Statement", sequence_of(std::move(statements), range), range);
  if (versioned) put(document, "Version", text("2012-10-17", range), range);
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

// What a poller's SourceAccessConfigurations ask for: the secret that authenticates it,
// a CA certificate secret, and whether Lambda must reach the source inside a VPC.
struct AccessNeeds {
  std::optional<Value> auth_secret;
  std::optional<Value> ca_secret;
  bool vpc = false;
};

// `strict`: the source's SAM class validates the entries (self-managed Kafka, MQ); SAM's
// MSK event only looks for a CLIENT_CERTIFICATE_TLS_AUTH entry's secret, and takes any
// other entry (SASL_SCRAM_512_AUTH, a Type from a parameter) as written.
AccessNeeds access_needs(const Event& event, std::initializer_list<const char*> auth_types, bool strict = true) {
  AccessNeeds needs;
  const Value* configurations = event.property("SourceAccessConfigurations");
  if (!configurations || is_intrinsic(*configurations)) return needs;
  if (!configurations->is_sequence())
    throw SamError(configurations->range(), "Type of property 'SourceAccessConfigurations' is invalid.");
  for (const Value& configuration : configurations->items()) {
    auto type = configuration.is_mapping() ? scalar_text(configuration.find("Type")) : std::nullopt;
    if (!strict) {
      const Value* uri = configuration.is_mapping() ? configuration.find("URI") : nullptr;
      bool is_auth = type && std::any_of(auth_types.begin(), auth_types.end(), [&](const char* name) { return *type == name; });
      if (is_auth && uri && !needs.auth_secret) needs.auth_secret = *uri;
      continue;
    }
    if (!type) throw SamError(configuration.range(), "a SourceAccessConfigurations entry needs a Type");
    bool is_auth = std::find_if(auth_types.begin(), auth_types.end(), [&](const char* name) { return *type == name; }) !=
                   auth_types.end();
    const Value* uri = configuration.find("URI");
    if (is_auth) {
      if (needs.auth_secret)
        throw SamError(configuration.range(), "Multiple auth mechanism properties specified in SourceAccessConfigurations");
      if (!uri) throw SamError(configuration.range(), "the " + *type + " entry needs a URI");
      needs.auth_secret = *uri;
    } else if (*type == "SERVER_ROOT_CA_CERTIFICATE" && uri) {
      needs.ca_secret = *uri;
    } else if (*type == "VPC_SUBNET" || *type == "VPC_SECURITY_GROUP") {
      needs.vpc = true;
    } else if (*type != "VIRTUAL_HOST" && *type != "SERVER_ROOT_CA_CERTIFICATE") {
      throw SamError(configuration.range(), "Invalid property Type specified in SourceAccessConfigurations: " + *type);
    }
  }
  return needs;
}

Value secret_statement(const Value& secret, Range at) {
  return statement(texts({"secretsmanager:GetSecretValue"}, at), secret, at);
}

Value vpc_statement(Range at) {
  return statement(texts({"ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface",
                          "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups"},
                         at),
                   text("*", at), at);
}

// The key that decrypts a poller's secret (SecretsManagerKmsKeyId is a key id, not an ARN).
std::optional<Value> kms_key_arn(const Event& event) {
  const Value* key = event.property("SecretsManagerKmsKeyId");
  if (!key) return std::nullopt;
  auto id = scalar_text(key);
  if (!id) throw SamError(key->range(), "Property 'SecretsManagerKmsKeyId' should be a string.");
  return sub("arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/" + *id, key->range());
}

// Kafka schema registries: the secrets of AccessConfigs, and for an AWS Glue registry the
// registry and its schema versions.
void schema_registry_statements(const Event& event, std::vector<Value>& statements) {
  const Value* config = event.property("SchemaRegistryConfig");
  if (!config || !config->is_mapping() || is_intrinsic(*config)) return;
  Range at = event.range;
  if (!config->find("EventRecordFormat"))
    throw SamError(config->range(), "Missing required field EventRecordFormat in SchemaRegistryConfig");
  if (const Value* access = config->find("AccessConfigs"); access && access->is_sequence()) {
    for (const Value& item : access->items())
      if (const Value* uri = item.is_mapping() ? item.find("URI") : nullptr) statements.push_back(secret_statement(*uri, at));
  }
  const Value* registry = config->find("SchemaRegistryURI");
  const Value* format = registry ? (registry->intrinsic() ? &registry->intrinsic()->value : registry) : nullptr;
  auto uri = scalar_text(format);
  size_t name_at = uri ? uri->find(":registry/") : std::string::npos;
  if (!uri || uri->find(":glue:") == std::string::npos || name_at == std::string::npos) return;
  std::string name = uri->substr(name_at + 10);
  statements.push_back(statement(texts({"glue:GetRegistry"}, at), *registry, at));
  statements.push_back(statement(
      texts({"glue:GetSchemaVersion"}, at),
      sequence_of({sub("arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:schema/" + name + "/*", at)}, at), at));
}

void msk(Context& context, const EventTarget& target, const Event& event, EventNeeds& needs) {
  event_source_mapping(context, target, event, "Stream",
                       {POLLER_PROPERTIES, "Topics", "ConsumerGroupId", "SourceAccessConfigurations",
                        "AmazonManagedKafkaEventSourceConfig", "SchemaRegistryConfig"}, needs);
  needs.managed.push_back(text(aws_managed_policy("AWSLambdaMSKExecutionRole"), event.range));
  AccessNeeds access = access_needs(event, {"CLIENT_CERTIFICATE_TLS_AUTH"}, /*strict=*/false);
  std::vector<Value> statements;
  if (access.auth_secret) statements.push_back(secret_statement(*access.auth_secret, event.range));
  schema_registry_statements(event, statements);
  if (!statements.empty()) needs.inline_policies.push_back(policy("MSKExecutionRolePolicy", std::move(statements), event.range));
}

// Pollers whose permissions SAM writes inline: the broker or cluster, and its secrets.
void mq(Context& context, const EventTarget& target, const Event& event, EventNeeds& needs) {
  event_source_mapping(context, target, event, "Broker", {POLLER_PROPERTIES, "Queues", "SourceAccessConfigurations"}, needs);
  Range at = event.range;
  AccessNeeds access = access_needs(event, {"BASIC_AUTH"});
  if (!access.auth_secret) throw SamError(event.range, "No BASIC_AUTH property specified in SourceAccessConfigurations.");
  std::vector<Value> statements = {secret_statement(*access.auth_secret, at),
                                   statement(texts({"mq:DescribeBroker"}, at), event.required("Broker"), at)};
  if (auto key = kms_key_arn(event)) statements.push_back(single_action_statement("kms:Decrypt", *key, at));
  // A second MQ event of the same function gets a policy named after itself.
  std::string name = needs.has_mq_policy ? event.logical_id() + "AMQPolicy" : "SamAutoGeneratedAMQPolicy";
  needs.has_mq_policy = true;
  needs.inline_policies.push_back(policy(name, std::move(statements), at));
}

void self_managed_kafka(Context& context, const EventTarget& target, const Event& event, EventNeeds& needs) {
  if (!event.property("KafkaBootstrapServers"))
    throw SamError(event.range, "No KafkaBootstrapServers provided for self managed kafka as an event source");
  if (!event.property("Topics")) throw SamError(event.range, "No Topics provided for self managed kafka as an event source");
  event_source_mapping(context, target, event, nullptr,
                       {POLLER_PROPERTIES, "Topics", "ConsumerGroupId", "SourceAccessConfigurations",
                        "KafkaBootstrapServers", "SelfManagedKafkaEventSourceConfig", "SchemaRegistryConfig"}, needs);
  Range at = event.range;
  AccessNeeds access =
      access_needs(event, {"BASIC_AUTH", "SASL_SCRAM_256_AUTH", "SASL_SCRAM_512_AUTH", "CLIENT_CERTIFICATE_TLS_AUTH"});
  if (!access.auth_secret && !access.vpc)
    throw SamError(event.range, "No authentication or VPC configuration provided in SourceAccessConfigurations");
  std::vector<Value> statements;
  if (access.auth_secret) statements.push_back(secret_statement(*access.auth_secret, at));
  if (access.ca_secret) statements.push_back(secret_statement(*access.ca_secret, at));
  if (access.vpc) statements.push_back(vpc_statement(at));
  if (auto key = kms_key_arn(event)) statements.push_back(statement(texts({"kms:Decrypt"}, at), *key, at));
  schema_registry_statements(event, statements);
  // SAM writes the policy once per function, from its first SelfManagedKafka event.
  for (const Value& existing : needs.inline_policies)
    if (scalar_text(existing.find("PolicyName")) == std::optional<std::string>("SelfManagedKafkaExecutionRolePolicy")) return;
  needs.inline_policies.push_back(policy("SelfManagedKafkaExecutionRolePolicy", std::move(statements), at, true));
}

void documentdb(Context& context, const EventTarget& target, const Event& event, EventNeeds& needs) {
  event_source_mapping(context, target, event, "Cluster", {POLLER_PROPERTIES, "SourceAccessConfigurations"}, needs);
  Range at = event.range;
  Value& properties = *find_mutable(*context.output_resource(event.logical_id()), "Properties");
  Value source_config = mapping(at);
  for (const char* name : {"DatabaseName", "CollectionName", "FullDocument"})
    if (const Value* value = event.property(name)) put(source_config, name, *value, at);
  put(properties, "DocumentDBEventSourceConfig", std::move(source_config), at);
  const Value* configurations = event.property("SourceAccessConfigurations");
  if (!configurations) throw SamError(event.range, "No SourceAccessConfigurations for Amazon DocumentDB event provided.");
  if (configurations->is_sequence()) {
    int basic = 0;
    for (const Value& item : configurations->items())
      if (item.is_mapping() && scalar_text(item.find("Type")) == std::optional<std::string>("BASIC_AUTH")) ++basic;
    if (basic > 1) throw SamError(configurations->range(), "Multiple BASIC_AUTH properties specified in SourceAccessConfigurations.");
  }
  AccessNeeds access = access_needs(event, {"BASIC_AUTH"});
  if (!access.auth_secret) throw SamError(event.range, "No BASIC_AUTH URI property specified in SourceAccessConfigurations.");
  if (!event.property("DatabaseName")) throw SamError(event.range, "Property 'DatabaseName' is required.");
  std::vector<Value> statements = {
      secret_statement(*access.auth_secret, at),
      statement(texts({"rds:DescribeDBClusterParameters"}, at),
                sub("arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:cluster-pg:*", at), at),
      statement(texts({"rds:DescribeDBSubnetGroups"}, at),
                sub("arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:subgrp:*", at), at),
      statement(texts({"rds:DescribeDBClusters"}, at), event.required("Cluster"), at),
      vpc_statement(at)};
  if (auto key = kms_key_arn(event)) statements.push_back(statement(texts({"kms:Decrypt"}, at), *key, at));
  needs.inline_policies.push_back(policy("SamAutoGeneratedDocumentDBPolicy", std::move(statements), at));
}

// --- push sources: a permission, plus the resource that delivers ---

// SAM edits the bucket's NotificationConfiguration: the bucket must have the shape to take it.
void check_bucket_for_notifications(const Context& context, const std::string& bucket_id) {
  const Value* bucket = context.root().find("Resources")->find(bucket_id);
  const Value* properties = bucket && bucket->is_mapping() ? bucket->find("Properties") : nullptr;
  if (!properties) return;
  if (!properties->is_mapping()) throw SamError(properties->range(), "Resource with id [" + bucket_id + "] is invalid. Properties should be a map.");
  if (const Value* tags = properties->find("Tags"); tags && !tags->is_sequence() && !is_intrinsic(*tags))
    throw SamError(tags->range(), "Resource with id [" + bucket_id + "] is invalid. Property 'Tags' should be a list.");
  const Value* notification = properties->find("NotificationConfiguration");
  if (!notification) return;
  if (!notification->is_mapping() || is_intrinsic(*notification))
    throw SamError(notification->range(), "Resource with id [" + bucket_id + "] is invalid. Property 'NotificationConfiguration' should be a map.");
  if (const Value* lambdas = notification->find("LambdaConfigurations"); lambdas && !lambdas->is_sequence())
    throw SamError(lambdas->range(), "Resource with id [" + bucket_id + "] is invalid. Invalid type for LambdaConfigurations. Must be a list.");
}

void s3(Context& context, const EventTarget& target, const Event& event, EventNeeds&) {
  const Value& bucket = event.required("Bucket");
  auto bucket_id = ref_target(bucket);
  if (!bucket_id || context.input_type(*bucket_id) != "AWS::S3::Bucket")
    throw SamError(bucket.range(), "the S3 event's Bucket must be a Ref to an AWS::S3::Bucket in this template");
  check_bucket_for_notifications(context, *bucket_id);
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

// The policy SAM writes on a queue it lets a topic or a rule write to: one statement
// allowing sqs:SendMessage on the queue to `principal` when the request comes from
// `source` (ArnEquals aws:SourceArn), as its translator's sns_sqs and
// eventbridgerule_with_dlq outputs show.
Value send_message_policy(Value principal, Value queue_arn, Value source, Range at) {
  Value source_arn = mapping(at);
  put(source_arn, "aws:SourceArn", std::move(source), at);
  Value condition = mapping(at);
  put(condition, "ArnEquals", std::move(source_arn), at);
  Value statement = mapping(at);
  put(statement, "Action", text("sqs:SendMessage", at), at);
  put(statement, "Condition", std::move(condition), at);
  put(statement, "Effect", text("Allow", at), at);
  put(statement, "Principal", std::move(principal), at);
  put(statement, "Resource", std::move(queue_arn), at);
  Value document = mapping(at);
  put(document, "Version", text("2012-10-17", at), at);
  put(document, "Statement", sequence_of({std::move(statement)}, at), at);
  return document;
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
  const Value* queue_url = sqs_subscription->is_mapping() ? sqs_subscription->find("QueueUrl") : nullptr;
  if (sqs_subscription->is_mapping() && (!queue_arn || !queue_url) && (queue_arn || queue_url))
    throw SamError(event.range, "No QueueARN or QueueURL provided.");
  const Value* policy_id = sqs_subscription->is_mapping() ? sqs_subscription->find("QueuePolicyLogicalId") : nullptr;
  Value& queue_policy = add_generated(context, target,
                                      scalar_text(policy_id).value_or(event.logical_id() + "QueuePolicy"),
                                      "AWS::SQS::QueuePolicy", event);
  put(queue_policy, "Queues", sequence_of({queue_url ? *queue_url : ref(event.logical_id() + "Queue", event.range)}, event.range), event.range);
  // SAM allows everyone, narrowed to messages from the topic.
  put(queue_policy, "PolicyDocument", send_message_policy(text("*", event.range), queue, topic, event.range),
      event.range);
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

// The role a service assumes to start a state machine or invoke a function for an event
// (EventBridge rules and schedules of state machines, Scheduler, API integrations).
Value event_role(Context& context, const EventTarget& target, const Event& event, const std::string& role_id,
                 const char* service, std::vector<Value> policies) {
  Range at = event.range;
  Value& role = add_generated(context, target, role_id, "AWS::IAM::Role", event);
  put(role, "AssumeRolePolicyDocument", assume_role_document(service, at), at);
  put(role, "Policies", sequence_of(std::move(policies), at), at);
  return get_att(role_id, "Arn", at);
}

Value start_execution_policy(const EventTarget& target, const std::string& name, Range at) {
  return policy(name, {single_action_statement("states:StartExecution", target.arn, at)}, at);
}

// An event's DeadLetterConfig: an existing queue (Arn), or one SAM creates (Type: SQS).
std::optional<Value> dead_letter_queue(Context& context, const EventTarget& target, const Event& event) {
  const Value* dead_letter = event.property("DeadLetterConfig");
  if (!dead_letter) return std::nullopt;
  if (!dead_letter->is_mapping()) throw SamError(dead_letter->range(), "Property 'DeadLetterConfig' should be a map.");
  const Value* arn = dead_letter->find("Arn");
  const Value* type = dead_letter->find("Type");
  if (arn && type) throw SamError(dead_letter->range(), "You can either define 'Arn' or 'Type' property of DeadLetterConfig");
  if (arn) return *arn;
  if (!type) throw SamError(dead_letter->range(), "No 'Arn' or 'Type' property provided for DeadLetterConfig");
  if (scalar_text(type) != std::optional<std::string>("SQS"))
    throw SamError(type->range(), "The only valid value for 'Type' property of DeadLetterConfig is 'SQS'");
  std::string queue_id = event.logical_id() + "Queue";
  if (const Value* name = dead_letter->find("QueueLogicalId")) {
    auto text_id = scalar_text(name);
    if (!text_id) throw SamError(name->range(), "QueueLogicalId must be a string");
    queue_id = *text_id;
  }
  add_generated(context, target, queue_id, "AWS::SQS::Queue", event);
  return get_att(queue_id, "Arn", event.range);
}

Value rule_target(Context& context, const EventTarget& target, const Event& event);

// Rules (Schedule, CloudWatchEvent, EventBridgeRule): an Events::Rule targeting the function
// or state machine; a state machine target gets a role events.amazonaws.com assumes.
void rule(Context& context, const EventTarget& target, const Event& event, bool schedule) {
  Value& rule_properties = add_generated(context, target, event.logical_id(), "AWS::Events::Rule", event);
  if (event.property("State") && event.property("Enabled"))
    throw SamError(event.range, "State and Enabled Properties cannot both be specified.");
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
  put(rule_properties, "Targets", sequence_of({rule_target(context, target, event)}, event.range), event.range);
  if (target.is_function)
    add_permission(context, target, event.logical_id() + "Permission", "events.amazonaws.com",
                   get_att(event.logical_id(), "Arn", event.range), event.range);
}

// A rule's target: the function or state machine, its input, retries and dead-letter queue,
// and for a state machine the role EventBridge assumes to start it.
Value rule_target(Context& context, const EventTarget& target, const Event& event) {
  Value target_entry = mapping(event.range);
  put(target_entry, "Arn", target.arn, event.range);
  std::string target_id = event.logical_id() + (target.is_function ? "LambdaTarget" : "StepFunctionsTarget");
  if (const Value* id = event.property("Target"); id && id->is_mapping() && id->find("Id")) {
    put(target_entry, "Id", *id->find("Id"), event.range);
  } else {
    put(target_entry, "Id", text(target_id, event.range), event.range);
  }
  copy_properties(target_entry, event, {"Input", "InputPath", "InputTransformer", "RetryPolicy"});
  if (auto queue = dead_letter_queue(context, target, event)) {
    Value config = mapping(event.range);
    put(config, "Arn", *queue, event.range);
    put(target_entry, "DeadLetterConfig", std::move(config), event.range);
    if (auto queue_id = get_att_target(*queue); queue_id && context.has_output(*queue_id) && !event.property("DeadLetterConfig")->find("Arn")) {
      Value& queue_policy = add_generated(context, target, event.logical_id() + "QueuePolicy", "AWS::SQS::QueuePolicy", event);
      put(queue_policy, "Queues", sequence_of({ref(*queue_id, event.range)}, event.range), event.range);
      Value events_service = mapping(event.range);
      put(events_service, "Service", text("events.amazonaws.com", event.range), event.range);
      put(queue_policy, "PolicyDocument",
          send_message_policy(std::move(events_service), *queue, get_att(event.logical_id(), "Arn", event.range),
                              event.range),
          event.range);
    }
  }
  if (!target.is_function) {
    if (const Value* role = event.property("RoleArn")) {
      put(target_entry, "RoleArn", *role, event.range);
    } else {
      std::string role_id = event.logical_id() + "Role";
      put(target_entry, "RoleArn",
          event_role(context, target, event, role_id, "events.amazonaws.com",
                     {start_execution_policy(target, role_id + "StartExecutionPolicy", event.range)}),
          event.range);
    }
  }
  return target_entry;
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
  Range at = event.range;
  if (!properties.find("Name")) put(properties, "Name", text(event.logical_id(), at), at);
  if (!properties.find("FlexibleTimeWindow")) {
    Value window = mapping(at);
    put(window, "Mode", text("OFF", at), at);
    put(properties, "FlexibleTimeWindow", std::move(window), at);
  }
  Value schedule_target = mapping(at);
  put(schedule_target, "Arn", target.arn, at);
  std::optional<Value> queue = dead_letter_queue(context, target, event);
  if (queue) {
    Value config = mapping(at);
    put(config, "Arn", *queue, at);
    put(schedule_target, "DeadLetterConfig", std::move(config), at);
  }
  copy_properties(schedule_target, event, {"RetryPolicy", "Input"});
  if (const Value* role = event.property("RoleArn")) {
    put(schedule_target, "RoleArn", *role, at);
  } else {
    std::vector<Value> policies;
    policies.push_back(policy(event.logical_id() + (target.is_function ? "LambdaPolicy" : "StartExecutionPolicy"),
                              {single_action_statement(target.is_function ? "lambda:InvokeFunction" : "states:StartExecution",
                                                       target.arn, at)},
                              at));
    if (queue) policies.push_back(policy(event.logical_id() + "SQSPolicy", {single_action_statement("sqs:SendMessage", *queue, at)}, at));
    put(schedule_target, "RoleArn",
        event_role(context, target, event, event.logical_id() + "Role", "scheduler.amazonaws.com", std::move(policies)), at);
  }
  put(properties, "Target", std::move(schedule_target), at);
}

void cloudwatch_logs(Context& context, const EventTarget& target, const Event& event, EventNeeds&) {
  std::string permission_id = event.logical_id() + "Permission";
  // SAM writes this ARN with the aws partition spelled out.
  Value log_group_arn = sub_with("arn:aws:logs:${AWS::Region}:${AWS::AccountId}:log-group:${__LogGroupName__}:*",
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
                 sub_with("arn:aws:iot:${AWS::Region}:${AWS::AccountId}:rule/${RuleName}",
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
  // The trigger goes into the user pool's LambdaConfig once every resource is out
  // (apply_user_pool_triggers), as a bucket's notifications do.
  auto pool_id = ref_target(pool);
  if (pool_id && context.input_type(*pool_id) == "AWS::Cognito::UserPool") {
    const Value& triggers = event.required("Trigger");
    if (triggers.is_sequence()) {
      for (const Value& trigger : triggers.items()) context.user_pool_triggers[*pool_id].emplace_back(trigger, target.arn);
    } else {
      context.user_pool_triggers[*pool_id].emplace_back(triggers, target.arn);
    }
  }
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
  auto name = scalar_text(stage);
  if (!name) return "Stage";
  bool plain_name = std::all_of(name->begin(), name->end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
  return plain_name ? *name : logical_id_hash(*stage);
}

Value api_source_arn(const Event& event, const std::string& api_id, bool http) {
  auto path = scalar_text(event.property("Path"));
  auto method = scalar_text(event.property("Method"));
  std::string resource = "*";
  if (path && method) resource = route_in_arn(*method, *path);
  std::string partition = http ? "${AWS::Partition}" : "aws";
  // An API named by a plain string (not a Ref) is written as that string, as SAM does.
  const Value* named = event.property(http ? "ApiId" : "RestApiId");
  Value api = named && !is_intrinsic(*named) ? text(api_id, event.range) : ref(api_id, event.range);
  return sub_with("arn:" + partition + ":execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/${__Stage__}/" + resource,
                  {{"__ApiId__", std::move(api)}, {"__Stage__", text("*", event.range)}}, event.range);
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
  if (!target.is_function) {
    // API Gateway starts the execution itself, through a role of the event's own.
    std::string role_id = event.logical_id() + "Role";
    event_role(context, target, event, role_id, "apigateway.amazonaws.com",
               {start_execution_policy(target, role_id + "StartExecutionPolicy", event.range)});
    return;
  }
  if (api && api_id.empty()) return;  // an API outside this template: nothing to generate here
  add_permission(context, target, event.logical_id() + "Permission" + stage, "apigateway.amazonaws.com",
                 api_source_arn(event, api_id, false), event.range);
}

// A function's HttpApi event without a Path routes everything ($default): its permission
// (on every route) is the only one SAM writes for that API.
bool covered_by_catch_all(const EventTarget& target, const Event& event, const std::string& api_id) {
  if (event.property("Path")) {
    const Value* events = events_of(*target.owner);
    for (const Value::Entry& other : events->entries()) {
      const Value* properties = other.value.is_mapping() ? other.value.find("Properties") : nullptr;
      if (other.key == event.id || scalar_text(other.value.find("Type")) != std::optional<std::string>("HttpApi")) continue;
      if (properties && properties->is_mapping() && properties->find("Path")) continue;
      const Value* other_api = properties && properties->is_mapping() ? properties->find("ApiId") : nullptr;
      std::string other_id = other_api ? ref_target(*other_api).value_or(scalar_text(other_api).value_or("")) : "ServerlessHttpApi";
      if (other_id == api_id) return true;
    }
  }
  return false;
}

void http_api(Context& context, const EventTarget& target, const Event& event, EventNeeds&) {
  const Value* api = event.property("ApiId");
  std::string api_id = api_reference(event, "ApiId", "ServerlessHttpApi");
  if (api && api_id.empty()) return;
  if (covered_by_catch_all(target, event, api_id)) return;
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

void expand_state_machine_events(Context& context, const EventTarget& target) {
  const Value* events = events_of(*target.owner);
  if (!events) return;
  static const std::map<std::string, Handler, std::less<>> supported = {
      {"Schedule", schedule}, {"ScheduleV2", schedule_v2}, {"CloudWatchEvent", pattern_rule},
      {"EventBridgeRule", pattern_rule}, {"Api", api}};
  EventNeeds unused;
  for (const Value::Entry& entry : events->entries()) {
    Event event = read_event(*target.owner, entry);
    auto handler = supported.find(event.type);
    if (handler == supported.end())
      throw SamError(entry.key_range, "event type " + event.type + " is not supported for a state machine");
    handler->second(context, target, event, unused);
  }
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
