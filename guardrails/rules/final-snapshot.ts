import { check, defineRule, isSet, isTrue } from "../checks.js";

export const finalSnapshot = defineRule({
  id: "RK-DL-003",
  name: "final-snapshot",
  family: "data-loss",
  level: "error",
  description: "RDS instances and clusters take a final snapshot on delete and keep automated backups (`skip_final_snapshot` false, `delete_automated_backups` false).",
  fix: "Remove skip_final_snapshot = true, set final_snapshot_identifier, and delete_automated_backups = false.",
  controls: { note: "regionkit data loss" },
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  evaluate(r) {
    const a = r.attrs;
    const problems: string[] = [];
    if (isTrue(a.skip_final_snapshot)) problems.push("skip_final_snapshot is true");
    else if (!isSet(a.final_snapshot_identifier)) problems.push("no final_snapshot_identifier (Terraform then cannot delete, or skips the snapshot)");
    // Automated backups are deleted with the instance unless told otherwise (provider default true).
    if (r.type === "aws_db_instance" && a.delete_automated_backups !== false) problems.push("delete_automated_backups is not false");
    return check(problems.length === 0, problems.join("; "));
  },
});
