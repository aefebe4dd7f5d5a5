/**
 * IAM policy documents as plain data, rendered to JSON in the configuration, so
 * that reviewers read literal ARNs and guardrails can scan every statement.
 * Values may contain cdktf tokens (e.g. a bucket's `arn`); they render as
 * Terraform references inside the JSON string.
 */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: "*" | Readonly<Record<string, string | readonly string[]>>;
  readonly Action: string | readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | boolean | readonly string[]>>>>;
}

export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** A role trust-policy statement: IAM rejects a `Resource` field in a trust policy ("Has prohibited field Resource"). */
export type TrustStatement = Omit<PolicyStatement, "Resource">;

export function trustPolicyDocument(statements: readonly TrustStatement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** Trust policy letting one AWS service assume a role, limited to this account (confused-deputy guard). */
export function serviceTrustPolicy(service: string, accountId: string): string {
  return trustPolicyDocument([
    {
      Effect: "Allow",
      Principal: { Service: service },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    },
  ]);
}

export const accountRoot = (accountId: string): string => `arn:aws:iam::${accountId}:root`;
