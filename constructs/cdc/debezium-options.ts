import type { RegionResolver } from "../../regions/resolvers.js";

/**
 * Operational Debezium settings every shard connector shares: a heartbeat
 * that keeps the replication slot moving while the captured tables are quiet,
 * a signalling table for ad hoc incremental snapshots, and the value encoding.
 * The two control tables live in their own schema of each shard database
 * (created by the shard bootstrap, see `cdcControlTablesSql`) and are part of
 * the connector's publication, so their writes reach the slot.
 */

/** Heartbeat period. The shard parameter group's `wal_sender_timeout` is set well above it. */
export const DEBEZIUM_HEARTBEAT_INTERVAL_MS = 10_000;
/** Schema of the CDC control tables in every shard database (never a shard schema: those are `schemaNNN`). */
export const CDC_CONTROL_SCHEMA = "regionkit_cdc";
export const HEARTBEAT_TABLE = `${CDC_CONTROL_SCHEMA}.heartbeat`;
export const SIGNAL_TABLE = `${CDC_CONTROL_SCHEMA}.debezium_signal`;
/** Debezium's default heartbeat topic prefix; heartbeats go to `<prefix>.<topic.prefix>` before the router renames them. */
export const HEARTBEAT_TOPIC_PREFIX = "__debezium-heartbeat";
/** Rows an incremental snapshot reads per chunk (Debezium's default is 1024; shard tables are large and narrow). */
export const INCREMENTAL_SNAPSHOT_CHUNK_SIZE = 8192;

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Each write is a change in the heartbeat table, which is in the publication:
 * the connector receives it, commits its offset, and the slot's confirmed LSN
 * advances even when no shard table changed (otherwise WAL written by other
 * activity piles up until `max_slot_wal_keep_size` invalidates the slot).
 */
export const HEARTBEAT_ACTION_QUERY = `INSERT INTO ${HEARTBEAT_TABLE} (id, beat_at) VALUES (1, now()) ON CONFLICT (id) DO UPDATE SET beat_at = EXCLUDED.beat_at`;

/** The control tables as `table.include.list` regexes. */
export const CONTROL_TABLE_PATTERNS: readonly string[] = [HEARTBEAT_TABLE, SIGNAL_TABLE].map(escapeRegex);

/**
 * Connector settings for heartbeat, signalling and incremental snapshots, and
 * the `control` transform that sends heartbeat records and the control
 * tables' own change events to the region's one heartbeat topic (instead of
 * one undeclared topic per database).
 */
export function debeziumControlConfig(names: RegionResolver, topicPrefix: string): Record<string, string | number | boolean> {
  const prefix = escapeRegex(topicPrefix);
  return {
    "heartbeat.interval.ms": DEBEZIUM_HEARTBEAT_INTERVAL_MS,
    "heartbeat.action.query": HEARTBEAT_ACTION_QUERY,
    "topic.heartbeat.prefix": HEARTBEAT_TOPIC_PREFIX,
    // Signals are rows inserted into the signal table (`execute-snapshot`, type incremental): no Kafka signal topic to secure.
    "signal.enabled.channels": "source",
    "signal.data.collection": SIGNAL_TABLE,
    "incremental.snapshot.chunk.size": INCREMENTAL_SNAPSHOT_CHUNK_SIZE,
    // Watermarks are inserted and deleted again, so the signal table stays small.
    "incremental.snapshot.watermarking.strategy": "insert_delete",
    // The fleet ends sessions idle in a transaction after 10 minutes; a snapshot transaction waiting on a slow Kafka is one.
    "database.initial.statements": "SET idle_in_transaction_session_timeout = 0",
    // Values carry no embedded schema (see README: converter choice), so decimals travel as strings, not base64 bytes.
    "decimal.handling.mode": "string",
    "transforms.control.type": "org.apache.kafka.connect.transforms.RegexRouter",
    "transforms.control.regex": `^(?:${escapeRegex(HEARTBEAT_TOPIC_PREFIX)}\\.${prefix}|${prefix}\\.${escapeRegex(CDC_CONTROL_SCHEMA)}\\.\\w+)$`,
    "transforms.control.replacement": names.cdcHeartbeatTopic,
  };
}

/**
 * What the shard bootstrap runs in each shard database (as the owner of the
 * connector's publication) so the connector can heartbeat and be signalled.
 * Idempotent. The publication itself is created by Debezium
 * (`publication.autocreate.mode: filtered`) from `table.include.list`, which
 * lists both tables.
 */
export function cdcControlTablesSql(debeziumRole: string): string[] {
  return [
    `CREATE SCHEMA IF NOT EXISTS ${CDC_CONTROL_SCHEMA}`,
    `CREATE TABLE IF NOT EXISTS ${HEARTBEAT_TABLE} (id integer PRIMARY KEY, beat_at timestamptz NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${SIGNAL_TABLE} (id varchar(42) PRIMARY KEY, type varchar(32) NOT NULL, data varchar(2048))`,
    `GRANT USAGE ON SCHEMA ${CDC_CONTROL_SCHEMA} TO ${debeziumRole}`,
    `GRANT SELECT, INSERT, UPDATE ON ${HEARTBEAT_TABLE} TO ${debeziumRole}`,
    // Watermark rows of incremental snapshots are inserted and deleted by the connector itself.
    `GRANT SELECT, INSERT, DELETE ON ${SIGNAL_TABLE} TO ${debeziumRole}`,
  ];
}
