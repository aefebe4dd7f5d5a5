import { check, defineRule } from "../checks.js";

export const rdsLogExports = defineRule({
  id: "RK-SEC-011",
  name: "rds-log-exports",
  family: "security",
  level: "error",
  description: "RDS instances and clusters export their logs to CloudWatch (`postgresql` for Postgres).",
  fix: "Set enabled_cloudwatch_logs_exports = [\"postgresql\", \"upgrade\"].",
  controls: { fsbp: ["RDS.9"], checkov: ["CKV_AWS_129", "CKV_AWS_324"] },
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  evaluate(r) {
    const exports = (r.attrs.enabled_cloudwatch_logs_exports ?? []) as string[];
    const engine = String(r.attrs.engine ?? "");
    const needed = engine.includes("postgres") ? "postgresql" : undefined;
    return check(exports.length > 0 && (!needed || exports.includes(needed)), `enabled_cloudwatch_logs_exports ${JSON.stringify(exports)}`);
  },
});
