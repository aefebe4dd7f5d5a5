import { check, defineRule, isSet } from "../checks.js";

export const logGroupKms = defineRule({
  id: "RK-SEC-043",
  name: "log-group-kms",
  family: "security",
  level: "error",
  description: "CloudWatch log groups are encrypted with a regional customer key (logs can hold customer data).",
  fix: "Set kms_key_id = the region's logs RegionalKey.",
  controls: { checkov: ["CKV_AWS_158"] },
  resourceTypes: ["aws_cloudwatch_log_group"],
  evaluate(r) {
    return check(isSet(r.attrs.kms_key_id), "no kms_key_id");
  },
});
