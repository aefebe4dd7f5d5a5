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
        name: "a trust policy naming the central orchestrator role (central shares us's account)",
        resources: one("aws_iam_role", "R", {
          assume_role_policy: policy([{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:role/rk-central-orchestrator" }, Action: "sts:AssumeRole" }]),
        }),
        target: "aws_iam_role.R",
      },
      { name: "a provider block of this region", resources: {}, target: "provider" },
      { name: "a longer region code that only starts with another region's (us-west-22)", resources: one("aws_ssm_parameter", "S", { name: "/x", value: "zone us-west-22" }), target: "aws_ssm_parameter.S" },
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
    ],
    nonCompliant: [
      { name: "when the replica's source is in another jurisdiction", resources: one("aws_db_instance", "D", { replicate_source_db: "arn:aws:rds:us-west-2:111111111111:db:x" }), target: "aws_db_instance.D" },
      { name: "when a cluster joins a global database", resources: one("aws_rds_cluster", "C", { global_cluster_identifier: "g" }), target: "aws_rds_cluster.C" },
      { name: "when a global cluster exists", resources: one("aws_rds_global_cluster", "G", { global_cluster_identifier: "g" }), target: "aws_rds_global_cluster.G" },
    ],
  },
  {
    rule: kmsSingleRegion,
    compliant: [{ name: "a single-region key", resources: one("aws_kms_key", "K", { multi_region: false }), target: "aws_kms_key.K" }],
    nonCompliant: [
      { name: "when multi_region is true", resources: one("aws_kms_key", "K", { multi_region: true }), target: "aws_kms_key.K" },
      { name: "when a replica key exists", resources: one("aws_kms_replica_key", "R", { primary_key_arn: "arn:aws:kms:eu-central-1:222222222222:key/mrk-1" }), target: "aws_kms_replica_key.R" },
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
    nonCompliant: [{ name: "when a central resource is tagged as customer data", stack: "central", resources: one("aws_dynamodb_table", "T", { name: "t", tags: { "regionkit:data-class": "customer" } }), target: "aws_dynamodb_table.T" }],
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
      { name: "when a central role's inline policy reads regional secrets", stack: "central", resources: one("aws_iam_role", "R", { assume_role_policy: "{}", inline_policy: [{ name: "i", policy: policy([{ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "arn:aws:secretsmanager:ap-northeast-2:444444444444:secret:*" }]) }] }), target: "aws_iam_role.R" },
    ],
  },
];

runRuleCases("residency", cases, ALL_RULES);
