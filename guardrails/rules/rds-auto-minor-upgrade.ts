import { check, defineRule, isFalse } from "../checks.js";

export const rdsAutoMinorUpgrade = defineRule({
  id: "RK-SEC-012",
  name: "rds-auto-minor-upgrade",
  family: "security",
  level: "error",
  description: "RDS instances take automatic minor version upgrades.",
  fix: "Remove auto_minor_version_upgrade = false (the default is true).",
  controls: { fsbp: ["RDS.13"], checkov: ["CKV_AWS_226"] },
  resourceTypes: ["aws_db_instance", "aws_rds_cluster_instance"],
  evaluate(r) {
    return check(!isFalse(r.attrs.auto_minor_version_upgrade), "auto_minor_version_upgrade is false");
  },
});
