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

  constructor(scope: Construct, id: string, props: RegionalKeyProps) {
    super(scope, id);
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
    this.alias = new KmsAlias(this, "Alias", { name: `alias/${props.aliasName}`, targetKeyId: this.key.keyId, provider: props.provider });
  }

  get arn(): string {
    return this.key.arn;
  }
}
