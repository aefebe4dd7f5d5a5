import { ALL_RULES } from "../../../guardrails/rules/index.js";
import { backupCopyInJurisdiction } from "../../../guardrails/rules/backup-copy-in-jurisdiction.js";
import { centralNoCustomerData } from "../../../guardrails/rules/central-no-customer-data.js";
import { centralNoRegionalDataAccess } from "../../../guardrails/rules/central-no-regional-data-access.js";
import { dynamodbReplicaInJurisdiction } from "../../../guardrails/rules/dynamodb-replica-in-jurisdiction.js";
import { emrLogUriInRegion } from "../../../guardrails/rules/emr-log-uri-in-region.js";
import { imageSnapshotCopyInJurisdiction } from "../../../guardrails/rules/image-snapshot-copy-in-jurisdiction.js";
import { kmsSingleRegion } from "../../../guardrails/rules/kms-single-region.js";
import { logDestinationInRegion } from "../../../guardrails/rules/log-destination-in-region.js";
import { mskReplicatorInJurisdiction } from "../../../guardrails/rules/msk-replicator-in-jurisdiction.js";
import { noCrossRegionPeering } from "../../../guardrails/rules/no-cross-region-peering.js";
import { noExternalDataSink } from "../../../guardrails/rules/no-external-data-sink.js";
import { noForeignRegionReference } from "../../../guardrails/rules/no-foreign-region-reference.js";
import { opensearchConnectionInJurisdiction } from "../../../guardrails/rules/opensearch-connection-in-jurisdiction.js";
import { rdsReplicaInJurisdiction } from "../../../guardrails/rules/rds-replica-in-jurisdiction.js";
import { resourceRegionInJurisdiction } from "../../../guardrails/rules/resource-region-in-jurisdiction.js";
import { s3LogDestinationInRegion } from "../../../guardrails/rules/s3-log-destination-in-region.js";
import { s3ReplicationInJurisdiction } from "../../../guardrails/rules/s3-replication-in-jurisdiction.js";
import { resourceTypeClassified } from "../../../guardrails/rules/resource-type-classified.js";
import { moverDestinationInJurisdiction } from "../../../guardrails/rules/mover-destination-in-jurisdiction.js";
import { principalInJurisdiction } from "../../../guardrails/rules/principal-in-jurisdiction.js";
import { crossBoundaryRoleCapability } from "../../../guardrails/rules/cross-boundary-role-capability.js";
import { warehouseSanitizedExportOnly } from "../../../guardrails/rules/warehouse-sanitized-export-only.js";
import { cdcKubernetesAllowlist } from "../../../guardrails/rules/cdc-kubernetes-allowlist.js";
import { merge, one, runRuleCases, type RuleCases } from "../fixtures.js";

// data-eu: eu-central-1 (primary) and eu-west-1 (backup), account 222222222222; other regions are
// us (us-west-2/us-east-2, 111111111111), jp (ap-northeast-1/-3, 333333333333), kr (ap-northeast-2, 444444444444).
const euBucket = one("aws_s3_bucket", "Raw", { bucket: "rk-eu-lake-raw-222222222222" });
const euBackupBucket = one("aws_s3_bucket", "RawBackup", { bucket: "rk-eu-lake-raw-backup-222222222222", provider: "aws.backup" });
const usBucket = one("aws_s3_bucket", "Elsewhere", { bucket: "rk-us-lake-raw-111111111111", region: "us-west-2" });
const replication = (bucket: string, key?: string) =>
  one("aws_s3_bucket_replication_configuration", "R", {
    bucket: "${aws_s3_bucket.Raw.id}",
    role: "${aws_iam_role.Repl.arn}",
    rule: [{ id: "all", status: "Enabled", destination: { bucket, ...(key ? { encryption_configuration: { replica_kms_key_id: key } } : {}) } }],
  });
/** An Aurora global database of this stack: the primary on the default provider, a secondary on `provider`. */
const globalDatabase = (provider: string) =>
  merge(
    one("aws_rds_global_cluster", "G", { global_cluster_identifier: "rk-eu-global", engine: "aurora-postgresql" }),
    one("aws_rds_cluster", "Primary", { cluster_identifier: "rk-eu-a", global_cluster_identifier: "${aws_rds_global_cluster.G.id}" }),
    one("aws_rds_cluster", "Secondary", { provider, cluster_identifier: "rk-eu-b", global_cluster_identifier: "rk-eu-global" }),
  );
/** A multi-region key of this stack and a replica of it on `provider`. */
const replicatedKey = (provider: string) => merge(one("aws_kms_key", "K", { multi_region: true }), one("aws_kms_replica_key", "R", { provider, primary_key_arn: "${aws_kms_key.K.arn}" }));
const policy = (statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

const cases: RuleCases[] = [
  {
    rule: resourceRegionInJurisdiction,
    compliant: [
      { name: "a resource on the default provider", resources: euBucket, target: "aws_s3_bucket.Raw" },
      { name: "a resource on the backup provider (same jurisdiction)", resources: euBackupBucket, target: "aws_s3_bucket.RawBackup" },
      { name: "a central resource in the central home region", stack: "central", resources: one("aws_s3_bucket", "C", { bucket: "c" }), target: "aws_s3_bucket.C" },
    ],
    nonCompliant: [
      { name: "when its own region argument is another jurisdiction's", resources: usBucket, target: "aws_s3_bucket.Elsewhere" },
      { name: "when its region argument is a variable", resources: one("aws_sqs_queue", "Q", { region: "${var.region}" }), target: "aws_sqs_queue.Q" },
      {
        name: "when its provider alias points outside the jurisdiction",
        resources: one("aws_s3_bucket", "X", { bucket: "x", provider: "aws.far" }),
        target: "aws_s3_bucket.X",
        extra: { provider: { aws: [{ region: "eu-central-1" }, { alias: "far", region: "us-east-1" }] } },
      },
    ],
  },
  {
    rule: noForeignRegionReference,
    compliant: [
      {
        name: "a policy naming only this region",
        resources: one("aws_iam_policy", "P", { policy: policy([{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::rk-eu-lake-raw-222222222222/*" }]) }),
        target: "aws_iam_policy.P",
      },
      {
        name: "the orchestrator-access trust naming the central orchestrator role (its trust is judged by RK-RES-021)",
        resources: one("aws_iam_role", "R", {
          name: "rk-eu-orchestrator-access",
          assume_role_policy: policy([{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:role/rk-central-orchestrator" }, Action: "sts:AssumeRole" }]),
        }),
        target: "aws_iam_role.R",
      },
      { name: "a provider block of this region", resources: {}, target: "provider" },
      { name: "another region named in a description (prose)", resources: one("aws_ssm_parameter", "S", { name: "/x", value: "v", description: "mirrors the us-east-1 runbook" }), target: "aws_ssm_parameter.S" },
      { name: "a longer number that starts with another region's account id", resources: one("aws_ssm_parameter", "S", { name: "/x", value: "order 4444444444449" }), target: "aws_ssm_parameter.S" },
      { name: "another region's code inside a longer word (xus-west-2)", resources: one("aws_ssm_parameter", "S", { name: "/x", value: "xus-west-2" }), target: "aws_ssm_parameter.S" },
    ],
    nonCompliant: [
      {
        name: "when a policy JSON names another region's ARN",
        resources: one("aws_iam_policy", "P", { policy: policy([{ Effect: "Allow", Action: "kafka-cluster:*", Resource: "arn:aws:kafka:ap-northeast-1:333333333333:cluster/x/y" }]) }),
        target: "aws_iam_policy.P",
      },
      { name: "when a string names another region's AWS region code", resources: one("aws_ssm_parameter", "S", { name: "/x", value: "https://sqs.us-east-2.amazonaws.com/q" }), target: "aws_ssm_parameter.S" },
      { name: "when a region code is outside the catalog (us-west-22)", resources: one("aws_ssm_parameter", "S", { name: "/x", value: "zone us-west-22" }), target: "aws_ssm_parameter.S" },
      { name: "when an upper-case code hides in a Kafka bootstrap", resources: one("aws_ssm_parameter", "S", { name: "/x", value: "b-1.x.kafka.US-EAST-1.amazonaws.com:9098" }), target: "aws_ssm_parameter.S" },
      { name: "when a JSON policy hides a code in \\u escapes", resources: one("aws_iam_policy", "P", { policy: '{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:sqs:\\u0075s-east-1:222222222222:q"}]}' }), target: "aws_iam_policy.P" },
      { name: "when the backend is in another region", resources: {}, target: "terraform", extra: { terraform: { backend: { s3: { bucket: "b", key: "k", region: "us-east-1" } } } } },
      { name: "when a string names another region's availability zone (us-west-2a)", resources: one("aws_ssm_parameter", "S", { name: "/x", value: "us-west-2a" }), target: "aws_ssm_parameter.S" },
      {
        name: "when a state bucket name ends in another region's account and code",
        stack: "data-jp",
        resources: one("aws_ssm_parameter", "S", { name: "/x", value: "rk-tfstate-222222222222-eu-central-1" }),
        target: "aws_ssm_parameter.S",
      },
      { name: "when a string names another region's account id", resources: one("aws_sns_topic", "T", { name: "t", delivery_policy: "owner 444444444444" }), target: "aws_sns_topic.T" },
      { name: "when a string names another region's lake bucket", resources: one("aws_ssm_parameter", "S", { name: "/x", value: "s3://rk-kr-lake-raw-444444444444/x" }), target: "aws_ssm_parameter.S" },
      {
        name: "when an output names another region",
        resources: {},
        target: "output",
        extra: { output: { o: { value: "arn:aws:s3:::rk-jp-lake-lake-333333333333" } } },
      },
    ],
  },
  {
    rule: s3ReplicationInJurisdiction,
    compliant: [
      { name: "replication to the backup-region bucket with a backup-region key", resources: merge(euBucket, euBackupBucket, replication("${aws_s3_bucket.RawBackup.arn}", "arn:aws:kms:eu-west-1:222222222222:key/k")), target: "aws_s3_bucket_replication_configuration.R" },
      { name: "replication to the backup bucket named by ARN", resources: merge(euBucket, euBackupBucket, replication("arn:aws:s3:::rk-eu-lake-raw-backup-222222222222")), target: "aws_s3_bucket_replication_configuration.R" },
    ],
    nonCompliant: [
      { name: "when replicating to a bucket in another jurisdiction", resources: merge(euBucket, usBucket, replication("${aws_s3_bucket.Elsewhere.arn}")), target: "aws_s3_bucket_replication_configuration.R" },
      { name: "when replicating to a bucket the stack cannot place", resources: merge(euBucket, replication("arn:aws:s3:::someone-elses-bucket")), target: "aws_s3_bucket_replication_configuration.R" },
      { name: "when the replica key is in another region", resources: merge(euBucket, euBackupBucket, replication("${aws_s3_bucket.RawBackup.arn}", "arn:aws:kms:us-east-1:222222222222:key/k")), target: "aws_s3_bucket_replication_configuration.R" },
    ],
  },
  {
    rule: s3LogDestinationInRegion,
    compliant: [
      { name: "access logs to the region's logs bucket", resources: merge(euBucket, one("aws_s3_bucket", "Logs", { bucket: "rk-eu-lake-logs-222222222222" }), one("aws_s3_bucket_logging", "L", { bucket: "${aws_s3_bucket.Raw.id}", target_bucket: "${aws_s3_bucket.Logs.id}" })), target: "aws_s3_bucket_logging.L" },
      { name: "inventory to the region's logs bucket by name", resources: one("aws_s3_bucket_inventory", "I", { bucket: "x", destination: { bucket: { bucket_arn: "arn:aws:s3:::rk-eu-lake-logs-222222222222", format: "CSV" } } }), target: "aws_s3_bucket_inventory.I" },
    ],
    nonCompliant: [
      { name: "when access logs go to an unknown bucket", resources: one("aws_s3_bucket_logging", "L", { bucket: "x", target_bucket: "central-log-archive" }), target: "aws_s3_bucket_logging.L" },
      { name: "when inventory goes to another region's bucket", resources: merge(usBucket, one("aws_s3_bucket_inventory", "I", { bucket: "x", destination: { bucket: { bucket_arn: "${aws_s3_bucket.Elsewhere.arn}" } } })), target: "aws_s3_bucket_inventory.I" },
    ],
  },
  {
    rule: dynamodbReplicaInJurisdiction,
    compliant: [{ name: "a replica in the backup region", resources: one("aws_dynamodb_table", "T", { name: "t", replica: [{ region_name: "eu-west-1" }] }), target: "aws_dynamodb_table.T" }],
    nonCompliant: [
      { name: "when a replica is in another jurisdiction", resources: one("aws_dynamodb_table", "T", { name: "t", replica: [{ region_name: "eu-west-1" }, { region_name: "us-east-1" }] }), target: "aws_dynamodb_table.T" },
      { name: "when restoring from another region's table", resources: one("aws_dynamodb_table", "T", { name: "t", restore_source_table_arn: "arn:aws:dynamodb:us-west-2:111111111111:table/x" }), target: "aws_dynamodb_table.T" },
    ],
  },
  {
    rule: rdsReplicaInJurisdiction,
    compliant: [
      { name: "backup replication into the backup region", resources: one("aws_db_instance_automated_backups_replication", "B", { provider: "aws.backup", source_db_instance_arn: "arn:aws:rds:eu-central-1:222222222222:db:rk-eu-shard-001", kms_key_id: "arn:aws:kms:eu-west-1:222222222222:key/k" }), target: "aws_db_instance_automated_backups_replication.B" },
      { name: "a same-region read replica by ARN", resources: one("aws_db_instance", "D", { replicate_source_db: "arn:aws:rds:eu-central-1:222222222222:db:x" }), target: "aws_db_instance.D" },
      { name: "a global database of this stack with members in the primary and backup regions", resources: globalDatabase("aws.backup"), target: "aws_rds_global_cluster.G" },
      { name: "a member joining this stack's global database by its identifier", resources: globalDatabase("aws.backup"), target: "aws_rds_cluster.Secondary" },
    ],
    nonCompliant: [
      { name: "when the replica's source is in another jurisdiction", resources: one("aws_db_instance", "D", { replicate_source_db: "arn:aws:rds:us-west-2:111111111111:db:x" }), target: "aws_db_instance.D" },
      { name: "when a cluster joins a global database this stack does not define", resources: one("aws_rds_cluster", "C", { global_cluster_identifier: "g" }), target: "aws_rds_cluster.C" },
      {
        name: "when a global database has a member in another jurisdiction",
        resources: globalDatabase("aws.far"),
        extra: { provider: { aws: [{ region: "eu-central-1" }, { alias: "backup", region: "eu-west-1" }, { alias: "far", region: "us-east-1" }] } },
        target: "aws_rds_global_cluster.G",
      },
    ],
  },
  {
    rule: kmsSingleRegion,
    compliant: [
      { name: "a single-region key", resources: one("aws_kms_key", "K", { multi_region: false }), target: "aws_kms_key.K" },
      { name: "a multi-region key replicated into the backup region", resources: replicatedKey("aws.backup"), target: "aws_kms_key.K" },
      { name: "a replica key in the backup region of this stack's key", resources: replicatedKey("aws.backup"), target: "aws_kms_replica_key.R" },
      { name: "a replica key of the own account's key in the primary region", resources: one("aws_kms_replica_key", "R", { provider: "aws.backup", primary_key_arn: "arn:aws:kms:eu-central-1:222222222222:key/mrk-1" }), target: "aws_kms_replica_key.R" },
    ],
    nonCompliant: [
      {
        name: "when a multi-region key is replicated into another jurisdiction",
        resources: replicatedKey("aws.far"),
        extra: { provider: { aws: [{ region: "eu-central-1" }, { alias: "backup", region: "eu-west-1" }, { alias: "far", region: "us-east-1" }] } },
        target: "aws_kms_key.K",
      },
      { name: "when a multi-region key has no replica declared in the stack", resources: one("aws_kms_key", "K", { multi_region: true }), target: "aws_kms_key.K" },
      { name: "when a replica key's primary is another jurisdiction's", resources: one("aws_kms_replica_key", "R", { provider: "aws.backup", primary_key_arn: "arn:aws:kms:us-west-2:111111111111:key/mrk-1" }), target: "aws_kms_replica_key.R" },
      { name: "when a replica key's primary is a variable", resources: one("aws_kms_replica_key", "R", { provider: "aws.backup", primary_key_arn: "${var.primary}" }), target: "aws_kms_replica_key.R" },
    ],
  },
  {
    rule: backupCopyInJurisdiction,
    compliant: [{ name: "a copy to a backup-region vault", resources: one("aws_backup_plan", "P", { name: "p", rule: [{ rule_name: "r", target_vault_name: "v", copy_action: [{ destination_vault_arn: "arn:aws:backup:eu-west-1:222222222222:backup-vault:v" }] }] }), target: "aws_backup_plan.P" }],
    nonCompliant: [{ name: "when copying to a vault in another jurisdiction", resources: one("aws_backup_plan", "P", { name: "p", rule: [{ rule_name: "r", target_vault_name: "v", copy_action: [{ destination_vault_arn: "arn:aws:backup:us-east-1:222222222222:backup-vault:v" }] }] }), target: "aws_backup_plan.P" }],
  },
  {
    rule: imageSnapshotCopyInJurisdiction,
    compliant: [{ name: "an AMI copied from the primary region", resources: one("aws_ami_copy", "A", { source_ami_id: "ami-1", source_ami_region: "eu-central-1", provider: "aws.backup" }), target: "aws_ami_copy.A" }],
    nonCompliant: [
      { name: "when an AMI is copied from another jurisdiction", resources: one("aws_ami_copy", "A", { source_ami_id: "ami-1", source_ami_region: "us-east-1" }), target: "aws_ami_copy.A" },
      { name: "when a DB snapshot is copied to another jurisdiction", resources: one("aws_db_snapshot_copy", "S", { source_db_snapshot_identifier: "arn:aws:rds:eu-central-1:222222222222:snapshot:s", destination_region: "ap-northeast-1" }), target: "aws_db_snapshot_copy.S" },
    ],
  },
  {
    rule: mskReplicatorInJurisdiction,
    compliant: [{ name: "replication to the backup region", resources: one("aws_msk_replicator", "R", { kafka_cluster: [{ amazon_msk_cluster: { msk_cluster_arn: "arn:aws:kafka:eu-central-1:222222222222:cluster/a/1" } }, { amazon_msk_cluster: { msk_cluster_arn: "arn:aws:kafka:eu-west-1:222222222222:cluster/b/2" } }] }), target: "aws_msk_replicator.R" }],
    nonCompliant: [{ name: "when the target cluster is in another jurisdiction", resources: one("aws_msk_replicator", "R", { kafka_cluster: [{ amazon_msk_cluster: { msk_cluster_arn: "arn:aws:kafka:eu-central-1:222222222222:cluster/a/1" } }, { amazon_msk_cluster: { msk_cluster_arn: "arn:aws:kafka:us-east-1:222222222222:cluster/b/2" } }] }), target: "aws_msk_replicator.R" }],
  },
  {
    rule: opensearchConnectionInJurisdiction,
    compliant: [{ name: "a connection to a backup-region domain of the same account", resources: one("aws_opensearch_outbound_connection", "C", { connection_alias: "c", local_domain_info: { domain_name: "a", owner_id: "222222222222", region: "eu-central-1" }, remote_domain_info: { domain_name: "b", owner_id: "222222222222", region: "eu-west-1" } }), target: "aws_opensearch_outbound_connection.C" }],
    nonCompliant: [
      { name: "when the remote domain is in another jurisdiction", resources: one("aws_opensearch_outbound_connection", "C", { remote_domain_info: { domain_name: "b", owner_id: "222222222222", region: "us-west-2" } }), target: "aws_opensearch_outbound_connection.C" },
      { name: "when the remote domain is another account's", resources: one("aws_opensearch_outbound_connection", "C", { remote_domain_info: { domain_name: "b", owner_id: "999999999999", region: "eu-west-1" } }), target: "aws_opensearch_outbound_connection.C" },
    ],
  },
  {
    rule: emrLogUriInRegion,
    compliant: [
      { name: "logs to the region's logs bucket", resources: one("aws_emr_cluster", "E", { name: "e", log_uri: "s3://rk-eu-lake-logs-222222222222/emr/" }), target: "aws_emr_cluster.E" },
      { name: "logs to an in-stack bucket by reference", resources: merge(euBucket, one("aws_emr_cluster", "E", { name: "e", log_uri: "s3://${aws_s3_bucket.Raw.bucket}/emr/" })), target: "aws_emr_cluster.E" },
    ],
    nonCompliant: [{ name: "when logs go to another region's bucket", resources: one("aws_emr_cluster", "E", { name: "e", log_uri: "s3://rk-us-lake-logs-111111111111/emr/" }), target: "aws_emr_cluster.E" }],
  },
  {
    rule: logDestinationInRegion,
    compliant: [
      { name: "a subscription to an in-region stream", resources: one("aws_cloudwatch_log_subscription_filter", "S", { name: "s", log_group_name: "g", filter_pattern: "", destination_arn: "arn:aws:kinesis:eu-central-1:222222222222:stream/s" }), target: "aws_cloudwatch_log_subscription_filter.S" },
      { name: "a Firehose into an in-stack bucket", resources: merge(euBucket, one("aws_kinesis_firehose_delivery_stream", "F", { name: "f", destination: "extended_s3", extended_s3_configuration: { bucket_arn: "${aws_s3_bucket.Raw.arn}", role_arn: "r" } })), target: "aws_kinesis_firehose_delivery_stream.F" },
    ],
    nonCompliant: [
      { name: "when a subscription points to another region", resources: one("aws_cloudwatch_log_subscription_filter", "S", { name: "s", log_group_name: "g", filter_pattern: "", destination_arn: "arn:aws:logs:us-east-1:222222222222:destination:d" }), target: "aws_cloudwatch_log_subscription_filter.S" },
      { name: "when a Firehose writes to an unknown bucket", resources: one("aws_kinesis_firehose_delivery_stream", "F", { name: "f", destination: "extended_s3", extended_s3_configuration: { bucket_arn: "arn:aws:s3:::somewhere", role_arn: "r" } }), target: "aws_kinesis_firehose_delivery_stream.F" },
    ],
  },
  {
    rule: noCrossRegionPeering,
    compliant: [{ name: "a same-region, same-account peering", resources: one("aws_vpc_peering_connection", "P", { vpc_id: "a", peer_vpc_id: "b", peer_owner_id: "222222222222" }), target: "aws_vpc_peering_connection.P" }],
    nonCompliant: [
      { name: "when peering to another region", resources: one("aws_vpc_peering_connection", "P", { vpc_id: "a", peer_vpc_id: "b", peer_region: "us-west-2" }), target: "aws_vpc_peering_connection.P" },
      { name: "when peering to another account", resources: one("aws_vpc_peering_connection", "P", { vpc_id: "a", peer_vpc_id: "b", peer_owner_id: "333333333333" }), target: "aws_vpc_peering_connection.P" },
    ],
  },
  {
    rule: noExternalDataSink,
    compliant: [{ name: "a Debezium source connector", resources: one("aws_mskconnect_connector", "C", { name: "rk-eu-cdc-001", connector_configuration: { "connector.class": "io.debezium.connector.postgresql.PostgresConnector" } }), target: "aws_mskconnect_connector.C" }],
    nonCompliant: [
      { name: "when a Snowflake sink is not the event sink", resources: one("aws_mskconnect_connector", "C", { name: "rk-eu-lake-export", connector_configuration: { "connector.class": "com.snowflake.kafka.connector.SnowflakeSinkConnector" } }), target: "aws_mskconnect_connector.C" },
      { name: "when a Firehose delivers to an HTTP endpoint", resources: one("aws_kinesis_firehose_delivery_stream", "F", { name: "f", destination: "http_endpoint", http_endpoint_configuration: { url: "https://example.com" } }), target: "aws_kinesis_firehose_delivery_stream.F" },
    ],
  },
  {
    rule: centralNoCustomerData,
    compliant: [{ name: "a central bucket with central default tags", stack: "central", resources: one("aws_s3_bucket", "C", { bucket: "c" }), target: "aws_s3_bucket.C" }],
    nonCompliant: [
      { name: "when a central resource is tagged as customer data", stack: "central", resources: one("aws_dynamodb_table", "T", { name: "t", tags: { "regionkit:data-class": "customer" } }), target: "aws_dynamodb_table.T" },
      { name: "when the edge stores data (an R2 bucket)", stack: "edge", resources: one("cloudflare_r2_bucket", "B", { account_id: "abc", name: "cache" }), target: "cloudflare_r2_bucket.B" },
      { name: "when central places a customer-data store (a database)", stack: "central", resources: one("aws_db_instance", "D", { identifier: "rk-central-db" }), target: "aws_db_instance.D" },
    ],
  },
  {
    rule: centralNoRegionalDataAccess,
    compliant: [
      {
        name: "an orchestrator policy that submits EMR steps to every region",
        stack: "central",
        resources: one("aws_iam_role_policy", "P", { role: "r", policy: policy([{ Effect: "Allow", Action: ["elasticmapreduce:AddJobFlowSteps"], Resource: ["arn:aws:elasticmapreduce:eu-central-1:222222222222:cluster/*"] }, { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::rk-central-config-111111111111/*" }]) }),
        target: "aws_iam_role_policy.P",
      },
    ],
    nonCompliant: [
      { name: "when a central policy reads a regional lake bucket", stack: "central", resources: one("aws_iam_policy", "P", { policy: policy([{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::rk-eu-lake-sanitized-222222222222/*" }]) }), target: "aws_iam_policy.P" },
      { name: "when a central policy allows s3:* on every bucket", stack: "central", resources: one("aws_iam_policy", "P", { policy: policy([{ Effect: "Allow", Action: "s3:*", Resource: "*" }]) }), target: "aws_iam_policy.P" },
      { name: "when a central policy may decrypt with a regional key", stack: "central", resources: one("aws_iam_policy", "P", { policy: policy([{ Effect: "Allow", Action: "kms:Decrypt", Resource: "arn:aws:kms:eu-central-1:222222222222:key/*" }]) }), target: "aws_iam_policy.P" },
      { name: "when NotResource leaves the regional logs zone reachable", stack: "central", resources: one("aws_iam_policy", "P", { policy: policy([{ Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::rk-central-config-111111111111/*" }]) }), target: "aws_iam_policy.P" },
      { name: "when central may assume any role of a regional account", stack: "central", resources: one("aws_iam_policy", "P", { policy: policy([{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::222222222222:role/*" }]) }), target: "aws_iam_policy.P" },
      { name: "when a central role's inline policy reads regional secrets", stack: "central", resources: one("aws_iam_role", "R", { assume_role_policy: "{}", inline_policy: [{ name: "i", policy: policy([{ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "arn:aws:secretsmanager:ap-northeast-2:444444444444:secret:*" }]) }] }), target: "aws_iam_role.R" },
    ],
  },
  {
    rule: resourceTypeClassified,
    compliant: [
      {
        name: "an edge worker routing to the regions' endpoints (edge holds no data)",
        stack: "edge",
        resources: one("cloudflare_workers_script", "W", { account_id: "abc", name: "router", content: "const EU = 'https://eu.api.example.com'; const US = 'https://rk-us.execute-api.us-west-2.amazonaws.com';" }),
        target: "cloudflare_workers_script.W",
      },
      { name: "a classified type in its kind of stack", resources: euBucket, target: "aws_s3_bucket.Raw" },
      { name: "a pre-classified type colleagues are adding (SNS topic)", resources: one("aws_sns_topic", "T", { name: "rk-eu-alerts" }), target: "aws_sns_topic.T" },
    ],
    nonCompliant: [
      { name: "when a type is not in the catalog", resources: one("aws_appflow_flow", "F", { name: "f" }), target: "aws_appflow_flow.F" },
      { name: "when a type is classified for another kind of stack (Kubernetes in data-<id>)", resources: one("kubernetes_manifest", "M", { manifest: { kind: "ConfigMap" } }), target: "kubernetes_manifest.M" },
    ],
  },
  {
    rule: moverDestinationInJurisdiction,
    compliant: [
      { name: "an SNS subscription to an in-region queue of the region", resources: one("aws_sns_topic_subscription", "S", { topic_arn: "arn:aws:sns:eu-central-1:222222222222:t", protocol: "sqs", endpoint: "arn:aws:sqs:eu-central-1:222222222222:rk-eu-q" }), target: "aws_sns_topic_subscription.S" },
      { name: "an EventBridge target in the backup region", resources: one("aws_cloudwatch_event_target", "T", { rule: "r", arn: "arn:aws:events:eu-west-1:222222222222:event-bus/rk-eu-b" }), target: "aws_cloudwatch_event_target.T" },
    ],
    nonCompliant: [
      { name: "when a destination is an in-account queue the stack does not define (a hidden next hop)", resources: one("aws_sns_topic_subscription", "S", { topic_arn: "arn:aws:sns:eu-central-1:222222222222:t", protocol: "sqs", endpoint: "arn:aws:sqs:eu-central-1:222222222222:q" }), target: "aws_sns_topic_subscription.S" },
      { name: "when a destination is a variable", resources: one("aws_cloudwatch_event_target", "T", { rule: "r", arn: "${var.target_arn}" }), target: "aws_cloudwatch_event_target.T" },
      { name: "when an Athena workgroup writes to an unknown bucket", resources: one("aws_athena_workgroup", "W", { name: "w", configuration: { result_configuration: { output_location: "s3://analytics-results/q/" } } }), target: "aws_athena_workgroup.W" },
      { name: "when a model id is a cross-region inference profile", resources: one("aws_bedrock_inference_profile", "P", { name: "p", model_source: { copy_from: "arn:aws:bedrock:eu-central-1:222222222222:inference-profile/eu.anthropic.claude-3-5-sonnet-20240620-v1:0" } }), target: "aws_bedrock_inference_profile.P" },
    ],
  },
  {
    rule: principalInJurisdiction,
    compliant: [
      { name: "a bucket policy granting a role of this account", resources: one("aws_s3_bucket_policy", "P", { bucket: "b", policy: policy([{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:role/rk-eu-x" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::rk-eu-lake-raw-222222222222/*" }]) }), target: "aws_s3_bucket_policy.P" },
      { name: "Principal * bounded to this account", resources: one("aws_s3_bucket_policy", "P", { bucket: "b", policy: policy([{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::rk-eu-lake-raw-222222222222/*", Condition: { StringEquals: { "aws:PrincipalAccount": "222222222222" } } }]) }), target: "aws_s3_bucket_policy.P" },
    ],
    nonCompliant: [
      { name: "when Principal * is bounded only by an organisation", resources: one("aws_s3_bucket_policy", "P", { bucket: "b", policy: policy([{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::rk-eu-lake-raw-222222222222/*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc" } } }]) }), target: "aws_s3_bucket_policy.P" },
      { name: "when a KMS grant names a central role", resources: one("aws_kms_grant", "G", { key_id: "k", grantee_principal: "arn:aws:iam::111111111111:role/rk-central-airflow-execution", operations: ["Decrypt"] }), target: "aws_kms_grant.G" },
      { name: "when a trust policy trusts a variable", resources: one("aws_iam_role", "R", { name: "rk-eu-helper", assume_role_policy: policy([{ Effect: "Allow", Principal: { AWS: "${var.partner}" }, Action: "sts:AssumeRole" }]) }), target: "aws_iam_role.R" },
    ],
  },
  {
    rule: crossBoundaryRoleCapability,
    compliant: [
      {
        name: "warehouse-read reading only the sanitized export",
        resources: merge(
          one("aws_s3_bucket", "Sanitized", { bucket: "rk-eu-lake-sanitized-222222222222" }),
          one("aws_iam_role", "W", { name: "rk-eu-warehouse-read", assume_role_policy: policy([{ Effect: "Allow", Principal: { AWS: "${var.warehouse_principal_arn}" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": "rk-eu-warehouse-222222222222" } } }]) }),
          one("aws_iam_role_policy", "WP", { role: "${aws_iam_role.W.id}", policy: policy([{ Effect: "Allow", Action: ["s3:GetObject"], Resource: "${aws_s3_bucket.Sanitized.arn}/export/*" }]) }),
        ),
        target: "aws_iam_role.W",
      },
    ],
    nonCompliant: [
      {
        name: "when warehouse-read may read the raw lake",
        resources: merge(
          one("aws_iam_role", "W", { name: "rk-eu-warehouse-read", assume_role_policy: policy([{ Effect: "Allow", Principal: { AWS: "${var.warehouse_principal_arn}" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": "rk-eu-warehouse-222222222222" } } }]) }),
          one("aws_iam_role_policy", "WP", { role: "${aws_iam_role.W.id}", policy: policy([{ Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::rk-eu-lake-raw-222222222222/*" }]) }),
        ),
        target: "aws_iam_role.W",
      },
      {
        name: "when orchestrator-access may do more than EMR steps",
        resources: merge(
          one("aws_iam_role", "O", { name: "rk-eu-orchestrator-access", assume_role_policy: policy([{ Effect: "Allow", Principal: { AWS: "${var.orchestrator_principal_arn}" }, Action: "sts:AssumeRole" }]) }),
          one("aws_iam_role_policy", "OP", { role: "${aws_iam_role.O.id}", policy: policy([{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }]) }),
        ),
        target: "aws_iam_role.O",
      },
    ],
  },
  {
    rule: warehouseSanitizedExportOnly,
    compliant: [{ name: "a stage over a region's sanitized export", stack: "warehouse", resources: one("snowflake_stage", "S", { name: "S", database: "D", schema: "S", url: "s3://rk-eu-lake-sanitized-222222222222/export/" }), target: "snowflake_stage.S" }],
    nonCompliant: [
      { name: "when a stage reads the raw lake", stack: "warehouse", resources: one("snowflake_stage", "S", { name: "S", database: "D", schema: "S", url: "s3://rk-eu-lake-raw-222222222222/" }), target: "snowflake_stage.S" },
      { name: "when an integration allows every location", stack: "warehouse", resources: one("snowflake_storage_integration", "I", { name: "I", type: "EXTERNAL_STAGE", storage_provider: "S3", storage_allowed_locations: ["*"], storage_aws_role_arn: "arn:aws:iam::222222222222:role/rk-eu-warehouse-read" }), target: "snowflake_storage_integration.I" },
    ],
  },
  {
    rule: cdcKubernetesAllowlist,
    compliant: [{ name: "a Strimzi KafkaTopic", stack: "cdc-eu", resources: one("kubernetes_manifest", "T", { manifest: { apiVersion: "kafka.strimzi.io/v1beta2", kind: "KafkaTopic", metadata: { name: "eu-x" }, spec: { topicName: "eu.x" } } }), target: "kubernetes_manifest.T" }],
    nonCompliant: [
      { name: "when a MirrorMaker2 replicates the cluster", stack: "cdc-eu", resources: one("kubernetes_manifest", "M", { manifest: { apiVersion: "kafka.strimzi.io/v1beta2", kind: "KafkaMirrorMaker2", metadata: { name: "mm2" }, spec: {} } }), target: "kubernetes_manifest.M" },
      { name: "when a connector uses another class", stack: "cdc-eu", resources: one("kubernetes_manifest", "C", { manifest: { apiVersion: "kafka.strimzi.io/v1beta2", kind: "KafkaConnector", metadata: { name: "c" }, spec: { class: "io.confluent.connect.s3.S3SinkConnector", config: { topics: "eu.cdc.block" } } } }), target: "kubernetes_manifest.C" },
    ],
  },
];

runRuleCases("residency", cases, ALL_RULES);
