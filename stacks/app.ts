import { App } from "cdktf";
import type { Manifest } from "../regions/manifest.js";
import { CentralStack } from "./central-stack.js";
import { RegionalDataStack } from "./regional-data-stack.js";
import { WarehouseStack } from "./warehouse-stack.js";

export interface KitStacks {
  readonly regional: readonly RegionalDataStack[];
  readonly central: CentralStack;
  readonly warehouse: WarehouseStack;
}

/** Every stack of a manifest, in a given app: one `data-<id>` per region, one `central` and one `warehouse`. */
export function buildStacks(app: App, manifest: Manifest): KitStacks {
  const regional = manifest.regions.map((region) => new RegionalDataStack(app, { region, central: manifest.central }));
  const central = new CentralStack(app, { manifest });
  const warehouse = new WarehouseStack(app, { manifest });
  return { regional, central, warehouse };
}
