// The access group's native checks: IAM wildcards, public resource policies, public network
// exposure and API authentication, where a predicate is not enough (public flags and
// principal-"*" resource policies are declarative, in policies/, except where the message
// must say which of several cases it is). Each rule is one function
// in src/policy/checks/<rule_id>.cpp; the helpers below are what several of them share.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "iam/policy_document.h"
#include "policy/checks/checks.h"

namespace cfn {
class ResourceGraph;
}

namespace cfn::checks {

// ---- shared helpers ----------------------------------------------------------------

// Reports an element at its value when that is a scalar, and at its key when it is a
// mapping or a list: a block starts on the line after its key, which is not where a
// reader looks for "NotAction" or "PublicAccessBlockConfiguration".
void report_element(CheckContext& ctx, const Resource& resource, const iam::Located& element);
// The same for a mapping entry (a property, an OpenAPI operation).
void report_entry(CheckContext& ctx, const Resource& resource, const Value::Entry& entry, const std::string& path);

// Reports every Allow statement of a resource policy whose Principal is everyone ("*",
// {AWS: "*"}) and whose Condition does not narrow it to known accounts, organisations,
// networks or source resources; the finding points at the "*". Documents written as a
// JSON string are not read.
void report_public_statements(CheckContext& ctx, const Resource& resource, const Value& document,
                              const std::string& path);

// Every permission-policy document of an IAM resource: PolicyDocument (AWS::IAM::Policy,
// ManagedPolicy, RolePolicy, UserPolicy, GroupPolicy) and the inline Policies[].PolicyDocument
// of a role, user or group. With `trust`, a role's AssumeRolePolicyDocument too.
// Resource policies (bucket, queue, topic) are PolicyDocument as well.
template <typename Visit>
void for_each_policy_document(const Resource& resource, bool trust, Visit&& visit) {
  if (const Value* document = resource.property("PolicyDocument"))
    visit(*document, resource.property_path("PolicyDocument"));
  // An IAM Identity Center permission set's policy, given to everyone assigned to it.
  if (resource.type == "AWS::SSO::PermissionSet") {
    if (const Value* document = resource.property("InlinePolicy")) visit(*document, resource.property_path("InlinePolicy"));
  }
  if (const Value* policies = resource.property("Policies"); policies && policies->is_sequence()) {
    const std::string path = resource.property_path("Policies");
    const auto& list = policies->items();
    for (size_t i = 0; i < list.size(); ++i) {
      const Value* document = list[i].is_mapping() ? list[i].find("PolicyDocument") : nullptr;
      if (document) visit(*document, path + "[" + std::to_string(i) + "].PolicyDocument");
    }
  }
  if (!trust) return;
  if (const Value* document = resource.property("AssumeRolePolicyDocument"))
    visit(*document, resource.property_path("AssumeRolePolicyDocument"));
}

// A managed policy the template uses only as a permissions boundary (PermissionsBoundary
// of a role or user, and attached to nothing): it caps what an identity may do and grants
// nothing itself, so the permission rules do not judge it.
bool boundary_only(CheckContext& ctx, const Resource& policy);

// Every statement of every permission-policy document of the rule's resources, with the
// resource (a variant) it belongs to.
template <typename Visit>
void for_each_permission_statement(CheckContext& ctx, Visit&& visit) {
  for (const Resource* resource : ctx.resources()) {
    if (boundary_only(ctx, *resource)) continue;
    for_each_policy_document(*resource, false, [&](const Value& document, const std::string& path) {
      for (const iam::Statement& statement : iam::statements(document, path)) visit(*resource, statement);
    });
  }
}

// Every statement of the trust policy (AssumeRolePolicyDocument) of each of the rule's
// roles, with the role (a variant). A trust policy left unknown is not read.
void for_each_trust_statement(CheckContext& ctx,
                              const std::function<void(const Resource&, const iam::Statement&)>& visit);

// The web-identity trust rules: each trust statement of the rule's roles that Allows
// sts:AssumeRoleWithWebIdentity to a Federated principal `is_provider` accepts (an item,
// written or left unknown), and whose Condition does not narrow whose tokens count
// (iam::condition_narrows with `tests_key` and `lets_all`), is reported at that principal.
// The rules differ only in the provider and in the claim that narrows it.
void report_unnarrowed_web_identity(CheckContext& ctx, const std::function<bool(const Value&)>& is_provider,
                                    const std::function<bool(std::string_view)>& tests_key,
                                    const std::function<bool(std::string_view)>& lets_all);

// Reports the first item of an Allow statement's Action that `covers` (a pattern), on
// Allow statements only; a pattern matching every action is iam-policy-wildcard-action's
// finding and is passed over. One finding per statement.
template <typename Covers>
void report_first_action(CheckContext& ctx, const Resource& resource, const iam::Statement& statement,
                         Covers&& covers) {
  auto action = statement.element("Action");
  if (!statement.allows() || !action) return;
  for (const iam::Located& item : iam::items(*action)) {
    auto pattern = item.value->as_string();
    if (pattern && !iam::is_full_wildcard_action(*pattern) && covers(*pattern))
      return ctx.report(resource, *item.value, item.path());
  }
}

// An element written as Fn::If that the evaluator left in place: it may not exist at all
// in the deployed template. Elements whose mere presence is the problem (NotAction,
// NotResource, NotPrincipal) are judged on presence, unknown values included, except this.
bool is_conditional(const Value& value);

// A boolean property that is literally true (CloudFormation's spelling rules); unknown is not.
const Value* true_property(const Resource& resource, std::string_view name);
// A string property equal (case-insensitively) to `wanted`; unknown is not.
const Value* property_equals(const Resource& resource, std::string_view name, std::string_view wanted);
// The value at a dotted path inside a resource's Properties ("A.B.C"), or null.
const Value* nested_property(const Resource& resource, std::string_view dotted);

// Calls `visit(value, path)` for each value at `spec` inside a resource's Properties:
// "A.B" is a nested property, "List[].C" the property C of every item of List.
void visit_nested(const Resource& resource, std::string_view spec,
                  const std::function<void(const Value&, const std::string&)>& visit);

// API Gateway (REST or HTTP) definitions written as an OpenAPI/Swagger Body (SAM puts
// implicit and explicit APIs there): reports each operation (paths.<path>.<method>, OPTIONS
// aside) that has no security requirement of its own and no document-level default, or
// whose requirements include the empty one ({}), which makes authentication optional.
void report_open_operations(CheckContext& ctx, const Resource& api, const Value& body, const std::string& path);
// A REST API that is private (EndpointConfiguration PRIVATE) or has a resource policy with
// no statement open to everyone: requests are limited before any method runs.
bool api_restricted_by_policy(const Resource& api);
// An API (REST or HTTP, as the template writes it) that only clients holding a trusted
// certificate can reach: its default execute-api endpoint is disabled
// (DisableExecuteApiEndpoint true, or unknown), and every custom domain the template maps it
// to requires mutual TLS (MutualTlsAuthentication with a TruststoreUri, or unknown). An API
// the template maps to no domain, or to a domain it does not define, may be reached
// otherwise and does not count.
bool reachable_only_with_client_certificate(const ResourceGraph& graph, const Resource& api);

// A ManagedPolicyArns entry naming the AWS managed AdministratorAccess policy, literally or
// as an Fn::Sub whose text ends the same way (arn:${AWS::Partition}:iam::aws:policy/...).
bool is_administrator_access(const Value& arn);

// The roles of the template (graph node indices) that one variant of a function runs as:
// those its resolved Role value names (one Fn::If branch keeps that branch's place).
std::vector<size_t> roles_of_variant(const ResourceGraph& graph, const Resource& original, const Value& role);

// The variants of a policy of the template (an AWS::IAM::Policy, ManagedPolicy or
// RolePolicy that policies_of_role found for `role`) deployed and attached together with
// `role_variant`: none when the policy's Condition never holds with it (or holds only off
// the parameters' Defaults), or when only the role's ManagedPolicyArns attaches it and
// this variant of the role resolves that entry away.
std::vector<const Resource*> attached_policy_variants(const CheckContext& ctx, const ResourceGraph& graph,
                                                      const Resource& role, const Resource& role_variant,
                                                      const Resource& policy);

// ---- rules -------------------------------------------------------------------------

void apigateway_method_no_auth(CheckContext& ctx);
void apigateway_restapi_no_waf(CheckContext& ctx);
void apigatewayv2_route_no_auth(CheckContext& ctx);
void appsync_graphql_api_key_auth(CheckContext& ctx);
void ecs_service_public_ip(CheckContext& ctx);
void eks_cluster_public_endpoint(CheckContext& ctx);
void iam_policy_not_action(CheckContext& ctx);
void iam_policy_not_principal(CheckContext& ctx);
void iam_policy_not_resource(CheckContext& ctx);
void iam_policy_passrole_wildcard(CheckContext& ctx);
void iam_policy_privilege_escalation(CheckContext& ctx);
void iam_policy_service_wildcard_action(CheckContext& ctx);
void iam_policy_assumerole_wildcard_resource(CheckContext& ctx);
void iam_role_oidc_trust_any_repository(CheckContext& ctx);
void iam_role_cognito_trust_any_identity_pool(CheckContext& ctx);
void iam_role_administrator_access(CheckContext& ctx);
void lambda_permission_public(CheckContext& ctx);
void lambda_role_shared(CheckContext& ctx);
void lambda_role_wildcard_action(CheckContext& ctx);
void msk_cluster_public(CheckContext& ctx);
void opensearch_domain_access_policy_public(CheckContext& ctx);
void rds_instance_publicly_accessible(CheckContext& ctx);
void s3_bucket_public_access_block_disabled(CheckContext& ctx);

}  // namespace cfn::checks
