import { chownSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import pg from "pg";
import type { Endpoint, PoolerTopology } from "./fleet.js";
import { endpointDatabase } from "./fleet.js";
import { passwordOf } from "./pg.js";

/**
 * PgBouncer side of a cut-over: the `[databases]` section of pgbouncer.ini
 * (one entry per logical shard, named after its schema) and the admin console
 * (PAUSE / RELOAD / RESUME / SHOW DATABASES).
 *
 * On RELOAD PgBouncer notices a changed entry, closes the old server
 * connections when they are released and opens new ones to the new host; the
 * clients keep their connections and never see the switch except as the pause.
 */

export interface PoolerEntry {
  readonly name: string;
  readonly target: Endpoint;
}

function entryLine(e: PoolerEntry): string {
  return `${e.name} = host=${e.target.host} port=${e.target.port} dbname=${endpointDatabase(e.target)}`;
}

/**
 * The ini text with each named entry of `[databases]` pointing at its new
 * target; entries the reshard does not own are kept as they are, missing ones
 * are added. Refuses an ini without a `[databases]` section.
 */
export function rewriteDatabases(ini: string, entries: readonly PoolerEntry[]): string {
  const lines = ini.split("\n");
  const start = lines.findIndex((l) => /^\s*\[databases\]\s*$/i.test(l));
  if (start < 0) throw new Error("the pooler config has no [databases] section");
  let end = lines.findIndex((l, i) => i > start && /^\s*\[[^\]]+\]\s*$/.test(l));
  if (end < 0) end = lines.length;
  const byName = new Map(entries.map((e) => [e.name, e]));
  const body = lines.slice(start + 1, end).filter((l) => {
    const key = /^\s*([^=;#\s]+)\s*=/.exec(l)?.[1];
    return !(key && byName.has(key));
  });
  while (body.length > 0 && body[body.length - 1]!.trim() === "") body.pop();
  const out = [...lines.slice(0, start + 1), ...body, ...entries.map(entryLine), "", ...lines.slice(end)];
  return out.join("\n");
}

/** Replace a file atomically (same directory, rename), keeping its owner and mode: PgBouncer must still read it. */
export function writeFileAtomically(file: string, text: string): void {
  const st = statSync(file);
  const tmp = `${file}.reshard-${process.pid}`;
  writeFileSync(tmp, text, { mode: st.mode & 0o777 });
  try {
    chownSync(tmp, st.uid, st.gid);
  } catch {
    // Not permitted for a non-root engine: then the engine runs as the file's owner already.
  }
  renameSync(tmp, file);
}

export function readPoolerConfig(file: string): string {
  return readFileSync(file, "utf8");
}

export interface PoolerDatabaseRow {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly database: string;
}

/** A connection to PgBouncer's admin console (simple-query protocol only, which pg uses for queries without parameters). */
export class PoolerAdmin {
  private constructor(private readonly client: pg.Client) {}

  static async connect(p: PoolerTopology, timeoutMs = 5000): Promise<PoolerAdmin> {
    const client = new pg.Client({ host: p.host, port: p.port, database: "pgbouncer", user: p.adminUser, password: passwordOf(p), connectionTimeoutMillis: timeoutMs });
    client.on("error", () => undefined);
    await client.connect();
    return new PoolerAdmin(client);
  }

  async command(cmd: "PAUSE" | "RESUME" | "RELOAD"): Promise<void> {
    await this.client.query(cmd);
  }

  async databases(): Promise<PoolerDatabaseRow[]> {
    const res = await this.client.query("SHOW DATABASES");
    return res.rows.map((r: Record<string, string>) => ({ name: r.name!, host: r.host!, port: Number(r.port), database: r.database! }));
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}
