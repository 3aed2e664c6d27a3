// lambda-function-no-log-permission: a Lambda function whose execution role, a role of the
// template, grants no way to write CloudWatch Logs: the function's output and errors are
// then lost. A role grants it through an AWS managed policy known to allow writing logs,
// a customer managed policy from outside the template (not judged, taken as granting), or
// a policy of the template (inline, attached, or named in ManagedPolicyArns) with an
// Allow statement whose Action matches logs:PutLogEvents ("*", logs:*, logs:Put*, the
// action itself), or that uses NotAction. Anything not known before deployment counts as
// granting: what cannot be read is never reported.
#include <algorithm>
#include <cctype>

#include "eval/intrinsics.h"
#include "graph/graph.h"
#include "policy/checks/checks_access.h"

namespace cfn::checks {

const std::vector<std::string_view>& log_granting_managed_policies() {
  static const std::vector<std::string_view> names = {
      "AWSLambdaVPCAccessExecutionRole", "AWSLambdaKinesisExecutionRole", "AWSLambdaDynamoDBExecutionRole",
      "AWSLambdaSQSQueueExecutionRole",  "AWSLambdaMSKExecutionRole",     "AWSLambdaExecute",
      "CloudWatchLogsFullAccess",        "CloudWatchFullAccess",          "CloudWatchFullAccessV2",
      "CloudWatchAgentServerPolicy",     "CloudWatchAgentAdminPolicy",    "AWSIoTLogging",
      "AmazonS3ObjectLambdaExecutionRolePolicy", "AdministratorAccess",   "PowerUserAccess"};
  return names;
}

namespace {

bool is_letters(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isalpha(c); });
}

// The name of an AWS managed policy that allows logs:PutLogEvents.
bool granting_managed_name(std::string_view name) {
  const auto& named = log_granting_managed_policies();
  if (std::find(named.begin(), named.end(), name) != named.end()) return true;
  if (name.starts_with("AWSLambdaBasic") && is_letters(name.substr(14))) return true;  // AWSLambdaBasicExecutionRole and kin
  constexpr std::string_view kPush = "PushToCloudWatchLogs";  // AmazonAPIGatewayPushToCloudWatchLogs...
  return name.ends_with(kPush) && is_letters(name.substr(0, name.size() - kPush.size()));
}

// Whether `text` holds ":iam::<account digits>:policy/": a customer managed policy.
bool names_customer_managed(std::string_view text) {
  constexpr std::string_view kIam = ":iam::";
  for (size_t at = text.find(kIam); at != std::string_view::npos; at = text.find(kIam, at + 1)) {
    std::string_view rest = text.substr(at + kIam.size());
    size_t digits = 0;
    while (digits < rest.size() && std::isdigit(static_cast<unsigned char>(rest[digits]))) ++digits;
    if (digits > 0 && rest.substr(digits).starts_with(":policy/")) return true;
  }
  return false;
}

constexpr std::string_view kAwsManaged = ":iam::aws:policy/";

bool names_granting_aws_managed(std::string_view text) {
  for (size_t at = text.find(kAwsManaged); at != std::string_view::npos; at = text.find(kAwsManaged, at + 1)) {
    std::string_view name = text.substr(at + kAwsManaged.size());
    if (name.starts_with("service-role/")) name.remove_prefix(13);
    if (granting_managed_name(name)) return true;
  }
  return false;
}

// An ARN left as a Fn::Sub ("arn:${AWS::Partition}:iam::aws:policy/X", also what the CDK's
// Fn::Join of the same parts resolves to) names a known AWS managed policy when its last
// literal run does; anything else about it is unknown.
bool sub_arn_grants(const Value& arn) {
  auto runs = intrinsics::sub_literal_runs(arn);
  if (!runs || runs->empty() || runs->back().find(kAwsManaged) == std::string::npos) return true;
  return names_granting_aws_managed(runs->back());
}

// AWS managed policies that allow logs:PutLogEvents, and customer managed ones (not judged).
// Matched by hand, not with std::regex: compiling the pattern cost about a third of a
// millisecond in every process that met a ManagedPolicyArns (libstdc++ builds bracket
// expressions through the locale).
bool managed_arn_grants(const Value& arn) {
  if (is_unknown(arn)) return sub_arn_grants(arn);
  auto text = arn.as_string();
  if (!text) return true;
  return names_granting_aws_managed(*text) || names_customer_managed(*text);
}

// An action pattern that matches logs:PutLogEvents ("*", logs:*, logs:Put*, ...): logs:Describe*
// lets the function read log groups, not write to one.
bool allows_writing_logs(std::string_view pattern) { return iam::action_matches(pattern, "logs:PutLogEvents"); }

bool document_grants(const Value& document, const std::string& path) {
  if (is_unknown(document) || !document.is_mapping()) return true;
  const Value* statement_element = document.find("Statement");
  if (!statement_element || is_unknown(*statement_element)) return true;
  for (const iam::Statement& statement : iam::statements(document, path)) {
    if (is_unknown(statement.node()) || !statement.effect() || is_unknown(*statement.effect())) return true;
    if (!statement.allows()) continue;
    if (statement.not_action()) return true;
    auto action = statement.element("Action");
    if (!action) continue;
    if (is_unknown(*action->value)) return true;
    for (const iam::Located& item : iam::items(*action)) {
      auto pattern = item.value->as_string();
      if (!pattern || allows_writing_logs(*pattern)) return true;
    }
    if (action->value->is_sequence() &&
        std::any_of(action->value->items().begin(), action->value->items().end(), [](const Value& v) { return is_unknown(v); }))
      return true;
  }
  return false;
}

// A ManagedPolicyArns item that names an AWS::IAM::ManagedPolicy of the template (its
// document is read through the graph's attachments).
bool names_template_policy(const Template& tmpl, const Value& item) {
  const Value::Entry* call = item.intrinsic();
  if (!call || call->key != "Ref" || !call->value.is_scalar()) return false;
  const Resource* target = tmpl.resource(call->value.text());
  return target && target->type == "AWS::IAM::ManagedPolicy";
}

// Whether one variant of a role grants writing logs: its ManagedPolicyArns and inline
// Policies as resolved for that variant, and the policies of the template attached to it.
bool role_grants_logs(const CheckContext& ctx, const ResourceGraph& graph, const Resource& original,
                      const Resource& variant) {
  if (const Value* arns = variant.property("ManagedPolicyArns")) {
    if (!arns->is_sequence()) return true;  // a Ref to a list parameter, a Fn::If left: unknown
    for (const Value& item : arns->items()) {
      if (!names_template_policy(ctx.tmpl(), item) && managed_arn_grants(item)) return true;
    }
  }
  bool grants = false;
  for_each_policy_document(variant, false, [&](const Value& document, const std::string& path) {
    grants = grants || document_grants(document, path);
  });
  if (const Value* policies = variant.property("Policies"); policies && is_unknown(*policies)) return true;
  if (grants) return true;
  // The template's policies as deployed and attached with this variant of the role: one
  // whose Condition never holds with it, or attached in an Fn::If branch not taken, grants
  // nothing here.
  for (const PolicyAttachment& attachment : graph.policies_of_role(original)) {
    if (attachment.owner == &original || !attachment.document) continue;  // read above, per variant
    for (const Resource* policy : attached_policy_variants(ctx, graph, original, variant, *attachment.owner)) {
      for_each_policy_document(*policy, false, [&](const Value& document, const std::string& path) {
        grants = grants || document_grants(document, path);
      });
      if (grants) return true;
    }
  }
  return false;
}

// A variant of the role, deployable with the function, that grants no way to write logs.
const Resource* role_without_logs(const CheckContext& ctx, const ResourceGraph& graph, const Resource& function,
                                  const Resource& role) {
  for (const Resource* variant : ctx.variants_with(role, function)) {
    if (!role_grants_logs(ctx, graph, role, *variant)) return variant;
  }
  return nullptr;
}

}  // namespace

void lambda_function_no_log_permission(CheckContext& ctx) {
  const ResourceGraph& graph = ctx.graph();
  for (const Resource* function : ctx.resources()) {
    const Resource* original = ctx.tmpl().resource(function->logical_id);
    const Value* role = function->property("Role");
    if (!original || !role) continue;
    std::vector<size_t> roles = roles_of_variant(graph, *original, *role);
    if (roles.size() != 1) continue;  // a role outside the template, unknown, or undecided
    const Resource* role_resource = graph.at(roles.front()).resource;
    if (!role_resource || role_resource->type != "AWS::IAM::Role") continue;
    if (const Resource* variant = role_without_logs(ctx, graph, *function, *role_resource))
      ctx.report_with(*function, *role, function->property_path("Role"), *variant);
  }
}

}  // namespace cfn::checks
