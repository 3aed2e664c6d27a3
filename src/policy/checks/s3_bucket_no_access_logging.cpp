// s3-bucket-no-access-logging: a bucket without server access logging
// (LoggingConfiguration). A bucket that receives other buckets' access logs is not asked
// to log itself: its own logs would need yet another bucket, or loop into itself.
// Receiving is read from the graph's AccessLogBucket edges (a Ref, the same Sub or Join
// as the bucket's BucketName, either branch of an If: a destination on some deployment
// is never reported), from literal names compared with the evaluated BucketName, from the
// LogDeliveryWrite ACL and from a bucket policy that lets the logging service write.
#include <algorithm>
#include <set>

#include "graph/graph.h"
#include "iam/policy_document.h"
#include "policy/checks/checks_observability.h"

namespace cfn::checks {

namespace {

// Logical ids of the buckets named as a DestinationBucketName by another bucket, by Ref
// or by their literal BucketName, as written in the template.
struct LogBuckets {
  std::set<std::string, std::less<>> ids;
  std::set<std::string, std::less<>> names;
};

LogBuckets log_buckets(const Template& tmpl) {
  LogBuckets found;
  for (const Resource* bucket : tmpl.resources_of_type("AWS::S3::Bucket")) {
    const Value* logging = bucket->property("LoggingConfiguration");
    const Value* target = logging && logging->is_mapping() ? logging->find("DestinationBucketName") : nullptr;
    if (!target) continue;
    if (target->is_scalar() && !target->is_null()) found.names.insert(target->text());
    const Value::Entry* call = target->intrinsic();
    if (call && call->key == "Ref" && call->value.is_scalar()) found.ids.insert(call->value.text());
  }
  return found;
}

bool names_logging_service(const Value& service) {
  auto is_logging = [](const Value& name) { return name.as_string() == "logging.s3.amazonaws.com"; };
  return is_logging(service) || std::any_of(service.items().begin(), service.items().end(), is_logging);
}

// Allow s3:PutObject (or a wildcard covering it) to the S3 server access logging service:
// how a log bucket with bucket-owner-enforced Object Ownership, the default since 2023,
// must grant delivery (ACLs are disabled there).
bool grants_log_delivery(const iam::Statement& statement) {
  if (!statement.allows() || !statement.action()) return false;
  auto principal = statement.element("Principal");
  const Value* service = principal && principal->value->is_mapping() ? principal->value->find("Service") : nullptr;
  return service && names_logging_service(*service) &&
         iam::find_action(iam::Located(*statement.action()), "s3:PutObject");
}

bool policy_grants_log_delivery(const CheckContext& ctx, const Resource& bucket) {
  for (const Resource* policy : ctx.graph().targets(bucket, EdgeKind::ResourcePolicy)) {
    for (const Resource* variant : ctx.variants_of(*policy)) {
      const Value* document = variant->property("PolicyDocument");
      if (!document) continue;
      for (const iam::Statement& statement : iam::statements(*document, ""))
        if (grants_log_delivery(statement)) return true;
    }
  }
  return false;
}

bool receives_logs(const CheckContext& ctx, const Resource& bucket, const LogBuckets& log) {
  if (log.ids.count(bucket.logical_id)) return true;
  size_t node = ctx.graph().node(bucket.logical_id, NodeKind::Resource);
  if (node != ResourceGraph::npos && !ctx.graph().in_edges(node, EdgeKind::AccessLogBucket).empty()) return true;
  obs::Lookup name = obs::lookup(bucket, {"BucketName"});
  if (name.found() && name.value->is_scalar() && log.names.count(name.value->text())) return true;
  // The canned ACL S3 server access logging used to require.
  obs::Lookup acl = obs::lookup(bucket, {"AccessControl"});
  if (acl.found() && acl.value->as_string() == "LogDeliveryWrite") return true;
  return policy_grants_log_delivery(ctx, bucket);
}

}  // namespace

void s3_bucket_no_access_logging(CheckContext& ctx) {
  LogBuckets log = log_buckets(ctx.tmpl());
  for (const Resource* bucket : ctx.resources()) {
    if (receives_logs(ctx, *bucket, log)) continue;
    obs::require_present(ctx, *bucket, {"LoggingConfiguration"});
  }
}

}  // namespace cfn::checks
