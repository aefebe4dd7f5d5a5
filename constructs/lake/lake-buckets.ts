import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { S3BucketReplicationConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-replication-configuration";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import type { LakeZone, RegionResolver } from "../../regions/resolvers.js";
import { policyDocument, serviceTrustPolicy, type PolicyStatement } from "../iam/policy.js";
import { RegionalKey } from "../keys/regional-key.js";
import { SecureBucket } from "../secure-bucket/secure-bucket.js";

/** The zones that hold lake data (everything but `logs`); these are the ones that may replicate. */
export const DATA_ZONES = ["raw", "lake", "sanitized"] as const satisfies readonly LakeZone[];
export type DataZone = (typeof DATA_ZONES)[number];

/** Key prefix of S3 server access logs in the logs bucket: `s3-access/<zone>/`. */
export const ACCESS_LOG_PREFIX = "s3-access/";

export interface LakeBucketsProps {
  readonly names: RegionResolver;
  /** The region's lake key: SSE-KMS of raw, lake and sanitized. */
  readonly key: RegionalKey;
  /**
   * Provider of the region's backup AWS region (the stack's `backup` alias). Needed only
   * when the manifest sets `lake.replicateToBackupRegion`.
   * @default - none; replication is then refused
   */
  readonly backupProvider?: TerraformProvider;
  /** Days S3 access logs are kept. @default 365 */
  readonly logRetentionDays?: number;
}

/** The same-jurisdiction copy in the backup AWS region; present only when the manifest asks for it. */
export interface LakeBackup {
  /** Lake key in the backup region (a KMS key never leaves its region, so the copy needs its own). */
  readonly key: RegionalKey;
  readonly raw: SecureBucket;
  readonly lake: SecureBucket;
  readonly sanitized: SecureBucket;
  /** Access-log target of the copies (S3 delivers access logs only within one AWS region). */
  readonly logs: SecureBucket;
  readonly replicationRole: IamRole;
}

/**
 * The region's data lake buckets: `raw` (CDC landing), `lake` (Hudi tables),
 * `sanitized` (the only location the central warehouse may read) and `logs`
 * (S3 access logs, EMR logs). Every bucket is a `SecureBucket`; the three data
 * buckets use SSE-KMS with the region's lake key and log their access into
 * `logs`. Nothing replicates, except to the region's own backup AWS region
 * when the manifest sets `lake.replicateToBackupRegion`.
 */
export class LakeBuckets extends Construct {
  readonly raw: SecureBucket;
  readonly lake: SecureBucket;
  readonly sanitized: SecureBucket;
  readonly logs: SecureBucket;
  readonly backup?: LakeBackup;

  constructor(scope: Construct, id: string, props: LakeBucketsProps) {
    super(scope, id);
    const { names } = props;
    const region = names.region;
    const noncurrentVersionDays = region.lake.noncurrentVersionDays;
    const logRetentionDays = props.logRetentionDays ?? 365;

    // S3 server access logs cannot be delivered to a bucket whose default encryption is
    // SSE-KMS (S3 user guide, "Enabling Amazon S3 server access logging"), so the logs
    // bucket alone uses SSE-S3. EMR and other writers can still put objects there with SSE-KMS.
    this.logs = new SecureBucket(this, "Logs", {
      bucketName: names.lakeBucket("logs"),
      encryption: "S3_MANAGED",
      accessLogTarget: { accountId: region.accountId },
      noncurrentVersionDays,
      expirationDays: logRetentionDays,
    });
    const dataBucket = (constructId: string, zone: DataZone, key: RegionalKey, logs: SecureBucket, bucketName: string, provider?: TerraformProvider) =>
      new SecureBucket(this, constructId, {
        bucketName,
        encryption: key,
        accessLogs: { bucket: logs, prefix: `${ACCESS_LOG_PREFIX}${zone}/` },
        noncurrentVersionDays,
        provider,
      });
    // Id "Tables", not "Lake": cdktf drops a path part its parent ends with, so "DataLake/Lake" would read as "DataLake".
    this.raw = dataBucket("Raw", "raw", props.key, this.logs, names.lakeBucket("raw"));
    this.lake = dataBucket("Tables", "lake", props.key, this.logs, names.lakeBucket("lake"));
    this.sanitized = dataBucket("Sanitized", "sanitized", props.key, this.logs, names.lakeBucket("sanitized"));

    if (!region.lake.replicateToBackupRegion) return;
    if (!region.backupRegion || !props.backupProvider)
      throw new Error(
        `region ${region.id}: lake.replicateToBackupRegion is true but ${region.backupRegion ? "no backup provider was passed to LakeBuckets" : "the region has no backupRegion"}; set backupRegion to an AWS region of jurisdiction ${region.jurisdiction} or turn replication off`,
      );
    const provider = props.backupProvider;
    const backupKey = new RegionalKey(this, "BackupKey", {
      aliasName: names.name("key", ["lake", "backup"], "kmsAlias"),
      description: `regionkit ${names.id} lake data, backup copy (${region.backupRegion})`,
      accountId: region.accountId,
      awsRegion: region.backupRegion,
      provider,
    });
    const backupLogs = new SecureBucket(this, "BackupLogs", {
      bucketName: names.lakeBackupBucket("logs"),
      encryption: "S3_MANAGED",
      accessLogTarget: { accountId: region.accountId },
      noncurrentVersionDays,
      expirationDays: logRetentionDays,
      provider,
    });
    const backupRaw = dataBucket("BackupRaw", "raw", backupKey, backupLogs, names.lakeBackupBucket("raw"), provider);
    const backupLake = dataBucket("BackupTables", "lake", backupKey, backupLogs, names.lakeBackupBucket("lake"), provider);
    const backupSanitized = dataBucket("BackupSanitized", "sanitized", backupKey, backupLogs, names.lakeBackupBucket("sanitized"), provider);

    const pairs: Array<[DataZone, SecureBucket, SecureBucket]> = [
      ["raw", this.raw, backupRaw],
      ["lake", this.lake, backupLake],
      ["sanitized", this.sanitized, backupSanitized],
    ];
    const replicationRole = new IamRole(this, "ReplicationRole", {
      name: names.name("lake-replication", [], "iamRole"),
      assumeRolePolicy: serviceTrustPolicy("s3.amazonaws.com", region.accountId),
    });
    new IamRolePolicy(this, "ReplicationRolePolicy", {
      role: replicationRole.id,
      name: "replicate-lake-to-backup-region",
      policy: policyDocument(
        replicationStatements({
          sources: pairs.map(([, source]) => source),
          destinations: pairs.map(([, , destination]) => destination),
          sourceKey: props.key,
          destinationKey: backupKey,
        }),
      ),
    });
    for (const [zone, source, destination] of pairs) {
      new S3BucketReplicationConfigurationA(this, `${source.node.id}Replication`, {
        bucket: source.bucket.id,
        role: replicationRole.arn,
        rule: [
          {
            id: `${zone}-to-backup-region`,
            status: "Enabled",
            priority: 1,
            filter: { prefix: "" },
            // Deletes stay in the primary: the copy is a backup, not a mirror.
            deleteMarkerReplication: { status: "Disabled" },
            sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
            destination: {
              bucket: destination.arn,
              storageClass: "STANDARD",
              encryptionConfiguration: { replicaKmsKeyId: backupKey.arn },
            },
          },
        ],
        dependsOn: [source.versioning, destination.versioning],
      });
    }
    this.backup = { key: backupKey, raw: backupRaw, lake: backupLake, sanitized: backupSanitized, logs: backupLogs, replicationRole };
  }

  /** The four buckets in zone order. */
  get all(): Readonly<Record<LakeZone, SecureBucket>> {
    return { raw: this.raw, lake: this.lake, sanitized: this.sanitized, logs: this.logs };
  }
}

interface ReplicationGrant {
  readonly sources: readonly SecureBucket[];
  readonly destinations: readonly SecureBucket[];
  readonly sourceKey: RegionalKey;
  readonly destinationKey: RegionalKey;
}

/** Least privilege for S3 replication: read versions of the named sources, write replicas into the named copies. */
function replicationStatements(grant: ReplicationGrant): PolicyStatement[] {
  return [
    {
      Sid: "ReadSourceConfiguration",
      Effect: "Allow",
      Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
      Resource: grant.sources.map((b) => b.arn),
    },
    {
      Sid: "ReadSourceVersions",
      Effect: "Allow",
      Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
      Resource: grant.sources.map((b) => `${b.arn}/*`),
    },
    {
      Sid: "WriteReplicas",
      Effect: "Allow",
      Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
      Resource: grant.destinations.map((b) => `${b.arn}/*`),
    },
    {
      Sid: "DecryptSource",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: grant.sourceKey.arn,
      Condition: { StringEquals: { "kms:ViaService": `s3.${grant.sourceKey.awsRegion}.amazonaws.com` } },
    },
    {
      Sid: "EncryptReplicas",
      Effect: "Allow",
      Action: ["kms:Encrypt", "kms:GenerateDataKey"],
      Resource: grant.destinationKey.arn,
      Condition: { StringEquals: { "kms:ViaService": `s3.${grant.destinationKey.awsRegion}.amazonaws.com` } },
    },
  ];
}
