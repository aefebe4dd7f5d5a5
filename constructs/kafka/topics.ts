import { SHARDED_TABLES, type RegionResolver } from "../../regions/resolvers.js";

/**
 * The region's Kafka topics as data. MSK has no topic resource in the AWS
 * provider and the cluster refuses auto-creation, so this list is the one
 * declaration of every topic: the CDC stack renders it into Strimzi `KafkaTopic`
 * resources that the standalone Topic Operator creates on MSK, and IAM policies
 * name topics from the same resolvers.
 */

export type TopicPurpose = "cdc" | "cdc-heartbeat" | "events" | "dead-letter" | "connect-internal";

export interface KafkaTopicSpec {
  /** Topic name, from the resolvers. */
  readonly name: string;
  readonly purpose: TopicPurpose;
  readonly partitions: number;
  readonly replicationFactor: number;
  /** Topic-level configuration (strings, as Kafka takes them). */
  readonly config: Readonly<Record<string, string>>;
}

export interface TopicLayoutOptions {
  /** Partitions of each per-table CDC topic. @default 12 */
  readonly cdcPartitions?: number;
  /** Partitions of the events topic. @default 6 */
  readonly eventsPartitions?: number;
  /** Retention of CDC and events topics, days. @default 7 */
  readonly retentionDays?: number;
}

/** Replication the cluster configuration enforces as the default; topics repeat it explicitly. */
export const REPLICATION_FACTOR = 3;
export const MIN_INSYNC_REPLICAS = 2;

const DAY_MS = 24 * 60 * 60 * 1000;

/** One topic per sharded table (every shard's rows of that table), the events topic, and the CDC Connect cluster's internal topics. */
export function regionTopics(names: RegionResolver, options: TopicLayoutOptions = {}): readonly KafkaTopicSpec[] {
  const retention = String((options.retentionDays ?? 7) * DAY_MS);
  const durable = { "min.insync.replicas": String(MIN_INSYNC_REPLICAS) };
  const topic = (name: string, purpose: TopicPurpose, partitions: number, config: Record<string, string>): KafkaTopicSpec => ({
    name,
    purpose,
    partitions,
    replicationFactor: REPLICATION_FACTOR,
    config: { ...durable, ...config },
  });
  return [
    ...SHARDED_TABLES.map((table) => topic(names.kafkaTopic(table), "cdc", options.cdcPartitions ?? 12, { "cleanup.policy": "delete", "retention.ms": retention })),
    topic(names.eventsTopic, "events", options.eventsPartitions ?? 6, { "cleanup.policy": "delete", "retention.ms": retention }),
    // The event sink's dead letters; declared here because the cluster refuses auto-creation. Kept as long as the
    // events themselves, so a dead letter can be replayed after the cause is fixed.
    topic(names.eventsDeadLetterTopic(), "dead-letter", 1, { "cleanup.policy": "delete", "retention.ms": retention }),
    // Kafka Connect needs compacted internal topics; offsets and status want several partitions, configs exactly one.
    topic(names.cdcConnectTopic("configs"), "connect-internal", 1, { "cleanup.policy": "compact" }),
    topic(names.cdcConnectTopic("offsets"), "connect-internal", 25, { "cleanup.policy": "compact" }),
    topic(names.cdcConnectTopic("status"), "connect-internal", 5, { "cleanup.policy": "compact" }),
    // Heartbeats only prove liveness; one partition, a day of history.
    topic(names.cdcHeartbeatTopic, "cdc-heartbeat", 1, { "cleanup.policy": "delete", "retention.ms": String(DAY_MS) }),
  ];
}
