// s3-bucket-policy-allows-http: an AWS::S3::BucketPolicy with no statement that denies
// requests made without TLS (Effect Deny with Condition Bool or BoolIfExists
// aws:SecureTransport false). S3 accepts plain HTTP requests unless a policy refuses them.
// Only buckets that have a policy in the template are judged: the finding belongs where the
// deny statement should be added. A bucket without one is s3-bucket-no-tls-policy's.
// The deny must cover every request, as AWS's s3-bucket-ssl-requests-only check expects:
// Principal "*", Action s3:* (or *), and every object of the bucket (`<bucket ARN>/*` or
// "*"); a deny for one prefix or one action still lets the rest travel in plain text.
// The policy of a bucket that hosts a static website is not judged (see guards_website).
#include <algorithm>
#include <cctype>

#include "eval/intrinsics.h"
#include "graph/graph.h"
#include "iam/policy_document.h"
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

namespace {

// A value that says "false": the boolean, or a list holding it. Unknown counts: not judged.
bool says_false(const Value& value) {
  if (is_unknown(value)) return true;
  if (value.is_sequence())
    return std::any_of(value.items().begin(), value.items().end(), [](const Value& item) { return says_false(item); });
  return value.as_bool() == false;
}

// The known text of a Resource item, split where an unknown part stands: one run for a
// literal; a Fn::Sub split at its variables; a Fn::Join of literals, Refs and GetAtts (the
// CDK's ARNs); a lone Fn::GetAtt (an ARN: `Bucket.Arn` is the bucket, not its objects).
// Null for anything else, a lone Ref included: a parameter may hold any ARN, "*" too.
std::optional<std::vector<std::string>> resource_runs(const Value& item) {
  const Value::Entry* call = item.intrinsic();
  if (call && call->key == "Fn::GetAtt") return std::vector<std::string>{"", ""};
  return intrinsics::literal_runs(item);
}

// "*", or "<bucket>/*" with no further path: every object. The key starts at the first
// slash written outside a variable (variables are ARNs or names, never holding one), so a
// key after the bucket ("${Bucket}/logs/${AWS::AccountId}/*") is one prefix, whatever its
// variables. An item that cannot be read (an unknown Ref, an Fn::If left undecided) is not
// judged, so it counts as covering.
bool covers_every_object(const Value& item) {
  auto runs = resource_runs(item);
  if (!runs) return true;
  if (runs->size() == 1 && runs->front() == "*") return true;
  for (size_t i = 0; i < runs->size(); ++i) {
    size_t slash = (*runs)[i].find('/');
    if (slash == std::string::npos) continue;
    return i + 1 == runs->size() && std::string_view((*runs)[i]).substr(slash + 1) == "*";
  }
  return false;
}

// An element that is unknown, or a list holding an unknown item: it may say anything.
bool partly_unknown(const Value& element) {
  if (is_unknown(element)) return true;
  return element.is_sequence() &&
         std::any_of(element.items().begin(), element.items().end(), [](const Value& item) { return is_unknown(item); });
}

bool covers_every_request(const Value& statement) {
  const Value* principal = statement.find("Principal");
  if (!principal || (!partly_unknown(*principal) && !iam::find_public_principal(iam::Located(*principal)))) return false;
  // An action pattern covers every S3 action when it matches a name no real action has.
  const Value* action = statement.find("Action");
  if (!action || (!partly_unknown(*action) && !iam::find_action(iam::Located(*action), "s3:AnyActionAtAll"))) return false;
  const Value* resource = statement.find("Resource");
  if (!resource) return false;
  if (!resource->is_sequence()) return covers_every_object(*resource);
  return std::any_of(resource->items().begin(), resource->items().end(), covers_every_object);
}

bool denies_insecure_transport(const Value& statement) {
  if (is_unknown(statement) || !statement.is_mapping()) return true;  // cannot tell: not judged
  const Value* effect = statement.find("Effect");
  const Value* condition = statement.find("Condition");
  if (!effect || effect->as_string() != "Deny" || !condition) return false;
  if (!covers_every_request(statement)) return false;
  if (is_unknown(*condition)) return true;
  for (const auto& [operator_name, _r, tests] : condition->entries()) {
    if (operator_name != "Bool" && operator_name != "BoolIfExists") continue;
    if (is_unknown(tests)) return true;
    for (const auto& [key, _k, value] : tests.entries())
      if (equals_ignoring_case(key, "aws:SecureTransport") && says_false(value)) return true;
  }
  return false;
}

// Whether the policy is that of a bucket hosting a static website, which
// s3-bucket-no-tls-policy skips too.
bool guards_website(const CheckContext& ctx, const Resource& policy) {
  const Resource* original = ctx.tmpl().resource(policy.logical_id);
  if (!original) return false;
  auto buckets = ctx.graph().sources(*original, EdgeKind::ResourcePolicy);
  return std::any_of(buckets.begin(), buckets.end(), [](const Resource* bucket) { return hosts_static_website(*bucket); });
}

}  // namespace

void s3_bucket_policy_allows_http(CheckContext& ctx) {
  for (const Resource* policy : ctx.resources()) {
    if (guards_website(ctx, *policy)) continue;
    PropertyLookup statements = lookup_property(*policy, {"PolicyDocument", "Statement"});
    if (!statements.found()) continue;  // missing or unknown: not this rule's concern
    if (statements.value->is_mapping()) {
      if (!denies_insecure_transport(*statements.value)) report_lookup(ctx, *policy, statements);
      continue;
    }
    if (!statements.value->is_sequence()) continue;
    const auto& items = statements.value->items();
    if (std::none_of(items.begin(), items.end(), denies_insecure_transport)) report_lookup(ctx, *policy, statements);
  }
}

}  // namespace cfn::checks
