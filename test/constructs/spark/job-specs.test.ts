import { describe, expect, it } from "vitest";
import { SANITIZED_COLUMNS, sparkJobAccess, sparkJobSpecs, sparkSubmitArgs } from "../../../constructs/spark/index.js";
import { regionResolver, SHARDED_TABLES, SPARK_JOBS } from "../../../regions/resolvers.js";
import { manifestOf } from "../../helpers.js";

const manifest = manifestOf();
const eu = regionResolver(manifest, "eu");
const specs = sparkJobSpecs(eu);
const others = manifest.regions.filter((r) => r.id !== "eu");

/** Every s3:// location in a spec's args. */
const s3Paths = (args: readonly string[]) => args.flatMap((a) => a.split(",")).filter((a) => a.startsWith("s3://"));
const argOf = (args: readonly string[], flag: string) => {
  const i = args.indexOf(flag);
  expect(i, `flag ${flag}`).toBeGreaterThanOrEqual(0);
  return args[i + 1]!;
};

describe("sparkJobSpecs", () => {
  it("resolves every job of SPARK_JOBS", () => {
    expect(Object.keys(specs).sort()).toEqual([...SPARK_JOBS].sort());
  });

  it.each(SPARK_JOBS)("targets this region's cluster, AWS region and runtime role for %s", (job) => {
    const spec = specs[job];
    expect(spec).toMatchObject({ name: job, region: "eu", awsRegion: "eu-central-1", cluster: eu.emrClusterName });
    expect(spec.executionRoleArn).toBe(`arn:aws:iam::222222222222:role/${eu.sparkJobRoleName(job)}`);
    expect(spec.entrypoint.startsWith(`s3://${eu.sparkArtifactsBucket}/jobs/${job}/`)).toBe(true);
  });

  it.each(SPARK_JOBS)("uses only this region's buckets in %s", (job) => {
    const own = [eu.sparkArtifactsBucket, eu.lakeBucket("raw"), eu.lakeBucket("lake"), eu.lakeBucket("sanitized")];
    for (const path of [specs[job].entrypoint, ...s3Paths(specs[job].args)]) expect(own).toContain(path.slice(5).split("/")[0]);
  });

  it.each(SPARK_JOBS)("mentions no other region, AWS region or account in %s", (job) => {
    const text = JSON.stringify(specs[job]);
    for (const other of others) {
      expect(text).not.toContain(other.awsRegion);
      expect(text).not.toContain(other.accountId);
      expect(text).not.toMatch(new RegExp(`\\b${other.id}[.-]`));
    }
  });

  it("ingests every sharded table's topic (one per table, not per shard) into Hudi copy-on-write upserts in the lake bucket", () => {
    const { args, sparkConf } = specs["cdc-ingest"];
    expect(argOf(args, "--topics").split(",")).toEqual(SHARDED_TABLES.map((t) => eu.kafkaTopic(t)));
    expect(argOf(args, "--kafka-cluster")).toBe(eu.mskClusterName);
    expect(argOf(args, "--table-base")).toBe(`s3://${eu.lakeBucket("lake")}/tables/`);
    expect(sparkConf).toMatchObject({ "hoodie.datasource.write.table.type": "COPY_ON_WRITE", "hoodie.datasource.write.operation": "upsert" });
    expect(sparkConf["spark.sql.extensions"]).toMatch(/hudi/i);
  });

  it("reindexes search from the lake into this region's search domain", () => {
    const { args } = sparkJobSpecs(eu, { search: "vpc-rk-eu-search.example" })["search-reindex"];
    expect(argOf(args, "--table-base")).toBe(`s3://${eu.lakeBucket("lake")}/tables/`);
    expect(argOf(args, "--search-domain")).toBe(eu.searchDomainName);
    expect(argOf(args, "--search-endpoint")).toBe("vpc-rk-eu-search.example");
  });

  it("passes the Kafka broker list when it is known", () => {
    const { args } = sparkJobSpecs(eu, { kafkaBootstrap: "b-1.example:9098" })["cdc-ingest"];
    expect(argOf(args, "--kafka-bootstrap")).toBe("b-1.example:9098");
    expect(specs["cdc-ingest"].args).not.toContain("--kafka-bootstrap");
  });

  it("names endpoints only when they are known, so the orchestrator can build the same specs offline", () => {
    expect(specs["search-reindex"].args).not.toContain("--search-endpoint");
    expect(specs.embeddings.args).not.toContain("--vector-endpoint");
  });

  it("embeds from this region's Kafka into this region's vector store", () => {
    const { args } = sparkJobSpecs(eu, { vector: "https://abc.eu-central-1.aoss.amazonaws.com" }).embeddings;
    expect(argOf(args, "--topics").split(",").every((t) => t.startsWith("eu.cdc."))).toBe(true);
    expect(argOf(args, "--vector-collection")).toBe(eu.vectorCollectionName);
    expect(argOf(args, "--vector-endpoint")).toBe("https://abc.eu-central-1.aoss.amazonaws.com");
  });

  it("sanitizes from the lake into the sanitized export path, keeping only allow-listed columns", () => {
    const { args } = specs.sanitize;
    expect(argOf(args, "--table-base")).toBe(`s3://${eu.lakeBucket("lake")}/tables/`);
    expect(argOf(args, "--target")).toBe(eu.sanitizedExportPath);
    expect(argOf(args, "--keep-columns").split(",")).toEqual([...SANITIZED_COLUMNS]);
    expect(args).toContain("--drop-other-columns");
    for (const content of ["content", "title", "properties", "text"]) expect(SANITIZED_COLUMNS as readonly string[]).not.toContain(content);
  });

  it("writes the sanitize output only to the sanitized bucket, and reads nothing from it", () => {
    const access = sparkJobAccess(eu).sanitize;
    expect(access.write.map((l) => l.bucket)).toEqual(["sanitized"]);
    expect(access.read.map((l) => l.bucket)).not.toContain("sanitized");
    expect(access.readTopics).toEqual([]);
  });

  it("builds a cluster-mode spark-submit line with the spec's conf, entrypoint and args", () => {
    const spec = specs.sanitize;
    const line = sparkSubmitArgs(spec);
    expect(line.slice(0, 3)).toEqual(["spark-submit", "--deploy-mode", "cluster"]);
    expect(line).toContain(`spark.serializer=${spec.sparkConf["spark.serializer"]}`);
    expect(line.slice(-spec.args.length - 1)).toEqual([spec.entrypoint, ...spec.args]);
  });

  it.each(manifest.regions.map((r) => r.id))("resolves region %s to its own names", (id) => {
    const names = regionResolver(manifest, id);
    const spec = sparkJobSpecs(names)["cdc-ingest"];
    expect(spec.cluster).toBe(names.emrClusterName);
    expect(argOf(spec.args, "--topics").split(",").every((t) => t.startsWith(`${id}.cdc.`))).toBe(true);
    expect(s3Paths(spec.args).every((p) => p.includes(`-${names.region.accountId}/`))).toBe(true);
  });
});
