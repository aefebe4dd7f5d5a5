import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { accountRoot, policyDocument, type PolicyStatement } from "../iam/policy.js";

export interface RegionalKeyProps {
  /** Alias without the `alias/` prefix, from the naming helper. */
  readonly aliasName: string;
  readonly description: string;
  readonly accountId: string;
  readonly awsRegion: string;
  /**
   * Extra key-policy statements, e.g. a regional service principal that must
   * use the key directly (CloudWatch Logs).
   * @default - account administration only; IAM policies grant use
   */
  readonly extraStatements?: readonly PolicyStatement[];
  /** @default 30 */
  readonly deletionWindowDays?: number;
  /** Provider of `awsRegion` when it is not the stack's primary (the backup region). @default - the stack's default provider */
  readonly provider?: TerraformProvider;
}

/**
 * A customer-managed KMS key that can only ever exist in one AWS region:
 * `multi_region` false (a multi-region key could be replicated out of the
 * jurisdiction), rotation on, a 30-day deletion window, `prevent_destroy`.
 */
export class RegionalKey extends Construct {
  readonly key: KmsKey;
  readonly alias: KmsAlias;
  readonly awsRegion: string;
  readonly accountId: string;
  /** Computed once: every read of a resource attribute creates a new token. */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: RegionalKeyProps) {
    super(scope, id);
    const problems = foreignPrincipals(props.extraStatements ?? [], props.accountId, props.awsRegion);
    if (problems.length > 0)
      throw new Error(`key ${props.aliasName}: the key policy may name only principals of account ${props.accountId} in ${props.awsRegion}:\n  ${problems.join("\n  ")}`);
    this.awsRegion = props.awsRegion;
    this.accountId = props.accountId;
    const statements: PolicyStatement[] = [
      {
        Sid: "AccountAdministration",
        Effect: "Allow",
        Principal: { AWS: accountRoot(props.accountId) },
        Action: "kms:*",
        Resource: "*",
      },
      ...(props.extraStatements ?? []),
    ];
    this.key = new KmsKey(this, "Resource", {
      description: props.description,
      enableKeyRotation: true,
      multiRegion: false,
      deletionWindowInDays: props.deletionWindowDays ?? 30,
      policy: policyDocument(statements),
      provider: props.provider,
      lifecycle: { preventDestroy: true },
    });
    this.arn = this.key.arn;
    this.alias = new KmsAlias(this, "Alias", { name: `alias/${props.aliasName}`, targetKeyId: this.key.keyId, provider: props.provider });
  }

}

/**
 * Principals of key-policy statements that are not this region's: an AWS principal
 * outside the account, `*`, or a regional service principal of another AWS region.
 * Global service principals (`s3.amazonaws.com`) are allowed; conditions scope them.
 */
export function foreignPrincipals(statements: readonly PolicyStatement[], accountId: string, awsRegion: string): string[] {
  const problems: string[] = [];
  const ownAccount = new RegExp(`^arn:aws:iam::${accountId}:`);
  statements.forEach((statement, i) => {
    const where = `statement ${statement.Sid ?? i}`;
    const principal = statement.Principal;
    if (principal === undefined) return;
    if (principal === "*") {
      if (statement.Effect === "Allow") problems.push(`${where}: Principal "*" would let anyone use the key; name this account's principals`);
      return;
    }
    for (const value of [principal.AWS ?? []].flat())
      if (!ownAccount.test(value)) problems.push(`${where}: AWS principal "${value}" is not in account ${accountId} (use arn:aws:iam::${accountId}:...)`);
    for (const value of [principal.Service ?? []].flat()) {
      const regional = /^[a-z0-9-]+\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com$/.exec(value);
      if (regional && regional[1] !== awsRegion) problems.push(`${where}: service principal "${value}" is of AWS region ${regional[1]}, not ${awsRegion}`);
    }
    for (const kind of Object.keys(principal))
      if (kind !== "AWS" && kind !== "Service") problems.push(`${where}: ${kind} principals are not allowed in a regional key policy (only this account's AWS principals and services)`);
  });
  return problems;
}
