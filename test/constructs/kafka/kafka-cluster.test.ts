import { beforeAll, describe, expect, it } from "vitest";
import { manifestOf, oneRegionManifest, regionResolver, resourceAt, synthRegion, type Synthesized } from "../../helpers.js";

const manifest = manifestOf();
const names = regionResolver(manifest, "eu");
const eu = names.region;

describe("KafkaCluster", () => {
  let syn: Synthesized;
  let cluster: Record<string, any>;
  beforeAll(() => {
    syn = synthRegion("eu", manifest);
    cluster = syn.only("aws_msk_cluster");
  });

  it("is named by the resolver", () => {
    expect(cluster.cluster_name).toBe(names.mskClusterName);
  });

  it("spreads brokers over the three app subnets", () => {
    const subnets = [1, 2, 3].map((n) => resourceAt(syn, "aws_subnet", `Network/AppSubnet${n}`).ref("id"));
    expect(cluster.broker_node_group_info.client_subnets).toEqual(subnets);
    expect(cluster.number_of_broker_nodes).toBe(3);
  });

  it("sizes the cluster from the manifest kafka block", () => {
    const m = oneRegionManifest(`    kafka:\n      kafkaVersion: "3.7.x"\n      brokerInstanceType: kafka.m7g.xlarge\n      brokersPerZone: 2\n      volumeSizeGiB: 2500\n`);
    const c = synthRegion("eu", m).only("aws_msk_cluster");
    expect(c.kafka_version).toBe("3.7.x");
    expect(c.number_of_broker_nodes).toBe(6);
    expect(c.broker_node_group_info.instance_type).toBe("kafka.m7g.xlarge");
    expect(c.broker_node_group_info.storage_info.ebs_storage_info.volume_size).toBe(2500);
  });

  it("encrypts in transit between clients and brokers and inside the cluster", () => {
    expect(cluster.encryption_info.encryption_in_transit).toEqual({ client_broker: "TLS", in_cluster: true });
  });

  it("encrypts at rest with the region's streaming key", () => {
    expect(cluster.encryption_info.encryption_at_rest_kms_key_arn).toBe(resourceAt(syn, "aws_kms_key", "Keys/Streaming").ref("arn"));
  });

  it("accepts IAM client authentication only", () => {
    expect(cluster.client_authentication).toEqual({ sasl: { iam: true, scram: false }, unauthenticated: false });
  });

  it("disables public access", () => {
    expect(cluster.broker_node_group_info.connectivity_info.public_access.type).toBe("DISABLED");
  });

  it("sends broker logs to a log group encrypted with the logs key", () => {
    const group = resourceAt(syn, "aws_cloudwatch_log_group", "Kafka/BrokerLogs").body;
    expect(cluster.logging_info.broker_logs.cloudwatch_logs).toEqual({ enabled: true, log_group: resourceAt(syn, "aws_cloudwatch_log_group", "Kafka/BrokerLogs").ref("name") });
    expect(group.kms_key_id).toBe(resourceAt(syn, "aws_kms_key", "Keys/Logs").ref("arn"));
    expect(group.retention_in_days).toBeGreaterThanOrEqual(365);
  });

  it("applies a configuration without topic auto-creation, replication 3 and min.insync.replicas 2", () => {
    const config = syn.only("aws_msk_configuration");
    const props = Object.fromEntries(
      (config.server_properties as string)
        .trim()
        .split("\n")
        .map((line) => line.split("=")),
    );
    expect(props).toMatchObject({ "auto.create.topics.enable": "false", "default.replication.factor": "3", "min.insync.replicas": "2" });
    expect(cluster.configuration_info).toEqual({
      arn: resourceAt(syn, "aws_msk_configuration", "Kafka/Configuration").ref("arn"),
      revision: resourceAt(syn, "aws_msk_configuration", "Kafka/Configuration").ref("latest_revision"),
    });
  });

  it("cannot be destroyed by a plan", () => {
    expect(cluster.lifecycle.prevent_destroy).toBe(true);
  });

  it("opens only the IAM/TLS port 9098, only to the VPC", () => {
    const sg = resourceAt(syn, "aws_security_group", "Kafka/SecurityGroup").body;
    const fromOutside = sg.ingress.filter((rule: any) => !rule.self);
    expect(fromOutside).toEqual([expect.objectContaining({ from_port: 9098, to_port: 9098, protocol: "tcp", cidr_blocks: [eu.cidr] })]);
    expect(cluster.broker_node_group_info.security_groups).toEqual([resourceAt(syn, "aws_security_group", "Kafka/SecurityGroup").ref("id")]);
  });
});
