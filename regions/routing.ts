import type { Manifest } from "./manifest.js";
import {
  EMR_CLUSTER_TAG,
  LAKE_ZONES,
  type LakeZone,
  RegionResolver,
  SHARDED_TABLES,
  SPARK_JOBS,
  STREAMING_INTERVAL_MINUTES,
  STREAMING_JOBS,
  type ShardedTable,
  type SparkJob,
  WAREHOUSE,
} from "./resolvers.js";

/**
 * The region routing table: where each region's resources are, by name.
 * Orchestrator DAGs and applications read it (the seeds' "mapping tables pick
 * the cluster and the buckets"); the central stack publishes it as JSON in the
 * config bucket. It is a pure function of the manifest and the resolvers, so it
 * never depends on a regional stack's state, and adding a region adds exactly
 * one entry.
 */

export const ROUTING_TABLE_SCHEMA_VERSION = 1;

/** An SSM parameter in a region: its name and ARN. */
export interface ParameterLocation {
  readonly parameter: string;
  readonly parameterArn: string;
}

/**
 * SSM parameter (in the region) holding a job's resolved specification (constructs/spark `JobSpec` as JSON), and how
 * the orchestrator runs it: `streaming` jobs every `streamingIntervalMinutes` (availableNow), `batch` jobs daily.
 */
export interface JobSpecLocation extends ParameterLocation {
  readonly mode: "streaming" | "batch";
}

export interface RegionRoute {
  readonly id: string;
  readonly jurisdiction: string;
  readonly accountId: string;
  readonly awsRegion: string;
  /** Same-jurisdiction backup AWS region, or null. */
  readonly backupRegion: string | null;
  readonly stackName: string;
  readonly stateBucket: string;
  readonly emrCluster: {
    readonly name: string;
    /** The tag the cluster carries; the orchestrator's permissions are conditioned on it. */
    readonly tag: { readonly key: string; readonly value: string };
    /** Role in the region's account the orchestrator assumes to submit steps (works across accounts). */
    readonly orchestratorRoleArn: string;
    /** SSM parameter (in the region) holding the cluster id. */
    readonly idParameter: ParameterLocation;
  };
  readonly lakeBuckets: Readonly<Record<LakeZone, string>>;
  /** The only regional location the central warehouse may read. */
  readonly sanitizedExportPath: string;
  readonly kafkaTopics: {
    readonly cdc: Readonly<Record<ShardedTable, string>>;
    readonly events: string;
  };
  readonly shardMapParameter: string;
  readonly jobSpecs: Readonly<Record<SparkJob, JobSpecLocation>>;
  /** Fully qualified Snowflake objects the orchestrator loads this region's sanitized export into. */
  readonly warehouse: {
    readonly sanitizedTable: string;
    readonly sanitizedStage: string;
  };
}

export interface RoutingTable {
  readonly schemaVersion: typeof ROUTING_TABLE_SCHEMA_VERSION;
  readonly namespace: string;
  /** Minutes between runs of each region's streaming jobs. */
  readonly streamingIntervalMinutes: number;
  /** One entry per manifest region, in manifest order. */
  readonly regions: readonly RegionRoute[];
}

const record = <K extends string, V>(keys: readonly K[], value: (key: K) => V): Record<K, V> =>
  Object.fromEntries(keys.map((k) => [k, value(k)])) as Record<K, V>;

/** One region's routing entry. */
export function regionRoute(names: RegionResolver): RegionRoute {
  const { region } = names;
  // Parameter names start with "/", so the ARN is `...:parameter/<ns>/<id>/...`.
  const parameter = (name: string): ParameterLocation => ({ parameter: name, parameterArn: `${names.arnPrefix("ssm")}parameter${name}` });
  return {
    id: region.id,
    jurisdiction: region.jurisdiction,
    accountId: region.accountId,
    awsRegion: region.awsRegion,
    backupRegion: region.backupRegion ?? null,
    stackName: names.stackName,
    stateBucket: names.stateBucket,
    emrCluster: {
      name: names.emrClusterName,
      tag: { key: EMR_CLUSTER_TAG, value: names.emrClusterName },
      orchestratorRoleArn: names.orchestratorAccessRoleArn,
      idParameter: parameter(names.emrClusterIdParameter),
    },
    lakeBuckets: record(LAKE_ZONES, (zone) => names.lakeBucket(zone)),
    sanitizedExportPath: names.sanitizedExportPath,
    kafkaTopics: { cdc: record(SHARDED_TABLES, (table) => names.kafkaTopic(table)), events: names.eventsTopic },
    shardMapParameter: names.shardMapParameter,
    jobSpecs: record(SPARK_JOBS, (job) => ({
      ...parameter(names.jobSpecParameter(job)),
      mode: (STREAMING_JOBS as readonly SparkJob[]).includes(job) ? "streaming" : "batch",
    })),
    warehouse: {
      sanitizedTable: [WAREHOUSE.database, WAREHOUSE.sanitizedSchema, names.warehouseSanitizedTable].join("."),
      sanitizedStage: [WAREHOUSE.database, WAREHOUSE.sanitizedSchema, names.warehouseSanitizedStage].join("."),
    },
  };
}

export function routingTable(manifest: Manifest): RoutingTable {
  const namespace = manifest.central.namespace;
  return {
    schemaVersion: ROUTING_TABLE_SCHEMA_VERSION,
    namespace,
    streamingIntervalMinutes: STREAMING_INTERVAL_MINUTES,
    regions: manifest.regions.map((region) => regionRoute(new RegionResolver(region, namespace))),
  };
}

/** The JSON text published in the config bucket: stable key order, two-space indent, trailing newline. */
export function routingTableJson(manifest: Manifest): string {
  return `${JSON.stringify(routingTable(manifest), null, 2)}\n`;
}
