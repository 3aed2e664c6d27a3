// iam-policy-wildcard-action: an identity-based IAM policy statement that allows every
// action ("Effect": "Allow" with "Action": "*"). Looks at AWS::IAM::Policy and
// AWS::IAM::ManagedPolicy (PolicyDocument) and at the inline Policies of AWS::IAM::Role,
// User and Group; a role's trust policy (AssumeRolePolicyDocument) is not a permission policy.
#include <string_view>

#include "policy/checks/checks.h"

namespace cfn::checks {

namespace {

bool only_stars(std::string_view text) {
  return !text.empty() && text.find_first_not_of('*') == std::string_view::npos;
}

// "*" matches every action; so does "*:*" (any service prefix, any action name), since IAM
// matches the whole "service:action" string against the pattern.
bool is_full_wildcard(const Value& action) {
  auto text = action.as_string();
  if (!text) return false;
  size_t colon = text->find(':');
  if (colon == std::string_view::npos) return only_stars(*text);
  return only_stars(text->substr(0, colon)) && only_stars(text->substr(colon + 1));
}

// Action is a string or a list; in a list, a literal "*" counts even next to intrinsics.
void check_action(CheckContext& ctx, const Resource& resource, const Value& action,
                  const std::string& path) {
  if (!action.is_sequence()) {
    if (is_full_wildcard(action)) ctx.report(resource, action, path);
    return;
  }
  const auto& items = action.items();
  for (size_t i = 0; i < items.size(); ++i) {
    if (is_full_wildcard(items[i])) {
      ctx.report(resource, items[i], path + "[" + std::to_string(i) + "]");
      return;  // one finding per statement
    }
  }
}

void check_statement(CheckContext& ctx, const Resource& resource, const Value& statement,
                     const std::string& path) {
  if (!statement.is_mapping() || is_unknown(statement)) return;
  const Value* effect = statement.find("Effect");
  if (!effect || is_unknown(*effect) || effect->as_string() != "Allow") return;  // case-sensitive
  if (const Value* action = statement.find("Action")) {
    check_action(ctx, resource, *action, path + ".Action");
  }
}

// Statement is a single mapping or a list of them.
void check_document(CheckContext& ctx, const Resource& resource, const Value& document,
                    const std::string& path) {
  if (!document.is_mapping() || is_unknown(document)) return;
  const Value* statements = document.find("Statement");
  if (!statements) return;
  const std::string statement_path = path + ".Statement";
  if (!statements->is_sequence()) {
    check_statement(ctx, resource, *statements, statement_path);
    return;
  }
  const auto& items = statements->items();
  for (size_t i = 0; i < items.size(); ++i) {
    check_statement(ctx, resource, items[i], statement_path + "[" + std::to_string(i) + "]");
  }
}

// Inline policies of a role, user or group: Policies[].PolicyDocument.
void check_inline_policies(CheckContext& ctx, const Resource& resource, const Value& policies) {
  if (!policies.is_sequence()) return;
  const std::string path = resource.property_path("Policies");
  const auto& items = policies.items();
  for (size_t i = 0; i < items.size(); ++i) {
    if (!items[i].is_mapping() || is_unknown(items[i])) continue;
    if (const Value* document = items[i].find("PolicyDocument")) {
      check_document(ctx, resource, *document,
                     path + "[" + std::to_string(i) + "].PolicyDocument");
    }
  }
}

}  // namespace

void iam_policy_wildcard_action(CheckContext& ctx) {
  for (const Resource* resource : ctx.resources()) {
    if (const Value* document = resource->property("PolicyDocument")) {
      check_document(ctx, *resource, *document, resource->property_path("PolicyDocument"));
    }
    if (const Value* policies = resource->property("Policies")) {
      check_inline_policies(ctx, *resource, *policies);
    }
  }
}

}  // namespace cfn::checks
