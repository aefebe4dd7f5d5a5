import { check, COMPLIANT, defineRule, fail, get, getAll, isSet } from "../checks.js";

/** S3 server access logs cannot be delivered to an SSE-KMS bucket, so log targets may use SSE-S3. */
export const s3BucketKmsEncryption = defineRule({
  id: "RK-SEC-001",
  name: "s3-bucket-kms-encryption",
  family: "security",
  level: "error",
  description: "Every S3 bucket has default encryption SSE-KMS with a named customer key (access-log target buckets: SSE-S3 at least).",
  fix: "Use SecureBucket with `encryption: <the region's RegionalKey>`.",
  controls: { fsbp: ["S3.17"], checkov: ["CKV_AWS_145"] },
  resourceTypes: ["aws_s3_bucket"],
  evaluate(bucket, ctx) {
    const configs = ctx.companions(bucket, "aws_s3_bucket_server_side_encryption_configuration");
    const inline = getAll(bucket.attrs, "server_side_encryption_configuration.rule.apply_server_side_encryption_by_default");
    const defaults = [...configs.flatMap((c) => getAll(c.attrs, "rule.apply_server_side_encryption_by_default")), ...inline];
    if (defaults.length === 0) return fail("no server-side encryption configuration");
    const isLogTarget = ctx.companions(bucket, "aws_s3_bucket_logging", "target_bucket").length > 0;
    const d = defaults[0];
    if (isLogTarget && (d.sse_algorithm === "AES256" || String(d.sse_algorithm).startsWith("aws:kms"))) return COMPLIANT;
    return check(String(d.sse_algorithm).startsWith("aws:kms") && isSet(get(d, "kms_master_key_id")), `sse_algorithm ${String(d.sse_algorithm)}${isSet(d.kms_master_key_id) ? "" : " without kms_master_key_id"}`);
  },
});
