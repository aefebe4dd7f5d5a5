import { LAKE_ZONES, RegionResolver, stateBucketName } from "../../regions/resolvers.js";
import type { StackContextApi } from "../types.js";
import type { Jurisdiction } from "../../regions/aws-regions.js";
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
  /**
   * Host names the manifest declares as a region's own (its logging API, `regions[].eventHostname`): a
   * regional stack's own, and every region's for the edge router, which sends each workspace to its region.
   */
  readonly declaredHosts: ReadonlySet<string>;
  /** ELB log-delivery accounts of the stack's own AWS regions: allowed only to put objects into its buckets (RK-RES-020). */
  readonly logDeliveryAccounts: ReadonlySet<string>;
}

const logDelivery = (regions: Iterable<string>): Set<string> => new Set([...regions].map((r) => ELB_LOG_DELIVERY_ACCOUNTS[r]).filter((a): a is string => a !== undefined));

/**
 * The AWS accounts that deliver Elastic Load Balancing access logs in the AWS regions opened before
 * August 2022 (AWS docs, "Enable access logs for your Application Load Balancer": a bucket policy grants
 * the region's account `s3:PutObject`; newer regions use the service principal
 * `logdelivery.elasticloadbalancing.amazonaws.com`). An AWS-owned delivery account of one AWS region.
 */
export const ELB_LOG_DELIVERY_ACCOUNTS: Readonly<Record<string, string>> = {
  "us-east-1": "127311923021",
  "us-east-2": "033677994240",
  "us-west-1": "027434742980",
  "us-west-2": "797873946194",
  "af-south-1": "098369216593",
  "ap-east-1": "754344448648",
  "ap-southeast-3": "589379963580",
  "ap-south-1": "718504428378",
  "ap-northeast-3": "383597477331",
  "ap-northeast-2": "600734575887",
  "ap-southeast-1": "114774131450",
  "ap-southeast-2": "783225319266",
  "ap-northeast-1": "582318560864",
  "ca-central-1": "985666609251",
  "eu-central-1": "054676820928",
  "eu-west-1": "156460612806",
  "eu-west-2": "652711504416",
  "eu-south-1": "635631232127",
  "eu-west-3": "009996457667",
  "eu-north-1": "897822967062",
  "me-south-1": "076674570225",
  "sa-east-1": "507241528517",
  "us-gov-west-1": "048591011584",
  "us-gov-east-1": "190560391635",
};

/**
 * The AWS-owned accounts that publish the CloudWatch Lambda Insights extension layer per AWS region
 * (AWS docs, "Available versions of the Lambda Insights extension"; the same table as awslabs'
 * serverless-plugin-lambda-insights `layerVersions.json` and aws-cdk's region-info). A function runs the
 * layer's code inside its own execution environment, so the layer names AWS, not a destination: the
 * account is accepted only as a `layers` entry naming that layer in the account's own AWS region.
 */
export const LAMBDA_INSIGHTS_LAYER_ACCOUNTS: Readonly<Record<string, string>> = {
  "us-east-1": "580247275435",
  "us-east-2": "580247275435",
  "us-west-1": "580247275435",
  "us-west-2": "580247275435",
  "af-south-1": "012438385374",
  "ap-east-1": "519774774795",
  "ap-south-1": "580247275435",
  "ap-south-2": "891564319516",
  "ap-southeast-1": "580247275435",
  "ap-southeast-2": "580247275435",
  "ap-southeast-3": "439286490199",
  "ap-northeast-1": "580247275435",
  "ap-northeast-2": "580247275435",
  "ap-northeast-3": "194566237122",
  "ca-central-1": "580247275435",
  "eu-central-1": "580247275435",
  "eu-central-2": "033019950311",
  "eu-west-1": "580247275435",
  "eu-west-2": "580247275435",
  "eu-west-3": "580247275435",
  "eu-north-1": "580247275435",
  "eu-south-1": "339249233099",
  "eu-south-2": "352183217350",
  "me-central-1": "732604637566",
  "me-south-1": "285320876703",
  "sa-east-1": "580247275435",
};

const AWS_LAYER = /^arn:aws:lambda:([a-z0-9-]+):(\d{12}):layer:(LambdaInsightsExtension(?:-Arm64)?):\d+$/;

/** Whether `arn` is a version of AWS's Lambda Insights layer, published by AWS's account of that layer's region, in one of `regions`. */
export function awsPublishedLayer(arn: string, regions: ReadonlySet<string>): boolean {
  const m = AWS_LAYER.exec(arn.trim());
  return m !== null && regions.has(m[1]!) && LAMBDA_INSIGHTS_LAYER_ACCOUNTS[m[1]!] === m[2];
}

/**
 * Local Zones sit below a parent AWS region but can be in another country (AWS docs, "Available Local
 * Zones", column Geography: `us-east-1-qro-1a` is Querétaro, Mexico; Tokyo's `ap-northeast-1-tpe-1a` is
 * Taipei). The jurisdiction of each zone group the kit knows, by `<parent region>-<group>`; a Local Zone
 * not listed fails closed (its geography cannot be proven): add it here with the geography AWS documents.
 */
export const LOCAL_ZONE_JURISDICTIONS: Readonly<Record<string, Jurisdiction | "TW">> = {
  "us-east-1-atl": "US",
  "us-east-1-bos": "US",
  "us-east-1-chi": "US",
  "us-east-1-dfw": "US",
  "us-east-1-qro": "MX",
  "us-west-2-lax": "US",
  "eu-central-1-ham": "EU",
  "eu-central-1-waw": "EU",
  "ap-northeast-1-tpe": "TW",
};

/** A Local Zone name (`eu-central-1-ham-1a`) or its network border group (`eu-central-1-ham-1`): parent region and group. */
const LOCAL_ZONE = /(?<![a-z0-9-])((?:us|eu|ap|ca|sa|me|af|il|mx)-[a-z]+-\d{1,2})-([a-z]{3})-\d[a-z]?(?![a-z0-9-])/g;

/** Local Zones named in `text` whose jurisdiction is not `jurisdiction` (unknown ones included), with why. */
export function foreignLocalZones(text: string, jurisdiction: string): Array<{ zone: string; why: string }> {
  const out: Array<{ zone: string; why: string }> = [];
  for (const m of text.matchAll(LOCAL_ZONE)) {
    const where = LOCAL_ZONE_JURISDICTIONS[`${m[1]}-${m[2]}`];
    if (where === undefined) out.push({ zone: m[0], why: "a Local Zone whose geography the catalog does not know (LOCAL_ZONE_JURISDICTIONS in guardrails/residency/places.ts)" });
    else if (where !== jurisdiction) out.push({ zone: m[0], why: `a Local Zone in ${where}, outside ${jurisdiction}, though its parent region is ${m[1]}` });
  }
  return out;
}

/** The logging API hosts a region declares in the manifest (edge-facing and internal). */
function eventHosts(r: RegionResolver): string[] {
  return [r.region.eventHostname, r.internalEventHostname].filter((h): h is string => typeof h === "string");
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
      declaredHosts: new Set(eventHosts(r)),
      logDeliveryAccounts: logDelivery(regions),
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
    declaredHosts: new Set(profile === "edge" ? regionResolvers.flatMap(eventHosts) : []),
    logDeliveryAccounts: logDelivery(profile === "central" ? central : []),
  };
}
