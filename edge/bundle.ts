import { buildSync, version as esbuildVersion, type BuildOptions } from "esbuild";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";

export const WORKER_ENTRY = join(__dirname, "worker.ts");
const ROOT = resolve(__dirname, "..");
/** Where the last bundle is kept, with the inputs it was built from (git-ignored with node_modules). */
export const WORKER_BUNDLE_CACHE = join(ROOT, "node_modules", ".cache", "regionkit-edge", "worker.json");

const OPTIONS = {
  bundle: true,
  write: false,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  conditions: ["workerd", "worker", "browser"],
  legalComments: "none",
  logLevel: "silent",
} satisfies BuildOptions;

interface Cached {
  /** Every file the bundle was built from (esbuild's metafile), relative to the working directory. */
  readonly inputs: readonly string[];
  readonly key: string;
  readonly script: string;
}

/** Hash of the entry, the options, esbuild's version and every input's content; undefined when an input is gone. */
function keyOf(entry: string, workingDir: string, inputs: readonly string[]): string | undefined {
  const hash = createHash("sha256").update(JSON.stringify({ entry, esbuildVersion, OPTIONS }));
  for (const input of inputs) {
    const path = isAbsolute(input) ? input : join(workingDir, input);
    if (!existsSync(path)) return undefined;
    hash.update(`\n${input}\n`).update(readFileSync(path));
  }
  return hash.digest("hex");
}

/** The cached script, if it was built from `entry` and none of its inputs changed since. */
function cachedScript(entry: string, workingDir: string, cacheFile: string): string | undefined {
  try {
    const cached = JSON.parse(readFileSync(cacheFile, "utf8")) as Cached;
    return cached.key === keyOf(entry, workingDir, cached.inputs) ? cached.script : undefined;
  } catch {
    return undefined; // none yet, or unreadable: build
  }
}

/**
 * The worker as one ES module, the form Cloudflare and workerd load. Bundled
 * for the `workerd` runtime from regions/ directly (no Node built-ins reach
 * it: the import of anything from node:* fails the build), so the script the
 * edge stack deploys is the script the tests run.
 *
 * The script is kept in WORKER_BUNDLE_CACHE with the inputs esbuild read, and
 * reused while every one of them has the same content: starting esbuild was
 * the largest single cost of the edge stack's synth (about 60 ms, at the end of
 * `npm run synth`). A missing or unwritable cache only means a build.
 * `entry` and `cacheFile` are for tests.
 */
export function bundleWorker(entry: string = WORKER_ENTRY, cacheFile: string = WORKER_BUNDLE_CACHE): string {
  const workingDir = ROOT;
  const cached = cachedScript(entry, workingDir, cacheFile);
  if (cached !== undefined) return cached;
  const result = buildSync({ ...OPTIONS, entryPoints: [entry], absWorkingDir: workingDir, metafile: true });
  const script = result.outputFiles[0]!.text;
  const inputs = Object.keys(result.metafile.inputs);
  const key = keyOf(entry, workingDir, inputs);
  if (key !== undefined) {
    try {
      mkdirSync(dirname(cacheFile), { recursive: true });
      const tmp = `${cacheFile}.${process.pid}`;
      writeFileSync(tmp, JSON.stringify({ inputs, key, script } satisfies Cached));
      renameSync(tmp, cacheFile);
    } catch {
      // Only a speed-up.
    }
  }
  return script;
}
