import { check, defineRule, isTrue } from "../checks.js";

export const rdsCopyTagsToSnapshot = defineRule({
  id: "RK-SEC-013",
  name: "rds-copy-tags-to-snapshot",
  family: "security",
  level: "error",
  description: "RDS instances and clusters copy tags (region, jurisdiction, data class) to their snapshots.",
  fix: "Set copy_tags_to_snapshot = true.",
  controls: { fsbp: ["RDS.17", "RDS.16"], checkov: ["CKV2_AWS_60"] },
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  evaluate(r) {
    return check(isTrue(r.attrs.copy_tags_to_snapshot), "copy_tags_to_snapshot is not true");
  },
});
