import { describe, expect, it } from "vitest";
import { manifestOf, policyOf, resourceAt, synthCentral, synthRegion } from "../../helpers.js";

const manifest = manifestOf();
const jp = synthRegion("jp", manifest);
const role = resourceAt(jp, "aws_iam_role", "OrchestratorAccess/Role").body;
const statements = policyOf(resourceAt(jp, "aws_iam_role_policy", "OrchestratorAccess/Policy").body.policy).Statement;
const list = (v: unknown): string[] => (Array.isArray(v) ? v : [v as string]);

describe("OrchestratorAccess", () => {
  it("is the role the central orchestrator may assume for this region", () => {
    const centralPolicy = policyOf(resourceAt(synthCentral(manifest), "aws_iam_role_policy", "Orchestrator/ExecutionPolicy").body.policy).Statement;
    const assumable = centralPolicy.filter((s) => s.Action === "sts:AssumeRole").map((s) => s.Resource);
    expect(assumable).toContain(`arn:aws:iam::333333333333:role/${role.name}`);
  });

  it("trusts the principal in the orchestrator_principal_arn variable, which defaults to its own account", () => {
    expect(policyOf(role.assume_role_policy).Statement).toEqual([
      { Effect: "Allow", Principal: { AWS: "${var.orchestrator_principal_arn}" }, Action: "sts:AssumeRole" },
    ]);
    expect(jp.json.variable.orchestrator_principal_arn).toMatchObject({ type: "string", default: "arn:aws:iam::333333333333:root" });
  });

  it("may submit and watch steps only on this region's cluster carrying its tag", () => {
    const emr = statements.find((s) => list(s.Action).includes("elasticmapreduce:AddJobFlowSteps"))!;
    expect(emr).toMatchObject({
      Resource: "arn:aws:elasticmapreduce:ap-northeast-1:333333333333:cluster/*",
      Condition: { StringEquals: { "aws:ResourceTag/regionkit:emr-cluster": "rk-jp-spark" } },
    });
  });

  it("holds the same EMR and job spec statements as the central execution role holds for this region", () => {
    const central = policyOf(resourceAt(synthCentral(manifest), "aws_iam_role_policy", "Orchestrator/ExecutionPolicy").body.policy).Statement;
    for (const sid of ["EmrStepsJp", "JobSpecsJp", "PassJobRolesJp"]) expect(statements.find((s) => s.Sid === sid)).toEqual(central.find((s) => s.Sid === sid));
  });

  it("uses no Resource *, and names no data store", () => {
    for (const s of statements) {
      expect(list(s.Resource)).not.toContain("*");
      for (const action of list(s.Action)) expect(action).toMatch(/^(elasticmapreduce|ssm|iam):[A-Za-z]+$/);
    }
    expect(JSON.stringify(statements)).not.toMatch(/arn:aws:(s3|rds|kafka|es|aoss|dynamodb)/);
  });

  it("publishes the cluster id in the SSM parameter the routing table names", () => {
    const parameter = resourceAt(jp, "aws_ssm_parameter", "OrchestratorAccess/ClusterIdParameter").body;
    expect(parameter).toMatchObject({ name: "/rk/jp/spark/cluster-id", type: "String", value: resourceAt(jp, "aws_emr_cluster", "Spark/Resource").ref("id") });
    const jobSpecs = statements.find((s) => s.Sid === "JobSpecsJp")!;
    expect(jobSpecs.Resource).toContain("arn:aws:ssm:ap-northeast-1:333333333333:parameter/rk/jp/spark/cluster-id");
  });
});
