import { describe, expect, it } from "vitest";
import { parseManifest } from "../../regions/loader.js";
import { manifestIssues, minimalManifestYaml } from "../helpers.js";

/** Shard-fleet and replication checks of regions/checks.ts, through the loader. */

const KR = `  - id: kr
    jurisdiction: KR
    awsRegion: ap-northeast-2
    cidr: 10.40.0.0/16
`;
const EU = `  - id: eu
    jurisdiction: EU
    awsRegion: eu-central-1
    backupRegion: eu-west-1
    cidr: 10.20.0.0/16
`;

const issuesOf = manifestIssues;

const withCode = (text: string, code: string) => issuesOf(text).filter((i) => i.code === code);

describe("backup replication checks", () => {
  it("fails when shard backups should replicate but the region has no backupRegion", () => {
    const [i, ...rest] = withCode(minimalManifestYaml(`${KR}    shardFleet:\n      replicateBackupsToBackupRegion: true\n`), "replication-without-backup-region");
    expect(rest).toEqual([]);
    expect(i!.path).toBe("regions[0].shardFleet.replicateBackupsToBackupRegion");
    expect(i!.message).toContain("no backupRegion");
    expect(i!.severity ?? "error").toBe("error");
  });

  it("fails when the lake should replicate but the region has no backupRegion", () => {
    const [i, ...rest] = withCode(minimalManifestYaml(`${KR}    lake:\n      replicateToBackupRegion: true\n`), "replication-without-backup-region");
    expect(rest).toEqual([]);
    expect(i!.path).toBe("regions[0].lake.replicateToBackupRegion");
  });

  it("accepts replication to a backupRegion of the same jurisdiction", () => {
    const { manifest } = parseManifest(minimalManifestYaml(`${EU}    shardFleet:\n      replicateBackupsToBackupRegion: true\n    lake:\n      replicateToBackupRegion: true\n`));
    expect(manifest.regions[0]!.shardFleet.replicateBackupsToBackupRegion).toBe(true);
    expect(manifest.regions[0]!.lake.replicateToBackupRegion).toBe(true);
  });

  it("reports both replication problems at once", () => {
    const text = minimalManifestYaml(`${KR}    shardFleet:\n      replicateBackupsToBackupRegion: true\n    lake:\n      replicateToBackupRegion: true\n`);
    expect(withCode(text, "replication-without-backup-region").map((i) => i.path)).toEqual([
      "regions[0].shardFleet.replicateBackupsToBackupRegion",
      "regions[0].lake.replicateToBackupRegion",
    ]);
  });
});

describe("shard fleet checks", () => {
  it.each([7, 36])("fails on backupRetentionDays %i (outside 14-35)", (days) => {
    const [i] = withCode(minimalManifestYaml(`${EU}    shardFleet:\n      backupRetentionDays: ${days}\n`), "backup-retention");
    expect(i!.path).toBe("regions[0].shardFleet.backupRetentionDays");
    expect(i!.message).toContain(`backupRetentionDays ${days}`);
    expect(i!.message).toContain("14-35");
  });

  it("fails when maxStorageGiB is below storageGiB", () => {
    const [i] = withCode(minimalManifestYaml(`${EU}    shardFleet:\n      storageGiB: 2000\n      maxStorageGiB: 1500\n`), "max-storage-below-storage");
    expect(i!.path).toBe("regions[0].shardFleet.maxStorageGiB");
    expect(i!.message).toContain("maxStorageGiB 1500 is below storageGiB 2000");
  });

  it("fails when storageGiB alone exceeds the default autoscaling ceiling", () => {
    const [i] = withCode(minimalManifestYaml(`${EU}    shardFleet:\n      storageGiB: 5000\n`), "max-storage-below-storage");
    expect(i!.message).toContain("(default)");
  });

  it("warns (and still loads) when storage per database exceeds 10 TB", () => {
    const { manifest, issues } = parseManifest(minimalManifestYaml(`${EU}    shardFleet:\n      storageGiB: 12000\n      maxStorageGiB: 12000\n`));
    expect(manifest.regions[0]!.shardFleet.storageGiB).toBe(12000);
    expect(issues.map((i) => [i.code, i.severity, i.path])).toEqual([
      ["storage-over-10tb", "warning", "regions[0].shardFleet.storageGiB"],
      ["storage-over-10tb", "warning", "regions[0].shardFleet.maxStorageGiB"],
    ]);
  });
});

describe("RDS quota warning", () => {
  it("warns (and still loads) when the fleet has more databases than the default RDS instance quota", () => {
    const { manifest, issues } = parseManifest(minimalManifestYaml(`${EU}    shardFleet:\n      preset: 96x5\n`));
    expect(manifest.regions[0]!.shardFleet.physicalDatabases).toBe(96);
    expect(issues).toEqual([expect.objectContaining({ code: "rds-instance-quota", severity: "warning", path: "regions[0].shardFleet.preset" })]);
    expect(issues[0]!.message).toContain("96 databases exceed the default RDS quota of 40");
  });

  it("does not warn for the default 32-database fleet", () => {
    expect(parseManifest(minimalManifestYaml(`${EU}    shardFleet:\n      preset: 32x15\n`)).issues).toEqual([]);
  });
});
