import { describe, expect, it } from "vitest";
import type { RegionConfig } from "../../regions/manifest.js";
import { manifestOf, policyOf, synthRegion, type Synthesized } from "../helpers.js";

const manifest = manifestOf();

/** Every Resource of every identity policy (inline role policies and managed policies) in a synthesized stack. */
function policyResources(syn: Synthesized): Array<{ policy: string; resource: string }> {
  const out: Array<{ policy: string; resource: string }> = [];
  for (const type of ["aws_iam_role_policy", "aws_iam_policy"]) {
    for (const [id, res] of Object.entries(syn.resources(type))) {
      for (const s of policyOf(res.policy).Statement) for (const r of [s.Resource].flat()) out.push({ policy: `${type}.${id}`, resource: r as string });
    }
  }
  return out;
}

/** Whether an ARN (or a reference to a resource of this stack) belongs to this region. */
function isRegional(resource: string, region: RegionConfig, syn: Synthesized): boolean {
  const ref = /^\$\{(aws_[a-z0-9_]+)\.([A-Za-z0-9_]+)\.[a-z_]+\}(?:[:/].*)?$/.exec(resource);
  if (ref) {
    const target = syn.resources(ref[1]!)[ref[2]!];
    // A resource of this stack on its default provider lives in the region's primary AWS region.
    return target !== undefined && target.provider === undefined;
  }
  if (resource.startsWith(`arn:aws:iam::${region.accountId}:`)) return true;
  return resource.startsWith("arn:aws:") && resource.split(":")[3] === region.awsRegion && resource.split(":")[4] === region.accountId;
}

describe("IAM policies of a regional stack", () => {
  it.each(manifest.regions.map((r) => r.id))("name only data-%s's own resources", (id) => {
    const region = manifest.regions.find((r) => r.id === id)!;
    const syn = synthRegion(id, manifest);
    const resources = policyResources(syn);
    expect(resources.length).toBeGreaterThan(0);
    const foreign = resources.filter(({ resource }) => !isRegional(resource, region, syn));
    expect(foreign).toEqual([]);
  });

  it("fails a policy that names another region's resource", () => {
    const eu = manifest.regions.find((r) => r.id === "eu")!;
    const us = manifest.regions.find((r) => r.id === "us")!;
    const syn = synthRegion("eu", manifest);
    expect(isRegional(`arn:aws:kafka:${us.awsRegion}:${us.accountId}:cluster/x/y`, eu, syn)).toBe(false);
    expect(isRegional(`arn:aws:kafka:${eu.awsRegion}:${us.accountId}:cluster/x/y`, eu, syn)).toBe(false);
    expect(isRegional("*", eu, syn)).toBe(false);
    expect(isRegional(`arn:aws:kafka:${eu.awsRegion}:${eu.accountId}:cluster/x/y`, eu, syn)).toBe(true);
  });
});
