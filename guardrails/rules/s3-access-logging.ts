import { COMPLIANT, defineRule, fail, getAll } from "../checks.js";

/** A warning: the log target itself cannot log to itself, and small config buckets may log elsewhere. */
export const s3AccessLogging = defineRule({
  id: "RK-SEC-005",
  name: "s3-access-logging",
  family: "security",
  level: "warning",
  description: "S3 buckets log server access to a logs bucket (buckets that are themselves log targets are exempt).",
  fix: "Pass `accessLogs: { bucket: <the logs bucket>, prefix }` to SecureBucket.",
  controls: { fsbp: ["S3.9"], checkov: ["CKV_AWS_18"] },
  resourceTypes: ["aws_s3_bucket"],
  evaluate(bucket, ctx) {
    if (ctx.companions(bucket, "aws_s3_bucket_logging").length > 0 || getAll(bucket.attrs, "logging.target_bucket").length > 0) return COMPLIANT;
    if (ctx.companions(bucket, "aws_s3_bucket_logging", "target_bucket").length > 0) return COMPLIANT;
    return fail("no aws_s3_bucket_logging");
  },
});
