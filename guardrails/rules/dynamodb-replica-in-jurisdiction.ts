import { defineRule, destinationsInJurisdiction, getAll } from "../checks.js";

export const dynamodbReplicaInJurisdiction = defineRule({
  id: "RK-RES-005",
  name: "dynamodb-replica-in-jurisdiction",
  family: "residency",
  level: "error",
  description: "DynamoDB replicas, global tables and cross-region restores stay in the stack's allowed AWS regions.",
  fix: "Remove the replica or restore source outside the jurisdiction; a table may replicate only to the region's backup AWS region.",
  controls: { note: "regionkit residency" },
  resourceTypes: ["aws_dynamodb_table", "aws_dynamodb_table_replica", "aws_dynamodb_global_table"],
  evaluate(resource, ctx) {
    const a = resource.attrs;
    const values = [
      ...getAll(a, "replica.region_name"),
      ...getAll(a, "replica.kms_key_arn"),
      ...getAll(a, "restore_source_table_arn"),
      ...getAll(a, "global_table_arn"),
      ...getAll(a, "kms_key_arn").filter(() => resource.type === "aws_dynamodb_table_replica"),
    ];
    return destinationsInJurisdiction(ctx, values, "replica/source");
  },
});
