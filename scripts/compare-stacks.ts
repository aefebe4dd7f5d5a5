/**
 * Do two synth output directories hold the same stacks? Used by .ci/run to hold the cdktn engine lane to the
 * default engine's output. Stacks are compared as parsed JSON with `//.metadata.version` (the engine's own
 * version) left out: engines differ in how they print empty objects, not in what they mean.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cli, main, requireFiles } from "./lib/cli.js";

type Json = unknown;

/** Paths (`resource.aws_s3_bucket.x.tags`) where two JSON values differ; [] when equal. */
export function jsonDifferences(a: Json, b: Json, path = ""): string[] {
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || (a === null) !== (b === null)) return [path || "(root)"];
  if (typeof a !== "object" || a === null) return a === b ? [] : [path || "(root)"];
  const ao = a as Record<string, Json>;
  const bo = b as Record<string, Json>;
  const keys = [...new Set([...Object.keys(ao), ...Object.keys(bo)])].sort();
  return keys.flatMap((k) => (k in ao && k in bo ? jsonDifferences(ao[k], bo[k], path ? `${path}.${k}` : k) : [path ? `${path}.${k}` : k]));
}

function stacksOf(outdir: string): Map<string, Json> {
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as { stacks: Record<string, { synthesizedStackPath: string }> };
  return new Map(
    Object.entries(manifest.stacks).map(([name, s]) => {
      const json = JSON.parse(readFileSync(join(outdir, s.synthesizedStackPath), "utf8")) as { "//"?: { metadata?: { version?: string } } };
      delete json["//"]?.metadata?.version;
      return [name, json];
    }),
  );
}

/** Every difference between the stacks of two output directories, one line each; [] when they match. */
export function compareSynths(expectedDir: string, actualDir: string): string[] {
  const expected = stacksOf(expectedDir);
  const actual = stacksOf(actualDir);
  const problems: string[] = [];
  for (const name of expected.keys()) if (!actual.has(name)) problems.push(`${name}: missing from ${actualDir}`);
  for (const name of actual.keys()) if (!expected.has(name)) problems.push(`${name}: not in ${expectedDir}`);
  for (const [name, json] of expected) {
    if (!actual.has(name)) continue;
    const diffs = jsonDifferences(json, actual.get(name));
    problems.push(...diffs.slice(0, 20).map((p) => `${name}: differs at ${p}`));
    if (diffs.length > 20) problems.push(`${name}: ... and ${diffs.length - 20} more`);
  }
  return problems;
}

if (require.main === module) {
  main(() => {
    const { positionals } = cli({
      usage: "npm run compare-stacks -- <expected cdktf.out> <actual cdktf.out>",
      description: "Fail (exit 1) unless both synth outputs hold the same stacks with the same JSON, the engine's metadata version aside.",
      options: {},
      positionals: { usage: "<expected cdktf.out> <actual cdktf.out>", min: 2, max: 2 },
      examples: ["npm run compare-stacks -- /tmp/ci/cdktf /tmp/ci/cdktn"],
    });
    const [expected, actual] = positionals as [string, string];
    requireFiles([
      ["manifest", join(expected, "manifest.json")],
      ["manifest", join(actual, "manifest.json")],
    ]);
    const problems = compareSynths(expected, actual);
    for (const p of problems) console.error(p);
    if (problems.length) return 1;
    console.log(`same ${stacksOf(expected).size} stacks in ${expected} and ${actual} (metadata version aside)`);
    return 0;
  });
}
