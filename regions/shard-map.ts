import { createHash } from "node:crypto";
import { generationOf, mapEpoch, servingGeneration } from "./fleet.js";
import type { RegionConfig } from "./manifest.js";
import { RegionResolver, schemaName } from "./resolvers.js";
import { checkLogicalShards, shardOfDigest, type ShardFunction } from "./shard-function.js";
import { canonicalWorkspaceId } from "./workspace-id.js";

/**
 * The shard map of one fleet generation: logical shard -> Postgres schema ->
 * physical database, with the map epoch it serves at.
 *
 * Logical shards are 1-based (1..logicalShards) and live in contiguous ranges:
 * with 480 shards on 32 databases, database 1 holds schema001-schema015,
 * database 2 schema016-schema030, and so on. A generation's map never changes
 * (the lock file keeps its shape), so a database identifier always means the
 * same schemas; a reshard adds a generation with its own map and moves the
 * serving epoch to it at cut-over.
 *
 * Workspace -> logical shard is a pluggable `ShardFunction`; the default is
 * the kit's SHA-256 function (regions/shard-function.ts documents it).
 */

export const SHARD_MAP_VERSION = 1;

/** Port clients use for the pooler (PgBouncer's conventional port). */
export const POOLER_PORT = 6432;
/** Postgres database (inside each physical instance) that holds the shard schemas. */
export const SHARD_DATABASE_NAME = "shards";

export interface ShardFleetShape {
  readonly logicalShards: number;
  readonly physicalDatabases: number;
}

export interface ShardMapDatabase {
  /** 1-based physical index within the generation. */
  readonly index: number;
  /** RDS instance identifier, from the naming helper (`rk-eu-shard-001`, `rk-eu-shard-g2-001`). */
  readonly identifier: string;
  readonly firstShard: number;
  readonly lastShard: number;
  /** `schema001` ... in this database, in order. */
  readonly schemas: readonly string[];
  /** Writer endpoint (`host:port`); a Terraform reference when published by the stack. @default - absent in the pure library */
  readonly endpoint?: string;
}

/** Where one logical shard lives in a generation. */
export interface ShardMapShard {
  readonly shard: number;
  readonly schema: string;
  /** Physical index of its database in the generation. */
  readonly databaseIndex: number;
  /** RDS identifier of its database. */
  readonly database: string;
}

export interface ShardMap {
  readonly version: typeof SHARD_MAP_VERSION;
  readonly region: string;
  /** Fleet generation this map describes: `g1`, `g2`, ... */
  readonly generation: string;
  /** Map epoch at which this generation serves: the generation's number. */
  readonly epoch: number;
  /** True when this is the region's serving map (its epoch is the region's current map epoch). */
  readonly serving: boolean;
  readonly logicalShards: number;
  readonly physicalDatabases: number;
  readonly shardsPerDatabase: number;
  readonly databases: readonly ShardMapDatabase[];
  /** Every logical shard (index = shard - 1): its schema and database. */
  readonly shards: readonly ShardMapShard[];
  /** `host:port` of the pooler in front of the region's fleet. @default - absent unless passed to buildShardMap */
  readonly pooler?: string;
}

export interface BuildShardMapOptions {
  /** Fleet generation. @default - the region's serving generation */
  readonly generation?: string;
  /** Writer endpoint (`host:port`) of a physical database of the generation. @default - no endpoints */
  readonly endpointOf?: (index: number) => string;
  /** `host:port` of the region's pooler, for `connectionTarget`. @default - none */
  readonly pooler?: string;
}

export function shardsPerDatabase(fleet: ShardFleetShape): number {
  if (fleet.logicalShards % fleet.physicalDatabases !== 0)
    throw new RangeError(`physicalDatabases ${fleet.physicalDatabases} does not divide logicalShards ${fleet.logicalShards}`);
  return fleet.logicalShards / fleet.physicalDatabases;
}

/** The kit's default shard function through Node's crypto (sync); `sha256ShardWeb` is the WebCrypto twin. */
export function sha256Shard(workspaceId: string, logicalShards: number): number {
  checkLogicalShards(logicalShards);
  const id = canonicalWorkspaceId(workspaceId);
  return shardOfDigest(createHash("sha256").update(id, "utf8").digest(), logicalShards);
}

/** The kit's default `ShardFunction` for a fleet of `logicalShards`. */
export function defaultShardFunction(logicalShards: number): ShardFunction {
  checkLogicalShards(logicalShards);
  return (workspaceId) => sha256Shard(workspaceId, logicalShards);
}

/**
 * 1-based logical shard of a canonical workspace id, by `shardFunction`
 * (default: the kit's SHA-256 function). A non-canonical id is refused before
 * the function runs; a result outside 1..logicalShards is refused after.
 */
export function logicalShardFor(workspaceId: string, fleet: Pick<ShardFleetShape, "logicalShards">, shardFunction?: ShardFunction): number {
  const id = canonicalWorkspaceId(workspaceId);
  if (!shardFunction) return sha256Shard(id, fleet.logicalShards);
  const shard = shardFunction(id);
  if (!Number.isInteger(shard) || shard < 1 || shard > fleet.logicalShards)
    throw new RangeError(`the shard function returned ${String(shard)} for workspace ${id}; it must return a logical shard 1..${fleet.logicalShards}`);
  return shard;
}

function checkShard(logicalShard: number, fleet: Pick<ShardFleetShape, "logicalShards">): void {
  if (!Number.isInteger(logicalShard) || logicalShard < 1 || logicalShard > fleet.logicalShards)
    throw new RangeError(`logical shard must be 1..${fleet.logicalShards}, got ${logicalShard}`);
}

/** 1-based physical database index holding a logical shard. */
export function databaseIndexFor(logicalShard: number, fleet: ShardFleetShape): number {
  checkShard(logicalShard, fleet);
  return Math.ceil(logicalShard / shardsPerDatabase(fleet));
}

/** Postgres schema of a logical shard: `schema001` ... */
export function schemaFor(logicalShard: number, fleet: Pick<ShardFleetShape, "logicalShards">): string {
  checkShard(logicalShard, fleet);
  return schemaName(logicalShard);
}

/** The shard map of one generation of a region (default: the serving one). */
export function buildShardMap(region: RegionConfig, namespace: string, options: BuildShardMapOptions = {}): ShardMap {
  const names = new RegionResolver(region, namespace);
  const generation = options.generation === undefined ? servingGeneration(region) : generationOf(region, options.generation);
  const per = shardsPerDatabase(generation);
  const databases = Array.from({ length: generation.physicalDatabases }, (_, i): ShardMapDatabase => {
    const index = i + 1;
    const firstShard = i * per + 1;
    const lastShard = firstShard + per - 1;
    return {
      index,
      identifier: names.shardDatabaseId(index, generation.id),
      firstShard,
      lastShard,
      schemas: Array.from({ length: per }, (_, k) => schemaName(firstShard + k)),
      ...(options.endpointOf ? { endpoint: options.endpointOf(index) } : {}),
    };
  });
  const shards = databases.flatMap((d) => d.schemas.map((schema, k): ShardMapShard => ({ shard: d.firstShard + k, schema, databaseIndex: d.index, database: d.identifier })));
  return {
    version: SHARD_MAP_VERSION,
    region: region.id,
    generation: generation.id,
    epoch: generation.number,
    serving: generation.number === mapEpoch(region),
    logicalShards: generation.logicalShards,
    physicalDatabases: generation.physicalDatabases,
    shardsPerDatabase: per,
    databases,
    shards,
    ...(options.pooler ? { pooler: options.pooler } : {}),
  };
}

/** Database entry of a logical shard in a built map. */
export function databaseFor(logicalShard: number, map: ShardMap): ShardMapDatabase {
  return map.databases[databaseIndexFor(logicalShard, map) - 1]!;
}
