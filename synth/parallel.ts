import { fork, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { App, Manifest as CdktfManifest } from "cdktf";
import type { Manifest } from "../regions/manifest.js";
import { buildNamedStacks, stackNames } from "../stacks/app.js";
import { withoutTokenStackTraces } from "./stack-traces.js";

/**
 * `npm run synth` without the cost of one process doing everything: the stacks of a manifest are independent,
 * so they are split into shares, each share built and synthesized by its own process (this one included),
 * into a staging directory. Only when every share succeeded are the stacks moved into the output directory
 * and one manifest.json written: what a single `app.synth()` writes, every stack byte for byte (warnings' call-site
 * traces in manifest.json name this process's frames; test/synth/parallel.test.ts).
 */

export interface SynthOptions {
  /** The cdktf output directory. */
  readonly outdir: string;
  /** Processes that build stacks, this one included; 1 builds everything here. @default - defaultWorkers(manifest) */
  readonly workers?: number;
}

export interface SynthResult {
  /** Every synthesized stack, in buildStacks order. */
  readonly stacks: readonly string[];
  /** Processes that built stacks, this one included. */
  readonly workers: number;
  /** CPU seconds of every process the synth used: this one's share, and each worker's whole life (loading the kit included). */
  readonly cpuSeconds: number;
}

/** The stacks of a manifest cost roughly the same per region; below this many regions a second process costs more to start than it saves. */
const REGIONS_PER_EXTRA_WORKER = 8;

/** One process per REGIONS_PER_EXTRA_WORKER regions, at most one per core; REGIONKIT_SYNTH_WORKERS overrides. */
export function defaultWorkers(manifest: Manifest): number {
  const fromEnv = process.env.REGIONKIT_SYNTH_WORKERS;
  if (fromEnv !== undefined) {
    const n = Number(fromEnv);
    if (!Number.isInteger(n) || n < 1) throw new Error(`REGIONKIT_SYNTH_WORKERS: "${fromEnv}" is not a whole number of processes ≥ 1`);
    return n;
  }
  return Math.max(1, Math.min(availableParallelism(), 1 + Math.floor(manifest.regions.length / REGIONS_PER_EXTRA_WORKER)));
}

/** Deal stack names to `count` shares in turn, so every share gets regional, CDC and central stacks alike. */
export function shares(names: readonly string[], count: number): string[][] {
  const out: string[][] = Array.from({ length: count }, () => []);
  names.forEach((name, i) => out[i % count]!.push(name));
  return out.filter((s) => s.length > 0);
}

/** Build and synthesize the named stacks of a manifest into `outdir` (an App of their own). */
export function synthShare(manifest: Manifest, names: readonly string[], outdir: string): void {
  withoutTokenStackTraces(() => {
    const app = new App({ outdir });
    buildNamedStacks(app, manifest, names);
    app.synth();
  });
}

export interface WorkerJob {
  readonly manifest: Manifest;
  readonly names: readonly string[];
  readonly outdir: string;
}
export type WorkerReply = { readonly ok: true; readonly cpuSeconds: number } | { readonly ok: false; readonly error: string };

/** CPU seconds (user and system) since `since`, or since the process started. */
export function cpuSeconds(since?: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

const WORKER = join(__dirname, `worker${__filename.slice(__filename.lastIndexOf("."))}`);

function runWorker(job: WorkerJob): { child: ChildProcess; done: Promise<number> } {
  // The worker is TypeScript when this file is: load it the way npm run synth loads main.ts.
  const child = fork(WORKER, [], { execArgv: WORKER.endsWith(".ts") ? ["--import", "tsx"] : [], serialization: "advanced", stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const done = new Promise<number>((resolve, reject) => {
    let reply: WorkerReply | undefined;
    child.on("message", (m: WorkerReply) => (reply = m));
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (reply?.ok && code === 0) resolve(reply.cpuSeconds);
      else reject(new Error(reply && !reply.ok ? reply.error : `synth worker for ${job.names.join(", ")} exited with ${signal ?? `code ${code}`}`));
    });
  });
  // Handled where the caller awaits; this keeps a worker that fails after another share already failed from
  // becoming an unhandled rejection.
  done.catch(() => undefined);
  child.send(job);
  return { child, done };
}

/** Move every stack a share wrote from its staging directory into outdir; returns the share's manifest.json. */
function collect(shareDir: string, outdir: string): { version: string; stacks: Record<string, unknown> } {
  const written = JSON.parse(readFileSync(join(shareDir, CdktfManifest.fileName), "utf8")) as { version: string; stacks: Record<string, unknown> };
  for (const name of Object.keys(written.stacks)) {
    const from = join(shareDir, CdktfManifest.stacksFolder, name);
    const to = join(outdir, CdktfManifest.stacksFolder, name);
    mkdirSync(to, { recursive: true });
    // File by file, as app.synth() overwrites them: anything else in the stack directory (.terraform) stays.
    for (const entry of readdirSync(from)) {
      if (existsSync(join(to, entry))) rmSync(join(to, entry), { recursive: true, force: true });
      renameSync(join(from, entry), join(to, entry));
    }
  }
  return written;
}

/** Synthesize every stack of a manifest into options.outdir; throws, writing nothing there, if any share fails. */
export async function synthesizeStacks(manifest: Manifest, options: SynthOptions): Promise<SynthResult> {
  const names = stackNames(manifest);
  const parts = shares(names, Math.min(options.workers ?? defaultWorkers(manifest), names.length));
  mkdirSync(options.outdir, { recursive: true });
  // Staging inside outdir keeps the final moves on one filesystem (rename, not copy).
  const staging = mkdtempSync(join(options.outdir, ".staging-"));
  const dirs = parts.map((_, i) => join(staging, String(i)));
  const workers = parts.slice(1).map((part, i) => runWorker({ manifest, names: part, outdir: dirs[i + 1]! }));
  try {
    const cpu = process.cpuUsage();
    synthShare(manifest, parts[0]!, dirs[0]!);
    const own = cpuSeconds(cpu);
    const theirs = await Promise.all(workers.map((w) => w.done));
    const written = dirs.map((dir) => collect(dir, options.outdir));
    const out = new CdktfManifest(written[0]!.version, options.outdir, false);
    Object.assign(out.stacks, ...written.map((w) => w.stacks));
    out.writeToFile();
    return { stacks: names, workers: parts.length, cpuSeconds: theirs.reduce((a, b) => a + b, own) };
  } finally {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill();
    rmSync(staging, { recursive: true, force: true });
  }
}
