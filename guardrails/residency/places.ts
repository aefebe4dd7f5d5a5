import { LAKE_ZONES, RegionResolver, stateBucketName } from "../../regions/resolvers.js";
import type { StackContextApi } from "../types.js";
import type { Profile } from "./catalog.js";

/**
 * The allowed places of one stack. `regions` is where its resources may live (placement); a stack may
 * *name* more (`namedRegions`: central's routing table names every region; the warehouse reads every
 * region's export). Accounts likewise. Everything else is outside.
 */
export interface Places {
  readonly profile: Profile;
  readonly regions: ReadonlySet<string>;
  readonly namedRegions: ReadonlySet<string>;
  readonly accounts: ReadonlySet<string>;
  readonly namedAccounts: ReadonlySet<string>;
  /** The stack's own account (regional: the region's; central/warehouse: central's). */
  readonly account: string;
  readonly namespace: string;
  readonly resolver?: RegionResolver;
  /** Every manifest region's resolver, for central and warehouse. */
  readonly regionResolvers: readonly RegionResolver[];
  /** Whether a bucket name is one of this stack's own (kit naming, or a bucket defined here). */
  ownBucket(name: string): boolean;
}

export function profileOf(ctx: StackContextApi): Profile | undefined {
  if (ctx.kind === "central") return "central";
  if (ctx.kind === "warehouse") return "warehouse";
  if (ctx.stack === "edge" || ctx.stack.startsWith("edge-")) return "edge";
  if (ctx.kind !== "regional") return ctx.stack.startsWith("bootstrap") ? "bootstrap" : undefined;
  if (ctx.stack.startsWith("cdc-")) return "cdc";
  if (ctx.stack.startsWith("bootstrap-")) return "bootstrap";
  return "data";
}

export function placesOf(ctx: StackContextApi, profile: Profile): Places {
  const m = ctx.manifest;
  const ns = m.central.namespace;
  const regionResolvers = m.regions.map((r) => new RegionResolver(r, ns));
  const everyRegion = new Set([m.central.awsRegion, ...regionResolvers.flatMap((r) => r.allowedAwsRegions)]);
  const everyAccount = new Set([m.central.accountId, ...m.regions.map((r) => r.accountId)]);
  const inStack = new Set(ctx.ofType("aws_s3_bucket").map((b) => b.attrs.bucket).filter((b): b is string => typeof b === "string"));
  if (ctx.resolver && ctx.region && (profile === "data" || profile === "cdc" || profile === "bootstrap")) {
    const r = ctx.resolver;
    const regions = new Set(r.allowedAwsRegions);
    const accounts = new Set([ctx.region.accountId]);
    const known = new Set<string>([r.stateBucket, r.sparkArtifactsBucket]);
    for (const z of LAKE_ZONES) {
      known.add(r.lakeBucket(z));
      if (ctx.region.backupRegion) known.add(r.lakeBackupBucket(z));
    }
    const prefix = `${ns}-${ctx.region.id}-`;
    const suffix = `-${ctx.region.accountId}`;
    return {
      profile,
      regions,
      namedRegions: regions,
      accounts,
      namedAccounts: accounts,
      account: ctx.region.accountId,
      namespace: ns,
      resolver: r,
      regionResolvers,
      // Kit-named buckets of this region carry its prefix and account; others must be defined in this stack.
      ownBucket: (name) => known.has(name) || inStack.has(name) || (name.startsWith(prefix) && name.includes(suffix)),
    };
  }
  const central = new Set([m.central.awsRegion]);
  const centralAccount = new Set([m.central.accountId]);
  const centralPrefix = `${ns}-central-`;
  const centralState = stateBucketName(ns, m.central.accountId, m.central.awsRegion);
  return {
    profile,
    regions: central,
    namedRegions: everyRegion,
    accounts: centralAccount,
    namedAccounts: everyAccount,
    account: m.central.accountId,
    namespace: ns,
    regionResolvers,
    ownBucket: (name) => inStack.has(name) || name === centralState || name.startsWith(centralPrefix),
  };
}
