import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { RegionalKey } from "../constructs/keys/regional-key.js";
import { SecureBucket } from "../constructs/secure-bucket/secure-bucket.js";
import type { Manifest } from "../regions/manifest.js";
import { CENTRAL_STACK, centralResolver, regionResolver, stateBootstrapNames } from "../regions/resolvers.js";
import { addStateBackend, TAGS } from "./kit-stack.js";

/** `state-eu`, `state-central`: the bootstrap stack of a manifest region or of central. */
export const stateBootstrapStackName = (target: string): string => `state-${target}`;

export interface StateBootstrapTarget {
  /** A manifest region id, or `central` (its bucket also holds the warehouse stack's state). */
  readonly target: string;
  readonly accountId: string;
  readonly awsRegion: string;
  readonly jurisdiction: string;
  readonly namespace: string;
  /** The bucket the target's stacks name in their S3 backend. */
  readonly stateBucket: string;
  /** The stacks whose state the bucket holds. */
  readonly stacks: readonly string[];
}

/** Where a target's state lives: the account, AWS region and bucket its stacks' backends name. Throws, listing the valid targets, for an unknown one. */
export function stateBootstrapTarget(manifest: Manifest, target: string): StateBootstrapTarget {
  const namespace = manifest.central.namespace;
  if (target === CENTRAL_STACK) {
    const c = manifest.central;
    return { target, accountId: c.accountId, awsRegion: c.awsRegion, jurisdiction: "none", namespace, stateBucket: centralResolver(manifest).stateBucket, stacks: ["central", "warehouse"] };
  }
  const names = regionResolver(manifest, target);
  const r = names.region;
  return { target, accountId: r.accountId, awsRegion: r.awsRegion, jurisdiction: r.jurisdiction, namespace, stateBucket: names.stateBucket, stacks: [names.stackName, names.cdcStackName] };
}

/**
 * The one thing that must exist before a stack can `cdktf deploy`: its S3 state bucket, in the
 * stack's own AWS region and account, versioned, SSE-KMS with a regional key, TLS-only, all public
 * access blocked, access-logged, `prevent_destroy`. Its own state ends in that bucket too (under
 * `state-<target>/`), so it never stays outside the region: `npm run bootstrap -- <target> --apply`
 * applies it once with a local backend (the bucket does not exist yet), then migrates the state.
 */
export class StateBootstrapStack extends TerraformStack {
  readonly bucket: SecureBucket;
  readonly key: RegionalKey;

  constructor(scope: Construct, target: StateBootstrapTarget) {
    const id = stateBootstrapStackName(target.target);
    super(scope, id);
    addStateBackend(this, id, target.stateBucket, target.awsRegion);
    new AwsProvider(this, "aws", {
      region: target.awsRegion,
      allowedAccountIds: [target.accountId],
      defaultTags: [
        {
          tags: {
            [TAGS.region]: target.target,
            [TAGS.jurisdiction]: target.jurisdiction,
            // Terraform state holds resource attributes, never customer rows.
            [TAGS.dataClass]: "no-customer-data",
            [TAGS.managedBy]: "regionkit",
            [TAGS.stack]: id,
          },
        },
      ],
    });
    const names = stateBootstrapNames(target.namespace, target.accountId, target.awsRegion);
    this.key = new RegionalKey(this, "Key", { aliasName: names.keyAlias, description: `Terraform state of ${target.stacks.join(", ")}`, accountId: target.accountId, awsRegion: target.awsRegion });
    // S3 cannot deliver server access logs to an SSE-KMS bucket.
    const logs = new SecureBucket(this, "AccessLogBucket", { bucketName: names.logBucket, encryption: "S3_MANAGED", accessLogTarget: { accountId: target.accountId } });
    this.bucket = new SecureBucket(this, "StateBucket", { bucketName: target.stateBucket, encryption: this.key, accessLogs: { bucket: logs, prefix: `${target.stateBucket}/` } });
    new TerraformOutput(this, "state_bucket", { value: this.bucket.bucketName });
  }
}
