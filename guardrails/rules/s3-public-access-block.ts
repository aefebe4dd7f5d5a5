import { COMPLIANT, defineRule, fail, isTrue } from "../checks.js";

const FLAGS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"] as const;

export const s3PublicAccessBlock = defineRule({
  id: "RK-SEC-002",
  name: "s3-public-access-block",
  family: "security",
  level: "error",
  description: "Every S3 bucket has a public access block with all four settings true.",
  fix: "Use SecureBucket (it sets all four); never turn one off.",
  controls: { fsbp: ["S3.8"], checkov: ["CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"] },
  resourceTypes: ["aws_s3_bucket"],
  evaluate(bucket, ctx) {
    const blocks = ctx.companions(bucket, "aws_s3_bucket_public_access_block");
    if (blocks.length === 0) return fail("no aws_s3_bucket_public_access_block");
    const off = FLAGS.filter((f) => !blocks.some((b) => isTrue(b.attrs[f])));
    return off.length ? fail(`not true: ${off.join(", ")}`) : COMPLIANT;
  },
});
