import { ALL_RULES } from "../../../guardrails/rules/index.js";
import { aossSecurityPolicies } from "../../../guardrails/rules/aoss-security-policies.js";
import { dynamodbKms } from "../../../guardrails/rules/dynamodb-kms.js";
import { eksControlPlaneLogs } from "../../../guardrails/rules/eks-control-plane-logs.js";
import { eksPrivateEndpoint } from "../../../guardrails/rules/eks-private-endpoint.js";
import { eksSecretsEncryption } from "../../../guardrails/rules/eks-secrets-encryption.js";
import { emrBlockPublicAccess } from "../../../guardrails/rules/emr-block-public-access.js";
import { emrSecurityConfiguration } from "../../../guardrails/rules/emr-security-configuration.js";
import { iamNoAdminPolicy } from "../../../guardrails/rules/iam-no-admin-policy.js";
import { iamNoWildcardTrust } from "../../../guardrails/rules/iam-no-wildcard-trust.js";
import { kmsKeyRotation } from "../../../guardrails/rules/kms-key-rotation.js";
import { launchTemplateImdsv2 } from "../../../guardrails/rules/launch-template-imdsv2.js";
import { logGroupKms } from "../../../guardrails/rules/log-group-kms.js";
import { logGroupRetention } from "../../../guardrails/rules/log-group-retention.js";
import { mskEncryptionAtRestKms } from "../../../guardrails/rules/msk-encryption-at-rest-kms.js";
import { mskEncryptionInTransit } from "../../../guardrails/rules/msk-encryption-in-transit.js";
import { mskIamAuth } from "../../../guardrails/rules/msk-iam-auth.js";
import { mskLogging } from "../../../guardrails/rules/msk-logging.js";
import { mskNoPublicAccess } from "../../../guardrails/rules/msk-no-public-access.js";
import { mskconnectEncryptionInTransit } from "../../../guardrails/rules/mskconnect-encryption-in-transit.js";
import { mwaaLogging } from "../../../guardrails/rules/mwaa-logging.js";
import { mwaaPrivateWebserver } from "../../../guardrails/rules/mwaa-private-webserver.js";
import { opensearchAuditLogs } from "../../../guardrails/rules/opensearch-audit-logs.js";
import { opensearchEncryptionAtRest } from "../../../guardrails/rules/opensearch-encryption-at-rest.js";
import { opensearchFineGrainedAccess } from "../../../guardrails/rules/opensearch-fine-grained-access.js";
import { opensearchHttpsTls12 } from "../../../guardrails/rules/opensearch-https-tls12.js";
import { opensearchInVpc } from "../../../guardrails/rules/opensearch-in-vpc.js";
import { opensearchNodeToNode } from "../../../guardrails/rules/opensearch-node-to-node.js";
import { rdsAutoMinorUpgrade } from "../../../guardrails/rules/rds-auto-minor-upgrade.js";
import { rdsCopyTagsToSnapshot } from "../../../guardrails/rules/rds-copy-tags-to-snapshot.js";
import { rdsEnhancedMonitoring } from "../../../guardrails/rules/rds-enhanced-monitoring.js";
import { rdsForceSsl } from "../../../guardrails/rules/rds-force-ssl.js";
import { rdsIamAuth } from "../../../guardrails/rules/rds-iam-auth.js";
import { rdsLogExports } from "../../../guardrails/rules/rds-log-exports.js";
import { rdsManagedMasterPassword } from "../../../guardrails/rules/rds-managed-master-password.js";
import { rdsMultiAz } from "../../../guardrails/rules/rds-multi-az.js";
import { rdsNotPublic } from "../../../guardrails/rules/rds-not-public.js";
import { rdsPerformanceInsightsKms } from "../../../guardrails/rules/rds-performance-insights-kms.js";
import { rdsStorageEncrypted } from "../../../guardrails/rules/rds-storage-encrypted.js";
import { s3AccessLogging } from "../../../guardrails/rules/s3-access-logging.js";
import { s3BucketKmsEncryption } from "../../../guardrails/rules/s3-bucket-kms-encryption.js";
import { s3OwnershipEnforced } from "../../../guardrails/rules/s3-ownership-enforced.js";
import { s3PublicAccessBlock } from "../../../guardrails/rules/s3-public-access-block.js";
import { s3TlsOnlyPolicy } from "../../../guardrails/rules/s3-tls-only-policy.js";
import { secretsKms } from "../../../guardrails/rules/secrets-kms.js";
import { securityGroupNoPublicIngress } from "../../../guardrails/rules/security-group-no-public-ingress.js";
import { vpcDefaultSgClosed } from "../../../guardrails/rules/vpc-default-sg-closed.js";
import { vpcFlowLogs } from "../../../guardrails/rules/vpc-flow-logs.js";
import { merge, one, runRuleCases, secureBucket, type Resources, type RuleCases } from "../fixtures.js";

const policy = (statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const logs = one("aws_s3_bucket", "Logs", { bucket: "rk-eu-lake-logs-222222222222" });
const B = "aws_s3_bucket.B";
const bucketCase = (name: string, resources: Resources) => ({ name, resources: merge(logs, resources), target: B });

/** A Postgres instance with every kit default; `patch` breaks one. */
const db = (patch: Record<string, unknown> = {}) =>
  one("aws_db_instance", "D", {
    identifier: "rk-eu-shard-001",
    engine: "postgres",
    storage_encrypted: true,
    kms_key_id: "${aws_kms_key.Db.arn}",
    publicly_accessible: false,
    iam_database_authentication_enabled: true,
    multi_az: true,
    monitoring_interval: 60,
    monitoring_role_arn: "${aws_iam_role.Mon.arn}",
    enabled_cloudwatch_logs_exports: ["postgresql", "upgrade"],
    auto_minor_version_upgrade: true,
    copy_tags_to_snapshot: true,
    performance_insights_enabled: true,
    performance_insights_kms_key_id: "${aws_kms_key.Db.arn}",
    manage_master_user_password: true,
    ...patch,
  });
const dbCase = (name: string, patch: Record<string, unknown> = {}) => ({ name, resources: db(patch), target: "aws_db_instance.D" });

const msk = (patch: Record<string, unknown> = {}) =>
  one("aws_msk_cluster", "M", {
    cluster_name: "rk-eu-kafka",
    encryption_info: { encryption_at_rest_kms_key_arn: "${aws_kms_key.S.arn}", encryption_in_transit: { client_broker: "TLS", in_cluster: true } },
    client_authentication: { sasl: { iam: true }, unauthenticated: false },
    broker_node_group_info: { instance_type: "kafka.m7g.large", client_subnets: ["a", "b", "c"], connectivity_info: { public_access: { type: "DISABLED" } } },
    logging_info: { broker_logs: { cloudwatch_logs: { enabled: true, log_group: "${aws_cloudwatch_log_group.K.name}" } } },
    ...patch,
  });
const mskCase = (name: string, patch: Record<string, unknown> = {}) => ({ name, resources: msk(patch), target: "aws_msk_cluster.M" });

const domain = (patch: Record<string, unknown> = {}) =>
  one("aws_opensearch_domain", "S", {
    domain_name: "rk-eu-search",
    vpc_options: { subnet_ids: ["${aws_subnet.A.id}"], security_group_ids: ["sg"] },
    encrypt_at_rest: { enabled: true, kms_key_id: "${aws_kms_key.Search.arn}" },
    node_to_node_encryption: { enabled: true },
    domain_endpoint_options: { enforce_https: true, tls_security_policy: "Policy-Min-TLS-1-2-PFS-2023-10" },
    advanced_security_options: { enabled: true, master_user_options: { master_user_arn: "${aws_iam_role.Admin.arn}" } },
    log_publishing_options: [
      { log_type: "AUDIT_LOGS", cloudwatch_log_group_arn: "a" },
      { log_type: "ES_APPLICATION_LOGS", cloudwatch_log_group_arn: "b" },
    ],
    ...patch,
  });
const searchCase = (name: string, patch: Record<string, unknown> = {}) => ({ name, resources: domain(patch), target: "aws_opensearch_domain.S" });

const eks = (vpc: Record<string, unknown>, patch: Record<string, unknown> = {}) =>
  one("aws_eks_cluster", "E", {
    name: "rk-eu-cdc",
    role_arn: "r",
    vpc_config: { subnet_ids: ["a"], endpoint_private_access: true, endpoint_public_access: false, ...vpc },
    encryption_config: { resources: ["secrets"], provider: { key_arn: "${aws_kms_key.C.arn}" } },
    enabled_cluster_log_types: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
    ...patch,
  });
const eksCase = (name: string, vpc: Record<string, unknown> = {}, patch: Record<string, unknown> = {}) => ({ name, resources: eks(vpc, patch), target: "aws_eks_cluster.E" });

const mwaaLogs = Object.fromEntries(["dag_processing_logs", "scheduler_logs", "task_logs", "webserver_logs", "worker_logs"].map((t) => [t, { enabled: true, log_level: "INFO" }]));
const mwaa = (patch: Record<string, unknown> = {}) =>
  one("aws_mwaa_environment", "A", { name: "rk-central-orchestrator", kms_key: "${aws_kms_key.K.arn}", webserver_access_mode: "PRIVATE_ONLY", logging_configuration: mwaaLogs, ...patch });
const mwaaCase = (name: string, patch: Record<string, unknown> = {}) => ({ name, stack: "central", resources: mwaa(patch), target: "aws_mwaa_environment.A" });

const emr = (patch: Record<string, unknown> = {}) => one("aws_emr_cluster", "E", { name: "rk-eu-spark", release_label: "emr-7.5.0", service_role: "r", security_configuration: "${aws_emr_security_configuration.Sec.name}", ...patch });
const emrSec = (atRest: boolean, inTransit: boolean) =>
  one("aws_emr_security_configuration", "Sec", { name: "rk-eu-spark", configuration: JSON.stringify({ EncryptionConfiguration: { EnableAtRestEncryption: atRest, EnableInTransitEncryption: inTransit } }) });
const emrBpa = (block: boolean) => one("aws_emr_block_public_access_configuration", "Bpa", { block_public_security_group_rules: block });

const vpc = one("aws_vpc", "V", { cidr_block: "10.20.0.0/16" });
const flowLog = one("aws_flow_log", "F", { vpc_id: "${aws_vpc.V.id}", traffic_type: "ALL" });
const defaultSg = (rules: Record<string, unknown> = { ingress: [], egress: [] }) => one("aws_default_security_group", "D", { vpc_id: "${aws_vpc.V.id}", ...rules });

const pg = (params: Array<{ name: string; value: string }>) => one("aws_db_parameter_group", "P", { name: "p", family: "postgres16", parameter: params });

const cases: RuleCases[] = [
  {
    rule: s3BucketKmsEncryption,
    compliant: [bucketCase("SSE-KMS with a regional key", secureBucket()), { name: "SSE-S3 on an access-log target bucket", resources: merge(secureBucket("B", { logsTo: "${aws_s3_bucket.Logs.id}" }), one("aws_s3_bucket_server_side_encryption_configuration", "LogsEnc", { bucket: "${aws_s3_bucket.Logs.id}", rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }] }), logs), target: "aws_s3_bucket.Logs" }],
    nonCompliant: [
      bucketCase("with SSE-S3 on a data bucket", secureBucket("B", { patch: { aws_s3_bucket_server_side_encryption_configuration: { rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }] } } })),
      bucketCase("without any encryption configuration", secureBucket("B", { drop: ["aws_s3_bucket_server_side_encryption_configuration"] })),
    ],
  },
  {
    rule: s3PublicAccessBlock,
    compliant: [bucketCase("all four blocks on", secureBucket())],
    nonCompliant: [
      bucketCase("with restrict_public_buckets off", secureBucket("B", { patch: { aws_s3_bucket_public_access_block: { restrict_public_buckets: false } } })),
      bucketCase("without a public access block", secureBucket("B", { drop: ["aws_s3_bucket_public_access_block"] })),
    ],
  },
  {
    rule: s3TlsOnlyPolicy,
    compliant: [bucketCase("a policy denying insecure transport", secureBucket())],
    nonCompliant: [
      bucketCase("without a bucket policy", secureBucket("B", { drop: ["aws_s3_bucket_policy"] })),
      bucketCase("with a policy lacking the TLS deny", secureBucket("B", { patch: { aws_s3_bucket_policy: { policy: policy([{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:root" }, Action: "s3:GetObject", Resource: "*" }]) } } })),
    ],
  },
  {
    rule: s3OwnershipEnforced,
    compliant: [bucketCase("BucketOwnerEnforced", secureBucket())],
    nonCompliant: [bucketCase("with ObjectWriter ownership", secureBucket("B", { patch: { aws_s3_bucket_ownership_controls: { rule: { object_ownership: "ObjectWriter" } } } }))],
  },
  {
    rule: s3AccessLogging,
    compliant: [bucketCase("logging to the logs bucket", secureBucket())],
    nonCompliant: [bucketCase("without access logging", secureBucket("B", { drop: ["aws_s3_bucket_logging"] }))],
  },
  { rule: rdsStorageEncrypted, compliant: [dbCase("encrypted with the database key")], nonCompliant: [dbCase("with storage_encrypted false", { storage_encrypted: false }), dbCase("without a kms_key_id", { kms_key_id: undefined })] },
  { rule: rdsNotPublic, compliant: [dbCase("private")], nonCompliant: [dbCase("when publicly accessible", { publicly_accessible: true })] },
  { rule: rdsIamAuth, compliant: [dbCase("IAM auth on")], nonCompliant: [dbCase("without IAM auth", { iam_database_authentication_enabled: false })] },
  { rule: rdsMultiAz, compliant: [dbCase("Multi-AZ")], nonCompliant: [dbCase("single-AZ", { multi_az: false })] },
  { rule: rdsEnhancedMonitoring, compliant: [dbCase("monitoring every 60 s")], nonCompliant: [dbCase("without enhanced monitoring", { monitoring_interval: 0 })] },
  { rule: rdsLogExports, compliant: [dbCase("exporting postgresql logs")], nonCompliant: [dbCase("without log exports", { enabled_cloudwatch_logs_exports: [] }), dbCase("exporting only upgrade logs", { enabled_cloudwatch_logs_exports: ["upgrade"] })] },
  { rule: rdsAutoMinorUpgrade, compliant: [dbCase("auto minor upgrades on")], nonCompliant: [dbCase("with auto minor upgrades off", { auto_minor_version_upgrade: false })] },
  { rule: rdsCopyTagsToSnapshot, compliant: [dbCase("copying tags")], nonCompliant: [dbCase("not copying tags", { copy_tags_to_snapshot: false })] },
  { rule: rdsPerformanceInsightsKms, compliant: [dbCase("PI with the database key")], nonCompliant: [dbCase("PI without a key", { performance_insights_kms_key_id: undefined }), dbCase("PI off", { performance_insights_enabled: false })] },
  {
    rule: rdsManagedMasterPassword,
    compliant: [dbCase("managed master password")],
    nonCompliant: [dbCase("with a plaintext password", { password: "hunter2hunter2" }), dbCase("without a managed password", { manage_master_user_password: undefined })],
  },
  {
    rule: rdsForceSsl,
    compliant: [{ name: "rds.force_ssl = 1", resources: pg([{ name: "rds.force_ssl", value: "1" }, { name: "rds.logical_replication", value: "1" }]), target: "aws_db_parameter_group.P" }],
    nonCompliant: [
      { name: "with rds.force_ssl = 0", resources: pg([{ name: "rds.force_ssl", value: "0" }]), target: "aws_db_parameter_group.P" },
      { name: "without rds.force_ssl", resources: pg([{ name: "rds.logical_replication", value: "1" }]), target: "aws_db_parameter_group.P" },
    ],
  },
  {
    rule: mskEncryptionInTransit,
    compliant: [mskCase("TLS everywhere")],
    nonCompliant: [mskCase("with TLS_PLAINTEXT", { encryption_info: { encryption_at_rest_kms_key_arn: "k", encryption_in_transit: { client_broker: "TLS_PLAINTEXT" } } }), mskCase("without in-cluster encryption", { encryption_info: { encryption_in_transit: { client_broker: "TLS", in_cluster: false } } })],
  },
  { rule: mskEncryptionAtRestKms, compliant: [mskCase("encrypted with the streaming key")], nonCompliant: [mskCase("with the AWS-managed key", { encryption_info: { encryption_in_transit: { client_broker: "TLS" } } })] },
  {
    rule: mskIamAuth,
    compliant: [mskCase("IAM auth only")],
    nonCompliant: [mskCase("with unauthenticated access", { client_authentication: { sasl: { iam: true }, unauthenticated: true } }), mskCase("without IAM auth", { client_authentication: { tls: {} } })],
  },
  { rule: mskNoPublicAccess, compliant: [mskCase("no public access")], nonCompliant: [mskCase("with public access", { broker_node_group_info: { connectivity_info: { public_access: { type: "SERVICE_PROVIDED_EIPS" } } } })] },
  { rule: mskLogging, compliant: [mskCase("broker logs to CloudWatch")], nonCompliant: [mskCase("without broker logs", { logging_info: undefined })] },
  {
    rule: mskconnectEncryptionInTransit,
    compliant: [{ name: "TLS and IAM", resources: one("aws_mskconnect_connector", "C", { name: "c", kafka_cluster_encryption_in_transit: { encryption_type: "TLS" }, kafka_cluster_client_authentication: { authentication_type: "IAM" } }), target: "aws_mskconnect_connector.C" }],
    nonCompliant: [{ name: "in plaintext", resources: one("aws_mskconnect_connector", "C", { name: "c", kafka_cluster_encryption_in_transit: { encryption_type: "PLAINTEXT" }, kafka_cluster_client_authentication: { authentication_type: "NONE" } }), target: "aws_mskconnect_connector.C" }],
  },
  {
    rule: emrSecurityConfiguration,
    compliant: [{ name: "a security configuration encrypting at rest and in transit", resources: merge(emr(), emrSec(true, true)), target: "aws_emr_cluster.E" }],
    nonCompliant: [
      { name: "without a security configuration", resources: emr({ security_configuration: undefined }), target: "aws_emr_cluster.E" },
      { name: "when in-transit encryption is off", resources: merge(emr(), emrSec(true, false)), target: "aws_emr_cluster.E" },
      {
        // Sec is a prefix of Sec2: the cluster's configuration is Sec2, whatever Sec says.
        name: "when the referenced configuration (Sec2) is off and one whose address is its prefix (Sec) is on",
        resources: merge(
          emr({ security_configuration: "${aws_emr_security_configuration.Sec2.name}" }),
          emrSec(true, true),
          one("aws_emr_security_configuration", "Sec2", { name: "rk-eu-spark-2", configuration: JSON.stringify({ EncryptionConfiguration: { EnableAtRestEncryption: true, EnableInTransitEncryption: false } }) }),
        ),
        target: "aws_emr_cluster.E",
      },
    ],
  },
  {
    rule: emrBlockPublicAccess,
    compliant: [{ name: "block public access on", resources: merge(emr(), emrBpa(true)), target: "aws_emr_cluster.E" }],
    nonCompliant: [
      { name: "without block public access", resources: emr(), target: "aws_emr_cluster.E" },
      { name: "with block public access off", resources: merge(emr(), emrBpa(false)), target: "aws_emr_cluster.E" },
    ],
  },
  { rule: opensearchInVpc, compliant: [searchCase("in the VPC")], nonCompliant: [searchCase("with a public endpoint", { vpc_options: undefined })] },
  { rule: opensearchEncryptionAtRest, compliant: [searchCase("encrypted with the search key")], nonCompliant: [searchCase("unencrypted", { encrypt_at_rest: { enabled: false } }), searchCase("with the AWS-managed key", { encrypt_at_rest: { enabled: true } })] },
  { rule: opensearchNodeToNode, compliant: [searchCase("node-to-node on")], nonCompliant: [searchCase("node-to-node off", { node_to_node_encryption: { enabled: false } })] },
  {
    rule: opensearchHttpsTls12,
    compliant: [searchCase("HTTPS with TLS 1.2")],
    nonCompliant: [searchCase("without enforced HTTPS", { domain_endpoint_options: { enforce_https: false, tls_security_policy: "Policy-Min-TLS-1-2-2019-07" } }), searchCase("with TLS 1.0", { domain_endpoint_options: { enforce_https: true, tls_security_policy: "Policy-Min-TLS-1-0-2019-07" } })],
  },
  { rule: opensearchFineGrainedAccess, compliant: [searchCase("fine-grained access on")], nonCompliant: [searchCase("without fine-grained access", { advanced_security_options: undefined })] },
  { rule: opensearchAuditLogs, compliant: [searchCase("audit and application logs")], nonCompliant: [searchCase("without audit logs", { log_publishing_options: [{ log_type: "ES_APPLICATION_LOGS", cloudwatch_log_group_arn: "b" }] })] },
  {
    rule: aossSecurityPolicies,
    compliant: [
      { name: "an encryption policy with a customer key", resources: one("aws_opensearchserverless_security_policy", "E", { name: "e", type: "encryption", policy: JSON.stringify({ Rules: [], AWSOwnedKey: false, KmsARN: "arn:aws:kms:eu-central-1:222222222222:key/k" }) }), target: "aws_opensearchserverless_security_policy.E" },
      { name: "a VPC-only network policy", resources: one("aws_opensearchserverless_security_policy", "N", { name: "n", type: "network", policy: JSON.stringify([{ Rules: [], AllowFromPublic: false, SourceVPCEs: ["vpce-1"] }]) }), target: "aws_opensearchserverless_security_policy.N" },
    ],
    nonCompliant: [
      { name: "with an AWS-owned key", resources: one("aws_opensearchserverless_security_policy", "E", { name: "e", type: "encryption", policy: JSON.stringify({ Rules: [], AWSOwnedKey: true }) }), target: "aws_opensearchserverless_security_policy.E" },
      { name: "with public network access", resources: one("aws_opensearchserverless_security_policy", "N", { name: "n", type: "network", policy: JSON.stringify([{ Rules: [], AllowFromPublic: true }]) }), target: "aws_opensearchserverless_security_policy.N" },
    ],
  },
  { rule: eksPrivateEndpoint, compliant: [eksCase("private endpoint only")], nonCompliant: [eksCase("with the public endpoint on", { endpoint_public_access: true }), eksCase("with the provider's default (public)", { endpoint_public_access: undefined })] },
  { rule: eksSecretsEncryption, compliant: [eksCase("secrets encrypted")], nonCompliant: [eksCase("without secrets encryption", {}, { encryption_config: undefined })] },
  { rule: eksControlPlaneLogs, compliant: [eksCase("all control-plane logs")], nonCompliant: [eksCase("without audit logs", {}, { enabled_cluster_log_types: ["api", "authenticator"] })] },
  {
    rule: kmsKeyRotation,
    compliant: [{ name: "rotation on", resources: one("aws_kms_key", "K", { enable_key_rotation: true }), target: "aws_kms_key.K" }],
    nonCompliant: [{ name: "rotation off", resources: one("aws_kms_key", "K", { enable_key_rotation: false }), target: "aws_kms_key.K" }],
  },
  {
    rule: dynamodbKms,
    compliant: [{ name: "a customer key", stack: "central", resources: one("aws_dynamodb_table", "T", { name: "t", server_side_encryption: { enabled: true, kms_key_arn: "${aws_kms_key.K.arn}" } }), target: "aws_dynamodb_table.T" }],
    nonCompliant: [{ name: "with the AWS-owned key", stack: "central", resources: one("aws_dynamodb_table", "T", { name: "t" }), target: "aws_dynamodb_table.T" }],
  },
  { rule: mwaaPrivateWebserver, compliant: [mwaaCase("a private web server")], nonCompliant: [mwaaCase("with a public web server", { webserver_access_mode: "PUBLIC_ONLY" })] },
  {
    rule: mwaaLogging,
    compliant: [mwaaCase("every log type and a key")],
    nonCompliant: [mwaaCase("without task logs", { logging_configuration: { ...mwaaLogs, task_logs: { enabled: false } } }), mwaaCase("without a customer key", { kms_key: undefined })],
  },
  { rule: vpcFlowLogs, compliant: [{ name: "a VPC with a flow log", resources: merge(vpc, flowLog), target: "aws_vpc.V" }], nonCompliant: [{ name: "a VPC without a flow log", resources: vpc, target: "aws_vpc.V" }] },
  {
    rule: vpcDefaultSgClosed,
    compliant: [{ name: "a locked default security group", resources: merge(vpc, defaultSg()), target: "aws_vpc.V" }],
    nonCompliant: [
      { name: "an unmanaged default security group", resources: vpc, target: "aws_vpc.V" },
      { name: "a default security group with ingress", resources: merge(vpc, defaultSg({ ingress: [{ protocol: "-1", from_port: 0, to_port: 0, self: true }], egress: [] })), target: "aws_vpc.V" },
    ],
  },
  {
    rule: iamNoAdminPolicy,
    compliant: [{ name: "named actions on named resources", resources: one("aws_iam_role_policy", "P", { role: "r", policy: policy([{ Effect: "Allow", Action: ["logs:PutLogEvents"], Resource: ["arn:aws:logs:eu-central-1:222222222222:log-group:x:*"] }]) }), target: "aws_iam_role_policy.P" }],
    nonCompliant: [
      { name: "with Action * on Resource *", resources: one("aws_iam_policy", "P", { policy: policy([{ Effect: "Allow", Action: "*", Resource: "*" }]) }), target: "aws_iam_policy.P" },
      { name: "in a role's inline policy", resources: one("aws_iam_role", "R", { assume_role_policy: "{}", inline_policy: [{ name: "i", policy: policy([{ Effect: "Allow", Action: ["*:*"], Resource: ["*"] }]) }] }), target: "aws_iam_role.R" },
      {
        name: "in an aws_iam_policy_document data source",
        resources: {},
        target: "data.aws_iam_policy_document.D",
        extra: { data: { aws_iam_policy_document: { D: { statement: [{ effect: "Allow", actions: ["*"], resources: ["*"] }] } } } },
      },
    ],
  },
  {
    rule: iamNoWildcardTrust,
    compliant: [{ name: "a service principal", resources: one("aws_iam_role", "R", { assume_role_policy: policy([{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }]) }), target: "aws_iam_role.R" }],
    nonCompliant: [
      { name: "with Principal *", resources: one("aws_iam_role", "R", { assume_role_policy: policy([{ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }]) }), target: "aws_iam_role.R" },
      { name: "with Principal AWS *", resources: one("aws_iam_role", "R", { assume_role_policy: policy([{ Effect: "Allow", Principal: { AWS: ["*"] }, Action: "sts:AssumeRole" }]) }), target: "aws_iam_role.R" },
    ],
  },
  {
    rule: logGroupKms,
    compliant: [{ name: "encrypted with the logs key", resources: one("aws_cloudwatch_log_group", "G", { name: "g", kms_key_id: "${aws_kms_key.Logs.arn}", retention_in_days: 365 }), target: "aws_cloudwatch_log_group.G" }],
    nonCompliant: [{ name: "unencrypted", resources: one("aws_cloudwatch_log_group", "G", { name: "g", retention_in_days: 365 }), target: "aws_cloudwatch_log_group.G" }],
  },
  {
    rule: logGroupRetention,
    compliant: [{ name: "kept a year", resources: one("aws_cloudwatch_log_group", "G", { name: "g", retention_in_days: 365 }), target: "aws_cloudwatch_log_group.G" }],
    nonCompliant: [
      { name: "kept a week", resources: one("aws_cloudwatch_log_group", "G", { name: "g", retention_in_days: 7 }), target: "aws_cloudwatch_log_group.G" },
      { name: "without retention", resources: one("aws_cloudwatch_log_group", "G", { name: "g" }), target: "aws_cloudwatch_log_group.G" },
    ],
  },
  {
    rule: launchTemplateImdsv2,
    compliant: [{ name: "IMDSv2 required", resources: one("aws_launch_template", "L", { image_id: "resolve:ssm:/aws/service/x", metadata_options: { http_tokens: "required" } }), target: "aws_launch_template.L" }],
    nonCompliant: [
      { name: "with IMDSv1 allowed", resources: one("aws_launch_template", "L", { metadata_options: { http_tokens: "optional" } }), target: "aws_launch_template.L" },
      { name: "without metadata options", resources: one("aws_instance", "I", { ami: "x" }), target: "aws_instance.I" },
    ],
  },
  {
    rule: secretsKms,
    compliant: [{ name: "encrypted with a regional key", resources: one("aws_secretsmanager_secret", "S", { name: "s", kms_key_id: "${aws_kms_key.Db.arn}" }), target: "aws_secretsmanager_secret.S" }],
    nonCompliant: [{ name: "with the AWS-managed key", resources: one("aws_secretsmanager_secret", "S", { name: "s" }), target: "aws_secretsmanager_secret.S" }],
  },
  {
    rule: securityGroupNoPublicIngress,
    compliant: [
      { name: "HTTPS from the VPC CIDR", resources: one("aws_security_group", "S", { vpc_id: "v", ingress: [{ protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: ["10.20.0.0/16"] }], egress: [] }), target: "aws_security_group.S" },
      { name: "an egress rule to anywhere", resources: one("aws_security_group_rule", "R", { type: "egress", security_group_id: "s", protocol: "-1", from_port: 0, to_port: 0, cidr_blocks: ["0.0.0.0/0"] }), target: "aws_security_group_rule.R" },
    ],
    nonCompliant: [
      { name: "with ingress from 0.0.0.0/0", resources: one("aws_security_group", "S", { vpc_id: "v", ingress: [{ protocol: "tcp", from_port: 5432, to_port: 5432, cidr_blocks: ["0.0.0.0/0"] }] }), target: "aws_security_group.S" },
      { name: "with an ingress rule from ::/0", resources: one("aws_vpc_security_group_ingress_rule", "I", { security_group_id: "s", ip_protocol: "tcp", from_port: 9098, to_port: 9098, cidr_ipv6: "::/0" }), target: "aws_vpc_security_group_ingress_rule.I" },
    ],
  },
];

runRuleCases("security", cases, ALL_RULES);
