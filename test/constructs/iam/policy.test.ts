import { describe, expect, it } from "vitest";
import { serviceTrustPolicy } from "../../../constructs/iam/policy.js";

describe("serviceTrustPolicy", () => {
  it("limits a service's trust to one account with aws:SourceAccount", () => {
    expect(JSON.parse(serviceTrustPolicy("vpc-flow-logs.amazonaws.com", "222222222222")).Statement).toEqual([
      { Effect: "Allow", Principal: { Service: "vpc-flow-logs.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": "222222222222" } } },
    ]);
  });

  it("has no source-account condition for services that send none (EC2 instance profiles, EKS)", () => {
    expect(JSON.parse(serviceTrustPolicy("ec2.amazonaws.com")).Statement).toEqual([{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }]);
  });

  it("trusts several service principals in one statement, with no Resource element", () => {
    const [statement] = JSON.parse(serviceTrustPolicy(["airflow.amazonaws.com", "airflow-env.amazonaws.com"], "111111111111")).Statement;
    expect(statement.Principal.Service).toEqual(["airflow.amazonaws.com", "airflow-env.amazonaws.com"]);
    expect(statement).not.toHaveProperty("Resource");
  });
});
