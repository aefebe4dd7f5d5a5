import { SnowflakeProvider } from "@cdktf/provider-snowflake/lib/provider";
import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { WarehouseObjects } from "../constructs/warehouse/index.js";
import type { Manifest } from "../regions/manifest.js";
import { RegionResolver, stateBucket, WAREHOUSE_STACK } from "../regions/resolvers.js";
import { addStateBackend } from "./kit-stack.js";

/** Preview resources of the Snowflake provider 2.x this stack uses; the provider refuses them unless listed. */
export const SNOWFLAKE_PREVIEW_FEATURES = [
  "snowflake_table_resource",
  "snowflake_storage_integration_resource",
  "snowflake_stage_resource",
];

export interface WarehouseStackProps {
  readonly manifest: Manifest;
}

/**
 * `warehouse`: the central Snowflake warehouse, fed by every region with
 * sanitized data and events only. Its own stack because the Snowflake provider
 * cannot be installed offline here (npm run validate checks it by synth only),
 * so `central` stays AWS-only and plannable.
 *
 * Credentials never live in the repository: the provider reads them from its
 * environment variables (SNOWFLAKE_ORGANIZATION_NAME, SNOWFLAKE_ACCOUNT_NAME,
 * SNOWFLAKE_USER, SNOWFLAKE_ROLE, SNOWFLAKE_PRIVATE_KEY). Authentication is
 * key-pair only. State sits beside `central`'s, in the central account and region.
 */
export class WarehouseStack extends TerraformStack {
  readonly objects: WarehouseObjects;

  constructor(scope: Construct, props: WarehouseStackProps) {
    super(scope, WAREHOUSE_STACK);
    const { manifest } = props;
    new SnowflakeProvider(this, "snowflake", { authenticator: "SNOWFLAKE_JWT", previewFeaturesEnabled: SNOWFLAKE_PREVIEW_FEATURES });
    addStateBackend(this, WAREHOUSE_STACK, stateBucket(manifest, WAREHOUSE_STACK), manifest.central.awsRegion);
    this.objects = new WarehouseObjects(this, "Warehouse", {
      regions: manifest.regions.map((region) => new RegionResolver(region, manifest.central.namespace)),
    });
  }
}
