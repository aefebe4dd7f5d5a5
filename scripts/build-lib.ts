/**
 * npm run build:lib: the region library (regions/) as a package, into dist/ (git-ignored).
 *
 *   regionkit          regions/index.ts: everything, Node (YAML loader, node:crypto shard map)
 *   regionkit/web      regions/web.ts:   no Node built-ins (fromJson, resolvers, routing, WebCrypto shards)
 *   regionkit/shard-vectors.json         the shard-function test vectors, for ports to other languages
 *
 * Each entry is bundled twice by esbuild (ESM .mjs and CommonJS .cjs; zod and yaml stay
 * dependencies), and tsc writes one set of declarations. The ESM Node entry gets `__dirname`
 * from `import.meta.url`, so the loader finds the regions.yaml copied beside it.
 */
import { buildSync, type BuildOptions } from "esbuild";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { cli } from "./lib/cli.js";

cli({
  usage: "npm run build:lib",
  description: "Build the region library (regions/) as a package into dist/: ESM and CommonJS bundles, type declarations, the shard-function test vectors.",
  options: {},
  examples: ["npm run build:lib && node -e 'console.log(require(\"regionkit\"))'"],
});

const root = join(__dirname, "..");
const dist = join(root, "dist");
const started = Date.now();
rmSync(dist, { recursive: true, force: true });

const ESM_DIRNAME =
  'import { fileURLToPath as __rkFileURLToPath } from "node:url"; import { dirname as __rkDirname } from "node:path"; ' +
  "const __dirname = __rkDirname(__rkFileURLToPath(import.meta.url));";

const entries = [
  { name: "index", source: "regions/index.ts", platform: "node" as const },
  { name: "web", source: "regions/web.ts", platform: "neutral" as const },
];
for (const entry of entries) {
  for (const format of ["esm", "cjs"] as const) {
    const options: BuildOptions = {
      entryPoints: [join(root, entry.source)],
      outfile: join(dist, format, `${entry.name}.${format === "esm" ? "mjs" : "cjs"}`),
      bundle: true,
      format,
      platform: entry.platform,
      target: "es2022",
      external: ["zod", "yaml"],
      logLevel: "warning",
      ...(format === "esm" && entry.platform === "node" ? { banner: { js: ESM_DIRNAME } } : {}),
      // A neutral build resolves packages like a browser would; zod and yaml are plain ESM/CJS packages.
      ...(entry.platform === "neutral" ? { mainFields: ["module", "main"] } : {}),
    };
    buildSync(options);
  }
}

// What the Node entry reads beside itself: the default manifest and its lock file.
for (const format of ["esm", "cjs"]) {
  for (const file of ["regions.yaml", "regions.lock.json"]) {
    if (existsSync(join(root, "regions", file))) copyFileSync(join(root, "regions", file), join(dist, format, file));
  }
}
mkdirSync(dist, { recursive: true });
copyFileSync(join(root, "regions", "shard-vectors.json"), join(dist, "shard-vectors.json"));

execFileSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(root, "tsconfig.lib.json")], { stdio: "inherit" });
console.log(`build:lib: dist/ (esm, cjs, types, shard-vectors.json) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
