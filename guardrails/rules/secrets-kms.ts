import { check, defineRule, isSet } from "../checks.js";

export const secretsKms = defineRule({
  id: "RK-SEC-046",
  name: "secrets-kms",
  family: "security",
  level: "error",
  description: "Secrets Manager secrets are encrypted with a regional customer key.",
  fix: "Set kms_key_id = the region's key for that domain.",
  controls: { checkov: ["CKV_AWS_149"] },
  resourceTypes: ["aws_secretsmanager_secret"],
  evaluate(r) {
    return check(isSet(r.attrs.kms_key_id), "no kms_key_id (uses the AWS-managed key)");
  },
});
