// The native checks: one function per rule, each in src/policy/checks/<rule-id>.cpp,
// listed by id in native_checks.cpp. Their metadata lives in policies/<service>/<rule-id>.yaml.
#pragma once

#include <string>

#include "eval/evaluator.h"
#include "policy/check.h"

namespace cfn::checks {

// Whether a property that is absent from the template may still be there at deploy time:
// Properties is itself an intrinsic (Fn::If), or holds an Fn::Transform (AWS::Include) that
// can add properties. A "missing property" finding must not be reported then.
inline bool properties_unknown(const Resource& resource) {
  const Value* properties = resource.properties;
  return properties && (properties->intrinsic() || properties->find("Fn::Transform"));
}

// The path of a list item: "Resources.X.Properties.A" and 2 give "Resources.X.Properties.A[2]".
inline std::string item_path(const std::string& list_path, size_t index) {
  return list_path + "[" + std::to_string(index) + "]";
}

// Tables of further checks, one per group (src/policy/checks/checks_<group>.cpp).
std::span<const NativeCheck> encryption_checks();     // encryption at rest and in transit
std::span<const NativeCheck> access_checks();         // IAM, resource policies, public access, API auth
std::span<const NativeCheck> observability_checks();  // tracing, logging, secrets

void iam_policy_wildcard_action(CheckContext& ctx);
void lambda_function_no_tracing(CheckContext& ctx);
void s3_bucket_no_encryption(CheckContext& ctx);
void template_dependency_cycle(CheckContext& ctx);
void template_invalid_intrinsic(CheckContext& ctx);
void template_undefined_reference(CheckContext& ctx);

// Whether a macro may still rewrite the template before CloudFormation reads it: a
// Transform other than SAM and AWS::LanguageExtensions, or Fn::Transform anywhere (found in
// the text: cheaper than a walk, and a mention in a string only means a check less). The
// template-* checks do not judge names or calls such a macro may change.
bool macro_may_rewrite(const Template& tmpl);

// The resource attribute a property path lies under ("Metadata" for
// "Resources.Fn.Metadata.cfn-init[0]", "Properties" for "Resources.Fn.Properties.Role"),
// as the template-* checks read where a problem sits; empty for a path outside a
// resource's attributes.
std::string_view resource_attribute(std::string_view path);

// Whether `bucket` is one an Application or Classic Load Balancer of the template delivers
// its logs to (named by Ref, or by the same BucketName): those write only to buckets
// encrypted with SSE-S3. The native predicate load-balancer-log-bucket asks the same.
bool receives_load_balancer_logs(const CheckContext& ctx, const Resource& bucket);

}  // namespace cfn::checks
