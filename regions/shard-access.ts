import { POOLER_PORT, schemaFor, type ShardMap, databaseFor, logicalShardFor } from "./shard-map.js";
import type { ShardFunction } from "./shard-function.js";

/**
 * Safe routing for applications: every statement names its schema, and the
 * pooler database is chosen per logical shard. Nothing relies on
 * `search_path`: PgBouncer in transaction pooling hands a server connection
 * to a different client after every transaction, so a `SET search_path` made
 * by one client stays on that connection and the next client's unqualified
 * query runs in the wrong shard's schema; a `search_path` startup parameter is
 * either dropped (`ignore_startup_parameters`) or refused. The kit's pooler
 * config therefore does neither (the pooler refuses a `search_path` startup
 * parameter, so a client that still tries fails loudly).
 *
 * The pooler has one database entry per logical shard (`schema007`), pointing
 * at the physical database that holds the shard at the serving map epoch; a
 * reshard's cut-over rewrites those entries (PAUSE, RELOAD, RESUME), so
 * applications never change their connection target when the fleet grows.
 */

/** A Postgres identifier in double quotes, inner quotes doubled: safe for any name. */
export function quoteIdentifier(name: string): string {
  if (name.length === 0) throw new TypeError("a Postgres identifier cannot be empty");
  if (name.includes("\u0000")) throw new TypeError(`a Postgres identifier cannot contain a NUL character, got ${JSON.stringify(name)}`);
  return `"${name.replace(/"/g, '""')}"`;
}

/** `"schema007"."block"`: a table of a logical shard, schema-qualified and quoted. */
export function qualifiedTable(logicalShard: number, table: string, fleet: Pick<ShardMap, "logicalShards"> = { logicalShards: 480 }): string {
  return `${quoteIdentifier(schemaFor(logicalShard, fleet))}.${quoteIdentifier(table)}`;
}

/** The pooler's database name of a logical shard: its schema name (`schema007`). */
export function poolerDatabaseFor(logicalShard: number, fleet: Pick<ShardMap, "logicalShards">): string {
  return schemaFor(logicalShard, fleet);
}

/** Where an application connects for one logical shard. */
export interface ConnectionTarget {
  readonly shard: number;
  /** Pooler host (the region's internal NLB). */
  readonly host: string;
  readonly port: number;
  /** Pooler database name: one per logical shard, so a cut-over never changes it. */
  readonly database: string;
  /** Schema to qualify every table with (see `qualifiedTable`). */
  readonly schema: string;
  /** Map epoch and generation the pooler serves this shard from, and the physical database behind it. */
  readonly epoch: number;
  readonly generation: string;
  readonly physicalDatabase: string;
}

/** Connection target of a logical shard from the serving map (built with `pooler`). */
export function connectionTarget(map: ShardMap, logicalShard: number): ConnectionTarget {
  if (!map.serving)
    throw new Error(`shard map ${map.region}/${map.generation} (epoch ${map.epoch}) is not the serving map; applications route with the serving generation's map only`);
  if (!map.pooler) throw new Error(`shard map ${map.region}/${map.generation} has no pooler address; build it with buildShardMap(region, namespace, { pooler: "host:port" })`);
  const sep = map.pooler.lastIndexOf(":");
  const host = sep > 0 ? map.pooler.slice(0, sep) : map.pooler;
  const port = sep > 0 ? Number(map.pooler.slice(sep + 1)) : POOLER_PORT;
  return {
    shard: logicalShard,
    host,
    port,
    database: poolerDatabaseFor(logicalShard, map),
    schema: schemaFor(logicalShard, map),
    epoch: map.epoch,
    generation: map.generation,
    physicalDatabase: databaseFor(logicalShard, map).identifier,
  };
}

/**
 * Routing for one region from its serving map, with a pluggable shard
 * function (default: the kit's SHA-256 function). Workspace ids must be
 * canonical lower-case UUIDs.
 */
export class ShardRouter {
  constructor(
    readonly map: ShardMap,
    private readonly shardFunction?: ShardFunction,
  ) {}

  shardOf(workspaceId: string): number {
    return logicalShardFor(workspaceId, this.map, this.shardFunction);
  }

  target(workspaceId: string): ConnectionTarget {
    return connectionTarget(this.map, this.shardOf(workspaceId));
  }

  table(workspaceId: string, table: string): string {
    return qualifiedTable(this.shardOf(workspaceId), table, this.map);
  }
}
