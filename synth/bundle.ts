import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { build, version as esbuildVersion, type Plugin } from "esbuild";

/**
 * The synth worker (worker.ts) as one precompiled CommonJS file, the kit and its packages included. A worker
 * started from TypeScript spends about a second of CPU loading tsx and transpiling and source-mapping every
 * module before it builds a stack; from this bundle it starts in about a quarter of that, which is what makes
 * a second process pay off (synth/README.md).
 *
 * The bundle is cached by content: `node_modules/.cache/regionkit-synth/<hash>.cjs`, the hash over every input
 * file of the last build (its esbuild metafile; installed packages by size and modification time) and the
 * esbuild version. An edit to any input changes the
 * hash, so the next synth rebuilds (about 0.7 s of esbuild's own process) instead of running stale code; the
 * three newest bundles are kept. A worker starts from it through load-bundle.cjs, which keeps V8's code cache
 * beside it (`<hash>.cjs.v8cache`). Nothing built is committed.
 */

const ROOT = resolve(__dirname, "..");
export const BUNDLE_CACHE = join(ROOT, "node_modules", ".cache", "regionkit-synth");
const ENTRY = join(__dirname, "worker.ts");
const INPUTS = join(BUNDLE_CACHE, "inputs.json");

/**
 * Hash of the inputs a bundle was built from, or undefined when one of them is gone. The kit's own files count
 * by content; installed packages (17 MB of provider classes, most of the inputs) by size and modification time,
 * which npm changes whenever it writes a file: reading them all took about 35 ms of every synth.
 */
function hashInputs(inputs: readonly string[]): string | undefined {
  const hash = createHash("sha256").update(`esbuild ${esbuildVersion}\n`);
  for (const input of inputs) {
    const path = join(ROOT, input);
    if (!existsSync(path)) return undefined;
    hash.update(`${input}\n`);
    if (input.startsWith("node_modules/")) {
      const { size, mtimeMs } = statSync(path);
      hash.update(`${size} ${mtimeMs}\n`);
    } else hash.update(readFileSync(path));
  }
  return hash.digest("hex").slice(0, 16);
}

/** The cached bundle for the current sources, or undefined when an input changed since it was built. */
export function cachedWorkerBundle(): string | undefined {
  if (!existsSync(INPUTS)) return undefined;
  const hash = hashInputs(JSON.parse(readFileSync(INPUTS, "utf8")) as string[]);
  const file = hash && join(BUNDLE_CACHE, `${hash}.cjs`);
  return file && existsSync(file) ? file : undefined;
}

/**
 * Build the bundle and put it in the cache; returns its path. The build calls back into this process for
 * every source file that names __dirname (sourcePaths), so run it where the event loop is free: a synth's
 * own process is busy building stacks (parallel.ts runs it in build-bundle.ts's process).
 */
export async function buildWorkerBundle(): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    absWorkingDir: ROOT,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: `node${process.versions.node.split(".")[0]}`,
    // No keepNames: it wraps every function expression the kit and cdktf create at run time in a call that
    // redefines its name (a quarter of a worker's synth CPU). Token-trace skipping (stack-traces.ts) recognises
    // cdktf's capture functions by name with esbuild's renaming suffix (captureStackTrace2).
    // edge/bundle.ts runs esbuild at synth time; its binary cannot be bundled (resolved from node_modules).
    external: ["esbuild"],
    plugins: [sourcePaths],
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const inputs = Object.keys(result.metafile.inputs).sort();
  const hash = hashInputs(inputs)!;
  const file = join(BUNDLE_CACHE, `${hash}.cjs`);
  mkdirSync(BUNDLE_CACHE, { recursive: true });
  // Written under a temporary name and renamed, so a concurrent synth never loads half a file.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, result.outputFiles[0]!.contents);
  renameSync(tmp, file);
  writeFileSync(`${INPUTS}.${process.pid}.tmp`, JSON.stringify(inputs));
  renameSync(`${INPUTS}.${process.pid}.tmp`, INPUTS);
  pruneCache(KEEP_BUNDLES);
  return file;
}

/** Bundles kept in the cache (with their V8 code caches): the newest, and a few a synth already running may still fork from. */
const KEEP_BUNDLES = 3;

/** Remove all but the `keep` newest bundles, each with its `.v8cache` (every edit adds a 6 MB bundle). */
function pruneCache(keep: number): void {
  const bundles = readdirSync(BUNDLE_CACHE)
    .filter((f) => /^[0-9a-f]{16}\.cjs$/.test(f))
    .map((f) => ({ f, at: statSync(join(BUNDLE_CACHE, f)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { f } of bundles.slice(keep)) for (const gone of [f, `${f}.v8cache`]) rmSync(join(BUNDLE_CACHE, gone), { force: true });
}

/**
 * The kit's own modules locate files beside them (the manifest, the example DAG, the edge worker's source)
 * with __dirname and __filename; in one bundle those would name the cache folder, so each is replaced by
 * its module's real path.
 */
const sourcePaths: Plugin = {
  name: "regionkit-source-paths",
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes(`${"/"}node_modules/`)) return undefined;
      const text = readFileSync(args.path, "utf8");
      if (!/\b__(dirname|filename)\b/.test(text)) return undefined;
      const contents = text.replace(/\b__dirname\b/g, JSON.stringify(dirname(args.path))).replace(/\b__filename\b/g, JSON.stringify(args.path));
      return { contents, loader: "ts" };
    });
  },
};
