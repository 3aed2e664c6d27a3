// What CheckContext's helpers promise that checks and the fixtures do not show directly.
#include <catch2/catch.hpp>

#include <map>

#include "cli/scanner.h"
#include "policy/check.h"
#include "support/fixtures.h"

using namespace cfn;

TEST_CASE("format_message fills every {resource} and {path}, and leaves other braces", "[policy][message]") {
  CHECK(format_message("{resource} has no {path}.", "Bucket", "Resources.Bucket.Properties.X") ==
        "Bucket has no Resources.Bucket.Properties.X.");
  CHECK(format_message("{resource}{resource}", "A", "") == "AA");
  CHECK(format_message("{path} at the end {path}", "A", "P") == "P at the end P");
  CHECK(format_message("a {literal} brace, {resource} and {", "Q", "") == "a {literal} brace, Q and {");
  CHECK(format_message("no placeholder", "Q", "P") == "no placeholder");
  CHECK(format_message("", "Q", "P").empty());
  CHECK(format_message("{{resource}}", "R", "") == "{R}");
}

TEST_CASE("a sentence added to one finding's message stays with that finding", "[policy][message]") {
  const std::string file = "fixtures/cloudfront-distribution-http-origin/distributions.yaml";
  ScannedFile scanned = scan_file(cfn::testing::source_dir() + "/" + file, file, ScanOptions{});
  const std::string website = "An S3 website endpoint speaks HTTP only";
  std::map<std::string, std::string> origin_messages;  // by logical id
  for (const Finding& finding : scanned.report.findings)
    if (finding.rule->id == "cloudfront-distribution-http-origin") origin_messages[finding.logical_id] = finding.message;
  REQUIRE(origin_messages.size() == 3);
  CHECK(origin_messages["WebsiteDistribution"].ends_with(website + ": point the origin at the bucket's REST endpoint "
                                                         "with origin access control instead."));
  CHECK(origin_messages["SiteDistribution"].find(website) != std::string::npos);  // written with !Sub
  CHECK(origin_messages["ApiDistribution"].find(website) == std::string::npos);
}

TEST_CASE("a public permission behind an IAM-authenticated function URL says what IAM still admits",
          "[policy][message]") {
  const std::string file = "fixtures/lambda-permission-public/permissions.yaml";
  ScannedFile scanned = scan_file(cfn::testing::source_dir() + "/" + file, file, ScanOptions{});
  const std::string iam_url = "Its function URL asks for IAM authentication, which any AWS account's principals pass.";
  std::map<std::string, std::string> messages;  // by logical id
  for (const Finding& finding : scanned.report.findings)
    if (finding.rule->id == "lambda-permission-public") messages[finding.logical_id] = finding.message;
  REQUIRE(messages.count("PublicIamUrl") == 1);
  CHECK(messages["PublicIamUrl"].ends_with(iam_url));
  size_t with_sentence = 0;
  for (const auto& [id, message] : messages) with_sentence += message.find(iam_url) != std::string::npos;
  CHECK(with_sentence == 1);  // the other public permissions have no URL
}
