import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CDC_FAILED_TASKS_METRIC, KIT_NAMESPACE, LAKE_WRITES_FILTER, RUNBOOK, type AlarmKind } from "../../../constructs/alarms/metrics.js";
import { addressOf, manifestOf, manifestWithRegion, policyOf, regionResolver, synthRegion, type Synthesized } from "../../helpers.js";

const manifest = manifestOf();
const eu = synthRegion("eu", manifest);
const names = regionResolver(manifest, "eu");
const GIB = 1024 ** 3;

const alarms = (s: Synthesized) => Object.values(s.resources("aws_cloudwatch_metric_alarm"));
const ofMetric = (s: Synthesized, metricName: string) => alarms(s).filter((a) => a.metric_name === metricName);
const topicArn = (s: Synthesized) => `\${${addressOf(s, "aws_sns_topic", "Alarms_Topic")}.arn}`;

describe("RegionAlarms: topic", () => {
  it("notifies one in-region SNS topic encrypted with its own single-region, rotating key", () => {
    const topic = eu.only("aws_sns_topic");
    expect(topic.name).toBe("rk-eu-alarms");
    const key = eu.resources("aws_kms_key")[addressOf(eu, "aws_kms_key", "Alarms_Key").split(".")[1]!]!;
    expect(topic.kms_master_key_id).toBe(`\${${addressOf(eu, "aws_kms_key", "Alarms_Key")}.arn}`);
    expect(key.multi_region).toBe(false);
    expect(key.enable_key_rotation).toBe(true);
    const cloudwatch = policyOf(key.policy).Statement.find((s) => s.Principal?.Service === "cloudwatch.amazonaws.com");
    expect(cloudwatch?.Action).toEqual(["kms:Decrypt", "kms:GenerateDataKey*"]);
  });

  it("lets only this account's alarms in this AWS region publish, over TLS", () => {
    const policy = policyOf(eu.only("aws_sns_topic_policy").policy);
    const publish = policy.Statement.find((s) => s.Sid === "RegionAlarmsPublish")!;
    expect(publish.Condition).toEqual({
      StringEquals: { "aws:SourceAccount": "222222222222" },
      ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:eu-central-1:222222222222:alarm:*" },
    });
    expect(policy.Statement.find((s) => s.Effect === "Deny")!.Condition).toEqual({ Bool: { "aws:SecureTransport": false } });
  });

  it("sends every alarm and its recovery to the topic", () => {
    expect(alarms(eu).length).toBeGreaterThan(0);
    for (const alarm of alarms(eu)) {
      expect(alarm.alarm_actions).toEqual([topicArn(eu)]);
      expect(alarm.ok_actions).toEqual([topicArn(eu)]);
    }
  });
});

describe("RegionAlarms: what is watched", () => {
  it("watches transaction-ID age, slot lag, WAL disk and free storage of every shard database", () => {
    for (const metric of ["MaximumUsedTransactionIDs", "OldestReplicationSlotLag", "TransactionLogsDiskUsage", "FreeStorageSpace"]) {
      const watched = ofMetric(eu, metric);
      expect(watched, metric).toHaveLength(names.region.shardFleet.physicalDatabases);
      expect(watched.every((a) => a.namespace === "AWS/RDS")).toBe(true);
      expect(new Set(watched.map((a) => a.dimensions.DBInstanceIdentifier)).size).toBe(names.region.shardFleet.physicalDatabases);
      expect(watched.every((a) => /^\$\{aws_db_instance\.ShardFleet_Database\d+_[0-9A-F]{8}\.identifier\}$/.test(a.dimensions.DBInstanceIdentifier))).toBe(true);
    }
  });

  it("has an alarm of every kind the runbook describes", () => {
    const kinds = new Set(alarms(eu).map((a) => a.alarm_name.replace(/^rk-eu-alarm-/, "")));
    for (const kind of Object.keys(RUNBOOK) as AlarmKind[]) expect([...kinds].some((k) => k.startsWith(`${kind}-`)), kind).toBe(true);
  });

  it("puts the runbook line into each alarm's description", () => {
    for (const alarm of alarms(eu)) expect(alarm.alarm_description).toMatch(/Runbook: /);
  });

  it("watches the event sink's failed tasks, its consumer lag and its dead-letter topic on every broker", () => {
    expect(ofMetric(eu, "ErroredTaskCount")[0]!.dimensions).toEqual({ ConnectorName: names.eventSinkConnectorName });
    expect(ofMetric(eu, "EstimatedMaxTimeLag")[0]!.dimensions).toEqual({
      "Cluster Name": names.mskClusterName,
      "Consumer Group": `connect-${names.eventSinkConnectorName}`,
      Topic: names.eventsTopic,
    });
    const dlq = ofMetric(eu, "MessagesInPerSec");
    expect(dlq.map((a) => a.dimensions["Broker ID"]).sort()).toEqual(["1", "2", "3"]);
    expect(dlq.every((a) => a.dimensions.Topic === names.eventsDeadLetterTopic() && a.threshold === 0)).toBe(true);
  });

  it("watches Kafka disk per broker, failed Spark applications, a red search domain", () => {
    expect(ofMetric(eu, "KafkaDataLogsDiskUsed").map((a) => a.threshold)).toEqual([80, 80, 80]);
    expect(ofMetric(eu, "AppsFailed")[0]!.dimensions).toEqual({ JobFlowId: `\${${addressOf(eu, "aws_emr_cluster", "Spark")}.id}` });
    expect(ofMetric(eu, "ClusterStatus.red")[0]!.dimensions).toEqual({ DomainName: names.searchDomainName, ClientId: "222222222222" });
  });

  it("counts a silent lake as stale: no write under the lake's tables for lakeFreshnessMinutes fires, and silence is breaching", () => {
    const [freshness] = ofMetric(eu, "PutRequests");
    expect(freshness).toMatchObject({
      namespace: "AWS/S3",
      dimensions: { BucketName: names.lakeBucket("lake"), FilterId: LAKE_WRITES_FILTER },
      comparison_operator: "LessThanThreshold",
      threshold: 1,
    });
    expect(freshness!.treat_missing_data).toBe("breaching");
    expect(freshness!.period * freshness!.evaluation_periods).toBe(60 * 60);
    expect(freshness!.datapoints_to_alarm).toBe(freshness!.evaluation_periods);
  });

  it("makes S3 publish request metrics for the lake's tables, where the cdc-ingest job commits", () => {
    const metric = eu.only("aws_s3_bucket_metric");
    expect(metric).toMatchObject({ name: LAKE_WRITES_FILTER, filter: { prefix: "tables/" } });
    expect(names.tablePath("block")).toBe(`s3://${names.lakeBucket("lake")}/tables/block/`);
  });

  it("grants no cloudwatch:PutMetricData (its Resource could only be *)", () => {
    const actions = Object.values(eu.resources("aws_iam_role_policy")).flatMap((p) => policyOf(p.policy).Statement.flatMap((s) => [s.Action].flat()));
    expect(actions).not.toContain("cloudwatch:PutMetricData");
  });

  it("watches the region's failed Debezium tasks, counting a silent reporter as a failure", () => {
    const [cdc] = ofMetric(eu, CDC_FAILED_TASKS_METRIC);
    expect(cdc).toMatchObject({ namespace: KIT_NAMESPACE, dimensions: { RegionId: "eu" }, comparison_operator: "GreaterThanThreshold", threshold: 0, treat_missing_data: "breaching" });
  });
});

const XX = "  - id: xx\n    jurisdiction: EU\n    awsRegion: eu-north-1\n    cidr: 10.90.0.0/16\n";

describe("RegionAlarms: thresholds are manifest defaults a region overrides", () => {
  it("uses the kit defaults", () => {
    expect(ofMetric(eu, "MaximumUsedTransactionIDs")[0]!.threshold).toBe(1_000_000_000);
    expect(ofMetric(eu, "OldestReplicationSlotLag")[0]!.threshold).toBe(20 * GIB);
    expect(ofMetric(eu, "TransactionLogsDiskUsage")[0]!.threshold).toBe(50 * GIB);
    expect(ofMetric(eu, "FreeStorageSpace")[0]!.threshold).toBe(100 * GIB);
    expect(ofMetric(eu, "EstimatedMaxTimeLag")[0]!.threshold).toBe(900);
  });

  it("takes a region's own values", () => {
    const s = synthRegion("xx", manifestWithRegion(`${XX}    alarms:\n      replicationSlotLagGiB: 5\n      kafkaDiskUsedPercent: 70\n      lakeFreshnessMinutes: 14\n`));
    expect(ofMetric(s, "OldestReplicationSlotLag")[0]!.threshold).toBe(5 * GIB);
    expect(ofMetric(s, "KafkaDataLogsDiskUsed").every((a) => a.threshold === 70)).toBe(true);
    // Rounded up to whole 5-minute periods.
    expect(ofMetric(s, "PutRequests")[0]!.evaluation_periods).toBe(3);
    expect(ofMetric(s, "MaximumUsedTransactionIDs")[0]!.threshold).toBe(1_000_000_000);
  });

  it("fails on thresholds out of range, naming each field and what is valid", () => {
    expect(() => manifestWithRegion(`${XX}    alarms:\n      kafkaDiskUsedPercent: 150\n      lakeFreshnessMinutes: 2000\n      freeStorageGiB: -1\n`)).toThrow(
      /alarms\.kafkaDiskUsedPercent is a percentage, 1-100; got 150[\s\S]*alarms\.lakeFreshnessMinutes must be at most 1440[\s\S]*alarms\.freeStorageGiB must be greater than 0/,
    );
  });

  it("fails on an unknown threshold name", () => {
    expect(() => manifestWithRegion(`${XX}    alarms:\n      slotLag: 5\n`)).toThrow(/slotLag/);
  });
});

describe("RegionAlarms: README", () => {
  const readme = readFileSync(join(__dirname, "..", "..", "..", "constructs", "alarms", "README.md"), "utf8");
  it("has a runbook line for every alarm kind, with the code's text", () => {
    for (const [kind, { action }] of Object.entries(RUNBOOK)) {
      expect(readme, kind).toContain(`| \`${kind}\` |`);
      expect(readme, kind).toContain(action);
    }
  });
});
