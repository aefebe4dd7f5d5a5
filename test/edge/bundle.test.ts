import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
