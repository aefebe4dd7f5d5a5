import { describe, expect, it } from "vitest";
import { WarehouseAccess } from "../../../constructs/warehouse-access/index.js";
import { manifestOf, policyOf, regionalStack, resourceAt, synthRegion, synthWarehouse } from "../../helpers.js";

const manifest = manifestOf();
const eu = synthRegion("eu", manifest);
const role = resourceAt(eu, "aws_iam_role", "WarehouseAccess/Role").body;
const statements = policyOf(resourceAt(eu, "aws_iam_role_policy", "WarehouseAccess/Policy").body.policy).Statement;
const list = (v: unknown): string[] => (Array.isArray(v) ? v : [v as string]);
const sanitizedArn = resourceAt(eu, "aws_s3_bucket", "DataLake/Sanitized/Resource").ref("arn");

describe("WarehouseAccess", () => {
  it("is the role the warehouse's storage integration names, with the same external id", () => {
    const names = synthWarehouse(manifest).json.locals.warehouse_regions.eu;
    expect(names.role_arn).toBe(`arn:aws:iam::222222222222:role/${role.name}`);
    const trust = policyOf(role.assume_role_policy).Statement;
    expect(trust).toEqual([
      {
        Effect: "Allow",
        Principal: { AWS: "${var.warehouse_principal_arn}" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "sts:ExternalId": names.external_id } },
      },
    ]);
  });

  it("trusts only its own account until the warehouse principal is set", () => {
    expect(eu.json.variable.warehouse_principal_arn).toMatchObject({ type: "string", default: "arn:aws:iam::222222222222:root" });
  });

  it("may read objects under the sanitized export prefix only", () => {
    const objectReads = statements.filter((s) => list(s.Action).some((a) => a.startsWith("s3:GetObject")));
    expect(objectReads.flatMap((s) => list(s.Resource))).toEqual([`${sanitizedArn}/export/*`]);
    expect(sanitizedArn).toMatch(/^\$\{aws_s3_bucket\.DataLake_Sanitized_[0-9A-F]{8}\.arn\}$/);
    const listing = statements.find((s) => list(s.Action).includes("s3:ListBucket"))!;
    expect(listing.Condition).toEqual({ StringLike: { "s3:prefix": ["export/", "export/*"] } });
  });

  it("names no other lake bucket and grants no write or wildcard action", () => {
    const text = JSON.stringify(statements);
    for (const zone of ["Raw", "Tables", "Logs"]) expect(text).not.toContain(`aws_s3_bucket.DataLake_${zone}_`);
    for (const zone of ["raw", "lake", "logs"]) expect(text).not.toContain(`rk-eu-lake-${zone}-`);
    for (const action of statements.flatMap((s) => list(s.Action))) {
      expect(action).toMatch(/^(s3:(Get|List)|kms:Decrypt$)/);
      expect(action).not.toContain("*");
    }
  });

  it("may decrypt with the lake key only through S3, for the sanitized bucket", () => {
    const decrypt = statements.find((s) => s.Action === "kms:Decrypt")!;
    expect(decrypt.Resource).toBe(resourceAt(eu, "aws_kms_key", "Keys/Lake/Resource").ref("arn"));
    expect(decrypt.Condition).toEqual({
      StringEquals: { "kms:ViaService": "s3.eu-central-1.amazonaws.com" },
      StringLike: {
        "kms:EncryptionContext:aws:s3:arn": [sanitizedArn, `${sanitizedArn}/export/*`],
      },
    });
  });

  it("fails when given a bucket other than the region's sanitized export bucket, naming both", () => {
    const stack = regionalStack(manifest, "eu");
    expect(() => new WarehouseAccess(stack, "Wrong", { names: stack.names, sanitized: stack.lake.raw })).toThrow(
      /region eu: the warehouse reads s3:\/\/rk-eu-lake-sanitized-222222222222\/export\/, so sanitized must be the KMS-encrypted bucket rk-eu-lake-sanitized-222222222222, got rk-eu-lake-raw-222222222222/
    );
  });
});
