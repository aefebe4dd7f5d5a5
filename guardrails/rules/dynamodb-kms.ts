import { check, defineRule, get, isSet, isTrue } from "../checks.js";

export const dynamodbKms = defineRule({
  id: "RK-SEC-036",
  name: "dynamodb-kms",
  family: "security",
  level: "error",
  description: "DynamoDB tables encrypt with a customer-managed key of their own region.",
  fix: "Set server_side_encryption { enabled = true, kms_key_arn = <the stack's key> }.",
  controls: { checkov: ["CKV_AWS_119"] },
  resourceTypes: ["aws_dynamodb_table"],
  evaluate(r) {
    const sse = get(r.attrs, "server_side_encryption") ?? {};
    return check(isTrue(sse.enabled) && isSet(sse.kms_key_arn), `server_side_encryption.enabled ${String(sse.enabled)}, kms_key_arn ${isSet(sse.kms_key_arn) ? "set" : "missing"}`);
  },
});
