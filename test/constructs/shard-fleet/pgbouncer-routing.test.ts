import { connect } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgbouncerIni } from "../../../constructs/shard-fleet/pgbouncer.js";
import { localServersUnavailable, startPgBouncer, startPostgres, type LocalPgBouncer, type LocalPostgres } from "../../../reshard/local/servers.js";
import { qualifiedTable, ShardRouter } from "../../../regions/shard-access.js";
import { buildShardMap, SHARD_DATABASE_NAME, type ShardMap } from "../../../regions/shard-map.js";
import { oneRegionManifest } from "../../helpers.js";
import { renderInTerraform } from "./render-in-terraform.js";

/**
 * The kit's pooler routing on real PostgreSQL 15 and PgBouncer: the `[databases]` entries
 * `pgbouncerIni` generates (one per logical shard, rendered by real Terraform) in a real PgBouncer in transaction pooling,
 * in front of two real databases. Shows each shard's pooler database reaching the database that
 * holds it, a `search_path` startup parameter refused, and why `SET search_path` is unsafe.
 */

// Outside CI a machine without the servers skips loudly; under CI=true that is a failure (as test/reshard).
const missing = localServersUnavailable();
const skip = missing !== undefined && process.env.CI !== "true";
if (skip) console.warn(`\n!!!!! SKIPPED: pooler routing tests on real PostgreSQL/PgBouncer: ${missing} !!!!!\n`);

// 30 logical shards on 2 databases (15 each): small enough to create every schema.
const region = oneRegionManifest("    shardFleet:\n      logicalShards: 30\n      physicalDatabases: 2\n").regions[0]!;

/** The `[databases]` lines of the kit's config as Terraform renders them (TLS and auth_query need AWS; the test's PgBouncer uses trust on loopback). */
function databaseLines(map: ShardMap): string[] {
  const ini = renderInTerraform(pgbouncerIni(map, { defaultPoolSize: 2, maxClientConnections: 100 }));
  return ini.split("[pgbouncer]")[0]!.split("\n").filter((l) => /^schema\d{3} = /.test(l));
}

/** Send a raw StartupMessage with `params` and return the server's first reply as text. */
function startup(port: number, params: Record<string, string>): Promise<string> {
  const body = Buffer.concat([Buffer.from([0, 3, 0, 0]), ...Object.entries(params).map(([k, v]) => Buffer.from(`${k}\0${v}\0`)), Buffer.from([0])]);
  const length = Buffer.alloc(4);
  length.writeInt32BE(body.length + 4);
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(Buffer.concat([length, body])));
    socket.once("data", (d) => (socket.destroy(), resolve(d.toString("latin1").replace(/\0/g, " "))));
    socket.once("error", reject);
  });
}

describe.skipIf(skip)("pooler routing on real PostgreSQL and PgBouncer", { timeout: 180_000 }, () => {
  const servers: LocalPostgres[] = [];
  let pooler: LocalPgBouncer | undefined;
  let map: ShardMap;

  const client = async (port: number, database: string) => {
    const c = new pg.Client({ host: "127.0.0.1", port, user: "postgres", database });
    await c.connect();
    return c;
  };

  beforeAll(async () => {
    servers.push(await startPostgres("routing-a"), await startPostgres("routing-b"));
    map = buildShardMap(region, "rk", { endpointOf: (i) => `127.0.0.1:${servers[i - 1]!.port}` });
    for (const [i, db] of map.databases.entries()) {
      const admin = await client(servers[i]!.port, "postgres");
      await admin.query(`CREATE DATABASE ${SHARD_DATABASE_NAME}`);
      await admin.end();
      const shards = await client(servers[i]!.port, SHARD_DATABASE_NAME);
      for (const [k, schema] of db.schemas.entries()) {
        await shards.query(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.block (shard int NOT NULL)`);
        await shards.query(`INSERT INTO ${schema}.block VALUES (${db.firstShard + k})`);
      }
      await shards.end();
    }
    pooler = await startPgBouncer(databaseLines(map), ["postgres"], "postgres");
  }, 180_000);

  afterAll(async () => {
    await pooler?.stop();
    await Promise.all(servers.map((s) => s.stop()));
  });

  it("reaches, through each shard's pooler database, the database that holds the shard", async () => {
    const router = new ShardRouter(buildShardMap(region, "rk", { pooler: `127.0.0.1:${pooler!.port}` }));
    const wrong: string[] = [];
    for (let shard = 1; shard <= 30; shard++) {
      const target = router.map.shards[shard - 1]!;
      const c = await client(pooler!.port, `schema${String(shard).padStart(3, "0")}`);
      const { rows } = await c.query(`SELECT shard, inet_server_port() AS port FROM ${qualifiedTable(shard, "block", map)}`);
      await c.end();
      const expectedPort = servers[target.databaseIndex - 1]!.port;
      if (rows.length !== 1 || rows[0].shard !== shard || rows[0].port !== expectedPort) wrong.push(`${shard}: ${JSON.stringify(rows)}`);
    }
    expect(wrong).toEqual([]);
  });

  it("refuses a client that sends search_path as a startup parameter", async () => {
    const reply = await startup(pooler!.port, { user: "postgres", database: "schema001", search_path: "schema002" });
    expect(reply).toMatch(/unsupported startup parameter: search_path/);
  });

  it("shows why SET search_path is unsafe: in transaction pooling it stays on the server connection for the next client", async () => {
    const first = await client(pooler!.port, "schema001");
    await first.query("SET search_path TO schema002");
    await first.end();
    const next = await client(pooler!.port, "schema001");
    const { rows } = await next.query("SHOW search_path");
    await next.end();
    // A client that never set anything runs in another shard's schema: the kit never routes this way.
    expect(rows[0].search_path).toBe("schema002");
  });
});
