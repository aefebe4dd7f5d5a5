import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { routingTable } from "../../regions/routing.js";
import { DEFAULT_MANIFEST_TEXT, manifestOf } from "../helpers.js";

// Builds the package (npm run build:lib) and imports it by name from child processes, once as
// ESM and once as CommonJS, from a directory whose node_modules/regionkit links to this repository.
const root = join(__dirname, "..", "..");
const vectors = JSON.parse(readFileSync(join(root, "regions", "shard-vectors.json"), "utf8")) as {
  shardCounts: number[];
  vectors: Array<{ workspaceId: string; shards: Record<string, number> }>;
};
let consumer: string;

/** What a consumer computes with the package; the same program in both module systems. */
const PROGRAM = (load: string) => `${load}
(async () => {
  const manifest = rk.loadManifest().manifest;
  const fromJson = web.fromJson(JSON.parse(process.env.MANIFEST_JSON));
  const mismatches = [];
  for (const v of vectors.vectors)
    for (const n of vectors.shardCounts) {
      const expected = v.shards[String(n)];
      const node = rk.sha256Shard(v.workspaceId, n);
      const webShard = await web.sha256ShardWeb(v.workspaceId, n);
      if (node !== expected || webShard !== expected) mismatches.push({ id: v.workspaceId, n, expected, node, webShard });
    }
  console.log(JSON.stringify({
    manifest,
    sameFromJson: JSON.stringify(fromJson) === JSON.stringify(manifest),
    routing: web.routingTable(fromJson),
    euLake: new web.RegionResolver(fromJson.regions[1], fromJson.central.namespace).lakeBucket("raw"),
    vectorsChecked: vectors.vectors.length * vectors.shardCounts.length,
    mismatches,
  }));
})().catch((e) => { console.error(e); process.exit(1); });
`;

function run(file: string, text: string): Record<string, any> {
  writeFileSync(join(consumer, file), text);
  const out = spawnSync(process.execPath, [file], { cwd: consumer, encoding: "utf8", env: { ...process.env, MANIFEST_JSON: JSON.stringify(parse(DEFAULT_MANIFEST_TEXT)) } });
  if (out.status !== 0) throw new Error(`${file} failed:\n${out.stderr}`);
  return JSON.parse(out.stdout);
}

beforeAll(() => {
  execFileSync("npm", ["run", "-s", "build:lib"], { cwd: root, stdio: "pipe" });
  consumer = mkdtempSync(join(tmpdir(), "rk-consumer-"));
  mkdirSync(join(consumer, "node_modules"));
  symlinkSync(root, join(consumer, "node_modules", "regionkit"), "dir");
}, 180_000);

afterAll(() => {
  if (consumer) rmSync(consumer, { recursive: true, force: true });
});

describe("the region library as a package", () => {
  const expected = () => ({ manifest: JSON.parse(JSON.stringify(manifestOf())), routing: JSON.parse(JSON.stringify(routingTable(manifestOf()))) });

  it.each([
    ["ESM", "consumer.mjs", 'import * as rk from "regionkit"; import * as web from "regionkit/web"; import vectors from "regionkit/shard-vectors.json" with { type: "json" };'],
    ["CommonJS", "consumer.cjs", 'const rk = require("regionkit"); const web = require("regionkit/web"); const vectors = require("regionkit/shard-vectors.json");'],
  ])("imports by name from %s and computes what the sources compute", (_kind, file, load) => {
    const result = run(file, PROGRAM(load));
    expect(result.manifest).toEqual(expected().manifest);
    expect(result.sameFromJson).toBe(true);
    expect(result.routing).toEqual(expected().routing);
    expect(result.euLake).toBe("rk-eu-lake-raw-222222222222");
    expect(result.vectorsChecked).toBe(vectors.vectors.length * vectors.shardCounts.length);
    expect(result.vectorsChecked).toBeGreaterThan(100);
    expect(result.mismatches).toEqual([]);
  });

  it("ships type declarations for both entries and a web build without Node built-ins", () => {
    for (const entry of ["index", "web"]) expect(existsSync(join(root, "dist", "types", `${entry}.d.ts`)), entry).toBe(true);
    for (const file of ["esm/web.mjs", "cjs/web.cjs"]) expect(readFileSync(join(root, "dist", file), "utf8"), file).not.toMatch(/["']node:/);
    expect(readFileSync(join(root, "dist", "types", "web.d.ts"), "utf8")).toMatch(/fromJson/);
  });

  it("type-checks a TypeScript consumer of both entries, as ESM (.mts) and as CommonJS (.cts)", () => {
    writeFileSync(
      join(consumer, "consumer.mts"),
      `import { loadManifest, sha256Shard } from "regionkit";
import { fromJson, routingTable, sha256ShardWeb, type Manifest, type RoutingTable } from "regionkit/web";
const m: Manifest = fromJson(loadManifest().manifest);
const t: RoutingTable = routingTable(m);
const n: number = sha256Shard("3f2b6c1e-8d4a-4c59-9e7b-2a1d0c9f8e71", 480);
const p: Promise<number> = sha256ShardWeb("3f2b6c1e-8d4a-4c59-9e7b-2a1d0c9f8e71", 480);
// @ts-expect-error the declarations keep the routing table read-only
t.regions[0].id = "x";
console.log(n, p);
`
    );
    writeFileSync(
      join(consumer, "consumer.cts"),
      `import rk = require("regionkit");
import web = require("regionkit/web");
const n: number = rk.sha256Shard("3f2b6c1e-8d4a-4c59-9e7b-2a1d0c9f8e71", 480);
const m: web.Manifest = web.fromJson({});
console.log(n, m);
`
    );
    const types = join(root, "node_modules", "@types");
    // skipDefaultLibCheck: TypeScript's own lib.*.d.ts are not under test (a second of checking); the package's
    // declarations and what they import (zod, @types/node) are still checked, as a consumer's tsc would.
    writeFileSync(
      join(consumer, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { module: "nodenext", moduleResolution: "nodenext", target: "es2022", strict: true, noEmit: true, skipDefaultLibCheck: true, types: ["node"], typeRoots: [types] }, files: ["consumer.mts", "consumer.cts"] })
    );
    const tsc = spawnSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(consumer, "tsconfig.json")], { encoding: "utf8" });
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
  });

  it("keeps dist/ out of git", () => {
    const ignored = spawnSync("git", ["check-ignore", "-q", "dist/esm/index.mjs"], { cwd: root });
    expect(ignored.status).toBe(0);
  });
});
