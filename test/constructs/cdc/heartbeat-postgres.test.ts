import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { debeziumConnectors } from "../../../constructs/cdc/connectors.js";
import { cdcControlTablesSql, HEARTBEAT_ACTION_QUERY } from "../../../constructs/cdc/debezium-options.js";
import { oneRegionManifest, regionResolver } from "../../helpers.js";

/**
 * The heartbeat against a real PostgreSQL with a pgoutput slot, as Debezium
 * uses it: a publication built from the connector's own include lists (what
 * `publication.autocreate.mode: filtered` does), writes elsewhere in the
 * database that the slot never delivers, and the heartbeat query, whose write
 * the slot does deliver (so the connector can confirm an LSN and the slot moves).
 */

function postgresBin(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const major = readdirSync(root).sort((a, b) => Number(b) - Number(a)).find((m) => existsSync(join(root, m, "bin", "pg_ctl")));
  return major ? join(root, major, "bin") : undefined;
}

const bin = postgresBin();
const asRoot = process.getuid?.() === 0;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

describe.skipIf(!bin)("Debezium heartbeat on a real PostgreSQL", () => {
  let dir = "";
  let port = 0;
  /** initdb refuses root: run the server tools as the `postgres` OS user when the tests run as root. */
  const run = (tool: string, args: string[]) =>
    asRoot ? execFileSync("runuser", ["-u", "postgres", "--", join(bin!, tool), ...args], { encoding: "utf8" }) : execFileSync(join(bin!, tool), args, { encoding: "utf8" });
  const sql = (statement: string, user = "postgres") =>
    execFileSync(join(bin!, "psql"), ["-h", "127.0.0.1", "-p", String(port), "-U", user, "-d", "shards", "-v", "ON_ERROR_STOP=1", "-At", "-c", statement], { encoding: "utf8" }).trim();

  const names = regionResolver(oneRegionManifest(), "eu");
  const connector = debeziumConnectors(names, () => ({ host: "127.0.0.1", port: 5432, dbName: "shards" }))[0]!;
  const schema = connector.database.schemas[0]!;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "rk-heartbeat-"));
    if (asRoot) chownSync(dir, Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" })), Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" })));
    port = await freePort();
    run("initdb", ["-D", join(dir, "data"), "-A", "trust", "-U", "postgres", "--no-sync"]);
    run("pg_ctl", ["-D", join(dir, "data"), "-l", join(dir, "log"), "-w", "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c wal_level=logical -c fsync=off`, "start"]);
    execFileSync(join(bin!, "psql"), ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", "postgres", "-c", "CREATE DATABASE shards"]);
    sql("CREATE ROLE debezium LOGIN REPLICATION");
    sql(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.block (id uuid PRIMARY KEY, version bigint NOT NULL)`);
    // Activity the connector does not capture: another schema's table.
    sql("CREATE SCHEMA other; CREATE TABLE other.audit (id bigserial PRIMARY KEY, at timestamptz DEFAULT now())");
    for (const statement of cdcControlTablesSql("debezium")) sql(statement);
    // What Debezium's filtered mode does: publish exactly the tables its include lists match.
    const patterns = String(connector.config["table.include.list"]).split(",").map((p) => new RegExp(`^(?:${p})$`));
    const tables = sql("SELECT schemaname || '.' || tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
      .split("\n")
      .filter((t) => patterns.some((p) => p.test(t)));
    sql(`CREATE PUBLICATION ${connector.config["publication.name"]} FOR TABLE ${tables.join(", ")}`);
    sql(`SELECT pg_create_logical_replication_slot('${connector.config["slot.name"]}', 'pgoutput')`);
  }, 60_000);

  afterAll(() => {
    try {
      if (dir) run("pg_ctl", ["-D", join(dir, "data"), "-m", "immediate", "stop"]);
    } finally {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });

  /** pgoutput messages waiting in the connector's slot (B=begin, R=relation, I=insert, U=update, C=commit). */
  const pending = () =>
    sql(
      `SELECT get_byte(data, 0) FROM pg_logical_slot_peek_binary_changes('${connector.config["slot.name"]}', NULL, NULL, 'proto_version', '1', 'publication_names', '${connector.config["publication.name"]}')`,
    )
      .split("\n")
      .filter(Boolean)
      .map((b) => String.fromCharCode(Number(b)));

  it("publishes the heartbeat table and the signal table with the shard tables", () => {
    const published = sql(`SELECT schemaname || '.' || tablename FROM pg_publication_tables WHERE pubname = '${connector.config["publication.name"]}' ORDER BY 1`).split("\n");
    expect(published).toEqual(expect.arrayContaining(["regionkit_cdc.heartbeat", "regionkit_cdc.debezium_signal", `${schema}.block`]));
  });

  it("delivers nothing through the slot for writes outside the captured tables (the case that strands a slot)", () => {
    for (let i = 0; i < 20; i++) sql("INSERT INTO other.audit DEFAULT VALUES");
    expect(pending().filter((m) => m === "I" || m === "U")).toEqual([]);
  });

  it("delivers the heartbeat action query's write, run by the connector's login, every time it runs", () => {
    sql(HEARTBEAT_ACTION_QUERY, "debezium");
    sql(HEARTBEAT_ACTION_QUERY, "debezium");
    const messages = pending();
    // The first heartbeat inserts the row, the second updates it (the upsert), each in its own transaction.
    expect(messages.filter((m) => m === "I")).toHaveLength(1);
    expect(messages.filter((m) => m === "U")).toHaveLength(1);
    expect(messages.filter((m) => m === "C")).toHaveLength(2);
    expect(sql("SELECT count(*) FROM regionkit_cdc.heartbeat")).toBe("1");
  });

  it("accepts the connector's session statement from its own (non-superuser) login", () => {
    expect(sql(`${connector.config["database.initial.statements"]}; SHOW idle_in_transaction_session_timeout`, "debezium").split("\n").at(-1)).toBe("0");
  });

  it("lets the connector's login write an incremental-snapshot watermark into the signal table and remove it", () => {
    sql("INSERT INTO regionkit_cdc.debezium_signal (id, type, data) VALUES ('w1', 'snapshot-window-open', NULL)", "debezium");
    sql("DELETE FROM regionkit_cdc.debezium_signal WHERE id = 'w1'", "debezium");
    expect(sql("SELECT count(*) FROM regionkit_cdc.debezium_signal")).toBe("0");
  });
});
