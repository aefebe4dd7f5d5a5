import type { Construct } from "constructs";
import { generationLabel, mskConnectConsumerGroup, RegionAlarms } from "../constructs/alarms/index.js";
import { CdcCluster } from "../constructs/cdc/cdc-cluster.js";
import { EventLog } from "../constructs/event-log/event-log.js";
import { KafkaCluster } from "../constructs/kafka/kafka-cluster.js";
import { RegionKeys } from "../constructs/keys/index.js";
import { ACCESS_LOG_PREFIX, LakeBuckets } from "../constructs/lake/index.js";
import { LoggingApi } from "../constructs/logging-api/index.js";
import { Network } from "../constructs/network/index.js";
import { OrchestratorAccess } from "../constructs/orchestrator-access/index.js";
import { ShardFleet } from "../constructs/shard-fleet/index.js";
import { SearchDomain } from "../constructs/search/index.js";
import { SparkCluster } from "../constructs/spark/index.js";
import { ServerlessVectorStore, type VectorStore } from "../constructs/vector/index.js";
import { WarehouseAccess } from "../constructs/warehouse-access/index.js";
import type { CentralConfig, RegionConfig } from "../regions/manifest.js";
import { RegionResolver } from "../regions/resolvers.js";
import { KitStack, regionalStackProps } from "./kit-stack.js";

export interface RegionalDataStackProps {
  /** This region's manifest entry, defaults applied. */
  readonly region: RegionConfig;
  /** The manifest's central block: namespace and default account. */
  readonly central: CentralConfig;
}

/**
 * `data-<id>`: everything that holds or processes one region's customer data,
 * built from that region's manifest entry and the central block only, never
 * from another region's stack or state.
 */
export class RegionalDataStack extends KitStack {
  readonly names: RegionResolver;
  readonly keys: RegionKeys;
  readonly network: Network;
  readonly lake: LakeBuckets;
  readonly shardFleet: ShardFleet;
  readonly kafka: KafkaCluster;
  readonly cdc: CdcCluster;
  readonly eventLog: EventLog;
  readonly search: SearchDomain;
  readonly vector: VectorStore;
  readonly spark: SparkCluster;
  readonly warehouseAccess: WarehouseAccess;
  readonly orchestratorAccess: OrchestratorAccess;
  /** Only in a region with an `eventHostname`. */
  readonly loggingApi?: LoggingApi;
  readonly alarms: RegionAlarms;

  constructor(scope: Construct, props: RegionalDataStackProps) {
    const names = new RegionResolver(props.region, props.central.namespace);
    super(scope, names.stackName, regionalStackProps(names, { withBackupProvider: true }));
    this.names = names;
    this.keys = new RegionKeys(this, "Keys", { names });
    this.network = new Network(this, "Network", { names, logsKey: this.keys.logs });
    this.lake = new LakeBuckets(this, "DataLake", { names, key: this.keys.lake, backupProvider: this.backupProvider });
    this.shardFleet = new ShardFleet(this, "ShardFleet", { names, network: this.network, keys: this.keys, backupProvider: this.backupProvider });
    const keys = this.keys;
    this.kafka = new KafkaCluster(this, "Kafka", { names, network: this.network, streamingKey: keys.streaming, logsKey: keys.logs });
    this.cdc = new CdcCluster(this, "Cdc", {
      names,
      network: this.network,
      kafka: this.kafka,
      computeKey: keys.compute,
      databaseKey: keys.database,
      logsKey: keys.logs,
      nodeSecurityGroups: [this.shardFleet.clientSecurityGroup],
    });
    this.eventLog = new EventLog(this, "EventLog", {
      names,
      network: this.network,
      kafka: this.kafka,
      streamingKey: keys.streaming,
      logsKey: keys.logs,
      pluginBucketAccessLogs: { bucket: this.lake.logs, prefix: `${ACCESS_LOG_PREFIX}connect-plugins/` },
      warehouse: props.central.warehouse,
    });
    this.search = new SearchDomain(this, "Search", { names, keys: this.keys, network: this.network });
    this.vector = new ServerlessVectorStore(this, "Vectors", { names, key: this.keys.search, network: this.network });
    this.spark = new SparkCluster(this, "Spark", { names, keys: this.keys, network: this.network, lake: this.lake, search: this.search, vector: this.vector, kafka: this.kafka });
    this.warehouseAccess = new WarehouseAccess(this, "WarehouseAccess", { names, sanitized: this.lake.sanitized });
    this.orchestratorAccess = new OrchestratorAccess(this, "OrchestratorAccess", { names, spark: this.spark });
    if (props.region.eventHostname)
      this.loggingApi = new LoggingApi(this, "LoggingApi", { names, network: this.network, kafka: this.kafka, streamingKey: keys.streaming, logsKey: keys.logs, codeBucket: this.spark.artifacts });
    this.alarms = new RegionAlarms(this, "Alarms", {
      names,
      targets: {
        databases: this.shardFleet.generations.flatMap(({ generation, instances }) =>
          instances.map((db, i) => ({ label: generationLabel(generation.id, i + 1), identifier: db.identifier })),
        ),
        kafkaClusterName: this.kafka.clusterName,
        kafkaBrokers: props.region.kafka.brokersPerZone * this.network.appSubnets.length,
        eventSinkConnectorName: names.eventSinkConnectorName,
        eventSinkConsumerGroup: mskConnectConsumerGroup(names.eventSinkConnectorName),
        eventsTopic: names.eventsTopic,
        eventsDeadLetterTopic: names.eventsDeadLetterTopic(),
        sparkClusterId: this.spark.cluster.id,
        searchDomainName: this.search.domainName,
        lakeBucketName: this.lake.lake.bucketName,
      },
    });
  }
}
