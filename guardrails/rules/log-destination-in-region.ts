import { bucketsInJurisdiction, defineRule, destinationsInJurisdiction, getAll } from "../checks.js";
import type { Outcome } from "../types.js";

const FIREHOSE_BUCKETS = ["extended_s3_configuration.bucket_arn", "s3_configuration.bucket_arn", "redshift_configuration.s3_backup_configuration.bucket_arn"];
const FIREHOSE_ARNS = [
  "extended_s3_configuration.kms_key_arn",
  "opensearch_configuration.domain_arn",
  "elasticsearch_configuration.domain_arn",
  "opensearchserverless_configuration.collection_endpoint",
  "kinesis_source_configuration.kinesis_stream_arn",
  "msk_source_configuration.msk_cluster_arn",
  "server_side_encryption.key_arn",
];

export const logDestinationInRegion = defineRule({
  id: "RK-RES-013",
  name: "log-destination-in-region",
  family: "residency",
  level: "error",
  description: "CloudWatch Logs subscriptions and destinations, and Firehose sources and AWS destinations, stay in the allowed AWS regions.",
  fix: "Subscribe log groups only to streams, functions or buckets of this region.",
  controls: { note: "regionkit residency" },
  resourceTypes: ["aws_cloudwatch_log_subscription_filter", "aws_cloudwatch_log_destination", "aws_kinesis_firehose_delivery_stream"],
  evaluate(resource, ctx) {
    const a = resource.attrs;
    const arns = [...getAll(a, "destination_arn"), ...getAll(a, "target_arn"), ...FIREHOSE_ARNS.flatMap((p) => getAll(a, p))].filter(
      (v) => typeof v !== "string" || v.startsWith("arn:") || v.includes("${"),
    );
    const results: Outcome[] = [destinationsInJurisdiction(ctx, arns, "destination"), bucketsInJurisdiction(ctx, FIREHOSE_BUCKETS.flatMap((p) => getAll(a, p)), "bucket")];
    return results.find((r) => r.status === "non-compliant") ?? results.find((r) => r.status === "compliant") ?? results[0]!;
  },
});

