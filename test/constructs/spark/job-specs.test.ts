import { describe, expect, it } from "vitest";
import {
  HUDI_WRITE_DEFAULTS,
  KAFKA_JARS,
  LAKE_METADATA_COLUMNS,
  SANITIZED_COLUMNS,
  sparkJobAccess,
  sparkJobSpecs,
  sparkSubmitArgs,
} from "../../../constructs/spark/index.js";
import { regionResolver, SHARDED_TABLES, SPARK_JOBS, STREAMING_JOBS } from "../../../regions/resolvers.js";
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
    expect(HUDI_WRITE_DEFAULTS).toMatchObject({ "hoodie.datasource.write.table.type": "COPY_ON_WRITE", "hoodie.datasource.write.operation": "upsert" });
    expect(sparkConf["spark.sql.extensions"]).toMatch(/hudi/i);
  });

  // spark-submit drops every --conf key that does not start with "spark." ("Ignoring non-Spark config property").
  it.each(SPARK_JOBS)("passes only spark.* keys as --conf in %s, so none is dropped", (job) => {
    for (const key of Object.keys(specs[job].sparkConf)) expect(key).toMatch(/^spark\./);
  });

  it("fails a spec with a non-spark.* conf key instead of letting spark-submit drop it", () => {
    const spec = { ...specs["cdc-ingest"], sparkConf: { ...specs["cdc-ingest"].sparkConf, "hoodie.table.name": "block" } };
    expect(() => sparkSubmitArgs(spec)).toThrow(/sparkConf keys hoodie\.table\.name are not spark\.\* keys/);
  });

  it("names a Hudi table for every ingested table, and sets index, cleaner and archival defaults", () => {
    const names = argOf(specs["cdc-ingest"].args, "--hoodie-table-names").split(",");
    expect(names).toEqual(SHARDED_TABLES.map((t) => `${t}=eu_${t}`));
    expect(HUDI_WRITE_DEFAULTS["hoodie.index.type"]).toBe("BUCKET");
    expect(HUDI_WRITE_DEFAULTS["hoodie.clean.automatic"]).toBe("true");
    expect(HUDI_WRITE_DEFAULTS["hoodie.cleaner.policy"]).toBe("KEEP_LATEST_COMMITS");
    // Hudi refuses an archival window that does not exceed the cleaner's retained commits.
    expect(Number(HUDI_WRITE_DEFAULTS["hoodie.keep.min.commits"])).toBeGreaterThan(Number(HUDI_WRITE_DEFAULTS["hoodie.cleaner.commits.retained"]));
    expect(Number(HUDI_WRITE_DEFAULTS["hoodie.keep.max.commits"])).toBeGreaterThan(Number(HUDI_WRITE_DEFAULTS["hoodie.keep.min.commits"]));
  });

  it("precombines on the row version, never on a WAL position, and compares with the stored row", () => {
    const { args } = specs["cdc-ingest"];
    expect(argOf(args, "--precombine-field")).toBe("_row_version");
    expect(HUDI_WRITE_DEFAULTS["hoodie.datasource.write.precombine.field"]).toBe("_row_version");
    expect(HUDI_WRITE_DEFAULTS["hoodie.payload.ordering.field"]).toBe("_row_version");
    expect(HUDI_WRITE_DEFAULTS["hoodie.datasource.write.payload.class"]).toMatch(/DefaultHoodieRecordPayload$/);
    expect(JSON.stringify(HUDI_WRITE_DEFAULTS)).not.toMatch(/lsn/);
  });

  it("carries the source database and schema into the lake from Debezium's source block", () => {
    const columns = Object.fromEntries(argOf(specs["cdc-ingest"].args, "--metadata-columns").split(",").map((pair) => pair.split("=") as [string, string]));
    expect(columns).toMatchObject({ _source_database: "source.name", _source_schema: "source.schema", _source_lsn: "source.lsn" });
    expect(Object.keys(columns)).toEqual(Object.keys(LAKE_METADATA_COLUMNS));
  });

  it("partitions the lake by logical shard", () => {
    expect(argOf(specs["cdc-ingest"].args, "--partition-field")).toBe("_logical_shard");
    expect(HUDI_WRITE_DEFAULTS["hoodie.datasource.write.partitionpath.field"]).toBe("_logical_shard");
    expect(LAKE_METADATA_COLUMNS._logical_shard).toMatch(/^source\.schema/);
  });

  it("reads the shard map to drop deletes from a database that no longer owns the shard", () => {
    const { args } = specs["cdc-ingest"];
    expect(argOf(args, "--shard-map-parameter")).toBe(eu.shardMapParameter);
    expect(argOf(args, "--shard-map-serving-parameter")).toBe(eu.shardMapServingParameter);
    expect(args).toContain("--drop-deletes-from-non-owner");
    expect(LAKE_METADATA_COLUMNS._shard_map_epoch).toBe("shard-map:epoch");
    expect(sparkJobAccess(eu)["cdc-ingest"].shardMapRead).toBe(true);
  });

  const kafkaJobs = SPARK_JOBS.filter((job) => sparkJobAccess(eu)[job].readTopics.length > 0);
  it("has jobs that read Kafka", () => expect(kafkaJobs.sort()).toEqual(["cdc-ingest", "embeddings"]));

  it.each(kafkaJobs)("puts the Kafka source and MSK IAM jars from this region's artifacts bucket on %s's classpath", (job) => {
    const jars = specs[job].sparkConf["spark.jars"]!.split(",");
    for (const jar of KAFKA_JARS) expect(jars).toContain(`s3://${eu.sparkArtifactsBucket}/jars/kafka/${jar}`);
    expect(jars.some((j) => /spark-sql-kafka-0-10/.test(j))).toBe(true);
    expect(jars.some((j) => /aws-msk-iam-auth/.test(j))).toBe(true);
    // The runtime role can read them.
    expect(sparkJobAccess(eu)[job].read).toContainEqual({ bucket: "artifacts", prefix: "jars/kafka/" });
    expect(argOf(specs[job].args, "--kafka-option")).toBe("kafka.security.protocol=SASL_SSL");
    expect(specs[job].args).toContain("kafka.sasl.client.callback.handler.class=software.amazon.msk.auth.iam.IAMClientCallbackHandler");
  });

  it.each(STREAMING_JOBS)("runs %s as a streaming job that stops when it has caught up (availableNow)", (job) => {
    expect(argOf(specs[job].args, "--trigger")).toBe("availableNow");
  });

  it.each(SPARK_JOBS)("fits %s's published spec in a Standard SSM parameter (4 KB) even with endpoints", (job) => {
    const long = "b-1.rk-eu-kafka.abcdef.c2.kafka.eu-central-1.amazonaws.com:9098";
    const spec = sparkJobSpecs(eu, { kafkaBootstrap: [long, long, long].join(","), search: "x".repeat(90), vector: "y".repeat(70) })[job];
    expect(JSON.stringify(spec).length).toBeLessThan(4096);
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
