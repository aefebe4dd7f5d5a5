import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { KmsGrant } from "@cdktf/provider-aws/lib/kms-grant";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import type { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { Construct } from "constructs";
import type { RegionResolver } from "../../regions/resolvers.js";
import { fleetGenerations, generationConstructId } from "../../regions/fleet.js";
import { buildShardMap } from "../../regions/shard-map.js";
import { policyDocument, serviceTrustPolicy, trustPolicyDocument, type PolicyStatement } from "../iam/policy.js";
import type { KafkaCluster } from "../kafka/kafka-cluster.js";
import type { RegionalKey } from "../keys/regional-key.js";
import type { Network } from "../network/network.js";
import { CDC_IMAGES, CDC_KUBERNETES, type CdcImage } from "./kubernetes-names.js";

/** Control-plane log types; all of them, audit included. */
export const EKS_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

/** AWS-managed policies the EKS service roles need (global, AWS-owned ARNs). */
const MANAGED = (name: string): string => `arn:aws:iam::aws:policy/${name}`;
const CLUSTER_POLICIES = ["AmazonEKSClusterPolicy"] as const;
const NODE_POLICIES = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryPullOnly"] as const;

export interface CdcClusterProps {
  readonly names: RegionResolver;
  /** The cluster and its nodes go in the private app subnets. */
  readonly network: Network;
  /** The cluster the Connect workers write to. */
  readonly kafka: KafkaCluster;
  /** Encrypts Kubernetes secrets, node volumes and the image repositories. */
  readonly computeKey: RegionalKey;
  /** Encrypts the Debezium login secrets (database credentials). */
  readonly databaseKey: RegionalKey;
  /** Encrypts the control-plane log group. */
  readonly logsKey: RegionalKey;
  /** @default 365 */
  readonly logRetentionDays?: number;
  /** Node root volume size, GiB. @default 50 */
  readonly nodeVolumeSizeGiB?: number;
  /**
   * Security groups the nodes join besides the EKS cluster group, e.g. the shard fleet's client group that
   * may open Postgres connections. @default - the cluster security group only
   */
  readonly nodeSecurityGroups?: readonly SecurityGroup[];
}

/**
 * The AWS half of Debezium on Kubernetes, in `data-<id>`: a private EKS cluster
 * (no public endpoint, secrets encrypted with the compute key, every
 * control-plane log type), a managed node group from the manifest `cdc` block
 * (IMDSv2 only, hop limit 1, encrypted root volumes), EKS Pod Identity roles
 * for the Kafka Connect workers and the Strimzi Topic Operator scoped to this
 * region's MSK cluster, one Debezium login secret per shard database, and the
 * in-region image repositories. The Kubernetes objects are in `CdcDeployment`
 * (stack `cdc-<id>`).
 */
export class CdcCluster extends Construct {
  readonly cluster: EksCluster;
  readonly nodeGroup: EksNodeGroup;
  readonly logGroup: CloudwatchLogGroup;
  readonly connectRole: IamRole;
  readonly topicOperatorRole: IamRole;
  /** Debezium login per physical database of every declared generation: generation by generation, in shard-map order. */
  readonly debeziumSecrets: readonly SecretsmanagerSecret[];
  readonly repositories: Readonly<Record<CdcImage, EcrRepository>>;

  constructor(scope: Construct, id: string, props: CdcClusterProps) {
    super(scope, id);
    const { names, network, kafka } = props;
    const region = names.region;
    const settings = region.cdc;
    const clusterName = names.eksClusterName;

    // EKS reads the log group by this exact name; creating it first sets its key and retention.
    this.logGroup = new CloudwatchLogGroup(this, "ControlPlaneLogs", {
      name: `/aws/eks/${clusterName}/cluster`,
      kmsKeyId: props.logsKey.arn,
      retentionInDays: props.logRetentionDays ?? 365,
    });

    const clusterRole = new IamRole(this, "ClusterRole", {
      name: names.name("cdc-cluster", [], "iamRole"),
      assumeRolePolicy: serviceTrustPolicy("eks.amazonaws.com"),
    });
    const clusterAttachments = CLUSTER_POLICIES.map(
      (policy) => new IamRolePolicyAttachment(this, `ClusterRole${policy}`, { role: clusterRole.name, policyArn: MANAGED(policy) }),
    );
    new IamRolePolicy(this, "ClusterRoleSecretsKey", {
      role: clusterRole.id,
      name: "encrypt-kubernetes-secrets",
      policy: policyDocument([{ Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"], Resource: props.computeKey.arn }]),
    });

    this.cluster = new EksCluster(this, "Resource", {
      name: clusterName,
      roleArn: clusterRole.arn,
      version: settings.kubernetesVersion,
      vpcConfig: { subnetIds: network.appSubnetIds, endpointPrivateAccess: true, endpointPublicAccess: false },
      encryptionConfig: { provider: { keyArn: props.computeKey.arn }, resources: ["secrets"] },
      enabledClusterLogTypes: [...EKS_LOG_TYPES],
      // Access entries only (no aws-auth ConfigMap); the deploying principal is the first administrator.
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
      dependsOn: [this.logGroup, ...clusterAttachments],
      // Replacing the cluster drops every Pod Identity binding and stops CDC until cdc-<id> is re-applied.
      lifecycle: { preventDestroy: true },
    });

    // Pod Identity credentials come from the EKS Auth API; the VPC has no internet route, so it needs its own endpoint.
    new VpcEndpoint(this, "EksAuthEndpoint", {
      vpcId: network.vpc.id,
      serviceName: `com.amazonaws.${region.awsRegion}.eks-auth`,
      vpcEndpointType: "Interface",
      privateDnsEnabled: true,
      subnetIds: network.appSubnetIds,
      securityGroupIds: [network.endpointSecurityGroup.id],
    });

    const nodeRole = new IamRole(this, "NodeRole", {
      name: names.name("cdc-node", [], "iamRole"),
      assumeRolePolicy: serviceTrustPolicy("ec2.amazonaws.com"),
    });
    const nodeAttachments = NODE_POLICIES.map(
      (policy) => new IamRolePolicyAttachment(this, `NodeRole${policy.replace(/_/g, "")}`, { role: nodeRole.name, policyArn: MANAGED(policy) }),
    );

    // Auto Scaling launches the managed nodes; its service-linked role needs a grant to create volumes with the compute key.
    const volumeKeyGrant = new KmsGrant(this, "NodeVolumeKeyGrant", {
      name: names.name("cdc-node-volumes"),
      keyId: props.computeKey.key.keyId,
      granteePrincipal: `arn:aws:iam::${region.accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
      operations: ["Encrypt", "Decrypt", "ReEncryptFrom", "ReEncryptTo", "GenerateDataKeyWithoutPlaintext", "DescribeKey", "CreateGrant"],
    });

    const launchTemplate = new LaunchTemplate(this, "NodeLaunchTemplate", {
      name: names.name("cdc-node"),
      updateDefaultVersion: true,
      // Hop limit 1: pods cannot reach the node's instance metadata (and its role); they get credentials from Pod Identity.
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
      // Naming groups in a launch template replaces EKS's default, so the cluster group is listed first.
      vpcSecurityGroupIds: props.nodeSecurityGroups?.length
        ? [this.cluster.vpcConfig.clusterSecurityGroupId, ...props.nodeSecurityGroups.map((g) => g.id)]
        : undefined,
      blockDeviceMappings: [
        {
          deviceName: "/dev/xvda",
          ebs: {
            encrypted: "true",
            kmsKeyId: props.computeKey.arn,
            volumeSize: props.nodeVolumeSizeGiB ?? 50,
            volumeType: "gp3",
            deleteOnTermination: "true",
          },
        },
      ],
    });

    this.nodeGroup = new EksNodeGroup(this, "NodeGroup", {
      clusterName: this.cluster.name,
      nodeGroupName: names.name("cdc-nodes"),
      nodeRoleArn: nodeRole.arn,
      subnetIds: network.appSubnetIds,
      amiType: amiTypeFor(settings.nodeInstanceType),
      instanceTypes: [settings.nodeInstanceType],
      scalingConfig: { desiredSize: settings.nodeCount, minSize: settings.nodeCount, maxSize: settings.nodeCount * 2 },
      updateConfig: { maxUnavailable: 1 },
      launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.toString() },
      dependsOn: [...nodeAttachments, volumeKeyGrant],
    });

    new EksAddon(this, "PodIdentityAgent", { clusterName: this.cluster.name, addonName: "eks-pod-identity-agent" });

    // Every declared generation's databases get a login secret (kept while the generation is declared).
    const secretsByGeneration = fleetGenerations(region).map((generation) => ({
      generation,
      secrets: buildShardMap(region, names.namespace, { generation: generation.id }).databases.map(
        (db) =>
          new SecretsmanagerSecret(this, generationConstructId(generation, `DebeziumSecret${String(db.index).padStart(3, "0")}`), {
            name: names.debeziumSecretName(db.index, generation.id),
            description: `Debezium replication login (username, password) for ${db.identifier}; written by the shard bootstrap, never by Terraform`,
            kmsKeyId: props.databaseKey.arn,
            recoveryWindowInDays: 30,
            lifecycle: { preventDestroy: true },
          }),
      ),
    }));
    this.debeziumSecrets = secretsByGeneration.flatMap((g) => g.secrets);

    const repositories = {} as Record<CdcImage, EcrRepository>;
    for (const image of CDC_IMAGES) {
      repositories[image] = new EcrRepository(this, image === "connect" ? "ConnectImages" : "TopicOperatorImages", {
        name: names.cdcImageRepository(image),
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: props.computeKey.arn }],
        forceDelete: false,
      });
    }
    this.repositories = repositories;

    this.connectRole = this.podRole("ConnectRole", "cdc-connect", CDC_KUBERNETES.connectServiceAccount, names, [
      {
        Sid: "ConnectToRegionalKafka",
        Effect: "Allow",
        Action: ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster", "kafka-cluster:WriteDataIdempotently"],
        Resource: kafka.clusterArn,
      },
      {
        Sid: "WriteChangeTopics",
        Effect: "Allow",
        Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"],
        Resource: kafka.topicArn(names.kafkaTopic("*")),
      },
      {
        // Debezium heartbeats (and the control tables' changes) of every connector, routed to one topic.
        Sid: "WriteHeartbeatTopic",
        Effect: "Allow",
        Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"],
        Resource: kafka.topicArn(names.cdcHeartbeatTopic),
      },
      {
        Sid: "ConnectInternalTopics",
        Effect: "Allow",
        // Workers check that their internal topics are compacted (a topic-config read) before using them.
        Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:DescribeTopicDynamicConfiguration", "kafka-cluster:ReadData", "kafka-cluster:WriteData"],
        Resource: kafka.topicArn(names.cdcConnectTopic("*")),
      },
      {
        Sid: "ConnectWorkerGroup",
        Effect: "Allow",
        Action: ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"],
        Resource: kafka.groupArn(names.cdcConnectGroup),
      },
      {
        Sid: "ReadDebeziumLogins",
        Effect: "Allow",
        Action: DEBEZIUM_LOGIN_ACTIONS,
        Resource: secretsByGeneration[0]!.secrets.map((s) => s.arn),
      },
      {
        Sid: "DecryptDebeziumLogins",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: props.databaseKey.arn,
        Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${region.awsRegion}.amazonaws.com` } },
      },
    ]);

    // A later generation's logins in a policy of their own: adding a generation then only adds resources.
    for (const { generation, secrets } of secretsByGeneration.slice(1))
      new IamRolePolicy(this, generationConstructId(generation, "ConnectRoleDebeziumLogins"), {
        role: this.connectRole.id,
        name: `cdc-connect-debezium-${generation.id}`,
        policy: policyDocument([{ Sid: "ReadDebeziumLogins", Effect: "Allow", Action: DEBEZIUM_LOGIN_ACTIONS, Resource: secrets.map((s) => s.arn) }]),
      });

    // The Topic Operator creates and alters this region's topics; it may not delete one (a topic is data).
    this.topicOperatorRole = this.podRole("TopicOperatorRole", "cdc-topic-operator", CDC_KUBERNETES.topicOperatorServiceAccount, names, [
      {
        Sid: "ConnectToRegionalKafka",
        Effect: "Allow",
        Action: ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster", "kafka-cluster:DescribeClusterDynamicConfiguration"],
        Resource: kafka.clusterArn,
      },
      {
        Sid: "ManageRegionTopics",
        Effect: "Allow",
        Action: [
          "kafka-cluster:CreateTopic",
          "kafka-cluster:DescribeTopic",
          "kafka-cluster:AlterTopic",
          "kafka-cluster:DescribeTopicDynamicConfiguration",
          "kafka-cluster:AlterTopicDynamicConfiguration",
        ],
        Resource: kafka.topicArn(`${names.id}.*`),
      },
    ]);
  }

  get clusterName(): string {
    return this.cluster.name;
  }

  /** An IAM role that only pods of one service account in the CDC namespace of this cluster receive (EKS Pod Identity). */
  private podRole(id: string, component: string, serviceAccount: string, names: RegionResolver, statements: readonly PolicyStatement[]): IamRole {
    const role = new IamRole(this, id, {
      name: names.name(component, [], "iamRole"),
      assumeRolePolicy: podIdentityTrust(names.region.accountId),
    });
    new IamRolePolicy(this, `${id}Policy`, { role: role.id, name: component, policy: policyDocument(statements) });
    new EksPodIdentityAssociation(this, `${id}Association`, {
      clusterName: this.cluster.name,
      namespace: CDC_KUBERNETES.namespace,
      serviceAccount,
      roleArn: role.arn,
    });
    return role;
  }
}

const DEBEZIUM_LOGIN_ACTIONS = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"];

/** Trust for EKS Pod Identity: the agent assumes the role and tags the session, only for this account's clusters. */
export function podIdentityTrust(accountId: string): string {
  return trustPolicyDocument([
    {
      Effect: "Allow",
      Principal: { Service: "pods.eks.amazonaws.com" },
      Action: ["sts:AssumeRole", "sts:TagSession"],
      Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    },
  ]);
}

/** Graviton instance families (m7g, c6gn, r8g...) need the ARM AMI; everything else x86. */
export function amiTypeFor(instanceType: string): string {
  const family = instanceType.split(".")[0] ?? "";
  return /^[a-z]+\d+g[a-z]*$/.test(family) ? "AL2023_ARM_64_STANDARD" : "AL2023_x86_64_STANDARD";
}
