import { SHARDED_TABLES, type RegionResolver } from "../../regions/resolvers.js";
import { activeGenerations, reshardOf, SERVING_TO_STATES } from "../../regions/fleet.js";
import type { RegionConfig } from "../../regions/manifest.js";
import { buildShardMap, type ShardMapDatabase } from "../../regions/shard-map.js";
import { CDC_CONTROL_SCHEMA, CONTROL_TABLE_PATTERNS, debeziumControlConfig } from "./debezium-options.js";

/**
 * The Debezium connector set of a region as data: one Postgres connector per
 * physical database of each active fleet generation's shard map (never
 * hand-listed), so the set follows the manifest's fleet. While a reshard runs
 * both generations stream, each database with its own slot and publication,
 * into the same table topics; once it is `finished` only the new generation's
 * connectors remain (see `activeGenerations`). `CdcDeployment` renders these into Strimzi
 * `KafkaConnector` resources; tests read them directly.
 */

/** Where a physical database listens; Terraform references when rendered by the CDC stack. */
export interface DatabaseEndpoint {
  readonly host: string;
  readonly port: string | number;
  readonly dbName: string;
}

export interface DebeziumConnectorSpec {
  /** Kubernetes name of the `KafkaConnector`: the database's RDS identifier. */
  readonly name: string;
  /** Fleet generation of the database. */
  readonly generation: string;
  /**
   * Strimzi `KafkaConnector` state. A reshard's new generation is `stopped`
   * until `cut-over` (its databases receive the copy and the replicated
   * writes, which the old generation's connectors already stream); the old
   * generation's are `stopped` from `cut-over` on (the reshard engine drains
   * them before it switches the pooler) and gone once `finished`.
   */
  readonly state: ConnectorState;
  readonly database: ShardMapDatabase;
  readonly config: Readonly<Record<string, string | number | boolean>>;
}

export type ConnectorState = "running" | "stopped";

export const DEBEZIUM_POSTGRES_CONNECTOR = "io.debezium.connector.postgresql.PostgresConnector";
export const TABLE_ROUTER = "io.debezium.transforms.ByLogicalTableRouter";
/** Kafka Connect config provider that resolves `${secretsmanager:<secret>:<key>}` at runtime (AWS MSK config providers). */
export const SECRETS_MANAGER_CONFIG_PROVIDER = "com.amazonaws.kafka.config.providers.SecretsManagerConfigProvider";
/** Amazon RDS CA bundle baked into the Connect image, for `sslmode=verify-full`. */
export const RDS_CA_BUNDLE_PATH = "/opt/kafka/certs/rds-global-bundle.pem";

/** A value the Connect worker resolves from Secrets Manager at runtime, so no credential is in any config. */
export function secretsManagerRef(secretName: string, key: string): string {
  return `\${secretsmanager:${secretName}:${key}}`;
}

/**
 * Terraform reads `${...}` in any string as interpolation; the Connect config
 * provider's `${secretsmanager:...}` references must reach Kubernetes literally.
 */
export function terraformLiteral(value: unknown): unknown {
  if (typeof value === "string") return value.replace(/\$\{secretsmanager:/g, () => "$${secretsmanager:");
  if (Array.isArray(value)) return value.map(terraformLiteral);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, terraformLiteral(v)]));
  return value;
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `schema001\.block`, ... : every sharded table of every schema of the database (Debezium reads these as regexes). */
export function tableIncludeList(database: ShardMapDatabase): string[] {
  return database.schemas.flatMap((schema) => SHARDED_TABLES.map((table) => `${schema}\\.${table}`));
}

/** One connector per physical database of each active generation's shard map, oldest generation first. */
export function debeziumConnectors(
  names: RegionResolver,
  endpointOf: (database: ShardMapDatabase, generation: string) => DatabaseEndpoint,
): DebeziumConnectorSpec[] {
  return activeGenerations(names.region).flatMap((generation) => generationConnectors(names, generation.id, endpointOf));
}

/** Whether a generation's connectors stream now (see `DebeziumConnectorSpec.state`). */
export function connectorState(region: RegionConfig, generation: string): ConnectorState {
  const reshard = reshardOf(region);
  if (!reshard) return "running";
  const cutOver = SERVING_TO_STATES.includes(reshard.state);
  if (generation === reshard.to) return cutOver ? "running" : "stopped";
  return cutOver ? "stopped" : "running";
}

function generationConnectors(
  names: RegionResolver,
  generation: string,
  endpointOf: (database: ShardMapDatabase, generation: string) => DatabaseEndpoint,
): DebeziumConnectorSpec[] {
  const map = buildShardMap(names.region, names.namespace, { generation });
  const tables = SHARDED_TABLES.join("|");
  return map.databases.map((database) => {
    const endpoint = endpointOf(database, generation);
    const prefix = names.cdcTopicPrefix(database.index, generation);
    const slot = names.cdcSlotName(database.index, generation);
    const secret = names.debeziumSecretName(database.index, generation);
    const reshard = reshardOf(names.region);
    return {
      name: database.identifier,
      generation,
      state: connectorState(names.region, generation),
      database,
      config: {
        "connector.class": DEBEZIUM_POSTGRES_CONNECTOR,
        "tasks.max": 1,
        "plugin.name": "pgoutput",
        "slot.name": slot,
        "publication.name": slot,
        "publication.autocreate.mode": "filtered",
        "database.hostname": endpoint.host,
        "database.port": endpoint.port,
        "database.dbname": endpoint.dbName,
        "database.user": secretsManagerRef(secret, "username"),
        "database.password": secretsManagerRef(secret, "password"),
        "database.sslmode": "verify-full",
        "database.sslrootcert": RDS_CA_BUNDLE_PATH,
        "topic.prefix": prefix,
        "schema.include.list": [...database.schemas, CDC_CONTROL_SCHEMA].join(","),
        "table.include.list": [...tableIncludeList(database), ...CONTROL_TABLE_PATTERNS].join(","),
        // A reshard's new generation holds rows the old one already streamed: it starts at its slot, without a snapshot.
        "snapshot.mode": reshard?.to === generation ? "no_data" : "initial",
        // Every shard's <schema>.<table> goes to the one topic of its table; keys stay the row's own key
        // (workspace-scoped UUIDs are unique across shards, and Hudi upserts on them).
        transforms: "route,control",
        "transforms.route.type": TABLE_ROUTER,
        "transforms.route.topic.regex": `^${escapeRegex(prefix)}\\.schema\\d{3}\\.(${tables})$`,
        "transforms.route.topic.replacement": names.kafkaTopic("$1"),
        "transforms.route.key.enforce.uniqueness": false,
        ...debeziumControlConfig(names, prefix),
      },
    };
  });
}
