import { check, defineRule, getAll } from "../checks.js";

export const s3OwnershipEnforced = defineRule({
  id: "RK-SEC-004",
  name: "s3-ownership-enforced",
  family: "security",
  level: "error",
  description: "Every S3 bucket has object ownership `BucketOwnerEnforced` (ACLs disabled).",
  fix: "Use SecureBucket (aws_s3_bucket_ownership_controls with BucketOwnerEnforced).",
  controls: { fsbp: ["S3.12"], checkov: ["CKV2_AWS_65"] },
  resourceTypes: ["aws_s3_bucket"],
  evaluate(bucket, ctx) {
    const owners = ctx.companions(bucket, "aws_s3_bucket_ownership_controls").flatMap((c) => getAll(c.attrs, "rule.object_ownership"));
    return check(owners.includes("BucketOwnerEnforced"), owners.length ? `object_ownership ${owners.join(", ")}` : "no ownership controls");
  },
});
