import { App, TerraformStack } from "cdktf";
import { formatResult, hasErrors } from "./guardrails/engine.js";
import { checkSynthOutput } from "./guardrails/runner.js";
import { formatIssue, ManifestError } from "./regions/issues.js";
import { loadManifest, manifestPath } from "./regions/loader.js";
import { lockPathFor, recordLock } from "./regions/lock.js";
import { buildStacks } from "./stacks/app.js";

// The manifest is loaded and validated before the App exists, so a broken manifest writes nothing.
const file = manifestPath();
try {
  const { manifest, issues } = loadManifest(file);
  for (const warning of issues) console.warn(formatIssue(warning, file));
  const app = new App();
  buildStacks(app, manifest);
  app.synth();
  // Guardrails run on the written JSON, so escape hatches and overrides are checked too.
  const synthesized = app.node.children.filter((c) => c instanceof TerraformStack).map((s) => s.node.id);
  const result = checkSynthOutput(app.outdir, manifest, file, synthesized);
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
