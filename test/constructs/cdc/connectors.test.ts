import { describe, expect, it } from "vitest";
import { debeziumConnectors, tableIncludeList } from "../../../constructs/cdc/connectors.js";
import { CDC_CONTROL_SCHEMA, CONTROL_TABLE_PATTERNS } from "../../../constructs/cdc/debezium-options.js";
import { SHARDED_TABLES } from "../../../regions/resolvers.js";
import { oneRegionManifest, regionResolver } from "../../helpers.js";

const resolverFor = (preset: "32x15" | "96x5") => regionResolver(oneRegionManifest(`    shardFleet:\n      preset: "${preset}"\n`), "eu");
const endpointOf = (db: { identifier: string }) => ({ host: `${db.identifier}.example.internal`, port: 5432, dbName: "app" });

describe("debeziumConnectors", () => {
  it.each([
    ["32x15", 32],
    ["96x5", 96],
  ] as const)("has one connector per physical database with preset %s", (preset, databases) => {
    const names = resolverFor(preset);
    expect(names.region.shardFleet.physicalDatabases).toBe(databases);
    expect(debeziumConnectors(names, endpointOf)).toHaveLength(names.region.shardFleet.physicalDatabases);
  });

  const names = resolverFor("32x15");
  const connectors = debeziumConnectors(names, endpointOf);

  it("uses pgoutput", () => {
    for (const c of connectors) expect(c.config["plugin.name"]).toBe("pgoutput");
  });

  it("gives every connector its own replication slot, publication and topic prefix", () => {
    for (const key of ["slot.name", "publication.name", "topic.prefix"]) {
      expect(new Set(connectors.map((c) => c.config[key])).size).toBe(connectors.length);
    }
  });

  it("captures every sharded table of the database's schemas and the CDC control tables, nothing else", () => {
    const second = connectors[1]!;
    expect(second.config["schema.include.list"]).toBe([...second.database.schemas, CDC_CONTROL_SCHEMA].join(","));
    const included = String(second.config["table.include.list"]).split(",");
    expect(included.slice(-CONTROL_TABLE_PATTERNS.length)).toEqual(CONTROL_TABLE_PATTERNS);
    included.splice(-CONTROL_TABLE_PATTERNS.length);
    expect(included).toHaveLength(second.database.schemas.length * SHARDED_TABLES.length);
    expect(included).toContain("schema016\\.block");
    expect(included).toContain("schema030\\.team");
    expect(included.some((t) => t.startsWith("schema015") || t.startsWith("schema031"))).toBe(false);
    expect(tableIncludeList(second.database)).toEqual(included);
  });

  it("connects to its own database over verified TLS", () => {
    const first = connectors[0]!;
    expect(first.config["database.hostname"]).toBe(`${first.database.identifier}.example.internal`);
    expect(first.config["database.sslmode"]).toBe("verify-full");
    expect(first.config["database.sslrootcert"]).toMatch(/\.pem$/);
  });

  it("reads the login from this region's Secrets Manager at runtime, never from the config", () => {
    const c = connectors[4]!;
    expect(c.config["database.user"]).toBe(`\${secretsmanager:${names.debeziumSecretName(5)}:username}`);
    expect(c.config["database.password"]).toBe(`\${secretsmanager:${names.debeziumSecretName(5)}:password}`);
  });

  it("routes every shard's table topic to the one topic of that table", () => {
    for (const c of connectors.slice(0, 3)) {
      const regex = new RegExp(String(c.config["transforms.route.topic.regex"]));
      const replacement = String(c.config["transforms.route.topic.replacement"]);
      for (const schema of c.database.schemas) {
        for (const table of SHARDED_TABLES) {
          const raw = `${c.config["topic.prefix"]}.${schema}.${table}`;
          expect(raw.replace(regex, replacement)).toBe(names.kafkaTopic(table));
        }
      }
      expect(c.config["transforms.route.type"]).toBe("io.debezium.transforms.ByLogicalTableRouter");
    }
  });

  it("does not route another database's topics", () => {
    const regex = new RegExp(String(connectors[0]!.config["transforms.route.topic.regex"]));
    expect(regex.test(`${connectors[1]!.config["topic.prefix"]}.schema016.block`)).toBe(false);
  });
});
