import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Manifest } from "../regions/manifest.js";
import { runGuardrails, type GuardrailResult, type StackInput } from "./engine.js";
import { manifestExceptions } from "./exceptions.js";

/** One synthesized stack as read from disk. */
export interface SynthStack extends StackInput {
  /** `<outdir>/stacks/<name>`, the folder holding `cdk.tf.json`. */
  readonly dir: string;
  /** `cdk.tf.json` as written, for line numbers in reports. */
  readonly text: string;
}

/** Every `stacks/<name>/cdk.tf.json` of a cdktf output directory, sorted by name. */
export function readSynthOutput(outdir: string): SynthStack[] {
  const stacksDir = join(outdir, "stacks");
  if (!existsSync(stacksDir)) throw new Error(`no synthesized stacks in ${stacksDir}: run npm run synth first (or pass a cdktf.out directory)`);
  return readdirSync(stacksDir)
    .sort()
    .filter((name) => existsSync(join(stacksDir, name, "cdk.tf.json")))
    .map((name) => {
      const dir = join(stacksDir, name);
      const text = readFileSync(join(dir, "cdk.tf.json"), "utf8");
      return { name, dir, text, json: JSON.parse(text) as Record<string, any> };
    });
}

/**
 * The rules over a cdktf.out directory, with the manifest's exceptions. `only` limits them to the
 * stacks an app just wrote (a stack folder left from an earlier synth is not part of this one).
 */
export function checkSynthOutput(outdir: string, manifest: Manifest, manifestFile = "regions.yaml", only?: readonly string[]): GuardrailResult {
  const stacks = readSynthOutput(outdir).filter((s) => !only || only.includes(s.name));
  return runGuardrails(stacks, { manifest, exceptions: manifestExceptions(manifest, manifestFile) });
}
