import { describe, expect, it } from "vitest";
import { cdcStackName, RegionResolver, regionResolver, stateBucket } from "../../regions/resolvers.js";
import { manifestOf, minimalManifestYaml } from "../helpers.js";

const manifest = manifestOf();
const eu = regionResolver(manifest, "eu");

describe("CDC and event-sink resolvers", () => {
  it("names the CDC stack of a region cdc-<id> and keeps its state in the region's own bucket", () => {
    expect(cdcStackName("eu")).toBe("cdc-eu");
    expect(eu.cdcStackName).toBe("cdc-eu");
    expect(stateBucket(manifest, "cdc-eu")).toBe(eu.stateBucket);
  });

  it("gives each physical database its own slot/publication name, a valid Postgres identifier", () => {
    const hyphenated = manifestOf(
      minimalManifestYaml(`  - id: apac-2\n    jurisdiction: JP\n    awsRegion: ap-northeast-1\n    cidr: 10.60.0.0/16\n    shardFleet:\n      preset: "96x5"\n`),
    );
    const names = new RegionResolver(hyphenated.regions[0]!, hyphenated.central.namespace);
    const slots = Array.from({ length: 96 }, (_, i) => names.cdcSlotName(i + 1));
    expect(new Set(slots).size).toBe(96);
    for (const slot of slots) expect(slot).toMatch(/^[a-z_][a-z0-9_]{0,62}$/);
    expect(eu.cdcSlotName(7)).toBe("rk_eu_cdc_007");
  });

  it("keeps Debezium topic prefixes distinct from every real topic", () => {
    const prefix = eu.cdcTopicPrefix(1);
    expect(prefix).toBe("eu.shard001");
    expect(eu.kafkaTopic("block").startsWith(`${prefix}.`)).toBe(false);
  });

  it("names one Debezium secret per database and the event sink's secret and connector", () => {
    expect(eu.debeziumSecretName(12)).toBe("rk-eu-debezium-012");
    expect(eu.eventSinkSecretName).toBe("rk-eu-event-sink-snowflake");
    expect(eu.eventSinkConnectorName).toBe("rk-eu-event-sink");
  });

  it("names Connect internal topics under the region's prefix", () => {
    expect(eu.cdcConnectTopic("offsets")).toBe("eu.connect.cdc.offsets");
    expect(eu.cdcConnectGroup).toBe("eu.connect.cdc");
  });
});
