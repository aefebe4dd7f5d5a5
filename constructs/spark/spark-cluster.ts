import { EmrBlockPublicAccessConfiguration } from "@cdktf/provider-aws/lib/emr-block-public-access-configuration";
import { EmrCluster } from "@cdktf/provider-aws/lib/emr-cluster";
import { EmrSecurityConfiguration } from "@cdktf/provider-aws/lib/emr-security-configuration";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { Construct } from "constructs";
import { EMR_CLUSTER_TAG, SPARK_JOBS, type RegionResolver, type SparkJob } from "../../regions/resolvers.js";
import { policyDocument, serviceTrustPolicy, trustPolicyDocument, type PolicyStatement } from "../iam/policy.js";
import type { RegionKeys } from "../keys/region-keys.js";
import type { RegionalKey } from "../keys/regional-key.js";
import { ACCESS_LOG_PREFIX, type LakeBuckets } from "../lake/lake-buckets.js";
import { EMR_MANAGED_POLICY_TAG, type Network } from "../network/network.js";
import type { SearchDomain } from "../search/search-domain.js";
import { SecureBucket } from "../secure-bucket/secure-bucket.js";
import type { VectorStore } from "../vector/vector-store.js";
import { HUDI_WRITE_DEFAULTS, sparkJobAccess, sparkJobSpecs, type JobAccess, type JobLocation, type JobSpec } from "./job-specs.js";

/** AWS-managed policy for the EMR service role; it acts only on subnets and security groups tagged `EMR_MANAGED_POLICY_TAG`. */
export const EMR_SERVICE_POLICY_ARN = "arn:aws:iam::aws:policy/service-role/AmazonEMRServicePolicy_v2";
/** Key of the PEM zip (the operator uploads it) that EMR uses for in-transit encryption. */
export const TLS_CERTIFICATES_KEY = "tls/emr-certificates.zip";
/** Prefix of EMR cluster logs in the region's `logs` bucket. */
export const EMR_LOG_PREFIX = "emr/";

/**
 * What the jobs need from the region's Kafka; `constructs/kafka`'s `KafkaCluster` has this shape.
 * Without it, the job roles name the cluster by its resolver name (any cluster id) and the jobs find brokers
 * with `kafka:GetBootstrapBrokers`.
 */
export interface SparkKafka {
  /** `host:port,...` of the IAM listener. */
  readonly bootstrapBrokersIam: string;
  /** IAM ARN of the cluster, in the form topic and group ARNs use. */
  readonly clusterArn: string;
  topicArn(topicPattern: string): string;
  groupArn(groupPattern: string): string;
}

export interface SparkClusterProps {
  readonly names: RegionResolver;
  /** `lake` (S3 SSE-KMS), `compute` (local disks, EBS, artifacts bucket) and `logs` (EMR log archive). */
  readonly keys: RegionKeys;
  /** The cluster runs in its first app subnet. */
  readonly network: Network;
  /** The only buckets the cluster reads and writes; `logs` receives the cluster logs. */
  readonly lake: LakeBuckets;
  /** Where the search-reindex job writes. */
  readonly search: SearchDomain;
  /** Where the embeddings job writes. */
  readonly vector: VectorStore;
  /** The region's Kafka, for exact topic ARNs and broker addresses. @default - by resolver name (see `SparkKafka`) */
  readonly kafka?: SparkKafka;
  /** EBS volume per core node, GiB. @default 256 */
  readonly coreVolumeSizeGiB?: number;
  /** Root volume per node, GiB. @default 32 */
  readonly rootVolumeSizeGiB?: number;
  /** Steps that may run at once: the streaming jobs and the daily batches must not queue behind each other. @default 4 */
  readonly stepConcurrencyLevel?: number;
}

/**
 * EMR configuration classifications of every cluster: Hudi's write defaults go to `hudi-defaults`
 * (`/etc/hudi/conf/hudi-defaults.conf`), the one place Hudi reads options that are not passed to a write.
 */
export function clusterConfigurations(): Array<{ Classification: string; Properties: Record<string, string> }> {
  return [{ Classification: "hudi-defaults", Properties: { ...HUDI_WRITE_DEFAULTS } }];
}

/**
 * The region's Spark cluster (the seeds' region-specific EMR cluster): private
 * subnet, security configuration with at-rest (S3 SSE-KMS with the lake key,
 * local disks and EBS with the compute key) and in-transit (TLS) encryption,
 * block public access, logs in the region's `logs` bucket, and an instance role
 * that reaches only this region's lake. Each job runs as its own EMR runtime
 * role with only what it needs; the resolved job specs are published in-region
 * as SSM parameters for the central orchestrator to submit.
 */
export class SparkCluster extends Construct {
  readonly cluster: EmrCluster;
  readonly clusterName: string;
  readonly securityConfiguration: EmrSecurityConfiguration;
  readonly serviceRole: IamRole;
  readonly instanceRole: IamRole;
  readonly instanceProfile: IamInstanceProfile;
  /** EMR runtime role of each job. */
  readonly jobRoles: Readonly<Record<SparkJob, IamRole>>;
  readonly artifacts: SecureBucket;
  readonly specs: Readonly<Record<SparkJob, JobSpec>>;
  readonly specParameters: Readonly<Record<SparkJob, SsmParameter>>;

  constructor(scope: Construct, id: string, props: SparkClusterProps) {
    super(scope, id);
    const { names, keys, network, lake } = props;
    const region = names.region;
    const sizing = region.spark;
    this.clusterName = names.emrClusterName;
    const clusterTags = { [EMR_CLUSTER_TAG]: this.clusterName, [EMR_MANAGED_POLICY_TAG]: "true" };

    this.artifacts = new SecureBucket(this, "Artifacts", {
      bucketName: names.sparkArtifactsBucket,
      encryption: keys.compute,
      accessLogs: { bucket: lake.logs, prefix: `${ACCESS_LOG_PREFIX}spark-artifacts/` },
    });
    const bucketOf = (loc: JobLocation): SecureBucket => (loc.bucket === "artifacts" ? this.artifacts : lake.all[loc.bucket]);

    // EMR adds the rules it needs to its managed groups itself; Terraform only creates them.
    const managedGroup = (groupId: string, role: string, description: string) =>
      new SecurityGroup(this, groupId, {
        name: names.name("spark", [role], "securityGroup"),
        description,
        vpcId: network.vpc.id,
        revokeRulesOnDelete: true,
        tags: { [EMR_MANAGED_POLICY_TAG]: "true" },
        lifecycle: { ignoreChanges: ["ingress", "egress"] },
      });
    const primaryGroup = managedGroup("PrimarySecurityGroup", "primary", "EMR-managed: primary node of the region's Spark cluster");
    const coreGroup = managedGroup("CoreSecurityGroup", "core", "EMR-managed: core nodes of the region's Spark cluster");
    const serviceGroup = managedGroup("ServiceAccessSecurityGroup", "service-access", "EMR-managed: service access to the cluster in a private subnet");

    this.instanceRole = new IamRole(this, "InstanceRole", {
      name: names.name("spark-instance", [], "iamRole"),
      description: `EC2 instances of ${this.clusterName}: this region's lake buckets and keys only`,
      assumeRolePolicy: serviceTrustPolicy("ec2.amazonaws.com"),
    });
    this.instanceProfile = new IamInstanceProfile(this, "InstanceProfile", { name: names.name("spark-instance", [], "iamRole"), role: this.instanceRole.name });

    const jobRoles = {} as Record<SparkJob, IamRole>;
    const access = sparkJobAccess(names);
    for (const job of SPARK_JOBS) {
      jobRoles[job] = new IamRole(this, JOB_ROLE_IDS[job], {
        name: names.sparkJobRoleName(job),
        description: `EMR runtime role of the ${job} Spark job in region ${names.id}`,
        assumeRolePolicy: trustPolicyDocument([
          { Effect: "Allow", Principal: { AWS: this.instanceRole.arn }, Action: ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"] },
        ]),
      });
      const statements = jobStatements(names, access[job], bucketOf, kafkaArns(names, props.kafka));
      new IamRolePolicy(this, `${JOB_ROLE_IDS[job]}Policy`, { role: jobRoles[job].id, name: `${job}-access`, policy: policyDocument(statements) });
      if (access[job].searchWrite) props.search.grantWrite(jobRoles[job]);
      if (access[job].vectorWrite) props.vector.grantWrite(jobRoles[job]);
    }
    this.jobRoles = jobRoles;

    const lakeBuckets = [lake.raw, lake.lake, lake.sanitized];
    const instancePolicy = new IamRolePolicy(this, "InstanceRolePolicy", {
      role: this.instanceRole.id,
      name: "regional-lake-only",
      policy: policyDocument([
        { Sid: "ListLake", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: lakeBuckets.map((b) => b.arn) },
        {
          Sid: "ReadWriteLake",
          Effect: "Allow",
          Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
          Resource: lakeBuckets.map((b) => `${b.arn}/*`),
        },
        { Sid: "WriteClusterLogs", Effect: "Allow", Action: ["s3:PutObject"], Resource: `${lake.logs.arn}/${EMR_LOG_PREFIX}*` },
        { Sid: "ReadArtifacts", Effect: "Allow", Action: ["s3:GetObject"], Resource: `${this.artifacts.arn}/*` },
        keyUse("UseLakeKey", keys.lake),
        keyUse("UseComputeKey", keys.compute),
        { Sid: "EncryptClusterLogs", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Encrypt", "kms:DescribeKey"], Resource: keys.logs.arn },
        {
          Sid: "DescribeOwnCluster",
          Effect: "Allow",
          Action: ["elasticmapreduce:DescribeCluster", "elasticmapreduce:ListInstanceGroups", "elasticmapreduce:ListInstances", "elasticmapreduce:ListBootstrapActions"],
          Resource: `${names.arnPrefix("elasticmapreduce")}cluster/*`,
          Condition: { StringEquals: { [`aws:ResourceTag/${EMR_CLUSTER_TAG}`]: this.clusterName } },
        },
        {
          Sid: "AssumeJobRuntimeRoles",
          Effect: "Allow",
          Action: ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"],
          Resource: SPARK_JOBS.map((job) => jobRoles[job].arn),
        },
      ]),
    });

    this.serviceRole = new IamRole(this, "ServiceRole", {
      name: names.name("spark-service", [], "iamRole"),
      description: `EMR service role of ${this.clusterName}`,
      assumeRolePolicy: serviceTrustPolicy("elasticmapreduce.amazonaws.com", region.accountId),
    });
    const serviceManaged = new IamRolePolicyAttachment(this, "ServiceRoleManagedPolicy", { role: this.serviceRole.name, policyArn: EMR_SERVICE_POLICY_ARN });
    const servicePolicy = new IamRolePolicy(this, "ServiceRolePolicy", {
      role: this.serviceRole.id,
      name: "pass-instance-role-and-encrypt-volumes",
      policy: policyDocument([
        {
          Sid: "PassInstanceRole",
          Effect: "Allow",
          Action: "iam:PassRole",
          Resource: this.instanceRole.arn,
          Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } },
        },
        keyUse("EncryptVolumes", keys.compute),
        {
          Sid: "GrantVolumeEncryption",
          Effect: "Allow",
          Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
          Resource: keys.compute.arn,
          Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
        },
      ]),
    });

    this.securityConfiguration = new EmrSecurityConfiguration(this, "SecurityConfiguration", {
      name: names.name("spark", ["security"]),
      configuration: JSON.stringify({
        EncryptionConfiguration: {
          EnableAtRestEncryption: true,
          EnableInTransitEncryption: true,
          AtRestEncryptionConfiguration: {
            S3EncryptionConfiguration: { EncryptionMode: "SSE-KMS", AwsKmsKey: keys.lake.arn },
            LocalDiskEncryptionConfiguration: { EncryptionKeyProviderType: "AwsKms", AwsKmsKey: keys.compute.arn, EnableEbsEncryption: true },
          },
          InTransitEncryptionConfiguration: {
            TLSCertificateConfiguration: { CertificateProviderType: "PEM", S3Object: `s3://${names.sparkArtifactsBucket}/${TLS_CERTIFICATES_KEY}` },
          },
        },
        // Steps run as their job's runtime role, not as the instance role.
        AuthorizationConfiguration: { IAMConfiguration: { EnableApplicationScopedIAMRole: true, ApplicationScopedIAMRoleConfiguration: { PropagateSourceIdentity: true } } },
        InstanceMetadataServiceConfiguration: { MinimumInstanceMetadataServiceVersion: 2, HttpPutResponseHopLimit: 2 },
      }),
    });

    // One per account and AWS region; no port is exempt, not even 22.
    new EmrBlockPublicAccessConfiguration(this, "BlockPublicAccess", { blockPublicSecurityGroupRules: true });

    const volume = (size: number) => [{ size, type: "gp3", volumesPerInstance: 1 }];
    const appSubnet = network.appSubnets[0]!;
    this.cluster = new EmrCluster(this, "Resource", {
      name: this.clusterName,
      releaseLabel: sizing.releaseLabel,
      // Hudi ships with Spark on EMR (>= 5.28); the job specs load its bundle.
      applications: ["Hadoop", "Spark"],
      serviceRole: this.serviceRole.arn,
      securityConfiguration: this.securityConfiguration.name,
      logUri: `s3://${lake.logs.bucketName}/${EMR_LOG_PREFIX}`,
      logEncryptionKmsKeyId: keys.logs.arn,
      terminationProtection: true,
      keepJobFlowAliveWhenNoSteps: true,
      configurationsJson: JSON.stringify(clusterConfigurations()),
      stepConcurrencyLevel: props.stepConcurrencyLevel ?? 4,
      unhealthyNodeReplacement: true,
      ebsRootVolumeSize: props.rootVolumeSizeGiB ?? 32,
      ec2Attributes: {
        subnetId: appSubnet.subnet.id,
        instanceProfile: this.instanceProfile.arn,
        emrManagedMasterSecurityGroup: primaryGroup.id,
        emrManagedSlaveSecurityGroup: coreGroup.id,
        serviceAccessSecurityGroup: serviceGroup.id,
      },
      masterInstanceGroup: { instanceType: sizing.primaryInstanceType, instanceCount: 1, ebsConfig: volume(64) },
      coreInstanceGroup: { instanceType: sizing.coreInstanceType, instanceCount: sizing.coreInstanceCount, ebsConfig: volume(props.coreVolumeSizeGiB ?? 256) },
      tags: clusterTags,
      // EMR checks its roles' permissions when it creates the cluster.
      dependsOn: [serviceManaged, servicePolicy, instancePolicy],
    });

    this.specs = sparkJobSpecs(names, { search: props.search.endpoint, vector: props.vector.endpoint, kafkaBootstrap: props.kafka?.bootstrapBrokersIam });
    const params = {} as Record<SparkJob, SsmParameter>;
    for (const job of SPARK_JOBS) {
      params[job] = new SsmParameter(this, `${JOB_ROLE_IDS[job]}Spec`, {
        name: names.jobSpecParameter(job),
        description: `Resolved ${job} Spark job for region ${names.id}; no secrets`,
        type: "String",
        tier: "Standard",
        value: JSON.stringify(this.specs[job]),
      });
    }
    this.specParameters = params;
  }
}

/** Construct ids of the per-job resources (literal, as construct ids must be). */
const JOB_ROLE_IDS: Readonly<Record<SparkJob, string>> = {
  "cdc-ingest": "CdcIngestJob",
  "search-reindex": "SearchReindexJob",
  embeddings: "EmbeddingsJob",
  sanitize: "SanitizeJob",
};

function keyUse(sid: string, key: RegionalKey): PolicyStatement {
  return { Sid: sid, Effect: "Allow", Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*", "kms:DescribeKey"], Resource: key.arn };
}

/** A job runtime role's statements: its topics on this region's MSK cluster, its S3 prefixes, and the keys of those buckets (through S3 only). */
/** MSK IAM resource ARNs of this region's cluster: exact when the Kafka construct is passed, else by cluster name. */
function kafkaArns(names: RegionResolver, kafka?: SparkKafka): SparkKafka {
  if (kafka) return kafka;
  const prefix = `${names.arnPrefix("kafka")}`;
  const cluster = names.mskClusterName;
  return {
    bootstrapBrokersIam: "",
    clusterArn: `${prefix}cluster/${cluster}/*`,
    topicArn: (t) => `${prefix}topic/${cluster}/*/${t}`,
    groupArn: (g) => `${prefix}group/${cluster}/*/${g}`,
  };
}

function jobStatements(names: RegionResolver, access: JobAccess, bucketOf: (loc: JobLocation) => SecureBucket, kafka: SparkKafka): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  const objects = (locs: readonly JobLocation[]) => locs.map((loc) => `${bucketOf(loc).arn}/${loc.prefix}*`);
  const all = [...access.read, ...access.write];
  // One ListBucket per bucket, limited to the job's prefixes in it.
  for (const bucket of uniqueBy(all.map(bucketOf), (b) => b.node.path)) {
    const prefixes = all.filter((loc) => bucketOf(loc) === bucket).map((loc) => `${loc.prefix}*`);
    statements.push({ Effect: "Allow", Action: "s3:ListBucket", Resource: bucket.arn, Condition: { StringLike: { "s3:prefix": [...new Set(prefixes)] } } });
  }
  if (access.read.length > 0) statements.push({ Sid: "ReadObjects", Effect: "Allow", Action: "s3:GetObject", Resource: objects(access.read) });
  if (access.write.length > 0)
    statements.push({ Sid: "WriteObjects", Effect: "Allow", Action: ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"], Resource: objects(access.write) });
  const usedKeys = uniqueBy(
    all.flatMap((loc) => bucketOf(loc).key ?? []),
    (k) => k.node.path,
  );
  statements.push({
    Sid: "UseBucketKeysThroughS3",
    Effect: "Allow",
    Action: ["kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"],
    Resource: usedKeys.map((k) => k.arn),
    Condition: { StringEquals: { "kms:ViaService": `s3.${names.region.awsRegion}.amazonaws.com` } },
  });
  if (access.shardMapRead)
    statements.push({
      Sid: "ReadShardMap",
      Effect: "Allow",
      Action: ["ssm:GetParameter", "ssm:GetParametersByPath"],
      // The shard-map tree: g1's header, the serving pointer, every generation's header and per-database entries.
      Resource: [`${names.arnPrefix("ssm")}parameter${names.shardMapParameter}`, `${names.arnPrefix("ssm")}parameter${names.shardMapParameter}/*`],
    });
  if (access.readTopics.length > 0) {
    statements.push(
      {
        Sid: "ConnectToRegionalKafka",
        Effect: "Allow",
        Action: ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster", "kafka:DescribeClusterV2", "kafka:GetBootstrapBrokers"],
        Resource: kafka.clusterArn,
      },
      { Sid: "ReadTopics", Effect: "Allow", Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"], Resource: access.readTopics.map((t) => kafka.topicArn(t)) },
      { Sid: "OwnConsumerGroup", Effect: "Allow", Action: ["kafka-cluster:AlterGroup", "kafka-cluster:DescribeGroup"], Resource: kafka.groupArn(access.consumerGroup ?? "") },
    );
  }
  return statements;
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}
