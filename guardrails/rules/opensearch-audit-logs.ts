import { check, defineRule, getAll, isFalse } from "../checks.js";

export const opensearchAuditLogs = defineRule({
  id: "RK-SEC-030",
  name: "opensearch-audit-logs",
  family: "security",
  level: "error",
  description: "OpenSearch domains publish audit and application (error) logs.",
  fix: "Add log_publishing_options for AUDIT_LOGS and ES_APPLICATION_LOGS to in-region log groups.",
  controls: { fsbp: ["Opensearch.4", "Opensearch.5"], checkov: ["CKV_AWS_84", "CKV_AWS_317"] },
  resourceTypes: ["aws_opensearch_domain", "aws_elasticsearch_domain"],
  evaluate(r) {
    const on = getAll(r.attrs, "log_publishing_options").filter((o) => !isFalse(o?.enabled)).map((o) => String(o?.log_type));
    const missing = ["AUDIT_LOGS", "ES_APPLICATION_LOGS"].filter((t) => !on.includes(t));
    return check(missing.length === 0, `not published: ${missing.join(", ")}`);
  },
});
