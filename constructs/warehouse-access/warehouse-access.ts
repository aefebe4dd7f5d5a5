import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { SANITIZED_EXPORT_PREFIX, type RegionResolver } from "../../regions/resolvers.js";
import { policyDocument, trustPolicyDocument } from "../iam/policy.js";
import { principalVariable } from "../iam/principal-variable.js";
import type { SecureBucket } from "../secure-bucket/secure-bucket.js";

/** Terraform variable (`TF_VAR_warehouse_principal_arn`) naming the warehouse's AWS principal. */
export const WAREHOUSE_PRINCIPAL_VARIABLE = "warehouse_principal_arn";

export interface WarehouseAccessProps {
  readonly names: RegionResolver;
  /** The region's `sanitized` lake bucket; its key decrypts the export. */
  readonly sanitized: SecureBucket;
  /**
   * The AWS principal the warehouse's storage integration uses (Snowflake's
   * `STORAGE_AWS_IAM_USER_ARN`, known once the integration exists).
   * @default - the Terraform variable `warehouse_principal_arn`, which defaults to this account's root, so nothing outside the account can assume the role until it is set
   */
  readonly principalArn?: string;
}

/**
 * The role the central warehouse assumes to load this region's sanitized
 * export, and nothing more: read on the export prefix of the `sanitized` bucket
 * only (never `raw` or `lake`), decrypt through S3 for that bucket only, and a
 * trust that requires the warehouse's external id.
 */
export class WarehouseAccess extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: WarehouseAccessProps) {
    super(scope, id);
    const { names } = props;
    const { accountId, awsRegion } = names.region;
    const bucket = names.lakeBucket("sanitized");
    const prefix = SANITIZED_EXPORT_PREFIX;
    const key = props.sanitized.key;
    if (bucket !== props.sanitized.bucketName || !key)
      throw new Error(
        `region ${names.id}: the warehouse reads ${names.sanitizedExportPath}, so sanitized must be the KMS-encrypted bucket ${bucket}, got ${
          props.sanitized.bucketName
        }${key ? "" : " (not KMS-encrypted)"}`
      );
    const bucketArn = props.sanitized.arn;

    const principal =
      props.principalArn ??
      principalVariable(
        this,
        WAREHOUSE_PRINCIPAL_VARIABLE,
        accountId,
        "AWS principal of the warehouse storage integration (Snowflake STORAGE_AWS_IAM_USER_ARN); the default trusts only this account"
      );

    this.role = new IamRole(this, "Role", {
      name: names.warehouseReadRoleName,
      description: `central warehouse reads the ${names.id} sanitized export only`,
      maxSessionDuration: 3600,
      assumeRolePolicy: trustPolicyDocument([
        {
          Effect: "Allow",
          Principal: { AWS: principal },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "sts:ExternalId": names.warehouseExternalId } },
        },
      ]),
    });
    new IamRolePolicy(this, "Policy", {
      role: this.role.id,
      name: "read-sanitized-export",
      policy: policyDocument([
        { Sid: "ReadExport", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: `${bucketArn}/${prefix}*` },
        {
          Sid: "ListExport",
          Effect: "Allow",
          Action: "s3:ListBucket",
          Resource: bucketArn,
          Condition: { StringLike: { "s3:prefix": [prefix, `${prefix}*`] } },
        },
        { Sid: "LocateBucket", Effect: "Allow", Action: "s3:GetBucketLocation", Resource: bucketArn },
        {
          Sid: "DecryptExportThroughS3",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: key.arn,
          Condition: {
            StringEquals: { "kms:ViaService": `s3.${awsRegion}.amazonaws.com` },
            // With S3 bucket keys the context is the bucket ARN; without, the object ARN.
            StringLike: { "kms:EncryptionContext:aws:s3:arn": [bucketArn, `${bucketArn}/${prefix}*`] },
          },
        },
      ]),
    });
  }

  get roleArn(): string {
    return this.role.arn;
  }
}
