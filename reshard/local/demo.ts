import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { parse, stringify } from "yaml";
import { DEFAULT_MANIFEST, logicalShardFor, parseManifest, type Manifest } from "../../regions/index.js";
import { LocalConnectorController } from "../connectors.js";
import { ReshardEngine } from "../engine.js";
import { fleetsFromManifest, type Fleet, type Topology } from "../fleet.js";
import { qi, sleep } from "../pg.js";
import { buildPlan, type ReshardPlan } from "../plan.js";
import type { VerifyReport } from "../verify.js";
import { WriteLoad } from "./load.js";
import { startPgBouncer, startPostgres, type LocalPgBouncer, type LocalPostgres } from "./servers.js";

/**
 * The reshard demo on real components: a region whose fleet grows from
 * `g1` (2 databases) to `g2` (6 databases), 30 logical shards, three sharded
 * tables, a live write load through PgBouncer for the whole run, then
 * start -> verify -> cutover (-> rollback) -> finish, and a check that every
 * acknowledged write is in its home exactly once.
 */

export const APP_ROLE = "rk_app";
export const DEMO_REGION = "eu";

export interface DemoServers {
  readonly parents: LocalPostgres;
  readonly children: LocalPostgres;
  stop(): Promise<void>;
}

/** Two clusters: the old generation's databases in one, the new one's in the other (real logical replication between them). */
export async function startDemoServers(): Promise<DemoServers> {
  const [parents, children] = await Promise.all([startPostgres("g1"), startPostgres("g2")]);
  for (const c of [parents, children]) await adminQuery(c.port, "postgres", `CREATE ROLE ${APP_ROLE} LOGIN`);
  return { parents, children, stop: async () => void (await Promise.all([parents.stop(), children.stop()])) };
}

async function adminQuery(port: number, database: string, sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const c = new pg.Client({ host: "127.0.0.1", port, user: "postgres", database });
  await c.connect();
  try {
    return await c.query(sql, params);
  } finally {
    await c.end();
  }
}

/** The default manifest with the demo region's fleet declared as g1 (2 databases) -> g2 (6), 30 logical shards (YAML). */
export function demoManifestText(): string {
  const doc = parse(readFileSync(DEFAULT_MANIFEST, "utf8")) as { regions: { id: string; shardFleet?: unknown }[] };
  const region = doc.regions.find((r) => r.id === DEMO_REGION)!;
  region.shardFleet = { logicalShards: 30, generations: [{ id: "g1", physicalDatabases: 2 }, { id: "g2", physicalDatabases: 6 }], reshard: { from: "g1", to: "g2", state: "copying" } };
  return stringify(doc);
}

export function demoManifest(): Manifest {
  return parseManifest(demoManifestText(), "demo manifest").manifest;
}

export interface DemoOptions {
  /** Roll back after the cut-over instead of finishing on the new fleet. @default false */
  readonly rollback?: boolean;
  /** Prefix of the demo's database names (several runs can share servers). @default "demo" */
  readonly prefix?: string;
  /** @default 4 */
  readonly writers?: number;
  /** Blocks and events per shard before the copy. @default 150 */
  readonly rowsPerShard?: number;
  readonly log?: (line: string) => void;
  /** Servers to use; started (and stopped) by the demo when absent. */
  readonly servers?: DemoServers;
}

export interface DemoResult {
  readonly acknowledged: number;
  readonly lost: number;
  readonly duplicated: number;
  /** Writes that failed (not acknowledged); reported, not counted as lost. */
  readonly failed: number;
  readonly failures: readonly string[];
  /** Writes started after a switch but served by the fleet that no longer serves. */
  readonly misrouted: number;
  /** Rows written by the app on a retired database after its switch (read from the databases). */
  readonly oldWritesAfterSwitch: number;
  /** A direct write by the app role to a retired database was refused. */
  readonly retiredRefusesWrites: boolean;
  readonly cutoverPauseMs: number;
  readonly rollbackPauseMs?: number;
  readonly copyRows: number;
  readonly copyRowsPerSecond: number;
  readonly verifyBeforeCutover: VerifyReport;
  readonly verifyAfterCutover: VerifyReport;
  /** Changes the serving generation's CDC connectors consumed. */
  readonly cdcConsumed: number;
  readonly leftoverReplicationObjects: number;
  /** A second cutover (or rollback) reported "already done" and a second finish dropped nothing. */
  readonly idempotent: boolean;
  readonly summary: string;
}

export interface DemoFleet {
  readonly parent: Fleet;
  readonly child: Fleet;
  /** Database id -> the local database that plays it. */
  readonly local: ReadonlyMap<string, { readonly port: number; readonly database: string }>;
  readonly topology: Topology;
  readonly plan: ReshardPlan;
  readonly connectors: LocalConnectorController;
  readonly stateFile: string;
  /** The pooler tier: two PgBouncer instances (the kit deploys several behind an NLB); the writers use both. */
  readonly bouncers: readonly LocalPgBouncer[];
  readonly logicalShards: number;
  readonly workspacesByShard: ReadonlyMap<number, readonly string[]>;
  workspaceIdFor(shard: number): string;
  engine(log?: (line: string) => void): ReshardEngine;
  /** Run SQL as the superuser on a fleet database (by id). */
  query(id: string, sql: string, params?: unknown[]): Promise<pg.QueryResult>;
  close(): Promise<void>;
}

/**
 * The demo region's old fleet, ready to reshard: databases of both generations
 * (the children empty), the old generation's schemas with data, PgBouncer in
 * front of it and the old generation's CDC connectors running.
 */
export async function prepareDemoFleet(servers: DemoServers, prefix: string, rowsPerShard = 150): Promise<DemoFleet> {
  const stateDir = mkdtempSync(join(tmpdir(), "rk-reshard-state-"));
  const engines: ReshardEngine[] = [];
  const manifest = demoManifest();
  const { parent, child } = fleetsFromManifest(manifest, DEMO_REGION);
  const local = new Map<string, { port: number; database: string }>();
  parent.databases.forEach((d, i) => local.set(d.id, { port: servers.parents.port, database: `${prefix}_g1_${i + 1}` }));
  child.databases.forEach((d, i) => local.set(d.id, { port: servers.children.port, database: `${prefix}_g2_${i + 1}` }));
  for (const [, l] of local) await adminQuery(l.port, "postgres", `CREATE DATABASE ${qi(l.database)}`);

  // The old generation's schemas and data. Workspace ids are real: the kit's shard function maps each to its shard.
  const logicalShards = parent.databases.reduce((n, d) => n + d.schemas.length, 0);
  const workspaceIdFor = (shard: number): string => {
    for (;;) {
      const id = randomUUID();
      if (logicalShardFor(id, { logicalShards }) === shard) return id;
    }
  };
  const workspacesByShard = new Map<number, string[]>();
  for (const db of parent.databases) {
    const l = local.get(db.id)!;
    const sql: string[] = [];
    for (const s of db.schemas) {
      const shard = Number(s.slice("schema".length));
      const ws = Array.from({ length: 10 }, () => workspaceIdFor(shard));
      workspacesByShard.set(shard, ws);
      const wsList = ws.map((w) => `'${w}'::uuid`).join(", ");
      sql.push(`
        CREATE SCHEMA ${s};
        CREATE TABLE ${s}.workspaces (id uuid PRIMARY KEY, name text NOT NULL, written_on text NOT NULL DEFAULT current_database(), written_at timestamptz NOT NULL DEFAULT clock_timestamp());
        CREATE TABLE ${s}.blocks (id uuid PRIMARY KEY, workspace_id uuid NOT NULL, body text NOT NULL, version int NOT NULL, written_on text NOT NULL DEFAULT current_database(), written_at timestamptz NOT NULL DEFAULT clock_timestamp());
        CREATE TABLE ${s}.events (id bigserial PRIMARY KEY, token uuid NOT NULL, workspace_id uuid NOT NULL, payload text NOT NULL, written_on text NOT NULL DEFAULT current_database(), written_at timestamptz NOT NULL DEFAULT clock_timestamp());
        CREATE INDEX ON ${s}.events (token);
        GRANT USAGE ON SCHEMA ${s} TO ${APP_ROLE};
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${APP_ROLE};
        GRANT USAGE ON ALL SEQUENCES IN SCHEMA ${s} TO ${APP_ROLE};
        INSERT INTO ${s}.workspaces (id, name) SELECT w, 'workspace ' || w FROM unnest(ARRAY[${wsList}]) w;
        INSERT INTO ${s}.blocks (id, workspace_id, body, version) SELECT gen_random_uuid(), (ARRAY[${wsList}])[1 + g % 10], 'seed block ' || g, 1 FROM generate_series(1, ${rowsPerShard}) g;
        INSERT INTO ${s}.events (token, workspace_id, payload) SELECT gen_random_uuid(), (ARRAY[${wsList}])[1 + g % 10], 'seed event ' || g FROM generate_series(1, ${rowsPerShard}) g;`);
    }
    await adminQuery(l.port, l.database, sql.join("\n"));
  }

  // PgBouncer: one pooler database per logical shard, pointing at the old generation.
  const parentOf = new Map(parent.databases.flatMap((d) => d.schemas.map((s) => [s, d.id] as const)));
  const lines = [...parentOf].map(([s, id]) => `${s} = host=127.0.0.1 port=${local.get(id)!.port} dbname=${local.get(id)!.database}`);
  const bouncers = await Promise.all([1, 2].map(() => startPgBouncer(lines, ["postgres", APP_ROLE], "postgres")));
  const topology: Topology = {
    databases: Object.fromEntries([...local].map(([id, l]) => [id, { host: "127.0.0.1", port: l.port, database: l.database, user: "postgres" }])),
    pooler: bouncers.map((b) => ({ host: "127.0.0.1", port: b.port, adminUser: "postgres", configFile: b.configFile })),
    appRole: APP_ROLE,
  };
  // Runs that share the servers need their own slot names (unique per cluster).
  const plan = buildPlan(DEMO_REGION, parent, child, topology, { namePrefix: prefix === "demo" ? "rk" : `rk_${prefix}` });
  const connectors = new LocalConnectorController();
  const stateFile = join(stateDir, `${DEMO_REGION}.json`);
  const query = (id: string, sql: string, params: unknown[] = []) => adminQuery(local.get(id)!.port, local.get(id)!.database, sql, params);
  // The old generation's CDC connectors run before the reshard starts.
  for (const c of plan.cdc.stopAfterCatchUp) {
    const l = local.get(c.database)!;
    const client = new pg.Client({ host: "127.0.0.1", port: l.port, user: "postgres", database: l.database });
    await client.connect();
    await connectors.start(c, client);
    await client.end();
  }
  return {
    parent,
    child,
    local,
    topology,
    plan,
    connectors,
    stateFile,
    bouncers,
    logicalShards,
    workspacesByShard,
    workspaceIdFor,
    query,
    engine(log) {
      const e = new ReshardEngine({ plan, topology, stateFile, connectors, log });
      engines.push(e);
      return e;
    },
    async close() {
      await Promise.all(engines.map((e) => e.close()));
      await Promise.all(bouncers.map((b) => b.stop()));
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

export async function runReshardDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const t0 = performance.now();
  const log = options.log ? (l: string) => options.log!(`[${((performance.now() - t0) / 1000).toFixed(1)} s] ${l}`) : () => undefined;
  const servers = options.servers ?? (await startDemoServers());
  let fleet: DemoFleet | undefined;
  let load: WriteLoad | undefined;
  try {
    fleet = await prepareDemoFleet(servers, options.prefix ?? "demo", options.rowsPerShard);
    const { parent, child, local, plan, connectors, workspacesByShard, workspaceIdFor } = fleet;
    const engine = fleet.engine(log);
    load = new WriteLoad(fleet.bouncers.map((b) => ({ host: "127.0.0.1", port: b.port, user: APP_ROLE })), workspacesByShard, options.writers ?? 4, workspaceIdFor);
    await sleep(300);
    log(`load running: ${load.stats().acknowledged} writes so far`);

    const started = await engine.start({ onProgress: (p) => log(`  copy ${p.tablesDone}/${p.tablesTotal} tables, ~${p.rows} rows, ${p.bytes} bytes`) });
    log(`initial copy: ${started.copy!.exactRows} rows at ${started.copy!.rowsPerSecond} rows/s`);
    const verifyBeforeCutover = await engine.verify();
    log(`verify before cut-over: ${verifyBeforeCutover.differences.length} differences`);

    load.beginSwitch();
    const cut = await engine.cutover();
    const childDbs = new Set(child.databases.map((d) => local.get(d.id)!.database));
    const parentDbs = new Set(parent.databases.map((d) => local.get(d.id)!.database));
    load.markSwitch(childDbs);
    const cutAt = cut.at;
    log(`cut-over: pause ${cut.pauseMs} ms (PAUSE command ${cut.pauseCommandMs} ms, lag wait ${cut.lagWaitMs} ms)`);
    await sleep(600);
    const verifyAfterCutover = await engine.verify();
    log(`verify after cut-over (reverse replication): ${verifyAfterCutover.differences.length} differences`);

    let rollbackPauseMs: number | undefined;
    let rollbackAt: string | undefined;
    if (options.rollback) {
      load.beginSwitch();
      const rb = await engine.rollback();
      load.markSwitch(parentDbs);
      rollbackPauseMs = rb.pauseMs;
      rollbackAt = rb.at;
      log(`rollback: pause ${rb.pauseMs} ms`);
      await sleep(600);
    }
    const again = options.rollback ? await engine.rollback() : await engine.cutover();
    const fin = await engine.finish();
    const finAgain = await engine.finish();
    const idempotent = again.already && again.pauseMs === (rollbackPauseMs ?? cut.pauseMs) && finAgain.already && finAgain.dropped.length === 0;
    log(`finish: dropped ${fin.dropped.length} objects`);
    await sleep(300);
    const acked = load;
    load = undefined;
    const stats = await acked.stop();

    // Every acknowledged write, exactly once, in its home: the serving fleet's database for its shard.
    const serving = options.rollback ? parent : child;
    let lost = 0;
    let duplicated = 0;
    // One query per table kind and database, over all of its schemas.
    const perShard = async (sqlOf: (schema: string, shard: number) => string) => {
      const rows: Record<string, unknown>[] = [];
      for (const d of serving.databases) {
        const sql = d.schemas.map((sch) => sqlOf(sch, Number(sch.slice("schema".length)))).join(" UNION ALL ");
        rows.push(...(await fleet!.query(d.id, sql)).rows);
      }
      return rows;
    };
    const blocks = new Map((await perShard((sch, n) => `SELECT ${n} AS shard, id::text AS id, version FROM ${sch}.blocks`)).map((r) => [`${r.shard}/${r.id}`, r.version as number]));
    const events = new Map((await perShard((sch, n) => `SELECT ${n} AS shard, token::text AS t, count(*)::int AS n FROM ${sch}.events GROUP BY 1, 2`)).map((r) => [`${r.shard}/${r.t}`, r.n as number]));
    const wss = new Set((await perShard((sch, n) => `SELECT ${n} AS shard, id::text AS id FROM ${sch}.workspaces`)).map((r) => `${r.shard}/${r.id}`));
    for (const [id, b] of acked.blocks) if ((blocks.get(`${b.shard}/${id}`) ?? 0) < b.version) lost++;
    for (const [token, shard] of acked.events) {
      const n = events.get(`${shard}/${token}`) ?? 0;
      if (n === 0) lost++;
      else if (n > 1) duplicated += n - 1;
    }
    for (const [id, shard] of acked.workspaces) if (!wss.has(`${shard}/${id}`)) lost++;

    // Writes by the app on a retired database after its switch, read from the databases themselves.
    const retired = options.rollback ? child : parent;
    const since = options.rollback ? rollbackAt! : cutAt;
    let oldWritesAfterSwitch = 0;
    for (const d of retired.databases) {
      const parts = d.schemas.flatMap((sch) => ["workspaces", "blocks", "events"].map((t) => `(SELECT count(*) FROM ${sch}.${t} WHERE written_on = current_database() AND written_at > $1)`));
      oldWritesAfterSwitch += (await fleet.query(d.id, `SELECT (${parts.join(" + ")})::int AS n`, [since])).rows[0].n;
    }
    const probe = local.get(retired.databases[0]!.id)!;
    const app = new pg.Client({ host: "127.0.0.1", port: probe.port, user: APP_ROLE, database: probe.database });
    await app.connect();
    const retiredRefusesWrites = await app.query(`INSERT INTO ${retired.databases[0]!.schemas[0]}.events (token, workspace_id, payload) VALUES (gen_random_uuid(), gen_random_uuid(), 'probe')`).then(
      () => false,
      (e: { code?: string }) => e.code === "42501",
    );
    await app.end();

    const names = [...plan.forward, ...plan.reverse].map((st) => st.name);
    let leftover = 0;
    for (const id of local.keys())
      leftover += (
        await fleet.query(
          id,
          "SELECT ((SELECT count(*) FROM pg_replication_slots WHERE slot_name = ANY($1)) + (SELECT count(*) FROM pg_publication WHERE pubname = ANY($1)) + (SELECT count(*) FROM pg_subscription WHERE subname = ANY($1) AND subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())))::int AS n",
          [names],
        )
      ).rows[0].n;
    const servingConnectors = options.rollback ? plan.cdc.stopAfterCatchUp : plan.cdc.start;
    const cdcConsumed = servingConnectors.reduce((a, c) => a + (connectors.consumed.get(c.name) ?? 0), 0);

    const pause = options.rollback ? `${cut.pauseMs} ms, rollback pause ${rollbackPauseMs} ms` : `${cut.pauseMs} ms`;
    const summary = `reshard demo: ${stats.acknowledged} writes acknowledged, ${lost} lost, ${duplicated} duplicated, cut-over pause ${pause}`;
    // The caller prints it (npm run reshard:demo on stdout); logged here too, it appeared twice.
    return {
      acknowledged: stats.acknowledged,
      lost,
      duplicated,
      failed: stats.failed,
      failures: stats.failures,
      misrouted: stats.misrouted,
      oldWritesAfterSwitch,
      retiredRefusesWrites,
      cutoverPauseMs: cut.pauseMs,
      rollbackPauseMs,
      copyRows: started.copy!.exactRows,
      copyRowsPerSecond: started.copy!.rowsPerSecond,
      verifyBeforeCutover,
      verifyAfterCutover,
      cdcConsumed,
      leftoverReplicationObjects: leftover,
      idempotent,
      summary,
    };
  } finally {
    if (load) await load.stop().catch(() => undefined);
    await fleet?.close();
    if (!options.servers) await servers.stop();
  }
}
