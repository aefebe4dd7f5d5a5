import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration, type S3BucketLifecycleConfigurationRule } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import type { TerraformProvider } from "cdktf";
import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { policyDocument, type PolicyStatement } from "../iam/policy.js";
import type { RegionalKey } from "../keys/regional-key.js";

export interface SecureBucketProps {
  /** Physical name, from the naming helper. */
  readonly bucketName: string;
  /**
   * The regional key for SSE-KMS (with bucket keys on). `"S3_MANAGED"` is only
   * for targets of S3 server access logs, which S3 cannot deliver to an SSE-KMS
   * bucket.
   */
  readonly encryption: RegionalKey | "S3_MANAGED";
  /**
   * Where S3 server access logs go. The target bucket's policy then lets the S3
   * logging service write under `prefix`, for this bucket only.
   * @default - no access logging (only for a log bucket itself)
   */
  readonly accessLogs?: { readonly bucket: SecureBucket; readonly prefix: string };
  /**
   * Make this bucket a target of S3 server access logs from buckets of this
   * account. It must use `"S3_MANAGED"` encryption.
   * @default - not a log target; naming it in another bucket's `accessLogs` is an error
   */
  readonly accessLogTarget?: { readonly accountId: string };
  /** Days before noncurrent object versions expire. @default 30 */
  readonly noncurrentVersionDays?: number;
  /** Days before incomplete multipart uploads are aborted. @default 7 */
  readonly abortMultipartDays?: number;
  /** Days before current objects expire (log buckets). @default - objects never expire */
  readonly expirationDays?: number;
  /** Provider for a bucket outside the stack's primary region (the backup region). @default - the stack's default provider */
  readonly provider?: TerraformProvider;
}

/**
 * An S3 bucket with every secure default on: encryption with a regional key,
 * versioning, all four public-access blocks, `BucketOwnerEnforced` (no ACLs), a
 * policy denying non-TLS requests, access logging, lifecycle clean-up, no
 * `force_destroy`, and `prevent_destroy`.
 */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly bucketName: string;
  readonly key?: RegionalKey;
  /** Replication needs versioning on both sides first: depend on this. */
  readonly versioning: S3BucketVersioningA;
  readonly arn: string;
  private readonly statements: PolicyStatement[] = [];
  private readonly logTargetAccountId?: string;
  private readonly logSources: Array<{ readonly source: SecureBucket; readonly prefix: string }> = [];

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    this.bucketName = props.bucketName;
    if (props.accessLogTarget && props.encryption !== "S3_MANAGED")
      throw new Error(`bucket ${props.bucketName}: an access-log target must use encryption "S3_MANAGED"; S3 does not deliver server access logs to an SSE-KMS bucket`);
    this.logTargetAccountId = props.accessLogTarget?.accountId;
    const provider = props.provider;
    this.bucket = new S3Bucket(this, "Resource", {
      bucket: props.bucketName,
      forceDestroy: false,
      provider,
      lifecycle: { preventDestroy: true },
    });
    const bucket = this.bucket.id;
    this.arn = this.bucket.arn;

    this.versioning = new S3BucketVersioningA(this, "Versioning", { bucket, provider, versioningConfiguration: { status: "Enabled" } });

    if (props.encryption !== "S3_MANAGED") this.key = props.encryption;
    new S3BucketServerSideEncryptionConfigurationA(this, "Encryption", {
      bucket,
      provider,
      rule: [
        this.key
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: this.key.arn }, bucketKeyEnabled: true }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
      ],
    });

    new S3BucketPublicAccessBlock(this, "PublicAccessBlock", {
      bucket,
      provider,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });

    new S3BucketOwnershipControls(this, "Ownership", { bucket, provider, rule: { objectOwnership: "BucketOwnerEnforced" } });

    this.statements.push({
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
      Condition: { Bool: { "aws:SecureTransport": false } },
    });
    new S3BucketPolicy(this, "Policy", {
      bucket,
      provider,
      policy: Lazy.stringValue({ produce: () => policyDocument([...this.statements, ...this.logDeliveryStatements()]) }),
    });

    if (props.accessLogs) {
      props.accessLogs.bucket.receiveAccessLogs(this, props.accessLogs.prefix);
      new S3BucketLoggingA(this, "AccessLogs", {
        bucket,
        provider,
        targetBucket: props.accessLogs.bucket.bucket.id,
        targetPrefix: props.accessLogs.prefix,
      });
    }

    const rules: S3BucketLifecycleConfigurationRule[] = [
      {
        id: "expire-noncurrent-versions",
        status: "Enabled",
        filter: [{ prefix: "" }],
        noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionDays ?? 30 }],
      },
      {
        id: "abort-incomplete-multipart-uploads",
        status: "Enabled",
        filter: [{ prefix: "" }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: props.abortMultipartDays ?? 7 }],
      },
    ];
    if (props.expirationDays !== undefined)
      rules.push({ id: "expire-current-objects", status: "Enabled", filter: [{ prefix: "" }], expiration: [{ days: props.expirationDays }] });
    new S3BucketLifecycleConfiguration(this, "Lifecycle", { bucket, provider, rule: rules });
  }

  /** Called by a bucket whose `accessLogs` names this one. */
  receiveAccessLogs(source: SecureBucket, prefix: string): void {
    if (this.logTargetAccountId === undefined)
      throw new Error(`bucket ${source.bucketName} sends access logs to ${this.bucketName}, which is not an access-log target: create it with accessLogTarget and encryption "S3_MANAGED"`);
    this.logSources.push({ source, prefix });
  }

  /** One grant per source bucket: the S3 logging service, for that bucket only, under its own prefix. */
  private logDeliveryStatements(): PolicyStatement[] {
    return this.logSources.map(({ source, prefix }, i) => ({
      Sid: `S3ServerAccessLogs${i + 1}`,
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${this.arn}/${prefix}*`,
      Condition: { StringEquals: { "aws:SourceAccount": this.logTargetAccountId! }, ArnLike: { "aws:SourceArn": source.arn } },
    }));
  }

  /** Add a statement to the bucket policy (the TLS-only deny is always first). */
  addToPolicy(statement: PolicyStatement): void {
    this.statements.push(statement);
  }
}
