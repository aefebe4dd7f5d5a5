import { describe, expect, it } from "vitest";
import { manifestOf, synthCentral } from "../helpers.js";

const central = synthCentral(manifestOf());

describe("CentralStack", () => {
  it("lives in the central home region and account, with its state there", () => {
    expect(central.json.provider.aws).toEqual([expect.objectContaining({ region: "us-west-2", allowed_account_ids: ["111111111111"] })]);
    expect(central.json.terraform.backend.s3).toMatchObject({ bucket: "rk-tfstate-111111111111-us-west-2", key: "central/terraform.tfstate", region: "us-west-2" });
  });

  it("is tagged as holding no customer data", () => {
    expect(central.json.provider.aws[0].default_tags[0].tags).toMatchObject({ "regionkit:data-class": "no-customer-data", "regionkit:region": "central" });
  });

  it("matches the snapshot", () => {
    expect(central.text).toMatchSnapshot();
  });
});
