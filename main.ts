import { formatResult, hasErrors, invalidExceptions } from "./guardrails/engine.js";
import { manifestExceptions } from "./guardrails/exceptions.js";
import { checkSynthOutput } from "./guardrails/runner.js";
import { formatIssue, ManifestError } from "./regions/issues.js";
import { loadManifest, manifestPath } from "./regions/loader.js";
import { lockPathFor, recordLock } from "./regions/lock.js";
import { synthesizeStacks } from "./synth/parallel.js";

// The manifest is loaded and validated before anything is built, so a broken manifest writes nothing.
async function main(): Promise<void> {
  const file = manifestPath();
  try {
    const { manifest, issues } = loadManifest(file);
    for (const warning of issues) console.warn(formatIssue(warning, file));
    // An exception that could never apply (unknown rule, no reason) is bad input: refused before anything is written.
    const badExceptions = invalidExceptions(manifestExceptions(manifest, file));
    if (badExceptions.length > 0) {
      console.error(`Invalid guardrail exceptions:\n${badExceptions.map((e) => `  ERROR ${e}`).join("\n")}\nsynth FAILED: fix the exceptions in ${file} (guardrails/README.md); nothing was written.`);
      process.exit(1);
    }
    // cdktf's own default, which `new App()` applies; the cdktf CLI sets CDKTF_OUTDIR.
    const outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out";
    const { stacks } = await synthesizeStacks(manifest, { outdir });
    // Guardrails run on the written JSON, so escape hatches and overrides are checked too.
    const result = checkSynthOutput(outdir, manifest, file, stacks);
    const text = formatResult(result);
    if (hasErrors(result)) {
      console.error(`${text}\nsynth FAILED: fix the errors above or add an exception with a reason (guardrails/README.md).`);
      process.exit(1);
    }
    console.log(text);
    // Only after everything passed: record new fleet generations (and retired ones) in the lock beside the manifest.
    for (const change of recordLock(file, manifest)) console.log(`${lockPathFor(file)}: ${change}`);
  } catch (e) {
    if (e instanceof ManifestError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
}

void main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
