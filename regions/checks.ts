import { AWS_REGIONS, awsRegionsOf, isAwsRegion } from "./aws-regions.js";
import { formatCidr, isNetworkAddress, isPrivate, overlaps, parseCidr, type Cidr } from "./cidr.js";
import { GENERATION_ID_PATTERN } from "./fleet.js";
import type { ManifestIssue } from "./issues.js";

/**
 * Rules that compare fields or regions. They run on the raw YAML value, next to
 * the zod schema, and look only at fields that are individually well-formed, so
 * a typo elsewhere never hides an overlap or a jurisdiction mismatch.
 */

export const MIN_CIDR_PREFIX = 16;
export const MAX_CIDR_PREFIX = 20;
export const DEFAULT_LOGICAL_SHARDS = 480;
export const DEFAULT_PHYSICAL_DATABASES = 32;
export const SHARD_PRESETS: Readonly<Record<string, number>> = { "32x15": 32, "96x5": 96 };
export const DEFAULT_STORAGE_GIB = 1000;
export const DEFAULT_MAX_STORAGE_GIB = 4000;
/** Automated backups of the shard databases are kept at least this long (RDS allows up to 35). */
export const MIN_BACKUP_RETENTION_DAYS = 14;
export const MAX_BACKUP_RETENTION_DAYS = 35;
/** Default RDS quotas per account and AWS region ("Quotas and constraints for Amazon RDS"); adjustable. */
export const RDS_INSTANCE_QUOTA = 40;
/** One data node per zone at least, so a zone outage leaves every shard a copy. */
export const MIN_SEARCH_DATA_NODES = 3;
/** Dedicated masters need an odd quorum that survives one zone. */
export const MIN_SEARCH_MASTER_NODES = 3;
/** The seeds keep each physical database under 10 TB. */
export const STORAGE_WARNING_GIB = 10_000;

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);
const isPositiveInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v > 0;

export function crossFieldIssues(raw: unknown): ManifestIssue[] {
  const issues: ManifestIssue[] = [];
  if (!isObject(raw) || !Array.isArray(raw.regions)) return issues;
  const regions = raw.regions.map((r, i) => ({ r: isObject(r) ? r : ({} as Raw), i }));

  const firstById = new Map<string, number>();
  const firstByPrimary = new Map<string, number>();
  const cidrs: Array<{ cidr: Cidr; i: number }> = [];

  for (const { r, i } of regions) {
    const at = `regions[${i}]`;
    if (typeof r.id === "string") {
      const first = firstById.get(r.id);
      if (first === undefined) firstById.set(r.id, i);
      else issues.push({ code: "duplicate-id", path: `${at}.id`, message: `duplicate region id "${r.id}" (already used by regions[${first}]); ids must be unique` });
    }

    const jurisdiction = r.jurisdiction;
    if (isAwsRegion(r.awsRegion)) {
      const first = firstByPrimary.get(r.awsRegion);
      if (first === undefined) firstByPrimary.set(r.awsRegion, i);
      else
        issues.push({
          code: "shared-primary",
          path: `${at}.awsRegion`,
          message: `AWS region ${r.awsRegion} is already the primary of regions[${first}]; each manifest region needs its own primary AWS region`,
        });
      checkJurisdiction(issues, `${at}.awsRegion`, r.awsRegion, jurisdiction, "primary");
    }
    if (isAwsRegion(r.backupRegion)) {
      if (r.backupRegion === r.awsRegion)
        issues.push({ code: "backup-is-primary", path: `${at}.backupRegion`, message: `backupRegion ${r.backupRegion} is the same as awsRegion; pick another AWS region of the same jurisdiction or leave it out` });
      else checkJurisdiction(issues, `${at}.backupRegion`, r.backupRegion, jurisdiction, "backup");
    }

    const cidr = parseCidr(r.cidr);
    if (typeof r.cidr === "string" && /^[\d.]+\/\d+$/.test(r.cidr) && !cidr)
      issues.push({ code: "cidr-invalid", path: `${at}.cidr`, message: `"${r.cidr}" is not a valid IPv4 CIDR block (octets 0-255, prefix 0-32)` });
    if (cidr) {
      const problems: string[] = [];
      if (cidr.prefix < MIN_CIDR_PREFIX || cidr.prefix > MAX_CIDR_PREFIX) problems.push(`its prefix must be /${MIN_CIDR_PREFIX} to /${MAX_CIDR_PREFIX}, not /${cidr.prefix}`);
      if (!isPrivate(cidr)) problems.push("it must lie in a private range (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16)");
      if (!isNetworkAddress(cidr)) {
        const aligned = formatCidr({ base: cidr.base - (cidr.base % 2 ** (32 - cidr.prefix)), prefix: cidr.prefix });
        problems.push(`it has host bits set (did you mean ${aligned}?)`);
      }
      if (problems.length > 0) issues.push({ code: "cidr-invalid", path: `${at}.cidr`, message: `cidr "${r.cidr}" is not usable: ${problems.join("; ")}` });
      else {
        for (const other of cidrs)
          if (overlaps(cidr, other.cidr))
            issues.push({ code: "cidr-overlap", path: `${at}.cidr`, message: `cidr ${r.cidr} overlaps regions[${other.i}].cidr ${formatCidr(other.cidr)}; region networks must not overlap` });
        cidrs.push({ cidr, i });
      }
    }

    if (Array.isArray(r.availabilityZones) && isAwsRegion(r.awsRegion)) {
      const zones = r.availabilityZones;
      const wrong = zones.filter((z) => typeof z !== "string" || !new RegExp(`^${r.awsRegion}[a-z]$`).test(z));
      if (zones.length !== 3 || new Set(zones).size !== 3 || wrong.length > 0)
        issues.push({
          code: "availability-zones",
          path: `${at}.availabilityZones`,
          message: `availabilityZones must be three distinct zones of ${r.awsRegion} (e.g. ${AWS_REGIONS[r.awsRegion]!.availabilityZones.join(", ")}), got ${JSON.stringify(zones)}`,
        });
    }

    if (isObject(r.shardFleet)) checkShardFleet(issues, `${at}.shardFleet`, r.shardFleet);
    checkBackupReplication(issues, at, r);
    if (isObject(r.search)) checkSearch(issues, `${at}.search`, r.search);
  }
  return issues;
}

function checkJurisdiction(issues: ManifestIssue[], path: string, code: string, jurisdiction: unknown, role: string): void {
  const actual = AWS_REGIONS[code]!.jurisdiction;
  if (typeof jurisdiction !== "string" || actual === jurisdiction) return;
  const valid = awsRegionsOf(jurisdiction);
  issues.push({
    code: "wrong-jurisdiction",
    path,
    message: `${role} AWS region ${code} is in jurisdiction ${actual}, not ${jurisdiction}; ${jurisdiction} regions are: ${valid.length > 0 ? valid.join(", ") : "(none known)"}`,
  });
}

/** Replication goes only to the region's own backup AWS region, so asking for it needs one. */
function checkBackupReplication(issues: ManifestIssue[], at: string, r: Raw): void {
  if (r.backupRegion !== undefined) return;
  const asks: Array<[string, unknown]> = [
    ["shardFleet.replicateBackupsToBackupRegion", isObject(r.shardFleet) ? r.shardFleet.replicateBackupsToBackupRegion : undefined],
    ["lake.replicateToBackupRegion", isObject(r.lake) ? r.lake.replicateToBackupRegion : undefined],
  ];
  for (const [field, value] of asks)
    if (value === true)
      issues.push({
        code: "replication-without-backup-region",
        path: `${at}.${field}`,
        message: `${field} is true but the region has no backupRegion; add backupRegion (an AWS region of the same jurisdiction as awsRegion) or set ${field.split(".")[1]} to false`,
      });
}

function checkShardFleet(issues: ManifestIssue[], at: string, fleet: Raw): void {
  if (fleet.generations !== undefined || fleet.reshard !== undefined) return checkGenerations(issues, at, fleet);
  const logical = fleet.logicalShards === undefined ? DEFAULT_LOGICAL_SHARDS : fleet.logicalShards;
  const presetCount = typeof fleet.preset === "string" ? SHARD_PRESETS[fleet.preset] : undefined;
  if (presetCount !== undefined && fleet.physicalDatabases !== undefined && fleet.physicalDatabases !== presetCount)
    issues.push({
      code: "preset-conflict",
      path: `${at}.physicalDatabases`,
      message: `physicalDatabases ${String(fleet.physicalDatabases)} contradicts preset "${String(fleet.preset)}" (${presetCount} databases); set one or the other`,
    });
  const physical = fleet.physicalDatabases ?? presetCount ?? DEFAULT_PHYSICAL_DATABASES;
  if (isPositiveInt(logical) && isPositiveInt(physical) && logical % physical !== 0) {
    const divisors = divisorsOf(logical);
    issues.push({
      code: "shards-not-divisible",
      path: `${at}.${fleet.physicalDatabases === undefined ? "logicalShards" : "physicalDatabases"}`,
      message: `physicalDatabases ${physical} does not divide logicalShards ${logical}; valid database counts for ${logical} shards: ${divisors.join(", ")}`,
    });
  }
  if (isPositiveInt(physical)) checkQuota(issues, `${at}.${fleet.physicalDatabases === undefined ? "preset" : "physicalDatabases"}`, physical);
  checkFleetSettings(issues, at, fleet);
}

/** Checks that do not depend on the fleet's shape. */
function checkFleetSettings(issues: ManifestIssue[], at: string, fleet: Raw): void {
  const retention = fleet.backupRetentionDays;
  if (isPositiveInt(retention) && (retention < MIN_BACKUP_RETENTION_DAYS || retention > MAX_BACKUP_RETENTION_DAYS))
    issues.push({
      code: "backup-retention",
      path: `${at}.backupRetentionDays`,
      message: `backupRetentionDays ${retention} is outside ${MIN_BACKUP_RETENTION_DAYS}-${MAX_BACKUP_RETENTION_DAYS}: the kit keeps at least ${MIN_BACKUP_RETENTION_DAYS} days of shard backups and RDS keeps at most ${MAX_BACKUP_RETENTION_DAYS}`,
    });
  checkStorage(issues, at, fleet.storageGiB, fleet.maxStorageGiB);
  for (const field of ["storageGiB", "maxStorageGiB"] as const) {
    const v = fleet[field];
    if (isPositiveInt(v) && v > STORAGE_WARNING_GIB)
      issues.push({
        code: "storage-over-10tb",
        severity: "warning",
        path: `${at}.${field}`,
        message: `${field} ${v} exceeds ${STORAGE_WARNING_GIB} GiB per database; the seeds split databases before 10 TB (add physical databases instead)`,
      });
  }
}

function checkQuota(issues: ManifestIssue[], path: string, databases: number): void {
  if (databases > RDS_INSTANCE_QUOTA)
    issues.push({
      code: "rds-instance-quota",
      severity: "warning",
      path,
      message: `${databases} databases exceed the default RDS quota of ${RDS_INSTANCE_QUOTA} DB instances per account and AWS region; request an increase before deploying`,
    });
}

/** `storage`/`maxStorage` as written (undefined: the default); `at` is the block they belong to. */
function checkStorage(issues: ManifestIssue[], at: string, storageGiB: unknown, maxStorageGiB: unknown, defaults: { storage: unknown; maxStorage: unknown } = { storage: DEFAULT_STORAGE_GIB, maxStorage: DEFAULT_MAX_STORAGE_GIB }): void {
  const storage = storageGiB ?? defaults.storage;
  const maxStorage = maxStorageGiB ?? defaults.maxStorage;
  if (isPositiveInt(storage) && isPositiveInt(maxStorage) && maxStorage < storage)
    issues.push({
      code: "max-storage-below-storage",
      path: `${at}.maxStorageGiB`,
      message: `maxStorageGiB ${maxStorage}${maxStorageGiB === undefined ? " (default)" : ""} is below storageGiB ${storage}; the autoscaling ceiling must be at least the allocated storage`,
    });
}

const divisorsOf = (n: number): number[] => Array.from({ length: n }, (_, k) => k + 1).filter((d) => n % d === 0);

/**
 * A fleet with `generations`: each generation's shape, their order, and the
 * reshard between them. At most two generations at a time (the one serving and
 * the one a reshard moves to); the old one leaves the manifest after `finished`.
 */
function checkGenerations(issues: ManifestIssue[], at: string, fleet: Raw): void {
  const logical = fleet.logicalShards === undefined ? DEFAULT_LOGICAL_SHARDS : fleet.logicalShards;
  const generations = Array.isArray(fleet.generations) ? fleet.generations.map((g) => (isObject(g) ? g : ({} as Raw))) : [];
  if (fleet.generations === undefined)
    issues.push({ code: "reshard-without-generations", path: `${at}.reshard`, message: `reshard needs generations: declare both, e.g. generations: [{ id: g1, physicalDatabases: 32 }, { id: g2, physicalDatabases: 96 }]` });
  for (const field of ["preset", "physicalDatabases"] as const)
    if (fleet.generations !== undefined && fleet[field] !== undefined)
      issues.push({
        code: "fleet-shape-twice",
        path: `${at}.${field}`,
        message: `${field} cannot be combined with generations (it sizes the single default generation g1); move it into the generation: generations: [{ id: g1, physicalDatabases: ${field === "preset" ? (SHARD_PRESETS[String(fleet.preset)] ?? "<count>") : String(fleet.physicalDatabases)} }]`,
      });

  const ids = generations.map((g) => (typeof g.id === "string" && GENERATION_ID_PATTERN.test(g.id) ? g.id : undefined));
  let quota = 0;
  generations.forEach((g, i) => {
    const gat = `${at}.generations[${i}]`;
    const id = ids[i];
    if (id !== undefined && ids.indexOf(id) !== i) issues.push({ code: "duplicate-generation", path: `${gat}.id`, message: `duplicate generation id "${id}" (already generations[${ids.indexOf(id)}]); each generation needs its own id` });
    const previous = ids.slice(0, i).filter((p): p is string => p !== undefined).at(-1);
    if (id !== undefined && previous !== undefined && Number(id.slice(1)) <= Number(previous.slice(1)) && ids.indexOf(id) === i)
      issues.push({ code: "generation-order", path: `${gat}.id`, message: `generation "${id}" comes after "${previous}" but its number is not higher; list generations oldest first with increasing numbers (g1, g2, ...)` });
    const physical = g.physicalDatabases;
    if (isPositiveInt(logical) && isPositiveInt(physical)) {
      quota += physical;
      if (logical % physical !== 0)
        issues.push({
          code: "shards-not-divisible",
          path: `${gat}.physicalDatabases`,
          message: `physicalDatabases ${physical} of generation ${id ?? i} does not divide logicalShards ${logical}; valid database counts for ${logical} shards: ${divisorsOf(logical).join(", ")}`,
        });
    }
    checkStorage(issues, gat, g.storageGiB, g.maxStorageGiB, { storage: fleet.storageGiB ?? DEFAULT_STORAGE_GIB, maxStorage: fleet.maxStorageGiB ?? DEFAULT_MAX_STORAGE_GIB });
  });
  if (quota > 0) checkQuota(issues, `${at}.generations`, quota);
  if (generations.length > 2)
    issues.push({
      code: "too-many-generations",
      path: `${at}.generations`,
      message: `${generations.length} generations declared; a region has one generation, or two while a reshard runs (remove the old one once its reshard is finished)`,
    });

  const reshard = isObject(fleet.reshard) ? fleet.reshard : undefined;
  if (generations.length === 2 && fleet.reshard === undefined)
    issues.push({
      code: "reshard-missing",
      path: `${at}.reshard`,
      message: `two generations (${ids.map(String).join(", ")}) need a reshard between them: add reshard: { from: ${ids[0] ?? "g1"}, to: ${ids[1] ?? "g2"}, state: planned }`,
    });
  if (reshard && generations.length > 0) {
    if (generations.length === 1)
      issues.push({
        code: "reshard-needs-two-generations",
        path: `${at}.reshard`,
        message: `reshard needs two generations but only ${ids[0] ?? "one"} is declared; add the generation it moves to, or remove reshard once the old generation is gone`,
      });
    else
      for (const [field, expected] of [["from", ids[0]], ["to", ids[1]]] as const)
        if (typeof reshard[field] === "string" && expected !== undefined && reshard[field] !== expected)
          issues.push({
            code: "reshard-generations",
            path: `${at}.reshard.${field}`,
            message: `reshard.${field} "${String(reshard[field])}" must be ${field === "from" ? "the older" : "the newer"} declared generation "${expected}" (reshards go from generations[0] to generations[1])`,
          });
  }
  checkFleetSettings(issues, at, fleet);
}

function checkSearch(issues: ManifestIssue[], at: string, search: Raw): void {
  const data = search.dataInstanceCount;
  if (isPositiveInt(data) && data < MIN_SEARCH_DATA_NODES)
    issues.push({
      code: "search-data-nodes",
      path: `${at}.dataInstanceCount`,
      message: `dataInstanceCount ${data} is too small: the domain spreads data nodes over three zones, so it needs at least ${MIN_SEARCH_DATA_NODES}`,
    });
  const masters = search.masterInstanceCount;
  if (isPositiveInt(masters) && (masters < MIN_SEARCH_MASTER_NODES || masters % 2 === 0))
    issues.push({
      code: "search-master-nodes",
      path: `${at}.masterInstanceCount`,
      message: `masterInstanceCount ${masters} is not an odd number >= ${MIN_SEARCH_MASTER_NODES}; dedicated masters need an odd quorum across zones (e.g. 3 or 5)`,
    });
}
