import { bucketsInJurisdiction, COMPLIANT, defineRule, destinationsInJurisdiction, getAll, NOT_APPLICABLE } from "../checks.js";

/**
 * FSBP S3.7, Checkov CKV_AWS_144 and cdk-nag S3BucketReplicationEnabled ask every bucket to
 * replicate to another region. For residency this is inverted: replication is optional, and when
 * present its destination bucket and replica key must be in the region's own jurisdiction.
 */
export const s3ReplicationInJurisdiction = defineRule({
  id: "RK-RES-003",
  name: "s3-replication-in-jurisdiction",
  family: "residency",
  level: "error",
  description: "S3 replication (if any) targets a bucket and KMS key of this region's primary or backup AWS region; inverts FSBP S3.7 / CKV_AWS_144.",
  fix: "Replicate only to the region's backup bucket (RegionResolver.lakeBackupBucket) created with the `backup` provider, encrypted with a backup-region key.",
  controls: { fsbp: ["S3.7"], checkov: ["CKV_AWS_144"], note: "inverted: replication must stay in-jurisdiction (cdk-nag S3BucketReplicationEnabled likewise)" },
  resourceTypes: ["aws_s3_bucket_replication_configuration", "aws_s3_bucket"],
  evaluate(resource, ctx) {
    const root = resource.type === "aws_s3_bucket" ? getAll(resource.attrs, "replication_configuration") : [resource.attrs];
    if (root.length === 0) return NOT_APPLICABLE;
    const buckets = getAll(root, "rule.destination.bucket");
    const keys = getAll(root, "rule.destination.encryption_configuration.replica_kms_key_id").concat(getAll(root, "rule.destination.replica_kms_key_id"));
    const b = bucketsInJurisdiction(ctx, buckets, "destination bucket");
    if (b.status === "non-compliant") return b;
    const k = destinationsInJurisdiction(ctx, keys, "replica key");
    if (k.status === "non-compliant") return k;
    return b.status === "compliant" || k.status === "compliant" ? COMPLIANT : NOT_APPLICABLE;
  },
});
