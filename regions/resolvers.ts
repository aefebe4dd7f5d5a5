import { FIRST_GENERATION, generationOf, type FleetGeneration } from "./fleet.js";
import { didYouMean } from "./hints.js";
import type { CentralConfig, Manifest, RegionConfig } from "./manifest.js";
import { label, type NamedService } from "./naming.js";

/**
 * Typed resolvers from a region to its physical names: the kit's stacks use
 * them, and so can applications and the orchestrator (the seeds' "shared
 * library of region enums and helpers"). Everything here is a pure function of
 * the manifest, so the central stack can name regional resources without
 * reading any regional Terraform state.
 */

export const LAKE_ZONES = ["raw", "lake", "sanitized", "logs"] as const;
export type LakeZone = (typeof LAKE_ZONES)[number];

/** Tables sharded by workspace id (one Kafka topic each, not one per shard). */
export const SHARDED_TABLES = ["block", "space", "collection", "comment", "discussion", "notification", "team"] as const;
export type ShardedTable = (typeof SHARDED_TABLES)[number];

/** Tables the search-reindex job indexes (one index per table, `<table>` or a versioned `<table>-<n>` behind an alias). */
export const SEARCHABLE_TABLES = ["block", "collection", "comment", "discussion", "space", "team"] as const;

/** Spark jobs every region runs, submitted by the central orchestrator to that region's EMR cluster. */
export const SPARK_JOBS = ["cdc-ingest", "search-reindex", "embeddings", "sanitize", "onboard-embeddings"] as const;
/** The job run per workspace when it becomes eligible for AI features, only in its active region (WorkspaceRegions.assertWorkspaceInRegion). */
export const ONBOARDING_JOB = "onboard-embeddings" satisfies SparkJob;
export type SparkJob = (typeof SPARK_JOBS)[number];

/**
 * Jobs that consume Kafka: Structured Streaming with the `availableNow` trigger, submitted every
 * `STREAMING_INTERVAL_MINUTES` (each run reads what arrived since its checkpoint, then ends). The other jobs are
 * daily batches over the lake.
 */
export const STREAMING_JOBS = ["cdc-ingest", "embeddings"] as const satisfies readonly SparkJob[];
export const STREAMING_INTERVAL_MINUTES = 15;

/**
 * Tag on each region's EMR cluster whose value is the cluster name. The cluster
 * ARN holds a generated id, so the orchestrator's permission to add steps is
 * scoped by region+account ARN prefix and this tag.
 */
export const EMR_CLUSTER_TAG = "regionkit:emr-cluster";

/**
 * Central warehouse object names (Snowflake). One events table and one sanitized
 * landing table per region; a view merges the events tables with a region column.
 */
export const WAREHOUSE = {
  database: "REGIONKIT",
  eventsSchema: "EVENTS",
  sanitizedSchema: "SANITIZED",
  eventsView: "EVENTS_ALL_REGIONS",
  sanitizedView: "SANITIZED_ALL_REGIONS",
} as const;

/** Path of the logging API's event intake, on both of its load balancers. */
export const EVENTS_PATH = "/v1/events";

/** Prefix of the sanitize job's output in the `sanitized` bucket: the only thing the warehouse reads. */
export const SANITIZED_EXPORT_PREFIX = "export/";

export const CENTRAL_STACK = "central";
export const WAREHOUSE_STACK = "warehouse";
/** The Cloudflare edge router (synth only, like `warehouse`); its state sits beside central's. */
export const EDGE_STACK = "edge";
export const regionalStackName = (regionId: string): string => `data-${regionId}`;
/** The per-region stack for what needs the Kubernetes provider (the CDC deployment on EKS). */
export const cdcStackName = (regionId: string): string => `cdc-${regionId}`;

/** `schema001` ... `schema480`: the Postgres schema of a 1-based logical shard. */
export function schemaName(logicalShard: number): string {
  if (!Number.isInteger(logicalShard) || logicalShard < 1) throw new RangeError(`logical shard must be a whole number >= 1, got ${logicalShard}`);
  return `schema${String(logicalShard).padStart(3, "0")}`;
}

/** The Terraform state bucket of an account in an AWS region. Created once per account and region by `npm run bootstrap`. */
export function stateBucketName(namespace: string, accountId: string, awsRegion: string): string {
  return label({ namespace, region: "tfstate", component: accountId, qualifiers: [awsRegion] }, "s3Bucket");
}

/** What `npm run bootstrap` creates beside the state bucket: its access-log bucket and its KMS key alias. */
export function stateBootstrapNames(namespace: string, accountId: string, awsRegion: string): { readonly logBucket: string; readonly keyAlias: string } {
  return {
    logBucket: label({ namespace, region: "tfstate", component: accountId, qualifiers: [awsRegion, "logs"] }, "s3Bucket"),
    keyAlias: label({ namespace, region: "tfstate", component: "key", qualifiers: [awsRegion] }, "kmsAlias"),
  };
}

export class RegionResolver {
  constructor(
    readonly region: RegionConfig,
    readonly namespace: string,
  ) {}

  get id(): string {
    return this.region.id;
  }

  get stackName(): string {
    return regionalStackName(this.region.id);
  }

  /** The AWS regions this region's data may live in: primary, then backup. */
  get allowedAwsRegions(): readonly string[] {
    return this.region.backupRegion ? [this.region.awsRegion, this.region.backupRegion] : [this.region.awsRegion];
  }

  /** Any physical name in this region; prefer a specific resolver below where one exists. */
  name(component: string, qualifiers: ReadonlyArray<string | number> = [], service: NamedService = "generic"): string {
    return label({ namespace: this.namespace, region: this.region.id, component, qualifiers }, service);
  }

  /** CloudWatch log group of this region's own components: `/rk/eu/msk/brokers`. */
  logGroupName(...parts: string[]): string {
    return `/${this.namespace}/${this.id}/${parts.join("/")}`;
  }

  /**
   * RDS identifier of a 1-based physical database of a fleet generation:
   * `rk-eu-shard-001` in g1 (the names from before generations), `rk-eu-shard-g2-001` in g2.
   * `generation` defaults to the region's first declared generation (g1 unless it was retired).
   */
  shardDatabaseId(physicalIndex: number, generation?: string): string {
    return this.name("shard", [...this.generationPart(generation), this.physicalIndexLabel(physicalIndex, generation)], "rdsIdentifier");
  }

  /** A declared generation; the first declared one when `generation` is undefined. */
  private generation(generation: string | undefined): FleetGeneration {
    return generationOf(this.region, generation ?? this.region.shardFleet.generations[0]!.id);
  }

  /** The generation qualifier of a name: none for g1, so existing databases keep their names. */
  private generationPart(generation: string | undefined): string[] {
    const { id } = this.generation(generation);
    return id === FIRST_GENERATION ? [] : [id];
  }

  /** `001`: a valid 1-based physical database index of the generation, zero-padded. */
  private physicalIndexLabel(physicalIndex: number, generation?: string): string {
    const gen = this.generation(generation);
    const count = gen.physicalDatabases;
    if (!Number.isInteger(physicalIndex) || physicalIndex < 1 || physicalIndex > count)
      throw new RangeError(`physical database index must be 1..${count} in region ${this.id}${gen.id === FIRST_GENERATION ? "" : ` generation ${gen.id}`}, got ${physicalIndex}`);
    return String(physicalIndex).padStart(3, "0");
  }

  /** Lake bucket of a zone: `rk-eu-lake-raw-222222222222`. */
  lakeBucket(zone: LakeZone): string {
    return this.name("lake", [zone, this.region.accountId], "s3Bucket");
  }

  /** Same-jurisdiction copy of a lake bucket in the backup AWS region, when the manifest asks for one. */
  lakeBackupBucket(zone: LakeZone): string {
    if (!this.region.backupRegion) throw new Error(`region ${this.id} has no backupRegion`);
    return this.name("lake", [zone, "backup", this.region.accountId], "s3Bucket");
  }

  /** S3 prefix of a table in a lake zone: `s3://rk-eu-lake-lake-222222222222/tables/block/`. */
  tablePath(table: string, zone: LakeZone = "lake"): string {
    return `s3://${this.lakeBucket(zone)}/tables/${table}/`;
  }

  /** Kafka topic carrying the change stream of one table from every shard: `eu.cdc.block`. */
  kafkaTopic(table: string): string {
    return `${this.id}.cdc.${table}`;
  }

  /** Kafka topic of sanitized product events: `eu.events`. */
  get eventsTopic(): string {
    return `${this.id}.events`;
  }

  /** The logging API's client-event URL behind the edge (regions/routing.ts), or undefined before the region has one. */
  get eventEndpoint(): string | undefined {
    return this.region.eventHostname ? `https://${this.region.eventHostname}${EVENTS_PATH}` : undefined;
  }

  /** DNS name of the logging API's internal load balancer, for server events from inside the region. */
  get internalEventHostname(): string | undefined {
    return this.region.eventHostname ? `internal.${this.region.eventHostname}` : undefined;
  }

  /** Dead-letter topic of the event sink: events the warehouse connector could not convert or write, `eu.events.dlq`. */
  eventsDeadLetterTopic(): string {
    return `${this.eventsTopic}.dlq`;
  }

  /** Kafka Connect internal topic of the CDC Connect cluster: `eu.connect.cdc.offsets`. */
  cdcConnectTopic(kind: "configs" | "offsets" | "status" | "*"): string {
    return `${this.id}.connect.cdc.${kind}`;
  }

  /** Consumer group of the CDC Connect workers: `eu.connect.cdc`. */
  get cdcConnectGroup(): string {
    return `${this.id}.connect.cdc`;
  }

  /** Heartbeats of every CDC connector of the region and the changes of their control tables: `eu.cdc-heartbeat` (not under `eu.cdc.`, which holds table topics only). */
  get cdcHeartbeatTopic(): string {
    return `${this.id}.cdc-heartbeat`;
  }

  /** Debezium `topic.prefix` of a physical database (never a real topic: the router renames every table topic): `eu.shard001`, `eu.g2.shard001`. */
  cdcTopicPrefix(physicalIndex: number, generation?: string): string {
    return [this.id, ...this.generationPart(generation), `shard${this.physicalIndexLabel(physicalIndex, generation)}`].join(".");
  }

  /** Postgres replication slot and publication of a physical database's connector: `rk_eu_cdc_001`, `rk_eu_cdc_g2_001`. */
  cdcSlotName(physicalIndex: number, generation?: string): string {
    return [this.namespace, this.id, "cdc", ...this.generationPart(generation), this.physicalIndexLabel(physicalIndex, generation)].join("_").replace(/-/g, "_");
  }

  /** Secrets Manager secret with the Debezium login of a physical database: `rk-eu-debezium-001`, `rk-eu-debezium-g2-001`. */
  debeziumSecretName(physicalIndex: number, generation?: string): string {
    return this.name("debezium", [...this.generationPart(generation), this.physicalIndexLabel(physicalIndex, generation)], "secret");
  }

  /** Secrets Manager secret with the Snowflake key pair of the event sink: `rk-eu-event-sink-snowflake`. */
  get eventSinkSecretName(): string {
    return this.name("event-sink", ["snowflake"], "secret");
  }

  /** MSK Connect connector streaming the events topic to the warehouse: `rk-eu-event-sink`. */
  get eventSinkConnectorName(): string {
    return this.name("event-sink");
  }

  get cdcStackName(): string {
    return cdcStackName(this.region.id);
  }

  get stateBucket(): string {
    return stateBucketName(this.namespace, this.region.accountId, this.region.awsRegion);
  }

  get emrClusterName(): string {
    return this.name("spark", [], "emrCluster");
  }

  get mskClusterName(): string {
    return this.name("kafka", [], "mskCluster");
  }

  get eksClusterName(): string {
    return this.name("cdc", [], "eksCluster");
  }

  get searchDomainName(): string {
    return this.name("search", [], "openSearchDomain");
  }

  get vectorCollectionName(): string {
    return this.name("vectors", [], "openSearchServerless");
  }

  /** Role the product's search path assumes to query this region's search domain (read only): `rk-eu-search-reader`. */
  get searchReaderRoleName(): string {
    return this.name("search-reader", [], "iamRole");
  }

  /** Role the product's AI retrieval path assumes to query this region's vector store (read only): `rk-eu-vector-reader`. */
  get vectorReaderRoleName(): string {
    return this.name("vector-reader", [], "iamRole");
  }

  /** SSM parameter holding the search domain's fine-grained-access roles and role mappings (applied with the admin role). */
  get searchSecurityParameter(): string {
    return `/${this.namespace}/${this.id}/search/security-config`;
  }

  /** SSM parameter holding the published shard map of g1 (its header; entries per database are under `shardMapDatabasesPath`). */
  get shardMapParameter(): string {
    return `/${this.namespace}/${this.id}/shard-map`;
  }

  /** SSM parameter of a generation's shard map header: `/rk/eu/shard-map` for g1 (as before generations), `/rk/eu/shard-map/g2`. */
  shardMapParameterOf(generation: string): string {
    const [part] = this.generationPart(generation);
    return part ? `${this.shardMapParameter}/${part}` : this.shardMapParameter;
  }

  /**
   * SSM parameter naming the serving generation and its map epoch. Published
   * whenever the fleet is not the single pre-generation g1 (then its absence
   * means: epoch 1, map at `shardMapParameter`).
   */
  get shardMapServingParameter(): string {
    return `${this.shardMapParameter}/serving`;
  }

  /** SSM path of the per-database shard map entries of g1 (read with GetParametersByPath). */
  get shardMapDatabasesPath(): string {
    return `${this.shardMapParameter}/databases/`;
  }

  /** SSM path of a generation's per-database shard map entries. */
  shardMapDatabasesPathOf(generation: string): string {
    return `${this.shardMapParameterOf(generation)}/databases/`;
  }

  /** SSM parameter of one physical database's shard map entry: `/rk/eu/shard-map/databases/001`, `/rk/eu/shard-map/g2/databases/001`. */
  shardMapDatabaseParameter(physicalIndex: number, generation?: string): string {
    const { id } = this.generation(generation);
    return `${this.shardMapDatabasesPathOf(id)}${this.physicalIndexLabel(physicalIndex, id)}`;
  }

  /** In-region bucket of Spark job entrypoints and the EMR in-transit TLS certificates (no customer data). */
  get sparkArtifactsBucket(): string {
    return this.name("spark", ["artifacts", this.region.accountId], "s3Bucket");
  }

  /** EMR runtime role one Spark job's steps run as. */
  sparkJobRoleName(job: SparkJob): string {
    return this.name("spark-job", [job], "iamRole");
  }

  sparkJobRoleArn(job: SparkJob): string {
    return `arn:aws:iam::${this.region.accountId}:role/${this.sparkJobRoleName(job)}`;
  }

  /** In-region ECR repository of one CDC container image. */
  cdcImageRepository(image: string): string {
    return this.name("cdc", [image]);
  }

  /** SSM parameter holding one Spark job's resolved specification, in-region. */
  jobSpecParameter(job: SparkJob): string {
    return `/${this.namespace}/${this.id}/spark/jobs/${job}`;
  }

  /** Where the sanitize job writes, and the only regional location the central warehouse may read. */
  get sanitizedExportPath(): string {
    return `s3://${this.lakeBucket("sanitized")}/${SANITIZED_EXPORT_PREFIX}`;
  }

  /** Region-specific Snowflake table the event sink writes to: `EVENTS_EU`. */
  get warehouseEventsTable(): string {
    return `EVENTS_${this.id.replace(/-/g, "_").toUpperCase()}`;
  }

  /** Snowflake landing table for this region's sanitized export: `SANITIZED_EU`. */
  get warehouseSanitizedTable(): string {
    return `SANITIZED_${this.id.replace(/-/g, "_").toUpperCase()}`;
  }

  /** SSM parameter holding this region's EMR cluster id, so the orchestrator needs no ListClusters. */
  get emrClusterIdParameter(): string {
    return `/${this.namespace}/${this.id}/spark/cluster-id`;
  }

  /** Role in this region's account that the central orchestrator assumes to submit and watch EMR steps here. */
  get orchestratorAccessRoleName(): string {
    return this.name("orchestrator-access", [], "iamRole");
  }

  get orchestratorAccessRoleArn(): string {
    return `arn:aws:iam::${this.region.accountId}:role/${this.orchestratorAccessRoleName}`;
  }

  /** Snowflake storage integration reading this region's sanitized export only: `RK_EU_SANITIZED`. */
  get warehouseStorageIntegration(): string {
    return `${this.namespace}_${this.id}_SANITIZED`.replace(/-/g, "_").toUpperCase();
  }

  /** Snowflake role of this region's event sink: may insert into this region's events table only. */
  get warehouseEventSinkRole(): string {
    return `${this.namespace}_${this.id}_EVENT_SINK`.replace(/-/g, "_").toUpperCase();
  }

  /** Snowflake stage over the sanitized export: `SANITIZED_EU_STAGE`. */
  get warehouseSanitizedStage(): string {
    return `${this.warehouseSanitizedTable}_STAGE`;
  }

  /** IAM role in this region's account that the warehouse assumes to read the sanitized export. */
  get warehouseReadRoleName(): string {
    return this.name("warehouse-read", [], "iamRole");
  }

  get warehouseReadRoleArn(): string {
    return `arn:aws:iam::${this.region.accountId}:role/${this.warehouseReadRoleName}`;
  }

  /** External id the warehouse presents when assuming the read role (confused-deputy guard); fixed so both sides agree without sharing state. */
  get warehouseExternalId(): string {
    return this.name("warehouse", [this.region.accountId]);
  }

  /** ARN prefix of this region's resources of a service: `arn:aws:<service>:<awsRegion>:<account>:`. */
  arnPrefix(service: string): string {
    return `arn:aws:${service}:${this.region.awsRegion}:${this.region.accountId}:`;
  }
}

export class CentralResolver {
  constructor(readonly central: CentralConfig) {}

  get stackName(): string {
    return CENTRAL_STACK;
  }

  name(component: string, qualifiers: ReadonlyArray<string | number> = [], service: NamedService = "generic"): string {
    return label({ namespace: this.central.namespace, region: "central", component, qualifiers }, service);
  }

  /** CloudWatch log group of a central component: `/rk/central/vpc-flow-logs`. */
  logGroupName(...parts: string[]): string {
    return `/${this.central.namespace}/central/${parts.join("/")}`;
  }

  /** Shared, customer-data-free configuration: routing table, DAGs, job definitions. */
  get configBucket(): string {
    return this.name("config", [this.central.accountId], "s3Bucket");
  }

  /** Target of the config bucket's S3 server access logs. */
  get accessLogBucket(): string {
    return this.name("access-logs", [this.central.accountId], "s3Bucket");
  }

  get stateBucket(): string {
    return stateBucketName(this.central.namespace, this.central.accountId, this.central.awsRegion);
  }

  /** DynamoDB table mapping each workspace to its active region (see regions/workspace-region.ts). */
  get workspaceRegionTable(): string {
    return this.name("workspace-regions", [], "dynamoTable");
  }

  /** The one Airflow (MWAA) environment. */
  get orchestratorName(): string {
    return this.name("airflow", [], "mwaaEnvironment");
  }

  /** Execution role of the orchestrator: the identity that submits work to regional EMR clusters. */
  get orchestratorExecutionRoleName(): string {
    return this.name("airflow-execution", [], "iamRole");
  }

  /** Key of the region routing table (regions/routing.ts) in the config bucket. */
  get routingTableKey(): string {
    return "routing/regions.json";
  }
}

/** Resolver of one manifest region; an unknown id is an error that lists the known ones. */
export function regionResolver(manifest: Manifest, regionId: string): RegionResolver {
  const region = manifest.regions.find((r) => r.id === regionId);
  if (!region) {
    const ids = manifest.regions.map((r) => r.id);
    throw new Error(`unknown region "${regionId}"${didYouMean(regionId, ids)}; the manifest has: ${ids.join(", ")}`);
  }
  return new RegionResolver(region, manifest.central.namespace);
}

export function centralResolver(manifest: Manifest): CentralResolver {
  return new CentralResolver(manifest.central);
}

/** The state bucket a stack's backend uses: in the stack's own AWS region and account. */
export function stateBucket(manifest: Manifest, stackName: string): string {
  // The warehouse and edge stacks keep their state beside central's: same account and home region, their own keys.
  if (stackName === CENTRAL_STACK || stackName === WAREHOUSE_STACK || stackName === EDGE_STACK) return centralResolver(manifest).stateBucket;
  const region = manifest.regions.find((r) => regionalStackName(r.id) === stackName || cdcStackName(r.id) === stackName);
  if (!region) throw new Error(`no stack "${stackName}" in the manifest; stacks: ${[CENTRAL_STACK, ...manifest.regions.map((r) => regionalStackName(r.id))].join(", ")}`);
  return new RegionResolver(region, manifest.central.namespace).stateBucket;
}
