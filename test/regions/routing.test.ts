import { describe, expect, it } from "vitest";
import { routingTable, routingTableJson } from "../../regions/routing.js";
import { manifestOf, manifestWithRegion, NEW_REGION_YAML } from "../helpers.js";

const manifest = manifestOf();
const table = routingTable(manifest);
const route = (id: string) => table.regions.find((r) => r.id === id)!;

describe("routingTable", () => {
  it("has one entry per manifest region, in manifest order", () => {
    expect(table.regions.map((r) => r.id)).toEqual(["us", "eu", "jp", "kr"]);
  });

  it("gives a region's identity, AWS regions and account", () => {
    expect(route("eu")).toMatchObject({
      id: "eu",
      jurisdiction: "EU",
      accountId: "222222222222",
      awsRegion: "eu-central-1",
      backupRegion: "eu-west-1",
      stackName: "data-eu",
      stateBucket: "rk-tfstate-222222222222-eu-central-1",
    });
  });

  it("gives null as backupRegion when the region has none", () => {
    expect(route("kr").backupRegion).toBeNull();
  });

  it("names the region's EMR cluster, the tag the orchestrator's permission requires and the role it assumes", () => {
    expect(route("jp").emrCluster).toEqual({
      name: "rk-jp-spark",
      tag: { key: "regionkit:emr-cluster", value: "rk-jp-spark" },
      orchestratorRoleArn: "arn:aws:iam::333333333333:role/rk-jp-orchestrator-access",
      idParameter: { parameter: "/rk/jp/spark/cluster-id", parameterArn: "arn:aws:ssm:ap-northeast-1:333333333333:parameter/rk/jp/spark/cluster-id" },
    });
  });

  it("says which jobs stream (every few minutes) and which run as daily batches", () => {
    const modes = Object.fromEntries(Object.entries(route("eu").jobSpecs).map(([job, spec]) => [job, spec.mode]));
    expect(modes).toEqual({ "cdc-ingest": "streaming", embeddings: "streaming", "search-reindex": "batch", sanitize: "batch" });
    expect(table.streamingIntervalMinutes).toBe(15);
  });

  it("names the warehouse landing table and stage the orchestrator loads a region's sanitized export into", () => {
    expect(route("eu").warehouse).toEqual({ sanitizedTable: "REGIONKIT.SANITIZED.SANITIZED_EU", sanitizedStage: "REGIONKIT.SANITIZED.SANITIZED_EU_STAGE" });
  });

  it("names the four lake buckets and the sanitized export location", () => {
    expect(route("eu").lakeBuckets).toEqual({
      raw: "rk-eu-lake-raw-222222222222",
      lake: "rk-eu-lake-lake-222222222222",
      sanitized: "rk-eu-lake-sanitized-222222222222",
      logs: "rk-eu-lake-logs-222222222222",
    });
    expect(route("eu").sanitizedExportPath).toBe("s3://rk-eu-lake-sanitized-222222222222/export/");
  });

  it("names one CDC topic per sharded table and the events topic", () => {
    const topics = route("kr").kafkaTopics;
    expect(topics.cdc.block).toBe("kr.cdc.block");
    expect(Object.keys(topics.cdc)).toHaveLength(7);
    expect(topics.events).toBe("kr.events");
  });

  it("locates each job spec as an SSM parameter name and ARN in the region", () => {
    expect(route("eu").jobSpecs.sanitize).toEqual({
      parameter: "/rk/eu/spark/jobs/sanitize",
      parameterArn: "arn:aws:ssm:eu-central-1:222222222222:parameter/rk/eu/spark/jobs/sanitize",
      mode: "batch",
    });
    expect(Object.keys(route("eu").jobSpecs)).toEqual(["cdc-ingest", "search-reindex", "embeddings", "sanitize"]);
  });

  it.each(["eu", "jp", "kr"])("keeps the %s entry free of every other region's AWS region and account", (id) => {
    const text = JSON.stringify(route(id));
    for (const other of manifest.regions.filter((r) => r.id !== id && r.accountId !== route(id).accountId)) {
      expect(text).not.toContain(other.awsRegion);
      expect(text).not.toContain(other.accountId);
    }
  });

  it("adds exactly one entry for a new region and leaves the others unchanged", () => {
    const grown = routingTable(manifestWithRegion(NEW_REGION_YAML));
    expect(grown.regions).toHaveLength(table.regions.length + 1);
    expect(grown.regions.slice(0, table.regions.length)).toEqual(table.regions);
    expect(grown.regions.at(-1)).toMatchObject({ id: "ch", awsRegion: "eu-central-2", accountId: "555555555555" });
    const { regions: _a, ...restBefore } = table;
    const { regions: _b, ...restAfter } = grown;
    expect(restAfter).toEqual(restBefore);
  });

  it("publishes JSON that parses back to the same table", () => {
    expect(JSON.parse(routingTableJson(manifest))).toEqual(table);
  });

  it("matches the snapshot for the default manifest", () => {
    expect(routingTableJson(manifest)).toMatchSnapshot();
  });
});
