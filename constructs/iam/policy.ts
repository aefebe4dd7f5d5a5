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
  /** Required in identity and resource policies; must be absent in a role's trust policy (IAM rejects it there). */
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | boolean | readonly string[]>>>>;
}

export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** Trust policy letting one AWS service assume a role, limited to this account (confused-deputy guard). */
export function serviceTrustPolicy(service: string, accountId: string): string {
  return policyDocument([
    {
      Effect: "Allow",
      Principal: { Service: service },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    },
  ]);
}

export const accountRoot = (accountId: string): string => `arn:aws:iam::${accountId}:root`;
