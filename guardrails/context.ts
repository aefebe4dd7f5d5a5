import type { Manifest } from "../regions/manifest.js";
import { CENTRAL_STACK, LAKE_ZONES, RegionResolver, regionalStackName, WAREHOUSE_STACK } from "../regions/resolvers.js";
import type { BucketLocation, StackContextApi, StackKind, TfResource } from "./types.js";

/** `${aws_s3_bucket.Name.arn}` → ["aws_s3_bucket.Name", "arn"]. Data sources keep their `data.` prefix. */
const REFERENCE = /\$\{((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)(?:\.([a-z0-9_]+))?/g;

export function referencesIn(value: string): string[] {
  const out: string[] = [];
  for (const m of value.matchAll(REFERENCE)) out.push(m[1]!);
  return out;
}

export const isToken = (value: unknown): boolean => typeof value === "string" && value.includes("${");

/** Every resource and data source of a synthesized stack, in file order. */
export function resourcesOf(json: Readonly<Record<string, any>>): TfResource[] {
  const out: TfResource[] = [];
  const add = (section: unknown, mode: "managed" | "data") => {
    for (const [type, byName] of Object.entries((section ?? {}) as Record<string, Record<string, Record<string, unknown>>>)) {
      for (const [name, body] of Object.entries(byName ?? {})) {
        const { "//": meta, ...attrs } = body ?? {};
        const constructPath = (meta as { metadata?: { path?: string } } | undefined)?.metadata?.path;
        out.push({ address: mode === "data" ? `data.${type}.${name}` : `${type}.${name}`, type, name, mode, attrs, constructPath });
      }
    }
  };
  add(json.resource, "managed");
  add(json.data, "data");
  return out;
}

/** Stack kind and manifest region from the stack name: `data-eu` and `cdc-eu` both belong to region `eu`. */
export function classifyStack(stack: string, manifest: Manifest): { kind: StackKind; regionId?: string } {
  if (stack === CENTRAL_STACK) return { kind: "central" };
  if (stack === WAREHOUSE_STACK) return { kind: "warehouse" };
  const exact = manifest.regions.find((r) => regionalStackName(r.id) === stack);
  if (exact) return { kind: "regional", regionId: exact.id };
  // Longest id wins, so `cdc-apac-2` maps to `apac-2`, not to `2`-suffixed ids.
  const byPrefix = manifest.regions.filter((r) => stack.endsWith(`-${r.id}`)).sort((a, b) => b.id.length - a.id.length)[0];
  return byPrefix ? { kind: "regional", regionId: byPrefix.id } : { kind: "other" };
}

/** Collect every string in a value, depth first. */
export function collectStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, out);
  else if (value && typeof value === "object") for (const v of Object.values(value)) collectStrings(v, out);
  return out;
}

const S3_ARN = /^arn:aws[a-z-]*:s3:::([^/]+)/;
const S3_URI = /^s3a?n?:\/\/([^/]+)/;

function ownLakeBucketRegion(resolver: RegionResolver, name: string): string | undefined {
  for (const zone of LAKE_ZONES) {
    if (resolver.lakeBucket(zone) === name) return resolver.region.awsRegion;
    if (resolver.region.backupRegion && resolver.lakeBackupBucket(zone) === name) return resolver.region.backupRegion;
  }
  return undefined;
}

export class StackContext implements StackContextApi {
  readonly kind: StackKind;
  readonly region;
  readonly resolver?: RegionResolver;
  readonly allowedRegions: readonly string[];
  readonly accountId?: string;
  readonly resources: readonly TfResource[];
  private readonly types = new Map<string, TfResource[]>();
  private readonly addresses = new Map<string, TfResource>();
  private readonly providerRegions = new Map<string, string | undefined>();
  private readonly providerTags = new Map<string, Record<string, string>>();
  private readonly stringCache = new WeakMap<TfResource, readonly string[]>();
  private readonly companionIndex = new Map<string, Map<string, TfResource[]>>();

  constructor(
    readonly stack: string,
    readonly json: Readonly<Record<string, any>>,
    readonly manifest: Manifest,
  ) {
    const { kind, regionId } = classifyStack(stack, manifest);
    this.kind = kind;
    this.region = regionId ? manifest.regions.find((r) => r.id === regionId) : undefined;
    if (this.region) {
      this.resolver = new RegionResolver(this.region, manifest.central.namespace);
      this.allowedRegions = this.resolver.allowedAwsRegions;
      this.accountId = this.region.accountId;
    } else if (kind === "central") {
      this.allowedRegions = [manifest.central.awsRegion];
      this.accountId = manifest.central.accountId;
    } else this.allowedRegions = [];
    this.resources = resourcesOf(json);
    for (const r of this.resources) {
      const list = this.types.get(r.type);
      if (list) list.push(r);
      else this.types.set(r.type, [r]);
      this.addresses.set(r.address, r);
    }
    for (const [local, blocks] of Object.entries((json.provider ?? {}) as Record<string, Array<Record<string, any>>>)) {
      for (const block of blocks ?? []) {
        const key = block.alias ? `${local}.${block.alias}` : local;
        this.providerRegions.set(key, typeof block.region === "string" && !isToken(block.region) ? block.region : undefined);
        const tags = Object.assign({}, ...((block.default_tags ?? []) as Array<{ tags?: Record<string, string> }>).map((d) => d.tags ?? {}));
        this.providerTags.set(key, tags);
      }
    }
  }

  ofType(type: string): readonly TfResource[] {
    return this.types.get(type) ?? [];
  }

  byAddress(address: string): TfResource | undefined {
    return this.addresses.get(address);
  }

  private providerKey(resource: TfResource): string {
    const p = resource.attrs.provider;
    if (typeof p === "string") return p.replace(/^\$\{|\}$/g, "");
    return resource.type.split("_")[0]!;
  }

  effectiveRegion(resource: TfResource): string | undefined {
    const own = resource.attrs.region;
    if (typeof own === "string") return isToken(own) ? undefined : own;
    return this.providerRegions.get(this.providerKey(resource));
  }

  tags(resource: TfResource): Readonly<Record<string, string>> {
    const own = resource.attrs.tags;
    return { ...(this.providerTags.get(this.providerKey(resource)) ?? {}), ...(own && typeof own === "object" ? (own as Record<string, string>) : {}) };
  }

  strings(resource: TfResource): readonly string[] {
    let s = this.stringCache.get(resource);
    if (!s) this.stringCache.set(resource, (s = collectStrings(resource.attrs)));
    return s;
  }

  companions(target: TfResource, type: string, attr = "bucket"): readonly TfResource[] {
    const key = `${type}#${attr}`;
    let index = this.companionIndex.get(key);
    if (!index) {
      index = new Map();
      for (const r of this.ofType(type)) {
        const value = r.attrs[attr];
        if (typeof value !== "string") continue;
        const keys = isToken(value) ? referencesIn(value) : [`literal:${value}`];
        for (const k of keys) {
          const list = index.get(k);
          if (list) list.push(r);
          else index.set(k, [r]);
        }
      }
      this.companionIndex.set(key, index);
    }
    const byRef = index.get(target.address) ?? [];
    const name = target.attrs.bucket ?? target.attrs.name ?? target.attrs.identifier;
    const byName = typeof name === "string" && !isToken(name) ? (index.get(`literal:${name}`) ?? []) : [];
    return byName.length === 0 ? byRef : [...byRef, ...byName];
  }

  bucketLocation(value: unknown): BucketLocation {
    if (typeof value !== "string" || value.length === 0) return { label: String(value) };
    if (isToken(value)) {
      const ref = referencesIn(value).find((a) => a.startsWith("aws_s3_bucket."));
      const resource = ref ? this.byAddress(ref) : undefined;
      if (resource) return { resource, region: this.effectiveRegion(resource), label: resource.address };
      return { label: value };
    }
    const name = S3_ARN.exec(value)?.[1] ?? S3_URI.exec(value)?.[1] ?? value;
    const resource = this.ofType("aws_s3_bucket").find((b) => b.attrs.bucket === name);
    if (resource) return { resource, region: this.effectiveRegion(resource), label: `${name} (${resource.address})` };
    // A bucket of this region defined in another of its stacks (data-<id> holds the lake; cdc-<id> may point at it).
    const own = this.resolver && this.region ? ownLakeBucketRegion(this.resolver, name) : undefined;
    return own ? { region: own, label: name } : { label: name };
  }
}
