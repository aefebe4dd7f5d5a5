import { ALL_RULES } from "../../../guardrails/rules/index.js";
import { backupRetention } from "../../../guardrails/rules/backup-retention.js";
import { deletionProtection } from "../../../guardrails/rules/deletion-protection.js";
import { dynamodbPitr } from "../../../guardrails/rules/dynamodb-pitr.js";
import { finalSnapshot } from "../../../guardrails/rules/final-snapshot.js";
import { kmsDeletionWindow } from "../../../guardrails/rules/kms-deletion-window.js";
import { preventDestroy } from "../../../guardrails/rules/prevent-destroy.js";
import { s3NoForceDestroy } from "../../../guardrails/rules/s3-no-force-destroy.js";
import { s3Versioning } from "../../../guardrails/rules/s3-versioning.js";
import { one, runRuleCases, secureBucket, type RuleCases } from "../fixtures.js";

const db = (patch: Record<string, unknown> = {}) =>
  one("aws_db_instance", "D", {
    identifier: "rk-eu-shard-001",
    deletion_protection: true,
    skip_final_snapshot: false,
    final_snapshot_identifier: "rk-eu-shard-001-final",
    delete_automated_backups: false,
    backup_retention_period: 14,
    lifecycle: { prevent_destroy: true },
    ...patch,
  });
const dbCase = (name: string, patch: Record<string, unknown> = {}) => ({ name, resources: db(patch), target: "aws_db_instance.D" });
const table = (patch: Record<string, unknown> = {}) =>
  one("aws_dynamodb_table", "T", { name: "t", deletion_protection_enabled: true, point_in_time_recovery: { enabled: true }, ...patch });
const tableCase = (name: string, patch: Record<string, unknown> = {}) => ({ name, stack: "central", resources: table(patch), target: "aws_dynamodb_table.T" });

const cases: RuleCases[] = [
  {
    rule: preventDestroy,
    compliant: [
      { name: "a bucket with prevent_destroy", resources: secureBucket(), target: "aws_s3_bucket.B" },
      dbCase("a database with prevent_destroy"),
    ],
    nonCompliant: [
      { name: "a KMS key without prevent_destroy", resources: one("aws_kms_key", "K", { enable_key_rotation: true }), target: "aws_kms_key.K" },
      { name: "an MSK cluster with prevent_destroy false", resources: one("aws_msk_cluster", "M", { lifecycle: { prevent_destroy: false } }), target: "aws_msk_cluster.M" },
    ],
  },
  {
    rule: deletionProtection,
    compliant: [dbCase("an RDS instance with deletion protection"), tableCase("a DynamoDB table with deletion protection")],
    nonCompliant: [dbCase("an RDS instance without deletion protection", { deletion_protection: false }), tableCase("a DynamoDB table without deletion protection", { deletion_protection_enabled: undefined })],
  },
  {
    rule: finalSnapshot,
    compliant: [dbCase("a final snapshot and kept automated backups")],
    nonCompliant: [
      dbCase("with skip_final_snapshot", { skip_final_snapshot: true }),
      dbCase("when automated backups are deleted with the instance", { delete_automated_backups: true }),
      dbCase("without a final snapshot identifier", { final_snapshot_identifier: undefined }),
    ],
  },
  {
    rule: backupRetention,
    compliant: [dbCase("14 days"), dbCase("35 days", { backup_retention_period: 35 })],
    nonCompliant: [dbCase("with 7 days", { backup_retention_period: 7 }), dbCase("without automated backups", { backup_retention_period: undefined })],
  },
  {
    rule: s3Versioning,
    compliant: [{ name: "versioning enabled", resources: secureBucket(), target: "aws_s3_bucket.B" }],
    nonCompliant: [
      { name: "with versioning suspended", resources: secureBucket("B", { patch: { aws_s3_bucket_versioning: { versioning_configuration: { status: "Suspended" } } } }), target: "aws_s3_bucket.B" },
      { name: "without versioning", resources: secureBucket("B", { drop: ["aws_s3_bucket_versioning"] }), target: "aws_s3_bucket.B" },
    ],
  },
  { rule: dynamodbPitr, compliant: [tableCase("PITR on")], nonCompliant: [tableCase("PITR off", { point_in_time_recovery: { enabled: false } })] },
  {
    rule: s3NoForceDestroy,
    compliant: [{ name: "force_destroy false", resources: secureBucket(), target: "aws_s3_bucket.B" }],
    nonCompliant: [{ name: "with force_destroy", resources: secureBucket("B", { bucket: { force_destroy: true } }), target: "aws_s3_bucket.B" }],
  },
  {
    rule: kmsDeletionWindow,
    compliant: [{ name: "30 days", resources: one("aws_kms_key", "K", { deletion_window_in_days: 30 }), target: "aws_kms_key.K" }],
    nonCompliant: [{ name: "with 7 days", resources: one("aws_kms_key", "K", { deletion_window_in_days: 7 }), target: "aws_kms_key.K" }],
  },
];

runRuleCases("data-loss", cases, ALL_RULES);
