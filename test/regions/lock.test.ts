import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ManifestError } from "../../regions/issues.js";
import { DEFAULT_MANIFEST, loadManifest, parseManifest } from "../../regions/loader.js";
import { EMPTY_LOCK, lockPathFor, lockText, readLock, recordLock, updatedLock, type ManifestLock } from "../../regions/lock.js";
import { minimalManifestYaml } from "../helpers.js";

/** The manifest lock (regions/lock.ts): generation shapes recorded beside the manifest. */

const EU = `  - id: eu\n    jurisdiction: EU\n    awsRegion: eu-central-1\n    cidr: 10.20.0.0/16\n`;
const yaml = (fleet = "") => minimalManifestYaml(`${EU}${fleet ? `    shardFleet:\n${fleet.replace(/^/gm, "      ")}\n` : ""}`);
const TWO = (state: string) => `generations:\n  - { id: g1, physicalDatabases: 32 }\n  - { id: g2, physicalDatabases: 96 }\nreshard: { from: g1, to: g2, state: ${state} }`;
const manifest = (text: string) => parseManifest(text, "test.yaml").manifest;
/** The lock a synth of `text` would leave, starting from `lock`. */
const lockAfter = (text: string, lock: ManifestLock = EMPTY_LOCK) => updatedLock(manifest(text), lock);
const LOCKED_32 = lockAfter(yaml());

function lockProblems(text: string, lock: ManifestLock) {
  try {
    parseManifest(text, "test.yaml", lock);
    return [];
  } catch (e) {
    if (e instanceof ManifestError) return e.issues.filter((i) => i.severity !== "warning");
    throw e;
  }
}

describe("manifest lock", () => {
  it("matches the default manifest: regions/regions.lock.json is committed and up to date", () => {
    const committed = readLock(lockPathFor(DEFAULT_MANIFEST));
    expect(Object.keys(committed.regions)).toEqual(["us", "eu", "jp", "kr"]);
    expect(updatedLock(loadManifest(DEFAULT_MANIFEST).manifest, committed)).toEqual(committed);
  });

  it("records each generation's shape", () => {
    expect(LOCKED_32.regions.eu!.generations).toEqual({ g1: { logicalShards: 480, physicalDatabases: 32 } });
    expect(lockAfter(yaml(TWO("planned")), LOCKED_32).regions.eu!.generations.g2).toEqual({ logicalShards: 480, physicalDatabases: 96 });
  });

  it("fails when a live generation's preset is flipped in place, naming the generation and how to add a new one", () => {
    const [i, ...rest] = lockProblems(yaml("preset: 96x5"), LOCKED_32);
    expect(rest).toEqual([]);
    expect(i).toMatchObject({ code: "generation-shape-changed", path: "regions[0].shardFleet.preset" });
    expect(i!.message).toContain("generation g1 of region eu is locked at 32 databases x 15 shards (480 logical)");
    expect(i!.message).toContain("the manifest now says 96 databases x 5 shards");
    expect(i!.message).toContain("generations: [{ id: g1, physicalDatabases: 32 }, { id: g2, physicalDatabases: 96 }] and reshard: { from: g1, to: g2, state: planned }");
  });

  it("fails when a declared generation's database count changes", () => {
    const [i] = lockProblems(yaml("generations:\n  - { id: g1, physicalDatabases: 48 }"), LOCKED_32);
    expect(i).toMatchObject({ code: "generation-shape-changed", path: "regions[0].shardFleet.generations[0].physicalDatabases" });
  });

  it("fails when logicalShards changes under a live generation", () => {
    const [i] = lockProblems(yaml("logicalShards: 960"), LOCKED_32);
    expect(i).toMatchObject({ code: "generation-shape-changed", path: "regions[0].shardFleet.logicalShards" });
  });

  it("accepts adding g2 with a planned reshard, and a region the lock has never seen", () => {
    expect(lockProblems(yaml(TWO("planned")), LOCKED_32)).toEqual([]);
    expect(lockProblems(yaml("preset: 96x5"), EMPTY_LOCK)).toEqual([]);
  });

  it("fails when a generation leaves the manifest before its reshard is finished", () => {
    const during = lockAfter(yaml(TWO("cut-over")), LOCKED_32);
    const [i] = lockProblems(yaml("generations:\n  - { id: g2, physicalDatabases: 96 }"), during);
    expect(i).toMatchObject({ code: "generation-removed", path: "regions[0].shardFleet.generations" });
    expect(i!.message).toContain("generation g1 of region eu (32 databases x 15 shards (480 logical)) is in regions.lock.json but not in the manifest");
  });

  it("lets the old generation leave once a synth has recorded its reshard as finished", () => {
    const finished = lockAfter(yaml(TWO("finished")), lockAfter(yaml(TWO("copying")), LOCKED_32));
    expect(finished.regions.eu!.generations.g1).toEqual({ logicalShards: 480, physicalDatabases: 32, retiredBy: "g2" });
    expect(lockProblems(yaml("generations:\n  - { id: g2, physicalDatabases: 96 }"), finished)).toEqual([]);
  });

  it("fails when a retired generation id comes back", () => {
    const finished = lockAfter(yaml(TWO("finished")), LOCKED_32);
    const retired = lockAfter(yaml("generations:\n  - { id: g2, physicalDatabases: 96 }"), finished);
    const i = lockProblems(yaml("generations:\n  - { id: g1, physicalDatabases: 32 }"), retired).find((p) => p.code === "generation-retired");
    expect(i).toMatchObject({ code: "generation-retired", path: "regions[0].shardFleet.generations[0].id" });
    expect(i!.message).toContain("name a new generation g3");
  });

  it("is checked by loadManifest from the file beside the manifest", () => {
    const dir = mkdtempSync(join(tmpdir(), "regionkit-lock-"));
    const file = join(dir, "regions.yaml");
    writeFileSync(file, yaml("preset: 96x5"));
    expect(() => loadManifest(file)).not.toThrow();
    writeFileSync(lockPathFor(file), lockText(LOCKED_32));
    expect(() => loadManifest(file)).toThrow(/generation g1 of region eu is locked at 32 databases/);
  });

  it("fails on a lock file that is not a lock", () => {
    const dir = mkdtempSync(join(tmpdir(), "regionkit-lock-"));
    const file = join(dir, "regions.lock.json");
    writeFileSync(file, "{ not json");
    expect(() => readLock(file)).toThrow(/the lock file is not JSON/);
    writeFileSync(file, JSON.stringify({ lockVersion: 1, regions: { eu: { generations: { g1: { physicalDatabases: "32" } } } } }));
    expect(() => readLock(file)).toThrow("regions.eu.generations.g1 needs whole-number logicalShards and physicalDatabases");
  });

  it("recordLock writes new generations and retirements, and nothing when nothing changed", () => {
    const dir = mkdtempSync(join(tmpdir(), "regionkit-lock-"));
    const file = join(dir, "regions.yaml");
    expect(recordLock(file, manifest(yaml()))).toEqual(["recorded generation g1 of eu: 32 databases x 15 shards (480 logical)"]);
    expect(recordLock(file, manifest(yaml()))).toEqual([]);
    expect(recordLock(file, manifest(yaml(TWO("finished"))))).toEqual([
      "generation g1 of eu retired by g2: it may now leave the manifest",
      "recorded generation g2 of eu: 96 databases x 5 shards (480 logical)",
    ]);
    expect(JSON.parse(readFileSync(lockPathFor(file), "utf8")).regions.eu.generations.g1.retiredBy).toBe("g2");
  });
});
