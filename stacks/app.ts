import { App } from "cdktf";
import type { Manifest } from "../regions/manifest.js";
import { CdcStack } from "./cdc-stack.js";
import { CentralStack } from "./central-stack.js";
import { RegionalDataStack } from "./regional-data-stack.js";
import { WarehouseStack } from "./warehouse-stack.js";

export interface KitStacks {
  readonly regional: readonly RegionalDataStack[];
  readonly central: CentralStack;
  /** `cdc-<id>` per region: the Kubernetes side of CDC (synth only; needs the Kubernetes provider). */
  readonly cdc: readonly CdcStack[];
  readonly warehouse: WarehouseStack;
}

/** Every stack of a manifest, in a given app: `data-<id>` and `cdc-<id>` per region, one `central` and one `warehouse`. */
export function buildStacks(app: App, manifest: Manifest): KitStacks {
  const regional = manifest.regions.map((region) => new RegionalDataStack(app, { region, central: manifest.central }));
  const central = new CentralStack(app, { manifest });
  const cdc = manifest.regions.map((region) => new CdcStack(app, { region, central: manifest.central }));
  const warehouse = new WarehouseStack(app, { manifest });
  return { regional, central, cdc, warehouse };
}
