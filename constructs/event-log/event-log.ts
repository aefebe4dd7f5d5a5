import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { MskconnectConnector } from "@cdktf/provider-aws/lib/mskconnect-connector";
import { MskconnectCustomPlugin } from "@cdktf/provider-aws/lib/mskconnect-custom-plugin";
import { MskconnectWorkerConfiguration } from "@cdktf/provider-aws/lib/mskconnect-worker-configuration";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Annotations } from "cdktf";
import { Construct } from "constructs";
import { WAREHOUSE, type RegionResolver } from "../../regions/resolvers.js";
import { SECRETS_MANAGER_CONFIG_PROVIDER, secretsManagerRef, terraformLiteral } from "../cdc/connectors.js";
import { policyDocument, serviceTrustPolicy } from "../iam/policy.js";
import { MSK_IAM_PORT, type KafkaCluster } from "../kafka/kafka-cluster.js";
import { propertiesFile } from "../kafka/properties.js";
import { REPLICATION_FACTOR } from "../kafka/topics.js";
import type { RegionalKey } from "../keys/regional-key.js";
import type { Network } from "../network/network.js";
import type { WarehouseEndpointConfig } from "../../regions/manifest.js";
import { WarehouseEndpoint } from "./warehouse-endpoint.js";
import { SecureBucket } from "../secure-bucket/secure-bucket.js";

export const SNOWFLAKE_SINK_CONNECTOR = "com.snowflake.kafka.connector.SnowflakeSinkConnector";
/** MSK Connect runtime (Apache Kafka Connect version). */
export const KAFKA_CONNECT_VERSION = "2.7.1";
/** Plugin archive CI uploads: the Snowflake Kafka connector plus the MSK config providers, as one zip. */
export const DEFAULT_PLUGIN_OBJECT_KEY = "snowflake-kafka-connector/snowflake-kafka-connector-3.1.0-msk-config-providers-0.3.1.zip";

export interface EventLogProps {
  readonly names: RegionResolver;
  /** The connector's workers run in its app subnets. */
  readonly network: Network;
  /** The regional Kafka cluster holding the events topic. */
  readonly kafka: KafkaCluster;
  /** Encrypts the Snowflake credentials secret and the plugin bucket. */
  readonly streamingKey: RegionalKey;
  /** Encrypts the connector's log group. */
  readonly logsKey: RegionalKey;
  /** Where the plugin bucket's S3 access logs go. @default - no access logging */
  readonly pluginBucketAccessLogs?: { readonly bucket: SecureBucket; readonly prefix: string };
  /** Object key of the plugin zip in the plugin bucket. @default DEFAULT_PLUGIN_OBJECT_KEY */
  readonly pluginObjectKey?: string;
  /** Fewest connector workers (autoscaled on CPU). @default 1 */
  readonly minWorkers?: number;
  /** Most connector workers. @default 2 */
  readonly maxWorkers?: number;
  /** @default 365 */
  readonly logRetentionDays?: number;
  /**
   * The warehouse's PrivateLink service (manifest `central.warehouse`); the sink reaches Snowflake only through it.
   * @default - no endpoint: the sink has no path to Snowflake (a synth warning says so)
   */
  readonly warehouse?: WarehouseEndpointConfig;
}

/**
 * The regional half of the event pipeline: the events topic (declared with the
 * other topics in `constructs/kafka/topics.ts`) and a Snowflake Kafka sink
 * connector (Snowpipe Streaming) on MSK Connect that writes it into this
 * region's table in the central warehouse. IAM auth and TLS to Kafka; the
 * Snowflake key pair lives in this region's Secrets Manager and reaches the
 * worker through a config provider, never through the configuration.
 */
export class EventLog extends Construct {
  readonly connector: MskconnectConnector;
  readonly secret: SecretsmanagerSecret;
  readonly role: IamRole;
  readonly pluginBucket: SecureBucket;
  readonly logGroup: CloudwatchLogGroup;
  /** The private path to Snowflake, when the manifest names it. */
  readonly warehouseEndpoint?: WarehouseEndpoint;
  /** The Kafka topic this region's events go to. */
  readonly topic: string;
  /** Where the sink puts events it cannot convert or write (`<id>.events.dlq`); alarmed on by the region's alarms. */
  readonly deadLetterTopic: string;

  constructor(scope: Construct, id: string, props: EventLogProps) {
    super(scope, id);
    const { names, network, kafka } = props;
    const region = names.region;
    const connectorName = names.eventSinkConnectorName;
    this.topic = names.eventsTopic;
    this.deadLetterTopic = names.eventsDeadLetterTopic();

    this.secret = new SecretsmanagerSecret(this, "EventSinkSecret", {
      name: names.eventSinkSecretName,
      description: "Snowflake key pair of the event sink: url, user, role, private_key. Written by operators, never by Terraform.",
      kmsKeyId: props.streamingKey.arn,
      recoveryWindowInDays: 30,
      lifecycle: { preventDestroy: true },
    });

    this.pluginBucket = new SecureBucket(this, "EventSinkPlugins", {
      bucketName: names.name("connect-plugins", [region.accountId], "s3Bucket"),
      encryption: props.streamingKey,
      accessLogs: props.pluginBucketAccessLogs,
    });
    const plugin = new MskconnectCustomPlugin(this, "EventSinkPlugin", {
      name: names.name("event-sink", ["snowflake"]),
      contentType: "ZIP",
      location: { s3: { bucketArn: this.pluginBucket.arn, fileKey: props.pluginObjectKey ?? DEFAULT_PLUGIN_OBJECT_KEY } },
    });

    const workerConfiguration = new MskconnectWorkerConfiguration(this, "EventSinkWorkerConfiguration", {
      name: names.name("event-sink"),
      propertiesFileContent: propertiesFile({
        "config.providers": "secretsmanager",
        "config.providers.secretsmanager.class": SECRETS_MANAGER_CONFIG_PROVIDER,
        "config.providers.secretsmanager.param.region": region.awsRegion,
      }),
    });

    this.logGroup = new CloudwatchLogGroup(this, "EventSinkLogs", {
      name: names.logGroupName("event-sink"),
      kmsKeyId: props.logsKey.arn,
      retentionInDays: props.logRetentionDays ?? 365,
    });

    // No ingress; egress only to the brokers and to HTTPS inside the VPC (Secrets Manager, and the warehouse's private endpoint).
    const securityGroup = new SecurityGroup(this, "EventSinkSecurityGroup", {
      name: names.name("event-sink", [], "securityGroup"),
      description: "Event sink workers: Kafka IAM/TLS and HTTPS inside the region VPC only",
      vpcId: network.vpc.id,
      ingress: [],
      egress: [
        { description: "Kafka IAM over TLS", protocol: "tcp", fromPort: MSK_IAM_PORT, toPort: MSK_IAM_PORT, cidrBlocks: [network.cidr] },
        { description: "HTTPS to VPC endpoints", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [network.cidr] },
        { description: "Snowflake OCSP through its PrivateLink endpoint", protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: [network.cidr] },
      ],
    });
    if (props.warehouse)
      this.warehouseEndpoint = new WarehouseEndpoint(this, "WarehouseEndpoint", { names, network, config: props.warehouse, clientSecurityGroupId: securityGroup.id });
    else
      Annotations.of(this).addWarning(
        `region ${names.id}: central.warehouse is not set, so the event sink has no path to Snowflake (the VPC has no internet); add the account's PrivateLink service and hosts`,
      );

    // MSK Connect names a sink's consumer group `connect-<connector>` and keeps its own `__amazon_msk_connect_*` topics.
    this.role = new IamRole(this, "EventSinkRole", {
      name: names.name("event-sink", [], "iamRole"),
      assumeRolePolicy: serviceTrustPolicy("kafkaconnect.amazonaws.com", region.accountId),
    });
    new IamRolePolicy(this, "EventSinkRolePolicy", {
      role: this.role.id,
      name: "event-sink",
      policy: policyDocument([
        { Sid: "ConnectToRegionalKafka", Effect: "Allow", Action: ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster"], Resource: kafka.clusterArn },
        { Sid: "ReadEventsTopic", Effect: "Allow", Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"], Resource: kafka.topicArn(this.topic) },
        // The dead-letter topic is declared with the others (constructs/kafka/topics.ts): write, never create.
        { Sid: "WriteDeadLetters", Effect: "Allow", Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"], Resource: kafka.topicArn(this.deadLetterTopic) },
        {
          Sid: "SinkConsumerGroup",
          Effect: "Allow",
          Action: ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"],
          Resource: [kafka.groupArn(`connect-${connectorName}`), kafka.groupArn("__amazon_msk_connect_*")],
        },
        {
          Sid: "MskConnectInternalTopics",
          Effect: "Allow",
          Action: ["kafka-cluster:CreateTopic", "kafka-cluster:DescribeTopic", "kafka-cluster:ReadData", "kafka-cluster:WriteData"],
          Resource: kafka.topicArn("__amazon_msk_connect_*"),
        },
        { Sid: "ReadSnowflakeKeyPair", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: this.secret.arn },
        {
          Sid: "DecryptSnowflakeKeyPair",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: props.streamingKey.arn,
          Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${region.awsRegion}.amazonaws.com` } },
        },
      ]),
    });

    const credential = (key: string) => terraformLiteral(secretsManagerRef(names.eventSinkSecretName, key)) as string;
    this.connector = new MskconnectConnector(this, "EventSink", {
      name: connectorName,
      description: `Sanitized product events of region ${names.id} to ${WAREHOUSE.database}.${WAREHOUSE.eventsSchema}.${names.warehouseEventsTable} (designed residency exception)`,
      kafkaconnectVersion: KAFKA_CONNECT_VERSION,
      serviceExecutionRoleArn: this.role.arn,
      plugin: [{ customPlugin: { arn: plugin.arn, revision: plugin.latestRevision } }],
      workerConfiguration: { arn: workerConfiguration.arn, revision: workerConfiguration.latestRevision },
      capacity: {
        autoscaling: {
          mcuCount: 1,
          minWorkerCount: props.minWorkers ?? 1,
          maxWorkerCount: props.maxWorkers ?? 2,
          scaleInPolicy: { cpuUtilizationPercentage: 20 },
          scaleOutPolicy: { cpuUtilizationPercentage: 80 },
        },
      },
      kafkaCluster: {
        apacheKafkaCluster: {
          bootstrapServers: kafka.bootstrapBrokersIam,
          vpc: { securityGroups: [securityGroup.id], subnets: network.appSubnetIds },
        },
      },
      kafkaClusterClientAuthentication: { authenticationType: "IAM" },
      kafkaClusterEncryptionInTransit: { encryptionType: "TLS" },
      logDelivery: { workerLogDelivery: { cloudwatchLogs: { enabled: true, logGroup: this.logGroup.name } } },
      connectorConfiguration: {
        "connector.class": SNOWFLAKE_SINK_CONNECTOR,
        "tasks.max": "2",
        topics: this.topic,
        "snowflake.topic2table.map": `${this.topic}:${names.warehouseEventsTable}`,
        "snowflake.database.name": WAREHOUSE.database,
        "snowflake.schema.name": WAREHOUSE.eventsSchema,
        "snowflake.ingestion.method": "SNOWPIPE_STREAMING",
        // The sink's role has INSERT on its table only (constructs/warehouse); schema evolution would need EVOLVE SCHEMA.
        "snowflake.enable.schematization": "false",
        "snowflake.url.name": credential("url"),
        "snowflake.user.name": credential("user"),
        "snowflake.role.name": credential("role"),
        "snowflake.private.key": credential("private_key"),
        "key.converter": "org.apache.kafka.connect.storage.StringConverter",
        "value.converter": "org.apache.kafka.connect.json.JsonConverter",
        "value.converter.schemas.enable": "false",
        // A record the sink cannot convert or insert goes to the dead-letter topic (with the error in its headers)
        // instead of stopping the sink for every event behind it; the region alarms on that topic.
        "errors.tolerance": "all",
        "errors.deadletterqueue.topic.name": this.deadLetterTopic,
        "errors.deadletterqueue.topic.replication.factor": String(REPLICATION_FACTOR),
        "errors.deadletterqueue.context.headers.enable": "true",
        "errors.log.enable": "true",
      },
    });
  }
}
