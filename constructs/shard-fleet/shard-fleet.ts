import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbInstanceAutomatedBackupsReplication } from "@cdktf/provider-aws/lib/db-instance-automated-backups-replication";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Fn, TerraformLocal, TerraformStack, Token, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import type { RegionResolver } from "../../regions/resolvers.js";
import { FIRST_GENERATION, generationConstructId, isLegacyFleet, mapEpoch, servingGeneration, type FleetGeneration } from "../../regions/fleet.js";
import { buildShardMap, type ShardMap } from "../../regions/shard-map.js";
import { policyDocument, serviceTrustPolicy } from "../iam/policy.js";
import type { RegionKeys } from "../keys/region-keys.js";
import { RegionalKey } from "../keys/regional-key.js";
import type { Network } from "../network/network.js";
import { shardParameters } from "./parameters.js";
import { databaseEndpoints, pgbouncerIni, POOLER_AUTH_USER, POOLER_PORT, poolerDatabasesExpression, poolerUserData, SHARD_DATABASE_NAME } from "./pgbouncer.js";

export const POSTGRES_PORT = 5432;
/** Log types RDS exports to CloudWatch; the kit creates their log groups first (encrypted, with retention). */
export const POSTGRES_LOG_EXPORTS = ["postgresql", "upgrade"] as const;
/** AL2023 (arm64, for the Graviton pooler types) resolved by EC2 at launch, so planning needs no AMI lookup. */
export const POOLER_IMAGE = "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64";
const ENHANCED_MONITORING_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole";

export interface ShardFleetProps {
  readonly names: RegionResolver;
  readonly network: Network;
  /** `database` encrypts storage, Performance Insights, master secrets; `compute` the pooler disks; `logs` the log groups. */
  readonly keys: RegionKeys;
  /**
   * Provider of the region's backup AWS region (the stack's `backup` alias). Needed only
   * when the manifest sets `shardFleet.replicateBackupsToBackupRegion`.
   * @default - none; backup replication is then refused
   */
  readonly backupProvider?: TerraformProvider;
  /** Enhanced Monitoring granularity, seconds (1, 5, 10, 15, 30 or 60). @default 60 */
  readonly monitoringIntervalSeconds?: number;
  /** Days Postgres logs are kept in CloudWatch. @default 365 */
  readonly logRetentionDays?: number;
  /** Retained WAL per replication slot, as a share of allocated storage, so a stalled CDC slot cannot fill the disk. @default 0.1 */
  readonly maxSlotWalShareOfStorage?: number;
}

/** The resources of one fleet generation. */
export interface ShardFleetGeneration {
  readonly generation: FleetGeneration;
  /** Index - 1 = physical index - 1 within the generation. */
  readonly instances: readonly DbInstance[];
  readonly parameterGroup: DbParameterGroup;
  /** Secrets Manager ARNs of the RDS-managed master passwords, by physical index - 1. */
  readonly masterSecretArns: readonly string[];
  /** The generation's shard map with writer endpoints as Terraform references. */
  readonly shardMap: ShardMap;
  readonly shardMapParameter: SsmParameter;
}

/**
 * The region's Postgres shard fleet: for each fleet generation,
 * `physicalDatabases` RDS PostgreSQL instances holding `logicalShards` schemas
 * in contiguous ranges with their own parameter group (logical replication for
 * CDC, TLS only, bounded slot WAL) and shard map in SSM; one PgBouncer tier
 * behind an internal NLB that routes by the serving generation's map.
 */
export class ShardFleet extends Construct {
  /** Every declared generation's resources, oldest first. */
  readonly generations: readonly ShardFleetGeneration[];
  /** Instances of the first declared generation (see `generations` for the others). */
  readonly instances: readonly DbInstance[];
  /** Security group of the databases: 5432 from the pooler and from `clientSecurityGroup` only. */
  readonly securityGroup: SecurityGroup;
  /** Attach to direct database clients (CDC connectors, migrations): may reach the databases and the pooler. */
  readonly clientSecurityGroup: SecurityGroup;
  readonly poolerSecurityGroup: SecurityGroup;
  /** Parameter group of the first declared generation. */
  readonly parameterGroup: DbParameterGroup;
  readonly subnetGroup: DbSubnetGroup;
  readonly monitoringRole: IamRole;
  /** Master secret ARNs of the first declared generation. */
  readonly masterSecretArns: readonly string[];
  /** The serving generation's shard map (what the pooler routes by), endpoints as Terraform references. */
  readonly shardMap: ShardMap;
  /** The pooler's internal NLB; clients connect to `${dnsName}:6432`. */
  readonly pooler: Lb;
  readonly poolerAuthSecret: SecretsmanagerSecret;
  /** The first declared generation's map header parameter. */
  readonly shardMapParameter: SsmParameter;
  /** Names the serving generation and epoch; absent for the single pre-generation g1. */
  readonly servingParameter?: SsmParameter;
  readonly backupKey?: RegionalKey;
  readonly backupReplications: readonly DbInstanceAutomatedBackupsReplication[];

  constructor(scope: Construct, id: string, props: ShardFleetProps) {
    super(scope, id);
    const { names, network, keys } = props;
    const region = names.region;
    const fleet = region.shardFleet;

    this.subnetGroup = new DbSubnetGroup(this, "SubnetGroup", {
      name: names.name("shard"),
      description: `Private data subnets of region ${region.id} for the shard databases`,
      subnetIds: network.dataSubnetIds,
    });

    this.securityGroup = new SecurityGroup(this, "SecurityGroup", {
      name: names.name("shard-db", [], "securityGroup"),
      description: "Shard databases: Postgres from the pooler and database clients only",
      vpcId: network.vpc.id,
    });
    this.poolerSecurityGroup = new SecurityGroup(this, "PoolerSecurityGroup", {
      name: names.name("shard-pooler", [], "securityGroup"),
      description: "PgBouncer instances: clients from inside the VPC, Postgres to the shard databases",
      vpcId: network.vpc.id,
    });
    this.clientSecurityGroup = new SecurityGroup(this, "ClientSecurityGroup", {
      name: names.name("shard-client", [], "securityGroup"),
      description: "Direct shard database clients (CDC, migrations)",
      vpcId: network.vpc.id,
    });
    const lbSecurityGroup = new SecurityGroup(this, "PoolerLbSecurityGroup", {
      name: names.name("shard-pooler-lb", [], "securityGroup"),
      description: "Internal NLB of the PgBouncer tier: clients from inside the VPC",
      vpcId: network.vpc.id,
    });
    this.connectionRules(region.cidr, lbSecurityGroup, network);

    this.monitoringRole = new IamRole(this, "MonitoringRole", {
      name: names.name("shard-monitoring", [], "iamRole"),
      assumeRolePolicy: serviceTrustPolicy("monitoring.rds.amazonaws.com", region.accountId),
    });
    new IamRolePolicyAttachment(this, "MonitoringRolePolicy", { role: this.monitoringRole.name, policyArn: ENHANCED_MONITORING_POLICY });

    const built = fleet.generations.map((generation) => this.generationDatabases(props, generation));
    this.instances = built[0]!.instances;
    this.parameterGroup = built[0]!.parameterGroup;
    this.masterSecretArns = built[0]!.instances.map((db) => db.masterUserSecret.get(0).secretArn);
    const serving = servingGeneration(region);
    this.shardMap = built.find((b) => b.generation === serving)!.shardMap;

    const replications: DbInstanceAutomatedBackupsReplication[] = [];
    if (fleet.replicateBackupsToBackupRegion) {
      if (!region.backupRegion || !props.backupProvider)
        throw new Error(
          `region ${region.id}: shardFleet.replicateBackupsToBackupRegion is true but ${region.backupRegion ? "no backup provider was passed to ShardFleet" : "the region has no backupRegion"}; set backupRegion to an AWS region of jurisdiction ${region.jurisdiction} or turn replication off`,
        );
      this.backupKey = new RegionalKey(this, "BackupKey", {
        aliasName: names.name("key", ["database", "backup"], "kmsAlias"),
        description: `regionkit ${names.id} shard database backups, replicated copy (${region.backupRegion})`,
        accountId: region.accountId,
        awsRegion: region.backupRegion,
        provider: props.backupProvider,
      });
      for (const { generation, instances } of built)
        instances.forEach((db, i) =>
          replications.push(
            new DbInstanceAutomatedBackupsReplication(this, generationConstructId(generation, `Database${i + 1}BackupReplication`), {
              provider: props.backupProvider,
              sourceDbInstanceArn: db.arn,
              kmsKeyId: this.backupKey!.arn,
              retentionPeriod: fleet.backupRetentionDays,
            }),
          ),
        );
    }
    this.backupReplications = replications;

    this.poolerAuthSecret = new SecretsmanagerSecret(this, "PoolerAuthSecret", {
      name: names.name("shard-pooler-auth", [], "secret"),
      description: `Password of ${POOLER_AUTH_USER}, the login PgBouncer uses for auth_query; set by the database bootstrap`,
      kmsKeyId: keys.database.arn,
      recoveryWindowInDays: 30,
      // Its value is set by the database bootstrap, outside Terraform: a destroy would lose it.
      lifecycle: { preventDestroy: true },
    });
    this.pooler = this.poolerTier(props, lbSecurityGroup);

    this.generations = built.map((b) => ({
      ...b,
      masterSecretArns: b.instances.map((db) => db.masterUserSecret.get(0).secretArn),
      shardMapParameter: this.publishShardMap(names, b.generation, b.shardMap),
    }));
    this.shardMapParameter = this.generations[0]!.shardMapParameter;
    if (!isLegacyFleet(region)) this.servingParameter = this.publishServing(names);
  }

  /**
   * One generation's parameter group, log groups and instances. g1 keeps the
   * construct ids and names it had before generations (its Terraform
   * addresses must not move); g2 and later prefix theirs with the generation.
   */
  private generationDatabases(props: ShardFleetProps, generation: FleetGeneration): Omit<ShardFleetGeneration, "masterSecretArns" | "shardMapParameter"> {
    const { names, keys } = props;
    const fleet = names.region.shardFleet;
    const family = `postgres${fleet.engineVersion.split(".")[0]}`;
    const cid = (id: string) => generationConstructId(generation, id);
    const first = generation.id === FIRST_GENERATION;
    const walShare = props.maxSlotWalShareOfStorage ?? 0.1;
    const parameterGroup = new DbParameterGroup(this, cid("ParameterGroup"), {
      name: names.name("shard", first ? [family] : [generation.id, family], "dbParameterGroup"),
      family,
      description: `Shard fleet${first ? "" : ` ${generation.id}`}: logical replication for CDC, TLS only, bounded slot WAL`,
      parameter: shardParameters({ storageGiB: generation.storageGiB, maxSlotWalShareOfStorage: walShare }),
      lifecycle: { createBeforeDestroy: true },
    });

    const logRetentionDays = props.logRetentionDays ?? 365;
    const instances: DbInstance[] = [];
    for (let index = 1; index <= generation.physicalDatabases; index++) {
      const identifier = names.shardDatabaseId(index, generation.id);
      // RDS would create these on first export, unencrypted and kept forever; creating them first sets key and retention.
      const logGroups = POSTGRES_LOG_EXPORTS.map(
        (type) =>
          new CloudwatchLogGroup(this, cid(`Database${index}${type === "postgresql" ? "Postgresql" : "Upgrade"}Logs`), {
            name: `/aws/rds/instance/${identifier}/${type}`,
            kmsKeyId: keys.logs.arn,
            retentionInDays: logRetentionDays,
          }),
      );
      instances.push(
        new DbInstance(this, cid(`Database${index}`), {
          identifier,
          engine: "postgres",
          engineVersion: fleet.engineVersion,
          instanceClass: generation.instanceClass,
          dbName: SHARD_DATABASE_NAME,
          port: POSTGRES_PORT,
          allocatedStorage: generation.storageGiB,
          maxAllocatedStorage: generation.maxStorageGiB,
          storageType: "gp3",
          storageEncrypted: true,
          kmsKeyId: keys.database.arn,
          multiAz: true,
          dbSubnetGroupName: this.subnetGroup.name,
          parameterGroupName: parameterGroup.name,
          vpcSecurityGroupIds: [this.securityGroup.id],
          publiclyAccessible: false,
          networkType: "IPV4",
          caCertIdentifier: "rds-ca-rsa2048-g1",
          username: "shard_admin",
          manageMasterUserPassword: true,
          masterUserSecretKmsKeyId: keys.database.arn,
          iamDatabaseAuthenticationEnabled: true,
          deletionProtection: true,
          skipFinalSnapshot: false,
          finalSnapshotIdentifier: `${identifier}-final`,
          deleteAutomatedBackups: false,
          backupRetentionPeriod: fleet.backupRetentionDays,
          backupWindow: "02:00-03:00",
          maintenanceWindow: "sun:04:00-sun:05:00",
          copyTagsToSnapshot: true,
          autoMinorVersionUpgrade: true,
          allowMajorVersionUpgrade: false,
          performanceInsightsEnabled: true,
          performanceInsightsKmsKeyId: keys.database.arn,
          performanceInsightsRetentionPeriod: 7,
          monitoringInterval: props.monitoringIntervalSeconds ?? 60,
          monitoringRoleArn: this.monitoringRole.arn,
          enabledCloudwatchLogsExports: [...POSTGRES_LOG_EXPORTS],
          dependsOn: logGroups,
          lifecycle: { preventDestroy: true },
        }),
      );
    }
    const shardMap = buildShardMap(names.region, names.namespace, {
      generation: generation.id,
      endpointOf: (index) => {
        const db = instances[index - 1]!;
        return `${db.address}:${Token.asString(db.port)}`;
      },
    });
    return { generation, instances, parameterGroup, shardMap };
  }

  /** Security-group rules as separate resources: the groups reference each other. */
  private connectionRules(vpcCidr: string, lbSecurityGroup: SecurityGroup, network: Network): void {
    const tcp = (port: number) => ({ ipProtocol: "tcp", fromPort: port, toPort: port });
    const rule =
      (Rule: typeof VpcSecurityGroupIngressRule | typeof VpcSecurityGroupEgressRule) =>
      (id: string, group: SecurityGroup, port: number, peer: SecurityGroup | string, description: string) =>
        new Rule(this, id, {
          securityGroupId: group.id,
          ...tcp(port),
          ...(typeof peer === "string" ? { cidrIpv4: peer } : { referencedSecurityGroupId: peer.id }),
          description,
        });
    const ingress = rule(VpcSecurityGroupIngressRule);
    const egress = rule(VpcSecurityGroupEgressRule);
    ingress("DatabaseFromPooler", this.securityGroup, POSTGRES_PORT, this.poolerSecurityGroup, "Postgres from PgBouncer");
    ingress("DatabaseFromClients", this.securityGroup, POSTGRES_PORT, this.clientSecurityGroup, "Postgres from CDC and other direct clients");
    ingress("LbFromVpc", lbSecurityGroup, POOLER_PORT, vpcCidr, "PgBouncer clients inside the region VPC");
    egress("LbToPooler", lbSecurityGroup, POOLER_PORT, this.poolerSecurityGroup, "To the PgBouncer instances");
    ingress("PoolerFromLb", this.poolerSecurityGroup, POOLER_PORT, lbSecurityGroup, "PgBouncer from its NLB");
    egress("PoolerToDatabases", this.poolerSecurityGroup, POSTGRES_PORT, this.securityGroup, "Postgres to the shard databases");
    egress("PoolerToEndpoints", this.poolerSecurityGroup, 443, vpcCidr, "AWS APIs through the VPC interface endpoints");
    // Packages come from the AL2023 repositories in S3, reached through the S3 gateway endpoint.
    new VpcSecurityGroupEgressRule(this, "PoolerToS3", {
      securityGroupId: this.poolerSecurityGroup.id,
      ...tcp(443),
      prefixListId: network.gatewayEndpoints.s3.prefixListId,
      description: "Package repositories through the S3 gateway endpoint",
    });
    egress("ClientToDatabases", this.clientSecurityGroup, POSTGRES_PORT, this.securityGroup, "Postgres to the shard databases");
    egress("ClientToPooler", this.clientSecurityGroup, POOLER_PORT, lbSecurityGroup, "To the PgBouncer NLB");
  }

  /** PgBouncer on an Auto Scaling group behind an internal NLB, configured from the shard map. */
  private poolerTier(props: ShardFleetProps, lbSecurityGroup: SecurityGroup): Lb {
    const { names, network, keys } = props;
    const region = names.region;
    const fleet = region.shardFleet;

    const role = new IamRole(this, "PoolerRole", {
      name: names.name("shard-pooler", [], "iamRole"),
      // EC2 sends no source account when an instance assumes its role (see serviceTrustPolicy).
      assumeRolePolicy: serviceTrustPolicy("ec2.amazonaws.com"),
    });
    new IamRolePolicy(this, "PoolerRolePolicy", {
      role: role.id,
      name: "read-pooler-auth-secret",
      policy: policyDocument([
        { Sid: "ReadAuthSecret", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: this.poolerAuthSecret.arn },
        {
          Sid: "DecryptAuthSecret",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: keys.database.arn,
          Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${region.awsRegion}.amazonaws.com` } },
        },
      ]),
    });
    const profile = new IamInstanceProfile(this, "PoolerInstanceProfile", { name: names.name("shard-pooler", [], "iamRole"), role: role.name });

    const connectionsPerInstance = 10_000;
    // Terraform renders the 480 entries from one reference per database endpoint (see poolerDatabasesExpression).
    const endpoints = new TerraformLocal(this, "PoolerDatabaseEndpoints", databaseEndpoints(this.shardMap));
    const databases = new TerraformLocal(this, "PoolerDatabases", poolerDatabasesExpression(this.shardMap, endpoints.asString));
    const ini = pgbouncerIni(this.shardMap, { defaultPoolSize: 20, maxClientConnections: connectionsPerInstance }, databases.asString);
    const template = new LaunchTemplate(this, "PoolerLaunchTemplate", {
      name: names.name("shard-pooler"),
      description: "PgBouncer in front of the shard fleet",
      imageId: POOLER_IMAGE,
      instanceType: fleet.poolerInstanceType,
      iamInstanceProfile: { arn: profile.arn },
      vpcSecurityGroupIds: [this.poolerSecurityGroup.id],
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
      blockDeviceMappings: [
        {
          deviceName: "/dev/xvda",
          ebs: { encrypted: "true", kmsKeyId: keys.compute.arn, volumeSize: 20, volumeType: "gp3", deleteOnTermination: "true" },
        },
      ],
      monitoring: { enabled: true },
      // gzip: one entry per logical shard (480 lines) exceeds EC2's 16 KB user data limit uncompressed; cloud-init unpacks it.
      userData: Fn.base64gzip(poolerUserData(ini, this.poolerAuthSecret.arn, region.awsRegion)),
      updateDefaultVersion: true,
      tagSpecifications: [{ resourceType: "instance", tags: { Name: names.name("shard-pooler") } }],
    });

    const lb = new Lb(this, "PoolerLoadBalancer", {
      name: names.name("pgbouncer"),
      internal: true,
      loadBalancerType: "network",
      subnets: network.appSubnetIds,
      securityGroups: [lbSecurityGroup.id],
      enableCrossZoneLoadBalancing: true,
      enableDeletionProtection: true,
    });
    const targets = new LbTargetGroup(this, "PoolerTargets", {
      name: names.name("pgbouncer"),
      port: POOLER_PORT,
      protocol: "TCP",
      targetType: "instance",
      vpcId: network.vpc.id,
      healthCheck: { protocol: "TCP", port: String(POOLER_PORT), interval: 10, healthyThreshold: 3, unhealthyThreshold: 3 },
      deregistrationDelay: "60",
    });
    new LbListener(this, "PoolerListener", {
      loadBalancerArn: lb.arn,
      port: POOLER_PORT,
      protocol: "TCP",
      defaultAction: [{ type: "forward", targetGroupArn: targets.arn }],
    });
    new AutoscalingGroup(this, "PoolerGroup", {
      name: names.name("shard-pooler"),
      minSize: fleet.poolerInstances,
      maxSize: fleet.poolerInstances,
      desiredCapacity: fleet.poolerInstances,
      vpcZoneIdentifier: network.appSubnetIds,
      launchTemplate: { id: template.id, version: template.latestVersion.toString() },
      targetGroupArns: [targets.arn],
      healthCheckType: "ELB",
      healthCheckGracePeriod: 180,
      instanceRefresh: { strategy: "Rolling", preferences: { minHealthyPercentage: 66 } },
      // Provider default tags reach neither an Auto Scaling group nor the instances it launches: copy them.
      tag: Object.entries({ ...stackDefaultTags(this), Name: names.name("shard-pooler") }).map(([key, value]) => ({ key, value, propagateAtLaunch: true })),
    });
    return lb;
  }

  /**
   * The shard map in SSM, in-region: a header at `shardMapParameter` and one
   * parameter per physical database under it. One document would not fit: the
   * 96-database map is ~18 KB, SSM's limit is 8 KB. Plain `String`: the map
   * holds host names and schema ranges, no credentials, and every consumer (CDC,
   * Spark, applications) then needs only `ssm:GetParameter*`, no grant on the
   * database key.
   */
  private publishShardMap(names: RegionResolver, generation: FleetGeneration, map: ShardMap): SsmParameter {
    const cid = (id: string) => generationConstructId(generation, id);
    const first = generation.id === FIRST_GENERATION;
    const header = new SsmParameter(this, cid("ShardMapParameter"), {
      name: names.shardMapParameterOf(generation.id),
      description: `Shard map of region ${names.id}${first ? "" : ` generation ${generation.id}`} (header; one entry per database under ${names.shardMapDatabasesPathOf(generation.id)})`,
      type: "String",
      tier: "Standard",
      value: JSON.stringify({
        version: map.version,
        region: map.region,
        // g1's header predates epochs: readers take a missing epoch as 1 (generation g1), so g1 stacks stay unchanged.
        ...(first ? {} : { generation: map.generation, epoch: map.epoch }),
        logicalShards: map.logicalShards,
        physicalDatabases: map.physicalDatabases,
        shardsPerDatabase: map.shardsPerDatabase,
        databaseName: SHARD_DATABASE_NAME,
        databasesPath: names.shardMapDatabasesPathOf(generation.id),
        pooler: `${this.pooler.dnsName}:${POOLER_PORT}`,
      }),
    });
    for (const d of map.databases)
      new SsmParameter(this, cid(`Database${d.index}MapEntry`), {
        name: names.shardMapDatabaseParameter(d.index, generation.id),
        description: `Shard map entry of ${d.identifier}`,
        type: "String",
        tier: "Standard",
        value: JSON.stringify(d),
      });
    return header;
  }

  /** Which generation serves, at which epoch, and where its map is: the pointer readers follow across a reshard. */
  private publishServing(names: RegionResolver): SsmParameter {
    const region = names.region;
    const serving = servingGeneration(region);
    return new SsmParameter(this, "ShardMapServing", {
      name: names.shardMapServingParameter,
      description: `Serving shard map of region ${names.id}: generation, map epoch and its parameter`,
      type: "String",
      tier: "Standard",
      value: JSON.stringify({
        epoch: mapEpoch(region),
        generation: serving.id,
        parameter: names.shardMapParameterOf(serving.id),
        ...(region.shardFleet.reshard ? { reshard: region.shardFleet.reshard } : {}),
      }),
    });
  }
}

/** The default tags of the stack's primary AWS provider (none when the stack has no such provider). */
function stackDefaultTags(scope: Construct): Record<string, string> {
  const provider = TerraformStack.of(scope).node.children.find((c): c is AwsProvider => c instanceof AwsProvider && !c.alias);
  const blocks = provider?.defaultTags;
  return Array.isArray(blocks) ? Object.assign({}, ...blocks.map((b) => b.tags ?? {})) : {};
}
