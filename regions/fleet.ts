import { didYouMean } from "./hints.js";
import type { RegionConfig } from "./manifest.js";
import type { RESHARD_STATES } from "./schema.js";

/**
 * Fleet generations. A region's shard fleet is a list of generations (`g1`:
 * 32 databases, `g2`: 96, ...), each with its own databases whose identifiers
 * never change meaning: growing the fleet adds a generation and declares a
 * reshard from the old one to the new one, it never re-slices a live
 * generation (the lock file, regions/lock.ts, refuses that at synth).
 *
 * A manifest without `generations` has one generation, `g1`, sized by
 * `physicalDatabases` / `preset`, and synthesizes exactly what the kit did
 * before generations existed (g1 keeps the names without a generation part).
 *
 * Map epoch: the number of the generation that serves the logical shards
 * (`g1` → 1, `g2` → 2). Before a reshard's cut-over that is `from`, from
 * `cut-over` on it is `to`; the pooler, the published SSM map and the library
 * all derive it from the manifest with `mapEpoch`, so they agree.
 */

export type ReshardState = (typeof RESHARD_STATES)[number];

/** `g1`, `g2`, ...: the number is the generation's map epoch. */
export const GENERATION_ID_PATTERN = /^g[1-9]\d{0,2}$/;

/** The generation that every pre-generation name belongs to. */
export const FIRST_GENERATION = "g1";

export interface FleetGeneration {
  /** `g1`, `g2`, ... */
  readonly id: string;
  /** The number in the id: the map epoch at which this generation serves. */
  readonly number: number;
  readonly logicalShards: number;
  readonly physicalDatabases: number;
  readonly shardsPerDatabase: number;
  readonly instanceClass: string;
  readonly storageGiB: number;
  readonly maxStorageGiB: number;
}

export interface ReshardTransition {
  readonly from: string;
  readonly to: string;
  readonly state: ReshardState;
}

/** States in which the `to` generation serves (the pooler and the published map point at it). */
export const SERVING_TO_STATES: readonly ReshardState[] = ["cut-over", "finished"];

export const generationNumber = (id: string): number => Number(id.slice(1));

/** Every declared generation of the region, in manifest order (oldest first). */
export function fleetGenerations(region: RegionConfig): readonly FleetGeneration[] {
  return region.shardFleet.generations;
}

/** A declared generation by id; an unknown id is an error that lists the declared ones. */
export function generationOf(region: RegionConfig, id: string): FleetGeneration {
  const found = region.shardFleet.generations.find((g) => g.id === id);
  if (found) return found;
  const ids = region.shardFleet.generations.map((g) => g.id);
  throw new Error(`region ${region.id} has no fleet generation "${id}"${didYouMean(id, ids)}; declared: ${ids.join(", ")}`);
}

/** The declared reshard, if any. */
export function reshardOf(region: RegionConfig): ReshardTransition | undefined {
  return region.shardFleet.reshard;
}

/** The generation the logical shards are served from now. */
export function servingGeneration(region: RegionConfig): FleetGeneration {
  const reshard = region.shardFleet.reshard;
  if (reshard) return generationOf(region, SERVING_TO_STATES.includes(reshard.state) ? reshard.to : reshard.from);
  return region.shardFleet.generations[0]!;
}

/** The region's current map epoch: the serving generation's number. */
export function mapEpoch(region: RegionConfig): number {
  return servingGeneration(region).number;
}

/**
 * Generations whose CDC connectors run: both while a reshard runs (the new
 * ones catch up before the old ones stop), only `to` once it is `finished`.
 * The databases of every declared generation exist regardless (prevent_destroy).
 */
export function activeGenerations(region: RegionConfig): readonly FleetGeneration[] {
  const reshard = region.shardFleet.reshard;
  if (reshard?.state === "finished") return [generationOf(region, reshard.to)];
  return region.shardFleet.generations;
}

/** True when the region is exactly the pre-generation fleet (one generation, g1): nothing generation-specific is synthesized. */
export function isLegacyFleet(region: RegionConfig): boolean {
  const gens = region.shardFleet.generations;
  return gens.length === 1 && gens[0]!.id === FIRST_GENERATION;
}

/** Construct id of a generation's resource: unchanged for g1 (its Terraform addresses predate generations), `G2Database1` for g2. */
export function generationConstructId(generation: Pick<FleetGeneration, "id">, id: string): string {
  return generation.id === FIRST_GENERATION ? id : `${generation.id.toUpperCase()}${id}`;
}
