import { describe, expect, it } from "vitest";
import { activeGenerations, fleetGenerations, generationOf, isLegacyFleet, mapEpoch, servingGeneration } from "../../regions/fleet.js";
import { RegionResolver } from "../../regions/resolvers.js";
import { buildShardMap } from "../../regions/shard-map.js";
import { manifestIssues, minimalManifestYaml, oneRegionManifest } from "../helpers.js";

/** Fleet generations and reshards in the manifest (regions/fleet.ts, the generation checks of regions/checks.ts). */

const EU = `  - id: eu\n    jurisdiction: EU\n    awsRegion: eu-central-1\n    cidr: 10.20.0.0/16\n`;
/** `shardFleet` YAML inside the eu entry. */
const fleetYaml = (body: string) => `    shardFleet:\n${body.replace(/^/gm, "      ")}\n`;
const GROWING = (state: string) => fleetYaml(`generations:\n  - { id: g1, physicalDatabases: 32 }\n  - { id: g2, physicalDatabases: 96, instanceClass: db.r7g.xlarge }\nreshard: { from: g1, to: g2, state: ${state} }`);
const euOf = (fleet: string) => oneRegionManifest(fleet).regions[0]!;
const issues = (fleet: string) => manifestIssues(minimalManifestYaml(`${EU}${fleet}`));
const withCode = (fleet: string, code: string) => issues(fleet).filter((i) => i.code === code);

describe("fleet generations", () => {
  it("gives a manifest without generations one generation g1 of physicalDatabases, serving at epoch 1", () => {
    const eu = euOf("");
    expect(fleetGenerations(eu)).toEqual([{ id: "g1", number: 1, logicalShards: 480, physicalDatabases: 32, shardsPerDatabase: 15, instanceClass: "db.r6g.2xlarge", storageGiB: 1000, maxStorageGiB: 4000 }]);
    expect(isLegacyFleet(eu)).toBe(true);
    expect(mapEpoch(eu)).toBe(1);
  });

  it("keeps the preset for the single default generation (backward compatible)", () => {
    expect(fleetGenerations(euOf(fleetYaml("preset: 96x5")))[0]).toMatchObject({ id: "g1", physicalDatabases: 96, shardsPerDatabase: 5 });
  });

  it("takes per-generation settings and the fleet's defaults for the rest", () => {
    const [g1, g2] = fleetGenerations(euOf(GROWING("planned")));
    expect(g1).toMatchObject({ id: "g1", number: 1, physicalDatabases: 32, instanceClass: "db.r6g.2xlarge" });
    expect(g2).toMatchObject({ id: "g2", number: 2, physicalDatabases: 96, shardsPerDatabase: 5, instanceClass: "db.r7g.xlarge", storageGiB: 1000 });
  });

  it.each([
    ["planned", "g1", 1, ["g1", "g2"]],
    ["copying", "g1", 1, ["g1", "g2"]],
    ["cut-over", "g2", 2, ["g1", "g2"]],
    ["finished", "g2", 2, ["g2"]],
  ])("serves from the right generation while the reshard is %s", (state, serving, epoch, active) => {
    const eu = euOf(GROWING(state));
    expect(servingGeneration(eu).id).toBe(serving);
    expect(mapEpoch(eu)).toBe(epoch);
    expect(activeGenerations(eu).map((g) => g.id)).toEqual(active);
    expect(isLegacyFleet(eu)).toBe(false);
  });

  it("accepts a region that kept only g2 after its reshard finished", () => {
    const eu = euOf(fleetYaml("generations:\n  - { id: g2, physicalDatabases: 96 }"));
    expect(servingGeneration(eu).id).toBe("g2");
    expect(mapEpoch(eu)).toBe(2);
    expect(isLegacyFleet(eu)).toBe(false);
  });

  it("fails on an unknown generation id, listing the declared ones", () => {
    expect(() => generationOf(euOf(GROWING("planned")), "g3")).toThrow(/region eu has no fleet generation "g3".*; declared: g1, g2$/);
  });
});

describe("generation names", () => {
  const names = new RegionResolver(euOf(GROWING("planned")), "rk");

  it("keeps g1's names from before generations and qualifies g2's", () => {
    expect(names.shardDatabaseId(7)).toBe("rk-eu-shard-007");
    expect(names.shardDatabaseId(7, "g1")).toBe("rk-eu-shard-007");
    expect(names.shardDatabaseId(7, "g2")).toBe("rk-eu-shard-g2-007");
    expect(names.cdcSlotName(7, "g2")).toBe("rk_eu_cdc_g2_007");
    expect(names.cdcTopicPrefix(7, "g2")).toBe("eu.g2.shard007");
    expect(names.debeziumSecretName(7, "g2")).toBe("rk-eu-debezium-g2-007");
    expect(names.shardMapParameterOf("g1")).toBe("/rk/eu/shard-map");
    expect(names.shardMapParameterOf("g2")).toBe("/rk/eu/shard-map/g2");
    expect(names.shardMapDatabaseParameter(96, "g2")).toBe("/rk/eu/shard-map/g2/databases/096");
  });

  it("fails on an index outside the generation's databases", () => {
    expect(() => names.shardDatabaseId(33, "g1")).toThrow("physical database index must be 1..32 in region eu, got 33");
    expect(() => names.shardDatabaseId(97, "g2")).toThrow("physical database index must be 1..96 in region eu generation g2, got 97");
  });
});

describe("shard map per generation", () => {
  const eu = euOf(GROWING("copying"));

  it("builds each generation's map with its own databases and epoch; g1 is unchanged by adding g2", () => {
    const g1 = buildShardMap(eu, "rk", { generation: "g1" });
    const g2 = buildShardMap(eu, "rk", { generation: "g2" });
    expect(g1).toMatchObject({ generation: "g1", epoch: 1, serving: true, physicalDatabases: 32 });
    expect(g2).toMatchObject({ generation: "g2", epoch: 2, serving: false, physicalDatabases: 96 });
    expect(g1.databases).toEqual(buildShardMap(euOf(""), "rk").databases);
    expect(new Set([...g1.databases, ...g2.databases].map((d) => d.identifier)).size).toBe(128);
  });

  it("carries, per schema, its database", () => {
    const g1 = buildShardMap(eu, "rk", { generation: "g1" });
    const g2 = buildShardMap(eu, "rk", { generation: "g2" });
    expect(g1.shards).toHaveLength(480);
    expect(g1.shards[6]).toEqual({ shard: 7, schema: "schema007", databaseIndex: 1, database: "rk-eu-shard-001" });
    expect(g2.shards[6]).toEqual({ shard: 7, schema: "schema007", databaseIndex: 2, database: "rk-eu-shard-g2-002" });
    for (const map of [g1, g2]) for (const s of map.shards) expect(map.databases[s.databaseIndex - 1]!.schemas).toContain(s.schema);
  });

  it("defaults to the serving generation", () => {
    expect(buildShardMap(eu, "rk").generation).toBe("g1");
    expect(buildShardMap(euOf(GROWING("cut-over")), "rk").generation).toBe("g2");
  });
});

describe("generation checks", () => {
  it("warns about the RDS quota for both fleets together", () => {
    const [i] = withCode(GROWING("planned"), "rds-instance-quota");
    expect(i).toMatchObject({ severity: "warning", path: "regions[0].shardFleet.generations" });
    expect(i!.message).toContain("128 databases");
  });

  it.each(["preset: 96x5", "physicalDatabases: 96"])("fails when %s is combined with generations, saying where it goes", (flat) => {
    const [i, ...rest] = withCode(fleetYaml(`${flat}\ngenerations:\n  - { id: g1, physicalDatabases: 32 }`), "fleet-shape-twice");
    expect(rest).toEqual([]);
    expect(i!.path).toBe(`regions[0].shardFleet.${flat.split(":")[0]}`);
    expect(i!.message).toContain("generations: [{ id: g1, physicalDatabases: 96 }]");
  });

  it("fails on duplicate generation ids", () => {
    const [i] = withCode(fleetYaml("generations:\n  - { id: g1, physicalDatabases: 32 }\n  - { id: g1, physicalDatabases: 96 }\nreshard: { from: g1, to: g1, state: planned }"), "duplicate-generation");
    expect(i!.path).toBe("regions[0].shardFleet.generations[1].id");
  });

  it("fails when generations are not oldest first", () => {
    const [i] = withCode(fleetYaml("generations:\n  - { id: g2, physicalDatabases: 96 }\n  - { id: g1, physicalDatabases: 32 }\nreshard: { from: g2, to: g1, state: planned }"), "generation-order");
    expect(i!.message).toContain('generation "g1" comes after "g2"');
  });

  it("fails when a generation's database count does not divide logicalShards, naming the generation", () => {
    const [i] = withCode(fleetYaml("generations:\n  - { id: g1, physicalDatabases: 32 }\n  - { id: g2, physicalDatabases: 100 }\nreshard: { from: g1, to: g2, state: planned }"), "shards-not-divisible");
    expect(i!.path).toBe("regions[0].shardFleet.generations[1].physicalDatabases");
    expect(i!.message).toContain("physicalDatabases 100 of generation g2 does not divide logicalShards 480");
  });

  it("fails on a generation whose storage ceiling is below its storage", () => {
    const [i] = withCode(fleetYaml("generations:\n  - { id: g1, physicalDatabases: 32, storageGiB: 5000 }"), "max-storage-below-storage");
    expect(i!.path).toBe("regions[0].shardFleet.generations[0].maxStorageGiB");
  });

  it("fails on three generations", () => {
    const [i] = withCode(fleetYaml("generations:\n  - { id: g1, physicalDatabases: 32 }\n  - { id: g2, physicalDatabases: 96 }\n  - { id: g3, physicalDatabases: 160 }\nreshard: { from: g1, to: g2, state: planned }"), "too-many-generations");
    expect(i!.message).toContain("3 generations declared");
  });

  it("fails on two generations without a reshard, saying what to add", () => {
    const [i] = withCode(fleetYaml("generations:\n  - { id: g1, physicalDatabases: 32 }\n  - { id: g2, physicalDatabases: 96 }"), "reshard-missing");
    expect(i!.message).toContain("add reshard: { from: g1, to: g2, state: planned }");
  });

  it("fails on a reshard with one generation", () => {
    const [i] = withCode(fleetYaml("generations:\n  - { id: g1, physicalDatabases: 32 }\nreshard: { from: g1, to: g2, state: planned }"), "reshard-needs-two-generations");
    expect(i!.path).toBe("regions[0].shardFleet.reshard");
  });

  it("fails on a reshard without generations", () => {
    expect(withCode(fleetYaml("reshard: { from: g1, to: g2, state: planned }"), "reshard-without-generations")).toHaveLength(1);
  });

  it("fails on a reshard whose from/to are not the declared generations, in order", () => {
    const found = withCode(fleetYaml("generations:\n  - { id: g1, physicalDatabases: 32 }\n  - { id: g2, physicalDatabases: 96 }\nreshard: { from: g2, to: g1, state: planned }"), "reshard-generations");
    expect(found.map((i) => i.path)).toEqual(["regions[0].shardFleet.reshard.from", "regions[0].shardFleet.reshard.to"]);
  });

  it("fails on an unknown reshard state and a malformed generation id, listing what is valid", () => {
    const found = issues(fleetYaml("generations:\n  - { id: gen1, physicalDatabases: 32 }\n  - { id: g2, physicalDatabases: 96 }\nreshard: { from: g1, to: g2, state: done }"));
    expect(found.map((i) => i.message)).toEqual(
      expect.arrayContaining([
        'generation id "gen1" must be g<number> such as g1 or g2',
        'unknown reshard state "done"; valid: planned, copying, cut-over, finished',
      ]),
    );
  });
});
