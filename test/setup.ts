import { expect } from "vitest";
import { Testing } from "cdktf";
import { installFastResolve } from "../synth/fast-resolve.js";
import { skipTokenStackTraces } from "../synth/stack-traces.js";

// cdktf's matchers register themselves on the global `expect` (Jest style).
(globalThis as unknown as { expect: typeof expect }).expect = expect;
Testing.setupJest();
// As npm run synth does: token traces only decorate errors and cost more than the synth (synth/stack-traces.ts).
skipTokenStackTraces();
// Stacks resolve as npm run synth resolves them (synth/fast-resolve.ts); the tests that hold fastResolve to the
// engine's own resolver (test/synth/fast-resolve.test.ts, test/synth/parallel.test.ts) run that one explicitly.
installFastResolve();

const recent = new Map<string, string | undefined>();

/** JSON text as JSON.stringify prints it with 2 spaces (a final newline kept); undefined when it is not a JSON object. */
function canonicalJson(text: string): string | undefined {
  if (!text.startsWith("{")) return undefined;
  // The serializer below asks up to five times per snapshot (test, serialize, then test again on the result), and a
  // stack's JSON is large: remember the last text and its canonical form (which is its own canonical form).
  if (recent.has(text)) return recent.get(text);
  let canonical: string | undefined;
  try {
    canonical = JSON.stringify(JSON.parse(text), null, 2) + (text.endsWith("\n") ? "\n" : "");
  } catch {
    canonical = undefined;
  }
  recent.clear();
  recent.set(text, canonical);
  if (canonical !== undefined) recent.set(canonical, canonical);
  return canonical;
}

// Synthesized JSON is snapshotted in one engine-independent form: cdktf 0.21 prints an empty object as "{\n}",
// cdktn as "{}", and the cdktn CI lane (.ci/run) runs these snapshots too. Text already in that form is
// printed as it is (which also ends the recursion below).
expect.addSnapshotSerializer({
  test: (value: unknown) => typeof value === "string" && canonicalJson(value) !== undefined && canonicalJson(value) !== value,
  serialize: (value: string, config, indentation, depth, refs, printer) => printer(canonicalJson(value), config, indentation, depth, refs),
});
