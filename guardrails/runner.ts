import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
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

/**
 * Every stack of a cdktf output directory, sorted by name: the stacks its `manifest.json` lists, which is what
 * the synth that wrote it produced. A stack folder an earlier synth left behind (a region since removed) is not
 * part of it; a directory without a manifest.json, or one listing no stacks, is no synth output and is refused.
 */
export function readSynthOutput(outdir: string): SynthStack[] {
  const manifestFile = join(outdir, "manifest.json");
  if (!existsSync(manifestFile)) throw new Error(`no synth output in ${outdir}: ${manifestFile} not found (run npm run synth first, or pass a cdktf.out directory)`);
  const { stacks = {} } = JSON.parse(readFileSync(manifestFile, "utf8")) as { stacks?: Record<string, { synthesizedStackPath?: string }> };
  const names = Object.keys(stacks).sort();
  if (names.length === 0) throw new Error(`no synth output in ${outdir}: ${manifestFile} lists no stacks`);
  const fileOf = (name: string) => join(outdir, stacks[name]!.synthesizedStackPath ?? join("stacks", name, "cdk.tf.json"));
  const missing = names.filter((name) => !existsSync(fileOf(name)));
  if (missing.length) throw new Error(`${outdir} is incomplete: ${manifestFile} lists ${missing.join(", ")}, whose cdk.tf.json is missing`);
  return names.map((name) => {
    const file = fileOf(name);
    const text = readFileSync(file, "utf8");
    return { name, dir: dirname(file), text, json: JSON.parse(text) as Record<string, any> };
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
