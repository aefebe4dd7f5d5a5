import { SHARDED_TABLES, type RegionResolver } from "../../regions/resolvers.js";
import { buildShardMap, type ShardMapDatabase } from "../../regions/shard-map.js";
import { CDC_CONTROL_SCHEMA, CONTROL_TABLE_PATTERNS, debeziumControlConfig } from "./debezium-options.js";

/**
 * The Debezium connector set of a region as data: one Postgres connector per
 * physical database of the shard map (never hand-listed), so the set follows
 * the manifest's fleet shape. `CdcDeployment` renders these into Strimzi
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
  readonly database: ShardMapDatabase;
  readonly config: Readonly<Record<string, string | number | boolean>>;
}

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

/** One connector per physical database of the region's shard map. */
export function debeziumConnectors(names: RegionResolver, endpointOf: (database: ShardMapDatabase) => DatabaseEndpoint): DebeziumConnectorSpec[] {
  const map = buildShardMap(names.region, names.namespace);
  const tables = SHARDED_TABLES.join("|");
  return map.databases.map((database) => {
    const endpoint = endpointOf(database);
    const prefix = names.cdcTopicPrefix(database.index);
    const slot = names.cdcSlotName(database.index);
    const secret = names.debeziumSecretName(database.index);
    return {
      name: database.identifier,
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
        "snapshot.mode": "initial",
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
