import { readFileSync } from "node:fs";
import { buildShardMap, generationOf, reshardOf, SHARD_DATABASE_NAME, type Manifest, type ShardMap } from "../regions/index.js";
import type { ReshardState } from "../regions/fleet.js";
import { didYouMean } from "../regions/hints.js";
import { Problems, ReshardError } from "./errors.js";

/**
 * What the engine needs to know about a reshard, independent of where it
 * comes from: two fleets (each a generation with its map epoch and, per
 * database, the schemas it holds) and a topology (database id -> where to
 * connect), which the manifest cannot know. `fleetsFromManifest` is the thin
 * layer over the manifest's generations (regions/fleet.ts).
 */

export interface FleetDatabase {
  /** Database identifier, stable for the generation (`rk-eu-shard-g2-001`). */
  readonly id: string;
  /** Schemas it holds (`schema001` ...). */
  readonly schemas: readonly string[];
}

export interface Fleet {
  /** `g1`, `g2`, ... */
  readonly generation: string;
  /** Map epoch at which the generation serves. */
  readonly epoch: number;
  readonly databases: readonly FleetDatabase[];
}

export interface Endpoint {
  readonly host: string;
  readonly port: number;
  /** Postgres database inside the instance. @default "shards" (SHARD_DATABASE_NAME) */
  readonly database?: string;
  /** Role the engine connects as: needs to create publications, subscriptions and slots (superuser or rds_superuser). */
  readonly user: string;
  /** Name of an environment variable holding the password; passwords never live in the topology file. @default - no password */
  readonly passwordEnv?: string;
}

export interface PoolerTopology {
  /** PgBouncer admin console. */
  readonly host: string;
  readonly port: number;
  /** A user listed in PgBouncer's `admin_users`. */
  readonly adminUser: string;
  readonly passwordEnv?: string;
  /** pgbouncer.ini whose `[databases]` section the cut-over rewrites (one entry per logical shard). */
  readonly configFile: string;
}

export interface Topology {
  readonly databases: Readonly<Record<string, Endpoint>>;
  /** The region's PgBouncer, or every instance of its pooler tier: a cut-over pauses all of them before switching any. */
  readonly pooler: PoolerTopology | readonly PoolerTopology[];
  /** Application role: fenced (INSERT/UPDATE/DELETE/TRUNCATE revoked) on the fleet that does not serve. */
  readonly appRole: string;
}

export function poolersOf(t: Topology): readonly PoolerTopology[] {
  return Array.isArray(t.pooler) ? (t.pooler as readonly PoolerTopology[]) : [t.pooler as PoolerTopology];
}

/** The generation's fleet from a built shard map. */
export function fleetOfMap(map: ShardMap): Fleet {
  return { generation: map.generation, epoch: map.epoch, databases: map.databases.map((d) => ({ id: d.identifier, schemas: d.schemas })) };
}

/**
 * Pooler database name of a schema: the schema name itself, one entry per
 * logical shard (as `poolerDatabaseFor` in regions/shard-access.ts), so a
 * cut-over changes where an entry points, never the name clients use.
 */
export function poolerDatabaseOfSchema(schema: string): string {
  return schema;
}

export interface ReshardFleets {
  readonly region: string;
  readonly parent: Fleet;
  readonly child: Fleet;
  /** The manifest's recorded state of this reshard, when it declares exactly this one. */
  readonly declaredState?: ReshardState;
}

/**
 * Manifest states in which each step may run. The manifest drives the
 * Terraform side (which generation the generated pooler config and the SSM
 * serving pointer follow), so a step that would contradict it is refused:
 * e.g. a cut-over while the manifest still says `planned` would be undone by
 * the next deploy. After each step the CLI prints the state to record.
 */
export const MANIFEST_STATES_FOR_STEP: Readonly<Record<string, readonly ReshardState[]>> = {
  start: ["planned", "copying"],
  cutover: ["copying"],
  rollback: ["cut-over"],
  // After a rollback the manifest is set back to `copying` (g1 serves).
  finish: ["cut-over", "copying"],
};

/** Refuse a step that the manifest's recorded reshard state does not allow. */
export function checkManifestState(fleets: ReshardFleets, step: string): void {
  const allowed = MANIFEST_STATES_FOR_STEP[step];
  if (!allowed || fleets.declaredState === undefined || allowed.includes(fleets.declaredState)) return;
  throw new ReshardError(step, [
    {
      code: "manifest-state",
      subject: `${fleets.region} ${fleets.parent.generation}->${fleets.child.generation}`,
      message: `the manifest records shardFleet.reshard.state: ${fleets.declaredState}; ${step} runs only when it is ${allowed.join(" or ")} (record each step's state in the manifest and deploy it first)`,
    },
  ]);
}

/**
 * Parent and child fleets of a region's declared reshard (or of `from`/`to`
 * given explicitly). Unknown region or generation: an error that lists what
 * is declared.
 */
export function fleetsFromManifest(manifest: Manifest, regionId: string, explicit: { from?: string; to?: string } = {}): ReshardFleets {
  const problems = new Problems();
  const region = manifest.regions.find((r) => r.id === regionId);
  if (!region) {
    const ids = manifest.regions.map((r) => r.id);
    problems.add("unknown-region", regionId, `no region "${regionId}" in the manifest${didYouMean(regionId, ids)}; declared regions: ${ids.join(", ")}`);
    problems.throwIfAny("load");
  }
  const declared = reshardOf(region!);
  const from = explicit.from ?? declared?.from;
  const to = explicit.to ?? declared?.to;
  if (!from || !to) {
    problems.add("no-reshard", regionId, `region ${regionId} declares no reshard: add shardFleet.generations with the new generation and shardFleet.reshard { from: g1, to: g2, state: planned }, or pass --from and --to`);
    problems.throwIfAny("load");
  }
  for (const g of [from!, to!]) {
    try {
      generationOf(region!, g);
    } catch (e) {
      problems.add("unknown-generation", `${regionId}/${g}`, (e as Error).message);
    }
  }
  problems.throwIfAny("load");
  const parent = fleetOfMap(buildShardMap(region!, manifest.central.namespace, { generation: from! }));
  const child = fleetOfMap(buildShardMap(region!, manifest.central.namespace, { generation: to! }));
  const declaredState = declared && declared.from === from && declared.to === to ? declared.state : undefined;
  return { region: regionId, parent, child, ...(declaredState ? { declaredState } : {}) };
}

/** Read and validate a topology file: every problem at once. */
export function loadTopology(file: string): Topology {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new ReshardError("load", [{ code: "topology-unreadable", subject: file, message: `cannot read the topology JSON: ${(e as Error).message}` }]);
  }
  return validateTopology(raw, file);
}

export function validateTopology(raw: unknown, subject = "topology"): Topology {
  const problems = new Problems();
  const obj = (raw ?? {}) as Record<string, unknown>;
  const checkEndpoint = (path: string, e: unknown, kind: "database" | "pooler"): void => {
    const ep = (e ?? {}) as Record<string, unknown>;
    if (typeof ep.host !== "string" || ep.host === "") problems.add("topology-invalid", `${subject}:${path}.host`, `must be a host name or address, got ${JSON.stringify(ep.host)}`);
    if (!Number.isInteger(ep.port) || (ep.port as number) < 1 || (ep.port as number) > 65535) problems.add("topology-invalid", `${subject}:${path}.port`, `must be a port 1..65535, got ${JSON.stringify(ep.port)}`);
    const userKey = kind === "pooler" ? "adminUser" : "user";
    if (typeof ep[userKey] !== "string" || ep[userKey] === "") problems.add("topology-invalid", `${subject}:${path}.${userKey}`, `must be a role name, got ${JSON.stringify(ep[userKey])}`);
    if (kind === "pooler" && (typeof ep.configFile !== "string" || ep.configFile === "")) problems.add("topology-invalid", `${subject}:${path}.configFile`, `must be the path of pgbouncer.ini, got ${JSON.stringify(ep.configFile)}`);
    if ("password" in ep) problems.add("topology-invalid", `${subject}:${path}.password`, "passwords do not belong in the topology file; set passwordEnv to the name of an environment variable");
  };
  if (typeof obj.databases !== "object" || obj.databases === null || Array.isArray(obj.databases)) problems.add("topology-invalid", `${subject}:databases`, "must be an object of database id -> { host, port, user, database? }");
  else for (const [id, e] of Object.entries(obj.databases)) checkEndpoint(`databases.${id}`, e, "database");
  if (Array.isArray(obj.pooler)) {
    if (obj.pooler.length === 0) problems.add("topology-invalid", `${subject}:pooler`, "lists no pooler instance");
    obj.pooler.forEach((p, i) => checkEndpoint(`pooler[${i}]`, p, "pooler"));
  } else checkEndpoint("pooler", obj.pooler, "pooler");
  if (typeof obj.appRole !== "string" || obj.appRole === "") problems.add("topology-invalid", `${subject}:appRole`, `must be the application's role name, got ${JSON.stringify(obj.appRole)}`);
  problems.throwIfAny("load");
  return obj as unknown as Topology;
}

export function endpointDatabase(e: Endpoint): string {
  return e.database ?? SHARD_DATABASE_NAME;
}
