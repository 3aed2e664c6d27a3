// The named native predicates a policy can call (`native: NAME`): what YAML says badly
// (IAM statement analysis, secret detection), written once in C++ on the helpers the
// native checks use. Names are listed in predicate.cpp; docs/policy-language.md describes
// each.
#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include "eval/intrinsics.h"
#include "iam/policy_document.h"
#include "policy/checks/checks.h"
#include "policy/checks/checks_observability.h"
#include "policy/predicate_eval.h"

namespace cfn {

namespace {

// literal-secret: a known, non-empty scalar that is not a dynamic reference and did not
// come from a NoEcho parameter: a password or token written in the template.
Outcome literal_secret(const Focus& found, CheckContext& ctx) {
  checks::obs::NoEchoSites sites(ctx.tmpl(), *found.resource);
  bool secret = checks::obs::is_literal_secret(*found.value, sites);
  return {secret ? Truth::True : Truth::False, {blame_at(found)}};
}

// secret-shape: a value shaped like a known credential (an AWS access key id, a private
// key, a GitHub or Slack token...), whatever the property is called: a scalar, or the
// written text of a Fn::Sub or Fn::Join left unknown.
Outcome secret_shape(const Focus& found, CheckContext&) {
  bool shaped = !checks::obs::written_secret_shape(*found.value).empty();
  // Left unknown and showing none: the parts filled in at deployment may hold one.
  if (!shaped && is_unknown(*found.value)) return {};
  return {shaped ? Truth::True : Truth::False, {blame_at(found)}};
}

// secret-text: text that holds a secret the way a Secrets Manager secret stores one: a JSON
// object with a member whose name says it is a secret (password, token, apiKey...) and whose
// value looks like one, or other text that looks like a secret. A JSON document of other
// members (a user name, settings), an empty password, a setting word, a placeholder
// (judged on the secret's own value, not on a host name beside it) or one character
// repeated (********) is not.
Outcome secret_text(const Focus& found, CheckContext&) {
  const Value& value = *found.value;
  bool secret = false;
  if (value.is_scalar() && !value.is_null()) {
    std::string_view text = value.text();
    secret = checks::obs::json_holds_secret(text).value_or(checks::obs::secret_like_value(text) &&
                                                           !checks::obs::stands_in_for_secret(text));
  }
  return {secret ? Truth::True : Truth::False, {blame_at(found)}};
}

// public-statement: a policy document with an Allow statement whose Principal is everyone
// ("*", {AWS: "*"}) and whose Condition does not narrow it to known accounts, an
// organisation, networks or source resources. True is blamed on each such "*".
Outcome public_statement(const Focus& found, CheckContext&) {
  Outcome outcome{Truth::False, {blame_at(found)}};
  std::vector<Blame> everyone_at;
  for (const iam::Statement& statement : iam::statements(*found.value, found.path())) {
    auto principal = statement.allows() ? statement.element("Principal") : std::nullopt;
    if (!principal) continue;
    auto everyone = iam::find_public_principal(*principal);
    if (everyone && !iam::condition_restricts_principal(statement.condition()) &&
        !iam::denied_to_outsiders(statement, *found.value))
      everyone_at.push_back(Blame::whole(everyone->value->range(), everyone->path()));
  }
  if (!everyone_at.empty()) outcome = {Truth::True, std::move(everyone_at)};
  return outcome;
}

bool every_statement(const iam::Statement&) { return true; }

// The Action items that `find` picks in the Allow statements `judged` accepts, each blamed;
// False when none.
template <typename Find, typename Judged = decltype(every_statement)>
Outcome allowed_actions(const Focus& found, Find&& find, Judged&& judged = every_statement) {
  std::vector<Blame> picked;
  for (const iam::Statement& statement : iam::statements(*found.value, found.path())) {
    auto action = statement.allows() && judged(statement) ? statement.element("Action") : std::nullopt;
    if (!action) continue;
    if (auto item = find(*action)) picked.push_back(Blame::whole(item->value->range(), item->path()));
  }
  if (picked.empty()) return {Truth::False, {blame_at(found)}};
  return {Truth::True, std::move(picked)};
}

// wildcard-action: a policy document with an Allow statement whose Action matches every
// action ("*", "*:*"), whatever its Resource. True is blamed on each such item.
Outcome wildcard_action(const Focus& found, CheckContext&) {
  return allowed_actions(found, iam::find_full_wildcard_action);
}

// trust-wildcard-action: a trust policy with an Allow statement whose Action grants every
// way to assume the role: "*", "*:*" or "sts:*".
Outcome trust_wildcard_action(const Focus& found, CheckContext&) {
  return allowed_actions(found, iam::find_every_trust_action);
}

// The IAM service prefix of a resource type: "s3" for AWS::S3::BucketPolicy, "sqs" for
// AWS::SQS::QueuePolicy, "secretsmanager" for AWS::SecretsManager::ResourcePolicy: the
// type's service in lower case, but for the services whose prefix is another word.
std::string service_prefix(std::string_view type) {
  size_t begin = type.find("::");
  if (begin == std::string_view::npos) return {};
  begin += 2;
  size_t end = type.find("::", begin);
  std::string_view name = type.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin);
  static constexpr std::pair<std::string_view, std::string_view> kOtherPrefixes[] = {
      {"OpenSearchService", "es"}, {"Elasticsearch", "es"}, {"EFS", "elasticfilesystem"},
      {"ApiGateway", "execute-api"}, {"S3ObjectLambda", "s3-object-lambda"}};
  for (const auto& [service, prefix] : kOtherPrefixes) {
    if (name == service) return std::string(prefix);
  }
  std::string service(name);
  std::transform(service.begin(), service.end(), service.begin(), [](unsigned char c) { return std::tolower(c); });
  return service;
}

// A bucket policy statement that delegates access control to access points, as the S3 guide
// recommends: it applies only to requests made through an access point of the given account
// (or a given access point), whose own policy then decides; the bucket's own administration
// (PutBucketPolicy, DeleteBucket) is never requested that way.
bool delegates_to_access_points(const iam::Statement& statement) {
  // The test public-statement applies to who may call, here on the access-point keys only:
  // "*", or an ARN pattern with any account, leaves every account's access points in.
  return iam::condition_restricts_principal_by(statement.condition(), [](std::string_view key) {
    return key == "s3:dataaccesspointaccount" || key == "s3:dataaccesspointarn";
  });
}

// resource-wildcard-action: a resource policy with an Allow statement whose Action grants
// every action that applies to the resource: "*", "*:*", or the whole of the resource's own
// service ("s3:*" in a bucket policy, "sqs:*" in a queue policy), since only that service's
// actions act on it. True is blamed on each such item. A bucket policy's delegation to
// access points is not such a grant.
Outcome resource_wildcard_action(const Focus& found, CheckContext&) {
  std::string service = service_prefix(found.resource->type);
  bool bucket_policy = found.resource->type == "AWS::S3::BucketPolicy";
  return allowed_actions(
      found, [&](const iam::Located& action) { return iam::find_every_service_action(action, service); },
      [&](const iam::Statement& statement) { return !(bucket_policy && delegates_to_access_points(statement)); });
}

// conditional-deny: a policy document with a Deny statement that has a Condition, the
// documented way to narrow an Allow for "*" (deny unless aws:SourceVpce is the endpoint,
// unless aws:SourceIp is in a range); not one whose condition no request meets
// (NotIpAddress 0.0.0.0/0), nor a block list (deny when aws:SourceIp is in a range), which
// lets every other caller in (iam::deny_turns_callers_away). Statement may be one mapping
// or a list of them.
// Unknown when none is found but a statement or its Effect cannot be read, or when the
// document is not a mapping.
Outcome conditional_deny(const Focus& found, CheckContext&) {
  const Value& document = *found.value;
  if (!document.is_mapping()) return {};
  const Value* statement = document.find("Statement");
  if (!statement || statement->is_null()) return {Truth::False, {blame_at(found)}};
  if (is_unknown(*statement) || !(statement->is_mapping() || statement->is_sequence())) return {};
  // iam::statements passes over statements it cannot read; they make a "no" unknown.
  bool unread = statement->is_sequence() &&
                std::any_of(statement->items().begin(), statement->items().end(),
                            [](const Value& item) { return !item.is_mapping() || is_unknown(item); });
  for (const iam::Statement& item : iam::statements(document, found.path())) {
    const Value* condition = item.condition();
    const Value* effect = item.effect();
    if (!condition || condition->is_null() || !effect || effect->is_null()) continue;
    if (is_unknown(*effect)) {
      unread = true;
    } else if (item.denies() && iam::deny_turns_callers_away(item)) {
      return {Truth::True, {blame_at(found)}};
    }
  }
  if (unread) return {};
  return {Truth::False, {blame_at(found)}};
}

// What a load balancer's log-bucket value names: logical ids by Ref (either branch of an
// Fn::If), known names, and values left unknown, kept as written (the same Fn::Sub on both
// sides names the same bucket).
struct NamedBuckets {
  std::vector<std::string> ids, names, unknown;
};

void add_named(const Value& value, NamedBuckets& named) {
  if (const Value::Entry* call = value.intrinsic()) {
    if (call->key == "Ref" && call->value.is_scalar()) return named.ids.push_back(call->value.text());
    if (call->key == "Fn::If" && call->value.is_sequence() && call->value.items().size() == 3) {
      add_named(call->value.items()[1], named);
      return add_named(call->value.items()[2], named);
    }
  }
  if (is_unknown(value)) return named.unknown.push_back(intrinsics::to_json_string(value));
  if (value.is_scalar() && !value.is_null()) named.names.push_back(value.text());
}

// A setting that is known to be off ("false"); unknown or absent is not.
bool switched_off(const Value* enabled) {
  return enabled && !is_unknown(*enabled) && enabled->as_bool() == false;
}

// Where the template's Application and Classic Load Balancers deliver access logs (and an
// Application one its connection logs), as each variant resolves: an
// AWS::ElasticLoadBalancingV2::LoadBalancer whose Type is application, not set or unknown
// (not network or gateway) with access_logs.s3.bucket / connection_logs.s3.bucket whose
// .enabled is set and not false, an AWS::ElasticLoadBalancing::LoadBalancer's
// AccessLoggingPolicy.S3BucketName unless its Enabled is false.
NamedBuckets load_balancer_log_buckets(const CheckContext& ctx) {
  NamedBuckets named;
  for (const Resource* balancer : ctx.tmpl().resources_of_type("AWS::ElasticLoadBalancingV2::LoadBalancer")) {
    for (const Resource* variant : ctx.variants_of(*balancer)) {
      const Value* type = variant->property("Type");
      if (type && !is_unknown(*type) && type->is_scalar() && !type->is_null() && type->text() != "application") continue;
      const Value* attributes = variant->property("LoadBalancerAttributes");
      if (!attributes || !attributes->is_sequence()) continue;
      auto attribute = [&](std::string_view wanted) -> const Value* {
        for (const Value& item : attributes->items()) {
          const Value* key = item.is_mapping() ? item.find("Key") : nullptr;
          if (key && !is_unknown(*key) && key->is_scalar() && key->text() == wanted) return item.find("Value");
        }
        return nullptr;
      };
      // Off unless switched on: an ALB writes no access log by default.
      for (std::string_view logs : {"access_logs.s3", "connection_logs.s3"}) {
        const Value* bucket = attribute(std::string(logs) + ".bucket");
        const Value* enabled = attribute(std::string(logs) + ".enabled");
        if (bucket && enabled && !switched_off(enabled)) add_named(*bucket, named);
      }
    }
  }
  for (const Resource* balancer : ctx.tmpl().resources_of_type("AWS::ElasticLoadBalancing::LoadBalancer")) {
    for (const Resource* variant : ctx.variants_of(*balancer)) {
      const Value* policy = variant->property("AccessLoggingPolicy");
      const Value* bucket = policy && policy->is_mapping() ? policy->find("S3BucketName") : nullptr;
      if (bucket && !switched_off(policy->find("Enabled"))) add_named(*bucket, named);
    }
  }
  return named;
}

bool listed(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// load-balancer-log-bucket: the resource is a bucket an Application or Classic Load
// Balancer of the template delivers its logs to, named by Ref or by its BucketName (the
// same known name, or the same expression left unknown). Those load balancers write only
// to buckets encrypted with S3 managed keys (SSE-S3), so a customer managed key would stop
// the logs.
Outcome load_balancer_log_bucket(const Focus& found, CheckContext& ctx) {
  bool receives = checks::receives_load_balancer_logs(ctx, *found.resource);
  return {receives ? Truth::True : Truth::False, {blame_at(found)}};
}

// restricted-public-bucket: the value names (by Ref) a bucket of the template whose Block
// Public Access sets RestrictPublicBuckets to true in every variant deployed with the
// policy's: S3 then serves a public bucket policy only to AWS services and the bucket
// owner's account, so the policy lets nobody else in. False for a bucket outside the template (its settings are not
// written here), or one without the setting; unknown when the setting is unknown.
Outcome restricted_public_bucket(const Focus& found, CheckContext& ctx) {
  bool any_bucket = false, unknown = false;
  for (const Resource* bucket : referenced_resources(found, ctx)) {
    if (bucket->type != "AWS::S3::Bucket") continue;
    for (const Resource* variant : ctx.variants_of(*bucket)) {
      if (!ctx.may_coexist(*found.resource, *variant)) continue;  // never deployed with this policy
      any_bucket = true;
      const Value* block = variant->property("PublicAccessBlockConfiguration");
      const Value* restricts = block && block->is_mapping() ? block->find("RestrictPublicBuckets") : nullptr;
      if (restricts && is_unknown(*restricts)) {
        unknown = true;
      } else if (!restricts || restricts->as_bool() != true) {
        return {Truth::False, {blame_at(found)}};
      }
    }
  }
  if (!any_bucket) return {Truth::False, {blame_at(found)}};
  if (unknown) return {};
  return {Truth::True, {blame_at(found)}};
}

// sam-generated: the resource is one the SAM step made (an API's deployment and stage, a
// function's role), whatever the value at the path: for settings SAM writes itself, which
// the template cannot change (the "Stage" stage of a SAM API's deployment).
Outcome sam_generated(const Focus& found, CheckContext&) {
  return {found.resource->sam_resource.empty() ? Truth::False : Truth::True, {blame_at(found)}};
}

constexpr std::array kNativePredicates = {
    NativePredicate{"conditional-deny", &conditional_deny},
    NativePredicate{"literal-secret", &literal_secret},
    NativePredicate{"load-balancer-log-bucket", &load_balancer_log_bucket},
    NativePredicate{"public-statement", &public_statement},
    NativePredicate{"resource-wildcard-action", &resource_wildcard_action},
    // Asked of the Bucket value the template leaves unknown too: a Ref to the bucket is one.
    NativePredicate{"restricted-public-bucket", &restricted_public_bucket, /*reads_written_text=*/true},
    NativePredicate{"sam-generated", &sam_generated},
    NativePredicate{"secret-shape", &secret_shape, /*reads_written_text=*/true},
    NativePredicate{"secret-text", &secret_text},
    NativePredicate{"trust-wildcard-action", &trust_wildcard_action},
    NativePredicate{"wildcard-action", &wildcard_action},
};

}  // namespace

std::span<const NativePredicate> native_predicates() { return kNativePredicates; }

bool checks::receives_load_balancer_logs(const CheckContext& ctx, const Resource& bucket) {
  NamedBuckets named = load_balancer_log_buckets(ctx);
  if (listed(named.ids, bucket.logical_id)) return true;
  const Value* name = bucket.property("BucketName");
  if (!name || name->is_null()) return false;
  return is_unknown(*name) ? listed(named.unknown, intrinsics::to_json_string(*name))
                           : name->is_scalar() && listed(named.names, name->text());
}

}  // namespace cfn
