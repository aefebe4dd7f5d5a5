import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Backend, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { RegionResolver } from "../regions/resolvers.js";

/** Tag keys the kit sets on every resource (through provider default tags) and that guardrails read. */
export const TAGS = {
  region: "regionkit:region",
  jurisdiction: "regionkit:jurisdiction",
  dataClass: "regionkit:data-class",
  managedBy: "regionkit:managed-by",
  stack: "regionkit:stack",
} as const;

/** What a stack's resources hold: regional stacks hold customer data; central holds none. */
export type DataClass = "customer" | "no-customer-data";

export interface KitStackProps {
  readonly accountId: string;
  readonly awsRegion: string;
  /** Same-jurisdiction AWS region for backups; adds a provider aliased `backup`. @default - none */
  readonly backupRegion?: string;
  readonly stateBucket: string;
  /** Tag values: the region id (or `central`) and its jurisdiction. */
  readonly regionTag: string;
  readonly jurisdiction: string;
  readonly dataClass: DataClass;
}

/**
 * What every regionkit stack has: an AWS provider pinned to its home region and
 * account, an aliased provider for the backup region where there is one,
 * default tags, and an S3 backend whose bucket lives in the stack's own region.
 */
export abstract class KitStack extends TerraformStack {
  readonly provider: AwsProvider;
  readonly backupProvider?: AwsProvider;
  readonly awsRegion: string;
  readonly accountId: string;

  constructor(scope: Construct, id: string, props: KitStackProps) {
    super(scope, id);
    this.awsRegion = props.awsRegion;
    this.accountId = props.accountId;
    const defaultTags = [
      {
        tags: {
          [TAGS.region]: props.regionTag,
          [TAGS.jurisdiction]: props.jurisdiction,
          [TAGS.dataClass]: props.dataClass,
          [TAGS.managedBy]: "regionkit",
          [TAGS.stack]: id,
        },
      },
    ];
    // allowed_account_ids makes a deploy with the wrong credentials fail before it changes anything.
    this.provider = new AwsProvider(this, "aws", { region: props.awsRegion, allowedAccountIds: [props.accountId], defaultTags });
    if (props.backupRegion) {
      this.backupProvider = new AwsProvider(this, "aws-backup", {
        alias: "backup",
        region: props.backupRegion,
        allowedAccountIds: [props.accountId],
        defaultTags,
      });
    }
    addStateBackend(this, id, props.stateBucket, props.awsRegion);
  }
}

/** The kit's S3 backend: `<stack>/terraform.tfstate` in a state bucket of the stack's own region, encrypted and locked. */
export function addStateBackend(stack: TerraformStack, stackName: string, stateBucket: string, awsRegion: string): S3Backend {
  const backend = new S3Backend(stack, {
    bucket: stateBucket,
    key: `${stackName}/terraform.tfstate`,
    region: awsRegion,
    encrypt: true,
  });
  // S3-native state locking (Terraform >= 1.10); cdktf 0.21 has no typed field for it.
  backend.addOverride("use_lockfile", true);
  return backend;
}

/** Props of a stack that belongs to one manifest region (`data-<id>`, `cdc-<id>`): its account, AWS region, state bucket and tags. */
export function regionalStackProps(names: RegionResolver, opts: { readonly withBackupProvider: boolean }): KitStackProps {
  const { region } = names;
  return {
    accountId: region.accountId,
    awsRegion: region.awsRegion,
    backupRegion: opts.withBackupProvider ? region.backupRegion : undefined,
    stateBucket: names.stateBucket,
    regionTag: region.id,
    jurisdiction: region.jurisdiction,
    dataClass: "customer",
  };
}
