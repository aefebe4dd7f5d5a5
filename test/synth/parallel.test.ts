import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { App, Lazy } from "cdktf";
import { beforeAll, describe, expect, it } from "vitest";
import { buildStacks, stackNames } from "../../stacks/app.js";
import { readStacks, replayStack } from "../../synth/floor.js";
import { shares, synthesizeStacks } from "../../synth/parallel.js";
import { withoutTokenStackTraces } from "../../synth/stack-traces.js";
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

// The default manifest's stacks, and the reference: the plain single-process synth, token traces and all.
const manifest = manifestOf();
const plain = tmp();
// Whole-app synths: a minute or more each on a loaded 2-core machine.
const SYNTH_TIMEOUT = 240_000;
beforeAll(() => {
  const app = new App({ outdir: plain });
  withTokenTraces(() => {
    buildStacks(app, manifest);
    app.synth();
  });
}, SYNTH_TIMEOUT);

describe("synthesizeStacks", () => {

  it("writes byte for byte what one plain app.synth() writes, from two processes", async () => {
    const fast = tmp();
    const result = await synthesizeStacks(manifest, { outdir: fast, workers: 2 });
    expect(result.workers).toBe(2);
    expect(result.stacks).toEqual(stackNames(manifest));
    const expected = tree(plain);
    expect(expected.size).toBe(stackNames(manifest).length + 1); // every stack's cdk.tf.json and manifest.json
    expectSameTree(tree(fast), expected);
  }, SYNTH_TIMEOUT);

  it("fails with the worker's error and writes nothing when a stack in another process fails", async () => {
    // Two regions (us, eu): data-eu is the second stack, so the worker builds it; a /30 cannot hold the kit's subnets.
    const broken = { ...manifest, regions: manifest.regions.slice(0, 2).map((r) => (r.id === "eu" ? { ...r, cidr: "10.20.0.0/30" } : r)) };
    expect(shares(stackNames(broken), 2)[1]).toContain("data-eu");
    const outdir = tmp();
    await expect(synthesizeStacks(broken, { outdir, workers: 2 })).rejects.toThrow(/cannot carve subnet .* from 10\.20\.0\.0\/30/);
    expect(readdirSync(outdir)).toEqual([]);
  }, SYNTH_TIMEOUT);

  it("deals stacks to processes in turn, never leaving a process without one", () => {
    expect(shares(["a", "b", "c", "d", "e"], 2)).toEqual([
      ["a", "c", "e"],
      ["b", "d"],
    ]);
    expect(shares(["a"], 2)).toEqual([["a"]]);
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
