// A hand-built ScanReport shared by the reporter tests and their golden files: three
// rules, two templates, findings that exercise every field (a suppressed one, two with
// the same fingerprint key, a multi-line range, one without a position), a path that
// needs percent-encoding, and a skipped-file count.
#pragma once

#include "support/golden.h"

#include <array>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>

#include "report/report.h"

#ifndef CFN_SCAN_SOURCE_DIR
#define CFN_SCAN_SOURCE_DIR "."
#endif

namespace cfn::report_fixture {

// Metadata with static storage, as generated rules have (RuleMeta holds views and spans).
inline constexpr std::array<std::string_view, 3> kIamTags = {"iam-wildcard", "least-privilege",
                                                             "security"};
inline constexpr std::array<std::string_view, 2> kIamCfnNag = {"F3", "W11"};
inline constexpr std::array<std::string_view, 1> kIamCheckov = {"CKV_AWS_111"};
inline constexpr std::array<RuleEquivalent, 2> kIamEquivalents = {
    RuleEquivalent{"checkov", kIamCheckov}, RuleEquivalent{"cfn_nag", kIamCfnNag}};
inline constexpr std::array<std::string_view, 1> kIamReferences = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html"};

inline constexpr std::array<std::string_view, 2> kTracingTags = {"tracing", "observability"};
inline constexpr std::array<std::string_view, 1> kTracingCheckov = {"CKV2_AWS_26"};
inline constexpr std::array<std::string_view, 1> kTracingTrivy = {"AWS-0066"};
inline constexpr std::array<RuleEquivalent, 2> kTracingEquivalents = {
    RuleEquivalent{"checkov", kTracingCheckov}, RuleEquivalent{"trivy", kTracingTrivy}};

inline constexpr std::array<std::string_view, 2> kS3Tags = {"encryption-at-rest", "security"};
inline constexpr std::array<std::string_view, 1> kS3Checkov = {"CKV_AWS_19"};
inline constexpr std::array<std::string_view, 1> kS3CfnNag = {"W41"};
inline constexpr std::array<std::string_view, 1> kS3Kics = {"b2e8752c-3497-4255-98d2-e4ae5b46bbf5"};
inline constexpr std::array<RuleEquivalent, 3> kS3Equivalents = {
    RuleEquivalent{"checkov", kS3Checkov}, RuleEquivalent{"cfn_nag", kS3CfnNag},
    RuleEquivalent{"kics", kS3Kics}};
inline constexpr std::array<std::string_view, 2> kS3References = {
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/serv-side-encryption.html",
    "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
    "aws-properties-s3-bucket-bucketencryption.html"};

// Sorted by id, as ScanReport::rules must be.
inline constexpr std::array<RuleMeta, 3> kRules = {
    RuleMeta{
        .id = "iam-role-wildcard-action",
        .service = "iam",
        .title = "IAM role policy allows every action",
        .level = Level::Error,
        .security_severity = "8.1",
        .precision = "high",
        .tags = kIamTags,
        .resource_types = {},
        .equivalents = kIamEquivalents,
        .message = "Role {resource} allows Action '*' in {path}",
        .description = "An inline policy of an AWS::IAM::Role allows the action `*`.",
        .rationale = "A role that may do anything turns any bug in its user into a full "
                     "account compromise.",
        .aws_default = "",
        .remediation = "List the actions the role needs.",
        .snippet = "PolicyDocument:\n  Statement:\n    - Effect: Allow\n      Action: s3:GetObject\n",
        .references = kIamReferences,
    },
    RuleMeta{
        .id = "lambda-function-no-tracing",
        .service = "lambda",
        .title = "Lambda function without X-Ray tracing",
        .level = Level::Note,
        .security_severity = "",
        .precision = "very-high",
        .tags = kTracingTags,
        .resource_types = {},
        .equivalents = kTracingEquivalents,
        .message = "Function {resource} has no active tracing",
        .description = "A Lambda function has `TracingConfig.Mode` unset or `PassThrough`.",
        .rationale = "Without traces, a slow or failing call cannot be followed across services.",
        .aws_default = "PassThrough: no traces unless the caller sampled the request.",
        .remediation = "Set `TracingConfig.Mode: Active`.",
        .snippet = "TracingConfig:\n  Mode: Active",
        .references = {},
    },
    RuleMeta{
        .id = "s3-bucket-no-encryption",
        .service = "s3",
        .title = "S3 bucket without default encryption configured",
        .level = Level::Warning,
        .security_severity = "5.3",
        .precision = "high",
        .tags = kS3Tags,
        .resource_types = {},
        .equivalents = kS3Equivalents,
        .message = "Bucket {resource} has no BucketEncryption",
        .description = "An AWS::S3::Bucket has no `BucketEncryption` property.",
        .rationale = "Audits and some compliance regimes require the encryption to be explicit.",
        .aws_default = "SSE-S3 (AES256) since January 2023.",
        .remediation = "Add `BucketEncryption` with `SSEAlgorithm: aws:kms` and a key.",
        .snippet = "BucketEncryption:\n  ServerSideEncryptionConfiguration:\n"
                   "    - ServerSideEncryptionByDefault:\n        SSEAlgorithm: aws:kms\n",
        .references = kS3References,
    },
};

inline const RuleMeta& iam_rule() { return kRules[0]; }
inline const RuleMeta& tracing_rule() { return kRules[1]; }
inline const RuleMeta& s3_rule() { return kRules[2]; }

inline Range range(uint32_t line, uint32_t column, uint32_t end_line, uint32_t end_column) {
  return Range{Position{line, column}, Position{end_line, end_column}};
}

inline Finding finding(const RuleMeta& rule, Range where, std::string logical_id,
                       std::string property_path, std::string message) {
  Finding f;
  f.rule = &rule;
  f.level = rule.level;
  f.range = where;
  f.logical_id = std::move(logical_id);
  f.property_path = std::move(property_path);
  f.message = std::move(message);
  return f;
}

inline constexpr std::string_view kApiTemplate =
    "AWSTemplateFormatVersion: '2010-09-09'\n"
    "Resources:\n"
    "  Data:\n"
    "    Type: AWS::S3::Bucket\n"
    "  Worker:\n"
    "    Type: AWS::Lambda::Function\n"
    "    Properties:\n"
    "      Runtime: python3.12\n"
    "  Logs:\n"
    "    Type: AWS::S3::Bucket # cfn-scan:ignore s3-bucket-no-encryption\n"
    "  WorkerRole:\n"
    "    Type: AWS::IAM::Role\n"
    "    Properties:\n"
    "      Policies:\n"
    "        - PolicyDocument:\n"
    "            Statement:\n"
    "              - Effect: Allow\n"
    "                Action: '*'\n"
    "                Resource: '*'\n"
    "              - Effect: Allow\n"
    "                Action: '*'\n";

inline constexpr std::string_view kMainTemplate =
    "{\n"
    "  \"Resources\": {\n"
    "    \"Fn\": {\n"
    "      \"Type\": \"AWS::Lambda::Function\",\n"
    "      \"Properties\": {\"TracingConfig\": {\n"
    "        \"Mode\": \"PassThrough\"}}\n"
    "    }\n"
    "  }\n"
    "}\n";

inline FileReport api_file() {
  FileReport file;
  file.source = std::make_shared<SourceFile>("infra/api stack.yaml", std::string(kApiTemplate));
  file.findings = {
      finding(s3_rule(), range(3, 3, 3, 7), "Data", "Resources.Data",
              "Bucket Data has no BucketEncryption"),
      finding(tracing_rule(), range(5, 3, 5, 9), "Worker", "Resources.Worker",
              "Function Worker has no active tracing"),
      finding(s3_rule(), range(9, 3, 9, 7), "Logs", "Resources.Logs",
              "Bucket Logs has no BucketEncryption"),
      finding(iam_rule(), range(18, 25, 18, 28), "WorkerRole",
              "Resources.WorkerRole.Properties.Policies[0].PolicyDocument.Statement[*].Action",
              "Role WorkerRole allows Action '*' in Policies[0]"),
      finding(iam_rule(), range(21, 25, 21, 28), "WorkerRole",
              "Resources.WorkerRole.Properties.Policies[0].PolicyDocument.Statement[*].Action",
              "Role WorkerRole allows Action '*' in Policies[0]"),
  };
  file.findings[2].suppressions = {{"inSource", "Access logs hold no customer data"}};
  return file;
}

inline FileReport main_file() {
  FileReport file;
  file.source = std::make_shared<SourceFile>("templates/main.json", std::string(kMainTemplate));
  // A finding without a position sorts first (finding_less).
  file.findings = {
      finding(iam_rule(), Range{}, "", "", "Generated role allows Action '*'"),
      finding(tracing_rule(), range(5, 38, 6, 29), "Fn", "Resources.Fn.Properties.TracingConfig",
              "Function Fn has no active tracing"),
  };
  file.findings[0].level = Level::Warning;  // a configuration override
  return file;
}

inline ScanReport sample_report() {
  ScanReport report;
  report.files.push_back(api_file());
  report.files.push_back(main_file());
  report.rules = kRules;
  report.skipped_files = 4;
  report.sarif_category = "cfn-scan";
  return report;
}

// Golden files hold "@VERSION@" where the tool version goes, so a release does not
// rewrite them. Only the tool's fields are replaced: SARIF's own "version": "2.1.0" is
// the first "version" key and is skipped when the tool's version happens to equal it.
inline std::string without_version(std::string text) {
  const std::string version(cfn_scan_version());
  for (std::string key : {"\"semanticVersion\": \"", "\"version\": \""}) {
    const std::string from = key + version + "\"";
    const std::string to = key + "@VERSION@\"";
    size_t at = text.find(from);
    if (version == "2.1.0" && key == "\"version\": \"") at = text.find(from, at + 1);
    for (; at != std::string::npos; at = text.find(from, at + to.size()))
      text.replace(at, from.size(), to);
  }
  return text;
}

// The golden file tests/golden/report/<name> (see support/golden.h).
inline std::string golden(std::string_view name, const std::string& actual) {
  return testing::golden("report", name, actual);
}

}  // namespace cfn::report_fixture
