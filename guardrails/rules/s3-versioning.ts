import { check, defineRule, get, getAll } from "../checks.js";

export const s3Versioning = defineRule({
  id: "RK-DL-005",
  name: "s3-versioning",
  family: "data-loss",
  level: "error",
  description: "Every S3 bucket has versioning enabled.",
  fix: "Use SecureBucket (aws_s3_bucket_versioning with status Enabled).",
  controls: { fsbp: ["S3.14"], checkov: ["CKV_AWS_21"] },
  resourceTypes: ["aws_s3_bucket"],
  evaluate(bucket, ctx) {
    const status = ctx.companions(bucket, "aws_s3_bucket_versioning").map((v) => get(v.attrs, "versioning_configuration.status"));
    const inline = getAll(bucket.attrs, "versioning.enabled").includes(true);
    return check(inline || status.includes("Enabled"), status.length ? `versioning status ${status.join(", ")}` : "no aws_s3_bucket_versioning");
  },
});
