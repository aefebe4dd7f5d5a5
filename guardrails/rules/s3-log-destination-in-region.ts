import { bucketsInJurisdiction, defineRule, getAll } from "../checks.js";

const TARGETS: Readonly<Record<string, readonly string[]>> = {
  aws_s3_bucket_logging: ["target_bucket"],
  aws_s3_bucket: ["logging.target_bucket"],
  aws_s3_bucket_inventory: ["destination.bucket.bucket_arn"],
  aws_s3_bucket_analytics_configuration: ["storage_class_analysis.data_export.destination.s3_bucket_destination.bucket_arn"],
};

export const s3LogDestinationInRegion = defineRule({
  id: "RK-RES-004",
  name: "s3-log-destination-in-region",
  family: "residency",
  level: "error",
  description: "S3 access-log, inventory and analytics-export destinations are buckets of this region (primary or backup AWS region).",
  fix: "Send S3 logs and inventories to the region's own `logs` bucket (RegionResolver.lakeBucket(\"logs\")).",
  controls: { note: "regionkit residency; complements FSBP S3.9 (access logging)" },
  resourceTypes: Object.keys(TARGETS),
  evaluate(resource, ctx) {
    const values = TARGETS[resource.type]!.flatMap((p) => getAll(resource.attrs, p));
    return bucketsInJurisdiction(ctx, values, "destination bucket");
  },
});
