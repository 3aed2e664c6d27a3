// The observability group's native checks: tracing, logging and secrets rules that a
// predicate cannot say (those that test one property are declarative, in policies/; the
// secret helpers below also back the `literal-secret` and `secret-shape` native predicates).
// The group shares a small vocabulary in namespace `obs` (kept apart from the other groups'
// helpers). Every helper treats an intrinsic left in place, or a dynamic reference, as
// unknown: no finding.
#pragma once

#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "policy/checks/checks.h"

namespace cfn::checks {

namespace obs {

// Where a property path below Properties leads.
struct Lookup {
  enum class State : uint8_t { Unknown, Missing, Found };
  State state = State::Unknown;
  // Found: the value. Missing: the deepest mapping reached on the way (null when the first
  // key is already absent, so that a finding goes to the logical id).
  const Value* value = nullptr;
  // The key that holds `value` ("Logs:" for a missing Logs.Audit): where a finding on a
  // mapping or list points. Unknown when there is no key (Properties, a list item).
  Range key_range;
  std::string path;  // the full property path asked for

  bool found() const { return state == State::Found; }
  bool missing() const { return state == State::Missing; }
};

// Follows keys from a value (a resource's Properties, or an item of a list property).
// A step that is an intrinsic or not a mapping makes the result unknown; an absent or null
// key makes it missing.
Lookup lookup(const Value* start, std::string start_path, std::initializer_list<std::string_view> keys);
// The same from the resource's Properties; missing becomes unknown when the Properties may
// still gain keys at deploy time (an Fn::If or Fn::Transform in their place).
Lookup lookup(const Resource& resource, std::initializer_list<std::string_view> keys);

// A finding on a found value (a scalar at itself, a mapping or list at its key) with a
// path of the caller's choice; at the logical id when there is no value.
void report_at(CheckContext& ctx, const Resource& resource, const Lookup& found, std::string path);
// A finding for a missing lookup: at the deepest mapping found (its key), else at the
// logical id.
void report_missing(CheckContext& ctx, const Resource& resource, const Lookup& found);

// The property must be present and not null; its value is not judged.
void require_present(CheckContext& ctx, const Resource& resource, std::initializer_list<std::string_view> keys);
// The property must be a non-empty list (or a known non-empty scalar).
void require_non_empty(CheckContext& ctx, const Resource& resource, std::initializer_list<std::string_view> keys);
// Whether a found value is a known `true` / a known `false`.
bool is_true(const Value& value);
bool is_false(const Value& value);

// --- secrets ---------------------------------------------------------------------------

// Names of the template's parameters declared NoEcho: true.
std::set<std::string, std::less<>> no_echo_parameters(const Template& tmpl);

// The graph's references (Ref, GetAtt, Sub) from `resource` written under the property
// path `path` whose site the evaluated `value` (that property of a variant) still holds:
// the others were written in an Fn::If branch this variant does not take.
std::vector<const GraphEdge*> kept_references(CheckContext& ctx, const Resource& resource, const Value& value,
                                              std::string_view path);

// The positions, in a resource's original (unresolved) text, of every Ref or Fn::Sub that
// names a NoEcho parameter. The evaluator gives a value resolved from a parameter the
// range of the Ref that produced it, so a resolved value at one of these positions came
// from a NoEcho parameter: cloudformation-parameter-secret-no-noecho reports its Default,
// and property rules stay silent instead of reporting the same secret twice.
class NoEchoSites {
 public:
  NoEchoSites(const Template& tmpl, const Resource& resource);
  bool contains(const Value& resolved) const;

 private:
  bool collect(const Value& value, const std::set<std::string, std::less<>>& names);
  std::vector<Range> ranges_;
};

// A resolved value that is a literal secret: a known, non-empty scalar that is neither an
// intrinsic nor a dynamic reference, and did not come from a NoEcho parameter.
bool is_literal_secret(const Value& value, const NoEchoSites& sites);

// For rules that name the properties holding a password or token: each (type, path)
// pair is checked on the rule's resources of that type; a path walks mappings, and `[]`
// steps into every item of a list ("Users[].Password").
struct SecretProperty {
  std::string_view type;
  std::string_view path;
};
void check_secret_properties(CheckContext& ctx, std::initializer_list<SecretProperty> properties);

// Whether an environment variable (or parameter) name says it holds a secret: PASSWORD,
// SECRET, TOKEN, API_KEY, PRIVATE_KEY, CREDENTIAL..., but not a name that holds where the
// secret lives (SECRET_ARN, PASSWORD_PARAMETER, TOKEN_URL, *_ID...).
bool secret_name(std::string_view name);
// Whether a name ends in a secret word itself (Password, Secret, Token, ApiKey...), not in
// a KEY that a qualifier makes secret: a property called EncryptionKey holds a KMS key id.
bool secret_word_name(std::string_view name);
// Whether a name says it holds where or what something is, not its value: it ends in Arn,
// Id, Name, Path, Parameter, Url... (DbSecretArn, SlackTokenSsmPath).
bool locator_name(std::string_view name);
// Whether a name says it holds an identifier, which is no secret and does not embed one:
// it ends in Arn, Id, Name, KeyName, User, Username, Login or Email (DBMasterUsername,
// AdminEmail, DbClusterArn); not Url, Uri or Path, which may carry a token or a password
// (SlackWebhookUrl, DatabaseUri).
bool identifier_name(std::string_view name);
// Whether a value has the shape of a known kind of secret: an AWS access key id, a private
// key, a GitHub / Slack / Stripe token...; names the kind, or "" when none.
std::string_view secret_shape(std::string_view value);
// secret_shape of a value as the template writes it: a scalar's text, or the text of a
// Fn::Sub or Fn::Join with its unknown parts (`!Sub postgres://app:S3cret@${Db.Endpoint.Address}/app`
// holds the credential in its written part). In such a text a URL's password must be
// written whole, a private key must hold key material beyond its armour, and a Slack
// webhook its token. "" when none.
std::string_view written_secret_shape(const Value& value);
// Whether a literal value assigned to a variable with a secret name looks like a secret
// rather than a placeholder or a setting ("", "changeme" is still a secret, "true" is not,
// nor a marker for a tool to fill in: "${DB_PASSWORD}", "<password>", "{{token}}").
bool secret_like_value(std::string_view value);
// A value a secret-named member may hold and still be no secret: a placeholder to replace
// out of band ("REPLACE_ME", "changeme", "<password>", "${TOKEN}"), or one character
// repeated ("********", a masked value).
bool stands_in_for_secret(std::string_view value);
// For text that is a JSON object, whether it holds, at any depth, a string member whose
// name says it is a secret (password, token, apiKey...) and whose value looks like one: a
// Secrets Manager secret, Docker registry credentials in ECS_ENGINE_AUTH_DATA. Nullopt for
// other text.
std::optional<bool> json_holds_secret(std::string_view text);

// An assignment in a line of a shell or PowerShell script: NAME=value, export NAME='value',
// set NAME=value, setx NAME=value, $env:NAME = "value", NAME: value.
struct ShellAssignment {
  std::string_view name;
  std::string_view value;
};
// The leftmost assignment of a line. The name starts the line or follows whitespace or a
// quote, then `=` or `:` with optional spaces around it; the value is a run without quotes
// or whitespace, closed by the quote that opened it, if any.
std::optional<ShellAssignment> first_assignment(std::string_view line);

// Environment variables as a mapping (Lambda, CodeBuild uses a list of Name/Value):
// reports each variable with a secret name and a literal value, or a value of a known
// secret shape.
void check_variable(CheckContext& ctx, const Resource& resource, std::string_view name, const Value& value,
                    const std::string& path, const NoEchoSites& sites);

// An attribute of a resource that is a secret CloudFormation hands out in clear through
// Fn::GetAtt: an IAM access key's SecretAccessKey, a Cognito app client's ClientSecret,
// and a custom resource's response field of those names, SessionToken or SecretString
// (the CDK's AwsCustomResource: "UserPoolClient.ClientSecret").
bool is_secret_attribute(const Resource& resource, std::string_view attribute);

}  // namespace obs

// The group's checks, one per rule, each in src/policy/checks/<rule_id>.cpp.
void amplify_app_secret_plaintext(CheckContext& ctx);
void cloudformation_authentication_credentials(CheckContext& ctx);
void ec2_userdata_secret_plaintext(CheckContext& ctx);
void apigateway_stage_no_execution_logging(CheckContext& ctx);
void cloudformation_output_secret(CheckContext& ctx);
void cloudformation_parameter_secret_no_noecho(CheckContext& ctx);
void cloudtrail_trail_no_s3_data_events(CheckContext& ctx);
void codebuild_project_hardcoded_secret(CheckContext& ctx);
void dms_endpoint_password_plaintext(CheckContext& ctx);
void ec2_vpc_no_flow_logs(CheckContext& ctx);
void ecs_cluster_no_container_insights(CheckContext& ctx);
void ecs_taskdefinition_hardcoded_secret(CheckContext& ctx);
void elbv2_loadbalancer_no_access_logging(CheckContext& ctx);
void lambda_function_hardcoded_secret(CheckContext& ctx);
void lambda_function_no_log_retention(CheckContext& ctx);
void lambda_function_no_log_permission(CheckContext& ctx);
// The AWS managed policies lambda-function-no-log-permission knows to allow writing logs, by
// name, besides the families AWSLambdaBasic* and *PushToCloudWatchLogs. Its description
// lists them (a lint test holds the two together).
const std::vector<std::string_view>& log_granting_managed_policies();
void msk_cluster_no_broker_logging(CheckContext& ctx);
void neptune_cluster_no_audit_logs(CheckContext& ctx);
void s3_bucket_no_access_logging(CheckContext& ctx);
void stepfunctions_statemachine_no_logging(CheckContext& ctx);

}  // namespace cfn::checks
