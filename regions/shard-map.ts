import { createHash } from "node:crypto";
import type { RegionConfig } from "./manifest.js";
import { RegionResolver, schemaName } from "./resolvers.js";

/**
 * The shard map: logical shard -> Postgres schema -> physical database.
 *
 * Logical shards are 1-based (1..logicalShards) and live in contiguous ranges:
 * with 480 shards on 32 databases, database 1 holds schema001-schema015,
 * database 2 schema016-schema030, and so on.
 *
 * Workspace -> logical shard. The seeds do not publish Notion's function, so
 * the kit defines one that any language can reproduce:
 *
 *   shard = (first 6 bytes of SHA-256(lowercase UUID text), big-endian) mod logicalShards + 1
 *
 * Hashing (instead of taking the UUID modulo the count) keeps the spread
 * uniform for time-ordered UUIDs (v1, v7), whose bits are far from random.
 */

export const SHARD_MAP_VERSION = 1;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface ShardFleetShape {
  readonly logicalShards: number;
  readonly physicalDatabases: number;
}

export interface ShardMapDatabase {
  /** 1-based physical index. */
  readonly index: number;
  /** RDS instance identifier, from the naming helper. */
  readonly identifier: string;
  readonly firstShard: number;
  readonly lastShard: number;
  /** `schema001` ... in this database, in order. */
  readonly schemas: readonly string[];
  /** Writer endpoint (`host:port`); a Terraform reference when published by the stack. @default - absent in the pure library */
  readonly endpoint?: string;
}

export interface ShardMap {
  readonly version: typeof SHARD_MAP_VERSION;
  readonly region: string;
  /**
   * Generation of the shard -> database assignment (manifest `shardFleet.shardMapEpoch`). The lake ingest stamps
   * rows with it and drops deletes from a database that does not own the row's shard in this epoch: after a
   * reshard, the old database's clean-up must not delete the moved rows from the lake.
   */
  readonly epoch: number;
  readonly logicalShards: number;
  readonly physicalDatabases: number;
  readonly shardsPerDatabase: number;
  readonly databases: readonly ShardMapDatabase[];
}

export function shardsPerDatabase(fleet: ShardFleetShape): number {
  if (fleet.logicalShards % fleet.physicalDatabases !== 0)
    throw new RangeError(`physicalDatabases ${fleet.physicalDatabases} does not divide logicalShards ${fleet.logicalShards}`);
  return fleet.logicalShards / fleet.physicalDatabases;
}

/** 1-based logical shard of a workspace UUID (see the module comment for the exact function). */
export function logicalShardFor(workspaceId: string, fleet: ShardFleetShape): number {
  const id = workspaceId.trim().toLowerCase();
  if (!UUID.test(id)) throw new TypeError(`workspace id must be a UUID such as 3f2b6c1e-8d4a-4c59-9e7b-2a1d0c9f8e71, got "${workspaceId}"`);
  const digest = createHash("sha256").update(id).digest();
  return (digest.readUIntBE(0, 6) % fleet.logicalShards) + 1;
}

function checkShard(logicalShard: number, fleet: ShardFleetShape): void {
  if (!Number.isInteger(logicalShard) || logicalShard < 1 || logicalShard > fleet.logicalShards)
    throw new RangeError(`logical shard must be 1..${fleet.logicalShards}, got ${logicalShard}`);
}

/** 1-based physical database index holding a logical shard. */
export function databaseIndexFor(logicalShard: number, fleet: ShardFleetShape): number {
  checkShard(logicalShard, fleet);
  return Math.ceil(logicalShard / shardsPerDatabase(fleet));
}

/** Postgres schema of a logical shard: `schema001` ... */
export function schemaFor(logicalShard: number, fleet: ShardFleetShape): string {
  checkShard(logicalShard, fleet);
  return schemaName(logicalShard);
}

/** The shard map of a region; pass `endpointOf` to fill in writer endpoints. */
export function buildShardMap(region: RegionConfig, namespace: string, endpointOf?: (index: number) => string): ShardMap {
  const names = new RegionResolver(region, namespace);
  const fleet = region.shardFleet;
  const per = shardsPerDatabase(fleet);
  const databases = Array.from({ length: fleet.physicalDatabases }, (_, i): ShardMapDatabase => {
    const index = i + 1;
    const firstShard = i * per + 1;
    const lastShard = firstShard + per - 1;
    return {
      index,
      identifier: names.shardDatabaseId(index),
      firstShard,
      lastShard,
      schemas: Array.from({ length: per }, (_, k) => schemaName(firstShard + k)),
      ...(endpointOf ? { endpoint: endpointOf(index) } : {}),
    };
  });
  return { version: SHARD_MAP_VERSION, region: region.id, epoch: fleet.shardMapEpoch, logicalShards: fleet.logicalShards, physicalDatabases: fleet.physicalDatabases, shardsPerDatabase: per, databases };
}

/** Database entry of a logical shard in a built map. */
export function databaseFor(logicalShard: number, map: ShardMap): ShardMapDatabase {
  return map.databases[databaseIndexFor(logicalShard, map) - 1]!;
}
