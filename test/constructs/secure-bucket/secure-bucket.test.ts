import { TerraformStack } from "cdktf";
import { describe, expect, it } from "vitest";
import { SecureBucket } from "../../../constructs/secure-bucket/index.js";
import { policyOf, synthesize, testApp } from "../../helpers.js";

const KEY_LIKE = "S3_MANAGED" as const;

describe("SecureBucket access logging", () => {
  it("grants the S3 logging service on the target, for the source bucket only, under its prefix", () => {
    const stack = new TerraformStack(testApp(), "t");
    const logs = new SecureBucket(stack, "Logs", { bucketName: "logs", encryption: KEY_LIKE, accessLogTarget: { accountId: "222222222222" } });
    new SecureBucket(stack, "Data", { bucketName: "data", encryption: KEY_LIKE, accessLogs: { bucket: logs, prefix: "s3-access/data/" } });
    const s = synthesize(stack);
    const policy = Object.values(s.resources("aws_s3_bucket_policy")).find((p) => p.bucket.includes("Logs"))!;
    const grant = policyOf(policy.policy).Statement.find((st) => st.Effect === "Allow")!;
    expect(grant).toMatchObject({
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: expect.stringMatching(/^\$\{aws_s3_bucket\.Logs_[0-9A-F]+\.arn\}\/s3-access\/data\/\*$/),
      Condition: { StringEquals: { "aws:SourceAccount": "222222222222" }, ArnLike: { "aws:SourceArn": expect.stringMatching(/^\$\{aws_s3_bucket\.Data_[0-9A-F]+\.arn\}$/) } },
    });
  });

  it("fails when a bucket sends access logs to a bucket that is not an access-log target", () => {
    const stack = new TerraformStack(testApp(), "t");
    const other = new SecureBucket(stack, "Other", { bucketName: "other", encryption: KEY_LIKE });
    expect(() => new SecureBucket(stack, "Data", { bucketName: "data", encryption: KEY_LIKE, accessLogs: { bucket: other, prefix: "x/" } })).toThrow(
      /data sends access logs to other, which is not an access-log target/,
    );
  });

  it("fails when an access-log target is not S3_MANAGED", () => {
    const stack = new TerraformStack(testApp(), "t");
    const logs = new SecureBucket(stack, "Logs", { bucketName: "logs", encryption: KEY_LIKE, accessLogTarget: { accountId: "1" } });
    const kmsTarget = { arn: "arn:aws:kms:eu-central-1:222222222222:key/x" } as unknown as ConstructorParameters<typeof SecureBucket>[2]["encryption"];
    expect(logs).toBeDefined();
    expect(() => new SecureBucket(stack, "Bad", { bucketName: "bad", encryption: kmsTarget, accessLogTarget: { accountId: "1" } })).toThrow(/must use encryption "S3_MANAGED"/);
  });
});
