import { describe, expect, it } from "vitest";
import {
  WorkspaceRegionConflictError,
  WorkspaceRegions,
  type WorkspaceRegionItem,
  type WorkspaceRegionKey,
  type WorkspaceRegionStore,
} from "../../regions/workspace-region.js";
import { manifestOf } from "../helpers.js";

const manifest = manifestOf();
const WS = "3f2b6c1e-8d4a-4c59-9e7b-2a1d0c9f8e71";
const MISSING = "0badc0de-0000-4000-8000-000000000404";
const NOW = new Date("2026-01-02T03:04:05.000Z");

/** In-memory stand-in for a DynamoDB table with conditional puts on `version`. */
class FakeStore implements WorkspaceRegionStore {
  readonly items = new Map<string, Record<string, unknown>>();
  /** Simulates another writer bumping the version between our read and our write. */
  interfere = false;

  async getItem(key: WorkspaceRegionKey) {
    const item = this.items.get(key.workspace_id);
    return item ? { ...item } : undefined;
  }

  async putItem(item: WorkspaceRegionItem, expectedVersion: number | undefined) {
    const current = this.items.get(item.workspace_id);
    if (this.interfere && current) current.version = (current.version as number) + 1;
    if (expectedVersion === undefined ? current !== undefined : current?.version !== expectedVersion) return false;
    this.items.set(item.workspace_id, { ...item });
    return true;
  }
}

const setup = (items: Record<string, Record<string, unknown>> = {}) => {
  const store = new FakeStore();
  for (const [id, item] of Object.entries(items)) store.items.set(id, item);
  return { store, map: new WorkspaceRegions(manifest, store, () => NOW) };
};

const activeIn = (region: string, version = 1) => ({ workspace_id: WS, active_region: region, migration_state: "active", version, updated_at: "x" });

describe("WorkspaceRegions", () => {
  it("resolves a workspace to its region's resolver", async () => {
    const { map } = setup({ [WS]: activeIn("eu") });
    const eu = await map.regionOf(WS);
    expect(eu.id).toBe("eu");
    expect(eu.lakeBucket("raw")).toBe("rk-eu-lake-raw-222222222222");
  });

  it("gives the routing entry of the workspace's region", async () => {
    const { map } = setup({ [WS]: activeIn("kr") });
    const route = await map.routeOf(WS);
    expect(route).toMatchObject({ id: "kr", awsRegion: "ap-northeast-2", emrCluster: { name: "rk-kr-spark" } });
  });

  it("fails for a workspace with no entry", async () => {
    const { map } = setup();
    await expect(map.regionOf(MISSING)).rejects.toThrow(/workspace 0badc0de-0000-4000-8000-000000000404 has no region/);
  });

  it("fails when the stored region is not in the manifest, naming the value and the valid ids", async () => {
    const { map } = setup({ [WS]: activeIn("eux") });
    await expect(map.regionOf(WS)).rejects.toThrow(/active_region "eux" is not a manifest region; did you mean "eu"\?; valid: us, eu, jp, kr/);
  });

  it("fails with every problem of a broken item at once", async () => {
    const { map } = setup({ [WS]: { workspace_id: WS, active_region: "mars", migration_state: "moving", version: 0 } });
    const error = await map.read(WS).catch((e: Error) => e);
    expect(String(error)).toMatch(/active_region "mars"/);
    expect(String(error)).toMatch(/migration_state "moving" is not valid; valid: active, migrating/);
    expect(String(error)).toMatch(/version 0 must be a whole number >= 1/);
  });

  it("fails when a migrating item names an unknown target region", async () => {
    const { map } = setup({ [WS]: { ...activeIn("us"), migration_state: "migrating", source_region: "us", target_region: "zz" } });
    await expect(map.read(WS)).rejects.toThrow(/target_region "zz" is not a manifest region/);
  });

  it("assigns a new workspace at version 1, active", async () => {
    const { map, store } = setup();
    await map.assign(WS, "jp");
    expect(store.items.get(WS)).toEqual({
      workspace_id: WS,
      active_region: "jp",
      migration_state: "active",
      version: 1,
      updated_at: NOW.toISOString(),
    });
  });

  it("fails to assign a region the manifest does not know", async () => {
    const { map, store } = setup();
    await expect(map.assign(WS, "cn")).rejects.toThrow(/region "cn" is not a manifest region/);
    expect(store.items.size).toBe(0);
  });

  it("fails to assign a workspace that already has a region", async () => {
    const { map } = setup({ [WS]: activeIn("eu") });
    await expect(map.assign(WS, "us")).rejects.toThrow(WorkspaceRegionConflictError);
  });

  it("starts a migration: still served from the source, target recorded, version bumped", async () => {
    const { map } = setup({ [WS]: activeIn("us", 4) });
    const item = await map.startMigration(WS, "eu");
    expect(item).toMatchObject({ active_region: "us", migration_state: "migrating", source_region: "us", target_region: "eu", version: 5 });
    expect((await map.regionOf(WS)).id).toBe("us");
  });

  it("completes a migration: active in the target, migration fields dropped", async () => {
    const { map, store } = setup({ [WS]: activeIn("us", 4) });
    await map.startMigration(WS, "eu");
    await map.completeMigration(WS);
    expect(store.items.get(WS)).toEqual({
      workspace_id: WS,
      active_region: "eu",
      migration_state: "active",
      version: 6,
      updated_at: NOW.toISOString(),
    });
  });

  it("aborts a migration back to the source region", async () => {
    const { map, store } = setup({ [WS]: activeIn("us", 4) });
    await map.startMigration(WS, "eu");
    await map.abortMigration(WS);
    expect(store.items.get(WS)).toMatchObject({ active_region: "us", migration_state: "active", version: 6 });
    expect(store.items.get(WS)).not.toHaveProperty("target_region");
  });

  it("fails to start a migration to an unknown region", async () => {
    const { map } = setup({ [WS]: activeIn("us") });
    await expect(map.startMigration(WS, "euu")).rejects.toThrow(/target_region "euu" is not a manifest region/);
  });

  it("fails to start a migration to the region the workspace is already in", async () => {
    const { map } = setup({ [WS]: activeIn("us") });
    await expect(map.startMigration(WS, "us")).rejects.toThrow(/already lives in us/);
  });

  it("fails to complete a migration that was never started", async () => {
    const { map } = setup({ [WS]: activeIn("us") });
    await expect(map.completeMigration(WS)).rejects.toThrow(/migration_state is "active", expected "migrating"/);
  });

  it("fails with a conflict when another writer changed the item first", async () => {
    const { map, store } = setup({ [WS]: activeIn("us", 2) });
    store.interfere = true;
    await expect(map.startMigration(WS, "eu")).rejects.toThrow(/changed since version 2/);
  });

  it("fails to write through a read-only store", async () => {
    const map = new WorkspaceRegions(manifest, { getItem: async () => activeIn("us") });
    await expect(map.startMigration(WS, "eu")).rejects.toThrow(/read-only store/);
  });

  it("fails to assign the upper-case spelling of a workspace that lives elsewhere, so one workspace never gets two regions", async () => {
    const { map, store } = setup();
    await map.assign(WS, "eu");
    await expect(map.assign(WS.toUpperCase(), "us")).rejects.toThrow(`write it as "${WS}"`);
    expect([...store.items.keys()]).toEqual([WS]);
  });

  it.each(["ws-1", "", " 3f2b6c1e-8d4a-4c59-9e7b-2a1d0c9f8e71", "{3f2b6c1e-8d4a-4c59-9e7b-2a1d0c9f8e71}", "3f2b6c1e8d4a4c599e7b2a1d0c9f8e71"])(
    "fails on the non-canonical id %j in every method, before touching the store",
    async (bad) => {
      const store = new FakeStore();
      let reads = 0;
      const counting = { getItem: (key: WorkspaceRegionKey) => (reads++, store.getItem(key)), putItem: store.putItem.bind(store) };
      const map = new WorkspaceRegions(manifest, counting, () => NOW);
      for (const call of [() => map.read(bad), () => map.regionOf(bad), () => map.assign(bad, "eu"), () => map.startMigration(bad, "eu"), () => map.completeMigration(bad)])
        await expect(call()).rejects.toThrow(/is not canonical: it must be a lower-case UUID/);
      expect(reads).toBe(0);
      expect(store.items.size).toBe(0);
    },
  );
});

