import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { formatExceptionErrors, formatResult, hasErrors, invalidExceptions } from "../guardrails/engine.js";
import { manifestExceptions } from "../guardrails/exceptions.js";
import { checkSynthOutput } from "../guardrails/runner.js";
import { formatIssue, ManifestError } from "../regions/issues.js";
import { loadManifest } from "../regions/loader.js";
import type { Manifest } from "../regions/manifest.js";
import { synthesizeStacks } from "./parallel.js";

/** A construct's annotation (cdktf's Annotations.of(...).addWarning/addInfo) as manifest.json records it. */
interface Annotation {
  readonly level: string;
  readonly constructPath: string;
  readonly message: string;
}

/**
 * The annotations of the stacks a synth just wrote, one line each, as the cdktf CLI prints them
 * (`WARN [data-eu/EventLog/WarehouseEndpoint]: ...`). Warnings such as a region without a private path to the
 * warehouse exist to be read; without this, only `cdktf synth` showed them.
 */
export function annotationLines(outdir: string, stacks: readonly string[]): string[] {
  const { stacks: entries } = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as { stacks: Record<string, { annotations?: Annotation[] }> };
  // "@cdktf/warn" (cdktn: "@cdktn/warn") → WARN.
  const level = (l: string) => (l.split("/").pop() ?? l).toUpperCase();
  return stacks.flatMap((name) => (entries[name]?.annotations ?? []).map((a) => `${level(a.level)} [${a.constructPath}]: ${a.message}`));
}

/**
 * A plan summary (npm run plan -- --base) describes the synth it planned; once the output is synthesized again
 * it no longer does, and npm run report would show an old plan as this synth's.
 */
const PLAN_SUMMARY = "plan-summary.json";

/**
 * What `npm run synth` does (main.ts), and `npm run validate -- <stack>` for the named stacks: load and validate
 * the manifest at `file`, its exceptions included, before anything is built (so bad input writes nothing);
 * synthesize every stack, or only `stacks`, into `outdir` (removing a plan summary of the previous synth); print
 * the constructs' warnings; run the guardrails on the written JSON (escape hatches and overrides included).
 * Prints the manifest's warnings, the constructs', the guardrail result and, on failure, why. Returns the
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
    rmSync(join(outdir, PLAN_SUMMARY), { force: true });
    for (const line of annotationLines(outdir, written.stacks)) console.warn(line);
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
