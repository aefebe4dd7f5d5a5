import { describe, expect, it } from "vitest";
import { DEFAULT_IMAGE_TAGS } from "../../../constructs/cdc/cdc-deployment.js";
import { debeziumConnectors } from "../../../constructs/cdc/connectors.js";
import {
  cdcControlTablesSql,
  DEBEZIUM_HEARTBEAT_INTERVAL_MS,
  HEARTBEAT_ACTION_QUERY,
  HEARTBEAT_TABLE,
  HEARTBEAT_TOPIC_PREFIX,
  SIGNAL_TABLE,
} from "../../../constructs/cdc/debezium-options.js";
import { regionTopics } from "../../../constructs/kafka/topics.js";
import { SHARDED_TABLES } from "../../../regions/resolvers.js";
import { manifestOf, oneRegionManifest, regionResolver, synthCdc } from "../../helpers.js";

const names = regionResolver(oneRegionManifest(), "eu");
const connectors = debeziumConnectors(names, (db) => ({ host: `${db.identifier}.example.internal`, port: 5432, dbName: "shards" }));
/** Whether a Debezium include-list (comma-separated regexes, matched against the whole name) captures a table. */
const captures = (list: unknown, table: string) => String(list).split(",").some((pattern) => new RegExp(`^(?:${pattern})$`).test(table));
/** The topic a record ends up on after the connector's transforms, in their order. */
function routed(config: Readonly<Record<string, unknown>>, topic: string): string {
  return String(config.transforms)
    .split(",")
    .reduce((t, name) => t.replace(new RegExp(String(config[`transforms.${name}.${name === "route" ? "topic." : ""}regex`])), String(config[`transforms.${name}.${name === "route" ? "topic." : ""}replacement`])), topic);
}

describe("Debezium heartbeat", () => {
  it("heartbeats every connector with an action query on the heartbeat table", () => {
    for (const c of connectors) {
      expect(c.config["heartbeat.interval.ms"]).toBe(DEBEZIUM_HEARTBEAT_INTERVAL_MS);
      expect(c.config["heartbeat.action.query"]).toBe(HEARTBEAT_ACTION_QUERY);
    }
    expect(HEARTBEAT_ACTION_QUERY).toMatch(new RegExp(`^INSERT INTO ${HEARTBEAT_TABLE.replace(".", "\\.")} `));
  });

  it("puts the heartbeat table in the connector's publication (filtered publications cover exactly the include list)", () => {
    for (const c of connectors) {
      expect(c.config["publication.autocreate.mode"]).toBe("filtered");
      expect(captures(c.config["table.include.list"], HEARTBEAT_TABLE)).toBe(true);
      expect(captures(c.config["schema.include.list"], HEARTBEAT_TABLE.split(".")[0]!)).toBe(true);
    }
  });

  it("routes heartbeats and control-table changes of every database to the one declared heartbeat topic", () => {
    const declared = regionTopics(names).map((t) => t.name);
    expect(declared).toContain(names.cdcHeartbeatTopic);
    for (const c of connectors) {
      const prefix = String(c.config["topic.prefix"]);
      expect(routed(c.config, `${HEARTBEAT_TOPIC_PREFIX}.${prefix}`)).toBe(names.cdcHeartbeatTopic);
      expect(routed(c.config, `${prefix}.${HEARTBEAT_TABLE}`)).toBe(names.cdcHeartbeatTopic);
      expect(routed(c.config, `${prefix}.${SIGNAL_TABLE}`)).toBe(names.cdcHeartbeatTopic);
      // Table topics still go to their table's topic.
      expect(routed(c.config, `${prefix}.${c.database.schemas[0]}.${SHARDED_TABLES[0]}`)).toBe(names.kafkaTopic(SHARDED_TABLES[0]));
    }
  });

  it("lets every record of a connector land on a declared topic", () => {
    const declared = new Set(regionTopics(names).map((t) => t.name));
    const c = connectors[3]!;
    const prefix = String(c.config["topic.prefix"]);
    const produced = [
      `${HEARTBEAT_TOPIC_PREFIX}.${prefix}`,
      `${prefix}.${HEARTBEAT_TABLE}`,
      `${prefix}.${SIGNAL_TABLE}`,
      ...c.database.schemas.flatMap((s) => SHARDED_TABLES.map((t) => `${prefix}.${s}.${t}`)),
    ];
    expect(produced.map((t) => routed(c.config, t)).filter((t) => !declared.has(t))).toEqual([]);
  });

  it("grants the connector role write on the heartbeat table and the signal table's watermarks", () => {
    const sql = cdcControlTablesSql("debezium").join(";\n");
    expect(sql).toContain(`GRANT SELECT, INSERT, UPDATE ON ${HEARTBEAT_TABLE} TO debezium`);
    expect(sql).toContain(`GRANT SELECT, INSERT, DELETE ON ${SIGNAL_TABLE} TO debezium`);
  });
});

describe("Debezium sessions and the fleet's idle-in-transaction timeout", () => {
  it("exempts the connector's own sessions, whose snapshot transaction may wait on Kafka", () => {
    for (const c of connectors) expect(c.config["database.initial.statements"]).toBe("SET idle_in_transaction_session_timeout = 0");
  });
});

describe("Debezium signalling and incremental snapshots", () => {
  it("reads signals from the signal table, which is captured too", () => {
    for (const c of connectors) {
      expect(c.config["signal.data.collection"]).toBe(SIGNAL_TABLE);
      expect(String(c.config["signal.enabled.channels"]).split(",")).toContain("source");
      expect(captures(c.config["table.include.list"], SIGNAL_TABLE)).toBe(true);
      expect(Number(c.config["incremental.snapshot.chunk.size"])).toBeGreaterThan(1024);
    }
  });
});

describe("Kafka Connect on MSK: Strimzi settings for the pinned version", () => {
  const cdc = synthCdc("eu", manifestOf());
  const connect = Object.values(cdc.resources("kubernetes_manifest")).find((m) => m.manifest.kind === "KafkaConnect")!.manifest;
  const strimzi = /^strimzi-(\d+)\.(\d+)\.(\d+)-kafka-([\d.]+)-debezium-(\d+)\./.exec(DEFAULT_IMAGE_TAGS.connect);

  it("pins a Strimzi whose KafkaConnect CRD has `authentication.type: custom` (0.48.0 and later)", () => {
    expect(strimzi).not.toBeNull();
    const [major, minor] = [Number(strimzi![1]), Number(strimzi![2])];
    expect(major > 0 || minor >= 48).toBe(true);
    expect(DEFAULT_IMAGE_TAGS["topic-operator"]).toBe(`strimzi-${strimzi![1]}.${strimzi![2]}.${strimzi![3]}`);
    expect(connect.spec.authentication.type).toBe("custom");
    expect(connect.spec.authentication.sasl).toBe(true);
  });

  it("pins Debezium 3 with Kafka 4 (Strimzi 0.48 runs Kafka 4.x only)", () => {
    expect(Number(strimzi![4]!.split(".")[0])).toBe(4);
    expect(Number(strimzi![5])).toBeGreaterThanOrEqual(3);
  });

  it("passes only the options custom authentication accepts (sasl.*, ssl.keystore.*)", () => {
    for (const key of Object.keys(connect.spec.authentication.config)) expect(key).toMatch(/^(sasl\.|ssl\.keystore\.)/);
  });

  it("turns TLS on without an empty trustedCertificates list (the JVM trust store verifies MSK's Amazon CA)", () => {
    expect(connect.spec.tls).toEqual({});
  });

  it("sends JSON without an embedded schema in every record", () => {
    expect(connect.spec.config["key.converter"]).toBe("org.apache.kafka.connect.json.JsonConverter");
    expect(connect.spec.config["value.converter.schemas.enable"]).toBe(false);
    expect(connect.spec.config["key.converter.schemas.enable"]).toBe(false);
    for (const c of connectors) expect(c.config["decimal.handling.mode"]).toBe("string");
  });
});
