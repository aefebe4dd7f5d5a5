import { describe, expect, it } from "vitest";
import { LAKE_ZONES, RegionResolver, SPARK_JOBS } from "../../../regions/resolvers.js";
import { manifestOf, manifestWithRegion, NEW_REGION_YAML, policyOf, resourceAt, synthCentral, type Synthesized } from "../../helpers.js";

const manifest = manifestOf();
const central = synthCentral(manifest);
const mwaa = resourceAt(central, "aws_mwaa_environment", "Orchestrator/Resource").body;
const executionPolicy = (synth: Synthesized) => policyOf(resourceAt(synth, "aws_iam_role_policy", "Orchestrator/ExecutionPolicy").body.policy).Statement;

/** Every statement of every IAM policy document in the stack: role policies, trust policies, bucket and key policies. */
function everyStatement(synth: Synthesized): Array<Record<string, any>> {
  const found: Array<Record<string, any>> = [];
  for (const resources of Object.values(synth.json.resource as Record<string, Record<string, Record<string, any>>>)) {
    for (const body of Object.values(resources)) {
      for (const field of ["policy", "assume_role_policy"]) {
        if (typeof body[field] === "string") found.push(...policyOf(body[field]).Statement);
      }
    }
  }
  return found;
}
const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v as string]);

describe("Orchestrator (MWAA)", () => {
  it("is one environment in the central home region", () => {
    expect(Object.keys(central.resources("aws_mwaa_environment"))).toHaveLength(1);
    expect(central.json.provider.aws[0].region).toBe(manifest.central.awsRegion);
    expect(mwaa.name).toBe("rk-central-airflow");
  });

  it("is protected from destroy, which would lose its run history", () => {
    expect(mwaa.lifecycle).toEqual({ prevent_destroy: true });
  });

  it("serves its web server privately", () => {
    expect(mwaa.webserver_access_mode).toBe("PRIVATE_ONLY");
  });

  it("turns on all five log types", () => {
    const logging = mwaa.logging_configuration;
    expect(Object.keys(logging).sort()).toEqual(["dag_processing_logs", "scheduler_logs", "task_logs", "webserver_logs", "worker_logs"]);
    for (const type of Object.values(logging) as Array<Record<string, unknown>>) expect(type).toEqual({ enabled: true, log_level: "INFO" });
  });

  it("encrypts with the central key", () => {
    expect(mwaa.kms_key).toBe(resourceAt(central, "aws_kms_key", "Key/Resource").ref("arn"));
  });

  it("reads its DAGs from dags/ in the shared config bucket", () => {
    expect(mwaa.source_bucket_arn).toBe(resourceAt(central, "aws_s3_bucket", "ConfigBucket/Resource").ref("arn"));
    expect(mwaa.dag_s3_path).toBe("dags/");
  });

  it("runs in the two private subnets of the central network", () => {
    expect(mwaa.network_configuration.subnet_ids).toEqual([
      resourceAt(central, "aws_subnet", "Network/PrivateSubnet1").ref("id"),
      resourceAt(central, "aws_subnet", "Network/PrivateSubnet2").ref("id"),
    ]);
  });

  it("lets its security group accept traffic only from itself", () => {
    const sg = resourceAt(central, "aws_security_group", "Orchestrator/SecurityGroup").body;
    expect(sg.ingress).toHaveLength(1);
    expect(sg.ingress[0]).toMatchObject({ self: true });
    expect(sg.ingress[0].cidr_blocks ?? []).toEqual([]);
  });

  it("is assumed only by the MWAA services of the central account", () => {
    const trust = policyOf(resourceAt(central, "aws_iam_role", "Orchestrator/ExecutionRole").body.assume_role_policy).Statement;
    expect(trust).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: ["airflow.amazonaws.com", "airflow-env.amazonaws.com"] },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": manifest.central.accountId } },
      },
    ]);
  });

  it.each(manifest.regions.map((r) => r.id))("may submit steps to and describe the tagged EMR cluster of %s only", (id) => {
    const region = manifest.regions.find((r) => r.id === id)!;
    const emr = executionPolicy(central).filter((s) => list(s.Action).includes("elasticmapreduce:AddJobFlowSteps"));
    const mine = emr.filter((s) => list(s.Resource).some((r) => r.startsWith(`arn:aws:elasticmapreduce:${region.awsRegion}:${region.accountId}:`)));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      Effect: "Allow",
      Action: ["elasticmapreduce:AddJobFlowSteps", "elasticmapreduce:DescribeCluster", "elasticmapreduce:DescribeStep", "elasticmapreduce:ListSteps"],
      Resource: `arn:aws:elasticmapreduce:${region.awsRegion}:${region.accountId}:cluster/*`,
      Condition: { StringEquals: { "aws:ResourceTag/regionkit:emr-cluster": `rk-${id}-spark` } },
    });
  });

  it("may read each region's job spec and cluster id parameters by ARN", () => {
    const ssm = executionPolicy(central).filter((s) => list(s.Action).includes("ssm:GetParameter"));
    const resources = ssm.flatMap((s) => list(s.Resource));
    for (const region of manifest.regions) {
      expect(resources).toContain(`arn:aws:ssm:${region.awsRegion}:${region.accountId}:parameter/rk/${region.id}/spark/jobs/sanitize`);
    }
    expect(resources.every((r) => /^arn:aws:ssm:[a-z0-9-]+:\d{12}:parameter\/rk\/[a-z0-9-]+\/spark\/(jobs\/[a-z-]+|cluster-id)$/.test(r))).toBe(true);
  });

  it("may assume each region's orchestrator-access role and no other role", () => {
    const assumes = executionPolicy(central).filter((s) => list(s.Action).includes("sts:AssumeRole"));
    expect(assumes.flatMap((s) => list(s.Resource)).sort()).toEqual(
      manifest.regions.map((r) => `arn:aws:iam::${r.accountId}:role/rk-${r.id}-orchestrator-access`).sort()
    );
  });

  it("may pass only each region's Spark job runtime roles, and only to EMR", () => {
    const passes = executionPolicy(central).filter((s) => list(s.Action).includes("iam:PassRole"));
    expect(passes).toHaveLength(manifest.regions.length);
    for (const s of passes) expect(s.Condition).toEqual({ StringEquals: { "iam:PassedToService": "elasticmapreduce.amazonaws.com" } });
    const eu = passes.flatMap((s) => list(s.Resource)).filter((r) => r.startsWith("arn:aws:iam::222222222222:"));
    expect(eu).toHaveLength(SPARK_JOBS.length);
    for (const r of eu) expect(r).toMatch(/^arn:aws:iam::222222222222:role\/rk-eu-/);
  });

  it("may read only the DAGs and the routing table objects of the config bucket", () => {
    const bucketArn = resourceAt(central, "aws_s3_bucket", "ConfigBucket/Resource").ref("arn");
    const objectReads = executionPolicy(central).filter((s) => list(s.Action).includes("s3:GetObject"));
    expect(objectReads.flatMap((s) => list(s.Resource)).sort()).toEqual([`${bucketArn}/dags/*`, `${bucketArn}/routing/regions.json`]);
  });

  it("grants no wildcard action and uses Resource * only for account-level reads", () => {
    const accountLevel = ["logs:DescribeLogGroups", "cloudwatch:PutMetricData", "s3:GetAccountPublicAccessBlock"];
    for (const s of executionPolicy(central)) {
      for (const action of list(s.Action)) expect(action).not.toMatch(/(^\*$|:\*$)/);
      if (list(s.Resource).includes("*")) expect(list(s.Action).every((a) => accountLevel.includes(a))).toBe(true);
    }
  });

  it("names no regional data bucket, database, stream or search domain in any central policy", () => {
    const forbidden = manifest.regions.flatMap((region) => {
      const names = new RegionResolver(region, manifest.central.namespace);
      return [
        ...LAKE_ZONES.map((zone) => names.lakeBucket(zone)),
        names.mskClusterName,
        names.searchDomainName,
        names.vectorCollectionName,
        names.shardDatabaseId(1).replace(/-\d+$/, ""),
      ];
    });
    const dataServices = /^arn:aws:(rds|kafka|es|aoss|dynamodb|kinesis|s3:::rk-(?!central))/;
    const dataActions = /^(rds|rds-db|kafka|kafka-cluster|es|aoss|kinesis|dynamodb|secretsmanager|glue|athena):/;
    // One designed read: the onboarding gate's GetItem on the central workspace -> region table (ids only, no content).
    const mappingTable = resourceAt(central, "aws_dynamodb_table", "WorkspaceRegions/Resource").ref("arn");
    const gateRead = (s: Record<string, any>) => s.Sid === "ReadWorkspaceRegionEntries" && s.Resource === mappingTable && s.Action === "dynamodb:GetItem";
    const statements = everyStatement(central).filter((s) => !gateRead(s));
    expect(statements.length).toBeGreaterThan(10);
    for (const s of statements) {
      const text = JSON.stringify(s);
      for (const name of forbidden) expect(text).not.toContain(name);
      for (const r of list(s.Resource)) expect(r).not.toMatch(dataServices);
      if (s.Effect === "Allow") for (const a of list(s.Action)) expect(a).not.toMatch(dataActions);
    }
  });

  it("adds exactly the new region's EMR, job spec and assume-role permissions when a region is added", () => {
    const before = executionPolicy(central);
    const after = executionPolicy(synthCentral(manifestWithRegion(NEW_REGION_YAML)));
    expect(after.slice(0, before.length)).toEqual(before);
    const added = after.slice(before.length);
    expect(added.map((s) => s.Sid)).toEqual(["EmrStepsCh", "JobSpecsCh", "PassJobRolesCh", "AssumeOrchestratorAccessCh"]);
    expect(added[0]).toMatchObject({
      Resource: "arn:aws:elasticmapreduce:eu-central-2:555555555555:cluster/*",
      Condition: { StringEquals: { "aws:ResourceTag/regionkit:emr-cluster": "rk-ch-spark" } },
    });
  });

  it("uploads the example DAG and a copy of the routing table under dags/", () => {
    const dag = resourceAt(central, "aws_s3_object", "Orchestrator/Dag1/Resource").body;
    expect(dag.key).toBe("dags/regional_jobs.py");
    expect(dag.content).toContain("EmrAddStepsOperator");
    const copy = resourceAt(central, "aws_s3_object", "Orchestrator/RoutingTableForDags/Resource").body;
    expect(copy.key).toBe("dags/routing/regions.json");
    expect(copy.content).toBe(resourceAt(central, "aws_s3_object", "RoutingTable/Resource").body.content);
  });
});
