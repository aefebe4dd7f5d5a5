import { manifestPath } from "./regions/loader.js";
import { lockPathFor, recordLock } from "./regions/lock.js";
import { synthAndCheck } from "./synth/run.js";

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
