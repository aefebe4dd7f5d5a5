import { check, defineRule, get, isTrue } from "../checks.js";

export const mskLogging = defineRule({
  id: "RK-SEC-021",
  name: "msk-logging",
  family: "security",
  level: "error",
  description: "MSK broker logs are delivered (CloudWatch Logs, S3 or Firehose).",
  fix: "Set logging_info.broker_logs.cloudwatch_logs { enabled = true, log_group = <in-region group> }.",
  controls: { checkov: ["CKV_AWS_80"] },
  resourceTypes: ["aws_msk_cluster"],
  evaluate(r) {
    const logs = get(r.attrs, "logging_info.broker_logs") ?? {};
    const on = ["cloudwatch_logs", "s3", "firehose"].some((k) => isTrue(get(logs, `${k}.enabled`)));
    return check(on, "no broker log delivery enabled");
  },
});
