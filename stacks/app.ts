import { App } from "cdktf";
import type { Manifest } from "../regions/manifest.js";
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
