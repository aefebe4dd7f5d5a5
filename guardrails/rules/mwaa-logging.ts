import { check, defineRule, get, isTrue } from "../checks.js";

const LOG_TYPES = ["dag_processing_logs", "scheduler_logs", "task_logs", "webserver_logs", "worker_logs"];

export const mwaaLogging = defineRule({
  id: "RK-SEC-038",
  name: "mwaa-logging",
  family: "security",
  level: "error",
  description: "MWAA environments publish all five Airflow log types and encrypt with a customer key.",
  fix: "Enable every logging_configuration.<type>_logs block and set kms_key.",
  controls: { checkov: ["CKV_AWS_242", "CKV_AWS_243", "CKV_AWS_244"] },
  resourceTypes: ["aws_mwaa_environment"],
  evaluate(r) {
    const off = LOG_TYPES.filter((t) => !isTrue(get(r.attrs, `logging_configuration.${t}.enabled`)));
    const key = r.attrs.kms_key;
    return check(off.length === 0 && key !== undefined, [off.length ? `logs off: ${off.join(", ")}` : "", key === undefined ? "no kms_key" : ""].filter(Boolean).join("; "));
  },
});
