#include "sam/role.h"

#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "eval/evaluator.h"
#include "model/loader.h"
#include "sam/policy_templates.h"
#include "sam/values.h"

namespace cfn::sam {

namespace {

// AWS managed policies that live under a path; every other AWS managed policy is at the root.
const std::set<std::string, std::less<>>& service_role_policies() {
  static const std::set<std::string, std::less<>> names = {
      "AWSLambdaBasicExecutionRole",       "AWSLambdaRole",
      "AWSLambdaSQSQueueExecutionRole",    "AWSLambdaMSKExecutionRole",
      "AWSLambdaKinesisExecutionRole",     "AWSLambdaDynamoDBExecutionRole",
      "AWSLambdaVPCAccessExecutionRole",   "AWSLambdaENIManagementAccess",
      "AWSCodeDeployRoleForLambda",        "AWSCodeDeployRole",
      "AmazonAPIGatewayPushToCloudWatchLogs", "AWSLambdaBasicDurableExecutionRolePolicy",
      "AWSConfigRulesExecutionRole",       "AWSIoTLogging",
      "AWSIoTRuleActions",                 "AWSGlueServiceRole",
      "AmazonEC2RoleforSSM",               "AWSBatchServiceRole",
      "AWSLambdaReplicator",               "AWSAppSyncPushToCloudWatchLogs",
  };
  return names;
}

}  // namespace

std::string aws_managed_policy(std::string_view name) {
  std::string path = service_role_policies().count(name) ? "service-role/" : "";
  return "arn:aws:iam::aws:policy/" + path + std::string(name);
}

// A policy name becomes the AWS managed policy's ARN; an ARN, or a dynamic reference
// resolved at deployment ({{resolve:ssm:...}}), is kept as written, as SAM keeps it.
Value managed_policy_arn(const Value& name) {
  auto content = scalar_text(&name);
  if (!content || content->starts_with("arn:") || is_dynamic_reference(*content)) return name;
  return text(aws_managed_policy(*content), name.range());
}

Value tag_list(const std::string& sam_key, const std::string& sam_value, const Value* tags, Range range) {
  Value list = sequence(range);
  auto add = [&list](Value key, Value value, Range at) {
    Value tag = mapping(at);
    put(tag, "Key", std::move(key), at);
    put(tag, "Value", std::move(value), at);
    list.items().push_back(std::move(tag));
  };
  if (!sam_key.empty()) add(text(sam_key, range), text(sam_value, range), range);
  if (tags && tags->is_mapping() && !is_intrinsic(*tags)) {
    for (const Value::Entry& tag : tags->entries()) add(text(tag.key, tag.key_range), tag.value, tag.key_range);
  }
  return list;
}

namespace {

struct RolePolicies {
  Value managed;
  Value inline_documents;
};

Value named_policy(std::string name, Value document, Range range) {
  Value policy = mapping(range);
  put(policy, "PolicyName", text(std::move(name), range), range);
  put(policy, "PolicyDocument", std::move(document), range);
  return policy;
}

// A policy template's definition as one use of it writes it: every position that of the
// use (those of the built-in data mean nothing here), and each {Ref: P} of a parameter the
// use gives replaced by the argument as written, with its own position. Built in one pass:
// relocating a copy of the definition, then walking it again to substitute, copied each
// level twice.
Value instantiate(const Value& node, Range range, const Value* arguments) {
  if (arguments) {
    if (auto target = ref_target(node)) {
      if (const Value* argument = arguments->find(*target)) return *argument;
    }
  }
  if (node.is_scalar()) {
    Value copy = node;
    copy.set_range(range);
    return copy;
  }
  Value copy = node.is_sequence() ? Value::sequence(range) : Value::mapping(range);
  if (node.is_sequence()) {
    std::vector<Value>& items = copy.items();
    items.reserve(node.items().size());
    for (const Value& item : node.items()) items.push_back(instantiate(item, range, arguments));
  } else {
    std::vector<Value::Entry>& entries = copy.entries();
    entries.reserve(node.entries().size());
    for (const Value::Entry& entry : node.entries())
      entries.push_back(Value::Entry{entry.key, range, instantiate(entry.value, range, arguments)});
  }
  return copy;
}

// A policy template's statements as a tree, parsed once per process: a SAM function names
// the same few templates again and again, and parsing their JSON is most of what
// expanding a function costs. Shared by the scanning threads, hence the lock.
const Value* parsed_definition(const PolicyTemplate& policy) {
  static std::mutex lock;
  static std::map<const PolicyTemplate*, std::unique_ptr<const Value>> parsed;
  std::lock_guard<std::mutex> guard(lock);
  auto [slot, inserted] = parsed.try_emplace(&policy);
  if (inserted) {
    Document document = load_json(std::make_shared<SourceFile>("sam-policy-templates", std::string(policy.definition_json)));
    if (document.root) slot->second = std::make_unique<const Value>(std::move(*document.root));
  }
  return slot->second.get();
}

// A SAM policy template applied to its arguments: the statements it stands for, each
// pointing at the Policies entry that named the template.
Value expand_template(const PolicyTemplate& policy, const Value::Entry& use) {
  const Value& arguments = use.value;
  if (!arguments.is_null() && (!arguments.is_mapping() || is_intrinsic(arguments)))
    throw SamError(arguments.range(), "the arguments of policy template " + std::string(policy.name) +
                                          " must be a mapping of its parameters");
  for (std::string_view parameter : policy.parameters) {
    if (!arguments.find(parameter))
      throw SamError(use.key_range, "policy template " + std::string(policy.name) + " is missing its parameter " +
                                        std::string(parameter));
  }
  const Value* definition = parsed_definition(policy);
  if (!definition) throw SamError(use.key_range, "policy template data is unreadable");
  return instantiate(*definition, use.key_range, arguments.is_mapping() ? &arguments : nullptr);
}

bool is_fn_if(const Value& value) {
  const Value::Entry* call = value.intrinsic();
  return call && call->key == "Fn::If" && call->value.is_sequence() && call->value.items().size() == 3;
}

// What one Policies entry stands for, as a value for ManagedPolicyArns (managed) or for
// the Policies list (inline, already named).
struct PolicyItem {
  bool managed = false;
  Value value;
};

PolicyItem read_policy(const Value& entry, const std::string& policy_name);

PolicyItem read_conditional(const Value& entry, const std::string& policy_name) {
  const auto& arguments = entry.intrinsic()->value.items();
  bool then_absent = ref_target(arguments[1]) == std::optional<std::string>("AWS::NoValue");
  const Value& decisive = then_absent ? arguments[2] : arguments[1];
  bool managed = read_policy(decisive, policy_name).managed;
  auto branch = [&](const Value& value) {
    if (ref_target(value) == std::optional<std::string>("AWS::NoValue")) return value;
    return read_policy(value, policy_name).value;
  };
  auto condition = scalar_text(&arguments[0]).value_or("");
  return {managed, fn_if(condition, branch(arguments[1]), branch(arguments[2]), entry.range())};
}

PolicyItem read_policy(const Value& entry, const std::string& policy_name) {
  if (is_fn_if(entry)) return read_conditional(entry, policy_name);
  if (entry.is_scalar() || is_intrinsic(entry)) return {true, managed_policy_arn(entry)};
  if (entry.is_mapping() && entry.find("Statement")) return {false, named_policy(policy_name, entry, entry.range())};
  if (entry.is_mapping() && entry.entries().size() == 1) {
    const Value::Entry& use = entry.entries().front();
    if (const PolicyTemplate* policy = find_policy_template(use.key))
      return {false, named_policy(policy_name, expand_template(*policy, use), use.key_range)};
    throw SamError(use.key_range, "'" + use.key + "' is not a SAM policy template");
  }
  throw SamError(entry.range(), "a Policies entry must be a managed policy, a policy document or a policy template");
}

void read_policies(const Value& policies, const std::string& role_id, RolePolicies& out) {
  std::vector<const Value*> entries;
  if (policies.is_sequence()) {
    for (const Value& item : policies.items()) entries.push_back(&item);
  } else if (!policies.is_null()) {
    entries.push_back(&policies);
  }
  for (size_t index = 0; index < entries.size(); ++index) {
    PolicyItem item = read_policy(*entries[index], role_id + "Policy" + std::to_string(index));
    (item.managed ? out.managed : out.inline_documents).items().push_back(std::move(item.value));
  }
}


void copy_role_properties(const SamResource& owner, Value& properties) {
  if (const Value::Entry* boundary = owner.property_entry("PermissionsBoundary"))
    put(properties, "PermissionsBoundary", boundary->value, boundary->key_range);
  if (const Value::Entry* path = owner.property_entry("RolePath")) put(properties, "Path", path->value, path->key_range);
}

// SAM lists a managed policy once however many features ask for it.
void remove_duplicates(Value& list) {
  std::set<std::string> seen;
  std::vector<Value> kept;
  for (Value& item : list.items())
    if (seen.insert(canonical_text(item)).second) kept.push_back(std::move(item));
  list.items() = std::move(kept);
}

}  // namespace

Value& build_role(Context& context, const SamResource& owner, const RoleSpec& spec) {
  std::string role_id = owner.logical_id + "Role";
  const Value::Entry* policies_entry = owner.property_entry("Policies");
  // A finding on the role belongs to the Policies that shaped it, else to the resource.
  Range cause = policies_entry ? policies_entry->key_range : owner.anchor();
  RolePolicies policies{sequence(cause), sequence(cause)};
  for (const Value& arn : spec.managed_before) policies.managed.items().push_back(arn);
  if (policies_entry) read_policies(policies_entry->value, role_id, policies);
  for (const Value& arn : spec.managed_after) policies.managed.items().push_back(arn);
  for (const Value& policy : spec.inline_policies) policies.inline_documents.items().push_back(policy);

  Value properties = mapping(cause);
  const Value::Entry* assume = owner.property_entry("AssumeRolePolicyDocument");
  put(properties, "AssumeRolePolicyDocument", assume ? assume->value : assume_role_document(spec.service, owner.anchor()),
      assume ? assume->key_range : owner.anchor());
  remove_duplicates(policies.managed);
  if (!policies.managed.items().empty()) put(properties, "ManagedPolicyArns", std::move(policies.managed), cause);
  if (!policies.inline_documents.items().empty())
    put(properties, "Policies", std::move(policies.inline_documents), cause);
  copy_role_properties(owner, properties);
  if (!spec.tag_key.empty()) put(properties, "Tags", tag_list(spec.tag_key, "SAM", spec.tags, owner.anchor()), owner.anchor());

  Value& role = context.add(owner, role_id, "AWS::IAM::Role", cause);
  context.copy_attributes(owner, role, false);
  put(role, "Properties", std::move(properties), cause);
  return role;
}

const PolicyTemplate* find_policy_template(std::string_view name) {
  for (const PolicyTemplate& policy : policy_templates())
    if (policy.name == name) return &policy;
  return nullptr;
}

Value assume_role_document(const std::string& service, Range range) {
  Value statement = mapping(range);
  put(statement, "Action", sequence_of({text("sts:AssumeRole", range)}, range), range);
  put(statement, "Effect", text("Allow", range), range);
  Value principal = mapping(range);
  put(principal, "Service", sequence_of({text(service, range)}, range), range);
  put(statement, "Principal", std::move(principal), range);
  Value document = mapping(range);
  put(document, "Version", text("2012-10-17", range), range);
  put(document, "Statement", sequence_of({std::move(statement)}, range), range);
  return document;
}

}  // namespace cfn::sam
