import { manifestPath } from "./regions/loader.js";
import { lockPathFor, recordLock } from "./regions/lock.js";
import { cli } from "./scripts/lib/cli.js";
import { synthAndCheck } from "./synth/run.js";

// `npm run synth -- --help`; the cdktf CLI runs this file without arguments.
cli({
  usage: "npm run synth",
  description:
    "Validate regions/regions.yaml (REGIONKIT_MANIFEST: another manifest), synthesize every stack into cdktf.out (CDKTF_OUTDIR: elsewhere; REGIONKIT_SYNTH_WORKERS: processes), print the constructs' warnings, run the guardrails, and record new shard-fleet generations in the lock beside the manifest. Writes nothing when the manifest or an exception is invalid.",
  options: {},
  examples: ["npm run synth", "REGIONKIT_MANIFEST=/tmp/regions.yaml CDKTF_OUTDIR=/tmp/out npm run synth"],
});

// The manifest is loaded and validated before anything is built, so a broken manifest writes nothing.
async function main(): Promise<void> {
  const file = manifestPath();
  // cdktf's own default, which `new App()` applies; the cdktf CLI sets CDKTF_OUTDIR.
  const manifest = await synthAndCheck(file, process.env.CDKTF_OUTDIR ?? "cdktf.out");
  if (!manifest) process.exit(1);
  // Only after everything passed: record new fleet generations (and retired ones) in the lock beside the manifest.
  for (const change of recordLock(file, manifest)) console.log(`${lockPathFor(file)}: ${change}`);
}

void main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
