import { defineRule, destinationsInJurisdiction, getAll } from "../checks.js";

export const mskReplicatorInJurisdiction = defineRule({
  id: "RK-RES-010",
  name: "msk-replicator-in-jurisdiction",
  family: "residency",
  level: "error",
  description: "MSK Replicator source and target clusters are in the stack's allowed AWS regions.",
  fix: "Replicate topics only to a cluster in the region's backup AWS region.",
  controls: { note: "regionkit residency" },
  resourceTypes: ["aws_msk_replicator"],
  evaluate(resource, ctx) {
    const a = resource.attrs;
    const values = [
      ...getAll(a, "kafka_cluster.amazon_msk_cluster.msk_cluster_arn"),
      ...getAll(a, "replication_info_list.source_kafka_cluster_arn"),
      ...getAll(a, "replication_info_list.target_kafka_cluster_arn"),
    ];
    return destinationsInJurisdiction(ctx, values, "cluster");
  },
});
