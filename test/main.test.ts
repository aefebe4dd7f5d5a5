import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_MANIFEST_TEXT } from "./helpers.js";

const root = join(__dirname, "..");

/** Run the app as `npm run synth` does, into a temporary cdktf.out. */
function runApp(manifestText: string, lockText?: string, before?: (outdir: string) => void): { status: number | null; stderr: string; outdir: string } {
  const dir = mkdtempSync(join(tmpdir(), "regionkit-main-"));
  const manifest = join(dir, "regions.yaml");
  writeFileSync(manifest, manifestText);
  if (lockText !== undefined) writeFileSync(join(dir, "regions.lock.json"), lockText);
  const outdir = join(dir, "cdktf.out");
  before?.(outdir);
  const r = spawnSync(process.execPath, ["--import", "tsx", "main.ts"], {
    cwd: root,
    env: { ...process.env, REGIONKIT_MANIFEST: manifest, CDKTF_OUTDIR: outdir },
    encoding: "utf8",
  });
  return { status: r.status, stderr: r.stderr, outdir };
}

describe("main.ts", () => {
  it("writes one stack per region and central, each with its provider and backend in its own region; prints the constructs' warnings; drops the last plan summary", () => {
    // A plan summary of an earlier synth: it describes that synth, not this one.
    const planned = (outdir: string) => (mkdirSync(outdir, { recursive: true }), writeFileSync(join(outdir, "plan-summary.json"), "{}"));
    const { status, outdir, stderr } = runApp(DEFAULT_MANIFEST_TEXT, undefined, planned);
    expect(status, stderr).toBe(0);
    expect(existsSync(join(outdir, "plan-summary.json"))).toBe(false);
    // The default manifest's stage is in us-west-2: eu, jp and kr have no private path to it (and say so).
    expect(stderr.match(/^WARN \[data-\w+\/EventLog\/WarehouseEndpoint\]: region \w+: the warehouse's internal stage/gm)).toHaveLength(3);
    const expected: Record<string, string> = { "data-us": "us-west-2", "data-eu": "eu-central-1", "data-jp": "ap-northeast-1", "data-kr": "ap-northeast-2", central: "us-west-2" };
    for (const [stack, region] of Object.entries(expected)) {
      const json = JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
      expect(json.provider.aws[0].region, stack).toBe(region);
      expect(json.terraform.backend.s3.region, stack).toBe(region);
    }
  });

  it("fails on a broken manifest, printing every problem with its path, and writes no stacks", () => {
    const broken = DEFAULT_MANIFEST_TEXT.replace("cidr: 10.20.0.0/16", "cidr: 10.10.0.0/16").replace("awsRegion: ap-northeast-2", "awsRegion: ap-northeast-9");
    const { status, stderr, outdir } = runApp(broken);
    expect(status).toBe(1);
    expect(stderr).toContain("2 problems");
    expect(stderr).toContain("regions[1].cidr");
    expect(stderr).toContain("regions[3].awsRegion");
    expect(existsSync(join(outdir, "stacks"))).toBe(false);
  });

  it("fails when the manifest re-slices a generation recorded in the lock beside it, and writes no stacks", () => {
    const lock = readFileSync(join(root, "regions", "regions.lock.json"), "utf8");
    const flipped = DEFAULT_MANIFEST_TEXT.replace("cidr: 10.20.0.0/16", "cidr: 10.20.0.0/16\n    shardFleet:\n      preset: 96x5");
    const { status, stderr, outdir } = runApp(flipped, lock);
    expect(status).toBe(1);
    expect(stderr).toContain("regions[1].shardFleet.preset");
    expect(stderr).toContain("[generation-shape-changed]");
    expect(existsSync(join(outdir, "stacks"))).toBe(false);
  });
});
