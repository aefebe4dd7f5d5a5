import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { MskCluster } from "@cdktf/provider-aws/lib/msk-cluster";
import { MskConfiguration } from "@cdktf/provider-aws/lib/msk-configuration";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Construct } from "constructs";
import type { RegionConfig } from "../../regions/manifest.js";
import type { RegionResolver } from "../../regions/resolvers.js";
import type { RegionalKey } from "../keys/regional-key.js";
import type { Network } from "../network/network.js";
import { propertiesFile } from "./properties.js";
import { MIN_INSYNC_REPLICAS, REPLICATION_FACTOR, regionTopics, type KafkaTopicSpec } from "./topics.js";

/** Port of the IAM-authenticated TLS listener: the only one the cluster opens. */
export const MSK_IAM_PORT = 9098;

/** Egress of a Kafka client in the region's VPC: the brokers' IAM listener and HTTPS to the VPC endpoints, nothing outside the VPC. */
export function kafkaClientEgress(vpcCidr: string) {
  return [
    { description: "Kafka IAM over TLS", protocol: "tcp", fromPort: MSK_IAM_PORT, toPort: MSK_IAM_PORT, cidrBlocks: [vpcCidr] },
    { description: "HTTPS to VPC endpoints", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [vpcCidr] },
  ];
}

export interface KafkaClusterProps {
  readonly names: RegionResolver;
  /** Brokers go in its three app subnets; only its CIDR may reach them. */
  readonly network: Network;
  /** Encrypts broker storage. */
  readonly streamingKey: RegionalKey;
  /** Encrypts the broker log group. */
  readonly logsKey: RegionalKey;
  /** @default 365 */
  readonly logRetentionDays?: number;
}

type KafkaSettings = RegionConfig["kafka"];

/**
 * The region's MSK cluster, sized from the manifest `kafka` block, across the
 * three app subnets: TLS from clients and between brokers, at-rest encryption
 * with the streaming key, IAM client authentication only, no public access,
 * broker logs to an encrypted log group, a configuration that refuses topic
 * auto-creation and enforces replication factor 3 with `min.insync.replicas` 2,
 * and `prevent_destroy`.
 */
export class KafkaCluster extends Construct {
  readonly cluster: MskCluster;
  readonly configuration: MskConfiguration;
  readonly securityGroup: SecurityGroup;
  readonly logGroup: CloudwatchLogGroup;
  readonly clusterName: string;
  /** Every topic of the region (see `topics.ts`). */
  readonly topics: readonly KafkaTopicSpec[];
  private readonly names: RegionResolver;

  constructor(scope: Construct, id: string, props: KafkaClusterProps) {
    super(scope, id);
    const { names, network } = props;
    const settings: KafkaSettings = names.region.kafka;
    this.names = names;
    this.clusterName = names.mskClusterName;
    this.topics = regionTopics(names);

    this.securityGroup = new SecurityGroup(this, "SecurityGroup", {
      name: names.name("kafka", [], "securityGroup"),
      description: "MSK brokers: IAM/TLS clients from inside the region VPC only",
      vpcId: network.vpc.id,
      ingress: [
        { description: "Kafka IAM over TLS from the VPC", protocol: "tcp", fromPort: MSK_IAM_PORT, toPort: MSK_IAM_PORT, cidrBlocks: [network.cidr] },
        { description: "Broker to broker", protocol: "tcp", fromPort: 0, toPort: 65535, selfAttribute: true },
      ],
      egress: [{ description: "Broker to broker", protocol: "tcp", fromPort: 0, toPort: 65535, selfAttribute: true }],
    });

    this.logGroup = new CloudwatchLogGroup(this, "BrokerLogs", {
      name: names.logGroupName("msk", "brokers"),
      kmsKeyId: props.logsKey.arn,
      retentionInDays: props.logRetentionDays ?? 365,
    });

    this.configuration = new MskConfiguration(this, "Configuration", {
      name: names.name("kafka", [], "mskCluster"),
      kafkaVersions: [settings.kafkaVersion],
      serverProperties: propertiesFile({
        "auto.create.topics.enable": "false",
        "default.replication.factor": String(REPLICATION_FACTOR),
        "min.insync.replicas": String(MIN_INSYNC_REPLICAS),
        "unclean.leader.election.enable": "false",
        "delete.topic.enable": "true",
      }),
    });

    this.cluster = new MskCluster(this, "Resource", {
      clusterName: this.clusterName,
      kafkaVersion: settings.kafkaVersion,
      numberOfBrokerNodes: settings.brokersPerZone * network.appSubnets.length,
      brokerNodeGroupInfo: {
        instanceType: settings.brokerInstanceType,
        clientSubnets: network.appSubnetIds,
        securityGroups: [this.securityGroup.id],
        storageInfo: { ebsStorageInfo: { volumeSize: settings.volumeSizeGiB } },
        connectivityInfo: { publicAccess: { type: "DISABLED" } },
      },
      encryptionInfo: {
        encryptionAtRestKmsKeyArn: props.streamingKey.arn,
        encryptionInTransit: { clientBroker: "TLS", inCluster: true },
      },
      clientAuthentication: { sasl: { iam: true, scram: false }, unauthenticated: false },
      configurationInfo: { arn: this.configuration.arn, revision: this.configuration.latestRevision },
      loggingInfo: { brokerLogs: { cloudwatchLogs: { enabled: true, logGroup: this.logGroup.name } } },
      enhancedMonitoring: "PER_TOPIC_PER_BROKER",
      lifecycle: { preventDestroy: true },
    });
  }

  get arn(): string {
    return this.cluster.arn;
  }

  /** `host:9098,...` of the IAM listener. */
  get bootstrapBrokersIam(): string {
    return this.cluster.bootstrapBrokersSaslIam;
  }

  /** IAM resource ARN of topics matching a name or wildcard pattern in this cluster. */
  topicArn(topicPattern: string): string {
    return this.resourceArn("topic", topicPattern);
  }

  /** IAM resource ARN of consumer groups matching a name or wildcard pattern in this cluster. */
  groupArn(groupPattern: string): string {
    return this.resourceArn("group", groupPattern);
  }

  /** IAM resource ARN of the cluster itself, in the same form as topic and group ARNs. */
  get clusterArn(): string {
    return `${this.names.arnPrefix("kafka")}cluster/${this.clusterName}/${this.cluster.clusterUuid}`;
  }

  private resourceArn(kind: "topic" | "group", pattern: string): string {
    return `${this.names.arnPrefix("kafka")}${kind}/${this.clusterName}/${this.cluster.clusterUuid}/${pattern}`;
  }
}
