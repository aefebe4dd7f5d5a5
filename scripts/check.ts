/**
 * npm run check -- [<cdktf.out dir>]: runs the guardrail rules over an existing synth output (from
 * CI, another branch, or edited by hand) and exits 1 when any error is not excepted. Warnings are printed.
 */
import { join, resolve } from "node:path";
import { formatResult, hasErrors } from "../guardrails/engine.js";
import { checkSynthOutput } from "../guardrails/runner.js";
import { loadManifest, manifestPath } from "../regions/loader.js";
import { cli, main, requireFiles } from "./lib/cli.js";

const { values, positionals } = cli({
  usage: "npm run check -- [<cdktf.out>] [--manifest <regions.yaml>]",
  description: "Run the guardrail rules over an existing synth output; exit 1 on any error no exception covers.",
  options: { manifest: { type: "string", description: "the manifest the synth was built from", default: "regions/regions.yaml" } },
  positionals: { usage: "[<cdktf.out>]", max: 1 },
  examples: ["npm run check", "npm run check -- /tmp/base/cdktf.out"],
});

main(() => {
  const manifestFile = values.manifest ?? manifestPath();
  const outdir = resolve(positionals[0] ?? "cdktf.out");
  requireFiles([
    ["manifest", manifestFile],
    ["synth output", join(outdir, "manifest.json")],
  ]);
  const { manifest } = loadManifest(manifestFile);
  const result = checkSynthOutput(outdir, manifest, manifestFile);
  const text = formatResult(result);
  if (hasErrors(result)) {
    console.error(`${text}\ncheck FAILED for ${outdir}`);
    return 1;
  }
  console.log(text);
  return 0;
});
