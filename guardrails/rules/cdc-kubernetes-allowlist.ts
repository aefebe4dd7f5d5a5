import { analysisRule } from "../residency/rule.js";

export const cdcKubernetesAllowlist = analysisRule({
  id: "RK-RES-023",
  name: "cdc-kubernetes-allowlist",
  kind: "kubernetes",
  stackKinds: ["regional"],
  description:
    "In cdc-<id>, every Kubernetes kind is allow-listed (Strimzi KafkaConnect, KafkaConnector, KafkaTopic, KafkaUser; plain workloads), connectors use in-region classes, bootstraps point at the region's MSK, and the kubernetes provider at the region's EKS cluster.",
  fix: "Use the CDC construct's manifests; replication out of the region (MirrorMaker2, other sinks) is not part of the kit.",
});
