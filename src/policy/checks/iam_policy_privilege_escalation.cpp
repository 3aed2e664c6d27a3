// iam-policy-privilege-escalation: a permission policy that allows, on every resource of
// its kind ("*", role/*...) and without a condition, an action with which a principal
// raises its own permissions by itself: it can write or attach an administrator policy to
// itself, make a more permissive version of its policy the default, join a group, create
// keys or a console password for another user, make any role trust it, or run code as
// any function's role.
// A pattern covering such an action (iam:Put*, lambda:*) counts; "*" is
// iam-policy-wildcard-action's finding, and iam:* on Resource "*" (which allows
// iam:PassRole too) iam-policy-passrole-wildcard's, as are iam:PassRole's combinations.
// "Every resource" is "*" or the ARN of all of the action's kind (role/*, function:*).
// A Deny of the same document that takes the action back everywhere, or everywhere a
// permissions boundary is not attached, leaves nothing to escalate with.
#include <algorithm>
#include <string_view>
#include <vector>

#include "eval/intrinsics.h"
#include "policy/checks/checks_access.h"

namespace cfn::checks {

namespace {

// Each action, and the resource part of the ARN that names every resource it acts on: a
// Resource naming every one of them ("*", arn:aws:iam::123456789012:role/*) includes the
// principal's own.
struct EscalationAction {
  std::string_view action;
  std::string_view every;

  std::string_view service() const { return action.substr(0, action.find(':')); }
};

constexpr EscalationAction kEscalationActions[] = {
    {"iam:CreatePolicyVersion", "policy/*"},    {"iam:SetDefaultPolicyVersion", "policy/*"},
    {"iam:AttachUserPolicy", "user/*"},         {"iam:AttachGroupPolicy", "group/*"},
    {"iam:AttachRolePolicy", "role/*"},         {"iam:PutUserPolicy", "user/*"},
    {"iam:PutGroupPolicy", "group/*"},          {"iam:PutRolePolicy", "role/*"},
    {"iam:AddUserToGroup", "group/*"},          {"iam:CreateAccessKey", "user/*"},
    {"iam:CreateLoginProfile", "user/*"},       {"iam:UpdateLoginProfile", "user/*"},
    {"iam:UpdateAssumeRolePolicy", "role/*"},   {"lambda:UpdateFunctionCode", "function:*"},
    {"glue:UpdateDevEndpoint", "devEndpoint/*"},
};

// Whether a pattern's service, when written without wildcards, is one the actions above
// belong to: most actions of a policy name another service outright, and need no glob.
bool may_name_escalation_service(std::string_view pattern) {
  std::string_view service = pattern.substr(0, pattern.find(':'));
  if (service.find_first_of("*?") != std::string_view::npos) return true;
  return std::any_of(std::begin(kEscalationActions), std::end(kEscalationActions),
                     [&](const EscalationAction& escalation) { return equals_ignoring_case(service, escalation.service()); });
}

// Whether one Resource item names every resource the action acts on: "*", or an ARN of the
// action's service whose partition, region and account may be anything (written or not)
// and whose resource part is `every`.
bool names_every(const Value& item, const EscalationAction& escalation) {
  auto text = intrinsics::written_text(item);
  if (!text) return false;
  if (text->find_first_not_of('*') == std::string::npos) return !text->empty();
  std::vector<std::string_view> fields;
  std::string_view rest = *text;
  for (int i = 0; i < 5; ++i) {
    size_t colon = rest.find(':');
    if (colon == std::string_view::npos) return false;
    fields.push_back(rest.substr(0, colon));
    rest.remove_prefix(colon + 1);
  }
  return fields[0] == "arn" && fields[2] == escalation.service() && rest == escalation.every;
}

// The items of a Resource, the ones written with Sub or Join (which iam::items passes
// over as unknown) included.
bool resource_names_every(const iam::Located& resource, const EscalationAction& escalation) {
  const Value& value = *resource.value;
  if (!value.is_sequence()) return names_every(value, escalation);
  for (const Value& item : value.items())
    if (names_every(item, escalation)) return true;
  return false;
}

// A Deny's Condition under which it still takes the action back from the principal: none,
// or only tests that a permissions boundary is missing (the delegated-administrator
// pattern: StringNotEquals iam:PermissionsBoundary).
bool denies_without_boundary(const Value* condition) {
  if (!condition) return true;
  if (!condition->is_mapping() || is_unknown(*condition) || condition->entries().empty()) return false;
  for (const Value::Entry& block : condition->entries()) {
    if (!block.value.is_mapping() || block.value.entries().empty()) return false;
    for (const Value::Entry& test : block.value.entries())
      if (!equals_ignoring_case(test.key, "iam:PermissionsBoundary")) return false;
  }
  return true;
}

// A Deny's Action or Resource written with a value not known before deployment (a list
// parameter, an import): it may name the action, or every resource. A Fn::Sub or Fn::Join
// with text of its own is read by that text (names_every).
bool holds_unknown(const iam::Located& element) {
  auto wholly_unknown = [](const Value& value) { return is_unknown(value) && !intrinsics::written_text(value); };
  const Value& value = *element.value;
  if (wholly_unknown(value)) return true;
  return value.is_sequence() && std::any_of(value.items().begin(), value.items().end(), wholly_unknown);
}

// Whether a Deny of the document takes the action back on every resource it acts on, or
// may do so with values not known before deployment (then the Allow is not judged).
bool denied(const std::vector<iam::Statement>& statements, const EscalationAction& escalation) {
  for (const iam::Statement& deny : statements) {
    auto denied_actions = deny.element("Action");
    auto resources = deny.element("Resource");
    if (!deny.denies() || !denied_actions || !resources || !denies_without_boundary(deny.condition())) continue;
    bool names_action = iam::find_action(*denied_actions, escalation.action) || holds_unknown(*denied_actions);
    if (names_action && (resource_names_every(*resources, escalation) || holds_unknown(*resources))) return true;
  }
  return false;
}

// Whether a pattern covers an escalation action, allowed on every resource it acts on
// and not taken back by a Deny of the document. iam:* is iam-policy-passrole-wildcard's.
bool covers_escalation(std::string_view pattern, const iam::Located& resources,
                       const std::vector<iam::Statement>& statements) {
  if (!may_name_escalation_service(pattern) || iam::service_of_wildcard(pattern) == "iam") return false;
  for (const EscalationAction& escalation : kEscalationActions)
    if (iam::action_matches(pattern, escalation.action) && resource_names_every(resources, escalation) &&
        !denied(statements, escalation))
      return true;
  return false;
}

// A condition (iam:PermissionsBoundary, above all) is how such rights are delegated
// safely: a statement with one is not judged.
void check_statement(CheckContext& ctx, const Resource& resource, const iam::Statement& statement,
                     const std::vector<iam::Statement>& statements) {
  auto target = statement.element("Resource");
  if (statement.condition() || !target) return;
  report_first_action(ctx, resource, statement, [&](std::string_view pattern) {
    return covers_escalation(pattern, *target, statements);
  });
}

}  // namespace

void iam_policy_privilege_escalation(CheckContext& ctx) {
  for (const Resource* resource : ctx.resources()) {
    if (boundary_only(ctx, *resource)) continue;
    for_each_policy_document(*resource, false, [&](const Value& document, const std::string& path) {
      std::vector<iam::Statement> statements = iam::statements(document, path);
      for (const iam::Statement& statement : statements) check_statement(ctx, *resource, statement, statements);
    });
  }
}

}  // namespace cfn::checks
