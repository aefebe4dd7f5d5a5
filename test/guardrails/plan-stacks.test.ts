import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { StackInput } from "../../guardrails/engine.js";
import type { Manifest } from "../../regions/manifest.js";
import { planAgainstBase, type PlanStackResult } from "../../scripts/lib/plan.js";
import { isAwsOnly, mapLimited, MIRROR_ENV, offlineTerraformEnv } from "../../scripts/lib/terraform.js";
import { buildStacks, stackNames } from "../../stacks/app.js";
import { manifestOf, manifestWithRegion, NEW_REGION_YAML, synthesize, terraformTestsSkipped, testApp } from "../helpers.js";

/**
 * `npm run plan -- --base` on the default manifest's real stacks, with real Terraform and the
 * mirrored AWS provider: every stack against itself, a renamed stateful construct, a forced replacement,
 * and an added region. Minutes of Terraform on a loaded 2-core machine, so it
 * runs under `npm run test:plan` (CI's plan-stacks lane) and is skipped, with the reason, under `npm test`.
 */
const mirror = process.env[MIRROR_ENV];
const skip = terraformTestsSkipped("real-stack plan tests");

/** The named stacks of a manifest's synth, as `npm run plan` reads them. */
function synthStacks(manifest: Manifest, names: readonly string[]): StackInput[] {
  const app = testApp();
  buildStacks(app, manifest);
  return app.node.children
    .filter((c) => names.includes(c.node.id))
    .map((c) => ({ name: c.node.id, json: synthesize(c as Parameters<typeof synthesize>[0]).json }));
}

/** The first resource of a type in a stack's JSON, by logical name. */
const firstOf = (stack: StackInput, type: string) => Object.keys(stack.json.resource[type] as object).sort()[0]!;

/** What renaming a construct does to the JSON: a new logical name, and every reference follows it. */
function renamed(stack: StackInput, type: string, from: string, to: string): StackInput {
  const text = JSON.stringify(stack.json).replaceAll(`"${from}":`, `"${to}":`).replaceAll(`\${${type}.${from}.`, `\${${type}.${to}.`);
  return { name: stack.name, json: JSON.parse(text) as Record<string, any> };
}

/** A copy of a stack with one resource's attributes patched. */
function patched(stack: StackInput, type: string, name: string, patch: Record<string, unknown>): StackInput {
  const json = structuredClone(stack.json);
  Object.assign(json.resource[type][name], patch);
  return { name: stack.name, json };
}

const actionsOf = (r: PlanStackResult) => [...new Set(r.changes.map((c) => c.actions.join()))].sort();

describe.skipIf(!!skip)("npm run plan on the default manifest's real stacks (real terraform)", { timeout: 1_800_000 }, () => {
  // Every stack: each has its own shapes (data-us alone has the Route 53 alias to the warehouse's stage
  // endpoint, whose placeholder zone id once broke the plan), and "nothing changed" must hold for all.
  const all = skip ? [] : synthStacks(manifestOf(), stackNames(manifestOf()));
  const base = all.filter((s) => s.name === "central" || s.name === "data-eu");
  const dataEu = base.find((s) => s.name === "data-eu")!;
  const results = new Map<string, PlanStackResult[]>();

  beforeAll(async () => {
    const key = skip ? "" : firstOf(dataEu, "aws_kms_key");
    const bucket = skip ? "" : firstOf(dataEu, "aws_s3_bucket");
    const scenarios: Array<[string, StackInput[], StackInput[]]> = [
      ["unchanged", all, all],
      ["renamed", [dataEu], [renamed(dataEu, "aws_kms_key", key, `${key}Renamed`)]],
      // A new bucket name forces replacement; the bucket has prevent_destroy, as every stateful resource.
      ["replaced", [dataEu], [patched(dataEu, "aws_s3_bucket", bucket, { bucket: `${String(dataEu.json.resource.aws_s3_bucket[bucket].bucket)}-v2` })]],
      ["added region", base.filter((s) => s.name === "central"), synthStacks(manifestWithRegion(NEW_REGION_YAML), ["central", "data-ch"])],
    ];
    // One work root per scenario (a stack's directory is reused within one); the base states are built once.
    await mapLimited(scenarios, 1, async ([name, from, to]) => {
      const work = mkdtempSync(join(tmpdir(), `rk-plan-${name.replace(/ /g, "-")}-`));
      results.set(name, await planAgainstBase(from, to, { workRoot: work, env: offlineTerraformEnv(work, mirror), jobs: 2 }));
    });
  }, 1_800_000);

  it("plans zero actions for every AWS stack when nothing changed, and skips only the stacks of other providers", () => {
    const r = results.get("unchanged")!;
    expect(r.map((s) => s.stack)).toEqual([...stackNames(manifestOf())].sort());
    // Offline, only stacks whose sole provider is aws can be planned: central and every data-<id>.
    const planned = r.filter((s) => s.status === "planned").map((s) => s.stack);
    expect(planned).toEqual(["central", ...manifestOf().regions.map((region) => `data-${region.id}`)].sort());
    for (const s of r) expect([s.stack, s.status, s.error]).toEqual([s.stack, isAwsOnly(all.find((a) => a.name === s.stack)!.json) ? "planned" : "skipped (needs a non-AWS provider)", undefined]);
    for (const s of r) expect(s.changes, s.stack).toEqual([]);
    expect(r.every((s) => s.ok)).toBe(true);
  });

  it("fails the guard when a stateful construct is renamed, naming the old address", () => {
    const [r] = results.get("renamed")!;
    expect(r!.error).toBeUndefined();
    expect(r!.ok).toBe(false);
    const key = firstOf(dataEu, "aws_kms_key");
    expect(r!.blocked).toEqual([`aws_kms_key.${key} (delete)`]);
    expect(r!.changes.map((c) => [c.address, c.actions.join()])).toContainEqual([`aws_kms_key.${key}Renamed`, "create"]);
  });

  it("fails when a change forces replacement of a stateful resource (prevent_destroy stops it)", () => {
    const [r] = results.get("replaced")!;
    expect(r!.ok).toBe(false);
    expect(r!.status).toBe("blocked");
    expect(r!.blocked).toEqual([`aws_s3_bucket.${firstOf(dataEu, "aws_s3_bucket")} (prevent_destroy)`]);
  });

  it("plans only additions for an added region: the new stack creates, central updates its routing in place", () => {
    const [central, dataCh] = results.get("added region")!;
    expect(dataCh!.stack).toBe("data-ch");
    expect(dataCh!.status).toBe("new-stack");
    expect(actionsOf(dataCh!)).toEqual(["create"]);
    expect(dataCh!.create).toBeGreaterThan(100);
    expect(central!.stack).toBe("central");
    expect(central!.ok).toBe(true);
    expect(actionsOf(central!)).toEqual(["update"]);
    // The routing tables and the orchestrator's policy learn the new region; nothing is replaced.
    expect(central!.changes.map((c) => c.type).sort()).toEqual(["aws_iam_role_policy", "aws_s3_object", "aws_s3_object"]);
    for (const c of central!.changes) expect(c.attributes, c.address).toContain(c.type === "aws_s3_object" ? "content" : "policy");
  });
});
