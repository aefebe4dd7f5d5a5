/**
 * npm run check -- [<cdktf.out dir>] [--manifest <regions.yaml>]
 *
 * Runs the guardrail rules over an existing synth output (from CI, another branch, or edited by
 * hand) and exits 1 when any error is not excepted. Warnings are printed.
 */
import { resolve } from "node:path";
import { formatResult, hasErrors } from "../guardrails/engine.js";
import { checkSynthOutput } from "../guardrails/runner.js";
import { ManifestError } from "../regions/issues.js";
import { loadManifest, manifestPath } from "../regions/loader.js";

const args = process.argv.slice(2);
const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const manifestFile = flag("--manifest") ?? manifestPath();
const outdir = resolve(args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--manifest") ?? "cdktf.out");

try {
  const { manifest } = loadManifest(manifestFile);
  const result = checkSynthOutput(outdir, manifest, manifestFile);
  const text = formatResult(result);
  if (hasErrors(result)) {
    console.error(`${text}\ncheck FAILED for ${outdir}`);
    process.exit(1);
  }
  console.log(text);
} catch (e) {
  console.error(e instanceof ManifestError ? e.message : (e as Error).message);
  process.exit(2);
}
