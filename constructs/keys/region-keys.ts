import { Construct } from "constructs";
import type { RegionResolver } from "../../regions/resolvers.js";
import type { PolicyStatement } from "../iam/policy.js";
import { RegionalKey } from "./regional-key.js";

/** The data domains that get their own key in every region. */
export const KEY_DOMAINS = ["database", "lake", "streaming", "search", "compute", "logs"] as const;
export type KeyDomain = (typeof KEY_DOMAINS)[number];

export interface RegionKeysProps {
  readonly names: RegionResolver;
}

/**
 * One customer-managed key per data domain, so a grant on one domain's key
 * (say, search) never decrypts another's (the shard databases).
 */
export class RegionKeys extends Construct {
  readonly database: RegionalKey;
  readonly lake: RegionalKey;
  readonly streaming: RegionalKey;
  readonly search: RegionalKey;
  readonly compute: RegionalKey;
  readonly logs: RegionalKey;

  constructor(scope: Construct, id: string, props: RegionKeysProps) {
    super(scope, id);
    const { names } = props;
    const { accountId, awsRegion } = names.region;
    const key = (constructId: string, domain: KeyDomain, extraStatements: readonly PolicyStatement[] = []) =>
      new RegionalKey(this, constructId, {
        aliasName: names.name("key", [domain], "kmsAlias"),
        description: `regionkit ${names.id} ${domain} data (${awsRegion})`,
        accountId,
        awsRegion,
        extraStatements,
      });
    this.database = key("Database", "database");
    this.lake = key("Lake", "lake");
    this.streaming = key("Streaming", "streaming");
    this.search = key("Search", "search");
    this.compute = key("Compute", "compute");
    // CloudWatch Logs uses the key itself, so its regional principal is named in the key policy,
    // limited to this account's log groups in this region.
    this.logs = key("Logs", "logs", [
      {
        Sid: "RegionalCloudWatchLogs",
        Effect: "Allow",
        Principal: { Service: `logs.${awsRegion}.amazonaws.com` },
        Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        Resource: "*",
        Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${awsRegion}:${accountId}:log-group:*` } },
      },
    ]);
  }

  get all(): readonly RegionalKey[] {
    return [this.database, this.lake, this.streaming, this.search, this.compute, this.logs];
  }
}
