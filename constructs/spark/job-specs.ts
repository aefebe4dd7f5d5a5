import { SANITIZED_EXPORT_PREFIX, SHARDED_TABLES, SPARK_JOBS, type LakeZone, type RegionResolver, type SparkJob } from "../../regions/resolvers.js";

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
}

/** Tables whose text is embedded for AI features. */
export const EMBEDDED_TABLES = ["block", "comment"] as const;
/** Tables indexed for search. */
export const SEARCHABLE_TABLES = ["block", "collection", "comment", "discussion", "space", "team"] as const;
/**
 * Columns the sanitize job keeps: identifiers, types and timestamps. Everything
 * else is treated as customer content and dropped, so a new column never leaks
 * by default.
 */
export const SANITIZED_COLUMNS = ["id", "workspace_id", "space_id", "parent_id", "type", "alive", "created_time", "last_edited_time"] as const;

/** Hudi on EMR: bundled with Spark (EMR >= 5.28); these settings turn on its SQL extension and catalog. */
export const HUDI_SPARK_CONF: Readonly<Record<string, string>> = {
  "spark.serializer": "org.apache.spark.serializer.KryoSerializer",
  "spark.sql.extensions": "org.apache.spark.sql.hudi.HoodieSparkSessionExtension",
  "spark.sql.catalog.spark_catalog": "org.apache.spark.sql.hudi.catalog.HoodieCatalog",
  "spark.jars": "/usr/lib/hudi/hudi-spark-bundle.jar",
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
    "--consumer-group",
    group,
  ];
  const topics = (list: readonly string[]) => list.map((t) => names.kafkaTopic(t));
  const searchArgs = ["--search-domain", names.searchDomainName, ...(endpoints.search ? ["--search-endpoint", endpoints.search] : [])];
  const vectorArgs = ["--vector-collection", names.vectorCollectionName, ...(endpoints.vector ? ["--vector-endpoint", endpoints.vector] : [])];
  const none: JobAccess = { readTopics: [], read: [], write: [], searchWrite: false, vectorWrite: false };

  let args: string[];
  let access: JobAccess;
  let sparkConf: Record<string, string> = { ...HUDI_SPARK_CONF };
  switch (job) {
    case "cdc-ingest": {
      const raw: JobLocation = { bucket: "raw", prefix: "cdc/" };
      const readTopics = topics(SHARDED_TABLES);
      args = [...kafka, "--topics", readTopics.join(","), "--raw-path", at(raw), "--table-base", at(tables), "--checkpoint", at(checkpoints), "--record-key", "id", "--precombine-field", "lsn"];
      access = { ...none, readTopics, consumerGroup: group, read: [raw, tables, checkpoints], write: [raw, tables, checkpoints] };
      sparkConf = {
        ...sparkConf,
        "hoodie.datasource.write.table.type": "COPY_ON_WRITE",
        "hoodie.datasource.write.operation": "upsert",
        "hoodie.datasource.write.recordkey.field": "id",
        "hoodie.datasource.write.precombine.field": "lsn",
      };
      break;
    }
    case "search-reindex":
      args = ["--table-base", at(tables), "--tables", SEARCHABLE_TABLES.join(","), ...searchArgs, "--aws-region", region.awsRegion];
      access = { ...none, read: [tables], searchWrite: true };
      break;
    case "embeddings": {
      const readTopics = topics(EMBEDDED_TABLES);
      args = [...kafka, "--topics", readTopics.join(","), "--checkpoint", at(checkpoints), ...vectorArgs, "--aws-region", region.awsRegion];
      access = { ...none, readTopics, consumerGroup: group, read: [checkpoints], write: [checkpoints], vectorWrite: true };
      break;
    }
    case "onboard-embeddings":
      // Existing content of the workspaces being onboarded, from the lake into the vector store. The orchestrator
      // appends `--workspace-ids` after the onboarding gate (regions/workspace-region.ts) let them through in this region.
      args = ["--table-base", at(tables), "--tables", EMBEDDED_TABLES.join(","), ...vectorArgs, "--aws-region", region.awsRegion];
      access = { ...none, read: [tables], vectorWrite: true };
      break;
    case "sanitize": {
      const exportPath: JobLocation = { bucket: "sanitized", prefix: SANITIZED_EXPORT_PREFIX };
      args = ["--table-base", at(tables), "--tables", SHARDED_TABLES.join(","), "--target", at(exportPath), "--keep-columns", SANITIZED_COLUMNS.join(","), "--drop-other-columns"];
      access = { ...none, read: [tables], write: [exportPath] };
      break;
    }
  }
  const entrypoint: JobLocation = { bucket: "artifacts", prefix: `jobs/${job}/` };
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
  const conf = Object.entries(spec.sparkConf).flatMap(([k, v]) => ["--conf", `${k}=${v}`]);
  return ["spark-submit", "--deploy-mode", "cluster", ...conf, spec.entrypoint, ...spec.args];
}
