import { describe, expect, it } from "vitest";
import { CODE_EXCEPTIONS, manifestExceptions } from "../../guardrails/exceptions.js";
import { openFindings, runGuardrails } from "../../guardrails/engine.js";
import type { Manifest } from "../../regions/manifest.js";
import { DEFAULT_MANIFEST_TEXT as DEFAULT, manifestOf, synthCdc, synthRegion, type Synthesized } from "../helpers.js";

/**
 * Both generations side by side in Terraform: adding g2 with a planned reshard
 * only adds resources, and the pooler, the SSM map and the connectors follow
 * the reshard's state.
 */

const manifestWithG2 = (state: string) =>
  manifestOf(
    DEFAULT.replace(
      "cidr: 10.20.0.0/16",
      `cidr: 10.20.0.0/16\n    shardFleet:\n      generations:\n        - { id: g1, physicalDatabases: 32 }\n        - { id: g2, physicalDatabases: 96, instanceClass: db.r7g.xlarge }\n      reshard: { from: g1, to: g2, state: ${state} }`,
    ),
  );

// Each manifest is built and each stack synthesized once: synth dominates this file's run time.
const once = <K, V>(make: (key: K) => V) => {
  const cache = new Map<K, V>();
  return (key: K): V => (cache.has(key) ? cache.get(key)! : (cache.set(key, make(key)), cache.get(key)!));
};
const g2 = once(manifestWithG2);
const BASE = manifestOf();
const data = once((m: Manifest) => synthRegion("eu", m));
const cdc = once((m: Manifest) => synthCdc("eu", m));

/** Every resource by address `type.name`. */
const resources = (s: Synthesized): Map<string, unknown> =>
  new Map(Object.entries(s.json.resource ?? {}).flatMap(([type, byName]) => Object.entries(byName as object).map(([name, body]) => [`${type}.${name}`, body] as const)));

/** Resources of `after` that are new, and those of `before` that changed or vanished. */
function diff(before: Synthesized, after: Synthesized) {
  const a = resources(before);
  const b = resources(after);
  return {
    added: [...b.keys()].filter((k) => !a.has(k)),
    changed: [...a.keys()].filter((k) => b.has(k) && JSON.stringify(a.get(k)) !== JSON.stringify(b.get(k))),
    removed: [...a.keys()].filter((k) => !b.has(k)),
  };
}

const byIdentifier = (s: Synthesized, identifier: string) => Object.values(s.resources("aws_db_instance")).find((db) => db.identifier === identifier);
const ssmValue = (s: Synthesized, name: string) => JSON.parse(Object.values(s.resources("aws_ssm_parameter")).find((p) => p.name === name)!.value);
const connectors = (s: Synthesized) =>
  Object.values(s.resources("kubernetes_manifest"))
    .map((m) => m.manifest)
    .filter((m) => m.kind === "KafkaConnector");

describe("adding generation g2 with a planned reshard", () => {
  const base = BASE;
  const planned = g2("planned");

  it.each([
    ["data-eu", data],
    ["cdc-eu", cdc],
  ] as const)("only adds resources to %s: no g1 resource is updated, replaced or removed", (_, synth) => {
    const { added, changed, removed } = diff(synth(base), synth(planned));
    expect(changed).toEqual([]);
    expect(removed).toEqual([]);
    expect(added.length).toBeGreaterThanOrEqual(96);
  });

  it("leaves the other regions byte-identical", () => {
    expect(synthRegion("us", planned).text).toBe(synthRegion("us", base).text);
  });

  it("adds g2's 96 databases, parameter group, log groups, map entries, login secrets and database alarms, each with g2 in its name", () => {
    const { added } = diff(data(base), data(planned));
    const count = (type: string) => added.filter((a) => a.startsWith(`${type}.`)).length;
    expect(count("aws_db_instance")).toBe(96);
    expect(count("aws_db_parameter_group")).toBe(1);
    expect(count("aws_cloudwatch_log_group")).toBe(192);
    expect(count("aws_ssm_parameter")).toBe(96 + 2);
    expect(count("aws_secretsmanager_secret")).toBe(96);
    expect(count("aws_iam_role_policy")).toBe(1);
    // Four alarms per new database (transaction IDs, slot lag, WAL disk, free storage).
    expect(count("aws_cloudwatch_metric_alarm")).toBe(96 * 4);
    expect(added.filter((a) => !/\.ShardFleet_G2|\.ShardFleet_ShardMapServing|\.Cdc_G2(DebeziumSecret|ConnectRoleDebeziumLogins)|\.Alarms_DatabaseG2\d{3}/.test(a))).toEqual([]);
  });

  it("gives g2 databases their own identifiers, parameter group and class, all protected from destroy", () => {
    const s = data(planned);
    const db = byIdentifier(s, "rk-eu-shard-g2-007")!;
    expect(db).toMatchObject({ instance_class: "db.r7g.xlarge", deletion_protection: true, lifecycle: { prevent_destroy: true } });
    const group = Object.values(s.resources("aws_db_parameter_group")).find((g) => g.name === "rk-eu-shard-g2-postgres16")!;
    expect(db.parameter_group_name).toMatch(/aws_db_parameter_group\.ShardFleet_G2ParameterGroup_[0-9A-F]{8}\.name/);
    expect(group.parameter).toEqual(expect.arrayContaining([expect.objectContaining({ name: "rds.logical_replication", value: "1" })]));
    expect(byIdentifier(s, "rk-eu-shard-001")).toMatchObject({ instance_class: "db.r6g.2xlarge", lifecycle: { prevent_destroy: true } });
  });

  it("publishes g2's map under its own path and a serving pointer at epoch 1", () => {
    const s = data(planned);
    expect(ssmValue(s, "/rk/eu/shard-map/g2")).toMatchObject({ generation: "g2", epoch: 2, physicalDatabases: 96, databasesPath: "/rk/eu/shard-map/g2/databases/" });
    expect(ssmValue(s, "/rk/eu/shard-map/g2/databases/002")).toMatchObject({ identifier: "rk-eu-shard-g2-002", schemas: ["schema006", "schema007", "schema008", "schema009", "schema010"] });
    expect(ssmValue(s, "/rk/eu/shard-map/serving")).toEqual({ epoch: 1, generation: "g1", parameter: "/rk/eu/shard-map", reshard: { from: "g1", to: "g2", state: "planned" } });
  });

  it("declares g2's connectors stopped, with their own slots and publications and no snapshot", () => {
    const g2Connectors = connectors(cdc(planned)).filter((c) => c.metadata.name.startsWith("rk-eu-shard-g2-"));
    expect(g2Connectors).toHaveLength(96);
    expect(g2Connectors[0]!.spec).toMatchObject({ state: "stopped", config: { "slot.name": "rk_eu_cdc_g2_001", "publication.name": "rk_eu_cdc_g2_001", "snapshot.mode": "no_data", "topic.prefix": "eu.g2.shard001" } });
  });

  it("passes the guardrails", () => {
    const result = runGuardrails([{ name: "data-eu", json: data(planned).json }], { manifest: planned, exceptions: [...CODE_EXCEPTIONS, ...manifestExceptions(planned, "regions.yaml")] });
    expect(openFindings(result, "error")).toEqual([]);
  });
});

describe("the reshard's later states", () => {
  it("at cut-over points the pooler at g2 and the serving pointer at epoch 2, and swaps which connectors run", () => {
    const s = data(g2("cut-over"));
    const userData = Object.values(s.resources("aws_launch_template")).find((t) => t.name === "rk-eu-shard-pooler")!.user_data as string;
    const g2db2 = Object.keys(s.resources("aws_db_instance")).find((k) => s.resources("aws_db_instance")[k]!.identifier === "rk-eu-shard-g2-002")!;
    // Terraform renders the entries: schema007 -> database index 1 of the endpoint list the expression indexes, g2's second.
    const locals = s.json.locals as Record<string, unknown>;
    const expression = locals[/\$\{local\.([\w-]+)\}/.exec(userData)![1]!] as string;
    expect(expression).toContain(`["schema007", 1]`);
    const endpoints = locals[/local\.([\w-]+)\[/.exec(expression)![1]!] as string[];
    expect(endpoints[1]).toBe(`\${aws_db_instance.${g2db2}.address}:\${aws_db_instance.${g2db2}.port}`);
    expect(ssmValue(s, "/rk/eu/shard-map/serving")).toMatchObject({ epoch: 2, generation: "g2", parameter: "/rk/eu/shard-map/g2" });
    const states = new Map(connectors(cdc(g2("cut-over"))).map((c) => [c.metadata.name, c.spec.state ?? "running"]));
    expect(states.get("rk-eu-shard-001")).toBe("stopped");
    expect(states.get("rk-eu-shard-g2-001")).toBe("running");
  });

  it("once finished keeps g1's databases (prevent_destroy) but no g1 connectors", () => {
    const finished = g2("finished");
    expect(byIdentifier(data(finished), "rk-eu-shard-032")).toMatchObject({ lifecycle: { prevent_destroy: true } });
    const names = connectors(cdc(finished)).map((c) => c.metadata.name);
    expect(names).toHaveLength(96);
    expect(names.every((n) => n.startsWith("rk-eu-shard-g2-"))).toBe(true);
  });
});
