import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ManifestError, type ManifestIssue } from "../../regions/issues.js";
import { loadManifest, manifestPath, parseManifest } from "../../regions/loader.js";
import { minimalManifestYaml } from "../helpers.js";

const EU = `  - id: eu
    jurisdiction: EU
    awsRegion: eu-central-1
    backupRegion: eu-west-1
    cidr: 10.20.0.0/16
`;

function issuesOf(text: string): ManifestIssue[] {
  try {
    parseManifest(text, "test.yaml");
  } catch (e) {
    if (e instanceof ManifestError) return [...e.issues];
    throw e;
  }
  throw new Error("expected the manifest to be rejected");
}

/** The single error with this code; its path and message are then checked by the test. */
function issue(text: string, code: string): ManifestIssue {
  const found = issuesOf(text).filter((i) => i.code === code);
  expect(found, `issues with code ${code}`).toHaveLength(1);
  return found[0]!;
}

const withEu = (extra: string) => minimalManifestYaml(EU + extra);

describe("loadManifest", () => {
  it("loads the default manifest with four regions and kit defaults", () => {
    const { manifest, issues } = loadManifest();
    expect(manifest.regions.map((r) => r.id)).toEqual(["us", "eu", "jp", "kr"]);
    expect(issues).toEqual([]);
    const eu = manifest.regions[1]!;
    expect(eu.shardFleet.logicalShards).toBe(480);
    expect(eu.shardFleet.physicalDatabases).toBe(32);
    expect(eu.availabilityZones).toEqual(["eu-central-1a", "eu-central-1b", "eu-central-1c"]);
    expect(manifest.central).toMatchObject({ awsRegion: "us-west-2", accountId: "111111111111", namespace: "rk" });
  });

  it("defaults a region's account to central.accountId", () => {
    const { manifest } = loadManifest();
    expect(manifest.regions[0]!.accountId).toBe("111111111111");
    expect(manifest.regions[1]!.accountId).toBe("222222222222");
  });

  it("lets a region override one sizing field and keep the other defaults", () => {
    const { manifest } = parseManifest(minimalManifestYaml(`${EU}    kafka:\n      brokersPerZone: 2\n`));
    expect(manifest.regions[0]!.kafka).toMatchObject({ brokersPerZone: 2, volumeSizeGiB: 1000 });
  });

  it("applies the 96x5 preset", () => {
    const { manifest } = parseManifest(minimalManifestYaml(`${EU}    shardFleet:\n      preset: 96x5\n`));
    expect(manifest.regions[0]!.shardFleet).toMatchObject({ logicalShards: 480, physicalDatabases: 96 });
  });

  it("reads REGIONKIT_MANIFEST", () => {
    expect(manifestPath({ REGIONKIT_MANIFEST: "/tmp/other.yaml" })).toBe("/tmp/other.yaml");
    expect(manifestPath({})).toMatch(/regions[/\\]regions\.yaml$/);
  });

  it("loads a manifest from another file", () => {
    const dir = mkdtempSync(join(tmpdir(), "regionkit-"));
    const file = join(dir, "m.yaml");
    writeFileSync(file, minimalManifestYaml(EU));
    expect(loadManifest(file).manifest.regions.map((r) => r.id)).toEqual(["eu"]);
  });

  it("warns, without failing, when storage per database exceeds 10 TB", () => {
    const { issues } = parseManifest(minimalManifestYaml(`${EU}    shardFleet:\n      maxStorageGiB: 12000\n`));
    expect(issues).toEqual([expect.objectContaining({ code: "storage-over-10tb", severity: "warning", path: "regions[0].shardFleet.maxStorageGiB" })]);
  });
});

describe("manifest validation", () => {
  it("fails on an unknown key with a did-you-mean hint", () => {
    const i = issue(withEu("").replace("cidr:", "cidrr: 10.0.0.0/16\n    cidr:"), "unknown-key");
    expect(i.path).toBe("regions[0].cidrr");
    expect(i.message).toContain('did you mean "cidr"');
  });

  it("fails on an unknown key in a sizing block and lists the valid keys", () => {
    const i = issue(minimalManifestYaml(`${EU}    kafka:\n      brokersPerZon: 2\n`), "unknown-key");
    expect(i.path).toBe("regions[0].kafka.brokersPerZon");
    expect(i.message).toContain('did you mean "brokersPerZone"');
    expect(i.message).toContain("volumeSizeGiB");
  });

  it("counts errors in the header and names the warnings listed beside them", () => {
    const at = { path: "regions[0].x", code: "c" };
    const e = new ManifestError("m.yaml", [{ ...at, severity: "error", message: "bad" }, { ...at, severity: "warning", message: "odd" }] as ManifestIssue[]);
    expect(e.message.split("\n")[0]).toBe("m.yaml: 1 problem (and 1 warning) in the region manifest:");
    expect(new ManifestError("m.yaml", [{ ...at, severity: "error", message: "bad" }] as ManifestIssue[]).message.split("\n")[0]).toBe("m.yaml: 1 problem in the region manifest:");
  });

  it("names a missing jurisdiction as missing, not as the jurisdiction 'undefined'", () => {
    const found = issuesOf(minimalManifestYaml(EU.replace("    jurisdiction: EU\n", ""))).filter((i) => i.path === "regions[0].jurisdiction");
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/^jurisdiction is missing: .*valid: .*EU/);
    expect(found[0]!.message).not.toContain("undefined");
  });

  it("fails on duplicate region ids", () => {
    const i = issue(withEu(EU.replace("eu-central-1", "eu-west-3").replace("eu-west-1", "eu-north-1").replace("10.20.", "10.21.")), "duplicate-id");
    expect(i.path).toBe("regions[1].id");
    expect(i.message).toContain('"eu"');
  });

  it.each(["EU", "e", "eu_west", "europe-central-one", "-eu", "eu--x", "1eu"])("fails on region id %j that is not a short lowercase slug", (id) => {
    const i = issue(minimalManifestYaml(EU.replace("id: eu", `id: "${id}"`)), "invalid-id");
    expect(i.path).toBe("regions[0].id");
    expect(i.message).toContain(`"${id}"`);
  });

  it("fails on an AWS region code that does not exist, suggesting the nearest", () => {
    const i = issue(minimalManifestYaml(EU.replace("awsRegion: eu-central-1", "awsRegion: eu-centrall-1")), "unknown-aws-region");
    expect(i.path).toBe("regions[0].awsRegion");
    expect(i.message).toContain('"eu-centrall-1"');
    expect(i.message).toContain('did you mean "eu-central-1"');
  });

  it("fails on a primary AWS region outside the jurisdiction, listing the valid ones", () => {
    const i = issue(minimalManifestYaml(EU.replace("awsRegion: eu-central-1", "awsRegion: eu-west-2")), "wrong-jurisdiction");
    expect(i.path).toBe("regions[0].awsRegion");
    expect(i.message).toContain("eu-west-2 is in jurisdiction UK, not EU");
    expect(i.message).toContain("eu-central-1");
  });

  it("fails on a backup region outside the jurisdiction", () => {
    const i = issue(minimalManifestYaml(EU.replace("backupRegion: eu-west-1", "backupRegion: us-east-1")), "wrong-jurisdiction");
    expect(i.path).toBe("regions[0].backupRegion");
    expect(i.message).toContain("us-east-1");
  });

  it("fails on a backup region equal to the primary", () => {
    const i = issue(minimalManifestYaml(EU.replace("backupRegion: eu-west-1", "backupRegion: eu-central-1")), "backup-is-primary");
    expect(i.path).toBe("regions[0].backupRegion");
  });

  it("fails when two regions share a primary AWS region", () => {
    const i = issue(withEu(EU.replace("id: eu", "id: eu2").replace("backupRegion: eu-west-1", "backupRegion: eu-west-3").replace("10.20.", "10.21.")), "shared-primary");
    expect(i.path).toBe("regions[1].awsRegion");
    expect(i.message).toContain("eu-central-1");
  });

  it.each([
    ["8.8.0.0/16", "private range"],
    ["10.20.0.0/12", "/16 to /20"],
    ["10.20.0.0/24", "/16 to /20"],
    ["10.20.0.1/16", "did you mean 10.20.0.0/16"],
  ])("fails on cidr %s that is not a private /16-/20 block", (cidr, hint) => {
    const i = issue(minimalManifestYaml(EU.replace("10.20.0.0/16", cidr)), "cidr-invalid");
    expect(i.path).toBe("regions[0].cidr");
    expect(i.message).toContain(cidr);
    expect(i.message).toContain(hint);
  });

  it("fails on a cidr that is not a CIDR block at all", () => {
    const i = issue(minimalManifestYaml(EU.replace("10.20.0.0/16", "10.20.0.0")), "cidr-invalid");
    expect(i.message).toContain('"10.20.0.0"');
  });

  it("fails on overlapping region cidrs", () => {
    const jp = `  - id: jp\n    jurisdiction: JP\n    awsRegion: ap-northeast-1\n    cidr: 10.20.128.0/17\n`;
    const i = issue(withEu(jp), "cidr-overlap");
    expect(i.path).toBe("regions[1].cidr");
    expect(i.message).toContain("regions[0].cidr 10.20.0.0/16");
  });

  it("fails when physicalDatabases does not divide logicalShards, listing valid counts", () => {
    const i = issue(minimalManifestYaml(`${EU}    shardFleet:\n      physicalDatabases: 7\n`), "shards-not-divisible");
    expect(i.path).toBe("regions[0].shardFleet.physicalDatabases");
    expect(i.message).toContain("7 does not divide logicalShards 480");
    expect(i.message).toContain("32, 40, 48");
  });

  it("fails when a preset contradicts physicalDatabases", () => {
    const i = issue(minimalManifestYaml(`${EU}    shardFleet:\n      preset: 96x5\n      physicalDatabases: 32\n`), "preset-conflict");
    expect(i.path).toBe("regions[0].shardFleet.physicalDatabases");
  });

  it.each([
    ["shardFleet", "storageGiB", "0"],
    ["kafka", "volumeSizeGiB", "-5"],
    ["search", "dataInstanceCount", "0"],
    ["spark", "coreInstanceCount", "-1"],
  ])("fails on a non-positive %s.%s", (block, field, value) => {
    const i = issue(minimalManifestYaml(`${EU}    ${block}:\n      ${field}: ${value}\n`), "not-positive");
    expect(i.path).toBe(`regions[0].${block}.${field}`);
    expect(i.message).toContain(value);
  });

  it.each([['"12345"', "12345"], ['"abcdefghijkl"', "abcdefghijkl"]])("fails on malformed account id %s", (written, value) => {
    const i = issue(minimalManifestYaml(`${EU}    accountId: ${written}\n`), "invalid-account-id");
    expect(i.path).toBe("regions[0].accountId");
    expect(i.message).toContain(value);
  });

  it("fails on an unquoted account id and says to quote it", () => {
    const i = issue(minimalManifestYaml(`${EU}    accountId: 222222222222\n`), "invalid-account-id");
    expect(i.message).toContain("quote it");
  });

  it("fails on an empty region list", () => {
    const i = issue(minimalManifestYaml("").replace("regions:\n", "regions: []\n"), "empty-regions");
    expect(i.path).toBe("regions");
  });

  it("fails on a missing central block", () => {
    const i = issue(`regions:\n${EU}`, "missing-central");
    expect(i.path).toBe("central");
  });

  it("fails on availability zones that are not three zones of the region", () => {
    const i = issue(minimalManifestYaml(`${EU}    availabilityZones: [eu-central-1a, eu-west-1b]\n`), "availability-zones");
    expect(i.path).toBe("regions[0].availabilityZones");
  });

  it("fails on invalid YAML with the line", () => {
    const issues = issuesOf("regions:\n  - id: eu\n   bad: [\n");
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((i) => i.code === "yaml-syntax" && i.line !== undefined && i.line >= 2)).toBe(true);
  });

  it("fails with every problem at once, each with its path and YAML line, in file order", () => {
    const text = minimalManifestYaml(
      `${EU.replace("10.20.0.0/16", "8.8.0.0/16")}  - id: EU\n    jurisdiction: JP\n    awsRegion: ap-northeast-1\n    cidr: 10.30.0.0/16\n    kafka: { brokersPerZone: 0 }\n`,
    );
    const issues = issuesOf(text);
    expect(issues.map((i) => [i.code, i.path, i.line])).toEqual([
      ["cidr-invalid", "regions[0].cidr", 9],
      ["invalid-id", "regions[1].id", 10],
      ["not-positive", "regions[1].kafka.brokersPerZone", 14],
    ]);
  });

  it("names the file and line of each problem in the error message", () => {
    expect(() => parseManifest(minimalManifestYaml(EU.replace("eu-central-1", "eu-centrall-1")), "regions.yaml")).toThrow(
      /regions\[0\]\.awsRegion \(regions\.yaml:7\): unknown AWS region "eu-centrall-1"/,
    );
  });
});
