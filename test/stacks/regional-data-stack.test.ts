import { describe, expect, it } from "vitest";
import { manifestOf, synthRegion } from "../helpers.js";

const manifest = manifestOf();

describe("RegionalDataStack", () => {
  it("configures the AWS provider for the region's primary AWS region and account", () => {
    const eu = synthRegion("eu", manifest);
    const [primary, backup] = eu.json.provider.aws;
    expect(primary).toMatchObject({ region: "eu-central-1", allowed_account_ids: ["222222222222"] });
    expect(primary.alias).toBeUndefined();
    expect(backup).toMatchObject({ alias: "backup", region: "eu-west-1", allowed_account_ids: ["222222222222"] });
  });

  it("has no backup provider when the region has no backupRegion", () => {
    const kr = synthRegion("kr", manifest);
    expect(kr.json.provider.aws).toHaveLength(1);
    expect(kr.json.provider.aws[0].region).toBe("ap-northeast-2");
  });

  it("tags every resource with region, jurisdiction and data class", () => {
    const tags = synthRegion("jp", manifest).json.provider.aws[0].default_tags[0].tags;
    expect(tags).toEqual({
      "regionkit:region": "jp",
      "regionkit:jurisdiction": "JP",
      "regionkit:data-class": "customer",
      "regionkit:managed-by": "regionkit",
      "regionkit:stack": "data-jp",
    });
  });

  it("keeps its state in an encrypted, locked S3 bucket in its own region and account", () => {
    const backend = synthRegion("jp", manifest).json.terraform.backend.s3;
    expect(backend).toEqual({
      bucket: "rk-tfstate-333333333333-ap-northeast-1",
      key: "data-jp/terraform.tfstate",
      region: "ap-northeast-1",
      encrypt: true,
      use_lockfile: true,
    });
  });

  it("pins the AWS provider to the version the offline mirror holds", () => {
    expect(synthRegion("us", manifest).json.terraform.required_providers.aws.version).toBe("5.100.0");
  });

  it("uses no data source that would call an AWS API at plan time", () => {
    expect(synthRegion("eu", manifest).json.data ?? {}).toEqual({});
  });

  it("mentions no other region's AWS region or account (outside the event sink's PrivateLink path to the warehouse)", () => {
    const synth = synthRegion("eu", manifest);
    // The warehouse endpoint names the Snowflake account's AWS region: the designed crossing point, excepted in guardrails/exceptions.ts.
    const crossing = (name: string) => name.startsWith("EventLog_WarehouseEndpoint_");
    const json = structuredClone(synth.json);
    for (const type of Object.keys(json.resource)) for (const name of Object.keys(json.resource[type])) if (crossing(name)) delete json.resource[type][name];
    const eu = JSON.stringify(json);
    for (const other of manifest.regions.filter((r) => r.id !== "eu")) {
      expect(eu).not.toContain(`"${other.awsRegion}"`);
      expect(eu).not.toContain(`.${other.awsRegion}.`);
      expect(eu).not.toContain(other.accountId);
    }
  });

  it("gives every bucket that writes access logs a delivery grant in its target's policy", () => {
    const eu = synthRegion("eu", manifest);
    const policies = Object.values(eu.resources("aws_s3_bucket_policy"));
    const loggings = Object.values(eu.resources("aws_s3_bucket_logging"));
    expect(loggings.length).toBeGreaterThan(0);
    for (const logging of loggings) {
      const source = String(logging.bucket).replace(/\.id\}$/, ".arn}");
      const target = policies.find((p) => p.bucket === logging.target_bucket)!;
      const grants = JSON.parse(target.policy).Statement.filter(
        (st: Record<string, any>) => st.Principal?.Service === "logging.s3.amazonaws.com" && st.Condition?.ArnLike?.["aws:SourceArn"] === source,
      );
      expect(grants, source).toHaveLength(1);
      expect(grants[0].Resource).toMatch(new RegExp(`/${logging.target_prefix.replace(/[/]/g, "\\/")}\\*$`));
    }
  });

  it.each(manifest.regions.map((r) => r.id))("matches the snapshot of data-%s", (id) => {
    expect(synthRegion(id, manifest).text).toMatchSnapshot();
  });
});
