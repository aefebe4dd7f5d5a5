import type { App, TerraformStack } from "cdktf";
import type { Manifest } from "../regions/manifest.js";
import { CENTRAL_STACK, cdcStackName, regionalStackName, WAREHOUSE_STACK } from "../regions/resolvers.js";
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
  const regional = manifest.regions.map((region) => new RegionalDataStack(app, { region, central: manifest.central }));
  const central = new CentralStack(app, { manifest });
  const cdc = manifest.regions.map((region) => new CdcStack(app, { region, central: manifest.central }));
  const warehouse = new WarehouseStack(app, { manifest });
  const edge = new EdgeStack(app, { manifest });
  return { regional, central, cdc, warehouse, edge };
}

/** The names of every stack buildStacks creates, in its order, without building any. */
export function stackNames(manifest: Manifest): string[] {
  return [...manifest.regions.map((r) => regionalStackName(r.id)), CENTRAL_STACK, ...manifest.regions.map((r) => cdcStackName(r.id)), WAREHOUSE_STACK];
}

/**
 * Only the named stacks of a manifest (a share of stackNames), for synthesizing stacks in parallel workers.
 * Stacks share no constructs or cross-stack references, so a stack built alone synthesizes byte for byte
 * as it does in the full app (synth/README.md; test/synth/parallel.test.ts holds that).
 */
export function buildNamedStacks(app: App, manifest: Manifest, names: readonly string[]): TerraformStack[] {
  const wanted = new Set(names);
  const unknown = names.filter((n) => !stackNames(manifest).includes(n));
  if (unknown.length > 0) throw new Error(`no stack ${unknown.join(", ")} in the manifest; stacks: ${stackNames(manifest).join(", ")}`);
  const built: TerraformStack[] = [];
  for (const region of manifest.regions) {
    if (wanted.has(regionalStackName(region.id))) built.push(new RegionalDataStack(app, { region, central: manifest.central }));
  }
  if (wanted.has(CENTRAL_STACK)) built.push(new CentralStack(app, { manifest }));
  for (const region of manifest.regions) {
    if (wanted.has(cdcStackName(region.id))) built.push(new CdcStack(app, { region, central: manifest.central }));
  }
  if (wanted.has(WAREHOUSE_STACK)) built.push(new WarehouseStack(app, { manifest }));
  return built;
}
