import { buildSync } from "esbuild";
import { join } from "node:path";

export const WORKER_ENTRY = join(__dirname, "worker.ts");

/**
 * The worker as one ES module, the form Cloudflare and workerd load. Bundled
 * for the `workerd` runtime from regions/ directly (no Node built-ins reach
 * it: the import of anything from node:* fails the build), so the script the
 * edge stack deploys is the script the tests run.
 */
export function bundleWorker(): string {
  const result = buildSync({
    entryPoints: [WORKER_ENTRY],
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    legalComments: "none",
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}
