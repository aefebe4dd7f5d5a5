/**
 * npm run bench: `npm run synth`'s synth against the engine floor, side by side, for manifests of 4, 16 and
 * 64 regions (--sizes). Per size, in fresh processes:
 *   kit      synthesizeStacks as `npm run synth` runs it (parallel processes, default count; --workers),
 *   kit 1p   the same in one process (what the parallel split buys),
 *   floor    bare cdktf replaying the kit's output as generic elements (synth/floor.ts), one process,
 * then the guardrails on the written JSON. "worker bundle" says whether the kit's workers ran from the cached
 * precompiled bundle (synth/bundle.ts), had it built within the timed synth (after an edit), or ran none.
 * Peak RSS is the kit's main process (a worker holds its own share). Synth seconds run from the call that creates
 * the app (kit: looking up or building the worker bundle and forking the workers included) to the last file
 * written: the main process's module loading is excluded for kit and floor alike, a worker's is included.
 * This machine's speed drifts by tens of percent from one second to the next (a shared VM), so each size runs
 * --repeat rounds of kit, kit 1p and floor, interleaved, and the table gives each one's median (ratios are
 * ratios of medians).
 * Prints figures; asserts nothing (not a test).
 *
 * There are fewer AWS regions than 64 and the manifest rejects two regions on one primary AWS region, so the
 * benchmark builds its manifests in-process: region i copies a real region's settings with id r<i>, CIDR
 * 10.<i>.0.0/16 and primary AWS regions cycling through the catalog.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { checkSynthOutput } from "../guardrails/runner.js";
import { AWS_REGIONS, AWS_REGION_CODES } from "../regions/aws-regions.js";
import { loadManifest } from "../regions/loader.js";
import type { Manifest } from "../regions/manifest.js";
import { readStacks, replayStack } from "../synth/floor.js";
import { cpuSeconds, defaultWorkers, synthesizeStacks } from "../synth/parallel.js";
import { cli, fail, main } from "./lib/cli.js";

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

const seconds = (since: bigint): number => Number(process.hrtime.bigint() - since) / 1e9;
const maxRssMiB = (): number => process.resourceUsage().maxRSS / 1024;

/** One measurement, in its own process; prints one JSON line. */
async function child(kind: string, regions: number, outdir: string, workers: number | undefined): Promise<void> {
  if (kind === "floor") {
    const stacks = readStacks(outdir); // the kit's output: input, not timed
    const out = mkdtempSync(join(tmpdir(), "regionkit-floor-"));
    const started = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const app = new App({ outdir: out });
    for (const [name, json] of stacks) replayStack(app, name, json);
    app.synth();
    const synth = seconds(started);
    const synthCpu = cpuSeconds(cpu);
    // The floor must write what the kit wrote, or it is not the same work.
    const differs = [...stacks.keys()].filter((name) => readFileSync(join(out, "stacks", name, "cdk.tf.json"), "utf8") !== readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8"));
    rmSync(out, { recursive: true, force: true });
    console.log(JSON.stringify({ synth, cpu: synthCpu, differs }));
    return;
  }
  const manifest = syntheticManifest(regions);
  const started = process.hrtime.bigint();
  const result = await synthesizeStacks(manifest, { outdir, workers });
  const synth = seconds(started);
  // Synthetic regions share AWS region codes, so residency findings are expected; only the time counts.
  const checkStarted = process.hrtime.bigint();
  const checked = checkSynthOutput(outdir, manifest);
  const guardrails = seconds(checkStarted);
  const resources = checked.stacks.reduce((n, st) => n + Object.values(st.resourcesByType).reduce((a, b) => a + b, 0), 0);
  console.log(JSON.stringify({ synth, cpu: result.cpuSeconds, guardrails, resources, stacks: result.stacks.length, workers: result.workers, shares: result.shares, bundle: result.bundle, maxRssMiB: maxRssMiB() }));
}

function run<T>(args: string[]): T & { wall: number } {
  const started = Date.now();
  const r = spawnSync(process.execPath, ["--import", "tsx", __filename, "--child", ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`bench child ${args.join(" ")} failed:\n${r.stderr}`);
  return { ...(JSON.parse(r.stdout.trim().split("\n").pop()!) as T), wall: (Date.now() - started) / 1000 };
}

type Kit = { synth: number; cpu: number; guardrails: number; resources: number; stacks: number; workers: number; shares: number[]; bundle: string; maxRssMiB: number; wall: number };
type Floor = { synth: number; cpu: number; differs: string[]; wall: number };

/** The middle value (the mean of the two middle ones for an even count). */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The run of `runs` whose synth seconds are the median (for an even count, the lower middle), with synth and cpu as medians. */
function medianRun<T extends { synth: number; cpu: number }>(runs: T[]): T {
  const middle = [...runs].sort((a, b) => a.synth - b.synth)[Math.floor((runs.length - 1) / 2)]!;
  return { ...middle, synth: median(runs.map((r) => r.synth)), cpu: median(runs.map((r) => r.cpu)) };
}

function parent(sizes: number[], workers: number | undefined, repeat: number): void {
  // Wall seconds mean little on a busy machine: say how busy it was.
  const load = () => loadavg().map((n) => n.toFixed(2)).join(" ");
  console.log(`regionkit synth benchmark: kit vs the bare-cdktf floor (${sizes.join(", ")} regions; ${repeat} interleaved rounds each, medians; fresh processes; ${availableParallelism()} cores; node ${process.version}; load average ${load()})\n`);
  const rows: Array<{ regions: number; kit: Kit; single: Kit; floor: Floor }> = [];
  for (const regions of sizes) {
    const dir = mkdtempSync(join(tmpdir(), "regionkit-bench-"));
    try {
      const kitWorkers = workers ?? defaultWorkers(syntheticManifest(regions));
      const kits: Kit[] = [];
      const singles: Kit[] = [];
      const floors: Floor[] = [];
      for (let round = 1; round <= repeat; round++) {
        const at = `  ${regions} regions, round ${round}/${repeat}:`;
        const kit = run<Kit>(["kit", String(regions), join(dir, "kit"), String(kitWorkers)]);
        console.log(`${at} kit ${kit.synth.toFixed(2)} s, ${kit.cpu.toFixed(2)} CPU s (${kit.workers} processes building ${kit.shares.join(" + ")} stacks, worker bundle ${kit.bundle}, ${kit.resources} resources)`);
        const single = run<Kit>(["kit", String(regions), join(dir, "single"), "1"]);
        console.log(`${at} kit in 1 process ${single.synth.toFixed(2)} s, ${single.cpu.toFixed(2)} CPU s`);
        const floor = run<Floor>(["floor", String(regions), join(dir, "single"), "1"]);
        console.log(`${at} floor ${floor.synth.toFixed(2)} s, ${floor.cpu.toFixed(2)} CPU s${floor.differs.length ? `, output DIFFERS from the kit's in ${floor.differs.join(", ")}` : " (same output as the kit)"}`);
        if (floor.differs.length) fail(`the floor replay did not reproduce the kit's output; its time would not be comparable`, 1);
        kits.push(kit);
        singles.push(single);
        floors.push(floor);
      }
      rows.push({ regions, kit: medianRun(kits), single: medianRun(singles), floor: medianRun(floors) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  // Wall seconds decide the target; CPU seconds (every process, workers' module loading included) show the
  // work itself, which on a shared, loaded machine is the steadier figure.
  const f = (n: number, w: number) => n.toFixed(2).padStart(w);
  console.log(`\nmedians of ${repeat} rounds:`);
  console.log("| regions | resources | processes | kit s | kit CPU s | kit 1-process s | floor s | floor CPU s | kit/floor | 1-process/floor | CPU kit/floor | guardrails s | peak RSS MiB | worker bundle |");
  console.log("|--------:|----------:|----------:|------:|----------:|----------------:|--------:|------------:|----------:|----------------:|--------------:|-------------:|-------------:|---------------|");
  for (const { regions, kit, single, floor } of rows)
    console.log(
      `| ${String(regions).padStart(7)} | ${String(kit.resources).padStart(9)} | ${String(kit.workers).padStart(9)} | ${f(kit.synth, 5)} | ${f(kit.cpu, 9)} | ${f(single.synth, 15)} | ${f(floor.synth, 7)} | ${f(floor.cpu, 11)} | ${f(kit.synth / floor.synth, 9)} | ${f(single.synth / floor.synth, 15)} | ${f(kit.cpu / floor.cpu, 13)} | ${f(kit.guardrails, 12)} | ${kit.maxRssMiB.toFixed(0).padStart(12)} | ${kit.bundle.padEnd(13)} |`,
    );
  console.log(`\nload average at the end: ${load()}`);
  if (rows.length > 1) {
    const first = rows[0]!;
    const last = rows[rows.length - 1]!;
    const perRegion = (last.single.synth - first.single.synth) / (last.regions - first.regions);
    console.log(`\ncost per added region (one process): ${(perRegion * 1000).toFixed(0)} ms synth (between ${first.regions} and ${last.regions} regions)`);
  }
}

const at = process.argv.indexOf("--child");
if (at >= 0) {
  const [kind, regions, outdir, workers] = process.argv.slice(at + 1);
  void child(kind!, Number(regions), outdir!, workers ? Number(workers) : undefined);
} else {
  main(() => {
    const { values } = cli({
      usage: "npm run bench -- [--sizes <n,n,...>] [--workers <n>] [--repeat <n>]",
      description: "Time npm run synth's synth against the bare-cdktf floor (the same resources as generic elements) per manifest size, each in a fresh process, and print the kit/floor ratio.",
      options: {
        sizes: { type: "string", description: "comma-separated region counts", default: "4,16,64" },
        workers: { type: "string", description: "processes for the kit's synth", default: "npm run synth's own choice per size" },
        repeat: { type: "string", description: "interleaved rounds of kit, kit 1p and floor per size; the table gives medians", default: "3" },
      },
      examples: ["npm run bench", "npm run bench -- --sizes 4,16", "npm run bench -- --sizes 16 --workers 1"],
    });
    const wholeNumber = (s: string) => /^[1-9]\d*$/.test(s);
    const sizes = (values.sizes ?? "4,16,64").split(",").map((s) => s.trim());
    const bad = sizes.filter((s) => !wholeNumber(s) || Number(s) > 250);
    if (bad.length) fail(`--sizes: ${bad.map((s) => `"${s}"`).join(", ")} not a region count from 1 to 250 (CIDRs are 10.<i>.0.0/16)`);
    for (const flag of ["workers", "repeat"] as const) if (values[flag] !== undefined && !wholeNumber(values[flag])) fail(`--${flag}: "${values[flag]}" is not a whole number ≥ 1`);
    parent(sizes.map(Number), values.workers === undefined ? undefined : Number(values.workers), Number(values.repeat ?? 3));
  });
}
