import { check, defineRule } from "../checks.js";

export const kmsDeletionWindow = defineRule({
  id: "RK-DL-008",
  name: "kms-deletion-window",
  family: "data-loss",
  level: "error",
  description: "KMS keys wait the full 30 days before deletion, so a mistaken deletion can be cancelled.",
  fix: "Set deletion_window_in_days = 30 (RegionalKey's default).",
  controls: { note: "regionkit data loss; cdk-nag KMS backup" },
  resourceTypes: ["aws_kms_key"],
  evaluate(r) {
    const days = Number(r.attrs.deletion_window_in_days ?? 30);
    return check(days >= 30, `deletion_window_in_days ${String(days)}`);
  },
});
