/**
 * npm run bench: synth wall time (and, separately, the guardrails that
 * `npm run synth` runs after it) and peak memory for manifests of 1, 4, 16 and
 * 64 regions, each size in a fresh process, and the cost of each added region.
 * Prints figures; asserts nothing (not a test).
 *
 * There are fewer AWS regions than 64 and the manifest rejects two regions on
 * one primary AWS region, so the benchmark builds its manifests in-process:
 * region i copies a real region's settings with id r<i>, CIDR 10.<i>.0.0/16 and
 * primary AWS regions cycling through the catalog.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { checkSynthOutput } from "../guardrails/runner.js";
import { AWS_REGIONS, AWS_REGION_CODES } from "../regions/aws-regions.js";
import { loadManifest } from "../regions/loader.js";
import type { Manifest } from "../regions/manifest.js";
import { buildStacks } from "../stacks/app.js";

const SIZES = [1, 4, 16, 64];

function syntheticManifest(regions: number): Manifest {
  const base = loadManifest().manifest;
  const template = base.regions.find((r) => r.id === "kr")!;
  return {
    ...base,
    regions: Array.from({ length: regions }, (_, i) => {
      const awsRegion = AWS_REGION_CODES[i % AWS_REGION_CODES.length]!;
      const info = AWS_REGIONS[awsRegion]!;
      return { ...template, id: `r${i + 1}`, awsRegion, backupRegion: undefined, jurisdiction: info.jurisdiction, availabilityZones: info.availabilityZones, cidr: `10.${i}.0.0/16` };
    }),
  };
}

function child(regions: number): void {
  const manifest = syntheticManifest(regions);
  const outdir = mkdtempSync(join(tmpdir(), "regionkit-bench-"));
  const started = process.hrtime.bigint();
  const app = new App({ outdir });
  buildStacks(app, manifest);
  app.synth();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // Synthetic regions share AWS region codes, so residency findings are expected; only the time counts.
  const checkStarted = process.hrtime.bigint();
  const result = checkSynthOutput(outdir, manifest);
  const guardrailSeconds = Number(process.hrtime.bigint() - checkStarted) / 1e9;
  const resources = result.stacks.reduce((n, st) => n + Object.values(st.resourcesByType).reduce((a, b) => a + b, 0), 0);
  rmSync(outdir, { recursive: true, force: true });
  console.log(JSON.stringify({ regions, seconds, guardrailSeconds, resources, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
}

function parent(): void {
  console.log(`regionkit synth benchmark (${SIZES.join(", ")} regions; fresh process each; node ${process.version})\n`);
  type Row = { regions: number; seconds: number; guardrailSeconds: number; resources: number; maxRssMiB: number; wall: number };
  const rows: Row[] = [];
  for (const regions of SIZES) {
    const started = Date.now();
    const r = spawnSync(process.execPath, ["--import", "tsx", __filename, "--child", String(regions)], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) {
      console.error(r.stderr);
      process.exit(1);
    }
    const line = r.stdout.trim().split("\n").pop()!;
    rows.push({ ...(JSON.parse(line) as Omit<Row, "wall">), wall: (Date.now() - started) / 1000 });
  }
  console.log("| regions | resources | synth s | guardrails s | process wall s | peak RSS MiB |");
  console.log("|--------:|----------:|--------:|-------------:|---------------:|-------------:|");
  for (const r of rows)
    console.log(
      `| ${String(r.regions).padStart(7)} | ${String(r.resources).padStart(9)} | ${r.seconds.toFixed(2).padStart(7)} | ${r.guardrailSeconds.toFixed(2).padStart(12)} | ${r.wall.toFixed(2).padStart(14)} | ${r.maxRssMiB.toFixed(0).padStart(12)} |`,
    );
  const first = rows[0]!;
  const last = rows[rows.length - 1]!;
  const perRegion = (last.seconds - first.seconds) / (last.regions - first.regions);
  const perRegionMiB = (last.maxRssMiB - first.maxRssMiB) / (last.regions - first.regions);
  console.log(`\ncost per added region: ${(perRegion * 1000).toFixed(0)} ms synth, ${perRegionMiB.toFixed(1)} MiB peak memory (between ${first.regions} and ${last.regions} regions)`);
}

const at = process.argv.indexOf("--child");
if (at >= 0) child(Number(process.argv[at + 1]));
else parent();
