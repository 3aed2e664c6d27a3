// cloudfront-distribution-http-origin: an AWS::CloudFront::Distribution custom origin
// that CloudFront reaches over plain HTTP (CustomOriginConfig.OriginProtocolPolicy
// http-only), or over HTTPS that still allows SSLv3 or TLS 1.0 (OriginSSLProtocols).
#include <algorithm>

#include "eval/intrinsics.h"
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

namespace {

// OriginSSLProtocols lists what CloudFront may use; SSLv3 and TLSv1 are broken.
void check_ssl_protocols(CheckContext& ctx, const Resource& distribution, const PropertyLookup& protocols) {
  if (!protocols.found() || !protocols.value->is_sequence()) return;
  for (const Value& protocol : protocols.value->items()) {
    auto text = protocol.as_string();
    if (text && (*text == "SSLv3" || *text == "TLSv1")) {
      ctx.report(distribution, protocol, protocols.path);
      return;
    }
  }
}

// Whether a bucket's WebsiteURL is read anywhere in the value (Fn::GetAtt Bucket.WebsiteURL,
// or [Bucket, WebsiteURL]): the AWS CDK's S3StaticWebsiteOrigin takes the host from it
// with Fn::Select and Fn::Split.
bool reads_website_url(const Value& value) {
  if (const Value::Entry* call = value.intrinsic(); call && call->key == "Fn::GetAtt") {
    const Value& target = call->value;
    if (target.is_scalar()) return target.text().ends_with(".WebsiteURL");
    return target.is_sequence() && target.items().size() == 2 && target.items()[1].as_string() == "WebsiteURL";
  }
  for (const Value::Entry& entry : value.entries())
    if (reads_website_url(entry.value)) return true;
  return std::any_of(value.items().begin(), value.items().end(), reads_website_url);
}

// bucket.s3-website-us-east-1.amazonaws.com, bucket.s3-website.eu-west-1.amazonaws.com:
// the website endpoint, which serves no HTTPS. Written whole, or as the text of a Sub or
// a piece of a Join (!Sub "${SiteBucket}.s3-website-${AWS::Region}.amazonaws.com"), or
// taken from the bucket's WebsiteURL.
bool is_s3_website_endpoint(const Value* domain) {
  if (!domain) return false;
  auto written = intrinsics::written_text(*domain);
  return (written && written->find(".s3-website") != std::string::npos) || reads_website_url(*domain);
}

void check_origin(CheckContext& ctx, const Resource& distribution, const Value& origin, const std::string& path) {
  PropertyLookup config = lookup_in(origin, path, {"CustomOriginConfig"});
  if (!config.found()) return;
  PropertyLookup policy = lookup_below(config, {"OriginProtocolPolicy"});
  if (found_text(policy, "http-only")) {
    report_lookup(ctx, distribution, policy);
    if (is_s3_website_endpoint(origin.find("DomainName")))
      ctx.add_to_last_message("An S3 website endpoint speaks HTTP only: point the origin at the bucket's REST "
                              "endpoint with origin access control instead.");
    return;
  }
  check_ssl_protocols(ctx, distribution, lookup_below(config, {"OriginSSLProtocols"}));
}

}  // namespace

void cloudfront_distribution_http_origin(CheckContext& ctx) {
  for (const Resource* distribution : ctx.resources()) {
    PropertyLookup origins = lookup_property(*distribution, {"DistributionConfig", "Origins"});
    if (!origins.found() || !origins.value->is_sequence()) continue;
    const auto& items = origins.value->items();
    for (size_t i = 0; i < items.size(); ++i) {
      std::string item_path = checks::item_path(origins.path, i);
      check_origin(ctx, *distribution, items[i], item_path);
    }
  }
}

}  // namespace cfn::checks
