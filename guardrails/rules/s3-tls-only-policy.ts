import { check, defineRule, fail, statementsOf } from "../checks.js";

export const s3TlsOnlyPolicy = defineRule({
  id: "RK-SEC-003",
  name: "s3-tls-only-policy",
  family: "security",
  level: "error",
  description: "Every S3 bucket policy denies requests without TLS (`aws:SecureTransport` false).",
  fix: "Use SecureBucket, whose policy starts with the DenyInsecureTransport statement.",
  controls: { fsbp: ["S3.5"], note: "cdk-nag S3BucketSSLRequestsOnly" },
  resourceTypes: ["aws_s3_bucket"],
  evaluate(bucket, ctx) {
    const policies = ctx.companions(bucket, "aws_s3_bucket_policy");
    if (policies.length === 0) return fail("no bucket policy");
    const denies = policies.flatMap((p) => statementsOf(p.attrs.policy)).some((st) => {
      if (st.Effect !== "Deny") return false;
      const v = st.Condition?.Bool?.["aws:SecureTransport"];
      return v === false || v === "false";
    });
    return check(denies, "bucket policy has no Deny on aws:SecureTransport=false");
  },
});
