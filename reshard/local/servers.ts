import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { sleep } from "../pg.js";

/**
 * Real PostgreSQL 15 clusters and PgBouncer instances for the demo, the test
 * and the benchmark: each on a free loopback port in its own temporary
 * directory, stopped (and the directory removed) by `stop()`.
 *
 * Postgres and PgBouncer refuse to run as root; when this process is root they
 * run as the `postgres` OS user (the Debian packages create it) via runuser.
 */

const run = promisify(execFile);

export const PG_BIN = process.env.REGIONKIT_PG_BIN ?? "/usr/lib/postgresql/15/bin";
export const PGBOUNCER = process.env.REGIONKIT_PGBOUNCER ?? "/usr/sbin/pgbouncer";
const OS_USER = "postgres";

/** Why the local servers cannot run here, or undefined when they can. */
export function localServersUnavailable(): string | undefined {
  const missing = [join(PG_BIN, "initdb"), join(PG_BIN, "pg_ctl"), join(PG_BIN, "pg_dump"), PGBOUNCER].filter((f) => !existsSync(f));
  return missing.length ? `missing ${missing.join(", ")} (Debian packages postgresql-15 and pgbouncer; .ci/run installs them)` : undefined;
}

const isRoot = () => process.getuid?.() === 0;

async function asServerUser(cmd: string, args: string[], timeout = 120_000): Promise<string> {
  const [file, argv] = isRoot() ? ["runuser", ["-u", OS_USER, "--", cmd, ...args]] : [cmd, args];
  const { stdout } = await run(file, argv, { timeout, maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

function ownedTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (isRoot()) {
    const uid = Number(readFileSync("/etc/passwd", "utf8").split("\n").find((l) => l.startsWith(`${OS_USER}:`))?.split(":")[2]);
    const gid = Number(readFileSync("/etc/passwd", "utf8").split("\n").find((l) => l.startsWith(`${OS_USER}:`))?.split(":")[3]);
    chownSync(dir, uid, gid);
  }
  return dir;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = new Socket();
      s.once("connect", () => (s.destroy(), resolve(true)));
      s.once("error", () => (s.destroy(), resolve(false)));
      s.connect(port, "127.0.0.1");
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await sleep(50);
  }
}

export interface LocalPostgres {
  readonly name: string;
  readonly port: number;
  readonly dir: string;
  stop(): Promise<void>;
}

/**
 * One initdb while any cluster of this process runs; each cluster's data directory starts as a copy of it. initdb
 * costs about a second of CPU per cluster (tests start several), a copy of its ~40 MB a few milliseconds.
 */
let initdbTemplate: { readonly data: Promise<string>; readonly dir: string } | undefined;
let runningClusters = 0;

function freshDataDirectory(): Promise<string> {
  if (!initdbTemplate) {
    const dir = ownedTempDir("rk-reshard-initdb-");
    const data = join(dir, "data");
    initdbTemplate = { dir, data: asServerUser(join(PG_BIN, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"]).then(() => data) };
  }
  return initdbTemplate.data;
}

function clusterStopped(): void {
  if (--runningClusters > 0 || !initdbTemplate) return;
  rmSync(initdbTemplate.dir, { recursive: true, force: true });
  initdbTemplate = undefined;
}

/** initdb (a copy of one) + pg_ctl start: a logical-replication-ready cluster, trust auth on loopback only. */
export async function startPostgres(name: string): Promise<LocalPostgres> {
  const dir = ownedTempDir(`rk-reshard-${name}-`);
  const data = join(dir, "data");
  const port = await freePort();
  runningClusters++;
  try {
    await asServerUser("cp", ["-a", await freshDataDirectory(), data]);
    await configureAndStart(name, dir, data, port);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    clusterStopped();
    throw e;
  }
  return {
    name,
    port,
    dir,
    async stop() {
      await asServerUser(join(PG_BIN, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
      clusterStopped();
    },
  };
}

async function configureAndStart(name: string, dir: string, data: string, port: number): Promise<void> {
  const conf = [
    `port = ${port}`,
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = '${dir}'`,
    "wal_level = logical",
    // Each pooler keeps a server connection per logical-shard database it has served (2 poolers x every shard),
    // for the old and, after a switch, the new generation until the old ones idle out, for each demo fleet
    // sharing these servers (two run side by side), plus replication and the engine's own sessions: 300 was
    // near that, and one login refused at a cut-over failed a CI run (PgBouncer then refuses that database
    // for server_login_retry). Throwaway servers: room costs nothing.
    "max_connections = 1000",
    "max_wal_senders = 40",
    "max_replication_slots = 40",
    "max_worker_processes = 40",
    "max_logical_replication_workers = 24",
    "max_sync_workers_per_subscription = 2",
    "shared_buffers = 32MB",
    // The launcher starts the workers of newly created subscriptions at most once per interval (default 5 s).
    "wal_retrieve_retry_interval = '200ms'",
    // Throwaway test data: durability is not what the demo measures, and fsync on a shared 2-core machine is slow.
    "fsync = off",
    "full_page_writes = off",
    `cluster_name = 'rk-${name}'`,
  ];
  writeFileSync(join(data, "postgresql.conf"), `${readFileSync(join(data, "postgresql.conf"), "utf8")}\n${conf.join("\n")}\n`);
  await asServerUser(join(PG_BIN, "pg_ctl"), ["-D", data, "-l", join(dir, "postgres.log"), "-w", "-t", "120", "start"]);
}

export interface LocalPgBouncer {
  readonly port: number;
  readonly configFile: string;
  readonly dir: string;
  stop(): Promise<void>;
}

/** A PgBouncer in transaction pooling with the given `[databases]` lines; `adminUser` may use the admin console. */
export async function startPgBouncer(databaseLines: readonly string[], users: readonly string[], adminUser: string): Promise<LocalPgBouncer> {
  const dir = ownedTempDir("rk-reshard-pgbouncer-");
  const port = await freePort();
  const configFile = join(dir, "pgbouncer.ini");
  const pidfile = join(dir, "pgbouncer.pid");
  writeFileSync(join(dir, "userlist.txt"), users.map((u) => `"${u}" ""`).join("\n") + "\n");
  writeFileSync(
    configFile,
    [
      "[databases]",
      ...databaseLines,
      "",
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "unix_socket_dir =",
      "auth_type = trust",
      `auth_file = ${join(dir, "userlist.txt")}`,
      `admin_users = ${adminUser}`,
      "pool_mode = transaction",
      "max_client_conn = 2000",
      "default_pool_size = 2",
      "server_reset_query =",
      `logfile = ${join(dir, "pgbouncer.log")}`,
      `pidfile = ${pidfile}`,
      "",
    ].join("\n"),
  );
  if (isRoot()) for (const f of [configFile, join(dir, "userlist.txt")]) await run("chown", [`${OS_USER}:`, f]);
  await asServerUser(PGBOUNCER, ["-d", configFile]);
  await waitForPort(port, 30_000);
  return {
    port,
    configFile,
    dir,
    async stop() {
      const pid = existsSync(pidfile) ? Number(readFileSync(pidfile, "utf8").trim()) : NaN;
      if (Number.isInteger(pid) && pid > 0) {
        try {
          process.kill(pid, "SIGTERM");
        } catch {
          // already gone
        }
        for (let i = 0; i < 100 && existsSync(pidfile); i++) await sleep(20);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
