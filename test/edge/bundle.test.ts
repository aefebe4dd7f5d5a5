import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { bundleWorker, WORKER_ENTRY } from "../../edge/bundle.js";

describe("bundleWorker's cache", () => {
  it("returns from the cache exactly what a fresh build returns", () => {
    const cacheFile = join(mkdtempSync(join(tmpdir(), "regionkit-edge-")), "worker.json");
    const built = bundleWorker(WORKER_ENTRY, cacheFile);
    const cached = JSON.parse(readFileSync(cacheFile, "utf8")) as { inputs: string[]; script: string };
    expect(cached.inputs).toEqual(expect.arrayContaining(["edge/worker.ts", "edge/routes.ts"]));
    expect(cached.script).toBe(built);
    expect(bundleWorker(WORKER_ENTRY, cacheFile)).toBe(built);
    // The default cache (what synth uses) holds the same script.
    expect(bundleWorker()).toBe(built);
  });

  it("is the same script whatever directory the synth runs from", () => {
    // esbuild names each module in a comment, relative to its working directory: once the process's cwd, so a
    // synth started elsewhere changed the edge stack's script. A fresh process, started in a temp directory.
    const dir = mkdtempSync(join(tmpdir(), "regionkit-edge-"));
    const script = `require("fs").writeFileSync(${JSON.stringify(join(dir, "out.js"))}, require(${JSON.stringify(join(__dirname, "..", "..", "edge", "bundle.ts"))}).bundleWorker(undefined, ${JSON.stringify(join(dir, "worker.json"))}))`;
    const tsx = pathToFileURL(require.resolve("tsx")).href; // from here: the temp directory has no node_modules
    const run = spawnSync(process.execPath, ["--import", tsx, "-e", script], { cwd: dir, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(readFileSync(join(dir, "out.js"), "utf8")).toBe(bundleWorker(WORKER_ENTRY, join(mkdtempSync(join(tmpdir(), "regionkit-edge-")), "worker.json")));
  });

  it("builds again when any input the last build read has changed, and when the cache is unreadable", () => {
    const dir = mkdtempSync(join(tmpdir(), "regionkit-edge-"));
    const entry = join(dir, "entry.ts");
    const cacheFile = join(dir, "cache", "worker.json");
    writeFileSync(entry, 'import { WORD } from "./word";\nexport default { fetch: () => new Response(WORD) };\n');
    writeFileSync(join(dir, "word.ts"), 'export const WORD = "first";\n');
    expect(bundleWorker(entry, cacheFile)).toContain('"first"');
    writeFileSync(join(dir, "word.ts"), 'export const WORD = "second";\n');
    expect(bundleWorker(entry, cacheFile)).toContain('"second"');
    expect(readFileSync(cacheFile, "utf8")).toContain("second");
    writeFileSync(cacheFile, "{ not json");
    expect(bundleWorker(entry, cacheFile)).toContain('"second"');
    expect(JSON.parse(readFileSync(cacheFile, "utf8")).script).toContain('"second"');
  });
});
