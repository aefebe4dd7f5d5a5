import { describe, expect, it } from "vitest";
import { regionTopics } from "../../../constructs/kafka/topics.js";
import { SHARDED_TABLES } from "../../../regions/resolvers.js";
import { oneRegionManifest, regionResolver } from "../../helpers.js";

const resolverFor = (preset: "32x15" | "96x5") => regionResolver(oneRegionManifest(`    shardFleet:\n      preset: "${preset}"\n`), "eu");

describe("regionTopics", () => {
  const names = resolverFor("32x15");
  const topics = regionTopics(names);

  it("has one change topic per sharded table, named by the resolver", () => {
    expect(topics.filter((t) => t.purpose === "cdc").map((t) => t.name)).toEqual(SHARDED_TABLES.map((t) => names.kafkaTopic(t)));
  });

  it("has no topic per shard or per database", () => {
    for (const topic of topics) expect(topic.name).not.toMatch(/schema\d|shard/);
  });

  it("is the same for both fleet presets (topics are per table, not per shard)", () => {
    expect(regionTopics(resolverFor("96x5")).map((t) => t.name)).toEqual(topics.map((t) => t.name));
  });

  it("includes the events topic", () => {
    expect(topics.filter((t) => t.purpose === "events").map((t) => t.name)).toEqual([names.eventsTopic]);
  });

  it("declares the event sink's dead-letter topic", () => {
    expect(topics.filter((t) => t.purpose === "dead-letter").map((t) => t.name)).toEqual(["eu.events.dlq"]);
    expect(names.eventsDeadLetterTopic()).toBe("eu.events.dlq");
  });

  it("replicates every topic three times with min.insync.replicas 2", () => {
    for (const topic of topics) {
      expect(topic.replicationFactor).toBe(3);
      expect(topic.config["min.insync.replicas"]).toBe("2");
    }
  });

  it("compacts the Connect internal topics", () => {
    const internal = topics.filter((t) => t.purpose === "connect-internal");
    expect(internal.map((t) => t.name).sort()).toEqual(["configs", "offsets", "status"].map((k) => names.cdcConnectTopic(k as "configs" | "offsets" | "status")).sort());
    for (const topic of internal) expect(topic.config["cleanup.policy"]).toBe("compact");
  });

  it("has unique names", () => {
    expect(new Set(topics.map((t) => t.name)).size).toBe(topics.length);
  });
});
