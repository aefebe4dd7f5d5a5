import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { Construct } from "constructs";
import { generationConstructId } from "../../regions/fleet.js";
import { pascalCase } from "../../regions/naming.js";
import type { RegionResolver } from "../../regions/resolvers.js";
import type { ShardMapDatabase } from "../../regions/shard-map.js";
import { regionTopics, type KafkaTopicSpec } from "../kafka/topics.js";
import { debeziumConnectors, SECRETS_MANAGER_CONFIG_PROVIDER, terraformLiteral, type DatabaseEndpoint, type DebeziumConnectorSpec } from "./connectors.js";
import { CDC_KUBERNETES, type CdcImage } from "./kubernetes-names.js";

/** Image tags the CI pipeline pushes to the region's ECR repositories (see README). */
export const DEFAULT_IMAGE_TAGS: Readonly<Record<CdcImage, string>> = {
  // `authentication.type: custom` (MSK IAM) exists in Strimzi's KafkaConnect CRD from 0.48.0 on; 0.48 runs Kafka 4.0/4.1,
  // and Debezium 3.2 is built against Kafka 4.0.
  connect: "strimzi-0.48.0-kafka-4.1.0-debezium-3.2.0",
  "topic-operator": "strimzi-0.48.0",
};

const STRIMZI_API = "kafka.strimzi.io/v1beta2";

/** MSK IAM over SASL_SSL, as Kafka client properties (Connect workers and the Topic Operator). */
export const MSK_IAM_CLIENT_CONFIG = {
  "sasl.mechanism": "AWS_MSK_IAM",
  "sasl.jaas.config": "software.amazon.msk.auth.iam.IAMLoginModule required;",
  "sasl.client.callback.handler.class": "software.amazon.msk.auth.iam.IAMClientCallbackHandler",
} as const;

export interface CdcDeploymentProps {
  readonly names: RegionResolver;
  /** IAM/TLS bootstrap brokers of the region's MSK cluster. */
  readonly bootstrapServers: string;
  /** Writer endpoint of each physical database of a fleet generation, in-region. */
  readonly endpointOf: (database: ShardMapDatabase, generation: string) => DatabaseEndpoint;
  /** Image tags in the region's ECR repositories. @default DEFAULT_IMAGE_TAGS */
  readonly imageTags?: Partial<Record<CdcImage, string>>;
  /** Kafka Connect worker pods. @default - the manifest's `cdc.nodeCount` */
  readonly connectReplicas?: number;
}

/**
 * The Kubernetes half of Debezium on Kubernetes, in `cdc-<id>`: the `cdc`
 * namespace, a Strimzi `KafkaConnect` cluster on MSK with IAM auth, one
 * `KafkaConnector` per physical database (from the shard map), one
 * `KafkaTopic` per declared topic, and the standalone Strimzi Topic Operator
 * that creates those topics on MSK. Images come from the region's own ECR.
 */
export class CdcDeployment extends Construct {
  readonly connectors: readonly DebeziumConnectorSpec[];
  readonly topics: readonly KafkaTopicSpec[];

  constructor(scope: Construct, id: string, props: CdcDeploymentProps) {
    super(scope, id);
    const { names } = props;
    const region = names.region;
    const namespace = CDC_KUBERNETES.namespace;
    const tags = { ...DEFAULT_IMAGE_TAGS, ...props.imageTags };
    const image = (name: CdcImage) => `${region.accountId}.dkr.ecr.${region.awsRegion}.amazonaws.com/${names.cdcImageRepository(name)}:${tags[name]}`;
    // KafkaTopic resources carry this label so the Topic Operator picks them up.
    const topicLabels = { "strimzi.io/cluster": names.mskClusterName };

    const ns = new NamespaceV1(this, "Namespace", {
      metadata: { name: namespace, labels: { "pod-security.kubernetes.io/enforce": "restricted" } },
    });
    const manifest = (constructId: string, body: Record<string, unknown>) =>
      new Manifest(this, constructId, { manifest: terraformLiteral(body) as Record<string, unknown>, dependsOn: [ns] });

    const restricted = {
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    };

    manifest("ConnectCluster", {
      apiVersion: STRIMZI_API,
      kind: "KafkaConnect",
      metadata: { name: CDC_KUBERNETES.connectCluster, namespace, annotations: { "strimzi.io/use-connector-resources": "true" } },
      spec: {
        replicas: props.connectReplicas ?? region.cdc.nodeCount,
        image: image("connect"),
        bootstrapServers: props.bootstrapServers,
        // TLS on (with `sasl: true` Strimzi derives SASL_SSL). No trustedCertificates: MSK presents certificates from a public
        // Amazon CA, and without entries Strimzi writes no truststore, so the JVM's default trust store verifies them.
        tls: {},
        authentication: { type: "custom", sasl: true, config: { ...MSK_IAM_CLIENT_CONFIG } },
        config: {
          "group.id": names.cdcConnectGroup,
          "config.storage.topic": names.cdcConnectTopic("configs"),
          "offset.storage.topic": names.cdcConnectTopic("offsets"),
          "status.storage.topic": names.cdcConnectTopic("status"),
          "config.storage.replication.factor": -1,
          "offset.storage.replication.factor": -1,
          "status.storage.replication.factor": -1,
          // Topics are declared as KafkaTopic resources only; connectors may not create any.
          "topic.creation.enable": false,
          "config.providers": "secretsmanager",
          "config.providers.secretsmanager.class": SECRETS_MANAGER_CONFIG_PROVIDER,
          "config.providers.secretsmanager.param.region": region.awsRegion,
          "key.converter": "org.apache.kafka.connect.json.JsonConverter",
          "value.converter": "org.apache.kafka.connect.json.JsonConverter",
          // No schema embedded in every record (it is most of a small row's bytes); see README: converter choice.
          "key.converter.schemas.enable": false,
          "value.converter.schemas.enable": false,
        },
        template: {
          pod: { securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } } },
          connectContainer: { securityContext: { ...restricted, readOnlyRootFilesystem: false } },
        },
      },
    });

    this.connectors = debeziumConnectors(names, props.endpointOf);
    this.connectors.forEach((connector) => {
      const { "connector.class": cls, "tasks.max": tasksMax, ...config } = connector.config;
      manifest(generationConstructId({ id: connector.generation }, `Connector${String(connector.database.index).padStart(3, "0")}`), {
        apiVersion: STRIMZI_API,
        kind: "KafkaConnector",
        metadata: { name: connector.name, namespace, labels: { "strimzi.io/cluster": CDC_KUBERNETES.connectCluster } },
        // `state` only when not running (Strimzi's default), so the connectors of an unchanged fleet stay byte-identical.
        spec: { class: cls, tasksMax, config, ...(connector.state === "running" ? {} : { state: connector.state }) },
      });
    });

    this.topics = regionTopics(names);
    for (const topic of this.topics) {
      manifest(`Topic${pascalCase(topic.name)}`, {
        apiVersion: STRIMZI_API,
        kind: "KafkaTopic",
        metadata: { name: topic.name.replace(/\./g, "-"), namespace, labels: topicLabels },
        spec: { topicName: topic.name, partitions: topic.partitions, replicas: topic.replicationFactor, config: topic.config },
      });
    }

    // Standalone Topic Operator: reconciles KafkaTopic resources onto MSK (Strimzi's cluster operator only does that for clusters it runs).
    const operator = CDC_KUBERNETES.topicOperator;
    manifest("TopicOperatorServiceAccount", {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: CDC_KUBERNETES.topicOperatorServiceAccount, namespace },
    });
    manifest("TopicOperatorRole", {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: { name: operator, namespace },
      rules: [
        { apiGroups: ["kafka.strimzi.io"], resources: ["kafkatopics"], verbs: ["get", "list", "watch", "patch", "update"] },
        { apiGroups: ["kafka.strimzi.io"], resources: ["kafkatopics/status"], verbs: ["get", "patch", "update"] },
        { apiGroups: [""], resources: ["events"], verbs: ["create"] },
      ],
    });
    manifest("TopicOperatorRoleBinding", {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: operator, namespace },
      subjects: [{ kind: "ServiceAccount", name: CDC_KUBERNETES.topicOperatorServiceAccount, namespace }],
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: operator },
    });
    const env: Record<string, string> = {
      STRIMZI_NAMESPACE: namespace,
      STRIMZI_KAFKA_BOOTSTRAP_SERVERS: props.bootstrapServers,
      STRIMZI_RESOURCE_LABELS: `strimzi.io/cluster=${names.mskClusterName}`,
      STRIMZI_SECURITY_PROTOCOL: "SASL_SSL",
      STRIMZI_TLS_ENABLED: "true",
      STRIMZI_SASL_ENABLED: "true",
      STRIMZI_SASL_MECHANISM: "custom",
      STRIMZI_SASL_CUSTOM_CONFIG_JSON: JSON.stringify(MSK_IAM_CLIENT_CONFIG),
      // MSK does not let clients describe broker configuration; topics never get deleted from here (no DeleteTopic in IAM).
      STRIMZI_SKIP_CLUSTER_CONFIG_REVIEW: "true",
      STRIMZI_USE_FINALIZERS: "false",
    };
    manifest("TopicOperator", {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: operator, namespace },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: operator } },
        template: {
          metadata: { labels: { app: operator } },
          spec: {
            serviceAccountName: CDC_KUBERNETES.topicOperatorServiceAccount,
            securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
            containers: [
              {
                name: operator,
                image: image("topic-operator"),
                args: ["/opt/strimzi/bin/topic_operator_run.sh"],
                env: Object.entries(env).map(([name, value]) => ({ name, value })),
                securityContext: restricted,
                volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
                resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" } },
              },
            ],
            volumes: [{ name: "tmp", emptyDir: {} }],
          },
        },
      },
    });
  }
}
