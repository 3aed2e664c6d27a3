// State shared by the SAM expansion steps: the resources being produced, where each came
// from, and the implicit APIs that Api/HttpApi events without an explicit API build up.
#pragma once

#include <deque>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "eval/parameters.h"
#include "model/diagnostic.h"
#include "model/value.h"
#include "sam/references.h"

namespace cfn::sam {

// Invalid SAM: stops the expansion of one resource and becomes a diagnostic at `range`.
struct SamError : std::runtime_error {
  SamError(Range where, const std::string& message) : std::runtime_error(message), range(where) {}
  Range range;
};

// A SAM resource as the expansion sees it: Globals already merged into its properties.
struct SamResource {
  std::string logical_id;
  Range key_range;
  std::string type;
  Value node;        // the whole resource mapping (Type, Properties, Condition...)
  Value properties;  // a mapping, empty when absent

  const Value* property(std::string_view name) const { return properties.find(name); }
  const Value::Entry* property_entry(std::string_view name) const { return properties.find_entry(name); }
  // Where something missing from this resource is reported: its logical-id key.
  Range anchor() const { return key_range; }
  const Value* attribute(std::string_view name) const { return node.find(name); }
};

// An event that routes an API path to a function or state machine (Api / HttpApi events).
struct ApiRoute {
  std::string target_id;   // the function or state machine
  std::string target_arn;  // what the integration invokes: "<Fn>.Arn", or the alias id with AutoPublishAlias
  std::string event_id;
  Range event_range;       // the Events entry's key
  std::string path;
  std::string method;
  const Value* properties = nullptr;
  std::optional<std::string> condition;  // the target's Condition: SAM writes the method under Fn::If on it
};

// An implicit API (ServerlessRestApi / ServerlessHttpApi): created by the first event that
// names no API, anchored there.
struct ImplicitApi {
  std::string owner_id;  // the SAM resource whose event created it (the first unconditional one)
  Range range;           // that event's key
  bool owner_conditional = false;  // the owner has a Condition: a later unconditional event takes over
  std::vector<ApiRoute> routes;
};

class Context {
 public:
  // `given`: parameter values passed to the scan (--parameter), which stand for the
  // deployment's as they do for the rules.
  Context(const Value& root, SourcePtr source, const ParameterValues& given = {});

  const Value& root() const { return root_; }
  // The template's text, as written ("" when there is no source).
  std::string_view source_text() const { return source_ ? std::string_view(source_->text()) : std::string_view(); }
  // A template parameter's value where SAM itself resolves a Ref: the value given to the
  // scan (a scalar at the parameter's key), else its Default; null when neither is known.
  const Value* parameter_default(std::string_view name) const;
  // The template's declaration of a parameter (its Parameters entry), or null.
  const Value::Entry* declared_parameter(std::string_view name) const;
  // The Type of a resource in the input template ("" when unknown).
  std::string input_type(std::string_view logical_id) const;

  // Adds a generated resource; `cause` is the SAM source that produced it.
  Value& add(const SamResource& sam, std::string logical_id, std::string type, Range cause);
  // Copies a resource the SAM step does not change.
  void keep(const Value::Entry& entry);
  Value* output_resource(std::string_view logical_id);
  bool has_output(std::string_view logical_id) const;
  std::deque<Value::Entry>& output() { return output_; }

  void report(Range range, std::string message, std::string logical_id = "", std::string_view attribute = "");
  // "Resource ID is not valid SAM: <reason>", at `range`.
  void report_invalid(Range range, const std::string& logical_id, std::string_view reason,
                      std::string_view attribute = "");
  std::vector<Diagnostic>& diagnostics() { return diagnostics_; }

  // The resource attributes SAM copies onto everything it generates for a resource.
  void copy_attributes(const SamResource& sam, Value& generated, bool main_resource) const;

  ImplicitApi rest_api;
  ImplicitApi http_api;
  // Routes of events that name an explicit API in this template: logical id -> routes.
  std::map<std::string, std::vector<ApiRoute>> explicit_routes;
  // Globals by SAM section (Function, Api, ...), kept to apply to implicit APIs.
  std::map<std::string, Value> globals;
  // Changes SAM makes to resources it does not own (S3 bucket notifications).
  std::map<std::string, std::vector<Value>> bucket_notifications;  // bucket id -> LambdaConfigurations
  std::map<std::string, std::vector<std::string>> bucket_depends_on;
  // user pool id -> (trigger name, function ARN) of each Cognito event, for its LambdaConfig
  std::map<std::string, std::vector<std::pair<Value, Value>>> user_pool_triggers;
  // Conditions SAM adds to the template: negated name -> the condition it negates.
  std::map<std::string, std::string> negated_conditions;
  // ...and condition name -> its expression (an implicit API's Fn::Or of its functions').
  std::map<std::string, Value> added_conditions;
  // What `!Ref MyFunction.Alias` and the like name: the generated resources (add() records them).
  ReferenceableProperties referenceable;

 private:
  const Value& root_;
  SourcePtr source_;
  std::map<std::string, Value, std::less<>> given_;  // parameter values given to the scan
  std::deque<Value::Entry> output_;
  std::map<std::string, size_t, std::less<>> output_index_;
  std::vector<Diagnostic> diagnostics_;
};

// Entry points of the per-type expansions (one file each).
void expand_function(Context& context, const SamResource& function);
void expand_api(Context& context, const SamResource& api);
void expand_http_api(Context& context, const SamResource& api);
void expand_implicit_apis(Context& context);
void expand_simple_table(Context& context, const SamResource& table);
void expand_state_machine(Context& context, const SamResource& machine);
void expand_layer_version(Context& context, const SamResource& layer);
void expand_application(Context& context, const SamResource& application);
void expand_connector(Context& context, const SamResource& connector);
// The statement a connector's identity policy gives for `permission` (Read or Write) on a
// destination of `type` (a table, a bucket, a queue...) at `arn`, what lives under it
// included (a table's indexes, a bucket's objects). SAM gives a GraphQL API's data
// sources the same access (its translator's graphqlapi_ddb_datasource_* outputs).
Value connector_statement(const std::string& type, std::string_view permission, const Value& arn, Range at);
void expand_websocket_api(Context& context, const SamResource& api);
void expand_graphql_api(Context& context, const SamResource& api);
void expand_capacity_provider(Context& context, const SamResource& provider);
void expand_other(Context& context, const SamResource& resource);
// Collects the Api/HttpApi routes of every function and state machine before expansion.
void collect_api_routes(Context& context, const SamResource& resource);

// Records, in a generated resource's Metadata."cfn-scan:origin".Absent, that a SAM setting
// written at `where` left `property` (under Properties) out: a finding about the missing
// property points there, not at the resource.
void note_absent(Value& generated, std::string_view property, Range where);

}  // namespace cfn::sam
