import { check, defineRule, isSet, isTrue } from "../checks.js";

export const rdsPerformanceInsightsKms = defineRule({
  id: "RK-SEC-014",
  name: "rds-performance-insights-kms",
  family: "security",
  level: "error",
  description: "Performance Insights is on and encrypted with the region's key (it holds query text, i.e. customer data).",
  fix: "Set performance_insights_enabled = true and performance_insights_kms_key_id = the database key.",
  controls: { checkov: ["CKV_AWS_353", "CKV_AWS_354"] },
  resourceTypes: ["aws_db_instance", "aws_rds_cluster_instance"],
  evaluate(r) {
    return check(isTrue(r.attrs.performance_insights_enabled) && isSet(r.attrs.performance_insights_kms_key_id), "Performance Insights off or without performance_insights_kms_key_id");
  },
});
