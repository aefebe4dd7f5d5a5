import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { EMR_CLUSTER_TAG, type RegionResolver, SPARK_JOBS } from "../../regions/resolvers.js";
import { regionRoute } from "../../regions/routing.js";
import { policyDocument, type PolicyStatement } from "../iam/policy.js";
import { principalVariable } from "../iam/principal-variable.js";

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
 * clusters carrying its `regionkit:emr-cluster` tag, and reading its Spark job
 * specs. The central execution role and each region's OrchestratorAccess role
 * both hold exactly these statements.
 */
export function regionOrchestrationStatements(names: RegionResolver): PolicyStatement[] {
  const { jobSpecs } = regionRoute(names);
  return [
    {
      Sid: `EmrSteps${pascalRegionId(names.id)}`,
      Effect: "Allow",
      Action: [...ORCHESTRATOR_EMR_ACTIONS],
      Resource: `${names.arnPrefix("elasticmapreduce")}cluster/*`,
      Condition: { StringEquals: { [`aws:ResourceTag/${EMR_CLUSTER_TAG}`]: names.emrClusterName } },
    },
    {
      Sid: `JobSpecs${pascalRegionId(names.id)}`,
      Effect: "Allow",
      Action: ["ssm:GetParameter"],
      Resource: SPARK_JOBS.map((job) => jobSpecs[job].parameterArn),
    },
  ];
}

export interface OrchestratorAccessProps {
  readonly names: RegionResolver;
  /**
   * The central orchestrator's execution role ARN.
   * @default - the Terraform variable `orchestrator_principal_arn`, which defaults to this account's root: a central orchestrator in this account can assume the role through its own IAM permission; one in another account only once the variable names it
   */
  readonly principalArn?: string;
}

/**
 * The role the central orchestrator assumes in this region's account to
 * submit Spark steps to this region's EMR cluster and read its job specs, and
 * nothing else. EMR has no resource policies, so a role in the region's own
 * account is the only way an orchestrator in another account can reach the
 * cluster. The trusted principal is a variable, so this stack names no other
 * account in its configuration.
 */
export class OrchestratorAccess extends Construct {
  readonly role: IamRole;

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
      assumeRolePolicy: policyDocument([{ Effect: "Allow", Principal: { AWS: principal }, Action: "sts:AssumeRole" }]),
    });
    new IamRolePolicy(this, "Policy", {
      role: this.role.id,
      name: "orchestrate-region",
      policy: policyDocument([
        ...regionOrchestrationStatements(names),
        // The EMR operators find a cluster id by name; ListClusters accepts no resource ARN.
        { Sid: "FindClusters", Effect: "Allow", Action: "elasticmapreduce:ListClusters", Resource: "*" },
      ]),
    });
  }

  get roleArn(): string {
    return this.role.arn;
  }
}
