import { describe, expect, it } from "vitest";
import type { Manifest } from "../../regions/manifest.js";
import { buildStacks } from "../../stacks/app.js";
import { manifestOf, manifestWithRegion, synthesize, testApp } from "../helpers.js";

/** Synthesized JSON text of every stack of a manifest, by stack name. */
function synthAll(manifest: Manifest): Map<string, string> {
  const app = testApp();
  buildStacks(app, manifest);
  const out = new Map<string, string>();
  for (const child of app.node.children) {
    if ("toTerraform" in child) out.set(child.node.id, synthesize(child as Parameters<typeof synthesize>[0]).text);
  }
  return out;
}

const FIFTH = `  - id: in
    jurisdiction: IN
    awsRegion: ap-south-1
    backupRegion: ap-south-2
    cidr: 10.50.0.0/16
    accountId: "555555555555"`;

const base = synthAll(manifestOf());
const regionalNames = (stacks: Map<string, string>) => [...stacks.keys()].filter((n) => n.startsWith("data-")).sort();

describe("buildStacks", () => {
  it("creates one data-<id> stack per manifest region, one central and one warehouse stack", () => {
    expect(regionalNames(base)).toEqual(["data-eu", "data-jp", "data-kr", "data-us"]);
    expect(base.has("central")).toBe(true);
    expect(base.has("warehouse")).toBe(true);
  });

  it("adding a fifth region adds its stack and leaves every existing regional stack byte-identical", () => {
    const withFifth = synthAll(manifestWithRegion(FIFTH));
    expect(regionalNames(withFifth)).toEqual(["data-eu", "data-in", "data-jp", "data-kr", "data-us"]);
    for (const name of regionalNames(base)) expect(withFifth.get(name), name).toBe(base.get(name));
    expect(withFifth.get("data-in")).toContain('"region": "ap-south-1"');
  });

  it("removing a region removes only its stack", () => {
    const manifest = manifestOf();
    const withoutJp = synthAll({ ...manifest, regions: manifest.regions.filter((r) => r.id !== "jp") });
    expect(regionalNames(withoutJp)).toEqual(["data-eu", "data-kr", "data-us"]);
    for (const name of regionalNames(withoutJp)) expect(withoutJp.get(name), name).toBe(base.get(name));
  });
});
