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

/**
 * Trust policy letting AWS service principals assume a role. With `accountId`,
 * limited to this account (`aws:SourceAccount`, the confused-deputy guard). Leave
 * it out only for services that assume a role for your own resources without
 * sending a source account (EC2 instance profiles, the EKS cluster role): there
 * the condition would make the role unassumable.
 */
export function serviceTrustPolicy(service: string | readonly string[], accountId?: string): string {
  return trustPolicyDocument([
    {
      Effect: "Allow",
      Principal: { Service: service },
      Action: "sts:AssumeRole",
      ...(accountId ? { Condition: { StringEquals: { "aws:SourceAccount": accountId } } } : {}),
    },
  ]);
}

export const accountRoot = (accountId: string): string => `arn:aws:iam::${accountId}:root`;

/**
 * Principal tag a role must carry to assume a region's reader roles: the product's serving roles are tagged
 * `regionkit:reader = search` or `vector` by whoever owns them; tagging roles is an IAM-admin action.
 */
export const READER_PRINCIPAL_TAG = "regionkit:reader";

/** Trust for a reader role: roles of this account carrying the reader tag for `purpose`, nothing else. */
export function readerTrustPolicy(accountId: string, purpose: "search" | "vector"): string {
  return trustPolicyDocument([
    {
      Effect: "Allow",
      Principal: { AWS: accountRoot(accountId) },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { [`aws:PrincipalTag/${READER_PRINCIPAL_TAG}`]: purpose, "aws:PrincipalAccount": accountId } },
    },
  ]);
}
