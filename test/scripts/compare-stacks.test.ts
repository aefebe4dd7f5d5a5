import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compareSynths, jsonDifferences } from "../../scripts/compare-stacks.js";

/** A synth output directory with one stack `s` written with the given text. */
function outdir(stackText: string): string {
  const dir = mkdtempSync(join(tmpdir(), "regionkit-compare-"));
  mkdirSync(join(dir, "stacks", "s"), { recursive: true });
  writeFileSync(join(dir, "manifest.json"), JSON.stringify({ stacks: { s: { synthesizedStackPath: "stacks/s/cdk.tf.json" } } }));
  writeFileSync(join(dir, "stacks", "s", "cdk.tf.json"), stackText);
  return dir;
}

describe("compare-stacks", () => {
  it("accepts the same JSON printed differently and another engine version", () => {
    const a = outdir('{"//": {"metadata": {"version": "0.21.0", "backend": "s3"}}, "resource": {"t": {"x": {"tags": {\n}}}}}');
    const b = outdir('{"resource":{"t":{"x":{"tags":{}}}},"//":{"metadata":{"backend":"s3","version":"0.24.0"}}}');
    expect(compareSynths(a, b)).toEqual([]);
  });

  it("fails naming the stack and the path of each difference", () => {
    const a = outdir('{"//": {"metadata": {"backend": "s3"}}, "resource": {"t": {"x": {"n": 1, "l": [1, 2]}}}}');
    const b = outdir('{"//": {"metadata": {"backend": "local"}}, "resource": {"t": {"x": {"n": "1", "l": [1]}}}}');
    expect(compareSynths(a, b)).toEqual(["s: differs at //.metadata.backend", "s: differs at resource.t.x.l.1", "s: differs at resource.t.x.n"]);
  });

  it("fails on a stack only one side has", () => {
    const a = outdir("{}");
    const b = mkdtempSync(join(tmpdir(), "regionkit-compare-"));
    writeFileSync(join(b, "manifest.json"), JSON.stringify({ stacks: {} }));
    expect(compareSynths(a, b)).toEqual([`s: missing from ${b}`]);
    expect(jsonDifferences({ a: 1 }, { a: 1, b: 2 })).toEqual(["b"]);
  });
});
