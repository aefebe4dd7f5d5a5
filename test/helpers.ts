import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { App, Testing, type TerraformStack } from "cdktf";
import { ManifestError, type ManifestIssue } from "../regions/issues.js";
import { parseManifest } from "../regions/loader.js";
import type { Manifest, RegionConfig } from "../regions/manifest.js";
import { RegionResolver } from "../regions/resolvers.js";
import { MIRROR_ENV, terraformAvailable } from "../scripts/lib/terraform.js";
import { buildStacks } from "../stacks/app.js";
import { CdcStack } from "../stacks/cdc-stack.js";
import { CentralStack } from "../stacks/central-stack.js";
import { RegionalDataStack } from "../stacks/regional-data-stack.js";
import { WarehouseStack } from "../stacks/warehouse-stack.js";

/** Shared test fixtures: manifests, one-stack synths, and typed views of the synthesized JSON. */

export const DEFAULT_MANIFEST_TEXT = readFileSync(join(__dirname, "..", "regions", "regions.yaml"), "utf8");

/** The default manifest, or one parsed from YAML text. */
export function manifestOf(yamlText: string = DEFAULT_MANIFEST_TEXT): Manifest {
  return parseManifest(yamlText, "test.yaml").manifest;
}

/** The default manifest with extra YAML appended to the region list (indentation included by the caller). */
export function manifestWithRegion(regionYaml: string): Manifest {
  return manifestOf(`${DEFAULT_MANIFEST_TEXT.trimEnd()}\n${regionYaml}\n`);
}

/** A fifth region (Zurich, its own account) for "adding a region changes only ..." tests; pass to manifestWithRegion. */
export const NEW_REGION_YAML = `  - id: ch
    jurisdiction: CH
    awsRegion: eu-central-2
    cidr: 10.50.0.0/16
    accountId: "555555555555"`;

/** A minimal valid manifest with `regions` replaced by the given YAML list. */
export function minimalManifestYaml(regionsYaml: string, central = `central:\n  awsRegion: us-west-2\n  accountId: "111111111111"\n`): string {
  return `${central}regions:\n${regionsYaml}`;
}

export type ResourceMap = Record<string, Record<string, any>>;

export interface Synthesized {
  /** The stack's cdk.tf.json, parsed. */
  readonly json: Record<string, any>;
  /** The JSON text, as written to cdktf.out (for snapshots and byte comparisons). */
  readonly text: string;
  /** `resource.<type>`: every resource of a type by logical name; {} when none. */
  resources(type: string): ResourceMap;
  /** The only resource of a type; fails when there are zero or several. */
  only(type: string): Record<string, any>;
}

export function synthesize(stack: TerraformStack): Synthesized {
  const text = Testing.synth(stack);
  const json = JSON.parse(text) as Record<string, any>;
  const resources = (type: string): ResourceMap => (json.resource?.[type] ?? {}) as ResourceMap;
  return {
    json,
    text,
    resources,
    only(type) {
      const all = Object.values(resources(type));
      if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
      return all[0]!;
    },
  };
}

export function testApp(): App {
  return Testing.app();
}

/** The names of one region of a manifest (`.region` is its manifest entry). */
export function regionResolver(manifest: Manifest, regionId: string): RegionResolver {
  const region = manifest.regions.find((r) => r.id === regionId);
  if (!region) throw new Error(`no region ${regionId} in the test manifest`);
  return new RegionResolver(region, manifest.central.namespace);
}

/** `data-<id>` alone, for a region of a manifest. */
export function regionalStack(manifest: Manifest, regionId: string): RegionalDataStack {
  const region: RegionConfig | undefined = manifest.regions.find((r) => r.id === regionId);
  if (!region) throw new Error(`no region ${regionId} in the test manifest`);
  return new RegionalDataStack(testApp(), { region, central: manifest.central });
}

/**
 * Synths by what they were made from: many test files synthesize the same stack of the same manifest, and with
 * vitest's isolate: false (vitest.config.ts) the files of a worker share this cache. Results are frozen, so a
 * test that changed one would fail instead of spoiling the next.
 */
const synthCache = new Map<string, Synthesized>();

function cachedSynth(kind: string, manifest: Manifest, synth: () => Synthesized): Synthesized {
  const key = `${kind}\0${JSON.stringify(manifest)}`;
  let hit = synthCache.get(key);
  if (!hit) {
    hit = synth();
    deepFreeze(hit.json);
    synthCache.set(key, hit);
  }
  return hit;
}

function deepFreeze(value: unknown): void {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}

export function synthRegion(regionId: string, manifest: Manifest = manifestOf()): Synthesized {
  return cachedSynth(`data-${regionId}`, manifest, () => synthesize(regionalStack(manifest, regionId)));
}

/** `cdc-<id>` alone (the Kubernetes side of a region's CDC). */
export function synthCdc(regionId: string, manifest: Manifest = manifestOf()): Synthesized {
  const region = manifest.regions.find((r) => r.id === regionId);
  if (!region) throw new Error(`no region ${regionId} in the test manifest`);
  return cachedSynth(`cdc-${regionId}`, manifest, () => synthesize(new CdcStack(testApp(), { region, central: manifest.central })));
}

/** A one-region manifest (`eu`) with extra YAML inside the region entry, e.g. `    shardFleet:\n      preset: "96x5"`. */
export function oneRegionManifest(regionExtraYaml = ""): Manifest {
  return manifestOf(
    minimalManifestYaml(`  - id: eu\n    jurisdiction: EU\n    awsRegion: eu-central-1\n    cidr: 10.20.0.0/16\n    accountId: "222222222222"\n${regionExtraYaml}`),
  );
}

export function synthCentral(manifest: Manifest = manifestOf()): Synthesized {
  return cachedSynth("central", manifest, () => synthesize(new CentralStack(testApp(), { manifest })));
}

export function synthWarehouse(manifest: Manifest = manifestOf()): Synthesized {
  return cachedSynth("warehouse", manifest, () => synthesize(new WarehouseStack(testApp(), { manifest })));
}

const appCache = new Map<string, ReadonlyMap<string, Synthesized>>();

/** Every stack of the whole app (stacks/app.ts `buildStacks`) of a manifest, by stack name; each cached like the single stacks. */
export function synthApp(manifest: Manifest = manifestOf()): ReadonlyMap<string, Synthesized> {
  const key = `app\0${JSON.stringify(manifest)}`;
  let hit = appCache.get(key);
  if (!hit) {
    const app = testApp();
    buildStacks(app, manifest);
    hit = new Map((app.node.children as TerraformStack[]).map((stack) => [stack.node.id, cachedSynth(`app:${stack.node.id}`, manifest, () => synthesize(stack))]));
    appCache.set(key, hit);
  }
  return hit;
}

/** `<type>.<name>` of the only resource of a type whose Terraform name starts with `prefix`; fails on zero or several. */
export function addressOf(s: Synthesized, type: string, prefix: string): string {
  const found = Object.keys(s.resources(type)).filter((n) => n.startsWith(prefix));
  if (found.length !== 1) throw new Error(`expected one ${type} named ${prefix}*, found ${found.length}: ${found.join(", ")}`);
  return `${type}.${found[0]}`;
}

/** Parse an IAM/bucket/key policy JSON string from the synthesized config. */
export function policyOf(text: string): { Statement: Array<Record<string, any>> } {
  return JSON.parse(text) as { Statement: Array<Record<string, any>> };
}

/**
 * The resource of a type at a construct path below the stack (`Orchestrator/Resource`), with its logical name.
 * `Testing.synth` drops the path metadata, so this matches cdktf's logical id: the path without `Resource`
 * parts, joined with `_`, plus an 8-character hash.
 */
export function resourceAt(synth: Synthesized, type: string, path: string): { readonly name: string; readonly body: Record<string, any>; readonly ref: (attr: string) => string } {
  const prefix = path
    .split("/")
    .filter((part) => part !== "Resource")
    .join("_");
  const pattern = new RegExp(`^${prefix}_[0-9A-F]{8}$`);
  const entries = Object.entries(synth.resources(type)).filter(([name]) => pattern.test(name));
  if (entries.length !== 1) throw new Error(`expected one ${type} at ${path}, found ${entries.length}`);
  const [name, body] = entries[0]!;
  return { name, body, ref: (attr) => `\${${type}.${name}.${attr}}` };
}

/** Every issue the loader reports for manifest text: [] when it loads without one. */
export function manifestIssues(text: string): ManifestIssue[] {
  try {
    return [...parseManifest(text, "test.yaml").issues];
  } catch (e) {
    if (e instanceof ManifestError) return [...e.issues];
    throw e;
  }
}

/**
 * Whether the tests that run real Terraform (the AWS provider from a mirror) run here: only under
 * `npm run test:plan` (REGIONKIT_PLAN_TESTS=1; CI's plan-stacks lane), never under `npm test`, so that
 * `npm test` runs the same tests on every machine. Returns why they skip, for describe.skipIf and a warning;
 * asked for (REGIONKIT_PLAN_TESTS=1) where terraform or the mirror is missing, it throws: a Terraform gate
 * that cannot run must not pass.
 */
export function terraformTestsSkipped(what: string): string | undefined {
  if (!process.env.REGIONKIT_PLAN_TESTS) {
    const reason = "they run under npm run test:plan (REGIONKIT_PLAN_TESTS=1), not npm test";
    console.warn(`${what} SKIPPED: ${reason}`);
    return reason;
  }
  const mirror = process.env[MIRROR_ENV];
  const missing = !terraformAvailable() ? "terraform is not on PATH" : !mirror || !existsSync(mirror) ? `${MIRROR_ENV} does not name a provider mirror (a folder holding registry.terraform.io/hashicorp/aws)` : undefined;
  if (missing) throw new Error(`${what}: REGIONKIT_PLAN_TESTS=1 asks for them, but ${missing}`);
  return undefined;
}
