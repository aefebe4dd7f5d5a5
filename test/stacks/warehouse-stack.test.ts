import { describe, expect, it } from "vitest";
import { manifestOf, synthWarehouse } from "../helpers.js";

const manifest = manifestOf();
const warehouse = synthWarehouse(manifest);

describe("WarehouseStack", () => {
  it("needs only the Snowflake provider, so it never blocks the AWS-only stacks' validation", () => {
    expect(warehouse.json.terraform.required_providers).toEqual({ snowflake: { source: "snowflakedb/snowflake", version: "2.11.0" } });
    expect(warehouse.json.provider.aws).toBeUndefined();
  });

  it("holds no credentials: only key-pair authentication and the preview features are configured", () => {
    expect(warehouse.json.provider.snowflake).toEqual([
      {
        authenticator: "SNOWFLAKE_JWT",
        preview_features_enabled: ["snowflake_table_resource", "snowflake_storage_integration_resource", "snowflake_stage_resource"],
      },
    ]);
    expect(warehouse.text).not.toMatch(/"(password|private_key|private_key_passphrase|token|oauth_client_secret)"/);
  });

  it("keeps its state beside central's, in the central account and home region", () => {
    expect(warehouse.json.terraform.backend.s3).toEqual({
      bucket: "rk-tfstate-111111111111-us-west-2",
      key: "warehouse/terraform.tfstate",
      region: "us-west-2",
      encrypt: true,
      use_lockfile: true,
    });
  });

  it("uses no data source", () => {
    expect(warehouse.json.data ?? {}).toEqual({});
  });

  it("matches the snapshot", () => {
    expect(warehouse.text).toMatchSnapshot();
  });
});
