// Every suppression form: comments (own, checkov's, trivy's, KICS's), resource and template Metadata
// (own, checkov, cfn_nag, cfn-lint), categories, foreign ids through `equivalents`,
// --no-foreign-suppressions, and the findings about unused and reason-less suppressions.
#include <array>
#include <catch2/catch.hpp>

#include "policy/suppression.h"
#include "workflow_support.h"

using namespace cfn;
using namespace cfn::workflow_test;

namespace {

constexpr std::string_view kUnused = "template-suppression-unused";
constexpr std::string_view kNoReason = "template-suppression-no-reason";
constexpr std::string_view kS3 = "s3-bucket-no-encryption";

std::vector<Finding> suppressed_findings(const std::string& text, const SuppressionOptions& options = {}) {
  Analyzed analyzed = analyze_text(text);
  apply_suppressions(analyzed.tmpl, analyzed.findings, options);
  return analyzed.findings;
}

// The one finding of `rule` on `line`.
const Finding& at_line(const std::vector<Finding>& findings, std::string_view rule, uint32_t line) {
  for (const Finding& finding : findings)
    if (finding.rule->id == rule && finding.range.begin.line == line) return finding;
  FAIL("no " << rule << " finding on line " << line);
  throw std::logic_error("unreachable");
}

const std::string kHeader = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n";  // lines 1-2

// With every built-in rule: the peer ids below map to S3 rules outside the workflow set.
std::vector<Finding> suppressed_by_all_rules(const std::string& text, const SuppressionOptions& options = {}) {
  auto source = std::make_shared<SourceFile>("template.yaml", text);
  Template tmpl = Template::build(load_document(source));
  std::vector<Finding> findings = analyze(tmpl, RuleFilter{});
  apply_suppressions(tmpl, findings, options);
  return findings;
}

}  // namespace

TEST_CASE("suppression: a comment on the finding's line, with its reason") {
  auto findings = suppressed_findings(kHeader +
                                      "  Logs: # cfn-scan: ignore s3-bucket-no-encryption Access logs only.\n"
                                      "    Type: AWS::S3::Bucket\n");
  REQUIRE(findings.size() == 1);
  const Finding& finding = at_line(findings, kS3, 3);
  REQUIRE(finding.suppressions.size() == 1);
  CHECK(finding.suppressions[0].kind == "inSource");
  CHECK(finding.suppressions[0].justification == "Access logs only.");
}

TEST_CASE("suppression: a comment covers its own line and the next, no further") {
  auto findings = suppressed_findings(kHeader +
                                      "  # cfn-scan:ignore s3-bucket-no-encryption Logs.\n"  // 3, no blank after ':'
                                      "  Logs:\n"                                             // 4: covered
                                      "    Type: AWS::S3::Bucket\n"
                                      "  # cfn-scan: ignore s3-bucket-no-encryption Too far.\n"  // 6
                                      "\n"
                                      "  Data:\n"                                                // 8: not covered
                                      "    Type: AWS::S3::Bucket\n");
  CHECK_FALSE(at_line(findings, kS3, 4).suppressions.empty());
  CHECK(at_line(findings, kS3, 8).suppressions.empty());
  const Finding& unused = at_line(findings, kUnused, 6);
  CHECK(unused.range.begin.column == 3);  // the '#'
  CHECK(unused.message.find("'s3-bucket-no-encryption' matches no finding on this line or the next") !=
        std::string::npos);
  CHECK(unused.level == Level::Note);
}

TEST_CASE("suppression: a category suppresses every rule tagged with it; several ids in one comment") {
  auto findings = suppressed_findings(kHeader +
                                      "  Logs: # cfn-scan: ignore encryption-at-rest Logs only.\n"
                                      "    Type: AWS::S3::Bucket\n"
                                      "  Data: # cfn-scan: ignore tracing,s3-bucket-no-encryption Test data.\n"
                                      "    Type: AWS::S3::Bucket\n");
  CHECK_FALSE(at_line(findings, kS3, 3).suppressions.empty());
  CHECK_FALSE(at_line(findings, kS3, 5).suppressions.empty());
  // `tracing` names enabled rules but matched nothing on line 5 or 6.
  CHECK(at_line(findings, kUnused, 5).message.find("'tracing'") != std::string::npos);
}

TEST_CASE("suppression: a missing reason still suppresses, and is a warning") {
  auto findings = suppressed_findings(kHeader +
                                      "  Logs: # cfn-scan: ignore s3-bucket-no-encryption\n"
                                      "    Type: AWS::S3::Bucket\n");
  CHECK(at_line(findings, kS3, 3).suppressions.size() == 1);
  CHECK(at_line(findings, kS3, 3).suppressions[0].justification.empty());
  const Finding& no_reason = at_line(findings, kNoReason, 3);
  CHECK(no_reason.level == Level::Warning);
  CHECK(no_reason.message.find("gives no reason") != std::string::npos);
  CHECK(of_rule(findings, kUnused).empty());
}

TEST_CASE("suppression: an id that is neither rule nor category is reported as unused") {
  auto findings = suppressed_findings(kHeader +
                                      "  Logs: # cfn-scan: ignore s3-bucket-no-encrytion Typo.\n"
                                      "    Type: AWS::S3::Bucket\n");
  CHECK(at_line(findings, kS3, 3).suppressions.empty());
  CHECK(at_line(findings, kUnused, 3).message.find("neither a rule id nor a category") != std::string::npos);
}

TEST_CASE("suppression: resource Metadata covers that resource's findings only") {
  auto findings = suppressed_findings(kHeader +
                                      "  Logs:\n"                                          // 3
                                      "    Type: AWS::S3::Bucket\n"
                                      "    Metadata:\n"
                                      "      cfn-scan:\n"
                                      "        skip:\n"
                                      "          - id: s3-bucket-no-encryption\n"          // 8
                                      "            reason: Logs only.\n"
                                      "          - id: iam-policy-wildcard-action\n"       // 10
                                      "            reason: Stale.\n"
                                      "  Data:\n"                                          // 12
                                      "    Type: AWS::S3::Bucket\n");
  CHECK(at_line(findings, kS3, 3).suppressions.at(0).justification == "Logs only.");
  CHECK(at_line(findings, kS3, 12).suppressions.empty());
  const Finding& unused = at_line(findings, kUnused, 10);
  CHECK(unused.logical_id == "Logs");
  CHECK(unused.property_path == "Resources.Logs.Metadata.cfn-scan.skip[1]");
  CHECK(unused.message.find("on resource Logs") != std::string::npos);
  CHECK(unused.range.begin.column == 17);  // the id's value
}

TEST_CASE("suppression: template Metadata covers every finding of the file; a bare id has no reason") {
  auto findings = suppressed_findings(
      "Metadata:\n"
      "  cfn-scan:\n"
      "    skip:\n"
      "      - s3-bucket-no-encryption\n"  // 4
      "Resources:\n"
      "  Logs:\n"
      "    Type: AWS::S3::Bucket\n"
      "  Data:\n"
      "    Type: AWS::S3::Bucket\n");
  CHECK_FALSE(at_line(findings, kS3, 6).suppressions.empty());
  CHECK_FALSE(at_line(findings, kS3, 8).suppressions.empty());
  const Finding& no_reason = at_line(findings, kNoReason, 4);
  CHECK(no_reason.property_path == "Metadata.cfn-scan.skip[0]");
  CHECK(no_reason.logical_id.empty());
}

TEST_CASE("suppression: checkov comments and Metadata, through equivalents") {
  auto findings = suppressed_findings(kHeader +
                                      "  Logs: # checkov:skip=CKV_AWS_19:Logs only.\n"  // 3
                                      "    Type: AWS::S3::Bucket\n"
                                      "  Data:\n"                                       // 5
                                      "    Type: AWS::S3::Bucket\n"
                                      "    Metadata:\n"
                                      "      checkov:\n"
                                      "        skip:\n"
                                      "          - id: CKV_AWS_19\n"                   // 10
                                      "            comment: Test data.\n"
                                      "  Mirror: # checkov:skip=CKV_AWS_19\n"          // 12
                                      "    Type: AWS::S3::Bucket\n"
                                      "  Other: # checkov:skip=CKV_AWS_18:Not ours.\n"  // 14
                                      "    Type: AWS::S3::Bucket\n");
  CHECK(at_line(findings, kS3, 3).suppressions.at(0).justification == "checkov CKV_AWS_19: Logs only.");
  CHECK(at_line(findings, kS3, 5).suppressions.at(0).justification == "checkov CKV_AWS_19: Test data.");
  CHECK(at_line(findings, kS3, 12).suppressions.at(0).justification == "checkov CKV_AWS_19");
  CHECK(at_line(findings, kNoReason, 12).message.find("gives no comment") != std::string::npos);
  // An id cfn-scan has no rule for suppresses nothing and is never reported.
  CHECK(at_line(findings, kS3, 14).suppressions.empty());
  CHECK(of_rule(findings, kUnused).empty());
  CHECK(of_rule(findings, kNoReason).size() == 1);
}

TEST_CASE("suppression: a checkov comment inside a resource covers the whole resource, as checkov reads it") {
  // checkov's own documented placement (after Type) suppressed nothing: the finding on
  // the logical id, and one on a property further down, are neither on the comment's line
  // nor on the next.
  auto findings = suppressed_by_all_rules(kHeader +
                                          "  Data:\n"                                          // 3
                                          "    Type: AWS::S3::Bucket\n"
                                          "    # checkov:skip=CKV_AWS_19:Test data.\n"          // 5
                                          "    # checkov:skip=CKV_AWS_20:Public fixtures.\n"
                                          "    Properties:\n"
                                          "      AccessControl: PublicRead\n"                    // 8
                                          "  Other:\n"                                         // 9
                                          "    Type: AWS::S3::Bucket\n"
                                          "    Properties:\n"
                                          "      AccessControl: PublicRead\n");                 // 12
  CHECK(at_line(findings, kS3, 3).suppressions.at(0).justification == "checkov CKV_AWS_19: Test data.");
  CHECK(at_line(findings, "s3-bucket-public-acl", 8).suppressions.at(0).justification ==
        "checkov CKV_AWS_20: Public fixtures.");
  CHECK(at_line(findings, kS3, 9).suppressions.empty());
  CHECK(at_line(findings, "s3-bucket-public-acl", 12).suppressions.empty());
}

TEST_CASE("suppression: a checkov comment belongs to the resource checkov reads it in") {
  // checkov's resource runs from its logical id to the line before the next one (or the
  // next section): a comment between two resources is the upper one's, a comment above the
  // first is no resource's. Each covers its resource's findings wherever they point.
  auto findings = suppressed_by_all_rules(kHeader +
                                          "  # checkov:skip=CKV_AWS_18:Above every resource.\n"  // 3
                                          "  Logs:\n"                                           // 4
                                          "    Type: AWS::S3::Bucket\n"
                                          "\n"
                                          "  # checkov:skip=CKV_AWS_19:Written above Data.\n"    // 7
                                          "  Data:\n"                                           // 8
                                          "    Type: AWS::S3::Bucket\n"
                                          "    Properties:\n"
                                          "      VersioningConfiguration: {Status: Enabled}\n"
                                          "    # checkov:skip=CKV_AWS_18:After the last property.\n"  // 12
                                          "Outputs:\n"
                                          "  Name: {Value: !Ref Data}\n");
  CHECK(at_line(findings, "s3-bucket-no-access-logging", 4).suppressions.empty());
  CHECK(at_line(findings, kS3, 4).suppressions.at(0).justification == "checkov CKV_AWS_19: Written above Data.");
  CHECK(at_line(findings, kS3, 8).suppressions.empty());
  CHECK(at_line(findings, "s3-bucket-no-access-logging", 8).suppressions.size() == 1);
}

TEST_CASE("suppression: a checkov comment in a SAM function covers what the function becomes") {
  // The whole pipeline (the SAM step gives the function's role the function's logical-id
  // line), and a finding inherited from Globals, outside the function's text.
  auto findings = scan_text("Transform: AWS::Serverless-2016-10-31\n"
                            "Globals:\n"
                            "  Function: {Tracing: PassThrough}\n"                 // 3
                            "Resources:\n"
                            "  Fn:\n"                                             // 5
                            "    # checkov:skip=CKV2_AWS_26:Traced by the caller.\n"
                            "    # checkov:skip=CKV_AWS_45:A test token.\n"
                            "    Type: AWS::Serverless::Function\n"
                            "    Properties:\n"
                            "      Runtime: python3.12\n"
                            "      Handler: index.handler\n"
                            "      InlineCode: 'def handler(e, c): pass'\n"
                            "      Environment:\n"
                            "        Variables:\n"
                            "          API_TOKEN: ghp_0123456789abcdefghijABCDEFGHIJ012345\n"  // 15
                            "  Other:\n"
                            "    Type: AWS::SNS::Topic\n",
                            "template.yaml", ScanOptions{})
                      .report.findings;
  CHECK(at_line(findings, "lambda-function-no-tracing", 3).suppressions.size() == 1);
  CHECK(at_line(findings, "lambda-function-hardcoded-secret", 15).suppressions.size() == 1);
  CHECK(at_line(findings, "sns-topic-no-encryption", 16).suppressions.empty());
}

TEST_CASE("suppression: checkov comments are read as checkov reads them") {
  auto findings = suppressed_by_all_rules(kHeader +
                                          "  A:  # checkov:skip=CKV_AWS_18,CKV_AWS_19:One id only.\n"  // 3
                                          "    Type: AWS::S3::Bucket\n"
                                          "  B:  # bridgecrew:skip= CKV_AWS_19:Old name, blank allowed.\n"  // 5
                                          "    Type: AWS::S3::Bucket\n"
                                          "  C:  # logs elsewhere checkov:skip=CKV_AWS_18:Text before.\n"  // 7
                                          "    Type: AWS::S3::Bucket\n"
                                          "    Metadata: {bridgecrew: {skip: [{id: CKV_AWS_19, comment: Old key.}]}}\n");
  CHECK(at_line(findings, "s3-bucket-no-access-logging", 3).suppressions.at(0).justification == "checkov CKV_AWS_18");
  CHECK(at_line(findings, kS3, 3).suppressions.empty());
  CHECK(at_line(findings, kNoReason, 3).message.find("'CKV_AWS_18' gives no comment") != std::string::npos);
  CHECK(at_line(findings, kS3, 5).suppressions.at(0).justification == "checkov CKV_AWS_19: Old name, blank allowed.");
  CHECK(at_line(findings, "s3-bucket-no-access-logging", 7).suppressions.size() == 1);
  CHECK(at_line(findings, kS3, 7).suppressions.at(0).justification == "checkov CKV_AWS_19: Old key.");
}

TEST_CASE("suppression: stacked trivy comments all cover the block below; tfsec's prefix; bad dates") {
  SuppressionOptions options;
  options.today = "2026-12-03";
  auto findings = suppressed_by_all_rules(kHeader +
                                          "  # trivy:ignore:AVD-AWS-0089\n"
                                          "  # trivy:ignore:AVD-AWS-0132\n"
                                          "  Data:\n"                                           // 5
                                          "    Type: AWS::S3::Bucket\n"
                                          "    Properties:\n"
                                          "      BucketEncryption:\n"
                                          "        ServerSideEncryptionConfiguration:\n"
                                          "          - ServerSideEncryptionByDefault: {SSEAlgorithm: AES256}\n"  // 10
                                          "  # logs go to the central account tfsec:ignore:AVD-AWS-0089\n"
                                          "  Logs:\n"                                           // 12
                                          "    Type: AWS::S3::Bucket\n"
                                          "  # trivy:ignore:AVD-AWS-0089:exp:26-12-31\n"
                                          "  Old:\n"                                            // 15
                                          "    Type: AWS::S3::Bucket\n",
                                          options);
  CHECK(at_line(findings, "s3-bucket-no-access-logging", 5).suppressions.size() == 1);
  CHECK(at_line(findings, "s3-bucket-no-cmk", 10).suppressions.size() == 1);
  CHECK(at_line(findings, "s3-bucket-no-access-logging", 12).suppressions.size() == 1);
  // A date trivy cannot read ends the ignore at once.
  CHECK(at_line(findings, "s3-bucket-no-access-logging", 15).suppressions.empty());
}

TEST_CASE("suppression: trivy comments cover the resource or property below them") {
  SuppressionOptions options;
  options.today = "2026-12-03";
  auto findings = suppressed_by_all_rules(kHeader +
                                          "  #trivy:ignore:AVD-AWS-0132\n"                           // 3
                                          "  Data:\n"                                                 // 4
                                          "    Type: AWS::S3::Bucket\n"
                                          "    Properties:\n"
                                          "      # trivy:ignore:avd-aws-0092 trivy:ignore:AVD-AWS-0086\n"  // 7
                                          "      AccessControl: PublicRead\n"                           // 8
                                          "      BucketEncryption:\n"                                   // 9
                                          "        ServerSideEncryptionConfiguration:\n"
                                          "          - ServerSideEncryptionByDefault:\n"
                                          "              SSEAlgorithm: AES256\n"                        // 12
                                          "  Old:\n"                                                  // 13
                                          "    Type: AWS::S3::Bucket\n"
                                          "    Properties:\n"
                                          "      AccessControl: PublicRead # trivy:ignore:AVD-AWS-0092:exp:2026-12-03\n"
                                          "  Later:\n"                                                // 17
                                          "    Type: AWS::S3::Bucket\n"
                                          "    Properties:\n"
                                          "      AccessControl: PublicRead # trivy:ignore:AVD-AWS-0092:exp:2026-12-04\n",
                                          options);
  // Above the resource: its findings on any line; above a property: that property only.
  CHECK(at_line(findings, "s3-bucket-no-cmk", 12).suppressions.at(0).justification == "trivy AVD-AWS-0132");
  CHECK(at_line(findings, "s3-bucket-public-acl", 8).suppressions.at(0).justification == "trivy avd-aws-0092");
  CHECK(at_line(findings, "s3-bucket-no-access-logging", 4).suppressions.empty());
  // Trivy applies an ignore until midnight UTC of its :exp: date: today's has ended.
  CHECK(at_line(findings, "s3-bucket-public-acl", 16).suppressions.empty());
  CHECK(at_line(findings, "s3-bucket-public-acl", 20).suppressions.size() == 1);
  // The form has no reason, and an id that matches nothing is trivy's business.
  CHECK(of_rule(findings, kNoReason).empty());
  CHECK(of_rule(findings, kUnused).empty());
}

TEST_CASE("suppression: a trivy comment above a list item covers that item only") {
  auto findings = suppressed_by_all_rules(kHeader +
                                          "  Data:\n"
                                          "    Type: AWS::S3::Bucket\n"
                                          "    Properties:\n"
                                          "      BucketEncryption:\n"
                                          "        ServerSideEncryptionConfiguration:\n"
                                          "          # trivy:ignore:AVD-AWS-0132\n"     // 8
                                          "          - ServerSideEncryptionByDefault:\n"
                                          "              SSEAlgorithm: AES256\n"        // 10
                                          "          - ServerSideEncryptionByDefault:\n"
                                          "              SSEAlgorithm: AES256\n");      // 12
  CHECK(at_line(findings, "s3-bucket-no-cmk", 10).suppressions.size() == 1);
  CHECK(at_line(findings, "s3-bucket-no-cmk", 12).suppressions.empty());
}

TEST_CASE("suppression: KICS comments apply to the rules with a KICS equivalent") {
  // ignore-block and ignore-line name no query: KICS drops all of its findings there, so
  // here every rule KICS also has; s3-bucket-no-cmk has no KICS query and stays.
  auto findings = suppressed_by_all_rules(kHeader +
                                          "  # kics-scan ignore-block\n"                   // 3
                                          "  Data:\n"                                     // 4
                                          "    Type: AWS::S3::Bucket\n"
                                          "    Properties:\n"
                                          "      AccessControl: PublicRead\n"               // 7
                                          "      BucketEncryption:\n"
                                          "        ServerSideEncryptionConfiguration:\n"
                                          "          - ServerSideEncryptionByDefault:\n"
                                          "              SSEAlgorithm: AES256\n"            // 11
                                          "  Logs:\n"                                     // 12
                                          "    Type: AWS::S3::Bucket\n"
                                          "    Properties:\n"
                                          "      # kics-scan ignore-line\n"
                                          "      AccessControl: PublicRead\n");             // 16
  CHECK(at_line(findings, "s3-bucket-no-tls-policy", 4).suppressions.at(0).justification == "kics ignore-block");
  CHECK(at_line(findings, "s3-bucket-public-acl", 7).suppressions.size() == 1);
  CHECK(at_line(findings, "s3-bucket-no-cmk", 11).suppressions.empty());
  CHECK(at_line(findings, "s3-bucket-public-acl", 16).suppressions.at(0).justification == "kics ignore-line");
  CHECK(at_line(findings, kS3, 12).suppressions.empty());
  CHECK(of_rule(findings, kNoReason).empty());
}

TEST_CASE("suppression: kics-scan disable= turns a query off in the whole file") {
  auto findings = suppressed_by_all_rules("# kics-scan disable=b2e8752c-3497-4255-98d2-e4ae5b46bbf5\n" + kHeader +
                                          "  Data:\n"                                     // 4
                                          "    Type: AWS::S3::Bucket\n"
                                          "  Logs:\n"                                     // 6
                                          "    Type: AWS::S3::Bucket\n");
  CHECK(at_line(findings, kS3, 4).suppressions.at(0).justification == "kics b2e8752c-3497-4255-98d2-e4ae5b46bbf5");
  CHECK(at_line(findings, kS3, 6).suppressions.size() == 1);
  CHECK(at_line(findings, "s3-bucket-no-tls-policy", 6).suppressions.empty());
}

TEST_CASE("suppression: KICS's file commands count only at the start of the file") {
  // "kics-scan will not work if there is any valid line above it".
  const std::string buckets = "  A:\n    Type: AWS::S3::Bucket\n";
  auto top = suppressed_by_all_rules("# kics-scan ignore\n\n" + kHeader + buckets);
  CHECK_FALSE(at_line(top, kS3, 5).suppressions.empty());
  auto below = suppressed_by_all_rules(kHeader + "# kics-scan disable=b2e8752c-3497-4255-98d2-e4ae5b46bbf5\n" + buckets);
  CHECK(at_line(below, kS3, 4).suppressions.empty());
}

TEST_CASE("suppression: cfn_nag rules_to_suppress") {
  auto findings = suppressed_findings(kHeader +
                                      "  Logs:\n"
                                      "    Type: AWS::S3::Bucket\n"
                                      "    Metadata:\n"
                                      "      cfn_nag:\n"
                                      "        rules_to_suppress:\n"
                                      "          - id: W41\n"
                                      "            reason: Logs only.\n"
                                      "          - id: W28\n"
                                      "          - id: F3\n"
                                      "            reason: No policy here.\n");
  CHECK(at_line(findings, kS3, 3).suppressions.at(0).justification == "cfn_nag W41: Logs only.");
  CHECK(of_rule(findings, kNoReason).empty());  // W28 maps to no cfn-scan rule
  CHECK(of_rule(findings, kUnused).empty());    // foreign suppressions may serve their own tool
}

// Ids the shared peer catalogue lacks (policies/peer-rules-extra.tsv): a KMS key whose
// rotation is suppressed for cfn_nag (F19) and one suppressed for checkov (CKV_AWS_7).
TEST_CASE("suppression: cfn_nag and checkov ids from the extra peer catalogue") {
  const std::string key_properties =
      "    Properties:\n"
      "      EnableKeyRotation: false\n"
      "      KeyPolicy: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: 'kms:*', Resource: '*',"
      " Principal: {AWS: !Sub 'arn:aws:iam::${AWS::AccountId}:root'}}]}\n";
  const std::string text = kHeader +
                           "  NagKey:\n"  // 3
                           "    Type: AWS::KMS::Key\n"
                           "    Metadata:\n"
                           "      cfn_nag:\n"
                           "        rules_to_suppress:\n"
                           "          - id: F19\n"
                           "            reason: Rotated by the key custodian.\n" +
                           key_properties +
                           "  CheckovKey:\n"  // 13
                           "    Type: AWS::KMS::Key\n"
                           "    Metadata:\n"
                           "      checkov:\n"
                           "        skip:\n"
                           "          - id: CKV_AWS_7\n"
                           "            comment: Rotated by the key custodian.\n" +
                           key_properties;
  // The workflow tests' usual rules do not include key rotation.
  Template tmpl = Template::build(load_document(std::make_shared<SourceFile>("template.yaml", text)));
  auto findings = analyze(tmpl, RuleFilter{.enabled = [](const RuleMeta& rule) { return rule.id == "kms-key-no-rotation"; }});
  apply_suppressions(tmpl, findings, {});
  auto rotation = of_rule(findings, "kms-key-no-rotation");
  REQUIRE(rotation.size() == 2);
  for (const Finding* finding : rotation) REQUIRE(finding->suppressions.size() == 1);
  CHECK(rotation[0]->suppressions[0].justification == "cfn_nag F19: Rotated by the key custodian.");
  CHECK(rotation[1]->suppressions[0].justification == "checkov CKV_AWS_7: Rotated by the key custodian.");
}

TEST_CASE("suppression: --no-foreign-suppressions ignores checkov, cfn_nag, cfn-lint, trivy and KICS forms") {
  SuppressionOptions options;
  options.foreign = false;
  auto findings = suppressed_findings(kHeader +
                                      "  # trivy:ignore:AVD-AWS-0088\n"
                                      "  # kics-scan ignore-block\n"
                                      "  Logs: # checkov:skip=CKV_AWS_19\n"
                                      "    Type: AWS::S3::Bucket\n"
                                      "    Metadata:\n"
                                      "      cfn_nag:\n"
                                      "        rules_to_suppress:\n"
                                      "          - id: W41\n",
                                      options);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].suppressions.empty());
}

namespace {

// cfn-lint ids appear in no built-in rule yet, so this rule is made up for the test.
constexpr std::array<std::string_view, 1> kLintIds = {"E3012"};
constexpr std::array<std::string_view, 1> kLintTags = {"template-error"};
constexpr std::array<RuleEquivalent, 1> kLintEquivalents = {RuleEquivalent{"cfn-lint", kLintIds}};
constexpr std::array<RuleMeta, 1> kLintRules = {RuleMeta{.id = "template-wrong-type",
                                                         .service = "template",
                                                         .title = "Property has the wrong type",
                                                         .level = Level::Error,
                                                         .security_severity = "1.0",
                                                         .precision = "high",
                                                         .tags = kLintTags,
                                                         .resource_types = {},
                                                         .equivalents = kLintEquivalents,
                                                         .message = "",
                                                         .description = "",
                                                         .rationale = "",
                                                         .aws_default = "",
                                                         .remediation = "",
                                                         .snippet = "",
                                                         .references = {}}};

Finding lint_finding(std::string logical_id, uint32_t line) {
  Finding finding;
  finding.rule = &kLintRules[0];
  finding.level = Level::Error;
  finding.range = Range{{line, 3}, {line, 7}};
  finding.logical_id = std::move(logical_id);
  finding.message = "wrong type";
  return finding;
}

}  // namespace

TEST_CASE("suppression: cfn-lint ignore_checks on a resource and on the template, with no reason needed") {
  std::string text =
      "Metadata:\n"
      "  cfn-lint:\n"
      "    config:\n"
      "      ignore_checks: [E9999]\n"
      "Resources:\n"
      "  Queue:\n"  // 6
      "    Type: AWS::SQS::Queue\n"
      "    Metadata:\n"
      "      cfn-lint:\n"
      "        config:\n"
      "          ignore_checks:\n"
      "            - E3012\n"
      "  Topic:\n"  // 13
      "    Type: AWS::SNS::Topic\n";
  Analyzed analyzed = analyze_text(text);
  std::vector<Finding> findings = {lint_finding("Queue", 6), lint_finding("Topic", 13)};
  SuppressionOptions options;
  options.rules = kLintRules;
  apply_suppressions(analyzed.tmpl, findings, options);
  REQUIRE(findings.size() == 2);  // no finding about the reason-less cfn-lint entries
  CHECK(findings[0].suppressions.at(0).justification == "cfn-lint E3012");
  CHECK(findings[1].suppressions.empty());
}

TEST_CASE("suppression: unused is not reported for a rule that did not run") {
  SuppressionOptions options;
  options.rule_enabled = [](const RuleMeta& rule) { return rule.id != "iam-policy-wildcard-action"; };
  auto findings = suppressed_findings(kHeader +
                                      "  # cfn-scan: ignore iam-policy-wildcard-action Not run today.\n"
                                      "  Queue:\n"
                                      "    Type: AWS::SQS::Queue\n",
                                      options);
  CHECK(findings.empty());
}

TEST_CASE("suppression: findings about suppressions need their rules enabled, and can be suppressed") {
  std::string text = kHeader +
                     "  Logs: # cfn-scan: ignore s3-bucket-no-encryption\n"
                     "    Type: AWS::S3::Bucket\n";
  SuppressionOptions quiet;
  quiet.rule_enabled = [](const RuleMeta& rule) { return rule.id != kNoReason; };
  CHECK(of_rule(suppressed_findings(text, quiet), kNoReason).empty());

  auto findings = suppressed_findings(
      "Metadata:\n"
      "  cfn-scan:\n"
      "    skip:\n"
      "      - id: template-suppression-no-reason\n"
      "        reason: Legacy templates; reasons are added as they are touched.\n" + text.substr(text.find('\n') + 1));
  const Finding& no_reason = *of_rule(findings, kNoReason).at(0);
  CHECK_FALSE(no_reason.suppressions.empty());
  CHECK(of_rule(findings, kUnused).empty());
}

TEST_CASE("suppression: a '#' inside a block scalar or a quoted string is not a comment") {
  auto findings = suppressed_findings(kHeader +
                                      "  Fn:\n"
                                      "    Type: AWS::Lambda::Function\n"
                                      "    Properties:\n"
                                      "      TracingConfig: {Mode: Active}\n"
                                      "      Description: 'text # cfn-scan: ignore tracing quoted'\n"
                                      "      Code:\n"
                                      "        ZipFile: |\n"
                                      "          # cfn-scan: ignore s3-bucket-no-encryption code\n"
                                      "          x = 1\n");
  CHECK(of_rule(findings, kUnused).empty());
}

TEST_CASE("suppression: JSON templates have no comments") {
  auto findings = suppressed_findings(
      "{\"Resources\": {\"Logs\": {\"Type\": \"AWS::S3::Bucket\",\n"
      " \"Properties\": {\"Tags\": [{\"Key\": \"k\", \"Value\": \"v # cfn-scan: ignore tracing x\"}]}}}}\n");
  CHECK(of_rule(findings, kUnused).empty());
  REQUIRE(of_rule(findings, kS3).size() == 1);
  CHECK(of_rule(findings, kS3)[0]->suppressions.empty());
}

TEST_CASE("suppression: JSON templates take Metadata suppressions") {
  auto findings = suppressed_findings(
      "{\"Resources\": {\"Logs\": {\"Type\": \"AWS::S3::Bucket\", \"Metadata\": {\"cfn-scan\": {\"skip\": [\n"
      "  {\"id\": \"s3-bucket-no-encryption\", \"reason\": \"Logs only.\"}]}}}}}\n");
  REQUIRE(of_rule(findings, kS3).size() == 1);
  CHECK(of_rule(findings, kS3)[0]->suppressions.at(0).justification == "Logs only.");
}

TEST_CASE("suppression: findings stay sorted and every finding is kept") {
  Analyzed analyzed = analyze_text(kHeader +
                                   "  B: # cfn-scan: ignore s3-bucket-no-encryption\n"
                                   "    Type: AWS::S3::Bucket\n"
                                   "  A: # cfn-scan: ignore s3-bucket-no-encryption Fine.\n"
                                   "    Type: AWS::S3::Bucket\n");
  size_t before = analyzed.findings.size();
  SuppressionSummary summary = apply_suppressions(analyzed.tmpl, analyzed.findings);
  CHECK(analyzed.findings.size() == before + 1);
  CHECK(summary.suppressed == 2);
  CHECK(summary.missing_reason == 1);
  CHECK(summary.unused == 0);
  CHECK(std::is_sorted(analyzed.findings.begin(), analyzed.findings.end(), finding_less));
}
