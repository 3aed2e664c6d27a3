// AWS::Serverless::GraphQLApi: the AppSync API with its schema, logging (on by default,
// through a role SAM creates), authorizers, data sources with their roles, functions,
// resolvers, API keys, cache and domain.
#include <cctype>

#include "sam/function.h"
#include "sam/role.h"
#include "sam/values.h"

namespace cfn::sam {

namespace {

Value& generated(Context& context, const SamResource& api, const std::string& id, const char* type, Range at) {
  Value& resource = context.add(api, id, type, at);
  context.copy_attributes(api, resource, false);
  return put(resource, "Properties", mapping(at), at);
}

Value api_id(const SamResource& api, Range at) { return get_att(api.logical_id, "ApiId", at); }

void copy_keys(Value& into, const Value& from, std::initializer_list<std::pair<const char*, const char*>> names) {
  for (auto [sam_name, cfn_name] : names)
    if (const Value::Entry* entry = from.find_entry(sam_name)) put(into, cfn_name, entry->value, entry->key_range);
}

// One authentication provider in AppSync's shape, from SAM's Auth entry.
Value provider(const Value& auth, Range at) {
  Value out = mapping(at);
  if (const Value* type = auth.find("Type")) put(out, "AuthenticationType", *type, at);
  copy_keys(out, auth, {{"LambdaAuthorizer", "LambdaAuthorizerConfig"}, {"OpenIDConnect", "OpenIDConnectConfig"}});
  if (const Value* pool = auth.find("UserPool"); pool && pool->is_mapping()) {
    Value config = *pool;
    erase(config, "DefaultAction");  // only the main provider has a default action
    put(out, "UserPoolConfig", std::move(config), at);
  }
  return out;
}

std::vector<const Value*> lambda_authorizers(const Value& auth) {
  std::vector<const Value*> out;
  auto add = [&out](const Value& entry) {
    const Value* lambda = entry.is_mapping() ? entry.find("LambdaAuthorizer") : nullptr;
    if (lambda && lambda->is_mapping() && lambda->find("AuthorizerUri")) out.push_back(lambda->find("AuthorizerUri"));
  };
  add(auth);
  if (const Value* additional = auth.find("Additional"); additional && additional->is_sequence())
    for (const Value& entry : additional->items()) add(entry);
  return out;
}

void add_auth(Context& context, const SamResource& api, Value& properties) {
  const Value::Entry* auth = api.property_entry("Auth");
  if (!auth) throw SamError(api.anchor(), "Missing required property 'Auth'.");
  if (!auth->value.is_mapping() || is_intrinsic(auth->value)) throw SamError(auth->value.range(), "Property 'Auth' should be a map.");
  Range at = auth->key_range;
  Value main = provider(auth->value, at);
  for (Value::Entry& entry : main.entries()) put(properties, entry.key, entry.value, at);
  if (Value* pool = find_mutable(properties, "UserPoolConfig"))
    if (const Value* user_pool = auth->value.find("UserPool"); user_pool && user_pool->find("DefaultAction"))
      put(*pool, "DefaultAction", *user_pool->find("DefaultAction"), at);
  if (const Value* additional = auth->value.find("Additional"); additional && additional->is_sequence()) {
    Value providers = sequence(at);
    for (const Value& entry : additional->items()) providers.items().push_back(provider(entry, at));
    put(properties, "AdditionalAuthenticationProviders", std::move(providers), at);
  }
  int index = 1;
  for (const Value* uri : lambda_authorizers(auth->value)) {
    Value& permission = generated(context, api, api.logical_id + "ToLambdaAuthConnector" + std::to_string(index++) +
                                                    "WriteLambdaPermission", "AWS::Lambda::Permission", at);
    put(permission, "Action", text("lambda:InvokeFunction", at), at);
    put(permission, "FunctionName", *uri, at);
    put(permission, "Principal", text("appsync.amazonaws.com", at), at);
    put(permission, "SourceArn",
        sub_with("arn:${AWS::Partition}:appsync:${AWS::Region}:${AWS::AccountId}:apis/${SourceResourceId}",
                 {{"SourceResourceId", api_id(api, at)}}, at),
        at);
  }
}

// Logging is on unless `Logging: false`: FieldLogLevel ALL through a role SAM creates,
// unless the template names its own role.
void add_logging(Context& context, const SamResource& api, Value& properties) {
  const Value::Entry* logging = api.property_entry("Logging");
  if (logging && logging->value.as_bool() == false) return;
  Range at = logging ? logging->key_range : api.anchor();
  Value config = logging && logging->value.is_mapping() ? logging->value : mapping(at);
  if (!config.find("FieldLogLevel")) put(config, "FieldLogLevel", text("ALL", at), at);
  if (!config.find("CloudWatchLogsRoleArn")) {
    std::string role_id = api.logical_id + "CloudWatchRole";
    Value& role = generated(context, api, role_id, "AWS::IAM::Role", at);
    put(role, "AssumeRolePolicyDocument", assume_role_document("appsync.amazonaws.com", at), at);
    put(role, "ManagedPolicyArns",
        sequence_of({sub("arn:${AWS::Partition}:iam::aws:policy/service-role/AWSAppSyncPushToCloudWatchLogs", at)}, at), at);
    put(config, "CloudWatchLogsRoleArn", get_att(role_id, "Arn", at), at);
  }
  put(properties, "LogConfig", std::move(config), at);
}

void add_schema(Context& context, const SamResource& api) {
  Range at = api.anchor();
  const Value::Entry* inline_schema = api.property_entry("SchemaInline");
  const Value::Entry* uri = api.property_entry("SchemaUri");
  if (!inline_schema && !uri) throw SamError(at, "One of 'SchemaInline' or 'SchemaUri' must be set.");
  if (inline_schema && uri) throw SamError(at, "Both 'SchemaInline' and 'SchemaUri' cannot be defined at the same time.");
  Value& schema = generated(context, api, api.logical_id + "Schema", "AWS::AppSync::GraphQLSchema", at);
  put(schema, "ApiId", api_id(api, at), at);
  put(schema, inline_schema ? "Definition" : "DefinitionS3Location", (inline_schema ? inline_schema : uri)->value,
      (inline_schema ? inline_schema : uri)->key_range);
}

// A data source without ServiceRoleArn gets a role AppSync assumes and a connector-style
// policy for its table or function.
void add_data_source_role(Context& context, const SamResource& api, Value& properties, const std::string& id,
                          const char* suffix, std::vector<Value> statements, Range at) {
  std::string role_id = id + "Role";
  Value& role = generated(context, api, role_id, "AWS::IAM::Role", at);
  put(role, "AssumeRolePolicyDocument", assume_role_document("appsync.amazonaws.com", at), at);
  Value& policy = generated(context, api, id + suffix, "AWS::IAM::ManagedPolicy", at);
  Value document = mapping(at);
  put(document, "Version", text("2012-10-17", at), at);
  put(document, "Statement", sequence_of(std::move(statements), at), at);
  put(policy, "PolicyDocument", std::move(document), at);
  put(policy, "Roles", sequence_of({ref(role_id, at)}, at), at);
  put(properties, "ServiceRoleArn", get_att(role_id, "Arn", at), at);
}

void add_dynamodb_source(Context& context, const SamResource& api, const Value::Entry& source) {
  Range at = source.key_range;
  if (!source.value.is_mapping()) throw SamError(at, "Property 'DataSources.DynamoDb." + source.key + "' should be a map.");
  std::string id = api.logical_id + source.key + "DynamoDBDataSource";
  Value& properties = generated(context, api, id, "AWS::AppSync::DataSource", at);
  put(properties, "ApiId", api_id(api, at), at);
  copy_keys(properties, source.value, {{"Description", "Description"}});
  Value config = mapping(at);
  const Value* region = source.value.find("Region");
  put(config, "AwsRegion", region ? *region : ref("AWS::Region", at), at);
  copy_keys(config, source.value, {{"DeltaSync", "DeltaSyncConfig"}, {"TableName", "TableName"},
                                   {"UseCallerCredentials", "UseCallerCredentials"}, {"Versioned", "Versioned"}});
  put(properties, "DynamoDBConfig", std::move(config), at);
  const Value* name = source.value.find("Name");
  put(properties, "Name", name ? *name : text(source.key, at), at);
  put(properties, "Type", text("AMAZON_DYNAMODB", at), at);
  if (const Value* role = source.value.find("ServiceRoleArn")) {
    put(properties, "ServiceRoleArn", *role, at);
    return;
  }
  // Without TableArn, SAM builds the table's ARN from its name and region.
  const Value* table_arn = source.value.find("TableArn");
  const Value* table_name = source.value.find("TableName");
  Value table = table_arn ? *table_arn
                          : sub_with("arn:${AWS::Partition}:dynamodb:${__Region__}:${AWS::AccountId}:table/${__TableName__}",
                                     {{"__Region__", region ? *region : ref("AWS::Region", at)},
                                      {"__TableName__", table_name ? *table_name : text("*", at)}},
                                     at);
  add_data_source_role(context, api, properties, id, "ToTableConnectorPolicy",
                       {connector_statement("AWS::DynamoDB::Table", "Read", table, at),
                        connector_statement("AWS::DynamoDB::Table", "Write", table, at)},
                       at);
}

void add_lambda_source(Context& context, const SamResource& api, const Value::Entry& source) {
  Range at = source.key_range;
  if (!source.value.is_mapping() || !source.value.find("FunctionArn"))
    throw SamError(at, "Lambda data source " + source.key + " needs a FunctionArn.");
  std::string id = api.logical_id + source.key + "LambdaDataSource";
  Value& properties = generated(context, api, id, "AWS::AppSync::DataSource", at);
  put(properties, "ApiId", api_id(api, at), at);
  copy_keys(properties, source.value, {{"Description", "Description"}});
  Value config = mapping(at);
  put(config, "LambdaFunctionArn", *source.value.find("FunctionArn"), at);
  put(properties, "LambdaConfig", std::move(config), at);
  const Value* name = source.value.find("Name");
  put(properties, "Name", name ? *name : text(source.key, at), at);
  put(properties, "Type", text("AWS_LAMBDA", at), at);
  if (const Value* role = source.value.find("ServiceRoleArn")) {
    put(properties, "ServiceRoleArn", *role, at);
    return;
  }
  add_data_source_role(context, api, properties, id, "ToLambdaConnectorPolicy",
                       {allow_statement({"lambda:InvokeAsync", "lambda:InvokeFunction"},
                              sequence_of({*source.value.find("FunctionArn")}, at), at)},
                       at);
}

void add_data_sources(Context& context, const SamResource& api) {
  const Value* sources = api.property("DataSources");
  if (!sources) return;
  if (!sources->is_mapping() || is_intrinsic(*sources)) throw SamError(sources->range(), "Property 'DataSources' should be a map.");
  for (const Value::Entry& kind : sources->entries()) {
    if (!kind.value.is_mapping()) throw SamError(kind.key_range, "Property 'DataSources." + kind.key + "' should be a map.");
    for (const Value::Entry& source : kind.value.entries()) {
      if (kind.key == "DynamoDb") {
        add_dynamodb_source(context, api, source);
      } else if (kind.key == "Lambda") {
        add_lambda_source(context, api, source);
      } else {
        throw SamError(kind.key_range, "Data source type '" + kind.key + "' is not supported.");
      }
    }
  }
}

// The DataSourceName of a function: NONE (any case), a data source of this API by key, or
// an external name as given.
Value data_source_name(Context& context, const SamResource& api, const Value& reference, Range at) {
  auto name = scalar_text(&reference);
  if (!name) return reference;
  if (ascii_lower(*name) == "none") {
    std::string id = api.logical_id + "NoneDataSource";
    if (!context.has_output(id)) {
      Value& properties = generated(context, api, id, "AWS::AppSync::DataSource", at);
      put(properties, "ApiId", api_id(api, at), at);
      put(properties, "Name", text(id, at), at);
      put(properties, "Type", text("NONE", at), at);
    }
    return get_att(id, "Name", at);
  }
  const Value* sources = api.property("DataSources");
  for (const char* kind : {"DynamoDb", "Lambda"}) {
    const Value* group = sources && sources->is_mapping() ? sources->find(kind) : nullptr;
    if (group && group->is_mapping() && group->find(*name))
      return get_att(api.logical_id + *name + (std::string(kind) == "Lambda" ? "LambdaDataSource" : "DynamoDBDataSource"), "Name", at);
  }
  return reference;
}

Value runtime_of(const Value& item, Range at) {
  const Value* runtime = item.find("Runtime");
  Value out = mapping(at);
  if (runtime && runtime->is_mapping()) {
    if (const Value* name = runtime->find("Name")) put(out, "Name", *name, at);
    if (const Value* version = runtime->find("Version")) put(out, "RuntimeVersion", *version, at);
    return out;
  }
  put(out, "Name", text("APPSYNC_JS", at), at);
  put(out, "RuntimeVersion", text("1.0.0", at), at);
  return out;
}

void add_functions(Context& context, const SamResource& api) {
  const Value* functions = api.property("Functions");
  if (!functions || !functions->is_mapping()) return;
  for (const Value::Entry& function : functions->entries()) {
    Range at = function.key_range;
    if (!function.value.is_mapping()) throw SamError(at, "Function " + function.key + " should be a map.");
    if (function.value.find("Id")) continue;  // an existing function, referenced by resolvers
    const Value* source = function.value.find("DataSource");
    if (!source) throw SamError(at, "'DataSource' must be set for function " + function.key + ".");
    Value& properties = generated(context, api, api.logical_id + function.key, "AWS::AppSync::FunctionConfiguration", at);
    put(properties, "ApiId", api_id(api, at), at);
    if (const Value* code = function.value.find("InlineCode")) put(properties, "Code", *code, at);
    if (const Value* uri = function.value.find("CodeUri")) put(properties, "CodeS3Location", *uri, at);
    put(properties, "DataSourceName", data_source_name(context, api, *source, at), at);
    copy_keys(properties, function.value, {{"Description", "Description"}, {"MaxBatchSize", "MaxBatchSize"},
                                           {"Sync", "SyncConfig"}});
    const Value* name = function.value.find("Name");
    put(properties, "Name", name ? *name : text(function.key, at), at);
    put(properties, "Runtime", runtime_of(function.value, at), at);
  }
}

void add_resolvers(Context& context, const SamResource& api) {
  const Value* resolvers = api.property("Resolvers");
  if (!resolvers || !resolvers->is_mapping()) return;
  const Value* functions = api.property("Functions");
  for (const Value::Entry& type : resolvers->entries()) {
    if (!type.value.is_mapping()) throw SamError(type.key_range, "Resolvers of " + type.key + " should be a map.");
    for (const Value::Entry& resolver : type.value.entries()) {
      Range at = resolver.key_range;
      Value& properties = generated(context, api, api.logical_id + type.key + resolver.key, "AWS::AppSync::Resolver", at);
      put(properties, "ApiId", api_id(api, at), at);
      copy_keys(properties, resolver.value, {{"Caching", "CachingConfig"}, {"InlineCode", "Code"}, {"CodeUri", "CodeS3Location"}});
      const Value* field = resolver.value.find("FieldName");
      put(properties, "FieldName", field ? *field : text(resolver.key, at), at);
      put(properties, "Kind", text("PIPELINE", at), at);
      copy_keys(properties, resolver.value, {{"MaxBatchSize", "MaxBatchSize"}, {"Sync", "SyncConfig"}});
      Value pipeline = sequence(at);
      if (const Value* steps = resolver.value.find("Pipeline"); steps && steps->is_sequence()) {
        for (const Value& step : steps->items()) {
          auto name = scalar_text(&step).value_or("");
          const Value* function = functions && functions->is_mapping() ? functions->find(name) : nullptr;
          const Value* existing = function && function->is_mapping() ? function->find("Id") : nullptr;
          pipeline.items().push_back(existing ? *existing : get_att(api.logical_id + name, "FunctionId", at));
        }
      }
      Value config = mapping(at);
      put(config, "Functions", std::move(pipeline), at);
      put(properties, "PipelineConfig", std::move(config), at);
      put(properties, "Runtime", runtime_of(resolver.value, at), at);
      put(properties, "TypeName", text(type.key, at), at);
    }
  }
}

void add_extras(Context& context, const SamResource& api) {
  if (const Value* keys = api.property("ApiKeys"); keys && keys->is_mapping()) {
    for (const Value::Entry& key : keys->entries()) {
      Value& properties = generated(context, api, api.logical_id + key.key, "AWS::AppSync::ApiKey", key.key_range);
      put(properties, "ApiId", api_id(api, key.key_range), key.key_range);
      if (key.value.is_mapping())
        copy_keys(properties, key.value, {{"ApiKeyId", "ApiKeyId"}, {"Description", "Description"}, {"ExpiresOn", "Expires"}});
    }
  }
  if (const Value::Entry* cache = api.property_entry("Cache"); cache && cache->value.is_mapping()) {
    Value& properties = generated(context, api, api.logical_id + "ApiCache", "AWS::AppSync::ApiCache", cache->key_range);
    put(properties, "ApiId", api_id(api, cache->key_range), cache->key_range);
    copy_keys(properties, cache->value, {{"ApiCachingBehavior", "ApiCachingBehavior"}, {"AtRestEncryptionEnabled", "AtRestEncryptionEnabled"},
                                         {"TransitEncryptionEnabled", "TransitEncryptionEnabled"}, {"Ttl", "Ttl"}, {"Type", "Type"}});
  }
  if (const Value::Entry* domain = api.property_entry("DomainName"); domain && domain->value.is_mapping()) {
    Range at = domain->key_range;
    Value& properties = generated(context, api, api.logical_id + "DomainName", "AWS::AppSync::DomainName", at);
    copy_keys(properties, domain->value, {{"CertificateArn", "CertificateArn"}, {"Description", "Description"}, {"DomainName", "DomainName"}});
    Value& association = generated(context, api, api.logical_id + "DomainNameApiAssociation", "AWS::AppSync::DomainNameApiAssociation", at);
    put(association, "ApiId", api_id(api, at), at);
    put(association, "DomainName", get_att(api.logical_id + "DomainName", "DomainName", at), at);
  }
}

}  // namespace

void expand_graphql_api(Context& context, const SamResource& api) {
  Range at = api.anchor();
  Value properties = mapping(api.properties.range());
  add_auth(context, api, properties);
  const Value::Entry* name = api.property_entry("Name");
  put(properties, "Name", name ? name->value : text(api.logical_id, at), name ? name->key_range : at);
  copy_keys(properties, api.properties,
            {{"XrayEnabled", "XrayEnabled"}, {"Visibility", "Visibility"}, {"OwnerContact", "OwnerContact"},
             {"IntrospectionConfig", "IntrospectionConfig"}, {"QueryDepthLimit", "QueryDepthLimit"},
             {"ResolverCountLimit", "ResolverCountLimit"}, {"ApiType", "ApiType"}, {"MergedApiExecutionRoleArn", "MergedApiExecutionRoleArn"}});
  add_logging(context, api, properties);
  Value tags = tag_list("", "", api.property("Tags"), at);
  Value created = mapping(at);
  put(created, "Key", text("graphqlapi:createdBy", at), at);
  put(created, "Value", text("SAM", at), at);
  tags.items().push_back(std::move(created));
  put(properties, "Tags", std::move(tags), at);
  Value& resource = context.add(api, api.logical_id, "AWS::AppSync::GraphQLApi", api.key_range);
  context.copy_attributes(api, resource, true);
  put(resource, "Properties", std::move(properties), api.properties.range());
  add_schema(context, api);
  add_data_sources(context, api);
  add_functions(context, api);
  add_resolvers(context, api);
  add_extras(context, api);
}

}  // namespace cfn::sam
