import { COMPLIANT, defineRule, destinationsInJurisdiction, fail, getAll, isSet } from "../checks.js";
import { isToken, referencesIn } from "../context.js";
import type { StackContextApi, TfResource } from "../types.js";

/** The in-stack global cluster a `global_cluster_identifier` names (by reference, or by its literal identifier). */
function globalClusterOf(ctx: StackContextApi, value: unknown): TfResource | undefined {
  if (typeof value !== "string") return undefined;
  const globals = ctx.ofType("aws_rds_global_cluster").filter((g) => g.mode === "managed");
  if (isToken(value)) return referencesIn(value).map((a) => ctx.byAddress(a)).find((g) => g !== undefined && globals.includes(g));
  return globals.find((g) => g.attrs.global_cluster_identifier === value);
}

export const rdsReplicaInJurisdiction = defineRule({
  id: "RK-RES-006",
  name: "rds-replica-in-jurisdiction",
  family: "residency",
  level: "error",
  description:
    "RDS read replicas, automated-backup replication and cluster replication sources stay in the allowed AWS regions; an Aurora global database is allowed only when this stack defines it and every member cluster is in the allowed AWS regions.",
  fix: "Replicate automated backups only to the backup AWS region (manifest `replicateBackupsToBackupRegion`); keep every member of a global database in the region's primary or backup AWS region, in this stack.",
  controls: { note: "regionkit residency" },
  resourceTypes: ["aws_db_instance", "aws_rds_cluster", "aws_db_instance_automated_backups_replication", "aws_rds_global_cluster"],
  evaluate(resource, ctx) {
    const a = resource.attrs;
    const allowed = ctx.allowedRegions;
    if (resource.type === "aws_rds_global_cluster") {
      // Members join by naming the global cluster; the ones another stack might add fail there (not in their stack).
      const members = ctx.ofType("aws_rds_cluster").filter((c) => globalClusterOf(ctx, c.attrs.global_cluster_identifier) === resource);
      const outside = members.filter((c) => !allowed.includes(ctx.effectiveRegion(c) ?? ""));
      if (outside.length) return fail(`global database members outside ${allowed.join(", ")}: ${outside.map((c) => `${c.address} (${ctx.effectiveRegion(c) ?? "unknown region"})`).join(", ")}`);
      return isSet(a.source_db_cluster_identifier) ? destinationsInJurisdiction(ctx, [a.source_db_cluster_identifier], "source cluster") : COMPLIANT;
    }
    const joins = resource.type === "aws_rds_cluster" && isSet(a.global_cluster_identifier);
    if (joins && !globalClusterOf(ctx, a.global_cluster_identifier))
      return fail(`joins global cluster ${String(a.global_cluster_identifier)}, which this stack does not define: its other members cannot be proven in the jurisdiction`);
    const values = [
      ...getAll(a, "replicate_source_db").filter((v) => typeof v === "string" && v.startsWith("arn:")),
      ...getAll(a, "replication_source_identifier"),
      ...getAll(a, "source_db_instance_arn"),
      ...getAll(a, "kms_key_id").filter(() => resource.type === "aws_db_instance_automated_backups_replication"),
    ];
    // A member of this stack's global database is judged with the global cluster (all members in the jurisdiction).
    return values.length === 0 && joins ? COMPLIANT : destinationsInJurisdiction(ctx, values, "replication source/key");
  },
});
