import { execFile } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import { promisify } from "node:util";
import type pg from "pg";
import { LocalConnectorController, type ConnectorController } from "./connectors.js";
import { Problems, ReshardError } from "./errors.js";
import { endpointDatabase, poolerDatabaseOfSchema, poolersOf, type Topology } from "./fleet.js";
import { connect, conninfo, passwordOf, qi, sleep } from "./pg.js";
import type { ConnectorSpec, ReshardPlan, Stream } from "./plan.js";
import { PoolerAdmin, readPoolerConfig, rewriteDatabases, writeFileAtomically } from "./pooler.js";
import { readState, writeState, type Phase, type ReshardState, type SwitchRecord } from "./state.js";
import { verifyMoves, type VerifyOptions, type VerifyReport } from "./verify.js";

const run = promisify(execFile);

/**
 * pg_dump's plain output as SQL for a driver: current pg_dump releases wrap it
 * in psql's `\restrict` / `\unrestrict` meta-commands (a psql-only guard);
 * any other meta-command is unexpected and refused.
 */
export function dumpToSql(dump: string): string {
  const lines = dump.split("\n");
  const meta = lines.filter((l) => l.startsWith("\\") && !/^\\(un)?restrict\b/.test(l));
  if (meta.length) throw new Error(`pg_dump output has psql meta-commands the engine cannot run: ${meta.slice(0, 3).join(", ")}`);
  return lines.filter((l) => !l.startsWith("\\")).join("\n");
}

export interface EngineOptions {
  readonly plan: ReshardPlan;
  readonly topology: Topology;
  /** The region's state file. */
  readonly stateFile: string;
  /** @default LocalConnectorController */
  readonly connectors?: ConnectorController;
  /** Progress lines. @default - silent */
  readonly log?: (line: string) => void;
  /** pg_dump binary. @default PostgreSQL 15's, else pg_dump on PATH */
  readonly pgDump?: string;
}

export interface CopyProgress {
  readonly tablesDone: number;
  readonly tablesTotal: number;
  /** Rows in the moved tables on the children (pg_stat inserts: approximate while copying). */
  readonly rows: number;
  readonly bytes: number;
  readonly parentBytes: number;
  readonly elapsedMs: number;
}

export interface StartOptions {
  /** Wait for the initial copy, reporting progress. @default true */
  readonly wait?: boolean;
  /** @default 120000 */
  readonly copyTimeoutMs?: number;
  readonly onProgress?: (p: CopyProgress) => void;
}

export interface StartResult {
  readonly created: string[];
  readonly copy?: CopyProgress & { readonly exactRows: number; readonly rowsPerSecond: number };
}

export interface StreamStatus {
  readonly name: string;
  readonly direction: "forward" | "reverse";
  readonly publisher: string;
  readonly subscriber: string;
  readonly exists: boolean;
  readonly enabled: boolean;
  readonly streaming: boolean;
  readonly tables: Record<string, number>;
  /** Publisher WAL not yet applied by the subscriber (pg_stat_replication.write_lsn). */
  readonly lagBytes?: number;
}

export interface StatusReport {
  readonly region: string;
  readonly phase: Phase | "planned";
  readonly streams: readonly StreamStatus[];
  readonly cutover?: SwitchRecord;
  readonly rollback?: SwitchRecord;
}

export interface SwitchOptions {
  /** Refuse before pausing when any stream is further behind. @default 64 MiB */
  readonly maxLagBytes?: number;
  /** Longest wait for zero lag while paused; then RESUME and refuse. @default 5000 */
  readonly lagTimeoutMs?: number;
  /** Longest wait for PgBouncer's PAUSE (in-flight transactions to end); then RESUME and refuse. @default 5000 */
  readonly pauseTimeoutMs?: number;
}

export interface FinishOptions {
  /** Minimum time since the last switch. @default 0 */
  readonly soakSeconds?: number;
  /** Serving connectors count as caught up at or below this lag. @default 1 MiB */
  readonly cdcMaxLagBytes?: number;
}

const STEP_ORDER: Record<string, readonly (Phase | "planned")[]> = {
  start: ["planned", "copying"],
  verify: ["copying", "cut-over", "rolled-back"],
  cutover: ["copying", "cut-over"],
  rollback: ["cut-over", "rolled-back"],
  finish: ["cut-over", "rolled-back", "finished"],
};

const NEXT: Record<string, string> = { planned: "start", copying: "cutover (after verify)", "cut-over": "finish after the soak, or rollback", "rolled-back": "finish", finished: "nothing: the reshard is finished" };

export class ReshardEngine {
  private readonly clients = new Map<string, pg.Client>();
  private readonly connectors: ConnectorController;
  private readonly log: (line: string) => void;

  constructor(private readonly o: EngineOptions) {
    this.connectors = o.connectors ?? new LocalConnectorController();
    this.log = o.log ?? (() => undefined);
  }

  get plan(): ReshardPlan {
    return this.o.plan;
  }

  // ---------------------------------------------------------------- helpers

  private state(): ReshardState | undefined {
    const s = readState(this.o.stateFile);
    if (s && (s.region !== this.plan.region || s.from !== this.plan.from.generation || s.to !== this.plan.to.generation))
      throw new ReshardError("load", [
        { code: "state-mismatch", subject: this.o.stateFile, message: `the state file records ${s.region} ${s.from} -> ${s.to}, not ${this.plan.region} ${this.plan.from.generation} -> ${this.plan.to.generation}; finish that reshard first or use another --state-dir` },
      ]);
    return s;
  }

  private save(s: ReshardState, step: string, summary: string): void {
    s.history.push({ step, at: new Date().toISOString(), summary });
    writeState(this.o.stateFile, s);
  }

  /** Refuse a step that the recorded phase does not allow. */
  private requirePhase(step: string): ReshardState | undefined {
    const s = this.state();
    const phase = s?.phase ?? "planned";
    if (!STEP_ORDER[step]!.includes(phase))
      throw new ReshardError(step, [{ code: "step-out-of-order", subject: `${this.plan.region} ${this.plan.from.generation}->${this.plan.to.generation}`, message: `${step} is not allowed in phase ${phase} (allowed in: ${STEP_ORDER[step]!.join(", ")}); next step: ${NEXT[phase]}` }]);
    return s;
  }

  private db(id: string): pg.Client {
    const c = this.clients.get(id);
    if (!c) throw new Error(`internal: database ${id} was not opened`);
    return c;
  }

  /** Connect to every database; all unreachable ones are reported at once. */
  private async open(step: string, ids: readonly string[]): Promise<void> {
    const problems = new Problems();
    await Promise.all(
      [...new Set(ids)].map(async (id) => {
        if (this.clients.has(id)) return;
        const e = this.o.topology.databases[id];
        if (!e) return problems.add("topology-missing", id, "the topology has no endpoint for this database");
        try {
          this.clients.set(id, await connect(e, "regionkit-reshard"));
        } catch (err) {
          problems.add("unreachable", id, `cannot connect to ${e.host}:${e.port}/${endpointDatabase(e)} as ${e.user}: ${(err as Error).message}`);
        }
      }),
    );
    problems.throwIfAny(step);
  }

  private parents(): string[] {
    return [...new Set(this.plan.moves.map((m) => m.from))];
  }
  private children(): string[] {
    return [...new Set(this.plan.moves.map((m) => m.to))];
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((c) => c.end().catch(() => undefined)));
    this.clients.clear();
  }

  private async tables(id: string, schemas: readonly string[]): Promise<Map<string, string[]>> {
    const res = await this.db(id).query(
      "SELECT n.nspname AS s, c.relname AS t FROM pg_catalog.pg_namespace n LEFT JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relkind IN ('r', 'p') WHERE n.nspname = ANY($1) ORDER BY 1, 2",
      [schemas],
    );
    const out = new Map<string, string[]>();
    for (const r of res.rows as { s: string; t: string | null }[]) {
      if (!out.has(r.s)) out.set(r.s, []);
      if (r.t) out.get(r.s)!.push(r.t);
    }
    return out;
  }

  private async exists(id: string, kind: "publication" | "subscription" | "slot", name: string): Promise<boolean> {
    const sql = {
      publication: "SELECT 1 FROM pg_catalog.pg_publication WHERE pubname = $1",
      subscription: "SELECT 1 FROM pg_catalog.pg_subscription WHERE subname = $1",
      slot: "SELECT 1 FROM pg_catalog.pg_replication_slots WHERE slot_name = $1",
    }[kind];
    return ((await this.db(id).query(sql, [name])).rowCount ?? 0) > 0;
  }

  private async subscription(id: string, name: string): Promise<{ exists: boolean; enabled: boolean; streaming: boolean; tables: Record<string, number> }> {
    const res = await this.db(id).query(
      `SELECT s.subenabled AS enabled,
              EXISTS (SELECT 1 FROM pg_catalog.pg_stat_subscription w WHERE w.subid = s.oid AND w.relid IS NULL AND w.pid IS NOT NULL) AS streaming,
              (SELECT coalesce(json_object_agg(st, n), '{}') FROM (SELECT r.srsubstate AS st, count(*) AS n FROM pg_catalog.pg_subscription_rel r WHERE r.srsubid = s.oid GROUP BY 1) x) AS tables
         FROM pg_catalog.pg_subscription s WHERE s.subname = $1`,
      [name],
    );
    if (res.rowCount === 0) return { exists: false, enabled: false, streaming: false, tables: {} };
    const r = res.rows[0] as { enabled: boolean; streaming: boolean; tables: Record<string, string> };
    const names: Record<string, string> = { i: "init", d: "copying", f: "copied", s: "syncing", r: "ready" };
    const tables: Record<string, number> = {};
    for (const [k, v] of Object.entries(r.tables)) tables[names[k] ?? k] = Number(v);
    return { exists: true, enabled: r.enabled, streaming: r.streaming, tables };
  }

  /** WAL of the publisher not yet applied by the stream's subscriber, or undefined when it is not streaming. */
  private async lag(stream: Stream, at?: string): Promise<number | undefined> {
    const res = await this.db(stream.publisher).query(
      `SELECT pg_catalog.pg_wal_lsn_diff(${at ? "$2::pg_lsn" : "pg_catalog.pg_current_wal_lsn()"}, write_lsn)::bigint AS lag FROM pg_catalog.pg_stat_replication WHERE application_name = $1 AND write_lsn IS NOT NULL`,
      at ? [stream.name, at] : [stream.name],
    );
    return res.rowCount === 0 ? undefined : Math.max(0, Number(res.rows[0].lag));
  }

  private async fence(id: string, schemas: readonly string[], on: boolean): Promise<void> {
    const list = schemas.map(qi).join(", ");
    const role = qi(this.o.topology.appRole);
    await this.db(id).query(on ? `REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA ${list} FROM ${role}` : `GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${list} TO ${role}`);
  }

  private schemasOn(id: string): string[] {
    return this.plan.moves.filter((m) => m.from === id || m.to === id).map((m) => m.schema);
  }

  private pgDump(): string {
    if (this.o.pgDump) return this.o.pgDump;
    const v15 = "/usr/lib/postgresql/15/bin/pg_dump";
    return existsSync(v15) ? v15 : "pg_dump";
  }

  // ---------------------------------------------------------------- start

  async start(options: StartOptions = {}): Promise<StartResult> {
    const prior = this.requirePhase("start");
    const parents = this.parents();
    const children = this.children();
    await this.open("start", [...parents, ...children]);
    const problems = new Problems();
    const role = this.o.topology.appRole;
    const parentTables = new Map<string, string[]>();
    for (const id of [...parents, ...children]) {
      const r = await this.db(id).query("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1", [role]);
      if (r.rowCount === 0) problems.add("app-role-missing", id, `role ${role} (topology appRole) does not exist here; create it before start`);
    }
    for (const id of parents) {
      const schemas = this.plan.moves.filter((m) => m.from === id).map((m) => m.schema);
      const found = await this.tables(id, schemas);
      for (const s of schemas) {
        const t = found.get(s);
        if (!t) problems.add("schema-missing", `${id}/${s}`, `the parent does not have schema ${s}`);
        else if (t.length === 0) problems.add("schema-empty", `${id}/${s}`, `schema ${s} has no tables to move`);
        else parentTables.set(s, t);
      }
    }
    const subsExisting = new Set<string>();
    for (const stream of this.plan.forward) if (await this.exists(stream.subscriber, "subscription", stream.name)) subsExisting.add(stream.name);
    for (const stream of this.plan.forward) {
      const found = await this.tables(stream.subscriber, stream.schemas);
      for (const s of stream.schemas) {
        const t = found.get(s);
        const want = parentTables.get(s);
        if (!t || !want) continue;
        if (t.join() !== want.join()) problems.add("child-schema-differs", `${stream.subscriber}/${s}`, `schema ${s} exists on the child with tables [${t.join(", ")}], the parent has [${want.join(", ")}]; drop it on the child or make them equal`);
        else if (!subsExisting.has(stream.name)) {
          for (const table of t) {
            const n = await this.db(stream.subscriber).query(`SELECT count(*)::int AS n FROM ${qi(s)}.${qi(table)}`);
            if (n.rows[0].n > 0) problems.add("child-not-empty", `${stream.subscriber}/${s}.${table}`, `holds ${n.rows[0].n} rows but no subscription copies into it: the child must start empty`);
          }
        }
      }
    }
    problems.throwIfAny("start");

    const created: string[] = [];
    const state: ReshardState = prior ?? { version: 1, region: this.plan.region, from: this.plan.from.generation, to: this.plan.to.generation, phase: "copying", startedAt: new Date().toISOString(), history: [] };
    // 1. Table definitions, then fence: nobody may write to a child before it serves.
    for (const stream of this.plan.forward) {
      const found = await this.tables(stream.subscriber, stream.schemas);
      const missing = stream.schemas.filter((s) => !found.has(s));
      if (missing.length === 0) continue;
      const src = this.o.topology.databases[stream.publisher]!;
      const args = ["--schema-only", "--no-owner", "--no-publications", "--no-subscriptions", "-h", src.host, "-p", String(src.port), "-U", src.user, "-d", endpointDatabase(src), ...missing.flatMap((s) => ["-n", s])];
      const pw = passwordOf(src);
      const { stdout } = await run(this.pgDump(), args, { env: { ...process.env, ...(pw ? { PGPASSWORD: pw } : {}) }, maxBuffer: 256 * 1024 * 1024 });
      const child = this.db(stream.subscriber);
      await child.query("BEGIN");
      try {
        await child.query(dumpToSql(stdout));
        await child.query("COMMIT");
      } catch (e) {
        await child.query("ROLLBACK");
        throw e;
      }
      await child.query("SELECT pg_catalog.set_config('search_path', '\"$user\", public', false)");
      await this.fence(stream.subscriber, missing, true);
      created.push(`schemas ${missing.join(", ")} on ${stream.subscriber} (fenced)`);
    }
    // 2. Publications on the parents, subscriptions on the children (each subscription's initial copy starts at once).
    for (const stream of this.plan.forward) {
      if (!(await this.exists(stream.publisher, "publication", stream.name))) {
        await this.db(stream.publisher).query(`CREATE PUBLICATION ${qi(stream.name)} FOR TABLES IN SCHEMA ${stream.schemas.map(qi).join(", ")}`);
        created.push(`publication ${stream.name} on ${stream.publisher}`);
      }
    }
    for (const stream of this.plan.forward) {
      if (subsExisting.has(stream.name)) continue;
      const src = this.o.topology.databases[stream.publisher]!;
      await this.db(stream.subscriber).query(`CREATE SUBSCRIPTION ${qi(stream.name)} CONNECTION '${conninfo(src).replace(/'/g, "''")}' PUBLICATION ${qi(stream.name)} WITH (slot_name = ${qi(stream.name)})`);
      created.push(`subscription ${stream.name} on ${stream.subscriber} (slot on ${stream.publisher})`);
    }
    // 3. The new generation's CDC connectors: their own slots and publications.
    for (const c of this.plan.cdc.start) await this.connectors.start(c, this.db(c.database));
    this.save(state, "start", created.length ? created.join("; ") : "everything already existed");
    this.log(`start: ${created.length} objects created`);
    if (options.wait === false) return { created };
    const copy = await this.waitForCopy(options);
    state.copiedAt = new Date().toISOString();
    this.save(state, "start", `initial copy done: ${copy.exactRows} rows in ${copy.elapsedMs} ms`);
    return { created, copy };
  }

  private async progress(started: number): Promise<CopyProgress> {
    let done = 0;
    let total = 0;
    let rows = 0;
    let bytes = 0;
    let parentBytes = 0;
    for (const stream of this.plan.forward) {
      const sub = await this.subscription(stream.subscriber, stream.name);
      done += sub.tables.ready ?? 0;
      total += Object.values(sub.tables).reduce((a, b) => a + b, 0);
      const size = "SELECT coalesce(sum(pg_catalog.pg_table_size(c.oid)), 0)::bigint AS b, coalesce(sum(s.n_tup_ins), 0)::bigint AS n FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_catalog.pg_stat_user_tables s ON s.relid = c.oid WHERE n.nspname = ANY($1) AND c.relkind = 'r'";
      const [c, p] = await Promise.all([this.db(stream.subscriber).query(size, [stream.schemas]), this.db(stream.publisher).query(size, [stream.schemas])]);
      bytes += Number(c.rows[0].b);
      rows += Number(c.rows[0].n);
      parentBytes += Number(p.rows[0].b);
    }
    return { tablesDone: done, tablesTotal: total, rows, bytes, parentBytes, elapsedMs: Math.round(performance.now() - started) };
  }

  private async waitForCopy(options: StartOptions): Promise<CopyProgress & { exactRows: number; rowsPerSecond: number }> {
    const started = performance.now();
    const timeout = options.copyTimeoutMs ?? 120_000;
    for (;;) {
      const p = await this.progress(started);
      // One line per poll: the caller's progress line when it asked for one, else the engine's log.
      if (options.onProgress) options.onProgress(p);
      else this.log(`copy: ${p.tablesDone}/${p.tablesTotal} tables ready, ~${p.rows} rows, ${(p.bytes / 1048576).toFixed(1)} of ${(p.parentBytes / 1048576).toFixed(1)} MiB`);
      if (p.tablesTotal > 0 && p.tablesDone === p.tablesTotal) {
        let exactRows = 0;
        for (const m of this.plan.moves)
          for (const t of (await this.tables(m.to, [m.schema])).get(m.schema) ?? [])
            exactRows += (await this.db(m.to).query(`SELECT count(*)::int AS n FROM ${qi(m.schema)}.${qi(t)}`)).rows[0].n;
        return { ...p, exactRows, rowsPerSecond: Math.round(exactRows / Math.max(p.elapsedMs / 1000, 0.001)) };
      }
      if (p.elapsedMs > timeout) throw new ReshardError("start", [{ code: "copy-timeout", subject: this.plan.region, message: `initial copy not done after ${timeout} ms (${p.tablesDone}/${p.tablesTotal} tables ready); run status, then start again to keep waiting` }]);
      await sleep(250);
    }
  }

  // ---------------------------------------------------------------- status

  async status(): Promise<StatusReport> {
    const s = this.state();
    const phase = s?.phase ?? "planned";
    const streams: StreamStatus[] = [];
    if (s) {
      await this.open("status", [...this.parents(), ...this.children()]);
      const sets: [Stream[], "forward" | "reverse"][] = [[[...this.plan.forward], "forward"], [[...this.plan.reverse], "reverse"]];
      for (const [list, direction] of sets)
        for (const stream of list) {
          const sub = await this.subscription(stream.subscriber, stream.name);
          if (direction === "reverse" && !sub.exists) continue;
          streams.push({ name: stream.name, direction, publisher: stream.publisher, subscriber: stream.subscriber, ...sub, lagBytes: sub.streaming ? await this.lag(stream) : undefined });
        }
    }
    return { region: this.plan.region, phase, streams, ...(s?.cutover ? { cutover: s.cutover } : {}), ...(s?.rollback ? { rollback: s.rollback } : {}) };
  }

  // ---------------------------------------------------------------- verify

  async verify(options: VerifyOptions = {}): Promise<VerifyReport> {
    const s = this.requirePhase("verify")!;
    await this.open("verify", [...this.parents(), ...this.children()]);
    if (s.phase === "copying") {
      const problems = new Problems();
      for (const stream of this.plan.forward) {
        const sub = await this.subscription(stream.subscriber, stream.name);
        const notReady = Object.entries(sub.tables).filter(([k]) => k !== "ready");
        if (!sub.exists || notReady.length > 0) problems.add("copy-not-done", stream.name, sub.exists ? `tables still copying: ${notReady.map(([k, n]) => `${n} ${k}`).join(", ")}` : "subscription does not exist: run start");
      }
      problems.throwIfAny("verify");
    }
    const report = await verifyMoves(this.plan.moves, (id) => this.db(id), options);
    this.save(s, "verify", `${report.tables} tables, ${report.differences.length} differences`);
    return report;
  }

  // ---------------------------------------------------------------- cutover / rollback

  private async checkStreams(step: string, streams: readonly Stream[], maxLagBytes: number, problems: Problems): Promise<void> {
    for (const stream of streams) {
      const sub = await this.subscription(stream.subscriber, stream.name);
      if (!sub.exists) {
        problems.add("stream-missing", stream.name, `subscription does not exist on ${stream.subscriber}`);
        continue;
      }
      const notReady = Object.entries(sub.tables).filter(([k]) => k !== "ready");
      if (notReady.length > 0) problems.add("copy-not-done", stream.name, `tables not ready: ${notReady.map(([k, n]) => `${n} ${k}`).join(", ")}`);
      if (!sub.enabled || !sub.streaming) {
        problems.add("not-streaming", stream.name, `subscription on ${stream.subscriber} is ${sub.enabled ? "enabled but has no running apply worker" : "disabled"}`);
        continue;
      }
      const lag = await this.lag(stream);
      if (lag === undefined) problems.add("not-streaming", stream.name, `no walsender on ${stream.publisher} serves it`);
      else if (lag > maxLagBytes) problems.add("lagging", stream.name, `${lag} bytes behind ${stream.publisher} (limit ${maxLagBytes}, --max-lag-bytes); wait and retry`);
    }
    void step;
  }

  private checkPoolerConfig(problems: Problems): void {
    for (const { configFile: file } of poolersOf(this.o.topology))
      try {
        accessSync(file, constants.R_OK | constants.W_OK);
        rewriteDatabases(readPoolerConfig(file), []);
      } catch (e) {
        problems.add("pooler-config", file, (e as Error).message);
      }
  }

  /** An admin console connection to every pooler instance, or a refusal naming each unreachable one. */
  private async poolerAdmins(step: string): Promise<PoolerAdmin[]> {
    const problems = new Problems();
    const admins = await Promise.all(
      poolersOf(this.o.topology).map((p) =>
        PoolerAdmin.connect(p).catch((e: Error) => {
          problems.add("unreachable", `pooler ${p.host}:${p.port}`, `cannot reach the PgBouncer admin console as ${p.adminUser}: ${e.message}`);
          return undefined;
        }),
      ),
    );
    const connected = admins.filter((a): a is PoolerAdmin => a !== undefined);
    if (problems.list.length > 0) await Promise.all(connected.map((a) => a.close()));
    problems.throwIfAny(step);
    return connected;
  }

  /** RESUME every pooler over fresh connections (a connection waiting in PAUSE cannot send it). */
  private async resumeAll(): Promise<void> {
    await Promise.all(
      poolersOf(this.o.topology).map(async (p) => {
        const admin = await PoolerAdmin.connect(p).catch(() => undefined);
        await admin?.command("RESUME").catch(() => undefined);
        await admin?.close();
      }),
    );
  }

  /**
   * PAUSE, zero lag over `streams`, sequences, `inPause`, fence the old side and
   * unfence the new, point every moved shard at `serveFrom`, RELOAD, RESUME.
   * Anything failing before RESUME is undone in reverse order, then RESUME:
   * the old side keeps serving.
   */
  private async pausedSwitch(
    step: string,
    streams: readonly Stream[],
    serveFrom: (schema: string) => string,
    timeoutMs: number,
    pauseTimeoutMs: number,
    inPause: (undo: (() => Promise<unknown>)[]) => Promise<void>,
  ): Promise<{ pauseMs: number; pauseCommandMs: number; lagWaitMs: number }> {
    const admins = await this.poolerAdmins(step);
    const poolers = poolersOf(this.o.topology);
    const oldInis = poolers.map((p) => readPoolerConfig(p.configFile));
    const undo: (() => Promise<unknown>)[] = [];
    const t0 = performance.now();
    // PAUSE returns once every server connection is idle, i.e. when in-flight transactions end: bounded, because a
    // client holding a transaction open would otherwise stretch the pause without limit.
    let timer: NodeJS.Timeout | undefined;
    const paused = await Promise.race([
      Promise.all(admins.map((a) => a.command("PAUSE"))).then(() => true),
      new Promise<false>((r) => (timer = setTimeout(() => r(false), pauseTimeoutMs))),
    ]).finally(() => clearTimeout(timer));
    if (!paused) {
      await this.resumeAll();
      await Promise.all(admins.map((a) => a.close()));
      throw new ReshardError(step, [{ code: "pause-timeout", subject: poolers.map((p) => `pooler ${p.host}:${p.port}`).join(", "), message: `PAUSE did not complete within ${pauseTimeoutMs} ms (--pause-timeout-ms): a client holds a transaction open; resumed, nothing changed` }]);
    }
    const pausedMs = performance.now() - t0;
    let lagWaitMs = 0;
    try {
      // Everything acknowledged before the PAUSE is in the publisher's WAL below this position. A synchronous
      // commit of our own first flushes whatever is still unflushed (an app's asynchronous commits included);
      // walsenders send only flushed WAL, so the flush position is the one a subscriber can reach.
      const targets = new Map<string, string>();
      await Promise.all(
        [...new Set(streams.map((s) => s.publisher))].map(async (id) => {
          await this.db(id).query("SELECT pg_catalog.txid_current()");
          targets.set(id, (await this.db(id).query("SELECT pg_catalog.pg_current_wal_flush_lsn()::text AS l")).rows[0].l);
        }),
      );
      const deadline = performance.now() + timeoutMs;
      let behind = [...streams];
      let lags = new Map<string, number | undefined>();
      while (behind.length > 0) {
        // The apply worker reports a position as applied only once its (asynchronous) commits are flushed, and
        // only when the walsender next pings it. A synchronous commit on the subscriber flushes them now, then
        // one on the publisher wakes the idle walsender (which pings); otherwise both wait for wal_writer_delay.
        await Promise.all([...new Set(behind.map((s) => s.subscriber))].map((id) => this.db(id).query("SELECT pg_catalog.txid_current()")));
        await Promise.all([...new Set(behind.map((s) => s.publisher))].map((id) => this.db(id).query("SELECT pg_catalog.txid_current()")));
        lags = new Map(await Promise.all(behind.map(async (s) => [s.name, await this.lag(s, targets.get(s.publisher))] as const)));
        behind = behind.filter((s) => lags.get(s.name) !== 0);
        if (behind.length === 0) break;
        if (performance.now() > deadline)
          throw new ReshardError(
            step,
            behind.map((s) => ({ code: "lagging", subject: s.name, message: lags.get(s.name) === undefined ? `not streaming from ${s.publisher}` : `still ${lags.get(s.name)} bytes behind ${s.publisher} after ${timeoutMs} ms paused (--lag-timeout-ms); resumed on the old side` })),
          );
        await sleep(2);
      }
      lagWaitMs = performance.now() - t0 - pausedMs;
      await this.syncSequences(streams);
      await inPause(undo);
      const oldSide = [...new Set(streams.map((s) => s.publisher))];
      const newSide = [...new Set(streams.map((s) => s.subscriber))];
      await Promise.all(oldSide.map((id) => this.fence(id, this.schemasOn(id), true)));
      undo.push(() => Promise.all(oldSide.map((id) => this.fence(id, this.schemasOn(id), false))));
      await Promise.all(newSide.map((id) => this.fence(id, this.schemasOn(id), false)));
      undo.push(() => Promise.all(newSide.map((id) => this.fence(id, this.schemasOn(id), true))));
      const entries = this.plan.moves.map((m) => ({ name: poolerDatabaseOfSchema(m.schema), target: this.o.topology.databases[serveFrom(m.schema)]! }));
      poolers.forEach((p, i) => writeFileAtomically(p.configFile, rewriteDatabases(oldInis[i]!, entries)));
      undo.push(async () => {
        poolers.forEach((p, i) => writeFileAtomically(p.configFile, oldInis[i]!));
        await Promise.all(admins.map((a) => a.command("RELOAD")));
      });
      await Promise.all(admins.map((a) => a.command("RELOAD")));
      const problems = new Problems();
      for (const [i, admin] of admins.entries()) {
        const shown = new Map((await admin.databases()).map((d) => [d.name, d]));
        const wrong = entries.filter((e) => {
          const d = shown.get(e.name);
          return !d || d.port !== e.target.port || d.database !== endpointDatabase(e.target);
        });
        if (wrong.length > 0) problems.add("pooler-not-switched", poolers[i]!.configFile, `after RELOAD PgBouncer still routes ${wrong.map((e) => e.name).join(", ")} elsewhere`);
      }
      problems.throwIfAny(step);
    } catch (e) {
      for (const u of undo.reverse()) await u().catch(() => undefined);
      await Promise.all(admins.map((a) => a.command("RESUME").catch(() => undefined)));
      await Promise.all(admins.map((a) => a.close()));
      throw e;
    }
    await Promise.all(admins.map((a) => a.command("RESUME")));
    const pauseMs = performance.now() - t0;
    await Promise.all(admins.map((a) => a.close()));
    const r = (ms: number) => Math.round(ms * 10) / 10;
    return { pauseMs: r(pauseMs), pauseCommandMs: r(pausedMs), lagWaitMs: r(lagWaitMs) };
  }

  /** Sequences are not replicated: copy each one's value from the side that served to the side that will. */
  private async syncSequences(streams: readonly Stream[]): Promise<void> {
    await Promise.all(
      streams.map(async (s) => {
        const res = await this.db(s.publisher).query("SELECT schemaname AS s, sequencename AS n, last_value::text AS v FROM pg_catalog.pg_sequences WHERE schemaname = ANY($1) AND last_value IS NOT NULL", [s.schemas]);
        if (res.rowCount === 0) return;
        const rows = res.rows as { s: string; n: string; v: string }[];
        await this.db(s.subscriber).query("SELECT pg_catalog.setval(pg_catalog.format('%I.%I', s, n)::regclass, v, true) FROM unnest($1::text[], $2::text[], $3::bigint[]) AS t(s, n, v)", [rows.map((r) => r.s), rows.map((r) => r.n), rows.map((r) => r.v)]);
      }),
    );
  }

  private async setEnabled(streams: readonly Stream[], enabled: boolean): Promise<void> {
    await Promise.all(streams.map((s) => this.db(s.subscriber).query(`ALTER SUBSCRIPTION ${qi(s.name)} ${enabled ? "ENABLE" : "DISABLE"}`)));
    if (enabled) return;
    // DISABLE is asynchronous: wait until no apply worker runs, so nothing of the old direction is applied afterwards.
    for (const s of streams) while ((await this.subscription(s.subscriber, s.name)).streaming) await sleep(5);
  }

  private async ensureReverse(): Promise<string[]> {
    const created: string[] = [];
    await this.setEnabled(this.plan.forward, false);
    for (const stream of this.plan.reverse) {
      if (await this.exists(stream.subscriber, "subscription", stream.name)) continue;
      const src = this.o.topology.databases[stream.publisher]!;
      await this.db(stream.subscriber).query(
        `CREATE SUBSCRIPTION ${qi(stream.name)} CONNECTION '${conninfo(src).replace(/'/g, "''")}' PUBLICATION ${qi(stream.name)} WITH (copy_data = false, create_slot = false, slot_name = ${qi(stream.name)})`,
      );
      created.push(stream.name);
    }
    for (const stream of this.plan.reverse) {
      const deadline = performance.now() + 30_000;
      while (!(await this.subscription(stream.subscriber, stream.name)).streaming) {
        if (performance.now() > deadline) throw new ReshardError("cutover", [{ code: "not-streaming", subject: stream.name, message: `reverse subscription on ${stream.subscriber} did not start within 30 s; run cutover again to re-check` }]);
        await sleep(20);
      }
    }
    return created;
  }

  async cutover(options: SwitchOptions = {}): Promise<SwitchRecord & { readonly already: boolean }> {
    const s = this.requirePhase("cutover")!;
    await this.open("cutover", [...this.parents(), ...this.children()]);
    if (s.phase === "cut-over") {
      // Resuming an interrupted cut-over: the switch happened; make sure reverse replication runs.
      const created = await this.ensureReverse();
      if (created.length) this.save(s, "cutover", `reverse subscriptions created on resume: ${created.join(", ")}`);
      return { ...s.cutover!, already: true };
    }
    const problems = new Problems();
    await this.checkStreams("cutover", this.plan.forward, options.maxLagBytes ?? 64 * 1048576, problems);
    this.checkPoolerConfig(problems);
    for (const stream of this.plan.reverse) if (await this.exists(stream.publisher, "slot", stream.name)) problems.add("leftover-slot", `${stream.publisher}/${stream.name}`, "a reverse slot already exists on the child; drop it (it would replay writes that the parent has)");
    problems.throwIfAny("cutover");
    // Reverse publications are catalog entries only; creating them before the pause keeps the pause short.
    for (const stream of this.plan.reverse)
      if (!(await this.exists(stream.publisher, "publication", stream.name))) await this.db(stream.publisher).query(`CREATE PUBLICATION ${qi(stream.name)} FOR TABLES IN SCHEMA ${stream.schemas.map(qi).join(", ")}`);
    const childOf = new Map(this.plan.moves.map((m) => [m.schema, m.to]));
    const timing = await this.pausedSwitch("cutover", this.plan.forward, (schema) => childOf.get(schema)!, options.lagTimeoutMs ?? 5000, options.pauseTimeoutMs ?? 5000, async (undo) => {
      // The reverse slots start exactly here: every child write after RESUME flows back to the parents.
      await Promise.all(this.plan.reverse.map((r) => this.db(r.publisher).query("SELECT pg_catalog.pg_create_logical_replication_slot($1, 'pgoutput')", [r.name])));
      undo.push(() => Promise.all(this.plan.reverse.map((r) => this.db(r.publisher).query("SELECT pg_catalog.pg_drop_replication_slot($1)", [r.name]))));
    });
    const record: SwitchRecord = { at: new Date().toISOString(), ...timing, servingEpoch: this.plan.to.epoch };
    s.phase = "cut-over";
    s.cutover = record;
    this.save(s, "cutover", `serving epoch ${this.plan.to.epoch}; pause ${timing.pauseMs} ms (lag wait ${timing.lagWaitMs} ms)`);
    const created = await this.ensureReverse();
    this.save(s, "cutover", `reverse subscriptions ${created.join(", ") || "already existed"}`);
    this.log(`cutover: paused ${timing.pauseMs} ms; serving epoch ${this.plan.to.epoch}`);
    return { ...record, already: false };
  }

  async rollback(options: SwitchOptions = {}): Promise<SwitchRecord & { readonly already: boolean }> {
    const s = this.requirePhase("rollback")!;
    await this.open("rollback", [...this.parents(), ...this.children()]);
    if (s.phase === "rolled-back") {
      // Resuming an interrupted rollback: the switch happened; make sure reverse apply is stopped.
      await this.setEnabled(this.plan.reverse, false);
      return { ...s.rollback!, already: true };
    }
    const problems = new Problems();
    await this.checkStreams("rollback", this.plan.reverse, options.maxLagBytes ?? 64 * 1048576, problems);
    this.checkPoolerConfig(problems);
    problems.throwIfAny("rollback");
    const parentOf = new Map(this.plan.moves.map((m) => [m.schema, m.from]));
    const timing = await this.pausedSwitch("rollback", this.plan.reverse, (schema) => parentOf.get(schema)!, options.lagTimeoutMs ?? 5000, options.pauseTimeoutMs ?? 5000, async () => undefined);
    const record: SwitchRecord = { at: new Date().toISOString(), ...timing, servingEpoch: this.plan.from.epoch };
    s.phase = "rolled-back";
    s.rollback = record;
    this.save(s, "rollback", `serving epoch ${this.plan.from.epoch} again; pause ${timing.pauseMs} ms`);
    await this.setEnabled(this.plan.reverse, false);
    return { ...record, already: false };
  }

  // ---------------------------------------------------------------- finish

  async finish(options: FinishOptions = {}): Promise<{ dropped: string[]; already: boolean }> {
    const s = this.requirePhase("finish")!;
    if (s.phase === "finished") return { dropped: [], already: true };
    await this.open("finish", [...this.parents(), ...this.children()]);
    const problems = new Problems();
    const last = s.phase === "cut-over" ? s.cutover! : s.rollback!;
    const soaked = (Date.now() - Date.parse(last.at)) / 1000;
    if (soaked < (options.soakSeconds ?? 0)) problems.add("soak", this.plan.region, `only ${soaked.toFixed(0)} s since the ${s.phase === "cut-over" ? "cut-over" : "rollback"}; the soak is ${options.soakSeconds} s (--soak-seconds)`);
    const serving: readonly ConnectorSpec[] = s.phase === "cut-over" ? this.plan.cdc.start : this.plan.cdc.stopAfterCatchUp;
    const retiring: readonly ConnectorSpec[] = s.phase === "cut-over" ? this.plan.cdc.stopAfterCatchUp : this.plan.cdc.start;
    const maxLag = options.cdcMaxLagBytes ?? 1048576;
    for (const c of serving) {
      const lag = await this.connectors.lagBytes(c, this.db(c.database));
      if (lag === undefined) problems.add("connector-missing", c.name, `the serving generation's connector has no slot on ${c.database}; start it before the old connectors stop`);
      else if (lag > maxLag) problems.add("connector-lagging", c.name, `${lag} bytes behind on ${c.database} (limit ${maxLag}); the old connectors keep running until it catches up`);
    }
    problems.throwIfAny("finish");
    const dropped: string[] = [];
    for (const c of retiring) {
      await this.connectors.stop(c, this.db(c.database));
      dropped.push(`connector ${c.name}`);
    }
    for (const stream of [...this.plan.forward, ...this.plan.reverse]) {
      if (await this.exists(stream.subscriber, "subscription", stream.name)) {
        await this.db(stream.subscriber).query(`ALTER SUBSCRIPTION ${qi(stream.name)} DISABLE`);
        await this.db(stream.subscriber).query(`DROP SUBSCRIPTION ${qi(stream.name)}`);
        dropped.push(`subscription ${stream.name}`);
      }
      // A slot whose subscription never existed (or could not drop it) is dropped directly: a forgotten slot keeps WAL forever.
      const slot = await this.db(stream.publisher).query("SELECT pg_catalog.pg_drop_replication_slot(slot_name) FROM pg_catalog.pg_replication_slots WHERE slot_name = $1 AND NOT active", [stream.name]);
      if (slot.rowCount) dropped.push(`slot ${stream.name}`);
      if (await this.exists(stream.publisher, "publication", stream.name)) {
        await this.db(stream.publisher).query(`DROP PUBLICATION ${qi(stream.name)}`);
        dropped.push(`publication ${stream.name}`);
      }
    }
    const outcome = s.phase === "cut-over" ? `${this.plan.to.generation} serves` : `rolled back, ${this.plan.from.generation} serves`;
    s.phase = "finished";
    s.finishedAt = new Date().toISOString();
    this.save(s, "finish", `${outcome}; dropped ${dropped.length} objects`);
    return { dropped, already: false };
  }
}
