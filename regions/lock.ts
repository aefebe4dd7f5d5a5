import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { generationNumber, type FleetGeneration } from "./fleet.js";
import { ManifestError, type ManifestIssue } from "./issues.js";
import type { Manifest, RegionConfig } from "./manifest.js";

/**
 * The manifest lock: each declared fleet generation's shape, committed beside
 * the manifest (`regions.yaml` → `regions.lock.json`). A generation's shape
 * decides which schemas each of its databases holds, so once recorded it never
 * changes: re-slicing a live generation in place (32 → 96 on g1) would tell
 * every database it holds other schemas than the data it has. The check needs
 * no cloud and no Terraform state, only this file.
 *
 * - `npm run synth` records generations it has not seen, after a successful
 *   synth (nothing is written when anything fails). A changed shape is an
 *   error; no flag rewrites a recorded shape.
 * - When a region's reshard reaches `finished`, the lock marks the old
 *   generation `retiredBy` the new one; only then may the operator remove it
 *   from the manifest. A retired id is never reused.
 * - Regions that leave the manifest keep their entries (their databases may
 *   still exist); removing an entry is a hand edit in a reviewed commit.
 */

export const LOCK_VERSION = 1;

export interface LockedGeneration {
  readonly logicalShards: number;
  readonly physicalDatabases: number;
  /** The generation a finished reshard moved this one's shards to; set once, then the generation may leave the manifest. */
  readonly retiredBy?: string;
}

export interface ManifestLock {
  readonly lockVersion: typeof LOCK_VERSION;
  /** By region id, then generation id. */
  readonly regions: Readonly<Record<string, { readonly generations: Readonly<Record<string, LockedGeneration>> }>>;
}

export const EMPTY_LOCK: ManifestLock = { lockVersion: LOCK_VERSION, regions: {} };

/** `regions.yaml` → `regions.lock.json` in the same folder. */
export function lockPathFor(manifestFile: string): string {
  return join(dirname(manifestFile), `${basename(manifestFile).replace(/\.ya?ml$/i, "")}.lock.json`);
}

/** The lock beside a manifest; the empty lock when there is none yet. A malformed lock is a `ManifestError`. */
export function readLock(lockFile: string): ManifestLock {
  if (!existsSync(lockFile)) return EMPTY_LOCK;
  const problem = (message: string) => new ManifestError(lockFile, [{ code: "lock-invalid", path: "(lock)", message }]);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(lockFile, "utf8"));
  } catch (e) {
    throw problem(`the lock file is not JSON (${(e as Error).message}); restore it from version control`);
  }
  const lock = value as ManifestLock;
  if (lock?.lockVersion !== LOCK_VERSION || typeof lock.regions !== "object" || lock.regions === null)
    throw problem(`the lock file must be { "lockVersion": ${LOCK_VERSION}, "regions": { ... } }; restore it from version control`);
  for (const [region, entry] of Object.entries(lock.regions))
    for (const [id, g] of Object.entries(entry?.generations ?? {}))
      if (!Number.isInteger(g?.logicalShards) || !Number.isInteger(g?.physicalDatabases))
        throw problem(`regions.${region}.generations.${id} needs whole-number logicalShards and physicalDatabases; restore it from version control`);
  return lock;
}

const shapeOf = (g: Pick<LockedGeneration, "logicalShards" | "physicalDatabases">) =>
  `${g.physicalDatabases} databases x ${g.logicalShards / g.physicalDatabases} shards (${g.logicalShards} logical)`;

/** Where a generation's shape is written in the manifest, for the issue path. */
function shapePath(at: string, region: RegionConfig, index: number, declared: boolean, locked: LockedGeneration): string {
  if (locked.logicalShards !== region.shardFleet.logicalShards) return `${at}.shardFleet.logicalShards`;
  if (declared) return `${at}.shardFleet.generations[${index}].physicalDatabases`;
  return `${at}.shardFleet.${region.shardFleet.preset !== undefined ? "preset" : "physicalDatabases"}`;
}

/**
 * Every way the manifest contradicts the lock. `declaredGenerations(i)` says
 * whether region i wrote `generations` (for the issue path); the loader passes it.
 */
export function lockIssues(manifest: Manifest, lock: ManifestLock, declaredGenerations: (regionIndex: number) => boolean = () => false): ManifestIssue[] {
  const issues: ManifestIssue[] = [];
  manifest.regions.forEach((region, i) => {
    const at = `regions[${i}]`;
    const locked = lock.regions[region.id]?.generations ?? {};
    const declared = new Map(region.shardFleet.generations.map((g, j) => [g.id, { g, j }]));
    // The id to suggest for a new generation: above every declared and every recorded one.
    const next = `g${Math.max(0, ...region.shardFleet.generations.map((g) => g.number), ...Object.keys(locked).map(generationNumber)) + 1}`;
    region.shardFleet.generations.forEach((g, j) => {
      const was = locked[g.id];
      if (!was) return;
      if (was.retiredBy !== undefined && !declared.has(was.retiredBy))
        issues.push({
          code: "generation-retired",
          path: `${at}.shardFleet.generations[${j}].id`,
          message: `generation ${g.id} of region ${region.id} was retired by its finished reshard to ${was.retiredBy} (regions.lock.json); a generation id is never reused: name a new generation ${next}`,
        });
      else if (was.physicalDatabases !== g.physicalDatabases || was.logicalShards !== g.logicalShards)
        issues.push({
          code: "generation-shape-changed",
          path: shapePath(at, region, j, declaredGenerations(i), was),
          message: `generation ${g.id} of region ${region.id} is locked at ${shapeOf(was)} (regions.lock.json), the manifest now says ${shapeOf(g)}; changing a live generation in place would move shards between databases that already hold data. Keep ${g.id} as it is and add a new generation with a reshard: generations: [{ id: ${g.id}, physicalDatabases: ${was.physicalDatabases} }, { id: ${next}, physicalDatabases: ${g.physicalDatabases} }] and reshard: { from: ${g.id}, to: ${next}, state: planned }`,
        });
    });
    for (const [id, was] of Object.entries(locked))
      if (!declared.has(id) && was.retiredBy === undefined)
        issues.push({
          code: "generation-removed",
          path: `${at}.shardFleet.generations`,
          message: `generation ${id} of region ${region.id} (${shapeOf(was)}) is in regions.lock.json but not in the manifest; its databases hold shards until a reshard from it to a newer generation is finished: declare it again, and remove it only after that reshard's state is finished and a synth has recorded it`,
        });
  });
  return issues;
}

/** The lock with the manifest's new generations recorded and finished reshards' old generations marked retired. */
export function updatedLock(manifest: Manifest, lock: ManifestLock): ManifestLock {
  const regions: Record<string, { generations: Record<string, LockedGeneration> }> = {};
  for (const [id, entry] of Object.entries(lock.regions)) regions[id] = { generations: { ...entry.generations } };
  for (const region of manifest.regions) {
    const generations = (regions[region.id] ??= { generations: {} }).generations;
    for (const g of region.shardFleet.generations) generations[g.id] ??= lockedShape(g);
    const reshard = region.shardFleet.reshard;
    if (reshard?.state === "finished" && generations[reshard.from] && generations[reshard.from]!.retiredBy === undefined)
      generations[reshard.from] = { ...generations[reshard.from]!, retiredBy: reshard.to };
  }
  return { lockVersion: LOCK_VERSION, regions };
}

const lockedShape = (g: FleetGeneration): LockedGeneration => ({ logicalShards: g.logicalShards, physicalDatabases: g.physicalDatabases });

/** Stable text: two-space indent, trailing newline (reviewable diffs). */
export function lockText(lock: ManifestLock): string {
  return `${JSON.stringify(lock, null, 2)}\n`;
}

/** Write the updated lock beside the manifest when it changed; returns what was recorded, for the synth log. */
export function recordLock(manifestFile: string, manifest: Manifest): string[] {
  const file = lockPathFor(manifestFile);
  const before = readLock(file);
  const after = updatedLock(manifest, before);
  const changes: string[] = [];
  for (const [region, entry] of Object.entries(after.regions))
    for (const [id, g] of Object.entries(entry.generations)) {
      const was = before.regions[region]?.generations[id];
      if (!was) changes.push(`recorded generation ${id} of ${region}: ${shapeOf(g)}`);
      else if (g.retiredBy !== undefined && was.retiredBy === undefined) changes.push(`generation ${id} of ${region} retired by ${g.retiredBy}: it may now leave the manifest`);
    }
  if (changes.length > 0 || !existsSync(file)) writeFileSync(file, lockText(after));
  return changes;
}
