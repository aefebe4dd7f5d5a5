import { sha256Hex } from "./sha256.js";

/**
 * The one naming helper. Every physical name in the kit comes from `label()`:
 * fixed part order (namespace, region, component, qualifiers), `-` between
 * parts, lower case, characters outside [a-z0-9-] stripped, and a service's
 * length limit met by truncation plus a short stable hash of the full name, so
 * two long names never collide after truncation.
 */

/** Length limits and extra rules per AWS service, from each service's naming docs. */
export const NAME_LIMITS = {
  s3Bucket: 63,
  rdsIdentifier: 63,
  dbParameterGroup: 255,
  iamRole: 64,
  iamPolicy: 128,
  mskCluster: 64,
  emrCluster: 256,
  openSearchDomain: 28,
  openSearchServerless: 32,
  eksCluster: 100,
  securityGroup: 255,
  logGroup: 512,
  kmsAlias: 250,
  dynamoTable: 255,
  mwaaEnvironment: 80,
  ssmParameter: 1011,
  secret: 512,
  /** Load balancers and target groups. */
  loadBalancer: 32,
  generic: 255,
} as const;

export type NamedService = keyof typeof NAME_LIMITS;

const HASH_LENGTH = 6;

export interface LabelParts {
  /** The kit's namespace (`central.namespace`, default `rk`). */
  readonly namespace: string;
  /** Region id, or `central` for central resources. */
  readonly region: string;
  /** What the resource is: `shard`, `lake`, `kafka`, ... */
  readonly component: string;
  /** Further qualifiers in order: a zone, an index, an account id. */
  readonly qualifiers?: ReadonlyArray<string | number>;
}

export function sanitizePart(part: string | number): string {
  return String(part)
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
}

export function shortHash(text: string, length = HASH_LENGTH): string {
  return sha256Hex(text).slice(0, length);
}

/**
 * `rk-eu-lake-raw-222222222222`, or, when too long for `service`,
 * `rk-eu-lake-raw-2222-1a2b3c`: truncated, then a hash of the untruncated name.
 */
export function label(parts: LabelParts, service: NamedService = "generic"): string {
  const full = [parts.namespace, parts.region, parts.component, ...(parts.qualifiers ?? [])]
    .map(sanitizePart)
    .filter((p) => p.length > 0)
    .join("-");
  const limit = NAME_LIMITS[service];
  if (full.length <= limit) return full;
  const keep = limit - HASH_LENGTH - 1;
  return `${full.slice(0, keep).replace(/-+$/, "")}-${shortHash(full)}`;
}

/** `ecr.api` → `EcrApi`, `eu.cdc.block` → `EuCdcBlock`: a construct id from a name (ids are PascalCase literals). */
export function pascalCase(text: string): string {
  return text
    .split(/[.-]/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("");
}
