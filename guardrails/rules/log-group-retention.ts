import { check, defineRule } from "../checks.js";

export const logGroupRetention = defineRule({
  id: "RK-SEC-044",
  name: "log-group-retention",
  family: "security",
  level: "warning",
  description: "CloudWatch log groups keep logs for a set period of at least 365 days.",
  fix: "Set retention_in_days (365 or more).",
  controls: { fsbp: ["CloudWatch.16"], checkov: ["CKV_AWS_66", "CKV_AWS_338"] },
  resourceTypes: ["aws_cloudwatch_log_group"],
  evaluate(r) {
    const days = Number(r.attrs.retention_in_days ?? 0);
    return check(days >= 365, `retention_in_days ${String(r.attrs.retention_in_days ?? "unset (never expires)")}`);
  },
});
