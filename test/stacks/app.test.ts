import { describe, expect, it } from "vitest";
import type { Manifest } from "../../regions/manifest.js";
import { buildStacks } from "../../stacks/app.js";
import { manifestOf, manifestWithRegion, synthApp, testApp } from "../helpers.js";

/** Synthesized JSON text of every stack of a manifest, by stack name (test/helpers.ts caches it per manifest). */
function synthAll(manifest: Manifest): Map<string, string> {
  return new Map([...synthApp(manifest)].map(([name, s]) => [name, s.text]));
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

describe("buildStacks: the CDC stacks", () => {
  const stacks = buildStacks(testApp(), manifestOf());
  // The same manifest's synth as `base`: read each stack's JSON from it rather than synthesizing it again.
  const json = (name: string): Record<string, any> => JSON.parse(base.get(name)!);
  const cdcNames = (all: Map<string, string>) => [...all.keys()].filter((n) => n.startsWith("cdc-")).sort();

  it("adds one cdc-<id> stack per region next to data-<id>", () => {
    expect(cdcNames(base)).toEqual(["cdc-eu", "cdc-jp", "cdc-kr", "cdc-us"]);
  });

  it("leaves every existing cdc-<id> stack byte-identical when a region is added", () => {
    const withFifth = synthAll(manifestWithRegion(FIFTH));
    expect(cdcNames(withFifth)).toContain("cdc-in");
    for (const name of cdcNames(base)) expect(withFifth.get(name), name).toBe(base.get(name));
  });

  it("keeps data-<id> on the AWS provider only, so it can be planned offline", () => {
    expect(stacks.regional.length).toBeGreaterThan(0);
    for (const stack of stacks.regional) expect(Object.keys(json(stack.node.id).provider)).toEqual(["aws"]);
  });

  it("puts the Kubernetes provider only in cdc-<id>", () => {
    expect(stacks.cdc.length).toBeGreaterThan(0);
    for (const stack of stacks.cdc) expect(Object.keys(json(stack.node.id).provider).sort()).toEqual(["aws", "kubernetes"]);
  });
});
