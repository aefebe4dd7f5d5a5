import { check, defineRule, isSet, NOT_APPLICABLE } from "../checks.js";

export const MIN_BACKUP_RETENTION_DAYS = 14;

export const backupRetention = defineRule({
  id: "RK-DL-004",
  name: "backup-retention",
  family: "data-loss",
  level: "error",
  description: `RDS instances and clusters keep automated backups for at least ${MIN_BACKUP_RETENTION_DAYS} days.`,
  fix: `Set backup_retention_period >= ${MIN_BACKUP_RETENTION_DAYS} (manifest shardFleet.backupRetentionDays).`,
  controls: { fsbp: ["RDS.11"], checkov: ["CKV_AWS_133"] },
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  evaluate(r) {
    // Read replicas have no automated backups of their own to keep.
    if (isSet(r.attrs.replicate_source_db)) return NOT_APPLICABLE;
    const days = Number(r.attrs.backup_retention_period ?? 0);
    return check(days >= MIN_BACKUP_RETENTION_DAYS, `backup_retention_period ${String(r.attrs.backup_retention_period ?? "unset")}`);
  },
});
