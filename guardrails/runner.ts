import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Manifest } from "../regions/manifest.js";
import { runGuardrails, type GuardrailResult, type StackInput } from "./engine.js";
import { manifestExceptions } from "./exceptions.js";

/** Every `stacks/<name>/cdk.tf.json` of a cdktf output directory, sorted by name. */
export function readSynthOutput(outdir: string): StackInput[] {
  const dir = join(outdir, "stacks");
  if (!existsSync(dir)) throw new Error(`no synthesized stacks in ${dir}: run npm run synth first (or pass a cdktf.out directory)`);
  return readdirSync(dir)
    .sort()
    .filter((name) => existsSync(join(dir, name, "cdk.tf.json")))
    .map((name) => ({ name, json: JSON.parse(readFileSync(join(dir, name, "cdk.tf.json"), "utf8")) as Record<string, any> }));
}

/**
 * The rules over a cdktf.out directory, with the manifest's exceptions. `only` limits them to the
 * stacks an app just wrote (a stack folder left from an earlier synth is not part of this one).
 */
export function checkSynthOutput(outdir: string, manifest: Manifest, manifestFile = "regions.yaml", only?: readonly string[]): GuardrailResult {
  const stacks = readSynthOutput(outdir).filter((s) => !only || only.includes(s.name));
  return runGuardrails(stacks, { manifest, exceptions: manifestExceptions(manifest, manifestFile) });
}
