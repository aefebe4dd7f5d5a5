import { check, defineRule, isTrue } from "../checks.js";

export const rdsMultiAz = defineRule({
  id: "RK-SEC-009",
  name: "rds-multi-az",
  family: "security",
  level: "error",
  description: "RDS instances run Multi-AZ.",
  fix: "Set multi_az = true.",
  controls: { fsbp: ["RDS.5"], checkov: ["CKV_AWS_157"] },
  resourceTypes: ["aws_db_instance"],
  evaluate(r) {
    return check(isTrue(r.attrs.multi_az), "multi_az is not true");
  },
});
