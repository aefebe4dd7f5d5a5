/**
 * Postgres parameters of the shard fleet's parameter group, as data so tests
 * can check them (and start a real Postgres with the engine-level ones).
 * RDS applies `static` parameters only at reboot (`pending-reboot`), the
 * others at once.
 */

export interface ShardParameter {
  readonly name: string;
  readonly value: string;
  readonly applyMethod: "immediate" | "pending-reboot";
}

export interface ShardParameterOptions {
  /** Allocated storage of one database, GiB. */
  readonly storageGiB: number;
  /** Retained WAL per replication slot, as a share of allocated storage. */
  readonly maxSlotWalShareOfStorage: number;
}

/**
 * Replication slots per database. Steady state uses one (the Debezium slot); a
 * reshard adds the subscription's slot plus up to two table-sync slots per
 * subscription while it copies, and a lost slot is rebuilt beside the old one
 * before that is dropped. 20 leaves room for all of that at once.
 */
export const MAX_REPLICATION_SLOTS = 20;
/** WAL senders: one per slot in use plus headroom for `pg_basebackup`-style tools; must be >= the slots. */
export const MAX_WAL_SENDERS = 25;
/**
 * A walsender whose consumer sends no feedback for this long is dropped (ms).
 * Debezium answers keepalives and sends a heartbeat every 10 s; 2 minutes
 * tolerates a Connect rebalance without cutting the connection.
 */
export const WAL_SENDER_TIMEOUT_MS = 120_000;
/** A session idle inside a transaction holds back VACUUM (and the xmin horizon of every slot); end it after 10 minutes. */
export const IDLE_IN_TRANSACTION_TIMEOUT_MS = 600_000;

const param = (name: string, value: string | number, applyMethod: ShardParameter["applyMethod"] = "immediate"): ShardParameter => ({
  name,
  value: String(value),
  applyMethod,
});

export function shardParameters(options: ShardParameterOptions): ShardParameter[] {
  return [
    param("rds.logical_replication", 1, "pending-reboot"),
    param("rds.force_ssl", 1, "pending-reboot"),
    param("ssl_min_protocol_version", "TLSv1.2", "pending-reboot"),
    // MB; a slot whose consumer stalls is invalidated before it fills the volume.
    param("max_slot_wal_keep_size", Math.floor(options.storageGiB * 1024 * options.maxSlotWalShareOfStorage)),
    ...replicationParameters(),
    ...vacuumParameters(),
  ];
}

/** Logical replication at fleet scale: slot and sender headroom for a reshard, and timeouts above the CDC heartbeat. */
export function replicationParameters(): ShardParameter[] {
  return [
    param("max_replication_slots", MAX_REPLICATION_SLOTS, "pending-reboot"),
    param("max_wal_senders", MAX_WAL_SENDERS, "pending-reboot"),
    // Subscriber side of a reshard: apply plus table-sync workers of the new generation's subscriptions.
    param("max_logical_replication_workers", 10, "pending-reboot"),
    param("wal_sender_timeout", WAL_SENDER_TIMEOUT_MS),
    param("idle_in_transaction_session_timeout", IDLE_IN_TRANSACTION_TIMEOUT_MS),
  ];
}

/**
 * Autovacuum for tables of hundreds of millions of rows (the seeds sharded
 * because VACUUM stalled): the default 20% scale factor would wait for 200M
 * dead rows on a 1B-row table, and the default cost limit lets one worker
 * clean a few MB/s. Trigger at 2% (inserts too, so freezing keeps up), more
 * workers, a higher shared cost budget and more memory per worker.
 */
export function vacuumParameters(): ShardParameter[] {
  return [
    param("autovacuum_max_workers", 6, "pending-reboot"),
    param("autovacuum_naptime", 15),
    param("autovacuum_vacuum_scale_factor", 0.02),
    param("autovacuum_vacuum_insert_scale_factor", 0.02),
    param("autovacuum_analyze_scale_factor", 0.01),
    param("autovacuum_vacuum_cost_limit", 2000),
    param("autovacuum_vacuum_cost_delay", 2),
    // kB: 1 GiB per worker (6 GiB at most on a 64 GiB db.r6g.2xlarge).
    param("autovacuum_work_mem", 1_048_576),
  ];
}
