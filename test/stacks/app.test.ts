import { describe, expect, it } from "vitest";
import { buildStacks } from "../../stacks/app.js";
import { manifestOf, synthesize, testApp } from "../helpers.js";

const manifest = manifestOf();

describe("buildStacks", () => {
  const stacks = buildStacks(testApp(), manifest);

  it("adds one cdc-<id> stack per region next to data-<id>", () => {
    expect(stacks.cdc.map((s) => s.node.id)).toEqual(manifest.regions.map((r) => `cdc-${r.id}`));
    expect(stacks.regional.map((s) => s.node.id)).toEqual(manifest.regions.map((r) => `data-${r.id}`));
  });

  it("keeps data-<id> on the AWS provider only, so it can be planned offline", () => {
    for (const stack of stacks.regional) expect(Object.keys(synthesize(stack).json.provider)).toEqual(["aws"]);
  });

  it("puts the Kubernetes provider only in cdc-<id>", () => {
    for (const stack of stacks.cdc) expect(Object.keys(synthesize(stack).json.provider).sort()).toEqual(["aws", "kubernetes"]);
  });
});
