import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { TerraformStack, Testing } from "cdktf";
import { beforeAll, describe, expect, it } from "vitest";
import { amiTypeFor, CdcCluster } from "../../../constructs/cdc/cdc-cluster.js";
import { KafkaCluster } from "../../../constructs/kafka/kafka-cluster.js";
import { regionTopics } from "../../../constructs/kafka/topics.js";
import { RegionKeys } from "../../../constructs/keys/region-keys.js";
import { Network } from "../../../constructs/network/network.js";
import { CDC_KUBERNETES } from "../../../constructs/cdc/kubernetes-names.js";
import { addressOf, manifestOf, oneRegionManifest, policyOf, regionResolver, resourceAt, synthesize, synthRegion, type Synthesized } from "../../helpers.js";

const manifest = manifestOf();
const names = regionResolver(manifest, "eu");
const eu = names.region;

describe("CdcCluster", () => {
  let syn: Synthesized;
  let cluster: Record<string, any>;
  beforeAll(() => {
    syn = synthRegion("eu", manifest);
    cluster = syn.only("aws_eks_cluster");
  });
  const policyOfRole = (rolePath: string) => policyOf(resourceAt(syn, "aws_iam_role_policy", `${rolePath}Policy`).body.policy);

  it("is named by the resolver and runs in the private app subnets", () => {
    expect(cluster.name).toBe(names.eksClusterName);
    expect(cluster.vpc_config.subnet_ids).toEqual([1, 2, 3].map((n) => resourceAt(syn, "aws_subnet", `Network/AppSubnet${n}`).ref("id")));
  });

  it("cannot be destroyed by a plan, nor can the Debezium login secrets", () => {
    expect(cluster.lifecycle.prevent_destroy).toBe(true);
    const secrets = Object.entries(syn.resources("aws_secretsmanager_secret")).filter(([id]) => id.startsWith("Cdc_DebeziumSecret"));
    for (const [, secret] of secrets) expect(secret.lifecycle.prevent_destroy).toBe(true);
  });

  it("has a private API endpoint only", () => {
    expect(cluster.vpc_config.endpoint_private_access).toBe(true);
    expect(cluster.vpc_config.endpoint_public_access).toBe(false);
  });

  it("encrypts Kubernetes secrets with the region's compute key", () => {
    expect(cluster.encryption_config).toEqual({ provider: { key_arn: resourceAt(syn, "aws_kms_key", "Keys/Compute").ref("arn") }, resources: ["secrets"] });
  });

  it("logs every control-plane log type, audit included, to an encrypted group with retention", () => {
    expect(cluster.enabled_cluster_log_types).toEqual(expect.arrayContaining(["api", "audit", "authenticator", "controllerManager", "scheduler"]));
    const group = resourceAt(syn, "aws_cloudwatch_log_group", "Cdc/ControlPlaneLogs").body;
    expect(group.name).toBe(`/aws/eks/${names.eksClusterName}/cluster`);
    expect(group.kms_key_id).toBe(resourceAt(syn, "aws_kms_key", "Keys/Logs").ref("arn"));
    expect(group.retention_in_days).toBeGreaterThan(0);
    expect(cluster.depends_on).toContain(`aws_cloudwatch_log_group.${resourceAt(syn, "aws_cloudwatch_log_group", "Cdc/ControlPlaneLogs").name}`);
  });

  it("sizes the node group from the manifest cdc block", () => {
    const m = oneRegionManifest(`    cdc:\n      kubernetesVersion: "1.32"\n      nodeInstanceType: m7i.xlarge\n      nodeCount: 4\n`);
    const s = synthRegion("eu", m);
    const group = s.only("aws_eks_node_group");
    expect(s.only("aws_eks_cluster").version).toBe("1.32");
    expect(group.instance_types).toEqual(["m7i.xlarge"]);
    expect(group.scaling_config).toMatchObject({ desired_size: 4, min_size: 4 });
    expect(group.ami_type).toBe("AL2023_x86_64_STANDARD");
  });

  it("picks the ARM AMI for Graviton node types", () => {
    expect(amiTypeFor("m7g.large")).toBe("AL2023_ARM_64_STANDARD");
    expect(amiTypeFor("c6gn.xlarge")).toBe("AL2023_ARM_64_STANDARD");
    expect(amiTypeFor("m7i.large")).toBe("AL2023_x86_64_STANDARD");
    expect(syn.only("aws_eks_node_group").ami_type).toBe("AL2023_ARM_64_STANDARD");
  });

  it("requires IMDSv2 on nodes, with a hop limit that keeps pods off the node's metadata", () => {
    const template = resourceAt(syn, "aws_launch_template", "Cdc/NodeLaunchTemplate").body;
    expect(template.metadata_options).toMatchObject({ http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 1 });
    expect(syn.only("aws_eks_node_group").launch_template.id).toBe(resourceAt(syn, "aws_launch_template", "Cdc/NodeLaunchTemplate").ref("id"));
  });

  it("encrypts node volumes with the compute key", () => {
    const [root] = resourceAt(syn, "aws_launch_template", "Cdc/NodeLaunchTemplate").body.block_device_mappings;
    expect(root.ebs).toMatchObject({ encrypted: "true", kms_key_id: resourceAt(syn, "aws_kms_key", "Keys/Compute").ref("arn") });
  });

  it("binds the Connect and Topic Operator roles to their service accounts with EKS Pod Identity", () => {
    expect(syn.only("aws_eks_addon").addon_name).toBe("eks-pod-identity-agent");
    const associations = Object.values(syn.resources("aws_eks_pod_identity_association"));
    expect(associations.map((a) => [a.namespace, a.service_account, a.role_arn]).sort()).toEqual(
      [
        [CDC_KUBERNETES.namespace, CDC_KUBERNETES.connectServiceAccount, resourceAt(syn, "aws_iam_role", "Cdc/ConnectRole").ref("arn")],
        [CDC_KUBERNETES.namespace, CDC_KUBERNETES.topicOperatorServiceAccount, resourceAt(syn, "aws_iam_role", "Cdc/TopicOperatorRole").ref("arn")],
      ].sort(),
    );
    const trust = policyOf(resourceAt(syn, "aws_iam_role", "Cdc/ConnectRole").body.assume_role_policy);
    expect(trust.Statement).toEqual([expect.objectContaining({ Principal: { Service: "pods.eks.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceAccount": eu.accountId } } })]);
  });

  it("lets the Connect workers use only this region's Kafka cluster and Debezium logins", () => {
    const statements = policyOfRole("Cdc/ConnectRole").Statement;
    const clusterPrefix = `arn:aws:kafka:${eu.awsRegion}:${eu.accountId}:`;
    for (const s of statements) {
      const actions = [s.Action].flat() as string[];
      const resources = [s.Resource].flat() as string[];
      expect(resources).not.toContain("*");
      if (actions.some((a) => a.startsWith("kafka-cluster:"))) for (const r of resources) expect(r.startsWith(clusterPrefix) && r.includes(`/${names.mskClusterName}/`)).toBe(true);
      else if (actions.some((a) => a.startsWith("secretsmanager:"))) {
        const secrets = Object.keys(syn.resources("aws_secretsmanager_secret"))
          .filter((id) => id.startsWith("Cdc_DebeziumSecret"))
          .map((id) => `\${aws_secretsmanager_secret.${id}.arn}`);
        expect([...resources].sort()).toEqual(secrets.sort());
      } else expect(actions).toEqual(["kms:Decrypt"]);
    }
    const written = statements.filter((s) => [s.Action].flat().includes("kafka-cluster:WriteData")).flatMap((s) => [s.Resource].flat());
    expect(written.some((r: string) => r.endsWith(`/${names.kafkaTopic("*")}`))).toBe(true);
  });

  it("decrypts Debezium logins only through Secrets Manager in this region", () => {
    const kms = policyOfRole("Cdc/ConnectRole").Statement.find((s) => s.Action === "kms:Decrypt")!;
    expect(kms.Resource).toBe(resourceAt(syn, "aws_kms_key", "Keys/Database").ref("arn"));
    expect(kms.Condition).toEqual({ StringEquals: { "kms:ViaService": `secretsmanager.${eu.awsRegion}.amazonaws.com` } });
  });

  it("never lets the Topic Operator delete a topic", () => {
    const actions = policyOfRole("Cdc/TopicOperatorRole").Statement.flatMap((s) => [s.Action].flat());
    expect(actions).toContain("kafka-cluster:CreateTopic");
    expect(actions).not.toContain("kafka-cluster:DeleteTopic");
    expect(actions.some((a) => a.endsWith("*"))).toBe(false);
  });

  it("keeps one Debezium login secret per physical database, encrypted with the database key", () => {
    const secrets = Object.entries(syn.resources("aws_secretsmanager_secret")).filter(([id]) => id.startsWith("Cdc_DebeziumSecret"));
    expect(secrets).toHaveLength(eu.shardFleet.physicalDatabases);
    for (const [, secret] of secrets) expect(secret.kms_key_id).toBe(resourceAt(syn, "aws_kms_key", "Keys/Database").ref("arn"));
    expect(secrets.map(([, s]) => s.name)).toContain(names.debeziumSecretName(eu.shardFleet.physicalDatabases));
    expect(syn.resources("aws_secretsmanager_secret_version")).toEqual({});
  });

  it("puts no Resource field in any role trust policy", () => {
    for (const role of Object.values(syn.resources("aws_iam_role"))) {
      for (const s of policyOf(role.assume_role_policy).Statement) expect(s).not.toHaveProperty("Resource");
    }
  });

  it("keeps images in encrypted, immutable in-region repositories", () => {
    for (const repo of Object.values(syn.resources("aws_ecr_repository"))) {
      expect(repo.image_tag_mutability).toBe("IMMUTABLE");
      expect(repo.encryption_configuration).toEqual([{ encryption_type: "KMS", kms_key: resourceAt(syn, "aws_kms_key", "Keys/Compute").ref("arn") }]);
      expect(repo.image_scanning_configuration.scan_on_push).toBe(true);
    }
  });

  it("reaches the EKS Auth API for Pod Identity through an in-region endpoint", () => {
    expect(resourceAt(syn, "aws_vpc_endpoint", "Cdc/EksAuthEndpoint").body.service_name).toBe(`com.amazonaws.${eu.awsRegion}.eks-auth`);
  });
});

describe("CdcCluster node security groups", () => {
  const build = (withClientGroup: boolean) => {
    const stack = new TerraformStack(Testing.app(), "test");
    const keys = new RegionKeys(stack, "Keys", { names });
    const network = new Network(stack, "Network", { names, logsKey: keys.logs });
    const kafka = new KafkaCluster(stack, "Kafka", { names, network, streamingKey: keys.streaming, logsKey: keys.logs });
    const client = new SecurityGroup(stack, "ShardClient", { vpcId: network.vpc.id });
    const nodeSecurityGroups = withClientGroup ? [client] : undefined;
    new CdcCluster(stack, "Cdc", { names, network, kafka, computeKey: keys.compute, databaseKey: keys.database, logsKey: keys.logs, nodeSecurityGroups });
    return synthesize(stack);
  };

  it("keeps the EKS cluster security group and adds the given groups to the nodes", () => {
    const syn = build(true);
    expect(syn.only("aws_launch_template").vpc_security_group_ids).toEqual([
      `\${aws_eks_cluster.${resourceAt(syn, "aws_eks_cluster", "Cdc").name}.vpc_config[0].cluster_security_group_id}`,
      // A stack-level construct: its logical id is its construct id, with no hash.
      `\${${addressOf(syn, "aws_security_group", "ShardClient")}.id}`,
    ]);
  });

  it("leaves the node security groups to EKS when none are given", () => {
    expect(build(false).only("aws_launch_template").vpc_security_group_ids).toBeUndefined();
  });

  it("puts the nodes of the regional stack in the shard fleet's client group, so Debezium can reach Postgres", () => {
    const syn = synthRegion("eu", manifest);
    expect(resourceAt(syn, "aws_launch_template", "Cdc/NodeLaunchTemplate").body.vpc_security_group_ids).toContain(
      resourceAt(syn, "aws_security_group", "ShardFleet/ClientSecurityGroup").ref("id"),
    );
  });
});

describe("CdcCluster IAM covers the declared topics", () => {
  const syn = synthRegion("eu", manifest);
  const topics = regionTopics(names);
  /** Topic names an IAM statement's topic ARNs allow (`*` as in IAM). */
  const allows = (rolePath: string, action: string) => {
    const patterns = policyOf(resourceAt(syn, "aws_iam_role_policy", `${rolePath}Policy`).body.policy)
      .Statement.filter((s) => [s.Action].flat().includes(action))
      .flatMap((s) => [s.Resource].flat() as string[])
      .filter((r) => r.includes(":topic/"))
      .map((r) => new RegExp(`^${r.split("/").slice(3).join("/").replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`));
    return (topic: string) => patterns.some((p) => p.test(topic));
  };

  it("lets the Topic Operator create every declared topic", () => {
    const create = allows("Cdc/TopicOperatorRole", "kafka-cluster:CreateTopic");
    for (const t of topics) expect(create(t.name), t.name).toBe(true);
  });

  it("lets Connect write every change topic and its internal topics, and nothing else of the region", () => {
    const write = allows("Cdc/ConnectRole", "kafka-cluster:WriteData");
    // The events topic and its dead-letter topic belong to the event sink, not to CDC.
    for (const t of topics) expect(write(t.name), t.name).toBe(t.purpose !== "events" && t.purpose !== "dead-letter");
  });
});
