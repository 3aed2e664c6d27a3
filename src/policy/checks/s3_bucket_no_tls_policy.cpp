// s3-bucket-no-tls-policy: an AWS::S3::Bucket that no AWS::S3::BucketPolicy of the
// template names. S3 answers plain HTTP requests unless a bucket policy refuses them, and
// a bucket without any policy refuses nothing. A bucket that has a policy is judged by
// s3-bucket-policy-allows-http, on the policy: never both.
//
// Which buckets a policy names: the graph's ResourcePolicy edges (Bucket written as a Ref,
// a Sub or Join naming the bucket, or the literal name the bucket sets in BucketName), and,
// read through the policy's evaluated variants, a literal equal to a bucket's evaluated
// BucketName (a parameter default on either side). A policy whose Bucket cannot be told
// (a parameter without a default, an import) might cover any bucket: no bucket of the
// template is reported then. A literal that matches no bucket of the template may still be
// the name of a bucket whose BucketName is unknown: that bucket is not reported either.
// A bucket that hosts a static website (WebsiteConfiguration) is not reported: the website
// endpoint answers HTTP only, so the deny this rule asks for would break the site.
#include <algorithm>
#include <optional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

namespace {

struct BucketNames {
  std::string logical_id;
  std::vector<std::string> known;  // evaluated literal BucketName of each variant
  bool unknown = false;            // some variant's BucketName cannot be told
};

std::vector<BucketNames> bucket_names(const CheckContext& ctx) {
  std::vector<BucketNames> buckets;
  for (const Resource* bucket : ctx.tmpl().resources_of_type("AWS::S3::Bucket")) {
    BucketNames names{bucket->logical_id, {}, false};
    for (const Resource* variant : ctx.variants_of(*bucket)) {
      const Value* name = variant->property("BucketName");
      if (variant->properties && is_unknown(*variant->properties)) {
        names.unknown = true;
      } else if (!name || name->is_null()) {
        names.unknown = names.unknown || properties_unknown(*variant);  // else a generated name
      } else if (auto text = is_unknown(*name) ? std::nullopt : name->as_string()) {
        names.known.emplace_back(*text);
      } else {
        names.unknown = true;
      }
    }
    buckets.push_back(std::move(names));
  }
  return buckets;
}

// The buckets the policies of the template cover, each with the policies that cover it, or
// nullopt when one of them names a bucket the template cannot tell.
using Coverage = std::map<std::string, std::vector<const Resource*>>;

std::optional<Coverage> covered_buckets(const CheckContext& ctx) {
  const ResourceGraph& graph = ctx.graph();
  const std::vector<BucketNames> buckets = bucket_names(ctx);
  Coverage covered;
  for (const Resource* policy : ctx.tmpl().resources_of_type("AWS::S3::BucketPolicy")) {
    auto cover = [&](const std::string& bucket) {
      std::vector<const Resource*>& policies = covered[bucket];
      if (std::find(policies.begin(), policies.end(), policy) == policies.end()) policies.push_back(policy);
    };
    std::vector<const Resource*> variants = ctx.variants_of(*policy);
    size_t node = graph.node(*policy);
    std::vector<const GraphEdge*> edges;
    if (node != ResourceGraph::npos) edges = graph.in_edges(node, EdgeKind::ResourcePolicy);
    for (const GraphEdge* edge : edges) {
      if (const Resource* bucket = graph.at(edge->from).resource) cover(bucket->logical_id);
    }
    // Not created at the parameters' Defaults (its Condition is false there): a companion
    // all the same, which the finding names ("when EnforceTls is false").
    if (variants.empty()) continue;
    for (const Resource* variant : variants) {
      if (variant->properties && is_unknown(*variant->properties)) return std::nullopt;
      const Value* target = variant->property("Bucket");
      if (!target || target->is_null()) {
        if (properties_unknown(*variant)) return std::nullopt;
        continue;  // no Bucket: CloudFormation rejects the policy
      }
      if (is_unknown(*target)) {
        // Left as an intrinsic: a Ref to a bucket of the template (also a branch of an
        // Fn::If), or a value where the graph read an edge (a Sub or Join giving the
        // bucket's name); anything else cannot be told.
        const Value::Entry* call = target->intrinsic();
        if (call && call->key == "Ref" && call->value.is_scalar()) {
          auto named = [&](const BucketNames& bucket) { return bucket.logical_id == call->value.text(); };
          auto bucket = std::find_if(buckets.begin(), buckets.end(), named);
          if (bucket != buckets.end()) {
            cover(bucket->logical_id);
            continue;
          }
        }
        auto here = [&](const GraphEdge* edge) { return edge->range == target->range(); };
        if (std::none_of(edges.begin(), edges.end(), here)) return std::nullopt;
        continue;
      }
      auto name = target->as_string();
      if (!name) continue;  // not a name: CloudFormation rejects it
      bool matched = false;
      for (const BucketNames& bucket : buckets) {
        if (std::find(bucket.known.begin(), bucket.known.end(), *name) == bucket.known.end()) continue;
        cover(bucket.logical_id);
        matched = true;
      }
      if (matched) continue;
      // A bucket of another stack, or one of ours whose name is only known at deploy time.
      for (const BucketNames& bucket : buckets)
        if (bucket.unknown) cover(bucket.logical_id);
    }
  }
  return covered;
}

}  // namespace

void s3_bucket_no_tls_policy(CheckContext& ctx) {
  std::vector<const Resource*> buckets = ctx.resources();
  if (buckets.empty()) return;
  auto covered = covered_buckets(ctx);
  if (!covered) return;
  for (const Resource* bucket : buckets) {
    // Whether a website should be served through CloudFront instead is another question.
    if (hosts_static_website(*bucket)) continue;
    // A policy under a Condition covers the bucket only where that condition holds.
    auto policies = covered->find(bucket->logical_id);
    ctx.report_missing_without(*bucket, bucket->path(),
                               policies == covered->end() ? std::vector<const Resource*>{} : policies->second);
  }
}

}  // namespace cfn::checks
