import { check, defineRule, isTrue } from "../checks.js";

const ATTRIBUTE: Readonly<Record<string, string>> = {
  aws_db_instance: "deletion_protection",
  aws_rds_cluster: "deletion_protection",
  aws_dynamodb_table: "deletion_protection_enabled",
  aws_rds_global_cluster: "deletion_protection",
};

export const deletionProtection = defineRule({
  id: "RK-DL-002",
  name: "deletion-protection",
  family: "data-loss",
  level: "error",
  description: "Databases and tables have deletion protection on (RDS `deletion_protection`, DynamoDB `deletion_protection_enabled`).",
  fix: "Set the deletion protection attribute to true.",
  controls: { fsbp: ["RDS.8", "RDS.7", "DynamoDB.6"], checkov: ["CKV_AWS_293", "CKV_AWS_139"] },
  resourceTypes: Object.keys(ATTRIBUTE),
  evaluate(r) {
    const attr = ATTRIBUTE[r.type]!;
    return check(isTrue(r.attrs[attr]), `${attr} is not true`);
  },
});
