import type pg from "pg";
import type { ConnectorSpec } from "./plan.js";
import { qi, ql } from "./pg.js";

/**
 * CDC connectors during a reshard. Each generation's connectors have their
 * own replication slot and publication per database (named after the
 * connector), so the new generation's connectors start while the old ones
 * still run, and the old ones are stopped only after the new ones caught up.
 *
 * The engine drives connectors through this interface. Kafka Connect is not
 * available on this machine, so the kit ships `LocalConnectorController`: it
 * creates the slot and publication the Debezium connector would use and
 * consumes the slot itself with pgoutput through SQL (a connector that
 * discards what it reads), which makes "caught up" a real measurement. A
 * Kafka Connect controller would create/delete the connector through the
 * Connect REST API and read its lag from the slot the same way.
 */
export interface ConnectorController {
  /** Create the connector's slot and publication and start it; idempotent. */
  start(spec: ConnectorSpec, db: pg.Client): Promise<void>;
  /** Let the connector run, then return how many bytes of WAL its slot is behind; undefined when it does not exist. */
  lagBytes(spec: ConnectorSpec, db: pg.Client): Promise<number | undefined>;
  /** Stop the connector and drop its slot and publication; idempotent. */
  stop(spec: ConnectorSpec, db: pg.Client): Promise<void>;
}

export class LocalConnectorController implements ConnectorController {
  /** Changes each connector consumed (pgoutput messages), for reports and tests. */
  readonly consumed = new Map<string, number>();

  async start(spec: ConnectorSpec, db: pg.Client): Promise<void> {
    const pub = await db.query("SELECT 1 FROM pg_catalog.pg_publication WHERE pubname = $1", [spec.name]);
    if (pub.rowCount === 0) await db.query(`CREATE PUBLICATION ${qi(spec.name)} FOR TABLES IN SCHEMA ${spec.schemas.map(qi).join(", ")}`);
    const slot = await db.query("SELECT 1 FROM pg_catalog.pg_replication_slots WHERE slot_name = $1", [spec.name]);
    if (slot.rowCount === 0) await db.query("SELECT pg_catalog.pg_create_logical_replication_slot($1, 'pgoutput')", [spec.name]);
  }

  async lagBytes(spec: ConnectorSpec, db: pg.Client): Promise<number | undefined> {
    const slot = await db.query("SELECT 1 FROM pg_catalog.pg_replication_slots WHERE slot_name = $1", [spec.name]);
    if (slot.rowCount === 0) return undefined;
    const read = await db.query(
      `SELECT count(*)::bigint AS n FROM pg_catalog.pg_logical_slot_get_binary_changes($1, NULL, NULL, 'proto_version', '1', 'publication_names', ${ql(spec.name)})`,
      [spec.name],
    );
    this.consumed.set(spec.name, (this.consumed.get(spec.name) ?? 0) + Number(read.rows[0].n));
    const lag = await db.query("SELECT pg_catalog.pg_wal_lsn_diff(pg_catalog.pg_current_wal_lsn(), confirmed_flush_lsn)::bigint AS lag FROM pg_catalog.pg_replication_slots WHERE slot_name = $1", [spec.name]);
    return Number(lag.rows[0].lag);
  }

  async stop(spec: ConnectorSpec, db: pg.Client): Promise<void> {
    await db.query("SELECT pg_catalog.pg_drop_replication_slot(slot_name) FROM pg_catalog.pg_replication_slots WHERE slot_name = $1 AND NOT active", [spec.name]);
    await db.query(`DROP PUBLICATION IF EXISTS ${qi(spec.name)}`);
  }
}
