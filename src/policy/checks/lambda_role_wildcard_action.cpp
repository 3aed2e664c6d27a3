// lambda-role-wildcard-action: a Lambda function whose execution role gets every action
// ("*") from any policy that reaches it: the role's inline Policies, an AWS::IAM::Policy,
// ManagedPolicy or RolePolicy attached to it (Roles / RoleName / ManagedPolicyArns), or
// the AWS managed AdministratorAccess policy. The finding points at the statement (or the
// ARN) and names the function, since the function is what runs with those rights: one
// code-injection bug in it is then an account takeover.
#include <algorithm>
#include <map>

#include "graph/graph.h"
#include "policy/checks/checks_access.h"

namespace cfn::checks {

namespace {

using VariantsById = std::map<std::string, std::vector<const Resource*>, std::less<>>;

// The resolved variants of the rule's IAM resources, by logical id.
VariantsById iam_variants(const CheckContext& ctx) {
  VariantsById found;
  for (const Resource* resource : ctx.resources()) {
    if (resource->type != "AWS::Lambda::Function") found[resource->logical_id].push_back(resource);
  }
  return found;
}

class RoleWalk {
 public:
  RoleWalk(CheckContext& ctx, const Resource& function, const VariantsById& variants)
      : ctx_(ctx), function_(function), variants_(variants) {}

  void check_role(const ResourceGraph& graph, const Resource& role) {
    check_managed_arns(role);
    std::vector<const Resource*> owners_done;
    for (const PolicyAttachment& attachment : graph.policies_of_role(role)) {
      if (attachment.managed_arn) continue;  // read per variant by check_managed_arns
      if (std::find(owners_done.begin(), owners_done.end(), attachment.owner) != owners_done.end()) continue;
      owners_done.push_back(attachment.owner);
      check_owner(*attachment.owner, attachment);
    }
  }

 private:
  // AdministratorAccess in the role's ManagedPolicyArns as deployed with the function: an
  // Fn::If branch or a parameter default included.
  void check_managed_arns(const Resource& role) {
    for (const Resource* variant : ctx_.variants_of(role)) {
      if (!ctx_.may_coexist(function_, *variant)) continue;
      const Value* arns = variant->property("ManagedPolicyArns");
      if (!arns || !arns->is_sequence()) continue;
      for (size_t i = 0; i < arns->items().size(); ++i) {
        const Value& arn = arns->items()[i];
        if (is_administrator_access(arn))
          report(arn, variant->property_path("ManagedPolicyArns") + "[" + std::to_string(i) + "]", variant);
      }
    }
  }

  // The owner's resolved variants when the rule sees them, else the document as written.
  void check_owner(const Resource& owner, const PolicyAttachment& attachment) {
    auto it = variants_.find(owner.logical_id);
    if (it == variants_.end()) return check_document(*attachment.document, attachment.path, nullptr);
    for (const Resource* variant : it->second) {
      if (!ctx_.may_coexist(function_, *variant)) continue;
      for_each_policy_document(*variant, false, [&](const Value& document, const std::string& path) {
        check_document(document, path, variant);
      });
    }
  }

  void check_document(const Value& document, const std::string& path, const Resource* owner_variant) {
    for (const iam::Statement& statement : iam::statements(document, path)) {
      auto action = statement.element("Action");
      if (!statement.allows() || !action) continue;
      if (auto wildcard = iam::find_full_wildcard_action(*action))
        report(*wildcard->value, wildcard->path(), owner_variant);
    }
  }

  // On the function, under the conditions of the variant the policy was read from.
  void report(const Value& at, const std::string& path, const Resource* owner_variant) {
    if (owner_variant) return ctx_.report_with(function_, at, path, *owner_variant);
    ctx_.report(function_, at, path);
  }

  CheckContext& ctx_;
  const Resource& function_;
  const VariantsById& variants_;
};

}  // namespace

void lambda_role_wildcard_action(CheckContext& ctx) {
  const ResourceGraph& graph = ctx.graph();  // built once per template, shared by every rule
  VariantsById variants = iam_variants(ctx);
  for (const Resource* function : ctx.resources()) {
    if (function->type != "AWS::Lambda::Function") continue;
    const Resource* original = ctx.tmpl().resource(function->logical_id);
    if (!original) continue;
    RoleWalk walk(ctx, *function, variants);
    for (const Resource* role : graph.roles_of_function(*original)) walk.check_role(graph, *role);
  }
}

}  // namespace cfn::checks
