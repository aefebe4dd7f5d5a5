import { SANITIZED_EXPORT_PREFIX, SEARCHABLE_TABLES, SHARDED_TABLES, SPARK_JOBS, STREAMING_JOBS, type LakeZone, type RegionResolver, type SparkJob } from "../../regions/resolvers.js";

/**
 * The Spark jobs every region runs, resolved for one region: what to run, as
 * which role, on which cluster, with region-resolved buckets, topics and
 * endpoints. A pure function of the manifest, so the central orchestrator can
 * build the same specs the regional stack publishes (SSM parameters named by
 * `RegionResolver.jobSpecParameter`).
 */
export interface JobSpec {
  readonly name: SparkJob;
  /** Manifest region id and its AWS region: the spec is only valid there. */
  readonly region: string;
  readonly awsRegion: string;
  /** EMR cluster to add the step to (tagged `regionkit:emr-cluster` = this name). */
  readonly cluster: string;
  /** EMR runtime role the step runs as; it can reach only what this job needs. */
  readonly executionRoleArn: string;
  /** PySpark script in the region's artifacts bucket. */
  readonly entrypoint: string;
  readonly args: readonly string[];
  readonly sparkConf: Readonly<Record<string, string>>;
}

/** Endpoints known only after deploy; when absent the args carry names and the job looks them up in-region. */
export interface JobEndpoints {
  /** Host of the region's search domain. @default - looked up from `--search-domain` */
  readonly search?: string;
  /** HTTPS endpoint of the region's vector store. @default - looked up from `--vector-collection` */
  readonly vector?: string;
  /** `host:port,...` of the region's MSK IAM listener. @default - looked up from `--kafka-cluster` */
  readonly kafkaBootstrap?: string;
}

/** An S3 location a job reads or writes: a lake zone (or the artifacts bucket) and a key prefix. */
export interface JobLocation {
  readonly bucket: LakeZone | "artifacts";
  /** Key prefix ending in `/`. */
  readonly prefix: string;
}

/** What a job's runtime role may touch, derived from the same values as its args. */
export interface JobAccess {
  readonly readTopics: readonly string[];
  readonly consumerGroup?: string;
  readonly read: readonly JobLocation[];
  readonly write: readonly JobLocation[];
  readonly searchWrite: boolean;
  readonly vectorWrite: boolean;
  /** Reads the region's shard map (SSM) to know which database owns each logical shard. */
  readonly shardMapRead: boolean;
}

/** Tables whose text is embedded for AI features. */
export const EMBEDDED_TABLES = ["block", "comment"] as const;
export { SEARCHABLE_TABLES } from "../../regions/resolvers.js";
/**
 * Columns the sanitize job keeps: identifiers, types and timestamps. Everything
 * else is treated as customer content and dropped, so a new column never leaks
 * by default.
 */
export const SANITIZED_COLUMNS = ["id", "workspace_id", "space_id", "parent_id", "type", "alive", "created_time", "last_edited_time"] as const;

/** Hudi ships with Spark on EMR (>= 5.28); EMR 7.5 bundles Hudi 0.15. */
export const HUDI_BUNDLE_JAR = "/usr/lib/hudi/hudi-spark-bundle.jar";

/**
 * Jars a job that reads Kafka needs on its classpath, none of which EMR installs: Spark's Kafka source (for the
 * cluster's Spark 3.5.x, Scala 2.12) and its dependencies, and the MSK IAM SASL client. The VPC has no internet, so
 * `--packages` cannot fetch them; the operator uploads them to the region's artifacts bucket under
 * `KAFKA_JARS_PREFIX` (see README) and `spark.jars` names them there.
 */
export const KAFKA_JARS = [
  "spark-sql-kafka-0-10_2.12-3.5.2.jar",
  "spark-token-provider-kafka-0-10_2.12-3.5.2.jar",
  "kafka-clients-3.4.1.jar",
  "commons-pool2-2.11.1.jar",
  "aws-msk-iam-auth-2.2.0-all.jar",
] as const;
/** Where the Kafka jars are in the artifacts bucket. */
export const KAFKA_JARS_PREFIX = "jars/kafka/";

/**
 * Kafka source options for MSK IAM (SASL over TLS on the IAM listener), passed as `--kafka-option key=value`;
 * the classes come from `aws-msk-iam-auth`.
 */
export const MSK_IAM_KAFKA_OPTIONS: Readonly<Record<string, string>> = {
  "kafka.security.protocol": "SASL_SSL",
  "kafka.sasl.mechanism": "AWS_MSK_IAM",
  "kafka.sasl.jaas.config": "software.amazon.msk.auth.iam.IAMLoginModule required;",
  "kafka.sasl.client.callback.handler.class": "software.amazon.msk.auth.iam.IAMClientCallbackHandler",
};

/**
 * Spark settings every job gets: Hudi's SQL extension and catalog. Only `spark.*` keys: spark-submit drops any
 * other `--conf` key with a warning, so Hudi write options never go here (see `HUDI_WRITE_DEFAULTS`).
 */
export const HUDI_SPARK_CONF: Readonly<Record<string, string>> = {
  "spark.serializer": "org.apache.spark.serializer.KryoSerializer",
  "spark.sql.extensions": "org.apache.spark.sql.hudi.HoodieSparkSessionExtension",
  "spark.sql.catalog.spark_catalog": "org.apache.spark.sql.hudi.catalog.HoodieCatalog",
};

/** The application column that orders versions of one row: Notion-style records carry a version the application increments on every write. */
export const ROW_VERSION_COLUMN = "version";

/**
 * Columns the ingest job adds to every lake row, and where each value comes from (a Debezium envelope path, or
 * the shard map). The database and schema a row came from are kept so a row can be traced back after a
 * reshard; `source.lsn` is kept for audit only, never compared (an LSN orders one database's WAL, not rows
 * across databases).
 */
export const LAKE_METADATA_COLUMNS = {
  _source_database: "source.name",
  _source_schema: "source.schema",
  _source_lsn: "source.lsn",
  _source_ts_ms: "source.ts_ms",
  _op: "op",
  _logical_shard: "source.schema:shard-number",
  _row_version: `after.${ROW_VERSION_COLUMN}|before.${ROW_VERSION_COLUMN}`,
  _shard_map_epoch: "shard-map:epoch",
} as const;
export type LakeMetadataColumn = keyof typeof LAKE_METADATA_COLUMNS;

/** Hudi precombine (ordering) field: the row version, so the newest write of a row wins whichever database sent it. */
export const PRECOMBINE_FIELD: LakeMetadataColumn = "_row_version";
/** Hudi partition path field: the logical shard, so one shard's upserts touch one partition and a reshard moves none. */
export const PARTITION_FIELD: LakeMetadataColumn = "_logical_shard";
/** Buckets per partition (logical shard) of the bucket index; fixed for a table's life. */
export const HUDI_BUCKETS_PER_SHARD = 8;

/**
 * Hudi write options every lake table shares. They go to the cluster's `hudi-defaults` classification
 * (`/etc/hudi/conf/hudi-defaults.conf`, which Hudi loads for every write), because spark-submit drops
 * non-`spark.*` `--conf` keys; the per-table name comes from the job arguments (`--hoodie-table-names`).
 */
export const HUDI_WRITE_DEFAULTS: Readonly<Record<string, string>> = {
  "hoodie.datasource.write.table.type": "COPY_ON_WRITE",
  "hoodie.datasource.write.operation": "upsert",
  "hoodie.datasource.write.recordkey.field": "id",
  "hoodie.datasource.write.precombine.field": PRECOMBINE_FIELD,
  // The default payload keeps the latest record of a batch only; this one also compares with the stored row.
  "hoodie.datasource.write.payload.class": "org.apache.hudi.common.model.DefaultHoodieRecordPayload",
  "hoodie.payload.ordering.field": PRECOMBINE_FIELD,
  "hoodie.datasource.write.partitionpath.field": PARTITION_FIELD,
  "hoodie.datasource.write.hive_style_partitioning": "true",
  "hoodie.datasource.write.keygenerator.class": "org.apache.hudi.keygen.SimpleKeyGenerator",
  // Random UUID keys defeat bloom-filter ranges; a bucket index finds a key's file group by hash, without a lookup.
  "hoodie.index.type": "BUCKET",
  "hoodie.index.bucket.engine": "SIMPLE",
  "hoodie.bucket.index.num.buckets": String(HUDI_BUCKETS_PER_SHARD),
  "hoodie.bucket.index.hash.field": "id",
  // One writer (cdc-ingest) per table: no lock provider needed.
  "hoodie.write.concurrency.mode": "SINGLE_WRITER",
  "hoodie.clean.automatic": "true",
  "hoodie.cleaner.policy": "KEEP_LATEST_COMMITS",
  // 15-minute commits: a day of file versions for time travel and incremental readers.
  "hoodie.cleaner.commits.retained": "96",
  // Archival must keep more commits than the cleaner retains.
  "hoodie.keep.min.commits": "120",
  "hoodie.keep.max.commits": "150",
  "hoodie.archive.automatic": "true",
  "hoodie.metadata.enable": "true",
};

const s3 = (bucket: string, prefix: string) => `s3://${bucket}/${prefix}`;

/** One job's spec and access, built from the same locations so the two cannot drift apart. */
function resolveJob(names: RegionResolver, job: SparkJob, endpoints: JobEndpoints): { spec: JobSpec; access: JobAccess } {
  const { region } = names;
  const at = (loc: JobLocation) => s3(loc.bucket === "artifacts" ? names.sparkArtifactsBucket : names.lakeBucket(loc.bucket), loc.prefix);
  const tables: JobLocation = { bucket: "lake", prefix: "tables/" };
  const checkpoints: JobLocation = { bucket: "lake", prefix: `checkpoints/${job}/` };
  const group = `${names.namespace}-${names.id}-${job}`;
  const kafka = [
    "--kafka-cluster",
    names.mskClusterName,
    ...(endpoints.kafkaBootstrap ? ["--kafka-bootstrap", endpoints.kafkaBootstrap] : []),
    "--kafka-auth",
    "AWS_MSK_IAM",
    ...Object.entries(MSK_IAM_KAFKA_OPTIONS).flatMap(([k, v]) => ["--kafka-option", `${k}=${v}`]),
    "--consumer-group",
    group,
  ];
  const kafkaJars: JobLocation = { bucket: "artifacts", prefix: KAFKA_JARS_PREFIX };
  // Structured Streaming: each run reads what arrived since its checkpoint and stops (see STREAMING_JOBS).
  const streaming = (STREAMING_JOBS as readonly SparkJob[]).includes(job) ? ["--trigger", "availableNow"] : [];
  const topics = (list: readonly string[]) => list.map((t) => names.kafkaTopic(t));
  const searchArgs = ["--search-domain", names.searchDomainName, ...(endpoints.search ? ["--search-endpoint", endpoints.search] : [])];
  const vectorArgs = ["--vector-collection", names.vectorCollectionName, ...(endpoints.vector ? ["--vector-endpoint", endpoints.vector] : [])];
  const none: JobAccess = { readTopics: [], read: [], write: [], searchWrite: false, vectorWrite: false, shardMapRead: false };

  let args: string[];
  let access: JobAccess;
  const sparkConf: Record<string, string> = { ...HUDI_SPARK_CONF };
  switch (job) {
    case "cdc-ingest": {
      const raw: JobLocation = { bucket: "raw", prefix: "cdc/" };
      const readTopics = topics(SHARDED_TABLES);
      args = [
        ...kafka,
        ...streaming,
        "--topics",
        readTopics.join(","),
        "--raw-path",
        at(raw),
        "--table-base",
        at(tables),
        "--checkpoint",
        at(checkpoints),
        "--hoodie-table-names",
        SHARDED_TABLES.map((t) => `${t}=${names.id}_${t}`).join(","),
        "--record-key",
        HUDI_WRITE_DEFAULTS["hoodie.datasource.write.recordkey.field"]!,
        "--precombine-field",
        PRECOMBINE_FIELD,
        "--partition-field",
        PARTITION_FIELD,
        "--metadata-columns",
        Object.entries(LAKE_METADATA_COLUMNS)
          .map(([column, from]) => `${column}=${from}`)
          .join(","),
        // The serving pointer names the epoch in force and its generation's map (absent: epoch 1, g1's map).
        "--shard-map-serving-parameter",
        names.shardMapServingParameter,
        "--shard-map-parameter",
        names.shardMapParameter,
        // After a reshard the old database's clean-up deletes the moved rows; those deletes must not reach the lake.
        "--drop-deletes-from-non-owner",
      ];
      access = { ...none, readTopics, consumerGroup: group, read: [kafkaJars, raw, tables, checkpoints], write: [raw, tables, checkpoints], shardMapRead: true };
      break;
    }
    case "search-reindex":
      args = ["--table-base", at(tables), "--tables", SEARCHABLE_TABLES.join(","), ...searchArgs, "--aws-region", region.awsRegion];
      access = { ...none, read: [tables], searchWrite: true };
      break;
    case "embeddings": {
      const readTopics = topics(EMBEDDED_TABLES);
      args = [...kafka, ...streaming, "--topics", readTopics.join(","), "--checkpoint", at(checkpoints), ...vectorArgs, "--aws-region", region.awsRegion];
      access = { ...none, readTopics, consumerGroup: group, read: [kafkaJars, checkpoints], write: [checkpoints], vectorWrite: true };
      break;
    }
    case "sanitize": {
      const exportPath: JobLocation = { bucket: "sanitized", prefix: SANITIZED_EXPORT_PREFIX };
      args = ["--table-base", at(tables), "--tables", SHARDED_TABLES.join(","), "--target", at(exportPath), "--keep-columns", SANITIZED_COLUMNS.join(","), "--drop-other-columns"];
      access = { ...none, read: [tables], write: [exportPath] };
      break;
    }
  }
  const entrypoint: JobLocation = { bucket: "artifacts", prefix: `jobs/${job}/` };
  const jars = access.readTopics.length > 0 ? KAFKA_JARS.map((jar) => `${at(kafkaJars)}${jar}`) : [];
  sparkConf["spark.jars"] = [HUDI_BUNDLE_JAR, ...jars].join(",");
  return {
    spec: {
      name: job,
      region: names.id,
      awsRegion: region.awsRegion,
      cluster: names.emrClusterName,
      executionRoleArn: names.sparkJobRoleArn(job),
      entrypoint: `${at(entrypoint)}main.py`,
      args,
      sparkConf,
    },
    access: { ...access, read: [entrypoint, ...access.read] },
  };
}

/** Every job's spec for one region. */
export function sparkJobSpecs(names: RegionResolver, endpoints: JobEndpoints = {}): Record<SparkJob, JobSpec> {
  return Object.fromEntries(SPARK_JOBS.map((job) => [job, resolveJob(names, job, endpoints).spec])) as Record<SparkJob, JobSpec>;
}

/** Every job's access needs for one region (what its runtime role is granted). */
export function sparkJobAccess(names: RegionResolver): Record<SparkJob, JobAccess> {
  return Object.fromEntries(SPARK_JOBS.map((job) => [job, resolveJob(names, job, {}).access])) as Record<SparkJob, JobAccess>;
}

/** EMR step arguments for `command-runner.jar`: the spark-submit line of a spec. */
export function sparkSubmitArgs(spec: JobSpec): string[] {
  // spark-submit silently drops other keys ("Ignoring non-Spark config property"); fail instead.
  const foreign = Object.keys(spec.sparkConf).filter((k) => !k.startsWith("spark."));
  if (foreign.length > 0)
    throw new Error(`job ${spec.name} in ${spec.region}: sparkConf keys ${foreign.join(", ")} are not spark.* keys and spark-submit would drop them; pass Hudi options through HUDI_WRITE_DEFAULTS or the job arguments`);
  const conf = Object.entries(spec.sparkConf).flatMap(([k, v]) => ["--conf", `${k}=${v}`]);
  return ["spark-submit", "--deploy-mode", "cluster", ...conf, spec.entrypoint, ...spec.args];
}
