import { check, defineRule, isTrue } from "../checks.js";

export const rdsIamAuth = defineRule({
  id: "RK-SEC-008",
  name: "rds-iam-auth",
  family: "security",
  level: "error",
  description: "RDS instances and clusters have IAM database authentication on.",
  fix: "Set iam_database_authentication_enabled = true.",
  controls: { fsbp: ["RDS.10", "RDS.12"], checkov: ["CKV_AWS_161", "CKV_AWS_162"] },
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  evaluate(r) {
    return check(isTrue(r.attrs.iam_database_authentication_enabled), "iam_database_authentication_enabled is not true");
  },
});
