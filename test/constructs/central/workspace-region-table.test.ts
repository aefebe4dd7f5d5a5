import { describe, expect, it } from "vitest";
import { manifestOf, resourceAt, synthCentral } from "../../helpers.js";

const central = synthCentral(manifestOf());
const table = resourceAt(central, "aws_dynamodb_table", "WorkspaceRegions/Resource").body;

describe("WorkspaceRegionTable", () => {
  it("is keyed by the workspace id as a string", () => {
    expect(table.hash_key).toBe("workspace_id");
    expect(table.range_key).toBeUndefined();
    expect(table.attribute).toEqual([{ name: "workspace_id", type: "S" }]);
  });

  it("takes its name from the central resolver", () => {
    expect(table.name).toBe("rk-central-workspace-regions");
  });

  it("bills on demand", () => {
    expect(table.billing_mode).toBe("PAY_PER_REQUEST");
  });

  it("keeps point-in-time recovery on", () => {
    expect(table.point_in_time_recovery).toEqual({ enabled: true });
  });

  it("has deletion protection and prevent_destroy", () => {
    expect(table.deletion_protection_enabled).toBe(true);
    expect(table.lifecycle).toEqual({ prevent_destroy: true });
  });

  it("encrypts with the central key", () => {
    expect(table.server_side_encryption).toEqual({ enabled: true, kms_key_arn: resourceAt(central, "aws_kms_key", "Key/Resource").ref("arn") });
  });

  it("has no replica in another region", () => {
    expect(table.replica).toBeUndefined();
    expect(table.stream_enabled).toBeUndefined();
  });
});
