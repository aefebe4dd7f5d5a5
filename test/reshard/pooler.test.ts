import { describe, expect, it } from "vitest";
import { dumpToSql } from "../../reshard/engine.js";
import { rewriteDatabases } from "../../reshard/pooler.js";

const ini = `[databases]
; kit-managed
schema001 = host=10.0.0.1 port=5432 dbname=shards
schema002 = host=10.0.0.1 port=5432 dbname=shards
admin = host=10.0.0.9 port=5432 dbname=ops

[pgbouncer]
listen_port = 6432
pool_mode = transaction
`;

describe("pgbouncer.ini [databases] rewrite", () => {
  it("points the reshard's entries at their new database and keeps every other line", () => {
    const out = rewriteDatabases(ini, [{ name: "schema002", target: { host: "10.0.1.7", port: 5433, user: "x", database: "shards" } }]);
    expect(out).toContain("schema001 = host=10.0.0.1 port=5432 dbname=shards");
    expect(out).toContain("schema002 = host=10.0.1.7 port=5433 dbname=shards");
    expect(out).not.toContain("schema002 = host=10.0.0.1");
    expect(out).toContain("admin = host=10.0.0.9 port=5432 dbname=ops");
    expect(out).toContain("; kit-managed");
    expect(out.slice(out.indexOf("[pgbouncer]"))).toBe(ini.slice(ini.indexOf("[pgbouncer]")));
  });

  it("is stable: rewriting with the same targets twice gives the same text", () => {
    const entries = [{ name: "schema001", target: { host: "h", port: 1, user: "u" } }];
    const once = rewriteDatabases(ini, entries);
    expect(rewriteDatabases(once, entries)).toBe(once);
  });

  it("fails on a config without a [databases] section", () => {
    expect(() => rewriteDatabases("[pgbouncer]\nlisten_port = 6432\n", [])).toThrow(/no \[databases\] section/);
  });
});

describe("pg_dump output for the driver", () => {
  it("drops pg_dump's \\restrict guard lines", () => {
    expect(dumpToSql("\\restrict abc\nCREATE SCHEMA s;\n\\unrestrict abc\n")).toBe("CREATE SCHEMA s;\n");
  });

  it("fails on any other psql meta-command", () => {
    expect(() => dumpToSql("CREATE SCHEMA s;\n\\connect other\n")).toThrow(/psql meta-commands the engine cannot run: \\connect other/);
  });
});
