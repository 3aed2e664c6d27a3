// iam-policy-service-wildcard-action: an Allow statement of a permission policy whose
// Action is a whole service (s3:*, dynamodb:*): every present and future action of it,
// delete and permission changes included. "*" is iam-policy-wildcard-action's finding;
// iam:* and sts:* on Resource "*" are reported by iam-policy-passrole-wildcard and
// iam-policy-assumerole-wildcard-resource, so they are judged here only when the
// statement's Resource is known not to be "*" (nor, for iam:*, every role of the account).

#include "eval/intrinsics.h"
#include "policy/checks/checks_access.h"

namespace cfn::checks {

namespace {

// Whether an item left unknown is still known not to be "*": an ARN built with Fn::Sub or
// Fn::Join whose text starts with literal characters other than a star
// ("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/kube-*"), or a Fn::GetAtt.
bool unknown_but_not_any(const Value& item) {
  const Value::Entry* call = item.intrinsic();
  if (call && call->key == "Fn::GetAtt") return true;
  auto runs = intrinsics::literal_runs(item);
  return runs && !runs->front().empty() && runs->front().front() != '*';
}

// Whether the statement's Resource is known, or known enough, to hold no "*".
bool resource_known_not_any(const iam::Statement& statement) {
  auto target = statement.element("Resource");
  if (!target) return false;
  const Value& resource = *target->value;
  if (resource.is_sequence()) {
    for (const Value& item : resource.items())
      if (is_unknown(item) && !unknown_but_not_any(item)) return false;
  } else if (is_unknown(resource)) {
    return unknown_but_not_any(resource);
  }
  return !iam::find_wildcard_resource(*target);
}

void check_statement(CheckContext& ctx, const Resource& resource, const iam::Statement& statement) {
  auto action = statement.element("Action");
  if (!statement.allows() || !action) return;
  for (const iam::Located& item : iam::items(*action)) {
    auto pattern = item.value->as_string();
    if (!pattern || iam::is_full_wildcard_action(*pattern)) continue;
    std::string service = iam::service_of_wildcard(*pattern);
    if (service.empty()) continue;
    if ((service == "iam" || service == "sts") && !resource_known_not_any(statement)) continue;
    // iam:* on every role of the account is iam-policy-passrole-wildcard's finding too.
    if (service == "iam" && iam::find_every_role_resource(*statement.element("Resource"))) continue;
    ctx.report(resource, *item.value, item.path());
  }
}

}  // namespace

void iam_policy_service_wildcard_action(CheckContext& ctx) {
  for_each_permission_statement(ctx, [&](const Resource& resource, const iam::Statement& statement) {
    check_statement(ctx, resource, statement);
  });
}

}  // namespace cfn::checks
