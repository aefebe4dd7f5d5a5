import { formatExceptionErrors, formatResult, hasErrors, invalidExceptions } from "../guardrails/engine.js";
import { manifestExceptions } from "../guardrails/exceptions.js";
import { checkSynthOutput } from "../guardrails/runner.js";
import { formatIssue, ManifestError } from "../regions/issues.js";
import { loadManifest } from "../regions/loader.js";
import type { Manifest } from "../regions/manifest.js";
import { synthesizeStacks } from "./parallel.js";

/**
 * What `npm run synth` does (main.ts), and `npm run validate -- <stack>` for the named stacks: load and validate
 * the manifest at `file`, its exceptions included, before anything is built (so bad input writes nothing);
 * synthesize every stack, or only `stacks`, into `outdir`; run the guardrails on the written JSON (escape
 * hatches and overrides included). Prints warnings, the guardrail result and, on failure, why. Returns the
 * manifest when everything passed, undefined otherwise.
 */
export async function synthAndCheck(file: string, outdir: string, stacks?: readonly string[]): Promise<Manifest | undefined> {
  try {
    const { manifest, issues } = loadManifest(file);
    for (const warning of issues) console.warn(formatIssue(warning, file));
    // An exception that could never apply (unknown rule, no reason) is bad input too.
    const badExceptions = invalidExceptions(manifestExceptions(manifest, file));
    if (badExceptions.length > 0) {
      console.error([...formatExceptionErrors(badExceptions), `synth FAILED: fix the exceptions in ${file} (guardrails/README.md); nothing was written.`].join("\n"));
      return undefined;
    }
    const written = await synthesizeStacks(manifest, { outdir, stacks });
    const result = checkSynthOutput(outdir, manifest, file, written.stacks);
    const text = formatResult(result);
    if (hasErrors(result)) {
      console.error(`${text}\nsynth FAILED: fix the errors above or add an exception with a reason (guardrails/README.md).`);
      return undefined;
    }
    console.log(text);
    return manifest;
  } catch (e) {
    if (e instanceof ManifestError) {
      console.error(e.message);
      return undefined;
    }
    throw e;
  }
}
