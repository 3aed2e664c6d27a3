// cloudfront-distribution-old-tls: an AWS::CloudFront::Distribution with its own
// certificate (ViewerCertificate AcmCertificateArn or IamCertificateId) whose
// MinimumProtocolVersion still accepts SSLv3, TLS 1.0 or 1.1: absent (the API default is
// TLSv1) or one of SSLv3, TLSv1, TLSv1_2016, TLSv1.1_2016. With the default *.cloudfront.net
// certificate the minimum cannot be chosen, so that case is not judged.
#include "policy/checks/checks_encryption.h"

namespace cfn::checks {

namespace {

bool accepts_old_protocols(std::string_view version) {
  return version == "SSLv3" || version == "TLSv1" || version == "TLSv1_2016" || version == "TLSv1.1_2016";
}

}  // namespace

void cloudfront_distribution_old_tls(CheckContext& ctx) {
  for (const Resource* distribution : ctx.resources()) {
    PropertyLookup certificate = lookup_property(*distribution, {"DistributionConfig", "ViewerCertificate"});
    if (!certificate.found()) continue;
    bool own_certificate = !lookup_below(certificate, {"AcmCertificateArn"}).missing() ||
                           !lookup_below(certificate, {"IamCertificateId"}).missing();
    if (!own_certificate) continue;
    PropertyLookup version = lookup_below(certificate, {"MinimumProtocolVersion"});
    auto text = version.found() ? version.value->as_string() : std::nullopt;
    if (version.missing() || (text && accepts_old_protocols(*text))) report_lookup(ctx, *distribution, version);
  }
}

}  // namespace cfn::checks
