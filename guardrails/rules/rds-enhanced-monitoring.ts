import { check, defineRule, isSet } from "../checks.js";

export const rdsEnhancedMonitoring = defineRule({
  id: "RK-SEC-010",
  name: "rds-enhanced-monitoring",
  family: "security",
  level: "warning",
  description: "RDS instances have enhanced monitoring (`monitoring_interval` > 0 with a monitoring role).",
  fix: "Set monitoring_interval (e.g. 60) and monitoring_role_arn.",
  controls: { fsbp: ["RDS.6"], checkov: ["CKV_AWS_118"] },
  resourceTypes: ["aws_db_instance", "aws_rds_cluster_instance"],
  evaluate(r) {
    return check(Number(r.attrs.monitoring_interval ?? 0) > 0 && isSet(r.attrs.monitoring_role_arn), `monitoring_interval ${String(r.attrs.monitoring_interval ?? 0)}`);
  },
});
