import { defineRule, destinationsInJurisdiction, getAll } from "../checks.js";

export const backupCopyInJurisdiction = defineRule({
  id: "RK-RES-008",
  name: "backup-copy-in-jurisdiction",
  family: "residency",
  level: "error",
  description: "AWS Backup copy actions copy only to vaults in the stack's allowed AWS regions.",
  fix: "Point copy_action.destination_vault_arn at a vault in the region's backup AWS region.",
  controls: { note: "regionkit residency" },
  resourceTypes: ["aws_backup_plan"],
  evaluate(resource, ctx) {
    return destinationsInJurisdiction(ctx, getAll(resource.attrs, "rule.copy_action.destination_vault_arn"), "copy destination");
  },
});
