import type { z } from "zod";
import { AWS_REGIONS, type Jurisdiction } from "./aws-regions.js";
import { crossFieldIssues, DEFAULT_PHYSICAL_DATABASES, SHARD_PRESETS } from "./checks.js";
import { didYouMean } from "./hints.js";
import type { ManifestIssue } from "./issues.js";
import { FIRST_GENERATION, generationNumber, type FleetGeneration, type ReshardTransition } from "./fleet.js";
import { ManifestSchema, type ParsedManifest, type ParsedRegion } from "./schema.js";

type Shard = Omit<ParsedRegion["shardFleet"], "generations" | "reshard">;

/** `shardFleet` with defaults applied: fleet-wide settings, the generations and the declared reshard. */
export interface ShardFleetConfig extends Shard {
  /** Databases of the first declared generation (what `physicalDatabases` meant before generations). */
  readonly physicalDatabases: number;
  /** Oldest first; one (`g1`) unless the manifest declares more. */
  readonly generations: readonly FleetGeneration[];
  readonly reshard?: ReshardTransition;
}

/** A region with every default applied: what stacks and applications consume. */
export interface RegionConfig extends Omit<ParsedRegion, "accountId" | "availabilityZones" | "shardFleet" | "jurisdiction"> {
  readonly jurisdiction: Jurisdiction;
  readonly accountId: string;
  readonly availabilityZones: readonly [string, string, string];
  readonly shardFleet: ShardFleetConfig;
}

export type CentralConfig = ParsedManifest["central"];
/** The manifest's `central.warehouse`: the Snowflake account's PrivateLink service and host names. */
export type WarehouseEndpointConfig = NonNullable<CentralConfig["warehouse"]>;
export type GuardrailExceptionConfig = ParsedManifest["exceptions"][number];

export interface Manifest {
  readonly regions: readonly RegionConfig[];
  readonly central: CentralConfig;
  readonly exceptions: readonly GuardrailExceptionConfig[];
}

export interface ValidationResult {
  /** Present only when there is no error-level issue. */
  readonly manifest?: Manifest;
  readonly issues: readonly ManifestIssue[];
}

/** Validate a manifest value (as parsed from YAML): every issue at once, errors and warnings. */
export function validateManifest(raw: unknown): ValidationResult {
  const parsed = ManifestSchema.safeParse(raw, { reportInput: true });
  const issues: ManifestIssue[] = parsed.success ? [] : parsed.error.issues.flatMap(toManifestIssues);
  issues.push(...crossFieldIssues(raw));
  const hasErrors = issues.some((i) => i.severity !== "warning");
  if (!parsed.success || hasErrors) return { issues };
  return { manifest: normalize(parsed.data), issues };
}

function normalize(m: ParsedManifest): Manifest {
  const regions = m.regions.map((r): RegionConfig => {
    const { generations: declared, reshard, ...fleet } = r.shardFleet;
    const single = fleet.physicalDatabases ?? (fleet.preset ? SHARD_PRESETS[fleet.preset]! : DEFAULT_PHYSICAL_DATABASES);
    const generations = (declared ?? [{ id: FIRST_GENERATION, physicalDatabases: single }]).map(
      (g): FleetGeneration => ({
        id: g.id,
        number: generationNumber(g.id),
        logicalShards: fleet.logicalShards,
        physicalDatabases: g.physicalDatabases,
        shardsPerDatabase: fleet.logicalShards / g.physicalDatabases,
        instanceClass: g.instanceClass ?? fleet.instanceClass,
        storageGiB: g.storageGiB ?? fleet.storageGiB,
        maxStorageGiB: g.maxStorageGiB ?? fleet.maxStorageGiB,
      }),
    );
    const shardFleet: ShardFleetConfig = { ...fleet, physicalDatabases: generations[0]!.physicalDatabases, generations, ...(reshard ? { reshard } : {}) };
    return {
      ...r,
      jurisdiction: r.jurisdiction,
      accountId: r.accountId ?? m.central.accountId,
      availabilityZones: (r.availabilityZones as [string, string, string] | undefined) ?? AWS_REGIONS[r.awsRegion]!.availabilityZones,
      shardFleet,
    };
  });
  return { regions, central: m.central, exceptions: m.exceptions };
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("");
}

/** Issue codes by the field they are about, so tests and tools can match a stable code. */
const FIELD_CODES: Readonly<Record<string, string>> = {
  id: "invalid-id",
  awsRegion: "unknown-aws-region",
  backupRegion: "unknown-aws-region",
  cidr: "cidr-invalid",
  accountId: "invalid-account-id",
  jurisdiction: "unknown-jurisdiction",
};

function toManifestIssues(issue: z.core.$ZodIssue): ManifestIssue[] {
  if (issue.code === "unrecognized_keys") {
    const valid = validKeysAt(issue.path);
    return issue.keys.map((key) => ({
      code: "unknown-key",
      path: formatPath([...issue.path, key]),
      message: `unknown key "${key}"${didYouMean(key, valid)}; valid keys here: ${valid.join(", ")}`,
    }));
  }
  const path = formatPath(issue.path);
  const field = String(issue.path[issue.path.length - 1] ?? "");
  if (issue.code === "invalid_type" && issue.input === undefined && !/missing/.test(issue.message))
    return [{ code: "missing", path, message: `${field} is required` }];
  if (issue.code === "too_small" && issue.origin === "number") return [{ code: "not-positive", path, message: issue.message }];
  if (issue.code === "too_small" && issue.origin === "array" && field === "regions") return [{ code: "empty-regions", path, message: issue.message }];
  if (/is missing/.test(issue.message)) return [{ code: field === "central" ? "missing-central" : "missing", path, message: issue.message }];
  return [{ code: FIELD_CODES[field] ?? "invalid-value", path, message: issue.message }];
}

/** The keys the schema allows at a path, for the "valid keys" part of an unknown-key error. */
function validKeysAt(path: ReadonlyArray<PropertyKey>): string[] {
  let node: unknown = ManifestSchema;
  const unwrap = (n: unknown): unknown => {
    let cur = n as { unwrap?: () => unknown; element?: unknown; _zod?: { def?: { innerType?: unknown } } };
    for (let guard = 0; guard < 10; guard++) {
      const inner = cur?._zod?.def?.innerType;
      if (inner) cur = inner as typeof cur;
      else break;
    }
    return cur;
  };
  for (const segment of path) {
    const cur = unwrap(node) as { shape?: Record<string, unknown>; element?: unknown };
    node = typeof segment === "number" ? cur.element : cur.shape?.[String(segment)];
  }
  const target = unwrap(node) as { shape?: Record<string, unknown> };
  return Object.keys(target?.shape ?? {});
}
