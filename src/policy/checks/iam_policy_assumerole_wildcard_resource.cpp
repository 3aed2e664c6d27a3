// iam-policy-assumerole-wildcard-resource: a permission policy that allows sts:AssumeRole
// on every role ("*", or arn:PARTITION:iam::*:role/*): the principal can take the
// permissions of any role that trusts it, in any account, unless a condition names the
// roles by tag, account or organization. "*" as the Action is iam-policy-wildcard-action's
// finding.
#include <algorithm>
#include <cctype>

#include "policy/checks/checks_access.h"

namespace cfn::checks {

namespace {

// sts:AssumeRole itself, or a prefix of it followed by stars only (sts:*, sts:Assume*, s*):
// patterns with a star or ? inside are not recognised.
bool covers_assume_role(std::string_view pattern) {
  static constexpr std::string_view kAction = "sts:assumerole";
  std::string text = ascii_lower(pattern);
  if (text == kAction) return true;
  size_t stars = text.find_last_not_of('*');
  if (stars == std::string::npos || stars + 1 == text.size()) return false;
  std::string_view prefix = std::string_view(text).substr(0, stars + 1);
  if (prefix.find_first_of("*?") != std::string_view::npos) return false;
  return kAction.starts_with(prefix);
}

// "*", or the ARN pattern of every role of every account.
bool any_role(const Value& resource) {
  auto text = resource.as_string();
  if (!text) return false;
  if (*text == "*") return true;
  // arn:<partition>:iam::*:role/*, the partition one or more characters without a colon.
  constexpr std::string_view kArn = "arn:", kEveryRole = ":iam::*:role/*";
  if (text->size() <= kArn.size() + kEveryRole.size() || !text->starts_with(kArn) || !text->ends_with(kEveryRole))
    return false;
  std::string_view partition = text->substr(kArn.size(), text->size() - kArn.size() - kEveryRole.size());
  return partition.find(':') == std::string_view::npos;
}

bool resource_is_any_role(const iam::Statement& statement) {
  auto target = statement.element("Resource");
  if (!target) return false;
  auto items = iam::items(*target);
  return std::any_of(items.begin(), items.end(), [](const iam::Located& item) { return any_role(*item.value); });
}

// A Condition that names which roles may be assumed: a positive test of the role's tags
// (iam:ResourceTag/..., aws:ResourceTag/...) or of the account or organization that owns
// it, as AWS's "assume roles that have a specific tag" example writes it.
bool narrows_roles(const Value* condition) {
  if (!condition || !condition->is_mapping() || is_unknown(*condition)) return false;
  for (const Value::Entry& block : condition->entries()) {
    std::string op = ascii_lower(block.key);
    if (op.find("not") != std::string::npos || op.starts_with("null") || !block.value.is_mapping()) continue;
    for (const Value::Entry& test : block.value.entries()) {
      std::string key = ascii_lower(test.key);
      if (key.starts_with("iam:resourcetag/") || key.starts_with("aws:resourcetag/") || key == "aws:resourceaccount" ||
          key == "aws:resourceorgid" || key == "aws:resourceorgpaths")
        return true;
    }
  }
  return false;
}

void check_statement(CheckContext& ctx, const Resource& resource, const iam::Statement& statement) {
  if (resource_is_any_role(statement) && !narrows_roles(statement.condition()))
    report_first_action(ctx, resource, statement, covers_assume_role);
}

}  // namespace

void iam_policy_assumerole_wildcard_resource(CheckContext& ctx) {
  for_each_permission_statement(ctx, [&](const Resource& resource, const iam::Statement& statement) {
    check_statement(ctx, resource, statement);
  });
}

}  // namespace cfn::checks
