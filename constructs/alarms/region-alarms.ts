import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { S3BucketMetric } from "@cdktf/provider-aws/lib/s3-bucket-metric";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { Construct } from "constructs";
import type { RegionResolver } from "../../regions/resolvers.js";
import { accountRoot, policyDocument } from "../iam/policy.js";
import { RegionalKey } from "../keys/regional-key.js";
import { CDC_FAILED_TASKS_METRIC, KIT_NAMESPACE, kitDimensions, LAKE_TABLES_PREFIX, LAKE_WRITES_FILTER, RUNBOOK, type AlarmKind, type MetricSpec } from "./metrics.js";

const GIB = 1024 ** 3;

/** What the alarms watch, as plain values and Terraform references (no construct types: alarms depend on nothing but names). */
export interface AlarmTargets {
  /**
   * The shard databases: RDS identifier (a Terraform reference) and a stable short label (`001`, `g2-001`) that goes into
   * construct ids and alarm names, so adding or retiring a fleet generation leaves the other databases' alarms as they are.
   */
  readonly databases: ReadonlyArray<{ readonly label: string; readonly identifier: string }>;
  /** MSK cluster name and its broker count (broker IDs are 1..count). */
  readonly kafkaClusterName: string;
  readonly kafkaBrokers: number;
  /** MSK Connect connector of the event sink, its consumer group, and the topics it reads and dead-letters to. */
  readonly eventSinkConnectorName: string;
  readonly eventSinkConsumerGroup: string;
  readonly eventsTopic: string;
  readonly eventsDeadLetterTopic: string;
  /** EMR cluster id (`JobFlowId`), a Terraform reference. */
  readonly sparkClusterId: string;
  readonly searchDomainName: string;
  /** Name of the lake zone bucket the cdc-ingest job commits Hudi tables to (under `tables/`). */
  readonly lakeBucketName: string;
}

export interface RegionAlarmsProps {
  readonly names: RegionResolver;
  readonly targets: AlarmTargets;
}

interface AlarmSpec {
  readonly id: string;
  readonly kind: AlarmKind;
  /** What the alarm watches, for its name and description (a database id, a broker...). */
  readonly subject: string;
  readonly metric: MetricSpec;
  readonly comparison: "GreaterThanThreshold" | "GreaterThanOrEqualToThreshold" | "LessThanThreshold";
  readonly threshold: number;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  /** `breaching` where silence itself is the failure (a metric the kit's jobs publish). */
  readonly missing: "notBreaching" | "breaching" | "missing";
}

/**
 * The region's alarms, in the region: CloudWatch metric alarms on the shard
 * databases, CDC, Kafka, the event sink, Spark, search and lake freshness,
 * each notifying one SNS topic of the region encrypted with its own
 * single-region key. Thresholds come from the manifest `alarms` block.
 */
export class RegionAlarms extends Construct {
  readonly topic: SnsTopic;
  readonly key: RegionalKey;
  readonly alarms: readonly CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: RegionAlarmsProps) {
    super(scope, id);
    const { names } = props;
    const { accountId, awsRegion } = names.region;

    // Notifications carry alarm names and states, no customer data; a key of their own keeps CloudWatch's grant off the data keys.
    this.key = new RegionalKey(this, "Key", {
      aliasName: names.name("key", ["alarms"], "kmsAlias"),
      description: `regionkit ${names.id} alarm notifications (${awsRegion})`,
      accountId,
      awsRegion,
      extraStatements: [
        {
          Sid: "CloudWatchAlarmsEncryptNotifications",
          Effect: "Allow",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
          Resource: "*",
        },
      ],
    });
    this.topic = new SnsTopic(this, "Topic", {
      name: names.name("alarms"),
      displayName: `regionkit ${names.id} alarms`,
      kmsMasterKeyId: this.key.arn,
    });
    new SnsTopicPolicy(this, "TopicPolicy", {
      arn: this.topic.arn,
      policy: policyDocument([
        {
          Sid: "AccountManagesTopic",
          Effect: "Allow",
          Principal: { AWS: accountRoot(accountId) },
          Action: ["sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:Subscribe", "sns:ListSubscriptionsByTopic", "sns:Publish"],
          Resource: this.topic.arn,
        },
        {
          Sid: "RegionAlarmsPublish",
          Effect: "Allow",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Action: "sns:Publish",
          Resource: this.topic.arn,
          Condition: { StringEquals: { "aws:SourceAccount": accountId }, ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:${awsRegion}:${accountId}:alarm:*` } },
        },
        {
          Sid: "TlsOnly",
          Effect: "Deny",
          Principal: "*",
          Action: "sns:Publish",
          Resource: this.topic.arn,
          Condition: { Bool: { "aws:SecureTransport": false } },
        },
      ]),
    });

    this.alarms = regionAlarmSpecs(names, props.targets).map(
      (spec) =>
        new CloudwatchMetricAlarm(this, spec.id, {
          alarmName: names.name("alarm", [spec.kind, spec.subject]),
          alarmDescription: `${RUNBOOK[spec.kind].what}. Runbook: ${RUNBOOK[spec.kind].action}`.slice(0, 1024),
          namespace: spec.metric.namespace,
          metricName: spec.metric.metricName,
          dimensions: { ...spec.metric.dimensions },
          statistic: spec.metric.statistic,
          comparisonOperator: spec.comparison,
          threshold: spec.threshold,
          period: spec.periodSeconds,
          evaluationPeriods: spec.evaluationPeriods,
          datapointsToAlarm: spec.evaluationPeriods,
          treatMissingData: spec.missing,
          alarmActions: [this.topic.arn],
          okActions: [this.topic.arn],
        }),
    );

    // S3 publishes request metrics only for a configured filter: this one counts writes under the lake's tables, which
    // only the cdc-ingest job makes (Hudi data files and timeline commits), so no write in a window means a stale lake.
    new S3BucketMetric(this, "LakeWrites", { bucket: props.targets.lakeBucketName, name: LAKE_WRITES_FILTER, filter: { prefix: LAKE_TABLES_PREFIX } });
  }
}

/** Every alarm of a region as data, in a stable order (construct ids are Terraform addresses). */
export function regionAlarmSpecs(names: RegionResolver, targets: AlarmTargets): AlarmSpec[] {
  const t = names.region.alarms;
  const five = { periodSeconds: 300 } as const;
  const specs: AlarmSpec[] = [];

  for (const { label, identifier } of targets.databases) {
    const index = pascalLabel(label);
    const rds = (metricName: string, statistic: MetricSpec["statistic"]): MetricSpec => ({
      namespace: "AWS/RDS",
      metricName,
      dimensions: { DBInstanceIdentifier: identifier },
      statistic,
    });
    const db = `db-${label}`;
    specs.push(
      { id: `Database${index}TransactionIds`, kind: "transaction-ids", subject: db, metric: rds("MaximumUsedTransactionIDs", "Maximum"), comparison: "GreaterThanThreshold", threshold: t.transactionIdsUsed, ...five, evaluationPeriods: 1, missing: "missing" },
      { id: `Database${index}SlotLag`, kind: "replication-slot-lag", subject: db, metric: rds("OldestReplicationSlotLag", "Maximum"), comparison: "GreaterThanThreshold", threshold: t.replicationSlotLagGiB * GIB, ...five, evaluationPeriods: 3, missing: "missing" },
      { id: `Database${index}WalDisk`, kind: "transaction-logs-disk", subject: db, metric: rds("TransactionLogsDiskUsage", "Maximum"), comparison: "GreaterThanThreshold", threshold: t.transactionLogsDiskGiB * GIB, ...five, evaluationPeriods: 3, missing: "missing" },
      { id: `Database${index}FreeStorage`, kind: "free-storage", subject: db, metric: rds("FreeStorageSpace", "Minimum"), comparison: "LessThanThreshold", threshold: t.freeStorageGiB * GIB, ...five, evaluationPeriods: 2, missing: "missing" },
    );
  }

  /** Alarms on any occurrence (a failed task, a dead letter, a failed application): value above 0. */
  const anyOf = (id: string, kind: AlarmKind, subject: string, metric: MetricSpec, evaluationPeriods: number, missing: AlarmSpec["missing"]): AlarmSpec => ({
    id,
    kind,
    subject,
    metric,
    comparison: "GreaterThanThreshold",
    threshold: 0,
    ...five,
    evaluationPeriods,
    missing,
  });
  const cdcFailedTasks: MetricSpec = { namespace: KIT_NAMESPACE, metricName: CDC_FAILED_TASKS_METRIC, dimensions: kitDimensions(names), statistic: "Maximum" };
  const sinkErroredTasks: MetricSpec = { namespace: "AWS/KafkaConnect", metricName: "ErroredTaskCount", dimensions: { ConnectorName: targets.eventSinkConnectorName }, statistic: "Maximum" };
  specs.push(anyOf("CdcFailedTasks", "cdc-failed-tasks", "cdc", cdcFailedTasks, 2, "breaching"), anyOf("EventSinkFailedTasks", "event-sink-failed-tasks", "event-sink", sinkErroredTasks, 1, "notBreaching"));
  specs.push({
    id: "EventSinkConsumerLag",
    kind: "event-sink-consumer-lag",
    subject: "event-sink",
    metric: {
      namespace: "AWS/Kafka",
      metricName: "EstimatedMaxTimeLag",
      dimensions: { "Cluster Name": targets.kafkaClusterName, "Consumer Group": targets.eventSinkConsumerGroup, Topic: targets.eventsTopic },
      statistic: "Maximum",
    },
    comparison: "GreaterThanThreshold",
    threshold: t.consumerLagSeconds,
    ...five,
    evaluationPeriods: 3,
    missing: "missing",
  });

  for (let broker = 1; broker <= targets.kafkaBrokers; broker++) {
    const subject = `broker${broker}`;
    const kafka = (metricName: string, statistic: MetricSpec["statistic"], extra: Record<string, string> = {}): MetricSpec => ({
      namespace: "AWS/Kafka",
      metricName,
      dimensions: { "Cluster Name": targets.kafkaClusterName, "Broker ID": String(broker), ...extra },
      statistic,
    });
    specs.push(
      { id: `Broker${broker}Disk`, kind: "kafka-disk", subject, metric: kafka("KafkaDataLogsDiskUsed", "Maximum"), comparison: "GreaterThanThreshold", threshold: t.kafkaDiskUsedPercent, ...five, evaluationPeriods: 2, missing: "missing" },
      // Per-topic broker metrics exist because the cluster's enhanced monitoring is PER_TOPIC_PER_BROKER.
      anyOf(`Broker${broker}DeadLetters`, "event-sink-dead-letters", subject, kafka("MessagesInPerSec", "Maximum", { Topic: targets.eventsDeadLetterTopic }), 1, "notBreaching"),
    );
  }

  const sparkFailedApps: MetricSpec = { namespace: "AWS/ElasticMapReduce", metricName: "AppsFailed", dimensions: { JobFlowId: targets.sparkClusterId }, statistic: "Sum" };
  specs.push(anyOf("SparkFailedApps", "spark-failed-apps", "spark", sparkFailedApps, 1, "notBreaching"));
  specs.push({
    id: "SearchRed",
    kind: "search-red",
    subject: "search",
    metric: { namespace: "AWS/ES", metricName: "ClusterStatus.red", dimensions: { DomainName: targets.searchDomainName, ClientId: names.region.accountId }, statistic: "Maximum" },
    comparison: "GreaterThanOrEqualToThreshold",
    threshold: 1,
    periodSeconds: 60,
    evaluationPeriods: 5,
    missing: "missing",
  });
  // No write to the lake's tables in `lakeFreshnessMinutes` (rounded up to 5-minute periods): every period must have one.
  specs.push({
    id: "LakeFreshness",
    kind: "lake-freshness",
    subject: "lake",
    metric: { namespace: "AWS/S3", metricName: "PutRequests", dimensions: { BucketName: targets.lakeBucketName, FilterId: LAKE_WRITES_FILTER }, statistic: "Sum" },
    comparison: "LessThanThreshold",
    threshold: 1,
    ...five,
    evaluationPeriods: Math.ceil((t.lakeFreshnessMinutes * 60) / 300),
    // S3 reports no datapoint for a period without requests: silence is exactly the stale case.
    missing: "breaching",
  });
  return specs;
}

/** `001` -> `001`, `g2-001` -> `G2001`: a database label as part of a construct id. */
function pascalLabel(label: string): string {
  return label.replace(/-/g, "").toUpperCase();
}
