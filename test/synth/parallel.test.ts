import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { App, Lazy } from "cdktf";
import { beforeAll, describe, expect, it } from "vitest";
import { buildStacks, stackNames } from "../../stacks/app.js";
import { readStacks, replayStack } from "../../synth/floor.js";
import { claimStack, runWorker, synthesizeStacks, workerEntry } from "../../synth/parallel.js";
import { withEngineResolve } from "../../synth/fast-resolve.js";
import { isTokenTraceCaller, withoutTokenStackTraces } from "../../synth/stack-traces.js";
import { manifestOf } from "../helpers.js";

/** Every file below a directory, by relative path, with its bytes. */
function tree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const entry of readdirSync(d)) {
      const path = join(d, entry);
      if (statSync(path).isDirectory()) walk(path);
      else out.set(relative(dir, path), readFileSync(path));
    }
  };
  walk(dir);
  return out;
}

/** test/setup.ts skips token traces for the whole suite; REGIONKIT_TOKEN_TRACES=1 turns them back on. */
function withTokenTraces<T>(run: () => T): T {
  process.env.REGIONKIT_TOKEN_TRACES = "1";
  try {
    return run();
  } finally {
    delete process.env.REGIONKIT_TOKEN_TRACES;
  }
}

/**
 * manifest.json without the call-site stack traces of annotations (warnings): those name the frames of
 * whatever process built the construct (entry file, checkout path, line numbers), so they differ between any
 * two entry points; level, message and construct path must still match.
 */
function manifestWithoutTraces(bytes: Buffer | undefined): unknown {
  const manifest = JSON.parse(bytes?.toString() ?? "null") as { stacks: Record<string, { annotations: Array<Record<string, unknown>> }> };
  for (const stack of Object.values(manifest.stacks)) for (const a of stack.annotations) delete a.stacktrace;
  return manifest;
}

/** Every file of `expected` is in `actual` with the same bytes (manifest.json: the same, traces aside). */
function expectSameTree(actual: Map<string, Buffer>, expected: Map<string, Buffer>): void {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [path, bytes] of expected) {
    if (path === "manifest.json") expect(manifestWithoutTraces(actual.get(path)), path).toEqual(manifestWithoutTraces(bytes));
    else expect(actual.get(path)?.toString(), path).toBe(bytes.toString());
  }
}

const tmp = (): string => mkdtempSync(join(tmpdir(), "regionkit-synth-"));

// The default manifest's stacks, and the reference: the plain single-process synth, token traces and all, with
// the engine's own resolver (test/setup.ts gives the suite fastResolve, as npm run synth has it).
const manifest = manifestOf();
const plain = tmp();
// Whole-app synths: a minute or more each on a loaded 2-core machine.
const SYNTH_TIMEOUT = 240_000;
beforeAll(() => {
  const app = new App({ outdir: plain });
  withTokenTraces(() =>
    withEngineResolve(() => {
      buildStacks(app, manifest);
      app.synth();
    }),
  );
}, SYNTH_TIMEOUT);

describe("synthesizeStacks", () => {

  it("writes byte for byte what one plain app.synth() writes, from two processes", async () => {
    const fast = tmp();
    const result = await synthesizeStacks(manifest, { outdir: fast, workers: 2 });
    expect(result.workers).toBeGreaterThanOrEqual(1); // 2 unless the bundle had to be built and this process claimed every stack first
    expect(result.stacks).toEqual(stackNames(manifest));
    // Every stack built by exactly one process (this one may have claimed them all before the worker loaded).
    expect(result.shares.reduce((a, b) => a + b, 0)).toBe(stackNames(manifest).length);
    const expected = tree(plain);
    expect(expected.size).toBe(stackNames(manifest).length + 1); // every stack's cdk.tf.json and manifest.json
    expectSameTree(tree(fast), expected);
  }, SYNTH_TIMEOUT);

  it("fails with the stack's error and writes nothing when a stack fails, whichever process builds it", async () => {
    // A /30 cannot hold the kit's subnets.
    const broken = { ...manifest, regions: manifest.regions.slice(0, 2).map((r) => (r.id === "eu" ? { ...r, cidr: "10.20.0.0/30" } : r)) };
    const outdir = tmp();
    await expect(synthesizeStacks(broken, { outdir, workers: 2 })).rejects.toThrow(/cannot carve subnet .* from 10\.20\.0\.0\/30/);
    expect(readdirSync(outdir)).toEqual([]);
  }, SYNTH_TIMEOUT);

  it("a worker started from the precompiled bundle writes byte for byte what app.synth() writes, claiming every stack not claimed before", async () => {
    const entry = await workerEntry();
    expect(entry.bundle).not.toBe("none");
    const staging = tmp();
    // central already claimed (as if by another process): the worker must leave it alone.
    expect(claimStack(staging, "central")).toBe(true);
    expect(claimStack(staging, "central")).toBe(false);
    const { stacks: taken } = await runWorker(entry, { manifest, names: stackNames(manifest), staging }).done;
    expect(taken).toEqual(stackNames(manifest).filter((n) => n !== "central"));
    expect(readdirSync(join(staging, "central"))).toEqual([]);
    const expected = tree(plain);
    for (const name of taken) expect(tree(join(staging, name)).get(join("stacks", name, "cdk.tf.json"))?.toString(), name).toBe(expected.get(join("stacks", name, "cdk.tf.json"))?.toString());
  }, SYNTH_TIMEOUT);

  it("the worker bundle keeps cdktf's token-trace capture under a name the trace skipping recognises", async () => {
    // Without keepNames esbuild may rename it (captureStackTrace2); a name the skipping misses would make every
    // worker capture a stack trace per token again (no output changes, only its speed).
    const entry = await workerEntry();
    const names = [...readFileSync(entry.args[0]!, "utf8").matchAll(/function (\w*captureStackTrace\w*)\(below\)/g)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((n) => !isTokenTraceCaller(n))).toEqual([]);
    expect(isTokenTraceCaller("captureStackTrace_1")).toBe(false);
  }, SYNTH_TIMEOUT);

  it("a worker keeps V8's code cache beside the bundle and, given a stale or corrupt one, compiles as usual and replaces it", async () => {
    const entry = await workerEntry();
    const cache = `${entry.args[0]!}.v8cache`;
    writeFileSync(cache, "not a V8 code cache");
    const staging = tmp();
    const { stacks } = await runWorker(entry, { manifest, names: ["central"], staging }).done;
    expect(stacks).toEqual(["central"]);
    expect(tree(join(staging, "central")).get(join("stacks", "central", "cdk.tf.json"))?.toString()).toBe(tree(plain).get(join("stacks", "central", "cdk.tf.json"))?.toString());
    expect(readFileSync(cache).toString()).not.toBe("not a V8 code cache");
    expect(statSync(cache).size).toBeGreaterThan(100_000);
  }, SYNTH_TIMEOUT);

  it("reports the error of a stack a worker failed to build", async () => {
    const broken = { ...manifest, regions: manifest.regions.map((r) => ({ ...r, cidr: "10.20.0.0/30" })) };
    await expect(runWorker(await workerEntry(), { manifest: broken, names: ["data-eu"], staging: tmp() }).done).rejects.toThrow(/cannot carve subnet .* from 10\.20\.0\.0\/30/);
  }, SYNTH_TIMEOUT);

  it("synthesizes only the named stacks, keeping the others' files and manifest entries", async () => {
    const outdir = tmp();
    await synthesizeStacks(manifest, { outdir, workers: 1 });
    const before = tree(outdir);
    // Mark every file, so a rewrite shows; data-eu alone is synthesized again.
    const stale = "{}";
    for (const name of stackNames(manifest)) writeFileSync(join(outdir, "stacks", name, "cdk.tf.json"), stale);
    const result = await synthesizeStacks(manifest, { outdir, stacks: ["data-eu"] });
    expect(result.stacks).toEqual(["data-eu"]);
    const after = tree(outdir);
    for (const name of stackNames(manifest)) expect(after.get(join("stacks", name, "cdk.tf.json"))?.toString(), name).toBe(name === "data-eu" ? before.get(join("stacks", name, "cdk.tf.json"))?.toString() : stale);
    expect(manifestWithoutTraces(after.get("manifest.json"))).toEqual(manifestWithoutTraces(before.get("manifest.json")));
  }, SYNTH_TIMEOUT);

  it("fails naming the valid stacks when a named stack is not in the manifest", async () => {
    const outdir = tmp();
    await expect(synthesizeStacks(manifest, { outdir, stacks: ["data-xx", "central"] })).rejects.toThrow(/no stack named 'data-xx' in the manifest; stacks: data-us, .*central/);
    expect(readdirSync(outdir)).toEqual([]);
  });

  it("leaves a stack directory's other files (.terraform) in place, as app.synth() does", async () => {
    const outdir = tmp();
    const small = { ...manifest, regions: manifest.regions.slice(0, 1) };
    await synthesizeStacks(small, { outdir, workers: 1 });
    const marker = join(outdir, "stacks", "central", ".terraform");
    mkdirSync(marker);
    await synthesizeStacks(small, { outdir, workers: 1 });
    expect(existsSync(marker)).toBe(true);
    expect(readdirSync(outdir).sort()).toEqual(["manifest.json", "stacks"]);
  }, SYNTH_TIMEOUT);
});

describe("the bench floor (replayStack)", () => {
  it("replays a synth as generic elements that write the same files", () => {
    const replayed = tmp();
    const floor = new App({ outdir: replayed });
    for (const [name, json] of readStacks(plain)) replayStack(floor, name, json);
    floor.synth();
    // The floor replays resources, not the kit's warnings: compare the stacks.
    const stacksOnly = (files: Map<string, Buffer>) => new Map([...files].filter(([path]) => path !== "manifest.json"));
    expectSameTree(stacksOnly(tree(replayed)), stacksOnly(tree(plain)));
    // Generic elements only: none of the kit's provider classes.
    expect(floor.node.findAll().some((c) => c.constructor.name === "S3Bucket")).toBe(false);
  }, SYNTH_TIMEOUT);
});

describe("withoutTokenStackTraces", () => {
  const creationStack = (): string[] => Lazy.anyValue({ produce: () => "x" }).creationStack;

  it("skips the trace cdktf records per token unless REGIONKIT_TOKEN_TRACES=1", () => {
    expect(withoutTokenStackTraces(creationStack)).toEqual([]);
    expect(withTokenTraces(() => withoutTokenStackTraces(creationStack)).length).toBeGreaterThan(0);
  });

  it("puts Error.captureStackTrace back afterwards", () => {
    const before = Error.captureStackTrace;
    withoutTokenStackTraces(() => undefined);
    expect(Error.captureStackTrace).toBe(before);
  });

  it("keeps the stack of a real error", () => {
    const err = withoutTokenStackTraces(() => new Error("boom"));
    expect(err.stack).toMatch(/boom\n\s+at /);
  });
});
