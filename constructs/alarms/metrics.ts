import { FIRST_GENERATION } from "../../regions/fleet.js";
import type { RegionResolver } from "../../regions/resolvers.js";

/**
 * The alarms' metrics as data: which CloudWatch metric (namespace, name,
 * dimensions, statistic) each alarm of a region watches, and the runbook line
 * for it. AWS services publish all of them except the one in `KIT_NAMESPACE`,
 * which the kit's CDC status reporter publishes (see README).
 */

/** Namespace of the metrics the kit's jobs publish (the service namespaces are AWS's). */
export const KIT_NAMESPACE = "RegionKit";
/** Request-metrics filter on the lake bucket: S3 publishes `PutRequests` for writes under `LAKE_TABLES_PREFIX`. */
export const LAKE_WRITES_FILTER = "lake-table-writes";
/** Where the cdc-ingest job writes Hudi tables in the lake bucket (`RegionResolver.tablePath`). */
export const LAKE_TABLES_PREFIX = "tables/";
/** Published every minute by the CDC status reporter: failed Debezium connector tasks of the region, dimension RegionId. */
export const CDC_FAILED_TASKS_METRIC = "CdcFailedTasks";

export type AlarmKind =
  | "transaction-ids"
  | "replication-slot-lag"
  | "transaction-logs-disk"
  | "free-storage"
  | "cdc-failed-tasks"
  | "event-sink-failed-tasks"
  | "event-sink-consumer-lag"
  | "kafka-disk"
  | "spark-failed-apps"
  | "search-red"
  | "event-sink-dead-letters"
  | "lake-freshness";

export interface MetricSpec {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly statistic: "Maximum" | "Minimum" | "Sum" | "Average";
}

/** What each alarm kind means and what to do first: the README's runbook table is generated from the same text. */
export const RUNBOOK: Readonly<Record<AlarmKind, { readonly what: string; readonly action: string }>> = {
  "transaction-ids": {
    what: "a shard database's oldest unfrozen transaction ID is near wraparound (`MaximumUsedTransactionIDs`)",
    action:
      "find what holds the xmin horizon (`pg_stat_activity` long transactions, `pg_replication_slots` stale slots, prepared transactions); end it; then `VACUUM (FREEZE, VERBOSE)` the oldest tables (`age(relfrozenxid)`)",
  },
  "replication-slot-lag": {
    what: "the CDC slot of a database keeps more WAL than the threshold (`OldestReplicationSlotLag`): its connector is stopped, failing or behind",
    action:
      "check the database's `KafkaConnector` status in `cdc-<id>` and restart the failed task; if the slot nears `max_slot_wal_keep_size`, decide before it is invalidated: follow 'A replication slot was lost' in constructs/cdc/README.md",
  },
  "transaction-logs-disk": {
    what: "WAL on a database's disk is above the threshold (`TransactionLogsDiskUsage`)",
    action: "usually the same cause as slot lag (a stalled slot); otherwise look for a burst of writes or a failing archive, and check free storage",
  },
  "free-storage": {
    what: "a database's free storage is below the threshold (`FreeStorageSpace`)",
    action: "check slot lag and WAL first; storage autoscaling grows to `maxStorageGiB`: raise it in the manifest if the data grew, or reshard",
  },
  "cdc-failed-tasks": {
    what: `a Debezium connector task of the region is FAILED (\`${KIT_NAMESPACE}/${CDC_FAILED_TASKS_METRIC}\`), or the status reporter stopped publishing`,
    action: "`kubectl -n cdc get kafkaconnectors` and the task's trace in its status; fix the cause, then restart it (annotate `strimzi.io/restart-task`)",
  },
  "event-sink-failed-tasks": {
    what: "a task of the MSK Connect event sink (Snowflake) failed (`ErroredTaskCount`)",
    action: "read the connector's log group; check the Snowflake PrivateLink endpoint and the sink's key secret; the connector restarts failed tasks on update",
  },
  "event-sink-consumer-lag": {
    what: "the event sink is behind the events topic by more than the threshold (`EstimatedMaxTimeLag` of its consumer group)",
    action: "check sink task failures and Snowflake availability; scale the connector's workers if it is throughput-bound",
  },
  "kafka-disk": {
    what: "a Kafka broker's data volume is fuller than the threshold (`KafkaDataLogsDiskUsed`)",
    action: "raise `kafka.volumeSizeGiB` (MSK grows volumes online) or shorten topic retention; a full broker stops accepting writes and CDC with it",
  },
  "spark-failed-apps": {
    what: "a Spark application on the region's EMR cluster failed (`AppsFailed`): a failed EMR step (ingest, reindex, embeddings, sanitize)",
    action: "find the failed step in the EMR console or `aws emr list-steps --step-states FAILED`; its logs are in the lake's logs bucket; the orchestrator's DAG for this region shows which task",
  },
  "search-red": {
    what: "the search domain is red: at least one primary shard is unassigned (`ClusterStatus.red`)",
    action: "`GET _cluster/allocation/explain` as the admin role; usually a full disk or a lost node; restore the index from its snapshot or re-run the reindex job",
  },
  "event-sink-dead-letters": {
    what: "events reached the event sink's dead-letter topic (`MessagesInPerSec` of the DLQ topic)",
    action: "read the records' error headers (`__connect.errors.*`) on the DLQ topic; fix the cause (schema, size, grants); replay them onto the events topic",
  },
  "lake-freshness": {
    what: "nothing was written to the lake's tables for longer than the threshold (`PutRequests` of the lake bucket's `tables/` filter): the cdc-ingest job commits there and nothing else does",
    action: "check the region's ingest task in the orchestrator and the EMR step; then CDC upstream (slot lag, connector status) — a quiet lake with healthy CDC means the job is not running",
  },
};

/** Dimensions of the kit's own metrics for a region. */
export function kitDimensions(names: RegionResolver, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  // Not `Region`: a key ending in "region" reads as an AWS region argument to the residency guardrail (RK-RES-001).
  return { RegionId: names.id, ...extra };
}

/** The consumer group an MSK Connect sink connector reads as: `connect-<connector name>`. */
export function mskConnectConsumerGroup(connectorName: string): string {
  return `connect-${connectorName}`;
}

/** Label of a shard database in alarm names: `001` in the first fleet generation, `g2-001` in later ones. */
export function generationLabel(generation: string, physicalIndex: number): string {
  const index = String(physicalIndex).padStart(3, "0");
  return generation === FIRST_GENERATION ? index : `${generation}-${index}`;
}
