import type { App, TerraformStack } from "cdktf";
import type { Manifest } from "../regions/manifest.js";
import { CENTRAL_STACK, cdcStackName, EDGE_STACK, regionalStackName, WAREHOUSE_STACK } from "../regions/resolvers.js";
import { CdcStack } from "./cdc-stack.js";
import { CentralStack } from "./central-stack.js";
import { EdgeStack } from "./edge-stack.js";
import { RegionalDataStack } from "./regional-data-stack.js";
import { WarehouseStack } from "./warehouse-stack.js";

export interface KitStacks {
  readonly regional: readonly RegionalDataStack[];
  readonly central: CentralStack;
  /** `cdc-<id>` per region: the Kubernetes side of CDC (synth only; needs the Kubernetes provider). */
  readonly cdc: readonly CdcStack[];
  readonly warehouse: WarehouseStack;
  /** The Cloudflare edge router (synth only; needs the Cloudflare provider). */
  readonly edge: EdgeStack;
}

/** Every stack of a manifest, in a given app: `data-<id>` and `cdc-<id>` per region, one `central`, one `warehouse` and one `edge`. */
export function buildStacks(app: App, manifest: Manifest): KitStacks {
  const built = new Map(stackBuilders(manifest).map(({ name, build }) => [name, build(app)] as const));
  const get = <T>(name: string) => built.get(name) as T;
  return {
    regional: manifest.regions.map((r) => get<RegionalDataStack>(regionalStackName(r.id))),
    central: get<CentralStack>(CENTRAL_STACK),
    cdc: manifest.regions.map((r) => get<CdcStack>(cdcStackName(r.id))),
    warehouse: get<WarehouseStack>(WAREHOUSE_STACK),
    edge: get<EdgeStack>(EDGE_STACK),
  };
}

/**
 * The one list of the kit's stacks, in synth order, each with what builds it: buildStacks builds them all,
 * the parallel synth (synth/parallel.ts) a share in each process, so a new stack is added here only.
 */
function stackBuilders(manifest: Manifest): Array<{ readonly name: string; build(app: App): TerraformStack }> {
  const { central } = manifest;
  return [
    ...manifest.regions.map((region) => ({ name: regionalStackName(region.id), build: (app: App) => new RegionalDataStack(app, { region, central }) })),
    { name: CENTRAL_STACK, build: (app: App) => new CentralStack(app, { manifest }) },
    ...manifest.regions.map((region) => ({ name: cdcStackName(region.id), build: (app: App) => new CdcStack(app, { region, central }) })),
    { name: WAREHOUSE_STACK, build: (app: App) => new WarehouseStack(app, { manifest }) },
    { name: EDGE_STACK, build: (app: App) => new EdgeStack(app, { manifest }) },
  ];
}

/** The names of every stack buildStacks creates, in its order, without building any. */
export function stackNames(manifest: Manifest): string[] {
  return stackBuilders(manifest).map((b) => b.name);
}

/**
 * Only the named stacks of a manifest (a share of stackNames), for synthesizing stacks in parallel workers.
 * Stacks share no constructs or cross-stack references, so a stack built alone synthesizes byte for byte
 * as it does in the full app (synth/README.md; test/synth/parallel.test.ts holds that).
 */
export function buildNamedStacks(app: App, manifest: Manifest, names: readonly string[]): TerraformStack[] {
  const builders = stackBuilders(manifest);
  const unknown = names.filter((n) => !builders.some((b) => b.name === n));
  if (unknown.length > 0) throw new Error(`no stack ${unknown.join(", ")} in the manifest; stacks: ${builders.map((b) => b.name).join(", ")}`);
  return builders.filter((b) => names.includes(b.name)).map((b) => b.build(app));
}
