import { describe, expect, it } from "vitest";
import { pgbouncerIni, poolerDatabaseName, poolerUserData } from "../../../constructs/shard-fleet/pgbouncer.js";
import { buildShardMap } from "../../../regions/shard-map.js";
import { manifestOf } from "../../helpers.js";

const eu = manifestOf().regions.find((r) => r.id === "eu")!;
const settings = { defaultPoolSize: 20, maxClientConnections: 10_000 };

describe("pgbouncerIni", () => {
  const ini = pgbouncerIni(buildShardMap(eu, "rk", { endpointOf: (i) => `db${i}.example.internal:5432` }), settings);

  it("has one [databases] entry per physical database, by pooler name", () => {
    const entries = ini.split("[pgbouncer]")[0]!.split("\n").filter((l) => l.includes(" = "));
    expect(entries).toHaveLength(32);
    expect(entries[0]).toBe("shard001 = host=db1.example.internal port=5432 dbname=shards");
    expect(entries[31]).toBe("shard032 = host=db32.example.internal port=5432 dbname=shards");
  });

  it("requires TLS from clients and to the databases, and pools per transaction", () => {
    expect(ini).toMatch(/^client_tls_sslmode = require$/m);
    expect(ini).toMatch(/^server_tls_sslmode = require$/m);
    expect(ini).toMatch(/^pool_mode = transaction$/m);
    expect(ini).toMatch(/^auth_type = scram-sha-256$/m);
  });

  it("fails on a shard map without endpoints", () => {
    expect(() => pgbouncerIni(buildShardMap(eu, "rk"), settings)).toThrow(/rk-eu-shard-001 has no endpoint/);
  });

  it("names pooler databases with three digits", () => {
    expect(poolerDatabaseName(7)).toBe("shard007");
  });
});

describe("poolerUserData", () => {
  it("installs and starts PgBouncer with the given config", () => {
    const script = poolerUserData("[databases]\n", "arn:secret", "eu-central-1");
    expect(script.startsWith("#!/bin/bash\nset -euo pipefail\n")).toBe(true);
    expect(script).toContain("--region eu-central-1 --secret-id 'arn:secret'");
    expect(script).toContain("systemctl enable --now pgbouncer");
  });

  it("fails on characters Terraform would misread inside a function call", () => {
    expect(() => poolerUserData('listen_addr = "x"\n', "arn", "eu-central-1")).toThrow(/must not contain "/);
    expect(() => poolerUserData("a %{ b\n", "arn", "eu-central-1")).toThrow(/must not contain %\{/);
  });
});
