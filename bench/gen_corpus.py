#!/usr/bin/env python3
"""Writes the benchmark corpus of cfn-scan (see bench/README.md).

    bench/gen_corpus.py OUT_DIR

Everything is generated from fixed seeds, so two runs write the same bytes. Python 3
standard library only. OUT_DIR receives:

    single/t-4k.yaml                 a typical pre-commit-sized template (DESIGN.md, Speed)
    single/t-20k.{yaml,json}         ~20 KB
    single/t-200k.{yaml,json}        ~200 KB
    single/t-1m.{yaml,json}          ~1 MB
    single/conditions.{yaml,json}    60 conditions, 500 resources, Fn::If everywhere
    single/sam-20k.yaml              a SAM template (Transform, Globals, Events)
    single/suppressions.yaml         ~1 MB: 3,000 buckets, each under suppression comments
                                     of cfn-scan, checkov and trivy
    tree/                            2,000 files: templates of 2-50 KB (YAML, JSON, SAM)
                                     and ~10% other YAML/JSON that must be skipped
    MANIFEST.tsv                     path, bytes, kind of every file written

Sizes are those of the YAML file; the JSON file holds the same content in long form
(intrinsics as {"Fn::...": ...}, indented by two), so it is larger. CloudFormation
itself caps a template at 1 MB and 500 resources; the big files go past the resource cap
on purpose (they measure the scanner, not what CloudFormation would deploy).
"""

import json
import math
import os
import random
import re
import sys

# --------------------------------------------------------------------------------------
# Intrinsic functions: one object, written as a YAML short form (`!Ref X`) or long form.


class Fn:
    """An intrinsic call. `short` picks the YAML spelling (`!If [...]` or `Fn::If: [...]`);
    JSON always gets the long form."""

    __slots__ = ("name", "arg", "short")

    def __init__(self, name, arg, short=True):
        self.name = name  # "Ref", "Condition" or "Fn::X"
        self.arg = arg
        self.short = short

    @property
    def tag(self):
        return "!" + (self.name[4:] if self.name.startswith("Fn::") else self.name)

    def long(self):
        if self.name == "Fn::GetAtt" and isinstance(self.arg, str):
            return {self.name: self.arg.split(".", 1)}
        return {self.name: to_long(self.arg)}


def to_long(v):
    if isinstance(v, Fn):
        return v.long()
    if isinstance(v, dict):
        return {k: to_long(x) for k, x in v.items()}
    if isinstance(v, list):
        return [to_long(x) for x in v]
    return v


# --------------------------------------------------------------------------------------
# YAML writer: block style, CloudFormation short forms, literal blocks for inline code.

_PLAIN = re.compile(r"^[A-Za-z_/][A-Za-z0-9_ .:/@()*-]*$")
_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}


def y_scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "null"
    if isinstance(v, (int, float)):
        return str(v)
    s = str(v)
    if (
        _PLAIN.match(s)
        and ": " not in s
        and not s.endswith((":", " "))
        and s.lower() not in _RESERVED
    ):
        return s
    return "'" + s.replace("'", "''") + "'"


def _multiline(v):
    return isinstance(v, str) and "\n" in v


def y_flow(v):
    """The value in flow style, or None when it should be a block."""
    if isinstance(v, Fn):
        if v.name == "Fn::GetAtt" and isinstance(v.arg, str):
            return v.tag + " " + v.arg if v.short else None
        if long_in_yaml(v):
            return None
        inner = y_flow(v.arg)
        if inner is None:
            return None
        return v.tag + " " + inner
    if isinstance(v, list):
        if not v:
            return "[]"
        parts = [y_flow(x) for x in v]
        if any(p is None for p in parts):
            return None
        return "[" + ", ".join(parts) + "]"
    if isinstance(v, dict):
        return "{}" if not v else None
    if _multiline(v):
        return None
    return y_scalar(v)


def y_inline(v):
    """What may follow `key: ` on the same line, or None. Lists of plain values stay
    block-style (as people write them) unless they are arguments of an intrinsic."""
    if isinstance(v, list):
        return "[]" if not v else None
    return y_flow(v)


def y_value_after(prefix, v, ind, out):
    """Writes `prefix` (e.g. "  Key:" or "  -") followed by the value v."""
    inl = y_inline(v)
    if inl is not None:
        out.append(prefix + " " + inl)
        return
    if _multiline(v):
        out.append(prefix + " |")
        body = v[:-1] if v.endswith("\n") else v
        pad = " " * (ind + 2)
        for line in body.split("\n"):
            out.append(pad + line if line else "")
        return
    if isinstance(v, Fn):
        if not long_in_yaml(v):
            out.append(prefix + " " + v.tag)
            y_block(v.arg, ind + 2, out)
        else:
            out.append(prefix)
            y_block(as_mapping(v), ind + 2, out)
        return
    out.append(prefix)
    y_block(v, ind + 2, out)


def long_in_yaml(fn):
    """A node holds one tag: `!ImportValue !Sub x` is not YAML, so a call whose argument
    is itself a call is written `Fn::ImportValue: !Sub x`, as people do."""
    return not fn.short or isinstance(fn.arg, Fn)


def as_mapping(fn):
    """A long-form call as the mapping YAML writes (its arguments keep their spelling)."""
    if fn.name == "Fn::GetAtt" and isinstance(fn.arg, str):
        return {fn.name: fn.arg.split(".", 1)}
    return {fn.name: fn.arg}


def y_block(v, ind, out):
    pad = " " * ind
    if isinstance(v, dict):
        for k, x in v.items():
            y_value_after(pad + y_scalar(k) + ":", x, ind, out)
    elif isinstance(v, list):
        for x in v:
            if isinstance(x, Fn) and long_in_yaml(x):
                x = as_mapping(x)
            if isinstance(x, (dict, list)) and x and y_inline(x) is None:
                # "- key: value" with the rest of the mapping aligned after the dash.
                sub = []
                y_block(x, ind + 2, sub)
                sub[0] = pad + "- " + sub[0][ind + 2 :]
                out.extend(sub)
            else:
                y_value_after(pad + "-", x, ind, out)
    else:
        out.append(pad + y_scalar(v))


def yaml_text(template, header=None):
    out = []
    if header:
        out.extend("# " + line if line else "#" for line in header.split("\n"))
    for key, value in template.items():
        if isinstance(value, dict) and value:
            out.append(key + ":")
            for k, x in value.items():
                sub = []
                y_value_after("  " + y_scalar(k) + ":", x, 2, sub)
                out.extend(sub)
            out.append("")
        else:
            y_value_after(key + ":", value, 0, out)
    return "\n".join(out).rstrip("\n") + "\n"


def json_text(template):
    return json.dumps(to_long(template), indent=2) + "\n"


def yaml_size(logical_id, resource):
    out = []
    y_value_after("  " + logical_id + ":", resource, 2, out)
    return sum(len(line) + 1 for line in out)


def json_size(logical_id, resource):
    # indent=2 at depth 2: every line of the resource gains four spaces.
    text = json.dumps({logical_id: to_long(resource)}, indent=2)
    return len(text) + 2 * text.count("\n")


# --------------------------------------------------------------------------------------
# Template content.

RUNTIMES = ["python3.12", "python3.11", "nodejs20.x", "nodejs18.x", "java21", "provided.al2023"]
WORDS = [
    "orders", "payments", "invoices", "users", "sessions", "catalog", "inventory", "shipping",
    "audit", "events", "reports", "images", "uploads", "search", "billing", "ledger", "alerts",
    "metrics", "exports", "imports", "profiles", "carts", "reviews", "coupons", "tickets",
]
SAFE_ACTIONS = {
    "s3": ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:DeleteObject", "s3:GetObjectTagging"],
    "dynamodb": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem",
                 "dynamodb:BatchWriteItem"],
    "sqs": ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
    "sns": ["sns:Publish"],
    "logs": ["logs:CreateLogStream", "logs:PutLogEvents"],
}

PY_CODE = """import json
import os

import boto3

TABLE = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def handler(event, context):
    records = event.get("Records", [])
    for record in records:
        body = json.loads(record["body"])
        TABLE.put_item(Item={"pk": body["id"], "sk": "%s", "payload": body})
    return {"statusCode": 200, "body": json.dumps({"processed": len(records)})}
"""

JS_CODE = """const { DynamoDBClient, PutItemCommand } = require("@aws-sdk/client-dynamodb");
const client = new DynamoDBClient({});

exports.handler = async (event) => {
  const items = (event.Records || []).map((r) => JSON.parse(r.body));
  for (const item of items) {
    await client.send(new PutItemCommand({
      TableName: process.env.TABLE_NAME,
      Item: { pk: { S: item.id }, sk: { S: "%s" } },
    }));
  }
  return { statusCode: 200, body: JSON.stringify({ processed: items.length }) };
};
"""


class Ctx:
    """State of one template being generated."""

    def __init__(self, rng, long_form_share=0.1):
        self.rng = rng
        self.long_share = long_form_share
        self.used = set()
        self.conditions = ["IsProd", "HasKmsKey", "TracingOn", "IsProdAndTracing"]

    def fn(self, name, arg):
        return Fn(name, arg, short=self.rng.random() >= self.long_share)

    def ref(self, target):
        return self.fn("Ref", target)

    def getatt(self, target, attr):
        return self.fn("Fn::GetAtt", target + "." + attr)

    def sub(self, text, variables=None):
        return self.fn("Fn::Sub", [text, variables] if variables else text)

    def if_(self, cond, a, b):
        return self.fn("Fn::If", [cond, a, b])

    def no_value(self):
        return self.ref("AWS::NoValue")

    def cond(self):
        return self.rng.choice(self.conditions)

    def name(self, base):
        stem = "".join(w.capitalize() for w in base.split("-"))
        for i in range(1, 1_000_000):
            candidate = stem if i == 1 else f"{stem}{i}"
            if candidate not in self.used:
                self.used.add(candidate)
                return candidate
        raise RuntimeError("out of names")

    def word(self):
        return self.rng.choice(WORDS)

    def chance(self, p):
        return self.rng.random() < p

    def tags(self, component):
        return [
            {"Key": "Project", "Value": self.ref("ProjectName")},
            {"Key": "Environment", "Value": self.ref("Environment")},
            {"Key": "Component", "Value": component},
            {"Key": "CostCenter", "Value": f"cc-{self.rng.randint(1000, 9999)}"},
        ]

    def maybe_condition(self, res, p=0.15):
        if self.chance(p):
            res["Condition"] = self.cond()
        return res


def parameters():
    return {
        "Environment": {
            "Type": "String",
            "Default": "dev",
            "AllowedValues": ["dev", "staging", "prod"],
            "Description": "Deployment stage; prod turns on retention and alarms.",
        },
        "ProjectName": {"Type": "String", "Default": "acme-shop", "AllowedPattern": "^[a-z][a-z0-9-]*$"},
        "KmsKeyArn": {"Type": "String", "Default": "", "Description": "Customer managed key; empty for AWS managed keys."},
        "EnableTracing": {"Type": "String", "Default": "true", "AllowedValues": ["true", "false"]},
        "LogRetentionDays": {"Type": "Number", "Default": 14, "MinValue": 1, "MaxValue": 3653},
        "VpcId": {"Type": "AWS::EC2::VPC::Id"},
        "SubnetIds": {"Type": "List<AWS::EC2::Subnet::Id>"},
        "AlarmEmail": {"Type": "String", "Default": "ops@example.com"},
    }


def conditions(ctx):
    return {
        "IsProd": ctx.fn("Fn::Equals", [ctx.ref("Environment"), "prod"]),
        "HasKmsKey": ctx.fn("Fn::Not", [ctx.fn("Fn::Equals", [ctx.ref("KmsKeyArn"), ""])]),
        "TracingOn": ctx.fn("Fn::Equals", [ctx.ref("EnableTracing"), "true"]),
        "IsProdAndTracing": ctx.fn("Fn::And", [ctx.fn("Condition", "IsProd"), ctx.fn("Condition", "TracingOn")]),
    }


def mappings():
    regions = ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"]
    return {
        "RegionConfig": {
            r: {"LogBucketPrefix": f"logs-{r}", "AmiId": f"ami-0{i:x}f3c2a9b1d4e5f6{i}", "AzCount": 2 + i % 2}
            for i, r in enumerate(regions)
        }
    }


def bucket(ctx, word):
    lid = ctx.name(word + "-bucket")
    props = {
        "BucketName": ctx.sub("${ProjectName}-${Environment}-" + word + "-${AWS::AccountId}"),
        "VersioningConfiguration": {"Status": ctx.if_("IsProd", "Enabled", "Suspended")},
    }
    if ctx.chance(0.6):
        props["BucketEncryption"] = {
            "ServerSideEncryptionConfiguration": [
                {
                    "ServerSideEncryptionByDefault": {
                        "SSEAlgorithm": ctx.if_("HasKmsKey", "aws:kms", "AES256"),
                        "KMSMasterKeyID": ctx.if_("HasKmsKey", ctx.ref("KmsKeyArn"), ctx.no_value()),
                    },
                    "BucketKeyEnabled": True,
                }
            ]
        }
    if ctx.chance(0.5):
        props["PublicAccessBlockConfiguration"] = {
            "BlockPublicAcls": True,
            "BlockPublicPolicy": True,
            "IgnorePublicAcls": True,
            "RestrictPublicBuckets": True,
        }
    if ctx.chance(0.3):
        props["LoggingConfiguration"] = {
            "DestinationBucketName": ctx.fn("Fn::FindInMap", ["RegionConfig", ctx.ref("AWS::Region"), "LogBucketPrefix"]),
            "LogFilePrefix": word + "/",
        }
    props["LifecycleConfiguration"] = {
        "Rules": [
            {"Id": "expire-old-versions", "Status": "Enabled", "NoncurrentVersionExpiration": {"NoncurrentDays": 30}},
            {
                "Id": "tier-to-ia",
                "Status": "Enabled",
                "Transitions": [{"StorageClass": "STANDARD_IA", "TransitionInDays": ctx.rng.choice([30, 60, 90])}],
            },
        ]
    }
    props["Tags"] = ctx.tags(word)
    res = {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain", "Properties": props}
    out = [(lid, ctx.maybe_condition(res, 0.1))]
    if ctx.chance(0.35):
        public = ctx.chance(0.3)
        statements = [
            {
                "Sid": "DenyInsecureTransport",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": [ctx.getatt(lid, "Arn"), ctx.sub("${" + lid + ".Arn}/*")],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            }
        ]
        if public:
            statements.append(
                {"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                 "Resource": ctx.sub("arn:${AWS::Partition}:s3:::${" + lid + "}/public/*")}
            )
        out.append(
            (
                ctx.name(word + "-bucket-policy"),
                {
                    "Type": "AWS::S3::BucketPolicy",
                    "Properties": {
                        "Bucket": ctx.ref(lid),
                        "PolicyDocument": {"Version": "2012-10-17", "Statement": statements},
                    },
                },
            )
        )
    return out


def queue(ctx, word):
    dlq = ctx.name(word + "-dead-letter-queue")
    lid = ctx.name(word + "-queue")
    enc = ctx.chance(0.5)
    dlq_props = {"MessageRetentionPeriod": 1209600}
    props = {
        "QueueName": ctx.sub("${ProjectName}-${Environment}-" + word),
        "VisibilityTimeout": ctx.rng.choice([30, 60, 180, 900]),
        "RedrivePolicy": {"deadLetterTargetArn": ctx.getatt(dlq, "Arn"), "maxReceiveCount": 5},
        "Tags": ctx.tags(word),
    }
    if enc:
        props["KmsMasterKeyId"] = ctx.if_("HasKmsKey", ctx.ref("KmsKeyArn"), "alias/aws/sqs")
        dlq_props["KmsMasterKeyId"] = "alias/aws/sqs"
    elif ctx.chance(0.5):
        props["SqsManagedSseEnabled"] = True
    return [
        (dlq, {"Type": "AWS::SQS::Queue", "Properties": dlq_props}),
        (lid, {"Type": "AWS::SQS::Queue", "Properties": props}),
    ]


def topic(ctx, word, queue_id):
    lid = ctx.name(word + "-topic")
    props = {"TopicName": ctx.sub("${ProjectName}-${Environment}-" + word + "-events")}
    if ctx.chance(0.5):
        props["KmsMasterKeyId"] = "alias/aws/sns"
    props["Subscription"] = [{"Protocol": "sqs", "Endpoint": ctx.getatt(queue_id, "Arn")}]
    if ctx.chance(0.4):
        props["Subscription"].append({"Protocol": "email", "Endpoint": ctx.ref("AlarmEmail")})
    return [(lid, ctx.maybe_condition({"Type": "AWS::SNS::Topic", "Properties": props}))]


def table(ctx, word):
    lid = ctx.name(word + "-table")
    props = {
        "TableName": ctx.sub("${ProjectName}-${Environment}-" + word),
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
            {"AttributeName": "gsi1pk", "AttributeType": "S"},
        ],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "GlobalSecondaryIndexes": [
            {
                "IndexName": "gsi1",
                "KeySchema": [{"AttributeName": "gsi1pk", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
        "StreamSpecification": {"StreamViewType": "NEW_AND_OLD_IMAGES"},
    }
    if ctx.chance(0.5):
        props["SSESpecification"] = {
            "SSEEnabled": True,
            "SSEType": "KMS",
            "KMSMasterKeyId": ctx.if_("HasKmsKey", ctx.ref("KmsKeyArn"), ctx.no_value()),
        }
    if ctx.chance(0.5):
        props["PointInTimeRecoverySpecification"] = {"PointInTimeRecoveryEnabled": ctx.if_("IsProd", True, False)}
    props["Tags"] = ctx.tags(word)
    return [(lid, {"Type": "AWS::DynamoDB::Table", "DeletionPolicy": "Retain", "Properties": props})]


def role(ctx, word, bucket_id, table_id, queue_id, topic_id):
    lid = ctx.name(word + "-function-role")
    statements = [
        {
            "Effect": "Allow",
            "Action": ctx.rng.sample(SAFE_ACTIONS["dynamodb"], 3),
            "Resource": [ctx.getatt(table_id, "Arn"), ctx.sub("${" + table_id + ".Arn}/index/*")],
        },
        {
            "Effect": "Allow",
            "Action": ctx.rng.sample(SAFE_ACTIONS["s3"], 2),
            "Resource": ctx.sub("arn:${AWS::Partition}:s3:::${" + bucket_id + "}/*"),
        },
        {"Effect": "Allow", "Action": SAFE_ACTIONS["sqs"][1:], "Resource": ctx.getatt(queue_id, "Arn")},
        {"Effect": "Allow", "Action": "sns:Publish", "Resource": ctx.ref(topic_id)},
    ]
    r = ctx.rng.random()
    if r < 0.12:
        statements.append({"Effect": "Allow", "Action": "*", "Resource": "*"})
    elif r < 0.25:
        statements.append({"Effect": "Allow", "Action": ["s3:*", "dynamodb:*"], "Resource": "*"})
    elif r < 0.35:
        statements.append({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"})
    policies = [{"PolicyName": word + "-access", "PolicyDocument": {"Version": "2012-10-17", "Statement": statements}}]
    if ctx.chance(0.3):
        policies.append(
            {
                "PolicyName": word + "-xray",
                "PolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {"Effect": "Allow", "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], "Resource": "*"}
                    ],
                },
            }
        )
    props = {
        "AssumeRolePolicyDocument": {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"Service": ["lambda.amazonaws.com"]}, "Action": ["sts:AssumeRole"]}
            ],
        },
        "ManagedPolicyArns": [
            ctx.sub("arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")
        ],
        "Policies": policies,
        "Tags": ctx.tags(word),
    }
    return [(lid, {"Type": "AWS::IAM::Role", "Properties": props})]


def function(ctx, word, role_id, bucket_id, table_id, queue_id, topic_id):
    lid = ctx.name(word + "-function")
    runtime = ctx.rng.choice(RUNTIMES)
    if runtime.startswith("python") and ctx.chance(0.35):
        code = {"ZipFile": PY_CODE % word}
        handler = "index.handler"
    elif runtime.startswith("nodejs") and ctx.chance(0.35):
        code = {"ZipFile": JS_CODE % word}
        handler = "index.handler"
    else:
        code = {
            "S3Bucket": ctx.sub("${ProjectName}-artifacts-${AWS::Region}"),
            "S3Key": f"functions/{word}/{ctx.rng.getrandbits(64):016x}.zip",
        }
        handler = "com.acme.Handler::handleRequest" if runtime == "java21" else "app.handler"
    props = {
        "FunctionName": ctx.sub("${ProjectName}-${Environment}-" + word),
        "Description": f"Processes {word} messages and stores them.",
        "Runtime": runtime,
        "Handler": handler,
        "Role": ctx.getatt(role_id, "Arn"),
        "Code": code,
        "MemorySize": ctx.if_("IsProd", 1024, 256),
        "Timeout": ctx.rng.choice([10, 30, 60, 300]),
        "Architectures": [ctx.rng.choice(["arm64", "x86_64"])],
        "Environment": {
            "Variables": {
                "TABLE_NAME": ctx.ref(table_id),
                "BUCKET_NAME": ctx.ref(bucket_id),
                "QUEUE_URL": ctx.ref(queue_id),
                "TOPIC_ARN": ctx.ref(topic_id),
                "STAGE": ctx.ref("Environment"),
                "LOG_LEVEL": ctx.if_("IsProd", "INFO", "DEBUG"),
            }
        },
    }
    r = ctx.rng.random()
    if r < 0.4:
        props["TracingConfig"] = {"Mode": "Active"}
    elif r < 0.6:
        props["TracingConfig"] = {"Mode": ctx.if_("TracingOn", "Active", "PassThrough")}
    if ctx.chance(0.25):
        props["VpcConfig"] = {
            "SubnetIds": ctx.ref("SubnetIds"),
            "SecurityGroupIds": [ctx.fn("Fn::ImportValue", ctx.sub("${ProjectName}-lambda-sg"))],
        }
    if ctx.chance(0.3):
        props["ReservedConcurrentExecutions"] = ctx.rng.choice([5, 10, 50])
    props["Tags"] = ctx.tags(word)
    out = [(lid, ctx.maybe_condition({"Type": "AWS::Lambda::Function", "Properties": props}, 0.1))]
    if ctx.chance(0.7):
        out.append(
            (
                ctx.name(word + "-log-group"),
                {
                    "Type": "AWS::Logs::LogGroup",
                    "Properties": {
                        "LogGroupName": ctx.sub("/aws/lambda/${" + lid + "}"),
                        "RetentionInDays": ctx.ref("LogRetentionDays"),
                    },
                },
            )
        )
    out.append(
        (
            ctx.name(word + "-event-source"),
            {
                "Type": "AWS::Lambda::EventSourceMapping",
                "Properties": {
                    "EventSourceArn": ctx.getatt(queue_id, "Arn"),
                    "FunctionName": ctx.ref(lid),
                    "BatchSize": 10,
                    "FunctionResponseTypes": ["ReportBatchItemFailures"],
                },
            },
        )
    )
    return out, lid


def rest_api(ctx, word, function_id):
    api = ctx.name(word + "-api")
    resource = ctx.name(word + "-api-resource")
    method = ctx.name(word + "-api-method")
    deployment = ctx.name(word + "-api-deployment")
    stage = ctx.name(word + "-api-stage")
    permission = ctx.name(word + "-api-permission")
    auth = ctx.rng.choice(["NONE", "AWS_IAM", "AWS_IAM", "COGNITO_USER_POOLS"])
    method_props = {
        "RestApiId": ctx.ref(api),
        "ResourceId": ctx.ref(resource),
        "HttpMethod": ctx.rng.choice(["GET", "POST", "ANY"]),
        "AuthorizationType": auth,
        "Integration": {
            "Type": "AWS_PROXY",
            "IntegrationHttpMethod": "POST",
            "Uri": ctx.sub(
                "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${"
                + function_id
                + ".Arn}/invocations"
            ),
        },
    }
    if auth == "COGNITO_USER_POOLS":
        method_props["AuthorizerId"] = ctx.fn("Fn::ImportValue", ctx.sub("${ProjectName}-authorizer-id"))
    stage_props = {
        "RestApiId": ctx.ref(api),
        "DeploymentId": ctx.ref(deployment),
        "StageName": ctx.ref("Environment"),
        "MethodSettings": [
            {
                "ResourcePath": "/*",
                "HttpMethod": "*",
                "MetricsEnabled": True,
                "LoggingLevel": ctx.if_("IsProd", "ERROR", "INFO"),
                "ThrottlingBurstLimit": 100,
                "ThrottlingRateLimit": 50,
            }
        ],
    }
    if ctx.chance(0.5):
        stage_props["TracingEnabled"] = ctx.chance(0.7)
    if ctx.chance(0.5):
        stage_props["AccessLogSetting"] = {
            "DestinationArn": ctx.sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/apigw/" + word),
            "Format": '{"requestId":"$context.requestId","status":"$context.status","ip":"$context.identity.sourceIp"}',
        }
    return [
        (api, {"Type": "AWS::ApiGateway::RestApi", "Properties": {
            "Name": ctx.sub("${ProjectName}-${Environment}-" + word + "-api"),
            "EndpointConfiguration": {"Types": ["REGIONAL"]}}}),
        (resource, {"Type": "AWS::ApiGateway::Resource", "Properties": {
            "RestApiId": ctx.ref(api), "ParentId": ctx.getatt(api, "RootResourceId"), "PathPart": word}}),
        (method, {"Type": "AWS::ApiGateway::Method", "Properties": method_props}),
        (deployment, {"Type": "AWS::ApiGateway::Deployment", "DependsOn": [method],
                      "Properties": {"RestApiId": ctx.ref(api)}}),
        (stage, {"Type": "AWS::ApiGateway::Stage", "Properties": stage_props}),
        (permission, {"Type": "AWS::Lambda::Permission", "Properties": {
            "Action": "lambda:InvokeFunction",
            "FunctionName": ctx.getatt(function_id, "Arn"),
            "Principal": "apigateway.amazonaws.com",
            "SourceArn": ctx.sub("arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${" + api + "}/*")}}),
    ]


def service_group(ctx):
    """One service: storage, messaging, compute and sometimes an API. Returns resources
    and outputs."""
    word = ctx.word()
    res = []
    res += bucket(ctx, word)
    bucket_id = res[0][0]
    res += table(ctx, word)
    table_id = res[-1][0]
    q = queue(ctx, word)
    res += q
    queue_id = q[-1][0]
    t = topic(ctx, word, queue_id)
    res += t
    topic_id = t[0][0]
    r = role(ctx, word, bucket_id, table_id, queue_id, topic_id)
    res += r
    f, function_id = function(ctx, word, r[0][0], bucket_id, table_id, queue_id, topic_id)
    res += f
    if ctx.chance(0.35):
        res += rest_api(ctx, word, function_id)
    outputs = [
        (function_id + "Arn", {"Description": f"ARN of the {word} function", "Value": ctx.getatt(function_id, "Arn"),
                               "Export": {"Name": ctx.sub("${AWS::StackName}-" + function_id + "Arn")}}),
        (bucket_id + "Name", {"Value": ctx.ref(bucket_id)}),
    ]
    if ctx.chance(0.3):
        outputs.append((queue_id + "Url", {"Value": ctx.ref(queue_id)}))
    return res, follow_conditions(res, outputs, [function_id, bucket_id, queue_id])


def follow_conditions(resources, outputs, targets):
    """An output of a conditional resource carries the same Condition (as CloudFormation
    requires)."""
    by_id = dict(resources)
    for (lid, output), target in zip(outputs, targets):
        cond = by_id[target].get("Condition")
        if cond:
            output["Condition"] = cond
    return outputs


def sam_group(ctx):
    word = ctx.word()
    res = []
    table_id = ctx.name(word + "-table")
    if ctx.chance(0.5):
        res.append((table_id, {"Type": "AWS::Serverless::SimpleTable", "Properties": {
            "PrimaryKey": {"Name": "id", "Type": "String"},
            **({"SSESpecification": {"SSEEnabled": True}} if ctx.chance(0.5) else {})}}))
    else:
        res += [(table_id, table(ctx, word + "-x")[0][1])]
    b = bucket(ctx, word)
    res += b
    bucket_id = b[0][0]
    q = queue(ctx, word)
    res += q
    queue_id = q[-1][0]
    fn_id = ctx.name(word + "-function")
    policies = [
        {"DynamoDBCrudPolicy": {"TableName": ctx.ref(table_id)}},
        {"S3ReadPolicy": {"BucketName": ctx.ref(bucket_id)}},
        {"SQSPollerPolicy": {"QueueName": ctx.getatt(queue_id, "QueueName")}},
    ]
    r = ctx.rng.random()
    if r < 0.15:
        policies.append({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
    elif r < 0.3:
        policies.append("AmazonDynamoDBFullAccess")
    events = {
        "Queue": {"Type": "SQS", "Properties": {"Queue": ctx.getatt(queue_id, "Arn"), "BatchSize": 10}},
        "Nightly": {"Type": "Schedule", "Properties": {"Schedule": "rate(1 day)", "Enabled": ctx.if_("IsProd", True, False)}},
    }
    if ctx.chance(0.6):
        # A second function of the same word gets a path of its own: SAM rejects two events
        # on one path and method of an API ("API method ... defined multiple times").
        number = fn_id[len(fn_id.rstrip("0123456789")):]
        events["Http"] = {"Type": "Api", "Properties": {"Path": "/" + word + number + "/{id}", "Method": ctx.rng.choice(["get", "post", "any"])}}
    if ctx.chance(0.3):
        events["Upload"] = {"Type": "S3", "Properties": {"Bucket": ctx.ref(bucket_id), "Events": "s3:ObjectCreated:*"}}
    props = {
        "CodeUri": f"src/{word}/",
        "Handler": "app.handler",
        "Description": f"Handles {word}.",
        "Policies": policies,
        "Environment": {"Variables": {"TABLE_NAME": ctx.ref(table_id), "BUCKET_NAME": ctx.ref(bucket_id)}},
        "Events": events,
    }
    if ctx.chance(0.3):
        props["Tracing"] = ctx.rng.choice(["Active", "PassThrough"])
    if ctx.chance(0.3):
        props["AutoPublishAlias"] = "live"
        props["DeploymentPreference"] = {"Type": ctx.if_("IsProd", "Canary10Percent5Minutes", "AllAtOnce")}
    res.append((fn_id, {"Type": "AWS::Serverless::Function", "Properties": props}))
    outputs = [(fn_id + "Arn", {"Value": ctx.getatt(fn_id, "Arn")})]
    return res, outputs


def sam_header(ctx):
    g = {
        "Function": {
            "Runtime": ctx.rng.choice(RUNTIMES[:4]),
            "Timeout": 30,
            "MemorySize": 512,
            "Architectures": ["arm64"],
            "Environment": {"Variables": {"STAGE": ctx.ref("Environment"), "POWERTOOLS_SERVICE_NAME": "shop"}},
        },
        "Api": {"OpenApiVersion": "3.0.1"},
    }
    if ctx.chance(0.5):
        g["Function"]["Tracing"] = "Active"
    if ctx.chance(0.5):
        g["Api"]["TracingEnabled"] = True
    if ctx.chance(0.4):
        g["Api"]["Auth"] = {"DefaultAuthorizer": "AWS_IAM"}
    return g


def build_template(seed, target_bytes, kind="cfn", fmt="yaml", description=None):
    """A template whose YAML (or JSON, per `fmt`) text is about target_bytes long."""
    rng = random.Random(seed)
    ctx = Ctx(rng)
    sam = kind == "sam"
    tmpl = {"AWSTemplateFormatVersion": "2010-09-09"}
    if sam:
        tmpl["Transform"] = "AWS::Serverless-2016-10-31"
    tmpl["Description"] = description or f"Generated benchmark template {seed} ({'SAM' if sam else 'CloudFormation'})"
    if sam:
        tmpl["Globals"] = sam_header(ctx)
    tmpl["Parameters"] = parameters()
    tmpl["Mappings"] = mappings()
    tmpl["Conditions"] = conditions(ctx)
    resources, outputs = {}, {}
    measure = yaml_size if fmt == "yaml" else json_size
    # The fixed sections cost about this much; resources and outputs fill the rest.
    size = len(yaml_text(tmpl)) if fmt == "yaml" else len(json_text(tmpl))
    # Resources only refer to resources made before them, so the last group may stop
    # after any resource without leaving a dangling Ref.
    while size < target_bytes:
        res, outs = (sam_group if sam else service_group)(ctx)
        for lid, r in res:
            resources[lid] = r
            size += measure(lid, r)
            if size >= target_bytes:
                break
        for lid, o in outs:
            value = o["Value"]
            target = value.arg.split(".", 1)[0] if isinstance(value.arg, str) else None
            if target in resources:
                outputs[lid] = o
                size += measure(lid, o)
    tmpl["Resources"] = resources
    tmpl["Outputs"] = outputs
    return tmpl


def condition_heavy(seed=60500, n_conditions=60, n_resources=500):
    """60 conditions over a handful of parameters (Equals, And, Or, Not, references to
    each other) and 500 resources, about a third under a Condition and most with Fn::If."""
    rng = random.Random(seed)
    ctx = Ctx(rng)
    params = parameters()
    choices = {}
    for i in range(10):
        name = f"Feature{i}"
        values = ["off", "basic", "full"]
        params[name] = {"Type": "String", "Default": values[i % 3], "AllowedValues": values}
        choices[name] = values
    params["Region2"] = {"Type": "String", "Default": "us-east-1"}
    conds = {}
    names = []
    base = conditions(ctx)  # IsProd, HasKmsKey, ... used by the resource generators
    for i in range(n_conditions - len(base)):
        name = f"Cond{i:02d}"
        if i < 20 or not names:
            p = f"Feature{i % 10}"
            c = ctx.fn("Fn::Equals", [ctx.ref(p), rng.choice(choices[p])])
        else:
            kind = rng.choice(["and", "or", "not", "eq"])
            if kind == "not":
                c = ctx.fn("Fn::Not", [ctx.fn("Condition", rng.choice(names))])
            elif kind == "eq":
                c = ctx.fn("Fn::Equals", [ctx.ref("AWS::Region"), rng.choice(["us-east-1", "eu-west-1"])])
            else:
                picked = rng.sample(names, min(len(names), rng.randint(2, 4)))
                c = ctx.fn("Fn::And" if kind == "and" else "Fn::Or", [ctx.fn("Condition", n) for n in picked])
        conds[name] = c
        names.append(name)
    conds.update(base)
    ctx.conditions = names
    tmpl = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": f"{n_conditions} conditions and {n_resources} resources (cfn-scan benchmark)",
        "Parameters": params,
        "Mappings": mappings(),
        "Conditions": conds,
    }
    resources, outputs = {}, {}
    while len(resources) < n_resources:
        res, _ = service_group(ctx)
        for lid, r in res:
            if len(resources) >= n_resources:
                break
            if rng.random() < 0.35:
                r["Condition"] = rng.choice(names)
            if r["Type"] == "AWS::Lambda::Function":
                out = {"Value": ctx.getatt(lid, "Arn")}
                if "Condition" in r:
                    out["Condition"] = r["Condition"]
                outputs[lid + "Arn"] = out
            props = r.get("Properties", {})
            # Fn::If nested two deep on a property of most resources.
            if props and rng.random() < 0.7:
                key = rng.choice(list(props))
                props[key] = ctx.if_(rng.choice(names), props[key],
                                     ctx.if_(rng.choice(names), props[key], ctx.no_value()))
            resources[lid] = r
    tmpl["Resources"] = resources
    tmpl["Outputs"] = outputs
    return tmpl


# --------------------------------------------------------------------------------------
# Files of the tree that are not templates (and must be skipped).


def github_workflow(rng, i):
    return f"""name: ci
on:
  push:
    branches: [main]
  pull_request:
jobs:
  build:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        python: ['3.11', '3.12']
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: ${{{{ matrix.python }}}}
      - run: pip install -r requirements.txt
      - run: pytest -q tests/
      - name: Deploy
        if: github.ref == 'refs/heads/main'
        run: sam deploy --no-confirm-changeset --stack-name svc-{i}
        env:
          AWS_REGION: us-east-1
"""


def package_json(rng, i):
    return json.dumps({
        "name": f"@acme/service-{i}",
        "version": f"1.{rng.randint(0, 20)}.{rng.randint(0, 9)}",
        "private": True,
        "scripts": {"build": "tsc -p .", "test": "jest", "deploy": "sam deploy"},
        "dependencies": {"@aws-sdk/client-dynamodb": "^3.500.0", "aws-lambda": "^1.0.7"},
        "devDependencies": {"typescript": "^5.4.0", "jest": "^29.7.0", "@types/aws-lambda": "^8.10.0"},
    }, indent=2) + "\n"


def docker_compose(rng, i):
    return f"""version: "3.8"
services:
  localstack:
    image: localstack/localstack:3
    ports:
      - "4566:4566"
    environment:
      - SERVICES=s3,sqs,dynamodb
  app:
    build: .
    depends_on: [localstack]
    environment:
      TABLE_NAME: table-{i}
      AWS_ENDPOINT_URL: http://localstack:4566
"""


def k8s_manifest(rng, i):
    return f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker-{i}
  labels: {{app: worker-{i}}}
spec:
  replicas: {rng.randint(1, 5)}
  selector:
    matchLabels: {{app: worker-{i}}}
  template:
    metadata:
      labels: {{app: worker-{i}}}
    spec:
      containers:
        - name: worker
          image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/worker:{i}
          resources:
            limits: {{cpu: 500m, memory: 256Mi}}
---
apiVersion: v1
kind: Service
metadata:
  name: worker-{i}
spec:
  ports: [{{port: 80, targetPort: 8080}}]
"""


def tsconfig(rng, i):
    return json.dumps({"compilerOptions": {"target": "ES2022", "module": "commonjs", "strict": True,
                                           "outDir": "dist", "esModuleInterop": True},
                       "include": ["src/**/*.ts"]}, indent=2) + "\n"


def samconfig_like(rng, i):
    # YAML with a Resources key whose entries have no Type: not a template.
    return f"""# Capacity plan, not CloudFormation.
Resources:
  cpu: {rng.randint(1, 8)}
  memory: {rng.choice(['512Mi', '1Gi', '2Gi'])}
Owners:
  - team-{i % 7}
"""


def serverless_yml(rng, i):
    return f"""service: legacy-{i}
provider:
  name: aws
  runtime: nodejs18.x
functions:
  hello:
    handler: handler.hello
    events:
      - httpApi: GET /hello
resources:
  Resources:
    Bucket:
      Type: AWS::S3::Bucket
"""


def openapi(rng, i):
    paths = {}
    for w in rng.sample(WORDS, 5):
        paths[f"/{w}/{{id}}"] = {"get": {"operationId": f"get_{w}", "responses": {"200": {"description": "ok"}}}}
    return yaml_text({"openapi": "3.0.1", "info": {"title": f"api-{i}", "version": "1.0"}, "paths": paths})


NON_TEMPLATES = [
    (".github/workflows/ci.yml", github_workflow),
    ("package.json", package_json),
    ("docker-compose.yml", docker_compose),
    ("k8s/deployment.yaml", k8s_manifest),
    ("tsconfig.json", tsconfig),
    ("capacity.yaml", samconfig_like),
    ("serverless.yml", serverless_yml),
    ("openapi.yaml", openapi),
]

TEMPLATE_NAMES = ["template", "stack", "infra/storage", "infra/messaging", "infra/compute", "pipeline/app",
                  "nested/api", "nested/data", "cfn/main"]


# --------------------------------------------------------------------------------------


def write(out_dir, rel, text, manifest, kind):
    path = os.path.join(out_dir, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    manifest.append((rel, len(text.encode("utf-8")), kind))


def suppression_heavy(buckets=3000):
    """A template that suppresses findings on every resource, the way a code base that
    adopted several scanners over the years does: a trivy ignore above the resource, a
    checkov skip inside it, a cfn-scan ignore above a property. Matching comments to
    findings must not cost comments x findings."""
    lines = ['AWSTemplateFormatVersion: "2010-09-09"',
             "Description: cfn-scan benchmark, suppression comments on every resource", "Resources:"]
    for i in range(buckets):
        lines += [f"  #trivy:ignore:AVD-AWS-0089 trivy:ignore:AVD-AWS-0132",
                  f"  Assets{i:05d}:",
                  "    Type: AWS::S3::Bucket",
                  "    # checkov:skip=CKV_AWS_18:Access logs go to the central trail",
                  "    Properties:",
                  f"      BucketName: !Sub assets-{i:05d}-${{AWS::AccountId}}",
                  "      # cfn-scan: ignore s3-bucket-public-acl Serves public downloads.",
                  "      AccessControl: PublicRead"]
    return "\n".join(lines) + "\n"


def main(argv):
    if len(argv) != 2:
        print("usage: gen_corpus.py OUT_DIR", file=sys.stderr)
        return 2
    out = argv[1]
    manifest = []

    singles = [("t-4k", 4_000), ("t-20k", 20_000), ("t-200k", 200_000), ("t-1m", 1_000_000)]
    for name, size in singles:
        tmpl = build_template(seed=size, target_bytes=size, description=f"cfn-scan benchmark, about {name[2:]}B of YAML")
        if name != "t-4k":
            write(out, f"single/{name}.json", json_text(tmpl), manifest, "template-json")
        write(out, f"single/{name}.yaml", yaml_text(tmpl), manifest, "template-yaml")
    tmpl = condition_heavy()
    write(out, "single/conditions.yaml", yaml_text(tmpl), manifest, "template-yaml")
    write(out, "single/conditions.json", json_text(tmpl), manifest, "template-json")
    tmpl = build_template(seed=7, target_bytes=20_000, kind="sam")
    write(out, "single/sam-20k.yaml", yaml_text(tmpl), manifest, "template-yaml")
    write(out, "single/suppressions.yaml", suppression_heavy(), manifest, "template-yaml")

    # The tree: 200 services of 10 files each; 9 templates and one other file per service.
    rng = random.Random(2000)
    n_files = 2000
    for i in range(n_files):
        service = f"team-{i // 200:02d}/svc-{(i // 10) % 20:02d}"
        slot = i % 10
        if slot == 9:
            rel, make = NON_TEMPLATES[(i // 10) % len(NON_TEMPLATES)]
            text = make(random.Random(i), i)
            write(out, f"tree/{service}/{rel}", text, manifest, "other")
            continue
        size = int(math.exp(rng.uniform(math.log(2_000), math.log(50_000))))  # log-uniform 2-50 KB
        fmt = "json" if rng.random() < 0.3 else "yaml"
        kind = "sam" if rng.random() < 0.3 else "cfn"
        tmpl = build_template(seed=100_000 + i, target_bytes=size, kind=kind, fmt=fmt)
        base = TEMPLATE_NAMES[slot]
        if fmt == "json":
            ext = ".template" if rng.random() < 0.1 else ".json"
            text = json_text(tmpl)
        else:
            ext = rng.choice([".yaml", ".yaml", ".yml", ".template"])
            text = yaml_text(tmpl)
        write(out, f"tree/{service}/{base}{ext}", text, manifest, f"template-{fmt}" + ("-sam" if kind == "sam" else ""))

    with open(os.path.join(out, "MANIFEST.tsv"), "w", encoding="utf-8") as f:
        f.write("path\tbytes\tkind\n")
        for rel, size, kind in manifest:
            f.write(f"{rel}\t{size}\t{kind}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
