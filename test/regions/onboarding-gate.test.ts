import { describe, expect, it } from "vitest";
import { WorkspaceNotInRegionError, WorkspaceRegions } from "../../regions/workspace-region.js";
import { manifestOf } from "../helpers.js";

const manifest = manifestOf();
const EU_WS = "3f2b6c1e-8d4a-4c59-9e7b-2a1d0c9f8e71";
const MOVING_WS = "c0ffee00-1234-4abc-9def-0123456789ab";

const items: Record<string, Record<string, unknown>> = {
  [EU_WS]: { workspace_id: EU_WS, active_region: "eu", migration_state: "active", version: 3, updated_at: "x" },
  [MOVING_WS]: { workspace_id: MOVING_WS, active_region: "eu", migration_state: "migrating", source_region: "eu", target_region: "jp", version: 4, updated_at: "x" },
};
const gate = new WorkspaceRegions(manifest, { getItem: async (key) => items[key.workspace_id] });

const refusal = async (workspaceId: string, regionId: string): Promise<WorkspaceNotInRegionError> => {
  const error = await gate.assertWorkspaceInRegion(workspaceId, regionId).then(
    () => undefined,
    (e: unknown) => e
  );
  expect(error).toBeInstanceOf(WorkspaceNotInRegionError);
  return error as WorkspaceNotInRegionError;
};

describe("assertWorkspaceInRegion (onboarding gate)", () => {
  it("passes a workspace in its active region and returns its entry", async () => {
    await expect(gate.assertWorkspaceInRegion(EU_WS, "eu")).resolves.toMatchObject({ active_region: "eu", version: 3 });
  });

  it("fails for a workspace of another region, naming the region it lives in", async () => {
    const e = await refusal(EU_WS, "us");
    expect(e.reason).toBe("other-region");
    expect(e.message).toBe(`workspace ${EU_WS} may not be processed in region us: its active region is eu; run it there`);
  });

  it("fails for a migrating workspace in its source region and in its target region", async () => {
    for (const region of ["eu", "jp"]) {
      const e = await refusal(MOVING_WS, region);
      expect(e.reason).toBe(region === "eu" ? "migrating" : "other-region");
    }
    expect((await refusal(MOVING_WS, "eu")).message).toContain("migrating from eu to jp");
  });

  it("fails for a workspace without an entry", async () => {
    expect((await refusal("e1e2e3e4-0000-4111-8222-333333333333", "eu")).reason).toBe("unassigned");
  });

  it("fails on a non-canonical id and an unknown region at once, before reading the table", async () => {
    await expect(gate.assertWorkspaceInRegion(EU_WS.toUpperCase(), "mars")).rejects.toThrow(
      /is not canonical: .*write it as "3f2b6c1e-8d4a-4c59-9e7b-2a1d0c9f8e71".*; region "mars" is not a manifest region/
    );
  });
});
