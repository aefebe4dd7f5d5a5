/**
 * Resource types that hold data or whose loss loses data (a KMS key makes everything it encrypted
 * unreadable). Aurora cluster instances are not listed: their data lives in the cluster volume.
 * The one list: `prevent_destroy` (RK-DL-001), the destroy guard and the report's "stateful
 * removals" all read it.
 */
export const STATEFUL_TYPES: ReadonlySet<string> = new Set([
  "aws_s3_bucket",
  "aws_db_instance",
  "aws_rds_cluster",
  "aws_kms_key",
  "aws_dynamodb_table",
  "aws_msk_cluster",
  "aws_msk_serverless_cluster",
  "aws_opensearch_domain",
  "aws_elasticsearch_domain",
  "aws_opensearchserverless_collection",
  "aws_eks_cluster",
  "aws_secretsmanager_secret",
  "aws_efs_file_system",
  "aws_ebs_volume",
  "aws_backup_vault",
  "aws_kinesis_stream",
  "aws_sqs_queue",
  "aws_elasticache_replication_group",
  "aws_redshift_cluster",
  "aws_glue_catalog_database",
  "snowflake_database",
  "snowflake_schema",
  "snowflake_table",
]);

export const isStateful = (type: string): boolean => STATEFUL_TYPES.has(type);
