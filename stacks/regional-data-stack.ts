import type { Construct } from "constructs";
import { CdcCluster } from "../constructs/cdc/cdc-cluster.js";
import { EventLog } from "../constructs/event-log/event-log.js";
import { KafkaCluster } from "../constructs/kafka/kafka-cluster.js";
import { RegionKeys } from "../constructs/keys/index.js";
import { Network } from "../constructs/network/index.js";
import type { CentralConfig, RegionConfig } from "../regions/manifest.js";
import { RegionResolver } from "../regions/resolvers.js";
import { KitStack } from "./kit-stack.js";

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
  readonly kafka: KafkaCluster;
  readonly cdc: CdcCluster;
  readonly eventLog: EventLog;

  constructor(scope: Construct, props: RegionalDataStackProps) {
    const names = new RegionResolver(props.region, props.central.namespace);
    super(scope, names.stackName, {
      namespace: props.central.namespace,
      accountId: props.region.accountId,
      awsRegion: props.region.awsRegion,
      backupRegion: props.region.backupRegion,
      stateBucket: names.stateBucket,
      regionTag: props.region.id,
      jurisdiction: props.region.jurisdiction,
      dataClass: "customer",
    });
    this.names = names;
    this.keys = new RegionKeys(this, "Keys", { names });
    this.network = new Network(this, "Network", { names, logsKey: this.keys.logs });
    const keys = this.keys;
    this.kafka = new KafkaCluster(this, "Kafka", { names, network: this.network, streamingKey: keys.streaming, logsKey: keys.logs });
    this.cdc = new CdcCluster(this, "Cdc", {
      names,
      network: this.network,
      kafka: this.kafka,
      computeKey: keys.compute,
      databaseKey: keys.database,
      logsKey: keys.logs,
    });
    this.eventLog = new EventLog(this, "EventLog", { names, network: this.network, kafka: this.kafka, streamingKey: keys.streaming, logsKey: keys.logs });
  }
}
