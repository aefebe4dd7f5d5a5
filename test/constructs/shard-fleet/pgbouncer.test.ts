import { describe, expect, it } from "vitest";
import { pgbouncerIni, poolerDatabasesExpression, poolerUserData } from "../../../constructs/shard-fleet/pgbouncer.js";
import { buildShardMap } from "../../../regions/shard-map.js";
import { manifestOf, oneRegionManifest } from "../../helpers.js";
import { renderInTerraform, renderUserData } from "./render-in-terraform.js";

const eu = manifestOf().regions.find((r) => r.id === "eu")!;
const settings = { defaultPoolSize: 20, maxClientConnections: 10_000 };

// The config is a Terraform template (its [databases] entries are rendered by Terraform): every assertion reads Terraform's rendering.
describe("pgbouncerIni", { timeout: 60_000 }, () => {
  const ini = renderInTerraform(pgbouncerIni(buildShardMap(eu, "rk", { endpointOf: (i) => `db${i}.example.internal:5432` }), settings));

  const entries = (text: string) => text.split("[pgbouncer]")[0]!.split("\n").filter((l) => l.includes(" = "));

  it("has one [databases] entry per logical shard, named after its schema, on the database that holds it", () => {
    const lines = entries(ini);
    expect(lines).toHaveLength(480);
    expect(lines[0]).toBe("schema001 = host=db1.example.internal port=5432 dbname=shards");
    expect(lines[15]).toBe("schema016 = host=db2.example.internal port=5432 dbname=shards");
    expect(lines[479]).toBe("schema480 = host=db32.example.internal port=5432 dbname=shards");
  });

  it("routes the same pooler database to the new generation's database after a cut-over", () => {
    const fleet = `    shardFleet:\n      generations:\n        - { id: g1, physicalDatabases: 32 }\n        - { id: g2, physicalDatabases: 96 }\n      reshard: { from: g1, to: g2, state: cut-over }\n`;
    const region = oneRegionManifest(fleet).regions[0]!;
    const before = entries(renderInTerraform(pgbouncerIni(buildShardMap(region, "rk", { generation: "g1", endpointOf: (i) => `g1-db${i}:5432` }), settings)));
    const after = entries(renderInTerraform(pgbouncerIni(buildShardMap(region, "rk", { endpointOf: (i) => `g2-db${i}:5432` }), settings)));
    expect(before[6]).toBe("schema007 = host=g1-db1 port=5432 dbname=shards");
    expect(after[6]).toBe("schema007 = host=g2-db2 port=5432 dbname=shards");
    expect(after.map((l) => l.split(" = ")[0])).toEqual(before.map((l) => l.split(" = ")[0]));
  });

  it("never routes by search_path: no search_path anywhere in the config, so PgBouncer refuses it as a startup parameter", () => {
    expect(ini).not.toMatch(/search_path/i);
    expect(ini).toMatch(/^ignore_startup_parameters = extra_float_digits$/m);
  });

  it("sizes pools per shard entry so a database's schemas share about defaultPoolSize server connections", () => {
    expect(ini).toMatch(/^default_pool_size = 2$/m);
  });

  it("fits EC2's 16 KB user data limit once gzipped, for 480 shards with real-length RDS host names", () => {
    const map = buildShardMap(eu, "rk", { endpointOf: (i) => `rk-eu-shard-g2-${String(i).padStart(3, "0")}.c9akciq32xyz.eu-central-1.rds.amazonaws.com:5432` });
    // As the fleet synthesizes it: the entries in a local, the script in Fn.base64gzip (newlines escaped, the rest not).
    const script = poolerUserData(pgbouncerIni(map, settings, "${local.databases}"), `arn:aws:secretsmanager:eu-central-1:222222222222:secret:rk-eu-shard-pooler-auth-AbCdEf`, "eu-central-1");
    const rendered = renderUserData(`\${base64gzip("${script.replace(/\n/g, "\\n")}")}`, { databases: poolerDatabasesExpression(map) });
    expect(rendered.script.length).toBeGreaterThan(16_384);
    expect(rendered.script.split("\n").filter((l) => /^schema\d{3} = host=rk-eu-shard-g2-\d{3}\./.test(l))).toHaveLength(480);
    // base64 of the gzip is what EC2 counts.
    expect(Math.ceil(rendered.gzipBytes / 3) * 4).toBeLessThan(16_384 / 2);
  });

  it("requires TLS from clients and to the databases, and pools per transaction", () => {
    expect(ini).toMatch(/^client_tls_sslmode = require$/m);
    expect(ini).toMatch(/^server_tls_sslmode = require$/m);
    expect(ini).toMatch(/^pool_mode = transaction$/m);
    expect(ini).toMatch(/^auth_type = scram-sha-256$/m);
  });

  it("fails on a shard map without endpoints", () => {
    expect(() => pgbouncerIni(buildShardMap(eu, "rk"), settings)).toThrow(/without an endpoint: rk-eu-shard-001, rk-eu-shard-002, .*rk-eu-shard-032; build the map with endpointOf/);
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
