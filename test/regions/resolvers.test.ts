import { describe, expect, it } from "vitest";
import { NAME_LIMITS } from "../../regions/naming.js";
import {
  CentralResolver,
  centralResolver,
  LAKE_ZONES,
  regionResolver,
  schemaName,
  stateBucket,
} from "../../regions/resolvers.js";
import { manifestOf, minimalManifestYaml } from "../helpers.js";

const manifest = manifestOf();
const eu = regionResolver(manifest, "eu");

describe("region resolvers", () => {
  it("finds a region by id", () => {
    expect(eu.region.awsRegion).toBe("eu-central-1");
    expect(eu.stackName).toBe("data-eu");
  });

  it("fails on an unknown region id, naming the known ones", () => {
    expect(() => regionResolver(manifest, "ue")).toThrow(/unknown region "ue"; did you mean "us"\?; the manifest has: us, eu, jp, kr/);
  });

  it("names shard databases by 1-based physical index", () => {
    expect(eu.shardDatabaseId(1)).toBe("rk-eu-shard-001");
    expect(eu.shardDatabaseId(32)).toBe("rk-eu-shard-032");
  });

  it("fails on a physical index outside the fleet", () => {
    expect(() => eu.shardDatabaseId(0)).toThrow(/1\.\.32/);
    expect(() => eu.shardDatabaseId(33)).toThrow(/got 33/);
  });

  it("names schemas schema001 ... schema480", () => {
    expect(schemaName(1)).toBe("schema001");
    expect(schemaName(480)).toBe("schema480");
    expect(() => schemaName(0)).toThrow(/got 0/);
  });

  it("names one lake bucket per zone, with the region's account", () => {
    expect(LAKE_ZONES.map((z) => eu.lakeBucket(z))).toEqual([
      "rk-eu-lake-raw-222222222222",
      "rk-eu-lake-lake-222222222222",
      "rk-eu-lake-sanitized-222222222222",
      "rk-eu-lake-logs-222222222222",
    ]);
  });

  it("resolves the S3 path of a table", () => {
    expect(eu.tablePath("block")).toBe("s3://rk-eu-lake-lake-222222222222/tables/block/");
    expect(eu.tablePath("block", "raw")).toBe("s3://rk-eu-lake-raw-222222222222/tables/block/");
  });

  it("resolves one Kafka topic per table and one events topic", () => {
    expect(eu.kafkaTopic("block")).toBe("eu.cdc.block");
    expect(eu.eventsTopic).toBe("eu.events");
  });

  it("puts each stack's state bucket in the stack's own region and account", () => {
    expect(stateBucket(manifest, "data-eu")).toBe("rk-tfstate-222222222222-eu-central-1");
    expect(stateBucket(manifest, "data-kr")).toBe("rk-tfstate-444444444444-ap-northeast-2");
    expect(stateBucket(manifest, "central")).toBe("rk-tfstate-111111111111-us-west-2");
    expect(() => stateBucket(manifest, "data-xx")).toThrow(/no stack "data-xx"/);
  });

  it("lists the AWS regions a region's data may live in", () => {
    expect(eu.allowedAwsRegions).toEqual(["eu-central-1", "eu-west-1"]);
    expect(regionResolver(manifest, "kr").allowedAwsRegions).toEqual(["ap-northeast-2"]);
  });

  it("meets service length limits for the longest region id", () => {
    const long = manifestOf(
      minimalManifestYaml(`  - id: abcdefghijkl\n    jurisdiction: EU\n    awsRegion: eu-central-1\n    cidr: 10.20.0.0/16\n`, `central:\n  awsRegion: us-west-2\n  accountId: "111111111111"\n  namespace: longname\n`),
    );
    const r = regionResolver(long, "abcdefghijkl");
    expect(r.searchDomainName.length).toBeLessThanOrEqual(NAME_LIMITS.openSearchDomain);
    expect(r.vectorCollectionName.length).toBeLessThanOrEqual(NAME_LIMITS.openSearchServerless);
    for (const z of LAKE_ZONES) expect(r.lakeBucket(z).length).toBeLessThanOrEqual(NAME_LIMITS.s3Bucket);
    expect(r.shardDatabaseId(1).length).toBeLessThanOrEqual(NAME_LIMITS.rdsIdentifier);
  });

  it("resolves a Spark job's runtime role ARN in the region's own account", () => {
    expect(eu.sparkJobRoleArn("sanitize")).toBe("arn:aws:iam::222222222222:role/rk-eu-spark-job-sanitize");
  });

  it("names the region's CDC image repositories and the sanitized export location", () => {
    expect(eu.cdcImageRepository("connect")).toBe("rk-eu-cdc-connect");
    expect(eu.sanitizedExportPath).toBe("s3://rk-eu-lake-sanitized-222222222222/export/");
  });

  it("puts every log group under the namespace and the region (or central)", () => {
    expect(eu.logGroupName("msk", "brokers")).toBe("/rk/eu/msk/brokers");
    expect(centralResolver(manifest).logGroupName("vpc-flow-logs")).toBe("/rk/central/vpc-flow-logs");
  });

  it("names central resources with the central label", () => {
    const c = centralResolver(manifest);
    expect(c).toBeInstanceOf(CentralResolver);
    expect(c.configBucket).toBe("rk-central-config-111111111111");
  });
});
