import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { MwaaEnvironment } from "@cdktf/provider-aws/lib/mwaa-environment";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Construct } from "constructs";
import type { CentralResolver, RegionResolver } from "../../regions/resolvers.js";
import { policyDocument, type PolicyStatement, serviceTrustPolicy } from "../iam/policy.js";
import type { RegionalKey } from "../keys/regional-key.js";
import { pascalRegionId, regionOrchestrationStatements } from "../orchestrator-access/orchestrator-access.js";
import type { SecureBucket } from "../secure-bucket/secure-bucket.js";
import type { CentralNetwork } from "./central-network.js";
import { ConfigObject } from "./config-object.js";

/** Where MWAA reads DAGs from in the config bucket. */
export const DAGS_PREFIX = "dags/";
/** The example DAG shipped with the kit: one task per region per Spark job. */
export const EXAMPLE_DAG = join(__dirname, "dags", "regional_jobs.py");
/** The copy of the routing table beside the DAGs, which MWAA syncs to every worker's local dags folder. */
export const DAG_ROUTING_TABLE_KEY = `${DAGS_PREFIX}routing/regions.json`;

export const MWAA_LOG_TYPES = ["dagProcessingLogs", "schedulerLogs", "taskLogs", "webserverLogs", "workerLogs"] as const;

export interface OrchestratorProps {
  readonly names: CentralResolver;
  /** Every manifest region: the orchestrator may submit work to each one's EMR cluster. */
  readonly regions: readonly RegionResolver[];
  readonly network: CentralNetwork;
  /** Central key: environment, logs, and the celery queue. */
  readonly key: RegionalKey;
  /** The shared config bucket: DAGs under `dags/`, the routing table under `routing/`. */
  readonly configBucket: SecureBucket;
  /** Routing table JSON, shipped beside the DAGs so they read it from local disk. */
  readonly routingTableJson: string;
  /** Key of the published routing table, which the execution role may read. */
  readonly routingTableKey: string;
  /** DAG files uploaded under `dags/`. @default - the example DAG `dags/regional_jobs.py` */
  readonly dagFiles?: readonly string[];
  /** @default "2.10.3" */
  readonly airflowVersion?: string;
  /** @default "mw1.small" */
  readonly environmentClass?: string;
  /** @default 1 */
  readonly minWorkers?: number;
  /** @default 5 */
  readonly maxWorkers?: number;
  /** Level of all five log types. @default "INFO" */
  readonly logLevel?: string;
  /** @default "SUN:03:00" (UTC) */
  readonly weeklyMaintenanceWindowStart?: string;
}

/**
 * The one Airflow (Amazon MWAA) for every region, in the central home region.
 * It only orchestrates: its execution role may submit steps to and describe each
 * manifest region's EMR cluster (by ARN prefix and cluster tag), read job specs
 * and the routing table, write its own logs and use the central key, and
 * nothing else. It names no regional bucket, database, Kafka cluster or search
 * domain. Private web server, all five log types on, central key.
 */
export class Orchestrator extends Construct {
  readonly environment: MwaaEnvironment;
  readonly executionRole: IamRole;
  readonly securityGroup: SecurityGroup;
  readonly dags: readonly ConfigObject[];

  constructor(scope: Construct, id: string, props: OrchestratorProps) {
    super(scope, id);
    const { names, configBucket } = props;
    const { accountId } = names.central;
    const name = names.orchestratorName;

    this.securityGroup = new SecurityGroup(this, "SecurityGroup", {
      name: names.name("airflow", [], "securityGroup"),
      description: "MWAA: traffic among its own components; HTTPS out to AWS APIs",
      vpcId: props.network.vpc.id,
      // MWAA requires a self-referencing rule: its web server, scheduler, workers and endpoints talk to each other.
      ingress: [{ description: "MWAA components", protocol: "-1", fromPort: 0, toPort: 0, selfAttribute: true }],
      egress: [
        { description: "MWAA components", protocol: "-1", fromPort: 0, toPort: 0, selfAttribute: true },
        { description: "HTTPS to AWS APIs", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] },
      ],
    });

    this.executionRole = new IamRole(this, "ExecutionRole", {
      name: names.orchestratorExecutionRoleName,
      assumeRolePolicy: serviceTrustPolicy(["airflow.amazonaws.com", "airflow-env.amazonaws.com"], accountId),
    });
    new IamRolePolicy(this, "ExecutionPolicy", {
      role: this.executionRole.id,
      name: "orchestrate-regions",
      policy: policyDocument(executionStatements(props, name)),
    });

    const dagFiles = props.dagFiles ?? [EXAMPLE_DAG];
    this.dags = [
      new ConfigObject(this, "RoutingTableForDags", { bucket: configBucket, key: DAG_ROUTING_TABLE_KEY, content: props.routingTableJson }),
      ...dagFiles.map(
        (file, i) =>
          new ConfigObject(this, `Dag${i + 1}`, {
            bucket: configBucket,
            key: `${DAGS_PREFIX}${basename(file)}`,
            content: readFileSync(file, "utf8"),
            contentType: "text/x-python",
          })
      ),
    ];

    const logLevel = props.logLevel ?? "INFO";
    this.environment = new MwaaEnvironment(this, "Resource", {
      name,
      airflowVersion: props.airflowVersion ?? "2.10.3",
      environmentClass: props.environmentClass ?? "mw1.small",
      minWorkers: props.minWorkers ?? 1,
      maxWorkers: props.maxWorkers ?? 5,
      executionRoleArn: this.executionRole.arn,
      kmsKey: props.key.arn,
      sourceBucketArn: configBucket.arn,
      dagS3Path: DAGS_PREFIX,
      webserverAccessMode: "PRIVATE_ONLY",
      endpointManagement: "SERVICE",
      weeklyMaintenanceWindowStart: props.weeklyMaintenanceWindowStart ?? "SUN:03:00",
      airflowConfigurationOptions: { "core.load_examples": "False" },
      networkConfiguration: { securityGroupIds: [this.securityGroup.id], subnetIds: props.network.privateSubnetIds },
      loggingConfiguration: Object.fromEntries(MWAA_LOG_TYPES.map((type) => [type, { enabled: true, logLevel }])),
      dependsOn: this.dags.map((d) => d.object),
      // Replacing the environment loses its metadata database (run history, variables, connections).
      lifecycle: { preventDestroy: true },
    });
  }

  get arn(): string {
    return this.environment.arn;
  }
}

/** The execution role's whole policy: MWAA's own needs, then one EMR and one job-spec statement per region. */
function executionStatements(props: OrchestratorProps, environmentName: string): PolicyStatement[] {
  const { awsRegion, accountId } = props.names.central;
  const bucketArn = props.configBucket.arn;
  const common: PolicyStatement[] = [
    {
      Sid: "PublishMetrics",
      Effect: "Allow",
      Action: "airflow:PublishMetrics",
      Resource: `arn:aws:airflow:${awsRegion}:${accountId}:environment/${environmentName}`,
    },
    {
      Sid: "ConfigBucket",
      Effect: "Allow",
      Action: ["s3:GetBucketLocation", "s3:GetBucketVersioning", "s3:GetBucketPublicAccessBlock", "s3:ListBucket"],
      Resource: bucketArn,
    },
    {
      Sid: "DagsAndRoutingTable",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:GetObjectVersion"],
      Resource: [`${bucketArn}/${DAGS_PREFIX}*`, `${bucketArn}/${props.routingTableKey}`],
    },
    {
      Sid: "OwnLogs",
      Effect: "Allow",
      Action: [
        "logs:CreateLogStream",
        "logs:CreateLogGroup",
        "logs:PutLogEvents",
        "logs:GetLogEvents",
        "logs:GetLogRecord",
        "logs:GetLogGroupFields",
        "logs:GetQueryResults",
      ],
      Resource: `arn:aws:logs:${awsRegion}:${accountId}:log-group:airflow-${environmentName}-*`,
    },
    {
      // Account-level calls MWAA makes; none accepts a resource ARN.
      Sid: "AccountLevelReads",
      Effect: "Allow",
      Action: ["logs:DescribeLogGroups", "cloudwatch:PutMetricData", "s3:GetAccountPublicAccessBlock"],
      Resource: "*",
    },
    {
      Sid: "CeleryQueue",
      Effect: "Allow",
      Action: ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:SendMessage"],
      // The queue lives in an MWAA-owned account, hence the account wildcard.
      Resource: `arn:aws:sqs:${awsRegion}:*:airflow-celery-*`,
    },
    {
      Sid: "CentralKey",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey*", "kms:Encrypt"],
      Resource: props.key.arn,
      Condition: { StringLike: { "kms:ViaService": [`sqs.${awsRegion}.amazonaws.com`, `s3.${awsRegion}.amazonaws.com`] } },
    },
  ];
  const perRegion = props.regions.flatMap((region): PolicyStatement[] => [
    ...regionOrchestrationStatements(region),
    // The path the example DAG takes: the region's own role, which also works when the region is in another account.
    { Sid: `AssumeOrchestratorAccess${pascalRegionId(region.id)}`, Effect: "Allow", Action: "sts:AssumeRole", Resource: region.orchestratorAccessRoleArn },
  ]);
  return [...common, ...perRegion];
}
