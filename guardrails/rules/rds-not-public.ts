import { check, defineRule, isTrue } from "../checks.js";

export const rdsNotPublic = defineRule({
  id: "RK-SEC-007",
  name: "rds-not-public",
  family: "security",
  level: "error",
  description: "RDS instances are not publicly accessible.",
  fix: "Remove publicly_accessible (default false); reach databases through the region's VPC.",
  controls: { fsbp: ["RDS.2"], checkov: ["CKV_AWS_17"] },
  resourceTypes: ["aws_db_instance", "aws_rds_cluster_instance"],
  evaluate(r) {
    return check(!isTrue(r.attrs.publicly_accessible), "publicly_accessible is true");
  },
});
