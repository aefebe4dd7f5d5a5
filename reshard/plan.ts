import { Problems } from "./errors.js";
import type { Fleet, Topology } from "./fleet.js";

/**
 * The plan of a reshard: which schema moves from which parent database to
 * which child database, and the replication objects that move it. Pure: it
 * reads no database, so `plan` works before anything exists.
 *
 * Names are short and derived from generations and database positions, so
 * every step can find (and re-check) what an earlier, interrupted run created:
 *   forward  rk_rs_<from>_<to>_f<p>_<c>   publication on parent p, subscription + slot for child c
 *   reverse  rk_rs_<from>_<to>_r<c>_<p>   publication on child c, subscription + slot on parent p (set up at cut-over)
 *   CDC      rk_cdc_<gen>_<i>             the connector of database i of a generation: its own slot and publication
 */

export interface SchemaMove {
  readonly schema: string;
  readonly from: string;
  readonly to: string;
}

/** One logical replication stream: a publication on `publisher`, a subscription (and its slot) for `subscriber`. */
export interface Stream {
  readonly name: string;
  readonly publisher: string;
  readonly subscriber: string;
  readonly schemas: readonly string[];
}

export interface ConnectorSpec {
  /** Connector, slot and publication name. */
  readonly name: string;
  readonly generation: string;
  readonly database: string;
  readonly schemas: readonly string[];
}

export interface PlanStep {
  readonly step: "start" | "status" | "verify" | "cutover" | "rollback" | "finish";
  readonly does: string;
  readonly checks: string;
}

export interface ReshardPlan {
  readonly region: string;
  readonly from: { readonly generation: string; readonly epoch: number; readonly databases: number };
  readonly to: { readonly generation: string; readonly epoch: number; readonly databases: number };
  readonly moves: readonly SchemaMove[];
  readonly forward: readonly Stream[];
  readonly reverse: readonly Stream[];
  readonly cdc: { readonly start: readonly ConnectorSpec[]; readonly stopAfterCatchUp: readonly ConnectorSpec[] };
  readonly steps: readonly PlanStep[];
}

const STEPS: readonly PlanStep[] = [
  {
    step: "start",
    does: "copy table definitions of each moved schema to its child (pg_dump --schema-only), fence the children for the app role, create the forward publications (FOR TABLES IN SCHEMA) on the parents and subscriptions on the children (initial copy), start the new generation's CDC connectors; report rows, bytes and tables copied",
    checks: "no later phase recorded; every parent and child reachable; every moved schema exists on its parent with tables; a child schema is absent or has exactly the parent's tables, and holds no rows unless its subscription already exists",
  },
  { step: "status", does: "per subscription: tables by copy state, bytes behind the parent, last message time", checks: "a reshard was started" },
  {
    step: "verify",
    does: "per moved table: row counts and per-key-range checksums on parent and child, sampled dark reads (the same primary-key lookups on both); lists every difference",
    checks: "the initial copy is done (every table ready)",
  },
  {
    step: "cutover",
    does: "PgBouncer PAUSE; wait until each forward slot has confirmed the parent's WAL position taken after the pause; copy sequence values; stop forward apply; create the reverse slots on the children; fence the parents, unfence the children; rewrite [databases] to the new epoch and RELOAD; RESUME (the pause is measured); then reverse subscriptions on the parents (copy_data = false)",
    checks: "phase copying; every table ready and every forward subscription streaming; lag below --max-lag-bytes before pausing and zero within --lag-timeout-ms after (else RESUME and refuse, saying by how much); the pooler reachable and its config writable",
  },
  {
    step: "rollback",
    does: "the cut-over in reverse over the reverse streams: PAUSE, wait for zero reverse lag, sequences back, stop reverse apply, fence the children, unfence the parents, [databases] back to the old epoch, RELOAD, RESUME",
    checks: "phase cut-over; every reverse subscription streaming and within the lag bounds",
  },
  {
    step: "finish",
    does: "after the soak: check the serving generation's CDC connectors have caught up, then stop the other generation's; drop forward and reverse subscriptions, publications and slots",
    checks: "phase cut-over or rolled-back; the soak time has passed; the serving generation's connectors are caught up",
  },
];

export interface BuildPlanOptions {
  /**
   * First part of every replication object's name. Slot names are unique per
   * Postgres cluster, so two reshards sharing clusters need different ones.
   * @default "rk"
   */
  readonly namePrefix?: string;
}

/** The plan from parent to child fleet; every inconsistency between the two is reported at once. */
export function buildPlan(region: string, parent: Fleet, child: Fleet, topology?: Topology, options: BuildPlanOptions = {}): ReshardPlan {
  const namePrefix = options.namePrefix ?? "rk";
  const problems = new Problems();
  if (parent.generation === child.generation) problems.add("same-generation", `${region}/${child.generation}`, "a reshard moves shards between two different generations");
  if (child.epoch <= parent.epoch) problems.add("epoch-order", `${region}/${child.generation}`, `the child's map epoch (${child.epoch}) must be greater than the parent's (${parent.epoch})`);
  const home = new Map<string, string>();
  for (const db of parent.databases)
    for (const s of db.schemas) {
      if (home.has(s)) problems.add("schema-twice", `${parent.generation}/${s}`, `held by both ${home.get(s)} and ${db.id}`);
      home.set(s, db.id);
    }
  const moves: SchemaMove[] = [];
  const placed = new Set<string>();
  for (const db of child.databases)
    for (const s of db.schemas) {
      const from = home.get(s);
      if (!from) problems.add("schema-unknown", `${child.generation}/${db.id}/${s}`, `${s} is not held by any database of ${parent.generation}`);
      else if (placed.has(s)) problems.add("schema-twice", `${child.generation}/${s}`, `placed on more than one database of ${child.generation}`);
      else moves.push({ schema: s, from, to: db.id });
      placed.add(s);
    }
  for (const s of home.keys()) if (!placed.has(s)) problems.add("schema-dropped", `${parent.generation}/${s}`, `${s} has no database in ${child.generation}: every logical shard must move`);
  if (!/^[a-z][a-z0-9_]{0,20}$/.test(namePrefix)) problems.add("name-prefix", namePrefix, "must be 1-21 characters of a-z, 0-9 and _, starting with a letter (replication object names are limited to 63)");
  if (topology)
    for (const db of [...parent.databases, ...child.databases])
      if (!topology.databases[db.id]) problems.add("topology-missing", db.id, `the topology has no endpoint for database ${db.id}`);
  problems.throwIfAny("plan");

  const parentIndex = new Map(parent.databases.map((d, i) => [d.id, i + 1]));
  const childIndex = new Map(child.databases.map((d, i) => [d.id, i + 1]));
  const prefix = `${namePrefix}_rs_${parent.generation}_${child.generation}`;
  const pairs = new Map<string, { from: string; to: string; schemas: string[] }>();
  for (const m of moves) {
    const key = `${m.from}\u0000${m.to}`;
    if (!pairs.has(key)) pairs.set(key, { from: m.from, to: m.to, schemas: [] });
    pairs.get(key)!.schemas.push(m.schema);
  }
  const forward: Stream[] = [];
  const reverse: Stream[] = [];
  for (const { from, to, schemas } of pairs.values()) {
    const p = parentIndex.get(from)!;
    const c = childIndex.get(to)!;
    forward.push({ name: `${prefix}_f${p}_${c}`, publisher: from, subscriber: to, schemas });
    reverse.push({ name: `${prefix}_r${c}_${p}`, publisher: to, subscriber: from, schemas });
  }
  return {
    region,
    from: { generation: parent.generation, epoch: parent.epoch, databases: parent.databases.length },
    to: { generation: child.generation, epoch: child.epoch, databases: child.databases.length },
    moves,
    forward,
    reverse,
    cdc: { start: connectorsOf(child, namePrefix), stopAfterCatchUp: connectorsOf(parent, namePrefix) },
    steps: STEPS,
  };
}

export function connectorsOf(fleet: Fleet, namePrefix = "rk"): ConnectorSpec[] {
  return fleet.databases.map((d, i) => ({ name: `${namePrefix}_cdc_${fleet.generation}_${i + 1}`, generation: fleet.generation, database: d.id, schemas: d.schemas }));
}

/** Schemas as compact ranges: schema001-schema005, schema009. */
export function schemaRanges(schemas: readonly string[]): string {
  const out: string[] = [];
  let runStart = 0;
  const num = (s: string) => Number(/(\d+)$/.exec(s)?.[1] ?? NaN);
  for (let i = 1; i <= schemas.length; i++) {
    if (i < schemas.length && num(schemas[i]!) === num(schemas[i - 1]!) + 1) continue;
    out.push(i - 1 === runStart ? schemas[runStart]! : `${schemas[runStart]}-${schemas[i - 1]}`);
    runStart = i;
  }
  return out.join(", ");
}

export function formatPlan(plan: ReshardPlan): string {
  const lines = [
    `reshard plan for region ${plan.region}: ${plan.from.generation} (epoch ${plan.from.epoch}, ${plan.from.databases} databases) -> ${plan.to.generation} (epoch ${plan.to.epoch}, ${plan.to.databases} databases), ${plan.moves.length} schemas move`,
    "",
    "schema moves and forward streams (publication on the parent, subscription + slot on the child, initial copy):",
    ...plan.forward.map((s) => `  ${s.publisher} -> ${s.subscriber}: ${schemaRanges(s.schemas)}   [${s.name}]`),
    "",
    "reverse streams, created at cut-over (publication on the child, subscription on the parent, copy_data = false):",
    ...plan.reverse.map((s) => `  ${s.publisher} -> ${s.subscriber}   [${s.name}]`),
    "",
    `CDC: start ${plan.cdc.start.length} connectors of ${plan.to.generation} (own slots and publications: ${plan.cdc.start.map((c) => c.name).slice(0, 3).join(", ")}${plan.cdc.start.length > 3 ? ", ..." : ""}); stop the ${plan.cdc.stopAfterCatchUp.length} connectors of ${plan.from.generation} only at finish, after the new ones caught up`,
    "",
    "order of work:",
    ...plan.steps.map((s, i) => `  ${i + 1}. ${s.step}: ${s.does}\n     checks: ${s.checks}`),
  ];
  return lines.join("\n");
}
