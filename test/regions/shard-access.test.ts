import { describe, expect, it } from "vitest";
import { connectionTarget, qualifiedTable, quoteIdentifier, ShardRouter } from "../../regions/shard-access.js";
import { buildShardMap, sha256Shard } from "../../regions/shard-map.js";
import { oneRegionManifest } from "../helpers.js";

/** Schema-qualified routing for applications (regions/shard-access.ts). */

const ID = "3f2b6c1e-8d4a-4c59-9e7b-2a1d0c9f8e71";
const POOLER = "internal-rk-eu-pgbouncer.elb.eu-central-1.amazonaws.com:6432";
const eu = oneRegionManifest().regions[0]!;
const RESHARD = (state: string) =>
  oneRegionManifest(`    shardFleet:\n      generations:\n        - { id: g1, physicalDatabases: 32 }\n        - { id: g2, physicalDatabases: 96 }\n      reshard: { from: g1, to: g2, state: ${state} }\n`).regions[0]!;

describe("qualifiedTable", () => {
  it("names the shard's schema and the table, both quoted", () => {
    expect(qualifiedTable(7, "block")).toBe('"schema007"."block"');
  });

  it("doubles quotes inside identifiers, so a table name cannot break out of its quotes", () => {
    expect(qualifiedTable(7, 'block"; DROP TABLE x; --')).toBe('"schema007"."block""; DROP TABLE x; --"');
    expect(quoteIdentifier('a"b')).toBe('"a""b"');
  });

  it.each([0, 481, 1.5])("fails on logical shard %s", (shard) => {
    expect(() => qualifiedTable(shard, "block")).toThrow(/logical shard must be 1\.\.480/);
  });

  it("fails on an empty identifier or one with a NUL character", () => {
    expect(() => quoteIdentifier("")).toThrow("a Postgres identifier cannot be empty");
    expect(() => qualifiedTable(1, "a\u0000b")).toThrow(/cannot contain a NUL character/);
  });
});

describe("connectionTarget", () => {
  it("gives the pooler host and port and the shard's own pooler database", () => {
    const map = buildShardMap(eu, "rk", { pooler: POOLER });
    expect(connectionTarget(map, 7)).toEqual({
      shard: 7,
      host: "internal-rk-eu-pgbouncer.elb.eu-central-1.amazonaws.com",
      port: 6432,
      database: "schema007",
      schema: "schema007",
      epoch: 1,
      generation: "g1",
      physicalDatabase: "rk-eu-shard-001",
    });
  });

  it("keeps the pooler database across a cut-over; only the physical database behind it moves", () => {
    const before = connectionTarget(buildShardMap(RESHARD("copying"), "rk", { pooler: POOLER }), 7);
    const after = connectionTarget(buildShardMap(RESHARD("cut-over"), "rk", { pooler: POOLER }), 7);
    expect(after).toMatchObject({ database: before.database, host: before.host, epoch: 2, physicalDatabase: "rk-eu-shard-g2-002" });
    expect(before).toMatchObject({ epoch: 1, physicalDatabase: "rk-eu-shard-001" });
  });

  it("fails on a map that is not the serving one", () => {
    expect(() => connectionTarget(buildShardMap(RESHARD("copying"), "rk", { generation: "g2", pooler: POOLER }), 7)).toThrow(/eu\/g2 \(epoch 2\) is not the serving map/);
  });

  it("fails on a map built without the pooler address", () => {
    expect(() => connectionTarget(buildShardMap(eu, "rk"), 7)).toThrow(/has no pooler address; build it with buildShardMap\(region, namespace, \{ pooler: "host:port" \}\)/);
  });
});

describe("ShardRouter", () => {
  const map = buildShardMap(eu, "rk", { pooler: POOLER });

  it("routes a workspace with the kit's SHA-256 function by default", () => {
    const router = new ShardRouter(map);
    const shard = sha256Shard(ID, 480);
    expect(router.shardOf(ID)).toBe(shard);
    expect(router.target(ID).database).toBe(`schema${String(shard).padStart(3, "0")}`);
    expect(router.table(ID, "block")).toBe(`"schema${String(shard).padStart(3, "0")}"."block"`);
  });

  it("takes an adopter's own shard function", () => {
    const router = new ShardRouter(map, (id) => (parseInt(id.slice(0, 8), 16) % 480) + 1);
    expect(router.shardOf(ID)).toBe((0x3f2b6c1e % 480) + 1);
  });

  it("fails when a plugged-in function returns something that is not a logical shard", () => {
    expect(() => new ShardRouter(map, () => 481).shardOf(ID)).toThrow(`the shard function returned 481 for workspace ${ID}; it must return a logical shard 1..480`);
    expect(() => new ShardRouter(map, () => Number.NaN).shardOf(ID)).toThrow(/returned NaN/);
  });

  it("fails on a non-canonical workspace id before the shard function sees it", () => {
    let called = false;
    const router = new ShardRouter(map, () => {
      called = true;
      return 1;
    });
    expect(() => router.shardOf(ID.toUpperCase())).toThrow(/is not canonical/);
    expect(called).toBe(false);
  });
});
