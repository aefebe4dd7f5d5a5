import { check, defineRule, get, isTrue } from "../checks.js";

export const dynamodbPitr = defineRule({
  id: "RK-DL-006",
  name: "dynamodb-pitr",
  family: "data-loss",
  level: "error",
  description: "DynamoDB tables have point-in-time recovery on.",
  fix: "Set point_in_time_recovery { enabled = true }.",
  controls: { fsbp: ["DynamoDB.2"], checkov: ["CKV_AWS_28"] },
  resourceTypes: ["aws_dynamodb_table"],
  evaluate(r) {
    return check(isTrue(get(r.attrs, "point_in_time_recovery.enabled")), "point_in_time_recovery.enabled is not true");
  },
});
