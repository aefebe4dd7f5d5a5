import { describe, expect, it } from "vitest";
import { serviceTrustPolicy } from "../../../constructs/iam/policy.js";

describe("serviceTrustPolicy", () => {
  it("has no Resource element, which IAM rejects in a trust policy", () => {
    const statement = JSON.parse(serviceTrustPolicy("vpc-flow-logs.amazonaws.com", "111111111111")).Statement[0];
    expect(statement).not.toHaveProperty("Resource");
    expect(statement).toEqual({
      Effect: "Allow",
      Principal: { Service: "vpc-flow-logs.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "aws:SourceAccount": "111111111111" } },
    });
  });
});
