// AWS::Serverless::Connector (and the Connectors attribute embedded in a resource): the
// permissions between a source and one or more destinations. When the source is a service
// that invokes or delivers (an API, an EventBridge rule, an SNS topic, an S3 bucket), the
// destination gets a resource policy (Lambda permission, queue policy, topic policy);
// otherwise the permissions become a managed policy on the role that acts.
#include <algorithm>
#include <set>

#include "sam/function.h"
#include "sam/values.h"

namespace cfn::sam {

namespace {

// One end of a connector: a resource of this template (Id) or one described by its Type,
// Arn and RoleName.
struct Endpoint {
  std::string id;    // "" when described by properties
  std::string type;  // CloudFormation or SAM type
  const Value* node = nullptr;
};

Endpoint read_endpoint(const Context& context, const Value& node, const char* which) {
  if (!node.is_mapping() || is_intrinsic(node)) throw SamError(node.range(), std::string("Property '") + which + "' should be a map.");
  Endpoint endpoint{"", "", &node};
  const Value* id = node.find("Id");
  if (id) {
    auto name = scalar_text(id);
    if (!name) throw SamError(id->range(), std::string("'") + which + ".Id' must be a string");
    for (const char* other : {"Arn", "Type", "RoleName", "Name", "QueueUrl", "ResourceId"})
      if (node.find(other))
        throw SamError(node.range(), "Must provide 'Id' (with optional 'Qualifier') or a supported combination of other properties.");
    endpoint.id = *name;
    endpoint.type = context.input_type(*name);
    if (endpoint.type.empty()) throw SamError(id->range(), "Unable to find resource with logical ID '" + *name + "'.");
    return endpoint;
  }
  auto type = scalar_text(node.find("Type"));
  if (!type) throw SamError(node.range(), "Must provide 'Id' (with optional 'Qualifier') or a supported combination of other properties.");
  endpoint.type = *type;
  return endpoint;
}

bool is_function(const std::string& type) { return type == "AWS::Serverless::Function" || type == "AWS::Lambda::Function"; }

// Sources that act as a service principal and so need the destination's resource policy.
bool is_service_source(const std::string& type) {
  static const std::set<std::string, std::less<>> services = {
      "AWS::Serverless::Api", "AWS::Serverless::HttpApi", "AWS::ApiGateway::RestApi", "AWS::ApiGatewayV2::Api",
      "AWS::Events::Rule",    "AWS::SNS::Topic",          "AWS::S3::Bucket",
      "AWS::Serverless::GraphQLApi", "AWS::AppSync::GraphQLApi"};
  return services.count(type) != 0;
}

// ARN of an endpoint: its Arn property, else what a Ref/GetAtt of the resource gives.
Value endpoint_arn(const Endpoint& endpoint, Range at) {
  if (endpoint.id.empty()) {
    const Value* arn = endpoint.node->find("Arn");
    return arn ? *arn : text("", at);
  }
  static const std::set<std::string, std::less<>> ref_is_arn = {"AWS::SNS::Topic", "AWS::Serverless::StateMachine",
                                                               "AWS::StepFunctions::StateMachine"};
  return ref_is_arn.count(endpoint.type) ? ref(endpoint.id, at) : get_att(endpoint.id, "Arn", at);
}

struct Access {
  std::vector<const char*> read, write;
};

// The actions each permission grants on a destination type (identity policies).
const Access* access_for(const std::string& type) {
  static const std::map<std::string, Access, std::less<>> table = {
      {"AWS::S3::Bucket",
       {{"s3:GetObject", "s3:GetObjectAcl", "s3:GetObjectLegalHold", "s3:GetObjectRetention", "s3:GetObjectTorrent",
         "s3:GetObjectVersion", "s3:GetObjectVersionAcl", "s3:GetObjectVersionForReplication",
         "s3:GetObjectVersionTorrent", "s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:ListBucketVersions",
         "s3:ListMultipartUploadParts"},
        {"s3:AbortMultipartUpload", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObject", "s3:PutObjectLegalHold",
         "s3:PutObjectRetention", "s3:RestoreObject"}}},
      {"AWS::DynamoDB::Table",
       {{"dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem",
         "dynamodb:PartiQLSelect"},
        {"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem",
         "dynamodb:PartiQLDelete", "dynamodb:PartiQLInsert", "dynamodb:PartiQLUpdate"}}},
      {"AWS::SQS::Queue",
       {{"sqs:ReceiveMessage", "sqs:GetQueueAttributes"},
        {"sqs:DeleteMessage", "sqs:SendMessage", "sqs:ChangeMessageVisibility", "sqs:PurgeQueue"}}},
      {"AWS::SNS::Topic", {{}, {"sns:Publish"}}},
      {"AWS::Lambda::Function", {{"lambda:GetFunction"}, {"lambda:InvokeAsync", "lambda:InvokeFunction"}}},
      {"AWS::StepFunctions::StateMachine",
       {{"states:DescribeStateMachine", "states:ListExecutions"},
        {"states:StartExecution", "states:StartSyncExecution", "states:StopExecution"}}},
      {"AWS::Events::EventBus", {{}, {"events:PutEvents"}}},
      {"AWS::Kinesis::Stream", {{"kinesis:DescribeStream", "kinesis:GetRecords", "kinesis:GetShardIterator"}, {"kinesis:PutRecord", "kinesis:PutRecords"}}},
  };
  static const std::map<std::string, std::string, std::less<>> aliases = {
      {"AWS::Serverless::Function", "AWS::Lambda::Function"},
      {"AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine"},
      {"AWS::Serverless::SimpleTable", "AWS::DynamoDB::Table"}};
  auto alias = aliases.find(type);
  auto found = table.find(alias == aliases.end() ? type : alias->second);
  return found == table.end() ? nullptr : &found->second;
}

// The resources a statement covers: the destination, and what lives under it (a table's
// indexes, a bucket's objects, a function's versions and aliases).
Value resources_of(const std::string& type, const Value& arn, Range at) {
  static const std::map<std::string, const char*, std::less<>> children = {
      {"AWS::DynamoDB::Table", "/index/*"}, {"AWS::Serverless::SimpleTable", "/index/*"},
      {"AWS::S3::Bucket", "/*"}};
  Value list = sequence_of({arn}, at);
  auto child = children.find(type);
  if (child != children.end())
    list.items().push_back(sub_with(std::string("${DestinationArn}") + child->second, {{"DestinationArn", arn}}, at));
  return list;
}

std::vector<std::string> permissions_of(const SamResource& connector) {
  const Value* permissions = connector.property("Permissions");
  if (!permissions) throw SamError(connector.anchor(), "Missing required property 'Permissions'.");
  if (!permissions->is_sequence() || permissions->items().empty())
    throw SamError(permissions->range(), "'Permissions' property must be a non-empty list.");
  std::vector<std::string> out;
  for (const Value& item : permissions->items()) {
    auto name = scalar_text(&item);
    if (!name || (*name != "Read" && *name != "Write"))
      throw SamError(item.range(), "Unsupported 'Permissions' provided; supported values are: Read, Write.");
    if (std::find(out.begin(), out.end(), *name) == out.end()) out.push_back(*name);
  }
  return out;
}

// Sources Lambda polls with the function's role: the permissions are on the source.
bool is_poller_source(const std::string& type) {
  return type == "AWS::SQS::Queue" || type == "AWS::DynamoDB::Table" || type == "AWS::Serverless::SimpleTable" ||
         type == "AWS::Kinesis::Stream";
}

// Where a resource names the role it acts with, by type: the function's Role, a state
// machine's RoleArn, a data source's ServiceRoleArn, the RoleArn of an EventBridge rule's
// target (the first that has one). Null when the resource names none.
const Value* named_role(const std::string& type, const Value& properties) {
  if (type == "AWS::Serverless::Function" || type == "AWS::Serverless::StateMachine" || type == "AWS::Lambda::Function")
    return properties.find("Role");
  if (type == "AWS::StepFunctions::StateMachine") return properties.find("RoleArn");
  if (type == "AWS::AppSync::DataSource") return properties.find("ServiceRoleArn");
  if (type == "AWS::Events::Rule") {
    const Value* targets = properties.find("Targets");
    if (!targets || !targets->is_sequence()) return nullptr;
    for (const Value& target : targets->items()) {
      const Value* role = target.is_mapping() ? target.find("RoleArn") : nullptr;
      if (role) return role;
    }
  }
  return nullptr;
}

// The role that acts: the source's, or for a queue, table or stream feeding a function, the
// function's (the event source mapping polls with it). A role named by its ARN's GetAtt is
// referred to by name, as SAM does (AWS SAM translator tests connector_function_to_table,
// connector_sfn_to_function, connector_appsync_to_table, connector_rule_to_eventbus); a
// SAM function or state machine without one has the role SAM generates, <Id>Role. Any
// other resource without one has no role we know of: the policy is attached to "".
Value acting_role(const Context& context, const Endpoint& source, const Endpoint& destination, Range at) {
  const Endpoint& actor = is_poller_source(source.type) && is_function(destination.type) ? destination : source;
  if (actor.id.empty()) {
    const Value* role = actor.node->find("RoleName");
    return role ? *role : text("", at);
  }
  const Value* resources = context.root().find("Resources");
  const Value* resource = resources ? resources->find(actor.id) : nullptr;
  const Value* properties = resource && resource->is_mapping() ? resource->find("Properties") : nullptr;
  const Value* role = properties && properties->is_mapping() ? named_role(actor.type, *properties) : nullptr;
  if (role) {
    if (auto arn_of = get_att_target(*role)) return ref(*arn_of, at);
    return *role;
  }
  if (actor.type == "AWS::Serverless::Function" || actor.type == "AWS::Serverless::StateMachine")
    return ref(actor.id + "Role", at);
  return text("", at);
}

bool is_state_machine(const std::string& type) {
  return type == "AWS::Serverless::StateMachine" || type == "AWS::StepFunctions::StateMachine";
}

void poller_statements(const Endpoint& source, const std::vector<std::string>& permissions, Value& statements, Range at) {
  Value arn = endpoint_arn(source, at);
  for (const std::string& permission : permissions) {
    bool read = permission == "Read";
    if (source.type == "AWS::SQS::Queue") {
      statements.items().push_back(read ? allow_statement({"sqs:ReceiveMessage", "sqs:GetQueueAttributes"}, sequence_of({arn}, at), at)
                                        : allow_statement({"sqs:DeleteMessage"}, sequence_of({arn}, at), at));
    } else if (!read) {
      throw SamError(at, "Unsupported 'Permissions' provided for connector with source " + source.type + "; only Read.");
    } else if (source.type == "AWS::Kinesis::Stream") {
      statements.items().push_back(allow_statement({"kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords",
                                          "kinesis:GetShardIterator", "kinesis:ListShards", "kinesis:ListStreams",
                                          "kinesis:SubscribeToShard"},
                                         sequence_of({arn}, at), at));
    } else {
      Value stream = sub_with("${SourceArn}/stream/*", {{"SourceArn", arn}}, at);
      statements.items().push_back(allow_statement({"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
                                          "dynamodb:ListStreams"},
                                         sequence_of({std::move(stream)}, at), at));
    }
  }
}

// SAM's profile for some pairs has Write only (a rule starting a state machine, a state
// machine sending to a queue): Read is rejected.
SamError only_write(const Endpoint& source, const Endpoint& destination, Range at) {
  return SamError(at, "Unsupported 'Permissions' provided for connector from " + source.type + " to " +
                          destination.type + "; valid values are: Write.");
}

// A state machine: starting it, and reading or stopping its executions (and the EventBridge
// rule Step Functions uses to follow nested executions, for a state machine source). SAM's
// profiles differ by source (its translator's connector_rule_to_sfn,
// embedded_connectors_function_to and connector_sfn_to_sfn outputs): a rule only starts
// executions; a function also starts synchronous ones and reads the machine and the
// executions' history.
void state_machine_statements(const Endpoint& source, const Endpoint& destination,
                              const std::vector<std::string>& permissions, Value& statements, Range at) {
  Value arn = endpoint_arn(destination, at);
  const Value* name = destination.node->find("Name");
  Value machine_name = destination.id.empty() ? (name ? *name : text("*", at)) : get_att(destination.id, "Name", at);
  Value executions = sub_with("arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:${DestinationName}:*",
                              {{"DestinationName", std::move(machine_name)}}, at);
  Value rule = sub("arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/"
                   "StepFunctionsGetEventsForStepFunctionsExecutionRule", at);
  const bool from_rule = source.type == "AWS::Events::Rule";
  const bool from_function = is_function(source.type);
  for (const std::string& permission : permissions) {
    if (from_rule && permission == "Read") throw only_write(source, destination, at);
    if (from_rule && permission == "Write") {
      statements.items().push_back(allow_statement({"states:StartExecution"}, sequence_of({arn}, at), at));
    } else if (from_function && permission == "Read") {
      statements.items().push_back(allow_statement({"states:DescribeStateMachine", "states:ListExecutions"},
                                                   sequence_of({arn}, at), at));
      statements.items().push_back(allow_statement(
          {"states:DescribeExecution", "states:DescribeStateMachineForExecution", "states:GetExecutionHistory"},
          sequence_of({executions}, at), at));
    } else if (from_function) {
      statements.items().push_back(allow_statement({"states:StartExecution", "states:StartSyncExecution"},
                                                   sequence_of({arn}, at), at));
      statements.items().push_back(allow_statement({"states:StopExecution"}, sequence_of({executions}, at), at));
    } else if (permission == "Read") {
      statements.items().push_back(allow_statement({"states:DescribeExecution"}, sequence_of({executions}, at), at));
      statements.items().push_back(allow_statement({"events:DescribeRule"}, sequence_of({rule}, at), at));
    } else {
      statements.items().push_back(allow_statement({"states:StartExecution"}, sequence_of({arn}, at), at));
      statements.items().push_back(allow_statement({"states:StopExecution"}, sequence_of({executions}, at), at));
      statements.items().push_back(allow_statement({"events:PutTargets", "events:PutRule"}, sequence_of({rule}, at), at));
    }
  }
}

// Pairs whose SAM profile takes only some combinations of permissions: a queue's poller
// both reads and deletes, and one state machine follows another's executions whenever it
// starts them.
void check_combination(const Endpoint& source, const Endpoint& destination,
                       const std::vector<std::string>& permissions, Range at) {
  auto has = [&](std::string_view name) { return std::find(permissions.begin(), permissions.end(), name) != permissions.end(); };
  std::string pair = "Unsupported 'Permissions' provided for connector from " + source.type + " to " + destination.type;
  if (source.type == "AWS::SQS::Queue" && is_function(destination.type) && !(has("Read") && has("Write")))
    throw SamError(at, pair + "; valid combinations are: Read + Write.");
  if (is_state_machine(source.type) && is_state_machine(destination.type) && !has("Read"))
    throw SamError(at, pair + "; valid combinations are: Read, Read + Write.");
}

void add_identity_policy(Context& context, const SamResource& connector, const std::string& id, const Endpoint& source,
                         const Endpoint& destination, const std::vector<std::string>& permissions, Range at) {
  check_combination(source, destination, permissions, at);
  Value& resource = context.add(connector, id, "AWS::IAM::ManagedPolicy", at);
  context.copy_attributes(connector, resource, true);
  Value& properties = put(resource, "Properties", mapping(at), at);
  Value statements = sequence(at);
  if (is_poller_source(source.type) && is_function(destination.type)) {
    poller_statements(source, permissions, statements, at);
  } else if (is_state_machine(destination.type)) {
    state_machine_statements(source, destination, permissions, statements, at);
  } else if (const Access* access = access_for(destination.type)) {
    Value arn = endpoint_arn(destination, at);
    // Two sources SAM's profiles treat apart: a state machine only sends to a queue, and an
    // AppSync data source may invoke a function's versions and aliases too.
    static const std::vector<const char*> kSendOnly = {"sqs:SendMessage"};
    const bool sends_only = is_state_machine(source.type) && destination.type == "AWS::SQS::Queue";
    for (const std::string& permission : permissions) {
      if (sends_only && permission == "Read") throw only_write(source, destination, at);
      const auto& actions = permission == "Read" ? access->read : sends_only ? kSendOnly : access->write;
      if (actions.empty()) throw SamError(at, "Unsupported 'Permissions' provided for connector with destination " + destination.type);
      Value resources = resources_of(destination.type, arn, at);
      if (source.type == "AWS::AppSync::DataSource" && is_function(destination.type))
        resources.items().push_back(sub_with("${DestinationArn}:*", {{"DestinationArn", arn}}, at));
      statements.items().push_back(allow_statement(actions, std::move(resources), at));
    }
  }
  Value document = mapping(at);
  put(document, "Version", text("2012-10-17", at), at);
  put(document, "Statement", std::move(statements), at);
  put(properties, "PolicyDocument", std::move(document), at);
  put(properties, "Roles", sequence_of({acting_role(context, source, destination, at)}, at), at);
}

// The ARN a service source calls with: APIs as execute-api ARNs (with the connector's
// Qualifier, "*" by default), AppSync APIs by their ApiId, others by their own ARN.
Value service_source_arn(const Endpoint& source, Range at) {
  static const std::set<std::string, std::less<>> apis = {"AWS::Serverless::Api", "AWS::Serverless::HttpApi",
                                                          "AWS::ApiGateway::RestApi", "AWS::ApiGatewayV2::Api"};
  const Value* qualifier = source.node->find("Qualifier");
  if (apis.count(source.type)) {
    const Value* resource_id = source.node->find("ResourceId");
    Value api = source.id.empty() ? (resource_id ? *resource_id : text("", at)) : ref(source.id, at);
    return sub_with("arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${SourceResourceId}/${SourceQualifier}",
                    {{"SourceQualifier", qualifier ? *qualifier : text("*", at)}, {"SourceResourceId", std::move(api)}}, at);
  }
  if (source.type == "AWS::Serverless::GraphQLApi" || source.type == "AWS::AppSync::GraphQLApi") {
    const Value* resource_id = source.node->find("ResourceId");
    Value api = source.id.empty() ? (resource_id ? *resource_id : text("", at)) : get_att(source.id, "ApiId", at);
    return sub_with("arn:${AWS::Partition}:appsync:${AWS::Region}:${AWS::AccountId}:apis/${SourceResourceId}",
                    {{"SourceResourceId", std::move(api)}}, at);
  }
  return endpoint_arn(source, at);
}

// A service source reaching a Lambda function, queue or topic: that resource's own policy.
void add_resource_policy(Context& context, const SamResource& connector, const std::string& prefix,
                         const std::string& suffix, const Endpoint& source, const Endpoint& destination, Range at) {
  const char* type = is_function(destination.type)              ? "AWS::Lambda::Permission"
                     : destination.type == "AWS::SQS::Queue"    ? "AWS::SQS::QueuePolicy"
                                                                : "AWS::SNS::TopicPolicy";
  const char* name = is_function(destination.type) ? "WriteLambdaPermission"
                     : destination.type == "AWS::SQS::Queue" ? "QueuePolicy" : "TopicPolicy";
  Value& resource = context.add(connector, prefix + name + suffix, type, at);
  context.copy_attributes(connector, resource, true);
  Value& properties = put(resource, "Properties", mapping(at), at);
  Value source_arn = service_source_arn(source, at);
  if (is_function(destination.type)) {
    put(properties, "Action", text("lambda:InvokeFunction", at), at);
    put(properties, "FunctionName", endpoint_arn(destination, at), at);
    static const std::map<std::string, const char*, std::less<>> principals = {
        {"AWS::Events::Rule", "events.amazonaws.com"}, {"AWS::SNS::Topic", "sns.amazonaws.com"},
        {"AWS::S3::Bucket", "s3.amazonaws.com"}, {"AWS::Serverless::GraphQLApi", "appsync.amazonaws.com"},
        {"AWS::AppSync::GraphQLApi", "appsync.amazonaws.com"}};
    auto principal = principals.find(source.type);
    put(properties, "Principal", text(principal == principals.end() ? "apigateway.amazonaws.com" : principal->second, at), at);
    // A bucket ARN names no account: SAM adds the account, as the permission's docs advise.
    if (source.type == "AWS::S3::Bucket") put(properties, "SourceAccount", sub("${AWS::AccountId}", at), at);
    put(properties, "SourceArn", source_arn, at);
    return;
  }
  bool queue = destination.type == "AWS::SQS::Queue";
  Value statement = mapping(at);
  put(statement, "Action", text(queue ? "sqs:SendMessage" : "sns:Publish", at), at);
  put(statement, "Effect", text("Allow", at), at);
  put(statement, "Resource", endpoint_arn(destination, at), at);
  Value principal = mapping(at);
  put(principal, "Service", text(source.type == "AWS::SNS::Topic" ? "sns.amazonaws.com" : "events.amazonaws.com", at), at);
  put(statement, "Principal", std::move(principal), at);
  Value condition = mapping(at);
  Value arn_equals = mapping(at);
  put(arn_equals, "aws:SourceArn", source_arn, at);
  put(condition, "ArnEquals", std::move(arn_equals), at);
  put(statement, "Condition", std::move(condition), at);
  Value document = mapping(at);
  put(document, "Version", text("2012-10-17", at), at);
  put(document, "Statement", sequence_of({std::move(statement)}, at), at);
  put(properties, "PolicyDocument", std::move(document), at);
  Value target = destination.id.empty() ? (destination.node->find("QueueUrl") ? *destination.node->find("QueueUrl") : endpoint_arn(destination, at))
                                        : ref(destination.id, at);
  put(properties, queue ? "Queues" : "Topics", sequence_of({std::move(target)}, at), at);
}

bool uses_resource_policy(const Endpoint& source, const Endpoint& destination) {
  if (!is_service_source(source.type)) return false;
  return is_function(destination.type) || destination.type == "AWS::SQS::Queue" || destination.type == "AWS::SNS::Topic";
}

}  // namespace

Value connector_statement(const std::string& type, std::string_view permission, const Value& arn, Range at) {
  const Access* access = access_for(type);
  static const std::vector<const char*> kNone;
  const auto& actions = !access ? kNone : permission == "Read" ? access->read : access->write;
  return allow_statement(actions, resources_of(type, arn, at), at);
}

void expand_connector(Context& context, const SamResource& connector) {
  Range at = connector.anchor();
  const Value* source_node = connector.property("Source");
  const Value* destination_node = connector.property("Destination");
  if (!source_node) throw SamError(at, "Missing required property 'Source'.");
  if (!destination_node) throw SamError(at, "Missing required property 'Destination'.");
  Endpoint source = read_endpoint(context, *source_node, "Source");
  std::vector<const Value*> destinations;
  if (destination_node->is_sequence()) {
    for (const Value& item : destination_node->items()) destinations.push_back(&item);
  } else {
    destinations.push_back(destination_node);
  }
  std::vector<std::string> permissions = permissions_of(connector);
  for (size_t index = 0; index < destinations.size(); ++index) {
    Endpoint destination = read_endpoint(context, *destinations[index], "Destination");
    std::string suffix = destinations.size() > 1 ? "Destination" + std::to_string(index) : "";
    if (uses_resource_policy(source, destination)) {
      add_resource_policy(context, connector, connector.logical_id, suffix, source, destination, at);
    } else {
      add_identity_policy(context, connector, connector.logical_id + "Policy" + suffix, source, destination, permissions, at);
    }
  }
}

}  // namespace cfn::sam
