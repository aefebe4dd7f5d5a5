import { defineRule, destinationsInJurisdiction, fail, getAll, isSet } from "../checks.js";

export const rdsReplicaInJurisdiction = defineRule({
  id: "RK-RES-006",
  name: "rds-replica-in-jurisdiction",
  family: "residency",
  level: "error",
  description: "RDS read replicas, automated-backup replication and cluster replication sources stay in the allowed AWS regions; no global databases.",
  fix: "Replicate automated backups only to the backup AWS region (manifest `replicateBackupsToBackupRegion`); do not join a global cluster.",
  controls: { note: "regionkit residency" },
  resourceTypes: ["aws_db_instance", "aws_rds_cluster", "aws_db_instance_automated_backups_replication", "aws_rds_global_cluster"],
  evaluate(resource, ctx) {
    const a = resource.attrs;
    if (resource.type === "aws_rds_global_cluster") return fail("a global database spans AWS regions by design");
    if (resource.type === "aws_rds_cluster" && isSet(a.global_cluster_identifier))
      return fail(`joins global cluster ${String(a.global_cluster_identifier)}`);
    const values = [
      ...getAll(a, "replicate_source_db").filter((v) => typeof v === "string" && v.startsWith("arn:")),
      ...getAll(a, "replication_source_identifier"),
      ...getAll(a, "source_db_instance_arn"),
      ...getAll(a, "kms_key_id").filter(() => resource.type === "aws_db_instance_automated_backups_replication"),
    ];
    return destinationsInJurisdiction(ctx, values, "replication source/key");
  },
});
