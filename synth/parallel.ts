import { fork, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { App, Manifest as CdktfManifest } from "cdktf";
import type { Manifest } from "../regions/manifest.js";
import { buildNamedStacks, stackNames } from "../stacks/app.js";
import { cachedWorkerBundle } from "./bundle.js";
import { withFastResolve } from "./fast-resolve.js";
import { withoutTokenStackTraces } from "./stack-traces.js";

/**
 * `npm run synth` without the cost of one process doing everything: the stacks of a manifest are independent,
 * so each is built and synthesized by whichever process (this one or a worker) takes it from a queue, into a
 * staging directory of its own. Only when every share succeeded are the stacks moved into the output directory
 * and one manifest.json written: what a single `app.synth()` writes, every stack byte for byte (warnings' call-site
 * traces in manifest.json name this process's frames; test/synth/parallel.test.ts).
 */

export interface SynthOptions {
  /** The cdktf output directory. */
  readonly outdir: string;
  /** Processes that build stacks, this one included; 1 builds everything here. @default - defaultWorkers(manifest) */
  readonly workers?: number;
  /**
   * Only these stacks (e.g. the one `npm run validate -- data-eu` checks): their files are replaced, every other
   * stack already in outdir stays, and manifest.json keeps those stacks' entries beside the new ones.
   * @default - every stack of the manifest
   */
  readonly stacks?: readonly string[];
}

export interface SynthResult {
  /** Every stack synthesized, in buildStacks order. */
  readonly stacks: readonly string[];
  /** Processes that built stacks, this one included. */
  readonly workers: number;
  /**
   * CPU seconds of every process that built stacks: this one's share, and each worker's whole life (loading the
   * kit included). A bundle build after an edit (bundle: "built") runs in processes of its own, not counted here.
   */
  readonly cpuSeconds: number;
  /** Where the workers ran from: the bundle found in its cache, the bundle built by this synth, or no bundle (no worker, or REGIONKIT_SYNTH_BUNDLE=0). */
  readonly bundle: "cached" | "built" | "none";
  /** How many stacks each process built, this one first. */
  readonly shares: readonly number[];
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

/**
 * Build and synthesize one stack of a manifest into `outdir` (an App of its own: stacks are independent).
 *
 * app.synth() first runs a preparing pass over every stack (TerraformStack.prepareStack): it resolves every
 * element once with `preparing` set, whose only effect in cdktf is to wire cross-stack references (a Reference
 * whose origin stack is not the stack resolving it gets an output there and a remote-state data source here).
 * A stack alone in its App can reference no other stack, so that pass (about a third of a stack's synth CPU)
 * changes nothing here and is skipped; the backend it would default is still ensured. The whole-app synth,
 * where stacks share an App, keeps the pass, and test/synth/parallel.test.ts holds the two byte for byte equal.
 */
export function synthStack(manifest: Manifest, name: string, outdir: string): void {
  withoutTokenStackTraces(() => {
    const app = new App({ outdir });
    const [stack, ...others] = buildNamedStacks(app, manifest, [name]);
    // Alone in its App: there is no other stack to reference.
    if (stack && others.length === 0 && app.node.children.length === 1) stack.prepareStack = () => void stack.ensureBackendExists();
    withFastResolve(() => app.synth());
  });
}

/** Parent → worker: the manifest, the stacks to claim from (in queue order), and where to stage them. */
export interface ToWorker {
  readonly manifest: Manifest;
  readonly names: readonly string[];
  readonly staging: string;
}
/** Worker → parent, once at the end: the stacks it built and its CPU seconds, or the error of the stack that failed. */
export type FromWorker = { readonly ok: true; readonly stacks: readonly string[]; readonly cpuSeconds: number } | { readonly ok: false; readonly error: string };

/**
 * Claim a stack of the queue for this process: creating its staging directory is the claim (mkdir is atomic, so
 * of the processes that try, exactly one succeeds). Every process walks the same queue and builds what it
 * claims; none waits on another to hand out work.
 */
export function claimStack(staging: string, name: string): boolean {
  try {
    mkdirSync(join(staging, name));
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  }
}

/** The stacks of `job` this process claims, in queue order, each claimed just before it is yielded. */
function* claims(job: ToWorker): Generator<string> {
  for (const name of job.names) if (claimStack(job.staging, name)) yield name;
}

/** Build every stack of `job` this process manages to claim, in queue order; returns the names it built. */
export function synthClaimed(job: ToWorker): string[] {
  const built: string[] = [];
  for (const name of claims(job)) {
    synthStack(job.manifest, name, join(job.staging, name));
    built.push(name);
  }
  return built;
}

/** CPU seconds (user and system) since `since`, or since the process started. */
export function cpuSeconds(since?: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

/** How to start a worker: node's flags, the script and its arguments. */
export interface WorkerEntry {
  readonly file: string;
  readonly args: readonly string[];
  readonly execArgv: readonly string[];
  readonly bundle: SynthResult["bundle"];
}

/** This module's sibling `name` (.ts under tsx, .js when compiled), and how to start node on it. */
function sibling(name: string): { file: string; args: string[]; execArgv: string[] } {
  const file = join(__dirname, `${name}${__filename.slice(__filename.lastIndexOf("."))}`);
  // TypeScript when this file is: load it the way npm run synth loads main.ts.
  return { file, args: [], execArgv: file.endsWith(".ts") ? ["--import", "tsx"] : [] };
}

/** Loads the bundle through V8's code cache kept beside it, in a worker (forked on it) or in this process. */
const LOADER = join(__dirname, "load-bundle.cjs");

/** The bundle's exports (worker.ts), loaded in this process through LOADER. */
function loadBundle(file: string): { synthClaimed(job: ToWorker): string[] } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(LOADER) as { loadBundle(file: string): ReturnType<typeof loadBundle> }).loadBundle(file);
}

/** A worker started from the bundle, through LOADER. */
function fromBundle(file: string, bundle: "cached" | "built"): WorkerEntry {
  return { file: LOADER, args: [file], execArgv: [], bundle };
}

/** Where a worker can start at once: its source as it is (REGIONKIT_SYNTH_BUNDLE=0) or the cached bundle; undefined when the bundle must be built first. */
function readyWorkerEntry(): WorkerEntry | undefined {
  if (process.env.REGIONKIT_SYNTH_BUNDLE === "0") return { ...sibling("worker"), bundle: "none" };
  const cached = cachedWorkerBundle();
  return cached ? fromBundle(cached, "cached") : undefined;
}

/**
 * Where a worker runs from: the precompiled bundle (bundle.ts), found in its cache or, after an edit, built in a
 * process of its own while this one synthesizes; with REGIONKIT_SYNTH_BUNDLE=0 the worker's source as it is.
 */
export async function workerEntry(): Promise<WorkerEntry> {
  const ready = readyWorkerEntry();
  if (ready) return ready;
  const builder = sibling("build-bundle");
  const child = fork(builder.file, [], { execArgv: builder.execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const reply = await new Promise<{ ok: true; file: string } | { ok: false; error: string }>((resolve, reject) => {
    child.once("message", resolve);
    child.once("error", reject);
    // After the IPC channel closed ("close", not "exit"), so a reply sent just before exiting is read first.
    child.once("close", (code) => reject(new Error(`building the synth worker bundle exited with code ${code}`)));
  });
  if (!reply.ok) throw new Error(`building the synth worker bundle failed: ${reply.error}`);
  return fromBundle(reply.file, "built");
}

/** A worker that builds every stack of `job` it claims (synthClaimed); resolves to what it built and its CPU seconds. */
export function runWorker(entry: WorkerEntry, job: ToWorker): { child: ChildProcess; done: Promise<{ stacks: readonly string[]; cpuSeconds: number }> } {
  const child = fork(entry.file, [...entry.args], { execArgv: [...entry.execArgv], serialization: "advanced", stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const done = new Promise<{ stacks: readonly string[]; cpuSeconds: number }>((resolve, reject) => {
    let result: FromWorker | undefined;
    child.on("message", (m: FromWorker) => {
      result = m;
    });
    child.on("error", reject);
    // "close", not "exit": a worker sends its result and exits at once, and "exit" can come before the result
    // is read from the IPC channel; "close" comes after the channel has closed too.
    child.on("close", (code, signal) => {
      if (result?.ok && code === 0) resolve(result);
      else reject(new Error(result && !result.ok ? result.error : `synth worker exited with ${signal ?? `code ${code}`}`));
    });
  });
  // Handled where the caller awaits; this keeps a worker that fails after another share already failed from
  // becoming an unhandled rejection.
  done.catch(() => undefined);
  child.send(job);
  return { child, done };
}

/** manifest.json entries of the stacks a partial synth leaves alone (those of `all` not in `names`, still in outdir). */
function keptStacks(outdir: string, all: readonly string[], names: readonly string[]): Record<string, unknown> {
  const file = join(outdir, CdktfManifest.fileName);
  if (!existsSync(file)) return {};
  const { stacks } = JSON.parse(readFileSync(file, "utf8")) as { stacks: Record<string, unknown> };
  return Object.fromEntries(Object.entries(stacks).filter(([name]) => all.includes(name) && !names.includes(name) && existsSync(join(outdir, CdktfManifest.stacksFolder, name))));
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

/**
 * Synthesize every stack of a manifest into options.outdir; throws, writing nothing there, if any stack fails.
 *
 * The stacks form one queue, in buildStacks order (the large data-<id> stacks first, the small ones last to
 * even out the end). This process starts claiming from it at once; each worker, once loaded, claims the next
 * unclaimed stack each time it finishes one (claimStack: no process waits on another to hand out work). A
 * worker that loads slowly therefore builds fewer stacks instead of holding up a fixed share.
 */
export async function synthesizeStacks(manifest: Manifest, options: SynthOptions): Promise<SynthResult> {
  const all = stackNames(manifest);
  const unknown = (options.stacks ?? []).filter((n) => !all.includes(n));
  if (options.stacks?.length === 0) throw new Error(`stacks: an empty list names no stack to synthesize; stacks: ${all.join(", ")}`);
  if (unknown.length > 0) throw new Error(`no stack named ${unknown.map((n) => `'${n}'`).join(", ")} in the manifest; stacks: ${all.join(", ")}`);
  const names = options.stacks ? all.filter((n) => options.stacks!.includes(n)) : all;
  const count = Math.min(options.workers ?? defaultWorkers(manifest), names.length);
  mkdirSync(options.outdir, { recursive: true });
  // Staging inside outdir keeps the final moves on one filesystem (rename, not copy).
  const staging = mkdtempSync(join(options.outdir, ".staging-"));
  const job: ToWorker = { manifest, names, staging };
  const workers: Array<ReturnType<typeof runWorker>> = [];
  let bundle: SynthResult["bundle"] = "none";
  let stopped = false;
  const own: string[] = [];
  const startWorkers = (entry: WorkerEntry): void => {
    bundle = entry.bundle;
    for (let i = 1; i < count && !stopped && own.length < names.length; i++) workers.push(runWorker(entry, job));
  };
  // A worker that can start at once is forked now, before this process takes its first stack, so it loads while
  // this one works. Otherwise the bundle is built first (esbuild's own process) while this process synthesizes.
  const ready = count > 1 ? readyWorkerEntry() : undefined;
  if (ready) startWorkers(ready);
  const started = count > 1 && !ready ? workerEntry().then(startWorkers) : Promise.resolve();
  try {
    const cpu = process.cpuUsage();
    if (ready?.bundle === "cached") {
      // This process's share from the same bundle as the workers': its code cache spares the compiling that
      // this process's own modules (loaded through tsx) would do in their first stacks.
      own.push(...loadBundle(ready.args[0]!).synthClaimed(job));
    } else {
      for (const name of claims(job)) {
        synthStack(manifest, name, join(staging, name));
        own.push(name);
        // A bundle being built: let its reply through, so the workers start as soon as it is ready.
        if (count > 1 && !ready) await new Promise(setImmediate);
      }
    }
    const ownCpu = cpuSeconds(cpu);
    await started;
    const theirs = await Promise.all(workers.map((w) => w.done));
    const kept = options.stacks ? keptStacks(options.outdir, all, names) : {};
    const written = names.map((name) => collect(join(staging, name), options.outdir));
    const out = new CdktfManifest(written[0]!.version, options.outdir, false);
    // In buildStacks order, as one app.synth() lists them.
    const entries: Record<string, unknown> = Object.assign({}, kept, ...written.map((w) => w.stacks));
    for (const name of all) if (name in entries) out.stacks[name] = entries[name] as (typeof out.stacks)[string];
    out.writeToFile();
    return { stacks: names, workers: 1 + workers.length, cpuSeconds: theirs.reduce((a, b) => a + b.cpuSeconds, ownCpu), bundle, shares: [own.length, ...theirs.map((t) => t.stacks.length)] };
  } finally {
    stopped = true;
    await started.catch(() => undefined);
    for (const w of workers) if (w.child.exitCode === null) w.child.kill();
    rmSync(staging, { recursive: true, force: true });
  }
}
