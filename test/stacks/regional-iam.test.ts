import { describe, expect, it } from "vitest";
import type { RegionConfig } from "../../regions/manifest.js";
import { RegionResolver } from "../../regions/resolvers.js";
import { manifestOf, minimalManifestYaml, policyOf, synthRegion, type Synthesized } from "../helpers.js";

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

/**
 * Whether an ARN (or a reference to a resource of this stack) belongs to this region: its primary or backup
 * AWS region (same jurisdiction) and its account, or a global IAM ARN of its own account.
 */
function isRegional(resource: string, region: RegionConfig, syn: Synthesized): boolean {
  const ref = /^\$\{(aws_[a-z0-9_]+)\.([A-Za-z0-9_]+)\.[a-z_]+\}(?:[:/].*)?$/.exec(resource);
  if (ref) {
    const target = syn.resources(ref[1]!)[ref[2]!];
    // The stack's providers are its primary region (default) and its backup region (alias `backup`) only.
    return target !== undefined && (target.provider === undefined || target.provider === "aws.backup");
  }
  if (resource.startsWith(`arn:aws:iam::${region.accountId}:`)) return true;
  const [arn, partition, , awsRegion, account] = resource.split(":");
  const allowed = new RegionResolver(region, manifest.central.namespace).allowedAwsRegions;
  return arn === "arn" && partition === "aws" && allowed.includes(awsRegion ?? "") && account === region.accountId;
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

  it("names only the region's own resources when it replicates to its backup region", () => {
    const m = manifestOf(
      minimalManifestYaml(
        `  - id: eu\n    jurisdiction: EU\n    awsRegion: eu-central-1\n    backupRegion: eu-west-1\n    cidr: 10.20.0.0/16\n    lake:\n      replicateToBackupRegion: true\n    shardFleet:\n      replicateBackupsToBackupRegion: true\n`,
      ),
    );
    const syn = synthRegion("eu", m);
    const resources = policyResources(syn);
    const onBackupProvider = (resource: string) => {
      const ref = /^\$\{(aws_[a-z0-9_]+)\.([A-Za-z0-9_]+)\./.exec(resource);
      return ref !== null && syn.resources(ref[1]!)[ref[2]!]?.provider === "aws.backup";
    };
    expect(resources.some(({ resource }) => onBackupProvider(resource))).toBe(true);
    expect(resources.filter(({ resource }) => !isRegional(resource, m.regions[0]!, syn))).toEqual([]);
  });

  it("fails a policy that names another region's resource", () => {
    const eu = manifest.regions.find((r) => r.id === "eu")!;
    const us = manifest.regions.find((r) => r.id === "us")!;
    const syn = synthRegion("eu", manifest);
    expect(isRegional(`arn:aws:kafka:${us.awsRegion}:${us.accountId}:cluster/x/y`, eu, syn)).toBe(false);
    expect(isRegional(`arn:aws:kafka:${eu.awsRegion}:${us.accountId}:cluster/x/y`, eu, syn)).toBe(false);
    expect(isRegional("*", eu, syn)).toBe(false);
    expect(isRegional(`arn:aws:s3:::rk-us-lake-raw-${us.accountId}`, eu, syn)).toBe(false);
    expect(isRegional(`arn:aws:secretsmanager:${eu.backupRegion}:${eu.accountId}:secret:x`, eu, syn)).toBe(true);
    expect(isRegional(`arn:aws:kafka:${eu.awsRegion}:${eu.accountId}:cluster/x/y`, eu, syn)).toBe(true);
  });
});
