/**
 * Kubernetes names shared by the AWS side (`CdcCluster` in `data-<id>`: the
 * Pod Identity associations bind IAM roles to these service accounts) and the
 * Kubernetes side (`CdcDeployment` in `cdc-<id>`: the objects that use them).
 * They are the same in every region: each region has its own EKS cluster.
 */
export const CDC_KUBERNETES = {
  namespace: "cdc",
  /** Strimzi `KafkaConnect` name; Strimzi names the workers' service account `<name>-connect`. */
  connectCluster: "debezium",
  connectServiceAccount: "debezium-connect",
  topicOperator: "strimzi-topic-operator",
  topicOperatorServiceAccount: "strimzi-topic-operator",
} as const;

/** ECR repositories (in the region's own registry) for the images the CDC cluster runs: nodes have no internet route. */
export const CDC_IMAGES = ["connect", "topic-operator"] as const;
export type CdcImage = (typeof CDC_IMAGES)[number];
