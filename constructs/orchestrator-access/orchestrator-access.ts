import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { Construct } from "constructs";
import { EMR_CLUSTER_TAG, type RegionResolver, SPARK_JOBS } from "../../regions/resolvers.js";
import { regionRoute } from "../../regions/routing.js";
import { policyDocument, type PolicyStatement, trustPolicyDocument } from "../iam/policy.js";
import { principalVariable } from "../iam/principal-variable.js";
import type { SparkCluster } from "../spark/spark-cluster.js";

/** Terraform variable (`TF_VAR_orchestrator_principal_arn`) naming the central orchestrator's execution role. */
export const ORCHESTRATOR_PRINCIPAL_VARIABLE = "orchestrator_principal_arn";

/** EMR actions the orchestrator may call on a region's tagged cluster: submit steps and watch them. */
export const ORCHESTRATOR_EMR_ACTIONS = [
  "elasticmapreduce:AddJobFlowSteps",
  "elasticmapreduce:DescribeCluster",
  "elasticmapreduce:DescribeStep",
  "elasticmapreduce:ListSteps",
] as const;

/** A region id as a policy statement id part: `apac-2` → `Apac2`. */
export const pascalRegionId = (id: string): string => id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());

/**
 * What orchestrating one region takes: the EMR step actions on that region's
 * clusters carrying its `regionkit:emr-cluster` tag, reading its Spark job specs
 * and cluster id, and passing its Spark job runtime roles to EMR (steps run as
 * them). The central execution role and each region's OrchestratorAccess role
 * both hold exactly these statements.
 */
export function regionOrchestrationStatements(names: RegionResolver): PolicyStatement[] {
  const { jobSpecs, emrCluster } = regionRoute(names);
  const sid = pascalRegionId(names.id);
  return [
    {
      Sid: `EmrSteps${sid}`,
      Effect: "Allow",
      Action: [...ORCHESTRATOR_EMR_ACTIONS],
      Resource: `${names.arnPrefix("elasticmapreduce")}cluster/*`,
      Condition: { StringEquals: { [`aws:ResourceTag/${EMR_CLUSTER_TAG}`]: names.emrClusterName } },
    },
    {
      Sid: `JobSpecs${sid}`,
      Effect: "Allow",
      Action: ["ssm:GetParameter"],
      Resource: [emrCluster.idParameter.parameterArn, ...SPARK_JOBS.map((job) => jobSpecs[job].parameterArn)],
    },
    {
      Sid: `PassJobRoles${sid}`,
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: SPARK_JOBS.map((job) => names.sparkJobRoleArn(job)),
      Condition: { StringEquals: { "iam:PassedToService": "elasticmapreduce.amazonaws.com" } },
    },
  ];
}

export interface OrchestratorAccessProps {
  readonly names: RegionResolver;
  /** The region's EMR cluster, whose id is published for the orchestrator. */
  readonly spark: SparkCluster;
  /**
   * The central orchestrator's execution role ARN.
   * @default - the Terraform variable `orchestrator_principal_arn`, which defaults to this account's root: a central orchestrator in this account can assume the role through its own IAM permission; one in another account only once the variable names it
   */
  readonly principalArn?: string;
}

/**
 * The role the central orchestrator assumes in this region's account to
 * submit Spark steps to this region's EMR cluster and read its job specs, and
 * nothing else, plus the SSM parameter that publishes the cluster's id. EMR has no resource policies, so a role in the region's own
 * account is the only way an orchestrator in another account can reach the
 * cluster. The trusted principal is a variable, so this stack names no other
 * account in its configuration.
 */
export class OrchestratorAccess extends Construct {
  readonly role: IamRole;
  readonly clusterIdParameter: SsmParameter;

  constructor(scope: Construct, id: string, props: OrchestratorAccessProps) {
    super(scope, id);
    const { names } = props;
    const principal =
      props.principalArn ??
      principalVariable(
        this,
        ORCHESTRATOR_PRINCIPAL_VARIABLE,
        names.region.accountId,
        "ARN of the central orchestrator's execution role; the default trusts only this account"
      );
    this.role = new IamRole(this, "Role", {
      name: names.orchestratorAccessRoleName,
      description: `central orchestrator submits Spark steps to the ${names.id} EMR cluster`,
      assumeRolePolicy: trustPolicyDocument([{ Effect: "Allow", Principal: { AWS: principal }, Action: "sts:AssumeRole" }]),
    });
    new IamRolePolicy(this, "Policy", {
      role: this.role.id,
      name: "orchestrate-region",
      policy: policyDocument(regionOrchestrationStatements(names)),
    });
    // The cluster id is generated; publishing it lets the orchestrator skip ListClusters, which takes no resource ARN.
    this.clusterIdParameter = new SsmParameter(this, "ClusterIdParameter", {
      name: names.emrClusterIdParameter,
      description: `EMR cluster id of region ${names.id}, for the central orchestrator; no secrets`,
      type: "String",
      tier: "Standard",
      value: props.spark.cluster.id,
    });
  }

  get roleArn(): string {
    return this.role.arn;
  }
}
