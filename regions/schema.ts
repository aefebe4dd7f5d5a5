import { z } from "zod";
import { AWS_REGION_CODES, JURISDICTIONS } from "./aws-regions.js";
import { DEFAULT_MAX_STORAGE_GIB, DEFAULT_STORAGE_GIB } from "./checks.js";
import { GENERATION_ID_PATTERN } from "./fleet.js";
import { didYouMean } from "./hints.js";

/**
 * The manifest's shape. Field-level rules live here (types, formats, ranges,
 * unknown keys); rules that compare fields or regions live in `checks.ts`, so
 * that every problem in a manifest is reported in one run.
 *
 * Kit defaults are the `.default()` values below; a region entry overrides any
 * of them by setting the field in its own block.
 */

const show = (value: unknown): string => (typeof value === "string" ? `"${value}"` : JSON.stringify(value) ?? String(value));

const positiveInt = (what: string) =>
  z.int({ error: (iss) => `${what} must be a whole number, got ${show(iss.input)}` }).positive({
    error: (iss) => `${what} must be greater than 0, got ${show(iss.input)}`,
  });

const awsRegionCode = z.enum(AWS_REGION_CODES as [string, ...string[]], {
  error: (iss) =>
    `unknown AWS region ${show(iss.input)}${didYouMean(String(iss.input), AWS_REGION_CODES)}; valid codes look like eu-central-1 (see regions/aws-regions.ts)`,
});

export const REGION_ID_PATTERN = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){1,11}$/;

const regionId = z.string().regex(REGION_ID_PATTERN, {
  error: (iss) =>
    `region id ${show(iss.input)} is not a short lowercase slug: 2-12 characters, a-z, 0-9 and single inner hyphens, starting with a letter (e.g. "eu", "apac-2")`,
});

const accountId = z.string({ error: (iss) => `account id must be a quoted string of 12 digits, got ${show(iss.input)} (quote it: "${String(iss.input)}")` }).regex(/^\d{12}$/, {
  error: (iss) => `account id ${show(iss.input)} is not 12 digits`,
});

const cidrBlock = z.string().regex(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/, {
  error: (iss) => `${show(iss.input)} is not an IPv4 CIDR block such as 10.20.0.0/16`,
});

const generationId = z.string().regex(GENERATION_ID_PATTERN, { error: (iss) => `generation id ${show(iss.input)} must be g<number> such as g1 or g2` });

/** One generation of a region's fleet: its own databases, whose identifiers never change meaning. */
export const FleetGenerationSchema = z.strictObject({
  id: generationId.describe("g1, g2, ...: part of every name of the generation (g1 keeps the pre-generation names)."),
  physicalDatabases: positiveInt("physicalDatabases").describe("Physical RDS instances of this generation; must divide logicalShards."),
  instanceClass: z
    .string()
    .regex(/^db\.[a-z0-9-]+\.[a-z0-9]+$/, { error: (iss) => `${show(iss.input)} is not an RDS instance class such as db.r6g.2xlarge` })
    .optional()
    .describe("Default: shardFleet.instanceClass."),
  storageGiB: positiveInt("storageGiB").optional().describe("Default: shardFleet.storageGiB."),
  maxStorageGiB: positiveInt("maxStorageGiB").optional().describe("Default: shardFleet.maxStorageGiB."),
});

export const RESHARD_STATES = ["planned", "copying", "cut-over", "finished"] as const;

/** A declared move of every logical shard from one generation to the next. */
export const ReshardSchema = z.strictObject({
  from: generationId.describe("Generation that serves before the cut-over."),
  to: generationId.describe("Generation that serves from the cut-over on."),
  state: z
    .enum(RESHARD_STATES, { error: (iss) => `unknown reshard state ${show(iss.input)}; valid: ${RESHARD_STATES.join(", ")}` })
    .describe("planned | copying | cut-over | finished; the serving generation is `to` from cut-over on."),
});

export const ShardFleetSchema = z
  .strictObject({
    preset: z
      .enum(["32x15", "96x5"], { error: (iss) => `unknown shard fleet preset ${show(iss.input)}; valid presets are "32x15" (32 databases x 15 shards) and "96x5"` })
      .optional()
      .describe("Fleet shape from the seeds: 32x15 (480 shards on 32 databases) or 96x5 (480 on 96). Sets physicalDatabases of the single default generation g1; not allowed with generations."),
    logicalShards: positiveInt("logicalShards").default(480).describe("Logical shards (Postgres schemas schema001...)."),
    physicalDatabases: positiveInt("physicalDatabases")
      .optional()
      .describe("Physical RDS instances of the single default generation g1; must divide logicalShards. Default 32, or the preset's count. Not allowed with generations."),
    instanceClass: z
      .string()
      .regex(/^db\.[a-z0-9-]+\.[a-z0-9]+$/, { error: (iss) => `${show(iss.input)} is not an RDS instance class such as db.r6g.2xlarge` })
      .default("db.r6g.2xlarge"),
    storageGiB: positiveInt("storageGiB").default(DEFAULT_STORAGE_GIB).describe("Allocated storage per database, GiB."),
    maxStorageGiB: positiveInt("maxStorageGiB").default(DEFAULT_MAX_STORAGE_GIB).describe("Storage autoscaling ceiling per database, GiB."),
    engineVersion: z.string().default("16.4"),
    backupRetentionDays: positiveInt("backupRetentionDays").default(14),
    replicateBackupsToBackupRegion: z.boolean().default(false).describe("Replicate automated backups to the region's backupRegion (same jurisdiction)."),
    poolerInstanceType: z.string().default("c7g.large").describe("PgBouncer instance type."),
    poolerInstances: positiveInt("poolerInstances").default(3),
    generations: z
      .array(FleetGenerationSchema, { error: (iss) => `generations must be a list such as [{ id: g1, physicalDatabases: 32 }], got ${show(iss.input)}` })
      .min(1, { error: "generations is empty: list at least one generation (g1)" })
      .optional()
      .describe("The fleet's generations (see regions/fleet.ts). Default: one generation g1 of physicalDatabases (or the preset's count)."),
    reshard: ReshardSchema.optional().describe("A declared reshard between the two generations."),
  })
  .prefault({});

export const KafkaSchema = z
  .strictObject({
    kafkaVersion: z.string().default("3.6.0"),
    brokerInstanceType: z.string().default("kafka.m7g.large"),
    brokersPerZone: positiveInt("brokersPerZone").default(1),
    volumeSizeGiB: positiveInt("volumeSizeGiB").default(1000),
  })
  .prefault({});

export const SparkSchema = z
  .strictObject({
    releaseLabel: z.string().default("emr-7.5.0"),
    primaryInstanceType: z.string().default("m7g.xlarge"),
    coreInstanceType: z.string().default("r7g.2xlarge"),
    coreInstanceCount: positiveInt("coreInstanceCount").default(3),
  })
  .prefault({});

export const SearchSchema = z
  .strictObject({
    engineVersion: z.string().default("OpenSearch_2.17"),
    dataInstanceType: z.string().default("r7g.large.search"),
    dataInstanceCount: positiveInt("dataInstanceCount").default(3),
    masterInstanceType: z.string().default("m7g.large.search"),
    masterInstanceCount: positiveInt("masterInstanceCount").default(3),
    volumeSizeGiB: positiveInt("volumeSizeGiB").default(512),
    adminRoles: z
      .array(
        z.string().regex(/^[\w+=,.@*-]+(?:\/[\w+=,.@*-]+)*$/, {
          error: (iss) => `search.adminRoles entry ${show(iss.input)} is not an IAM role name or path/name (letters, digits, +=,.@_-, "/" between path parts, "*" as a wildcard), e.g. "search-operators" or "aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_SearchAdmin_*"`,
        }),
      )
      .min(1, { error: "search.adminRoles is empty: name at least one role of the region's account that may act as the domain's admin" })
      .optional()
      .describe("Roles of the region's account (name or path/name, * wildcards) that may assume the search admin role. Default: <namespace>-<id>-search-operator."),
  })
  .prefault({});

export const VectorSchema = z
  .strictObject({
    engine: z.enum(["opensearch-serverless"]).default("opensearch-serverless").describe("Vector store implementation."),
    standbyReplicas: z.boolean().default(true),
  })
  .prefault({});

export const CdcSchema = z
  .strictObject({
    kubernetesVersion: z.string().default("1.31"),
    nodeInstanceType: z.string().default("m7g.large"),
    nodeCount: positiveInt("nodeCount").default(3),
  })
  .prefault({});

export const LakeSchema = z
  .strictObject({
    replicateToBackupRegion: z.boolean().default(false).describe("Replicate lake buckets to the region's backupRegion (same jurisdiction)."),
    noncurrentVersionDays: positiveInt("noncurrentVersionDays").default(30),
  })
  .prefault({});

/** Alarm thresholds: kit defaults that a region overrides by setting the field in its own `alarms` block. */
export const AlarmsSchema = z
  .strictObject({
    transactionIdsUsed: positiveInt("alarms.transactionIdsUsed")
      .max(2_000_000_000, { error: (iss) => `alarms.transactionIdsUsed must be below the 2^31 wraparound limit, e.g. 1000000000; got ${show(iss.input)}` })
      .default(1_000_000_000)
      .describe("MaximumUsedTransactionIDs per database above which wraparound is near (Postgres stops writes at ~2.1 billion)."),
    replicationSlotLagGiB: positiveInt("alarms.replicationSlotLagGiB").default(20).describe("OldestReplicationSlotLag per database, GiB (a slot is invalidated at max_slot_wal_keep_size)."),
    transactionLogsDiskGiB: positiveInt("alarms.transactionLogsDiskGiB").default(50).describe("TransactionLogsDiskUsage (WAL on disk) per database, GiB."),
    freeStorageGiB: positiveInt("alarms.freeStorageGiB").default(100).describe("FreeStorageSpace per database below which the alarm fires, GiB."),
    consumerLagSeconds: positiveInt("alarms.consumerLagSeconds").default(900).describe("EstimatedMaxTimeLag of the event sink's consumer group, seconds."),
    kafkaDiskUsedPercent: positiveInt("alarms.kafkaDiskUsedPercent")
      .max(100, { error: (iss) => `alarms.kafkaDiskUsedPercent is a percentage, 1-100; got ${show(iss.input)}` })
      .default(80)
      .describe("KafkaDataLogsDiskUsed per broker, percent."),
    lakeFreshnessMinutes: positiveInt("alarms.lakeFreshnessMinutes")
      .max(1440, { error: (iss) => `alarms.lakeFreshnessMinutes must be at most 1440 (CloudWatch evaluates at most one day), got ${show(iss.input)}` })
      .default(60)
      .describe("Minutes without a lake commit of the CDC ingest job before the lake counts as stale."),
  })
  .prefault({});

export const RegionSchema = z.strictObject({
  id: regionId.describe("Short lowercase slug; the stack is data-<id>."),
  jurisdiction: z
    .enum(JURISDICTIONS, {
      error: (iss) => (iss.input === undefined ? `jurisdiction is missing: every region names the jurisdiction its data stays in; valid: ${JURISDICTIONS.join(", ")}` : `unknown jurisdiction ${show(iss.input)}; valid: ${JURISDICTIONS.join(", ")}`),
    })
    .describe("Data may only live in AWS regions of this jurisdiction."),
  awsRegion: awsRegionCode.describe("Primary AWS region."),
  backupRegion: awsRegionCode.optional().describe("Optional backup AWS region in the same jurisdiction."),
  cidr: cidrBlock.describe("Private /16-/20 IPv4 block, not overlapping another region's."),
  accountId: accountId.optional().describe("AWS account; defaults to central.accountId."),
  availabilityZones: z
    .array(z.string(), { error: (iss) => `availabilityZones must be a list of three zone names, got ${show(iss.input)}` })
    .optional()
    .describe("Three zone names of awsRegion; defaults from regions/aws-regions.ts."),
  shardFleet: ShardFleetSchema,
  kafka: KafkaSchema,
  spark: SparkSchema,
  search: SearchSchema,
  vector: VectorSchema,
  cdc: CdcSchema,
  alarms: AlarmsSchema,
  lake: LakeSchema,
  eventHostname: z
    .string()
    .regex(/^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
      error: (iss) => `eventHostname ${show(iss.input)} is not a lower-case DNS name such as events.eu.example.com`,
    })
    .optional()
    .describe("Public DNS name of this region's logging API (edge-facing load balancer); the edge worker forwards client events here. Absent: no logging API yet, the edge answers 503 for this region."),
});

/**
 * How regional event sinks reach the central Snowflake account without internet: its AWS PrivateLink endpoint
 * service and the host names Snowflake's `SYSTEM$GET_PRIVATELINK_CONFIG()` returns.
 */
export const WarehouseEndpointSchema = z.strictObject({
  privateLinkServiceName: z
    .string()
    .regex(/^com\.amazonaws\.vpce\.[a-z]{2}(?:-[a-z]+)+-\d\.vpce-svc-[0-9a-f]{8,17}$/, {
      error: (iss) => `${show(iss.input)} is not a PrivateLink endpoint service name such as com.amazonaws.vpce.us-west-2.vpce-svc-0123456789abcdef0 (privatelink-vpce-id)`,
    })
    .describe("Snowflake account's endpoint service (privatelink-vpce-id of SYSTEM$GET_PRIVATELINK_CONFIG)."),
  accountHost: z
    .string()
    .regex(/^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.privatelink\.snowflakecomputing\.com$/, {
      error: (iss) => `${show(iss.input)} is not a Snowflake PrivateLink host such as xy12345.us-west-2.privatelink.snowflakecomputing.com (privatelink-account-url)`,
    })
    .describe("Account URL host over PrivateLink (privatelink-account-url)."),
  internalStageHost: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]*\.s3\.[a-z]{2}(?:-[a-z]+)+-\d\.amazonaws\.com$/, {
      error: (iss) => `${show(iss.input)} is not an internal stage host such as sfc-xx-ds1-customer-stage.s3.us-west-2.amazonaws.com (privatelink-internal-stage)`,
    })
    .describe("Host of the account's internal stage bucket (privatelink-internal-stage); Snowpipe Streaming uploads there."),
});

export const CentralSchema = z.strictObject(
  {
  awsRegion: awsRegionCode.describe("Home AWS region of the central stack (orchestrator, mapping table, config)."),
  accountId: accountId.describe("Default AWS account for every stack."),
  namespace: z
    .string()
    .regex(/^[a-z][a-z0-9]{1,7}$/, { error: (iss) => `namespace ${show(iss.input)} must be 2-8 characters of a-z and 0-9, starting with a letter` })
    .default("rk")
    .describe("Prefix of every physical name."),
  warehouse: WarehouseEndpointSchema.optional().describe("Snowflake PrivateLink: without it the regional event sinks have no path to the warehouse."),
  },
  { error: (iss) => (iss.input === undefined ? "central is missing: add a central block with awsRegion and accountId" : `central must be a mapping, got ${show(iss.input)}`) },
);

export const ExceptionSchema = z.strictObject({
  rule: z.string().regex(/^RK-[A-Z]+-\d{3}$/, { error: (iss) => `${show(iss.input)} is not a rule id such as RK-SEC-001` }),
  stack: z.string().optional(),
  resource: z.string().min(1),
  reason: z.string({ error: "an exception needs a reason" }).refine((r) => r.trim().length >= 10, {
    error: (iss) => `reason ${show(iss.input)} is too short: say why in at least 10 characters`,
  }),
});

export const ManifestSchema = z.strictObject({
  regions: z
    .array(RegionSchema, { error: (iss) => (iss.input === undefined ? "regions is missing: list at least one region" : `regions must be a list, got ${show(iss.input)}`) })
    .min(1, { error: "regions is empty: list at least one region" }),
  central: CentralSchema,
  exceptions: z.array(ExceptionSchema).default([]).describe("Guardrail exceptions, each with a reason."),
});

export type ManifestInput = z.input<typeof ManifestSchema>;
export type ParsedManifest = z.output<typeof ManifestSchema>;
export type ParsedRegion = z.output<typeof RegionSchema>;
