// lambda-role-wildcard-action: a Lambda function whose execution role gets every action
// ("*") from any policy that reaches it: the role's inline Policies, an AWS::IAM::Policy,
// ManagedPolicy or RolePolicy attached to it (Roles / RoleName / ManagedPolicyArns), or
// the AWS managed AdministratorAccess policy. The finding points at the statement (or the
// ARN) and names the function, since the function is what runs with those rights: one
// code-injection bug in it is then an account takeover.
#include <algorithm>

#include "graph/graph.h"
#include "policy/checks/checks_access.h"

namespace cfn::checks {

namespace {

class RoleWalk {
 public:
  RoleWalk(CheckContext& ctx, const Resource& function) : ctx_(ctx), function_(function) {}

  // Every variant of the role deployable with the function, and in each the policies
  // deployed and attached with it: a policy under a Condition that never holds there, or
  // attached by an Fn::If branch not taken, gives the function nothing.
  void check_role(const ResourceGraph& graph, const Resource& role) {
    const std::vector<PolicyAttachment> attachments = graph.policies_of_role(role);
    for (const Resource* role_variant : ctx_.variants_with(role, function_)) {
      check_managed_arns(*role_variant);
      for_each_policy_document(*role_variant, false, [&](const Value& document, const std::string& path) {
        check_document(document, path, *role_variant, nullptr);
      });
      std::vector<const Resource*> owners_done;
      for (const PolicyAttachment& attachment : attachments) {
        if (attachment.managed_arn || attachment.owner == &role) continue;  // read from the variant above
        if (std::find(owners_done.begin(), owners_done.end(), attachment.owner) != owners_done.end()) continue;
        owners_done.push_back(attachment.owner);
        check_policy(graph, role, *role_variant, *attachment.owner);
      }
    }
  }

 private:
  // AdministratorAccess in the role's ManagedPolicyArns as deployed with the function: an
  // Fn::If branch or a parameter default included.
  void check_managed_arns(const Resource& role_variant) {
    const Value* arns = role_variant.property("ManagedPolicyArns");
    if (!arns || !arns->is_sequence()) return;
    for (size_t i = 0; i < arns->items().size(); ++i) {
      const Value& arn = arns->items()[i];
      if (is_administrator_access(arn))
        report(arn, role_variant.property_path("ManagedPolicyArns") + "[" + std::to_string(i) + "]", role_variant,
               nullptr);
    }
  }

  void check_policy(const ResourceGraph& graph, const Resource& role, const Resource& role_variant,
                    const Resource& policy) {
    for (const Resource* variant : attached_policy_variants(ctx_, graph, role, role_variant, policy)) {
      if (!ctx_.may_coexist(function_, *variant)) continue;
      for_each_policy_document(*variant, false, [&](const Value& document, const std::string& path) {
        check_document(document, path, role_variant, variant);
      });
    }
  }

  void check_document(const Value& document, const std::string& path, const Resource& role_variant,
                      const Resource* policy_variant) {
    for (const iam::Statement& statement : iam::statements(document, path)) {
      auto action = statement.element("Action");
      if (!statement.allows() || !action) continue;
      if (auto wildcard = iam::find_full_wildcard_action(*action))
        report(*wildcard->value, wildcard->path(), role_variant, policy_variant);
    }
  }

  // On the function, under the conditions of the role variant (and the policy variant)
  // the statement was read from.
  void report(const Value& at, const std::string& path, const Resource& role_variant, const Resource* policy_variant) {
    if (policy_variant) return ctx_.report_with(function_, at, path, role_variant, *policy_variant);
    ctx_.report_with(function_, at, path, role_variant);
  }

  CheckContext& ctx_;
  const Resource& function_;
};

}  // namespace

void lambda_role_wildcard_action(CheckContext& ctx) {
  const ResourceGraph& graph = ctx.graph();  // built once per template, shared by every rule
  for (const Resource* function : ctx.resources()) {
    if (function->type != "AWS::Lambda::Function") continue;
    const Resource* original = ctx.tmpl().resource(function->logical_id);
    if (!original) continue;
    RoleWalk walk(ctx, *function);
    for (const Resource* role : graph.roles_of_function(*original)) walk.check_role(graph, *role);
  }
}

}  // namespace cfn::checks
