import type { Construct } from "constructs";
import { RegionalKey } from "../constructs/keys/index.js";
import { SecureBucket } from "../constructs/secure-bucket/index.js";
import type { Manifest } from "../regions/manifest.js";
import { CentralResolver } from "../regions/resolvers.js";
import { KitStack } from "./kit-stack.js";

export interface CentralStackProps {
  readonly manifest: Manifest;
}

/**
 * `central`: the few shared resources that hold no customer data. It learns
 * about regions only through the resolvers (deterministic names), never
 * through another stack's state.
 */
export class CentralStack extends KitStack {
  readonly names: CentralResolver;
  readonly key: RegionalKey;
  readonly configBucket: SecureBucket;

  constructor(scope: Construct, props: CentralStackProps) {
    const { central } = props.manifest;
    const names = new CentralResolver(central);
    super(scope, names.stackName, {
      namespace: central.namespace,
      accountId: central.accountId,
      awsRegion: central.awsRegion,
      stateBucket: names.stateBucket,
      regionTag: "central",
      jurisdiction: "none",
      dataClass: "no-customer-data",
    });
    this.names = names;
    this.key = new RegionalKey(this, "Key", {
      aliasName: names.name("key", ["config"], "kmsAlias"),
      description: `regionkit central configuration (${central.awsRegion}); no customer data`,
      accountId: central.accountId,
      awsRegion: central.awsRegion,
    });
    this.configBucket = new SecureBucket(this, "ConfigBucket", { bucketName: names.configBucket, encryption: this.key });
  }
}
